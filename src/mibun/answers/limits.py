"""Grading a limit: the answer is a value, ``oo``, ``-oo`` or ``DNE``; the expected limit is SymPy's, from
each side."""

from __future__ import annotations

from typing import Any

import sympy as sp

from mibun.answers.equivalence import same
from mibun.answers.reading import DNE, parse_limit_point, parse_limit_value
from mibun.answers.result import AnswerCheck
from mibun.errors import InputError

INF = (sp.oo, sp.S.NegativeInfinity)


def limit_variable(expr: sp.Basic, wrt: Any) -> sp.Symbol:
    """wrt, else h when the task is a difference quotient in h, else the usual choice."""
    from mibun.answers.check import variable

    if wrt is None:
        for s in expr.free_symbols:
            if s.name == "h":
                return s
    return variable(expr, wrt)


def one_side(e: sp.Basic, v: sp.Symbol, a: sp.Basic, side: str) -> sp.Basic | None:
    """SymPy's one-sided limit, :data:`DNE` when it oscillates, None when SymPy cannot tell."""
    try:
        val = sp.limit(e, v, a, dir=side)
    except (NotImplementedError, ValueError, TypeError, RecursionError):
        return None
    if isinstance(val, sp.AccumBounds):
        return DNE
    if isinstance(val, sp.Limit) or val.has(sp.Limit) or val is sp.nan:
        return None
    if val is sp.zoo:
        return DNE
    return val


def expected_limit(e: sp.Basic, v: sp.Symbol, a: sp.Basic) -> tuple[Any, Any, Any]:
    """(limit, left, right); the limit is DNE when the sides differ, None when undecidable."""
    from mibun.answers.equivalence import plain

    e = plain(e)
    if a in INF:
        val = one_side(e, v, a, "-" if a is sp.oo else "+")
        return val, None, None
    left, right = one_side(e, v, a, "-"), one_side(e, v, a, "+")
    if left is None or right is None:
        return None, left, right
    if left is DNE or right is DNE:
        return DNE, left, right
    if left in INF or right in INF:
        return (left if left == right else DNE), left, right
    if sp.simplify(left - right) == 0:
        return right, left, right
    return DNE, left, right


def check_limit(task_expr: sp.Basic, answer: Any, wrt: Any, to: Any, lang: str) -> AnswerCheck:
    if to is None:
        raise InputError("answers.err.limit_to", lang=lang)
    point = parse_limit_point(to)
    var = limit_variable(task_expr, wrt)
    value, left, right = expected_limit(task_expr, var, point)
    ans, warns = parse_limit_value(answer)
    r = AnswerCheck(task=task_expr, answer=ans, kind="limit", wrt=var, to=point, correct=None,
                    verdict="undecided", expected=value if value is not None else sp.nan, lang=lang)
    r.notes += [("answers.note.parse_warning", {"msg": w}) for w in warns]
    if left is not None and right is not None and point not in INF:
        r.notes.append(("answers.note.sides", {"left": left, "right": right}))
    if value is None:
        r.notes.append(("answers.note.undecided", {"n": 0}))
        return r
    ok, mis = _compare(value, ans, left, right, task_expr, var)
    r.correct = ok
    r.verdict = {True: "correct", False: "incorrect", None: "undecided"}[ok]
    if ok is False:
        r.misconception = mis
        if mis in ("off_by_sign", "off_by_factor"):
            r.factor = sp.nsimplify(ans / value) if value != 0 else None
    if ok is None:
        r.notes.append(("answers.note.undecided", {"n": 0}))
    return r


def _compare(value, ans, left, right, task_expr, var) -> tuple[bool | None, str | None]:
    if value is DNE:
        if ans is DNE:
            return True, None
        if ans in (left, right) or (ans not in INF and any(
                s is not None and s is not DNE and s not in INF and same(s, ans).equal is True for s in (left, right))):
            return False, "limit_one_sided"
        return False, None
    if value in INF:
        if ans == value:
            return True, None
        if ans in INF:
            return False, "limit_infinite_sign"
        if ans is DNE:
            return False, "limit_infinite_as_dne"
        return False, None
    if ans is DNE:
        return False, "limit_exists_as_dne"
    if ans in INF:
        return False, None
    syms = sorted((task_expr.free_symbols - {var}) | ans.free_symbols, key=str)
    eq = same(value, ans, syms)
    if eq.equal is False:
        if eq.factor is not None:
            return False, "off_by_sign" if eq.factor == -1 else "off_by_factor"
        return False, None
    return eq.equal, None


__all__ = ["check_limit", "expected_limit", "limit_variable"]
