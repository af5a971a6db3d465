"""How a result declares its fields once, for JSON as for text: ``Record`` (``to_dict(lang)``/``to_json`` from
the fields, through the one encoder) and ``@words`` (a language-dependent field: the method the blocks call
for ``text(lang)`` gives its JSON value in the same language).

    @dataclass
    class Row(Record):                  # a part of a result: JSON only
        name: str
        slip: str | None

        @words("slip_text")
        def slip_text(self, lang=None) -> str:
            return t(f"answers.bp.slip.{self.slip}", lang) if self.slip else ""

    Row("W", "transposed").to_dict("ko")   # {"name": "W", "slip": "transposed", "slip_text": "전치…"}

The JSON holds the fields (a dataclass's, or ``_dict_fields``), then ``_dict_also`` (properties), the words
and ``_dict_extra()``; a field is renamed with ``_dict_names``, left out with ``_dict_skip`` (a words key of
the same name replaces it), adjusted with ``_dict_value(name, value)`` (``OMIT``: left out); ``_dict_lang``
adds ``"lang"``, the language of the words. Every value then goes through ``to_jsonable(value, lang)``:
nested records get the same language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from mibun.i18n import resolve_lang
from mibun.report.jsonable import dumps, to_jsonable

F = TypeVar("F", bound=Callable[..., Any])
_MARK = "__report_words__"
_HIDDEN = "__report_words_hidden__"


class _Omit:
    def __repr__(self) -> str:
        return "OMIT"


#: returned by ``_dict_value`` or a ``@words`` method: the key is left out of the JSON (a part that was not run)
OMIT: Any = _Omit()


def words(key: str | None = None, *, shown: bool = True) -> Callable[[F], F]:
    """Mark a method ``(self, lang) -> str | list[str] | None`` as a language-dependent field: ``to_dict(lang)``
    holds its value under ``key`` (default: the method's name), rendered by the same method the blocks
    call, so the JSON and the text cannot disagree. ``shown=False``: words the renderings keep back on
    purpose (a practice problem's hints, revealed one at a time)."""

    def mark(fn: F) -> F:
        setattr(fn, _MARK, key or fn.__name__)
        setattr(fn, _HIDDEN, not shown)
        return fn

    return mark


def shown(record: Record, key: str) -> bool:
    """Whether the renderings of ``record`` show its words field ``key`` (``@words(shown=False)``: not)."""
    name = dict(words_of(type(record))).get(key)
    return name is not None and not getattr(getattr(type(record), name), _HIDDEN, False)


_WORDS: dict[type, tuple[tuple[str, str], ...]] = {}


def words_of(cls: type) -> tuple[tuple[str, str], ...]:
    """(JSON key, method name) of every ``@words`` method of ``cls``, base classes first, in definition order
    (the method is looked up on the instance, so a subclass's override gives the words)."""
    hit = _WORDS.get(cls)
    if hit is not None:
        return hit
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        for name, fn in vars(klass).items():
            key = getattr(fn, _MARK, None)
            if key is not None:
                found.pop(key, None)
                found[key] = name
    _WORDS[cls] = tuple(found.items())
    return _WORDS[cls]


class Record:
    """Fields declared once; ``to_dict(lang)`` and ``to_json`` built from them through the one encoder."""

    #: the attributes in the JSON (None: the dataclass fields, else the public instance attributes)
    _dict_fields: ClassVar[tuple[str, ...] | None] = None
    #: properties added after the fields (values that are computed, not stored)
    _dict_also: ClassVar[tuple[str, ...]] = ()
    _dict_skip: ClassVar[tuple[str, ...]] = ()
    #: field name → JSON key
    _dict_names: ClassVar[dict[str, str]] = {}
    #: add ``"lang"``: the language the words are in
    _dict_lang: ClassVar[bool] = False
    #: the one encoder passes the language to ``to_dict`` (nested records' words in the same language)
    _words_in_json: ClassVar[bool] = True
    #: a result with renderings of its own (``Report``), not only a part of one
    _renders: ClassVar[bool] = False

    def _lang(self, lang: str | None) -> str:
        """The call's language, else the record's own ``lang`` field (if it has one), else the default."""
        own = getattr(self, "lang", None)
        return resolve_lang(lang or (own if isinstance(own, str) else None))

    def _dict_names_in_order(self) -> list[str]:
        if self._dict_fields is not None:
            names = list(self._dict_fields)
        elif dataclasses.is_dataclass(self):
            names = [f.name for f in dataclasses.fields(self)]
        else:
            names = [k for k in vars(self) if not k.startswith("_")]
        return [n for n in names if n not in self._dict_skip and not n.startswith("_")] + list(self._dict_also)

    def _dict_value(self, name: str, value: Any) -> Any:
        """A field's value for JSON (before the encoder); override to show it differently."""
        return value

    def _dict_extra(self) -> dict[str, Any]:
        """Computed entries added to the JSON (language-independent; words use ``@words``)."""
        return {}

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The fields as JSON-safe data (arrays as lists, NaN as null, ±∞ as "inf"/"-inf"), the words in
        ``lang`` (default: the result's own language, else mibun's)."""
        code = self._lang(lang)
        said = words_of(type(self))
        keys = {k for k, _ in said}
        out: dict[str, Any] = {}
        for n in self._dict_names_in_order():
            key = self._dict_names.get(n, n)
            if key not in keys:
                out[key] = self._dict_value(n, getattr(self, n))
        for key, name in said:
            out[key] = getattr(self, name)(code)
        out.update(self._dict_extra())
        if self._dict_lang:
            out["lang"] = code
        return to_jsonable({k: v for k, v in out.items() if v is not OMIT}, code)

    def to_json(self, indent: int | None = 2, lang: str | None = None) -> str:
        return dumps(self.to_dict(lang), indent=indent)


def parts(record: Record, *, reports: bool = True) -> list[Record]:
    """The records a record's JSON holds (its own parts, then theirs), depth first: what ``to_dict`` nests.
    ``reports=False``: a nested result with renderings of its own (a ``Report``) is listed, not its parts."""
    found: list[Record] = []

    def visit(v: Any) -> None:
        if isinstance(v, Record):
            found.append(v)
            if not reports and len(found) > 1 and getattr(v, "_renders", False):
                return
            for n in v._dict_names_in_order():
                visit(v._dict_value(n, getattr(v, n)))
            for u in v._dict_extra().values():
                visit(u)
        elif isinstance(v, dict):
            for u in v.values():
                visit(u)
        elif isinstance(v, (list, tuple)):
            for u in v:
                visit(u)

    visit(record)
    return found[1:]


def words_in(record: Record, lang: str) -> list[tuple[Record, str, Any]]:
    """(record, JSON key, value in ``lang``) of every ``@words`` field of ``record`` and of its parts (not
    those of a nested result with renderings of its own): the language-dependent values its JSON holds, each
    the same text its blocks show."""
    own = [record, *(p for p in parts(record, reports=False) if not getattr(p, "_renders", False))]
    return [(r, key, getattr(r, name)(lang)) for r in own for key, name in words_of(type(r))]


__all__ = ["Record", "words", "words_of", "OMIT", "parts", "words_in", "shown"]
