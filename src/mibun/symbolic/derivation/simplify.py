"""A cheap simplification of a derivative: the shortest of a few fast rewrites."""

from __future__ import annotations

import sympy as sp

from mibun.symbolic import functions as mf
from mibun.symbolic.parser import evaluate, hide_constants, substitute


def simplify(e: sp.Basic) -> sp.Basic:
    """A cheap simplification: the shortest of a few fast rewrites (factor_terms, one fraction, powsimp, and
    sin² + cos² = 1). SymPy's full ``simplify`` is not used: it costs 100 ms to seconds per derivative and may
    bring in functions the student never wrote (1/(4cosh²(x/2)) for σ′)."""
    e = evaluate(e)
    if _nesting(e) > 4:  # SymPy's rewrites re-evaluate nested functions at exponential cost
        return e
    e, consts = hide_constants(e)
    return substitute(_shortest(e), consts) if consts else _shortest(e)


def _shortest(e: sp.Basic) -> sp.Basic:
    cands = [e]
    try:
        ft = sp.factor_terms(e)
        cands.append(ft)
        if not e.has(mf.relu, sp.Heaviside, sp.Max, sp.Min, sp.Abs, sp.sign):
            if e.is_Add and len(e.args) <= 8:
                cands.append(sp.factor_terms(sp.cancel(sp.together(e))))
            cands.append(sp.powsimp(ft))
            for p in [a for a in e.atoms(sp.Pow) if isinstance(a.base, sp.sin) and a.exp == 2]:
                c2 = sp.cos(p.base.args[0]) ** 2
                if c2 in e.atoms(sp.Pow):
                    cands.append(sp.factor_terms(e.xreplace({p: 1 - c2})))
    except (sp.PolynomialError, TypeError, ValueError, RecursionError):  # pragma: no cover - keep e
        pass
    kinds = {type(f) for f in e.atoms(sp.Function)}
    # a rewrite may not bring in functions the student did not have
    cands = [c for c in cands if {type(f) for f in c.atoms(sp.Function)} <= kinds] or [e]
    return min(cands, key=lambda c: (sp.count_ops(c), len(str(c))))


def _nesting(e: sp.Basic) -> int:
    """How deeply function applications nest in e (sin(cos(x)) is 2)."""
    if not e.args:
        return 0
    inner = max(_nesting(a) for a in e.args)
    return inner + 1 if isinstance(e, sp.Function) else inner


_RNG_SEED = 20251123
