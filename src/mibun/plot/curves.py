"""Helpers shared by the one-variable figures: robust y-limits, gaps at poles, roots and extrema, one-sided
values, colour maps, the colours of f, f′, tangents and errors."""

from __future__ import annotations

import numpy as np

C_F, C_D, C_T, C_ERR = "C0", "C1", "C3", "C2"


def robust_ylim(ax, *ys: np.ndarray, pad: float = 0.08) -> None:
    """y-limits that ignore poles: the 1st–99th percentile range when the extremes are far outside it."""
    vals = np.concatenate([np.ravel(y)[np.isfinite(np.ravel(y))] for y in ys] or [np.zeros(1)])
    if vals.size == 0:
        return
    lo, hi = np.min(vals), np.max(vals)
    plo, phi = np.percentile(vals, [2, 98])
    span = max(phi - plo, 1e-12)
    if hi - lo > 6 * span:
        lo, hi = plo - span, phi + span
    if hi - lo < 1e-12:
        lo, hi = lo - 1, hi + 1
    d = (hi - lo) * pad
    ax.set_ylim(lo - d, hi + d)


def drawable(y: np.ndarray) -> np.ndarray:
    """A copy of y with a gap at poles (1/x at 0): where consecutive samples jump across zero and both
    lie far outside the bulk of the values, so no vertical line joins −∞ and +∞."""
    y = np.array(y, dtype=float)
    fin = y[np.isfinite(y)]
    if fin.size < 3:
        return y
    lo, hi = np.percentile(fin, [2, 98])
    span = max(hi - lo, 1e-12)
    jump = (np.sign(y[:-1]) * np.sign(y[1:]) < 0) & (np.abs(y[:-1]) > span) & (np.abs(y[1:]) > span)
    y[:-1][jump] = np.nan
    return y


def roots(fnp, x: np.ndarray, y: np.ndarray, strict: bool = False) -> list[float]:
    """Zeros of a continuous function from its samples: brackets where the sign changes, refined by
    bisection; a 'root' where |f| blows up (a pole such as 1/x) is rejected. ``strict`` keeps only
    points where the sign really changes (not a touch like x² at 0)."""
    ok = np.isfinite(y)
    roots: list[float] = []
    step = (x[-1] - x[0]) / max(len(x) - 1, 1)
    for i in range(len(x) - 1):
        if not (ok[i] and ok[i + 1]):
            continue
        a, b, ya, yb = x[i], x[i + 1], y[i], y[i + 1]
        if ya == 0 and (i == 0 or y[i - 1] * yb < 0 or not strict):
            r = a
        elif ya * yb < 0:
            for _ in range(60):
                m = 0.5 * (a + b)
                ym = float(fnp(np.array(m)))
                if not np.isfinite(ym):
                    break
                if (ym < 0) == (ya < 0):
                    a, ya = m, ym
                else:
                    b, yb = m, ym
            r = 0.5 * (a + b)
            fr = float(fnp(np.array(r)))
            if not np.isfinite(fr) or abs(fr) > 1e-3 * (abs(y[i]) + abs(y[i + 1])) + 1e-9:
                continue  # a pole, not a zero
        else:
            continue
        if strict:
            d = 1e-3 * step
            left, right = float(fnp(np.array(r - d))), float(fnp(np.array(r + d)))
            if not (left * right < 0):
                continue
        if not roots or abs(r - roots[-1]) > 0.5 * step:
            roots.append(float(r))
    return roots


def one_sided(values: np.ndarray) -> tuple[float, bool]:
    """The value a sequence f(x0 ± hₖ) settles to (±inf when it grows without bound) and whether it
    settles at all (sin(1/x) at 0 does not)."""
    v = values[np.isfinite(values)]
    if v.size < 3:
        return np.nan, False
    a, b, c = v[-3:]
    if abs(c) > 1e6 and abs(c) > 1.5 * abs(b) > 2.25 * abs(a) and np.sign(a) == np.sign(b) == np.sign(c):
        return float(np.sign(c) * np.inf), True
    tol = 1e-3 * (1 + abs(c))
    return float(c), bool(abs(c - b) <= tol and abs(b - a) <= 2 * tol)


def difference_quotients(fnp, x0: float, hs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The forward quotient (f(x0 + h) − f(x0))/h and the central quotient (f(x0 + h) − f(x0 − h))/(2h)
    for every h, in plain floating point (:func:`mibun.numeric.difference_quotients`)."""
    from mibun.numeric.vectorized import difference_quotients as dq

    return dq(fnp, x0, hs)


def cmap(name: str):
    import matplotlib

    return matplotlib.colormaps[name]
