"""Richardson extrapolation with a Neville-style tableau and Ridders' error estimate.

A quotient D(h) with error a₁h^{p} + a₂h^{p+q} + … is computed at hₖ = h₀/rᵏ and combined:

    T[k][0] = D(hₖ)
    T[k][j] = T[k][j−1] + (T[k][j−1] − T[k−1][j−1]) / (r^{p+(j−1)q} − 1)

The error of T[k][j] is estimated as  max(|T[k][j] − T[k][j−1]|, |T[k][j] − T[k−1][j−1]|)  (Ridders)
plus the rounding error carried through the same recursion. The entry with the smallest estimate is
kept; the tableau stops once the estimate has not improved for ``patience`` levels (the steps are then
small enough that round-off wins), or at ``max_levels``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

EPS = float(np.finfo(float).eps)


@dataclass
class Tableau:
    value: np.ndarray
    error: np.ndarray
    h: np.ndarray                      # the step of the chosen entry's last quotient
    levels: int
    quotients: list[np.ndarray] = field(default_factory=list)   # T[k][0]
    steps: list[float] = field(default_factory=list)


def extrapolate(quotient: Callable[[float], tuple[np.ndarray, np.ndarray]], h0: float, ratio: float,
                p: int, q: int, max_levels: int, min_levels: int = 3, patience: int = 2,
                target: float = 4 * EPS) -> Tableau:
    """Run the tableau on ``quotient(h) -> (D, rounding bound)``; NaN entries never win."""
    prev_d: list[np.ndarray] = []
    prev_r: list[np.ndarray] = []
    # the best entry so far, per output element (replaced at k == 0 by arrays of the quotient's shape)
    best_v, best_e, best_h = np.full((), np.nan), np.full((), np.inf), np.full((), np.nan)
    stall = 0
    all_v: list[np.ndarray] = []
    all_e: list[np.ndarray] = []
    tab = Tableau(best_v, best_e, best_h, 0)
    for k in range(max_levels):
        h = h0 / ratio ** k
        d0, r0 = quotient(h)
        d0 = np.asarray(d0, dtype=float)
        r0 = np.asarray(r0, dtype=float)
        tab.quotients.append(d0)
        tab.steps.append(h)
        row_d, row_r = [d0], [r0]
        cand_v, cand_e = [], []
        for j in range(1, k + 1):
            fac = ratio ** (p + (j - 1) * q) - 1.0
            d = row_d[j - 1] + (row_d[j - 1] - prev_d[j - 1]) / fac
            r = row_r[j - 1] + (row_r[j - 1] + prev_r[j - 1]) / fac
            e = np.maximum(np.abs(d - row_d[j - 1]), np.abs(d - prev_d[j - 1])) + r
            row_d.append(d)
            row_r.append(r)
            cand_v.append(d)
            cand_e.append(np.where(np.isfinite(e), e, np.inf))
        if k == 0:
            best_v = d0.copy()
            best_e = np.full(d0.shape, np.inf)
            best_h = np.full(d0.shape, h)
        improved = np.zeros(d0.shape, dtype=bool)
        all_v += cand_v
        all_e += cand_e
        for v, e in zip(cand_v, cand_e, strict=True):
            better = e < best_e
            improved |= better & (e < 0.5 * best_e)
            best_v = np.where(better, v, best_v)
            best_e = np.where(better, e, best_e)
            best_h = np.where(better, h, best_h)
        tab.levels = k + 1
        # Ridders: the newest diagonal is worse than the best by a safety factor → round-off has won
        worse = bool(k >= 3 and np.all(np.abs(row_d[-1] - prev_d[-1]) >= 2 * best_e))
        prev_d, prev_r = row_d, row_r
        if k + 1 < min_levels:
            continue
        stall = 0 if np.any(improved) else stall + 1
        done = bool(np.all(best_e <= target * np.abs(best_v)))
        if done or stall >= patience or worse:
            break
    if len(all_v) >= 3:
        # robustness (noise): the three best-ranked entries must agree; their spread joins the error
        ev = np.stack(all_e)
        vv = np.stack(all_v)
        order = np.argsort(ev, axis=0)[:3]
        top = np.take_along_axis(vv, order, axis=0)
        spread = np.max(top, axis=0) - np.min(top, axis=0)
        best_e = np.maximum(best_e, np.where(np.isfinite(spread), spread, np.inf))
    tab.value, tab.error, tab.h = best_v, best_e, best_h
    return tab


__all__ = ["extrapolate", "Tableau", "EPS"]
