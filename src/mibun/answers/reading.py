"""Reading a student's answer with mibun's own parser (the one ``mibun diff`` uses; never eval): one formula,
a vector ``(2x, 2y)`` / ``[2x, 2y]`` / ``<2x, 2y>``, or a limit value (a number, ``oo``, ``-oo``, ``DNE``).
The parser's warnings (notation it read in a particular way) are passed on as notes."""

from __future__ import annotations

import re
import warnings
from typing import Any

import sympy as sp

from mibun.errors import InputError
from mibun.symbolic.parser.lexer import split_top_level

#: a limit that does not exist (case-insensitive, spaces ignored)
DNE_WORDS = {"dne", "doesnotexist", "nonexistent", "none", "undefined", "존재하지않음", "없음", "존재하지않는다",
             "발산"}
POS_INF = {"oo", "+oo", "inf", "+inf", "infinity", "+infinity", "∞", "+∞", "\\infty", "+\\infty"}
NEG_INF = {"-oo", "-inf", "-infinity", "-∞", "−∞", "−oo", "-\\infty"}

#: "y' =", "f'(x) =", "f′(x) =", "dy/dx =", "∂f/∂x =" before an answer: the answer is what follows
ANSWER_LHS = re.compile(r"^\s*(?:[A-Za-z]\w*\s*(?:'|′)+\s*(?:\(\s*[A-Za-z]\w*\s*\))?"
                        r"|(?:d|∂)\s*[A-Za-z]?\w*\s*/\s*(?:d|∂)\s*[A-Za-z]\w*)\s*=(?!=)")

#: the value standing for "does not exist"
DNE = sp.Symbol("DNE")


def parse_task(text: Any) -> tuple[sp.Basic, str | None, list[Any]]:
    """(the function, the variable a request such as "d/dx (x^2 sin x)" names or None, reading notes)."""
    if isinstance(text, sp.Basic):
        return text, None, []
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return sp.nsimplify(text), None, []
    from mibun.symbolic.parser import parse_with_notes

    p = parse_with_notes(text)
    return p.expr, (p.var if p.order else None), list(p.notes)


def parse_formula(text: Any) -> tuple[sp.Basic, list[Any]]:
    """(expression, how the parser read it: its notes, and any warnings) — the parser ``mibun diff`` uses."""
    if isinstance(text, sp.Basic):
        return text, []
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return sp.nsimplify(text), []
    if isinstance(text, str) and not text.strip():
        raise InputError("answers.err.empty")
    if isinstance(text, str):
        text = ANSWER_LHS.sub("", text, count=1)
    from mibun.symbolic.parser import parse_with_notes

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parsed = parse_with_notes(text)
    notes: list[Any] = list(parsed.notes)
    notes += [str(w.message) for w in caught]
    return parsed.expr, notes


def parse_limit_value(text: Any) -> tuple[sp.Basic, list[str]]:
    """A limit answer: a formula, ±oo, or :data:`DNE`."""
    if isinstance(text, str):
        s = "".join(text.split()).lower()
        if s in DNE_WORDS:
            return DNE, []
        if s in POS_INF:
            return sp.oo, []
        if s in NEG_INF:
            return sp.S.NegativeInfinity, []
    if text is None:
        return DNE, []
    if isinstance(text, float) and text in (float("inf"), float("-inf")):
        return (sp.oo if text > 0 else sp.S.NegativeInfinity), []
    return parse_formula(text)


def parse_limit_point(to: Any) -> sp.Basic:
    """The point of a limit: a number, a formula of numbers (pi/2), or ±oo."""
    val, _ = parse_limit_value(to)
    if val is DNE or (isinstance(val, sp.Basic) and val.free_symbols):
        raise InputError("answers.err.limit_to")
    return val


def split_vector(text: Any) -> list[Any] | None:
    """The components of a vector answer, or None when it is not one."""
    if isinstance(text, (list, tuple)):
        return list(text)
    if isinstance(text, sp.MatrixBase):
        return list(text)
    if not isinstance(text, str):
        return None
    s = text.strip()
    pairs = {"(": ")", "[": "]", "<": ">", "⟨": "⟩", "{": "}"}
    if len(s) >= 2 and s[0] in pairs and s[-1] == pairs[s[0]]:
        inner = s[1:-1]
        parts = _split_top(inner)
        if len(parts) >= 2:
            return parts
        if s[0] != "(":
            return parts
    parts = _split_top(s)
    return parts if len(parts) >= 2 else None


def _split_top(text: str) -> list[str]:
    return split_top_level(text, ",;")


__all__ = ["parse_task", "parse_formula", "parse_limit_value", "parse_limit_point", "split_vector", "DNE"]
