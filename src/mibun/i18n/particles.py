"""Korean particles after a filled-in field: ``{name:은/는}`` in a catalogue text writes the value and the
particle that fits how the value is *read aloud*: ``x는`` (엑스), ``L은`` (엘), ``3을`` (삼), ``x²은``
(엑스 제곱), ``f′은`` (에프 프라임), ``sin은`` (사인), ``σ는`` (시그마), ``1/2은`` (이분의 일).
Pairs: 은/는, 이/가, 을/를, 과/와, 으로/로 (the first form after a final consonant, 받침; 으로/로 takes
로 after ㄹ as well), 이라/라, 이다/다.

The reading rules, applied to the end of the text (closing brackets and punctuation skipped):

* a Hangul syllable: its own 받침;
* a digit: 영 일 이 삼 사 오 육 칠 팔 구 (0 1 3 6 7 8 end in a consonant); a fraction a/b is read
  "b분의 a", so its numerator decides;
* a power (``x^2``, ``x²``, ``eˣ``, ``x^(n+1)``) is read "… 제곱"/"… 승": a consonant;
* a prime (``f′``, ``y''``) is read "프라임": a consonant;
* a Greek letter by its Korean name (only ε 엡실론 and ℓ 엘 end in a consonant);
* a known function or term by its Korean reading (sin 사인, cos 코사인, tan 탄젠트, ln 엘엔, ReLU 렐루 …);
* a single Latin letter by its name (l 엘, m 엠, n 엔, r 알 end in a consonant);
* another Latin word by the usual loanword ending (…m, …n, …ng, …l, …ck, …k, …p, …b end in a consonant).
"""

from __future__ import annotations

import re
import string
from typing import Any

PAIRS = {"은/는", "이/가", "을/를", "과/와", "으로/로", "이라/라", "이다/다"}

#: final sound of each digit read as Sino-Korean: True = ends in a consonant; "l" = ends in ㄹ
_DIGIT = {"0": True, "1": "l", "2": False, "3": True, "4": False, "5": False, "6": True, "7": "l", "8": "l",
          "9": False}
_SUPERSCRIPTS = set("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣʸᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷᶻ")
_PRIMES = set("′″‴'")
#: Greek letters whose Korean name ends in a consonant (엡실론, 엘)
_GREEK_FINAL = {"ε": True, "ϵ": True, "ℓ": "l"}
_GREEK = set("αβγδεϵζηθικλμνξοπρστυφχψωΓΔΘΛΞΠΣΦΨΩ∂∇ℓ")
#: words read in Korean: True = ends in a consonant, "l" = in ㄹ, False = in a vowel
_WORDS: dict[str, Any] = {
    "sin": True, "cos": True, "tan": False, "sec": False, "csc": False, "cot": False,
    "sinh": True, "cosh": True, "tanh": False, "arcsin": True, "arccos": True, "arctan": False,
    "asin": True, "acos": True, "atan": False, "exp": "l", "log": False, "ln": True, "lg": False,
    "sqrt": False, "abs": False, "max": False, "min": True, "relu": False, "sigmoid": False,
    "softmax": False, "softplus": False, "gelu": False, "silu": False, "adam": True, "adamw": False,
    "sgd": False, "rmsprop": True, "adagrad": False, "nadam": True, "mse": False, "nll": "l",
    "rnn": True, "lstm": True, "gru": False, "mlp": False, "cnn": True, "sympy": False, "numpy": False,
    "pytorch": False, "torch": False, "mibun": True, "jupyter": False, "json": True, "html": "l",
    "latex": False, "svg": False, "png": False, "pdf": False, "nan": True, "inf": False, "dne": False,
    "oo": False, "pi": False, "e": False,
}
_LATIN_LETTER = {"l": "l", "m": True, "n": True, "r": "l"}
_LOANWORD_FINAL = ("ng", "ck", "m", "n", "k", "p", "b", "t", "l", "ll")  # input 인풋, at 앳


def _strip(text: str) -> str:
    return str(text).rstrip(" \t'\"`)]}.,;:!?")


def final_sound(word: Any) -> Any:
    """How ``word`` read aloud in Korean ends: True (a consonant), "l" (ㄹ) or False (a vowel)."""
    raw = str(word).rstrip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"`":
        return final_sound(raw[1:-1])  # a quoted name ('x', from !r): read what is inside
    if raw and raw[-1] in _PRIMES:
        return True  # f′, y'' → … 프라임
    text = _strip(raw)
    if not text:
        return False
    ch = text[-1]
    if "\uac00" <= ch <= "\ud7a3":
        jong = (ord(ch) - 0xAC00) % 28
        return "l" if jong == 8 else jong != 0
    if ch in _SUPERSCRIPTS:
        return True  # x², eˣ → … 제곱 / … 승
    if ch in _PRIMES:
        return True
    if re.search(r"\^\(?[\w.+\-*/ ]+\)?$", text) or re.search(r"\*\*\(?[\w.+\-*/ ]+\)?$", text):
        return True  # x^2, x^(n+1), x**2 → … 제곱
    m = re.search(r"(\d+)\s*/\s*\d+$", text)
    if m:  # a/b is read "b분의 a": the numerator is read last
        return _DIGIT[m.group(1)[-1]]
    if ch.isdigit() and ch in _DIGIT:
        return _DIGIT[ch]
    if ch in _GREEK_FINAL:
        return _GREEK_FINAL[ch]
    if ch in _GREEK:
        return False
    m = re.search(r"[A-Za-z]+$", text)
    if m:
        w = m.group(0)
        low = w.lower()
        if low in _WORDS:
            return _WORDS[low]
        if len(w) == 1 or (w.isupper() and len(w) <= 4):  # a letter, or an acronym read letter by letter
            return _LATIN_LETTER.get(low[-1], False)
        if low.endswith(("ll", "l")):
            return "l"
        return low.endswith(_LOANWORD_FINAL)
    return False


def has_final_consonant(word: Any) -> bool:
    """Whether ``word`` read aloud in Korean ends in a consonant (받침); ``ㄹ`` counts."""
    return bool(final_sound(word))


def attach(word: Any, pair: str) -> str:
    """``word`` followed by the right form of ``pair`` (``"x", "은/는"`` → ``"x는"``, ``"L", "으로/로"``
    → ``"L로"``)."""
    first, second = pair.split("/")
    sound = final_sound(word)
    if pair == "으로/로":
        return f"{word}{first if sound is True else second}"
    return f"{word}{first if sound else second}"


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in PAIRS:
            return attach(value, format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def fill(text: str, fields: dict[str, Any]) -> str:
    """``text.format(**fields)``, with Korean particles as format specs."""
    return _FORMATTER.vformat(text, (), fields)


__all__ = ["fill", "attach", "has_final_consonant", "final_sound", "PAIRS"]
