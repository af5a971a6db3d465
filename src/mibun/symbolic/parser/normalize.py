"""Characters a student types that are not the parser's ASCII: full-width forms from a Korean keyboard
(２ｘ＋１), Korean punctuation, middle dots, smart quotes and primes, vulgar fractions (½), subscript digits
(log₂ x, x₁). :func:`normalize` maps them to the grammar's characters and keeps, for every output character,
the position it came from (so an error points at what the user typed)."""

from __future__ import annotations

import unicodedata
from fractions import Fraction

_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SIMPLE = {
    "\u3000": " ", "\u00a0": " ", "\u2009": " ", "\u200b": "",
    "、": ",", "，": ",", "；": ";", "。": "",
    "ㆍ": "·", "∙": "·", "•": "·", "⋅": "·",
    "′": "'", "″": "''", "‴": "'''", "’": "'", "‘": "'", "ʹ": "'",
    "—": "-", "‐": "-", "‑": "-", "﹣": "-",
    "∗": "*", "⁄": "/", "∕": "/",
    "〈": "(", "〉": ")", "「": "(", "」": ")", "【": "(", "】": ")",
}
_FRACTIONS = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"


def _replacement(ch: str) -> str | None:
    if ch in _SIMPLE:
        return _SIMPLE[ch]
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:                      # full-width ASCII
        return chr(o - 0xFEE0)
    if ch in _FRACTIONS:
        f = Fraction(unicodedata.numeric(ch)).limit_denominator(10)
        return f"({f.numerator}/{f.denominator})"
    return None


def normalize(text: str) -> tuple[str, list[int]]:
    """The text in the grammar's characters, and ``origin[i]``: the index in ``text`` of output character i
    (one extra entry at the end for the end of the text)."""
    if text.isascii():
        return text, list(range(len(text) + 1))
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "₀₁₂₃₄₅₆₇₈₉":                      # x₁ → x_1, log₂ → log_2
            j = i
            while j < n and text[j] in "₀₁₂₃₄₅₆₇₈₉":
                j += 1
            digits = "_" + text[i:j].translate(_SUBSCRIPT_DIGITS)
            out.append(digits)
            origin.extend([i] * len(digits))
            i = j
            continue
        rep = _replacement(ch)
        if rep is None:
            out.append(ch)
            origin.append(i)
        else:
            out.append(rep)
            origin.extend([i] * len(rep))
        i += 1
    origin.append(n)
    return "".join(out), origin


__all__ = ["normalize"]
