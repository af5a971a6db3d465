"""The wrong answers each misconception would produce for a task, generated — not matched as text.

``candidates(task, var)`` re-runs the worked derivation with each faulty rule of :mod:`mibun.answers.faulty`
(at every site, and at each site alone, since a student often slips once) and adds the misconceptions that
transform the whole task (partial derivatives with respect to the wrong variable, softmax without its
off-diagonal terms, ŷ − y with its sign flipped). ``match(answer, cands)`` finds the ones equal to the
student's answer, numerically at random points (the answer is already known to be wrong, so this names it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from mibun.answers.catalogue import ORDER
from mibun.answers.equivalence import MIN_POINTS, plain, sample, values
from mibun.answers.faulty import FAULTS, NEEDS, Site, run
from mibun.symbolic import functions as mf

#: at most this many single-site variants per fault, and pairs of faults per task
MAX_SITES = 6
MAX_PAIRS = 80


@dataclass
class Candidate:
    """A wrong answer and the misconception that produces it; ``sites``: where the worked path diverges."""

    key: str
    expr: sp.Basic
    sites: list[Site] = field(default_factory=list)
    variant: str = ""
    also: list[str] = field(default_factory=list)


def candidates(task: sp.Basic, var: sp.Symbol, expected: sp.Basic | None = None,
               rules: set[str] | None = None) -> list[Candidate]:
    """Every generated wrong answer for d task / d var, in catalogue order (most specific first). ``rules``: the
    rules the worked derivation uses, when known (faults of other rules are skipped: they have no site)."""
    out: list[Candidate] = []
    for fault in FAULTS:
        key = fault.split(":")[0]
        if rules is not None and not (NEEDS[key] & rules):
            continue
        res, sites, count = run(task, var, fault)
        if res is None:
            continue
        out.append(Candidate(key, res, sites, fault))
        if count > 1:
            for i in range(min(count, MAX_SITES)):
                r1, s1, _ = run(task, var, fault, {i})
                if r1 is not None:
                    out.append(Candidate(key, r1, s1, f"{fault}@{i}"))
    if expected is None:
        expected = sp.diff(plain(task), var)
    out += whole_task(task, var, expected)
    out.sort(key=lambda c: ORDER.get(c.key, 99))
    return out


def pairs(task: sp.Basic, var: sp.Symbol, rules: set[str] | None = None) -> list[Candidate]:
    """Two faulty rules at once (of different rules, each at every site): a student often slips twice. The
    candidate's key is the first in catalogue order; ``variant`` names both faults."""
    usable = [f for f in FAULTS if rules is None or NEEDS[f.split(":")[0]] & rules]
    out: list[Candidate] = []
    for i, f1 in enumerate(usable):
        for f2 in usable[i + 1:]:
            k1, k2 = f1.split(":")[0], f2.split(":")[0]
            if NEEDS[k1] & NEEDS[k2] or len(out) >= MAX_PAIRS:
                continue
            res, sites, _ = run(task, var, (f1, f2))
            if res is None:
                continue
            first, second = sorted((k1, k2), key=lambda k: ORDER.get(k, 99))
            out.append(Candidate(first, res, sites, f"{f1}+{f2}", also=[second]))
    out.sort(key=lambda c: ORDER.get(c.key, 99))
    return out


def whole_task(task: sp.Basic, var: sp.Symbol, expected: sp.Basic) -> list[Candidate]:
    """Misconceptions that act on the whole task rather than on one rule."""
    out: list[Candidate] = []
    others = sorted((s for s in task.free_symbols if s != var), key=str)
    p = plain(task)
    if others:
        total = sum((sp.diff(p, s) for s in others), sp.Integer(0))
        out.append(Candidate("partial_constant_as_variable", expected + total,
                             [Site("partial", task, expected, expected + total)]))
        for s in others:
            d = sp.diff(p, s)
            out.append(Candidate("partial_variable_as_constant", d, [Site("partial", task, expected, d)]))
    if _is_softmax(task, var) is False:   # var only in the denominator: an off-diagonal entry
        out.append(Candidate("softmax_missing_offdiagonal", sp.Integer(0), [Site("quotient", task, expected, 0)]))
    if _is_cross_entropy(task):
        out.append(Candidate("yhat_minus_y_sign", -expected, [Site("chain", task, expected, -expected)]))
    return out


def _is_softmax(e: sp.Basic, var: sp.Symbol) -> bool | None:
    """For a softmax component e^a/(e^a + e^b + …): True if var is in the numerator's exponent, False if only in
    the denominator, None if e is not a softmax component."""
    e = plain(e)
    num, den = sp.fraction(sp.together(e))
    if not den.is_Add or not isinstance(num, sp.exp) and not (num.is_Mul and any(isinstance(a, sp.exp)
                                                                                   for a in num.args)):
        return None
    if not all(isinstance(a, sp.exp) or (a.is_Mul and any(isinstance(b, sp.exp) for b in a.args))
               for a in den.args):
        return None
    if var not in den.free_symbols:
        return None
    return var in num.free_symbols


def _is_cross_entropy(e: sp.Basic) -> bool:
    """−ln σ(z), −ln(1 − σ(z)), −(y ln σ + (1 − y) ln(1 − σ)), −ln softmax: a log of a sigmoid or a softmax."""
    for lg in e.atoms(sp.log):
        arg = lg.args[0]
        if arg.has(mf.sigmoid):
            return True
        if any(_is_softmax(arg, s) is not None for s in arg.free_symbols):
            return True
    return False


def match(answer: sp.Basic, cands: list[Candidate], symbols: list[sp.Symbol]) -> list[Candidate]:
    """The candidates numerically equal to the answer (at ≥ 4 usable random points, all agreeing)."""
    syms = sorted(set(symbols) | plain(answer).free_symbols, key=str)
    cols = sample(syms, seed=7)
    vb = values(answer, syms, cols)
    if vb is None:
        return []
    found: list[Candidate] = []
    seen: set[str] = set()
    for c in cands:
        if c.key in seen:
            continue
        if c.expr.free_symbols - set(syms):
            continue
        va = values(c.expr, syms, cols)
        if va is None:
            continue
        ok = np.isfinite(va) & np.isfinite(vb)
        if ok.sum() < MIN_POINTS // 2:
            continue
        if np.all(np.abs(va[ok] - vb[ok]) <= 1e-7 * np.maximum(1.0, np.abs(va[ok]))):
            found.append(c)
            seen.add(c.key)
    return found


__all__ = ["Candidate", "candidates", "pairs", "whole_task", "match"]
