"""The explorer page's words, from the ko/en catalogues (``mibun/i18n/<lang>/explorer.py``, keys
``explorer.*``). The page fetches its labels once (``/api/strings?lang=ko``); numbers, formulas and
explanations come from the library's results, never from here."""

from __future__ import annotations

from mibun.i18n import catalogue, t


def text(key: str, lang: str, **fields: object) -> str:
    """The explorer's text ``key`` in ``lang`` (English when missing), with ``fields`` filled in."""
    return t(key, lang, **fields)


def ui(lang: str) -> dict[str, str]:
    """All page labels (``explorer.ui.*``) of one language, keys without the prefix."""
    en = catalogue("en")
    table = catalogue(lang)
    return {k[len("explorer.ui."):]: table.get(k, v) for k, v in en.items() if k.startswith("explorer.ui.")}
