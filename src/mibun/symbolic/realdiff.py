"""``real_diff``: SymPy's derivative with the variables taken as real numbers.

Text parses into plain SymPy symbols, which SymPy treats as complex: d|x|/dx then comes out in terms of
re(x), im(x) and their derivatives, which no numeric code can evaluate. Calculus in this library is on
the reals, so every ``sympy.diff`` outside the step engine goes through here."""

from __future__ import annotations

import sympy as sp


def real_diff(expr: sp.Basic, var: sp.Symbol | str, n: int = 1) -> sp.Basic:
    """dⁿ expr / d varⁿ with all free symbols assumed real; the result is in the original symbols."""
    from mibun.symbolic.derivation import _sympy_oracle

    v = sp.Symbol(var) if isinstance(var, str) else var
    for _ in range(int(n)):
        expr = _sympy_oracle(expr, v, True)
    return expr


__all__ = ["real_diff"]
