"""Grading a gradient: one component per variable, each graded like a partial derivative; components in the
wrong order are named as such."""

from __future__ import annotations

from itertools import permutations
from typing import Any

import sympy as sp

from mibun.answers.check import grade
from mibun.answers.equivalence import same
from mibun.answers.reading import parse_formula, split_vector
from mibun.answers.result import AnswerCheck
from mibun.errors import InputError


def variables(expr: sp.Basic, wrt: Any) -> list[sp.Symbol]:
    """The gradient's variables: wrt ("x,y", ["x", "y"]) or the task's symbols in alphabetical order."""
    from mibun.symbolic.derivation import as_symbol

    if wrt is None:
        return sorted(expr.free_symbols, key=str)
    if isinstance(wrt, str):
        wrt = [w for w in wrt.replace(";", ",").split(",") if w.strip()]
    return [as_symbol(w, [expr]) for w in wrt]


def check_gradient(task_expr: sp.Basic, answer: Any, wrt: Any, lang: str) -> AnswerCheck:
    from mibun.symbolic import gradient

    vs = variables(task_expr, wrt)
    d = gradient(task_expr, vs)
    expected = list(d.result)
    parts = split_vector(answer)
    if parts is None:
        raise InputError("answers.err.vector", lang=lang, answer=str(answer))
    comps, warns = [], []
    for p in parts:
        e, w = parse_formula(p)
        comps.append(e)
        warns += w
    r = AnswerCheck(task=task_expr, answer=comps, kind="gradient", wrt=vs, correct=None, verdict="undecided",
                    expected=expected, steps=d, lang=lang)
    r.notes += [("answers.note.parse_warning", {"msg": w}) for w in warns]
    if len(comps) != len(expected):
        r.correct, r.verdict = False, "incorrect"
        r.notes.append(("answers.note.components", {"want": len(expected), "got": len(comps)}))
        return r
    syms = sorted(task_expr.free_symbols | set(vs), key=str)
    verdicts = [same(e, a, syms).equal for e, a in zip(expected, comps, strict=True)]
    if all(v is True for v in verdicts):
        r.correct, r.verdict, r.how = True, "correct", "symbolic"
        return r
    if any(v is False for v in verdicts):
        r.correct, r.verdict = False, "incorrect"
        for perm in permutations(range(len(comps))):
            if list(perm) != list(range(len(comps))) and \
                    all(same(expected[i], comps[j], syms).equal is True for i, j in enumerate(perm)):
                r.misconception = "gradient_components_swapped"
                return r
        i = next(k for k, v in enumerate(verdicts) if v is False)
        r.notes.append(("answers.note.component_wrong", {"i": i + 1, "var": vs[i]}))
        sub = AnswerCheck(task=task_expr, answer=comps[i], kind="partial", wrt=vs[i], correct=None,
                          verdict="undecided", expected=expected[i], lang=lang)
        grade(sub, task_expr, vs[i], expected[i], comps[i], d)
        r.misconception, r.diverged, r.factor, r.also = sub.misconception, sub.diverged, sub.factor, sub.also
        r.notes += [n for n in sub.notes if n[0] != "answers.note.other_misconception"]
        return r
    r.notes.append(("answers.note.undecided", {"n": 0}))
    return r


__all__ = ["check_gradient", "variables"]
