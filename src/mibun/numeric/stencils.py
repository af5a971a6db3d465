"""Finite-difference stencils: offsets s_i and weights w_i with  f⁽ⁿ⁾(x) ≈ Σ w_i f(x + s_i h) / hⁿ.

    central  (offsets −p…p, p = ⌈n/2⌉): error c₂h² + c₄h⁴ + …   (even powers only)
    forward  (offsets 0…n):             error c₁h + c₂h² + …     (every power)
    backward (offsets −n…0):            error c₁h + c₂h² + …

Weights are solved exactly in rationals from  Σ w_i s_iᵐ = n!·[m = n]  (m = 0 … number of points − 1).
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from math import factorial

from mibun.errors import InputError

KINDS = ("central", "forward", "backward")


@cache
def stencil(n: int, kind: str = "central") -> tuple[tuple[int, ...], tuple[float, ...]]:
    """(offsets, weights) of the lowest-order stencil of the given kind for the n-th derivative."""
    if not isinstance(n, int) or n < 1:
        raise InputError("numeric.err.derivative_order_n_positive", n=n)
    if kind == "central":
        p = (n + 1) // 2
        offsets = tuple(range(-p, p + 1))
    elif kind == "forward":
        offsets = tuple(range(0, n + 1))
    elif kind == "backward":
        offsets = tuple(range(-n, 1))
    else:
        raise InputError("numeric.err.unknown_stencil_kind_one", kind=kind, kinds=KINDS)
    m = len(offsets)
    # solve the (exact) Vandermonde system A w = b with A[r][c] = offsets[c]**r
    a = [[Fraction(s) ** r for s in offsets] + [Fraction(factorial(n) if r == n else 0)] for r in range(m)]
    for col in range(m):
        piv = next(r for r in range(col, m) if a[r][col] != 0)
        a[col], a[piv] = a[piv], a[col]
        pv = a[col][col]
        a[col] = [v / pv for v in a[col]]
        for r in range(m):
            if r != col and a[r][col] != 0:
                fac = a[r][col]
                a[r] = [vr - fac * vc for vr, vc in zip(a[r], a[col], strict=True)]
    weights = tuple(float(a[r][m]) for r in range(m))
    keep = [(s, w) for s, w in zip(offsets, weights, strict=True) if w != 0.0]
    return tuple(s for s, _ in keep), tuple(w for _, w in keep)


def error_powers(kind: str) -> tuple[int, int]:
    """(first power, step between powers) of h in the stencil's error expansion."""
    return (2, 2) if kind == "central" else (1, 1)


__all__ = ["stencil", "error_powers", "KINDS"]
