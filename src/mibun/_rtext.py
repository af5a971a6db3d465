"""One helper for the reliability area's errors and messages (catalogue keys ``reliability.*`` in
``mibun/i18n/<lang>/reliability.py``): fields that are themselves keys (``what=``) are rendered in the
language the message is shown in."""

from __future__ import annotations

from typing import Any


def say(key: str, lang: str | None = None, **fields: Any) -> str:
    """The message ``key`` in ``lang`` with ``fields`` filled in (key-valued fields rendered too)."""
    from mibun.i18n import t

    return t(key, lang, **_render_keys(fields, lang))


def _render_keys(fields: dict[str, Any], lang: str | None) -> dict[str, Any]:
    from mibun.errors import is_key, localized

    return {k: (localized(v, lang, fields) if k == "what" and is_key(v) else v) for k, v in fields.items()}


def error(cls: type, key: str, lang: str | None = None, **fields: Any) -> Exception:
    """An instance of the MibunError subclass ``cls`` for catalogue ``key`` (rendered when shown)."""
    return cls(key, lang=lang, **fields)


__all__ = ["say", "error"]
