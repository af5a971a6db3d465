"""Messages in Korean and English, from one catalogue per language (packages ``ko/`` and ``en/``, one
module per area: ``ko/numeric.py``, ``en/numeric.py``, …; see docs/errors.md).

``t(key, lang=None, **fields)`` looks a message up and fills its ``{fields}``. The language is
``lang`` if given, else the one chosen with ``set_lang``, else ``$MIBUN_LANG``, else the locale
(``ko*`` → Korean), else English.
"""

from __future__ import annotations

import locale
import os
from importlib import import_module

LANGS = ("ko", "en")


_CHOSEN: str | None = None


def set_lang(lang: str | None) -> None:
    """Choose the language of every message from now on (``None`` goes back to $MIBUN_LANG/the locale).
    A call's own ``lang=`` still wins."""
    global _CHOSEN
    _CHOSEN = None if lang is None else resolve_lang(lang)


def get_lang() -> str:
    """The language messages are shown in when a call passes no ``lang=``."""
    return default_lang()


def default_lang() -> str:
    """The language used when none is passed: ``set_lang``'s, else $MIBUN_LANG, else the locale, else English."""
    if _CHOSEN is not None:
        return _CHOSEN
    env = os.environ.get("MIBUN_LANG", "").strip().lower()
    if env:
        return "ko" if env.startswith("ko") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        val = os.environ.get(var, "")
        if val:
            return "ko" if val.lower().startswith("ko") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:  # pragma: no cover - odd locales
        loc = ""
    return "ko" if loc.lower().startswith("ko") else "en"


def resolve_lang(lang: str | None) -> str:
    """Validate ``lang`` (None → default). Raises InputError for an unknown language."""
    if lang is None:
        return default_lang()
    low = str(lang).strip().lower()
    if low in ("ko", "kr", "korean", "한국어", "ko_kr", "ko-kr"):
        return "ko"
    if low in ("en", "english", "en_us", "en-us", "en_gb"):
        return "en"
    from mibun.errors import InputError

    raise InputError("errors.unknown_lang", name=repr(lang))


_CATALOGUES: dict[str, dict[str, str]] = {}


def catalogue(lang: str) -> dict[str, str]:
    """The whole message catalogue of one language."""
    if lang not in _CATALOGUES:
        _CATALOGUES[lang] = import_module(f"mibun.i18n.{lang}").MESSAGES
    return _CATALOGUES[lang]


def t(key: str, lang: str | None = None, **fields) -> str:
    """The message ``key`` in ``lang``, with ``fields`` filled in (English if a key is missing)."""
    lang = resolve_lang(lang)
    msgs = catalogue(lang)
    text = msgs.get(key)
    if text is None:
        text = catalogue("en").get(key, key)
    if not fields:
        return text
    from mibun.i18n.particles import fill

    return fill(text, fields)


def has(key: str) -> bool:
    """Whether ``key`` is in the (English) catalogue."""
    return key in catalogue("en")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Hangul and other wide characters count 2."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def ljust(text: str, width: int) -> str:
    """``text`` padded on the right to ``width`` terminal columns."""
    return str(text) + " " * max(0, width - display_width(text))


def rjust(text: str, width: int) -> str:
    """``text`` padded on the left to ``width`` terminal columns."""
    return " " * max(0, width - display_width(text)) + str(text)


__all__ = ["t", "has", "set_lang", "get_lang", "default_lang", "resolve_lang", "catalogue", "LANGS",
           "display_width", "ljust", "rjust"]
