"""Difference quotients on many points or steps at once, in plain floating point — what a plot (or a
student with NumPy) computes, rounding included. :func:`mibun.numeric.derivative` is the careful,
one-point method with an error estimate; these are the fast, honest-but-plain ones.

    forward  (f(x+h) − f(x)) / h          central  (f(x+h) − f(x−h)) / (2h)
    central partials on a grid: ∂f/∂xᵢ ≈ (f(…, xᵢ+h, …) − f(…, xᵢ−h, …)) / (2h),  h = ε^(1/3)·max(1, |xᵢ|)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def difference_quotients(f: Callable[[np.ndarray], Any], x0: float, hs: Any) -> tuple[np.ndarray, np.ndarray]:
    """(forward, central) quotients of the NumPy function ``f`` at ``x0`` for every step in ``hs``
    (NaN where f is undefined)."""
    hs = np.asarray(hs, dtype=float)
    with np.errstate(all="ignore"):
        f0 = f(np.full_like(hs, x0))
        fp, fm = f(x0 + hs), f(x0 - hs)
        return (fp - f0) / hs, (fp - fm) / (2 * hs)


def central_partials(f: Callable[..., Any], *args: Any) -> tuple[np.ndarray, ...]:
    """∂f/∂(argument i) by central differences at every point of a grid (``args`` broadcast together),
    with h = ε^(1/3)·max(1, |xᵢ|) — the step that balances truncation and rounding error."""
    shape = np.broadcast(*args).shape
    arrays = [np.broadcast_to(np.asarray(a, float), shape) for a in args]
    out = []
    for i, a in enumerate(arrays):
        h = np.finfo(float).eps ** (1 / 3) * np.maximum(1.0, np.abs(a))
        up = list(arrays)
        up[i] = a + h
        dn = list(arrays)
        dn[i] = a - h
        out.append((f(*up) - f(*dn)) / ((a + h) - (a - h)))
    return tuple(out)


__all__ = ["difference_quotients", "central_partials"]
