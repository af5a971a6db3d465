"""Notes the parser attaches to a reading: how an ambiguous or unusual input was read, and how to write the
other reading. A note is a catalogue key with fields (``symbolic.note.*``), rendered in Korean or English."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mibun.report import Record, words


@dataclass(frozen=True)
class Note(Record):
    """``key`` in the message catalogues and its ``fields`` (strings): ``note.text(lang)`` renders it (for
    the derivation's text and, in the same language, its JSON: ``{"key", "fields", "text"}``)."""

    key: str
    fields: tuple[tuple[str, str], ...] = field(default=())

    @classmethod
    def make(cls, key: str, **fields: object) -> Note:
        return cls(key, tuple((k, str(v)) for k, v in fields.items()))

    @words()
    def text(self, lang: str | None = None) -> str:
        from mibun.i18n import resolve_lang, t

        return t(self.key, resolve_lang(lang), **dict(self.fields))

    @property
    def kind(self) -> str:
        """The last part of the key (``implicit_division``, ``ln_capital`` …)."""
        return self.key.rsplit(".", 1)[-1]

    def _dict_value(self, name: str, value: Any) -> Any:
        return dict(value) if name == "fields" else value

    def __str__(self) -> str:
        return self.text()


def add(notes: list[Note], key: str, **fields: object) -> None:
    """Append a note unless the same one is already there."""
    n = Note.make(key, **fields)
    if n not in notes:
        notes.append(n)


__all__ = ["Note", "add"]
