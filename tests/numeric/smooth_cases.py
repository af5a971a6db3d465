"""The smooth benchmark set (shared by the coverage test and benchmarks/numeric.py): SymPy expressions
at points, with exact derivatives from SymPy at 30 digits. 60 cases."""

from __future__ import annotations

import sympy as sp

from mibun.symbolic.compile import compile_expr
from mibun.symbolic.functions import sigmoid

x = sp.Symbol("x")

_EXPRS = [
    (sp.exp(x), [-2.0, 0.5, 3.0]),
    (sp.sin(x), [0.3, 1.0, 10.0]),
    (sp.cos(x), [0.7, 2.5]),
    (sp.log(x), [0.01, 1.5, 100.0]),
    (sp.sqrt(x), [1e-4, 0.5, 9.0]),
    (1 / x, [0.01, -3.0]),
    (sp.tanh(x), [0.0, 0.8, -2.0]),
    (sigmoid(x), [-1.0, 0.0, 4.0]),
    (sp.atan(x), [0.5, 7.0]),
    (x ** 3 - 2 * x, [1.3, -0.4]),
    (sp.exp(x) / sp.sqrt(sp.sin(x) ** 3 + sp.cos(x) ** 3), [1.5, 0.5]),   # Squire–Trapp
    (sp.log(1 + x ** 2), [0.4, 3.0]),
    (sp.exp(-x ** 2), [0.5, 1.7]),
    (sp.sin(x) ** 2 * sp.cos(x), [0.9, 2.2]),
    (x ** sp.Rational(5, 2), [0.3, 2.0]),
    (sp.exp(sp.sin(x)), [1.1, 4.0]),
    (1 / (1 + 25 * x ** 2), [0.2, 0.05]),
    (sp.log(sp.cosh(x)), [1.0, -0.3]),
    (sp.sqrt(1 + x ** 2), [0.0, 2.5]),
    (x * sp.exp(x), [-1.5, 2.0]),
    (sp.sin(x) / x, [0.6, 5.0]),
    (sp.atan(x) ** 2, [1.2]),
    (sp.log(x) / x, [2.0, 0.3]),
    (sp.cos(x) ** 3, [0.4]),
    (sp.exp(x) * sp.cos(3 * x), [0.25, 1.4]),
    (sp.tan(x), [0.5, 1.2]),
    (x ** 4 - 3 * x ** 2 + 1, [0.7]),
    (sp.exp(2 * x) / (1 + x ** 2), [0.1]),
    (sp.asinh(x), [0.6]),
    (sp.log(2 + sp.sin(x)), [3.3]),
]


def cases() -> list[tuple[str, object, float, float]]:
    """(label, numpy callable (accepts complex), x, exact f'(x))."""
    out = []
    for expr, pts in _EXPRS:
        f = compile_expr(expr, [x])
        d = sp.diff(expr, x)
        for p in pts:
            exact = float(d.subs(x, sp.Float(p, 40)).evalf(30))
            out.append((f"{expr} at {p}", f, p, exact))
    return out


__all__ = ["cases"]
