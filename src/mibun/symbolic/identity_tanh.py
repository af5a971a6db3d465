"""tanh′(x) = 1 − tanh²(x), derived the course's way: tanh = sinh/cosh, the quotient rule, then
cosh² − sinh² = 1. Every equality is checked (as in :mod:`mibun.symbolic.identities`)."""

from __future__ import annotations

import sympy as sp

from mibun.symbolic.derivation import Derivation, derivation_for, verify
from mibun.symbolic.identities import _eq, _frac
from mibun.symbolic.rules import Step


def tanh_derivative() -> Derivation:
    """tanh′(x) = 1 − tanh²(x) from tanh x = sinh x / cosh x."""
    x = sp.Symbol("x")
    q = _frac(sp.sinh(x), sp.cosh(x))
    tree, d, simp = derivation_for(q, x)
    verify(q, x, d)
    num = sp.Add(sp.cosh(x) ** 2, -sp.sinh(x) ** 2, evaluate=False)
    quot = _frac(num, sp.cosh(x) ** 2)
    split = sp.Add(1, -_frac(sp.sinh(x) ** 2, sp.cosh(x) ** 2), evaluate=False)
    result = 1 - sp.tanh(x) ** 2
    steps = [
        _eq("algebra", sp.tanh(x), q, [x], notes=["symbolic.id_tanh_def"]),
        Step("differentiate", q, x, d, substeps=[tree, simp]),
        _eq("algebra", quot, split, [x], notes=["symbolic.id_tanh_split"]),
        _eq("conclusion", d, result, [x], lhs=("tanh′(x)", r"\tanh'(x)"), notes=["symbolic.id_tanh_alt"]),
    ]
    verify(sp.tanh(x), x, result)
    return Derivation(sp.tanh(x), x, steps, result, answer_lhs=("tanh′(x)", r"\tanh'(x)"),
                      heading=("symbolic.id_heading_tanh_derivative", {}))


__all__ = ["tanh_derivative"]
