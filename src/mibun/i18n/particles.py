"""Korean particles after a filled-in field: ``{name:은/는}`` in a catalogue text writes the value and the
particle that fits its last sound (받침): ``x는``, ``--lang은``, ``3을``. Pairs: 은/는, 이/가, 을/를, 과/와,
으로/로 (first form after a final consonant)."""

from __future__ import annotations

import string
from typing import Any

PAIRS = {"은/는", "이/가", "을/를", "과/와", "으로/로", "이라/라", "이다/다"}
_DIGIT_FINAL = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True, "7": True,
                "8": True, "9": False}
_LATIN_FINAL = set("lmnr")  # 엘, 엠, 엔, 알


def has_final_consonant(word: str) -> bool:
    """Whether ``word`` read aloud in Korean ends in a consonant (받침); ``ㄹ`` counts."""
    text = str(word).rstrip(" '\"`)]}.,")
    if not text:
        return False
    ch = text[-1]
    if "\uac00" <= ch <= "\ud7a3":
        return (ord(ch) - 0xAC00) % 28 != 0
    if ch in _DIGIT_FINAL:
        return _DIGIT_FINAL[ch]
    low = text.lower()
    if low.endswith(("ng", "ck", "k", "t", "p", "b", "m")) and len(low) > 1 and low[-2].isalpha():
        return True
    return ch.lower() in _LATIN_FINAL


def attach(word: Any, pair: str) -> str:
    """``word`` followed by the right form of ``pair`` (``"x", "은/는"`` → ``"x는"``)."""
    first, second = pair.split("/")
    if pair == "으로/로":  # ㄹ-final takes 로
        text = str(word).rstrip()
        final = has_final_consonant(text)
        last = text[-1:] if text else ""
        hangul_rieul = "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 == 8
        rieul = hangul_rieul or last.lower() in ("l", "1", "7", "8")
        return f"{word}{first if final and not rieul else second}"
    return f"{word}{first if has_final_consonant(str(word)) else second}"


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in PAIRS:
            return attach(value, format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def fill(text: str, fields: dict[str, Any]) -> str:
    """``text.format(**fields)``, with Korean particles as format specs."""
    return _FORMATTER.vformat(text, (), fields)


__all__ = ["fill", "attach", "has_final_consonant", "PAIRS"]
