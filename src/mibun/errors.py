"""The MibunError hierarchy, with messages from the ko/en catalogues.

Every error a user can cause is a ``MibunError`` whose message says what was wrong, where, and what
to do. Each subclass is also a subclass of the matching built-in exception, so ``except ValueError``
keeps working.

An error is raised with a catalogue key and its fields::

    raise ShapeError("nn.err.linear_in_features", expected=3, got=(4, 5))

and its message is rendered when it is shown (``str(e)``), in the language of the raising call's
``lang=`` (pass it on: ``ShapeError(key, lang=lang, ...)``), else ``mibun.set_lang``'s, else
``$MIBUN_LANG``, else the locale. ``e.key`` and ``e.fields`` are public; ``e.message("ko")`` renders in
a given language. A plain English sentence (``MibunError("x must be positive")``) still works during
the transition: its ``key`` is None and it is shown as written. See docs/errors.md.
"""

from __future__ import annotations

import re
from typing import Any

_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def is_key(text: object) -> bool:
    """Whether ``text`` looks like a catalogue key (``area.name`` with dots, no spaces)."""
    return isinstance(text, str) and bool(_KEY.match(text))


class MibunError(Exception):
    """Base class of every error mibun raises on bad input.

    ``MibunError(key, lang=None, **fields)``; ``.key``, ``.fields``, ``.lang``, ``.message(lang)``.
    """

    def __init__(self, key: str = "", /, *args: Any, lang: str | None = None, **fields: Any):
        super().__init__(key, *args)
        self.key: str | None = key if is_key(key) else None
        self.fields: dict[str, Any] = fields
        self.lang = lang
        self._text = None if self.key else " ".join(str(a) for a in (key, *args))

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` (None: the raising call's language, else the default)."""
        from mibun.i18n import catalogue, resolve_lang
        from mibun.i18n.particles import fill

        try:
            code = resolve_lang(lang or self.lang)
        except Exception:  # an unknown language must not hide the error itself
            code = "en"
        if self.key is None:
            return self._text or ""
        text = catalogue(code).get(self.key)
        if text is None:
            text = catalogue("en").get(self.key)
        if text is None:
            return _fallback(self.key, self.fields)
        try:
            return fill(text, self.fields)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            return _fallback(self.key, self.fields)

    def __str__(self) -> str:
        return self.message()

    def __reduce__(self):  # pickle keeps key, fields and every attribute
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _rebuild(cls: type, args: tuple, state: dict) -> MibunError:
    err: MibunError = Exception.__new__(cls)
    Exception.__init__(err, *args)
    err.__dict__.update(state)
    return err


def _fallback(key: str, fields: dict[str, Any]) -> str:
    """A key missing from the catalogue (a bug) still shows something useful."""
    inner = ", ".join(f"{k}={v!r}" for k, v in fields.items())
    return f"{key}({inner})" if inner else key


def localized(key: str, lang: str | None, fields: dict[str, Any]) -> str:
    """A field value that is itself a catalogue key, rendered (used for hints)."""
    from mibun.i18n import catalogue, resolve_lang
    from mibun.i18n.particles import fill

    if not is_key(key):
        return key
    code = resolve_lang(lang)
    text = catalogue(code).get(key) or catalogue("en").get(key)
    if text is None:
        return key
    try:
        return fill(text, fields)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        return text


class ParseError(MibunError, ValueError):
    """Text that could not be parsed into an expression (carries ``position`` and ``hint``).

    ``hint`` may be plain text or a catalogue key (rendered with the same fields).
    """

    def __init__(self, key: str = "", /, position: int | None = None, hint: str | None = None, *,
                 lang: str | None = None, **fields: Any):
        super().__init__(key, lang=lang, **fields)
        self.position = position
        self.hint = hint

    def message(self, lang: str | None = None) -> str:
        full = super().message(lang)
        use = lang or self.lang
        if self.position is not None:
            full += localized("errors.at_position", use, {"position": self.position})
        if self.hint:
            full += " — " + localized(self.hint, use, {**self.fields, "position": self.position})
        return full


class ShapeError(MibunError, ValueError):
    """Shapes that do not fit together (names the op and the shapes). ``hint``: what the op needs, plain
    text or a catalogue key (rendered in the message's language after a semicolon)."""

    def __init__(self, key: str = "", /, *args: Any, hint: str | None = None, lang: str | None = None,
                 **fields: Any):
        super().__init__(key, *args, lang=lang, **fields)
        self.hint = hint

    def message(self, lang: str | None = None) -> str:
        full = super().message(lang)
        if getattr(self, "hint", None):
            full += "; " + localized(str(self.hint), lang or self.lang, self.fields)
        return full


class DTypeError(MibunError, TypeError):
    """A dtype mibun cannot differentiate (object, strings, …)."""


class GraphError(MibunError, RuntimeError):
    """A misuse of the recorded graph (backward through a freed graph, non-scalar backward, …)."""


class NotDifferentiableError(MibunError, ValueError):
    """A point where the function has no derivative (left and right derivatives differ)."""

    def __init__(self, key: str = "", /, left: float | None = None, right: float | None = None, *,
                 lang: str | None = None, **fields: Any):
        super().__init__(key, lang=lang, **fields)
        self.left = left
        self.right = right


class DomainError(MibunError, ValueError):
    """The function is not defined (NaN/inf/complex) where it must be evaluated."""


class InputError(MibunError, TypeError):
    """An argument of the wrong kind (not callable, not a number, unknown option, …)."""


__all__ = [
    "MibunError",
    "ParseError",
    "ShapeError",
    "DTypeError",
    "GraphError",
    "NotDifferentiableError",
    "DomainError",
    "InputError",
    "is_key",
]
