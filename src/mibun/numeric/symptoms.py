"""What a tableau of difference quotients says about the point: a kink (left ≠ right derivative), slow
convergence (e.g. √h at a domain edge), noise in f; and the catalogue key that names why there is no
derivative."""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.numeric.edges import needs_scan
from mibun.numeric.extrapolation import extrapolate
from mibun.numeric.point import Point


def kink_test(p: Point, steps: list[float]) -> tuple[bool, Any, Any, Any, Any]:
    """Left/right derivative test on the central steps already evaluated (n = 1)."""
    if len(steps) < 3:
        return False, None, None, None, None
    fx = p.fx
    steps = [p.step(h) for h in steps]
    df = [(p.at(h) - fx) / h for h in steps]
    db = [(fx - p.at(-h)) / h for h in steps]
    rnd = [4 * p.g.eps * (np.abs(p.at(h)) + np.abs(fx) + np.abs(p.at(-h)) + abs(p.x) * np.abs(df[i]))
           / h for i, h in enumerate(steps)]
    d1, d2, d3 = (df[-3] - db[-3]), (df[-2] - db[-2]), (df[-1] - db[-1])
    a3 = np.abs(d3)
    hit = (a3 > 100 * rnd[-1] + 1e-10 * (np.abs(df[-1]) + np.abs(db[-1])) + 1e-300) \
        & (np.abs(d3 - d2) <= 0.1 * a3) & (np.abs(d3 - d1) <= 0.2 * a3)
    if not np.any(hit):
        return False, None, None, None, None

    def side(seq: list[np.ndarray], r: list[np.ndarray]):
        it = iter(zip(seq, r, strict=True))
        tab = extrapolate(lambda h: next(it), steps[0], 2.0, 1, 1, max_levels=len(seq), min_levels=len(seq))
        return tab.value, tab.error

    left, el = side(db, rnd)
    right, er = side(df, rnd)
    hit = hit & (np.abs(right - left) > 3 * (el + er))
    if not np.any(hit):
        return False, None, None, None, None
    return True, left, right, el, er


def slow_convergence(tab, pw: int, p: Point) -> tuple[np.ndarray, np.ndarray]:
    """Guard for quotients converging slower than the assumed h^pw (e.g. √h at a domain edge):
    the observed rate ρ = Δₖ/Δₖ₋₁ of the raw quotients gives the geometric-tail (Aitken) limit A;
    the error is then at least |A − value| and A (the better guess there) becomes the value."""
    if len(tab.quotients) < 3:
        return np.zeros(np.shape(tab.value)), tab.value
    d1, d2, d3 = tab.quotients[-3:]
    a, b = d2 - d1, d3 - d2
    with np.errstate(all="ignore"):
        rho = b / a
        slow = (rho > 2.0 ** -(pw - 0.3)) & (rho < 1.0) & (np.abs(b) > 1e3 * p.g.eps * (np.abs(d3) + p.scale()))
        aitken = d3 + b * rho / (1 - rho)
        use = slow & np.isfinite(aitken)
        out = np.where(use, np.abs(aitken - tab.value) + np.abs(b), 0.0)
    return out, np.where(use, aitken, tab.value)


def noise(tab, n: int, p: Point, pw: int = 2) -> np.ndarray:
    """Noise in f shows as raw quotients whose changes stop shrinking while far above round-off.
    Returns σ ≈ max |Δₖ|·hₖⁿ over those levels (0 where none); σ/hⁿ is the noise in a quotient at h.
    Only levels at or below the chosen step count (rough large steps are pre-asymptotic, not noise)."""
    qs, hs = tab.quotients, tab.steps
    sigma = np.zeros(np.shape(tab.value))
    if len(qs) < 3:
        return sigma
    fmax = np.max([np.abs(v) for v in p.cache.values() if np.all(np.isfinite(v))], axis=0)
    hb = np.asarray(tab.h, dtype=float)
    for k in range(2, len(qs)):
        a, b = np.abs(qs[k - 1] - qs[k - 2]), np.abs(qs[k] - qs[k - 1])
        rough = (b >= 1.2 * 2.0 ** -pw * a) & (b > 100 * p.g.eps * fmax / hs[k] ** n) & np.isfinite(b) \
            & (hs[k] <= 2 * hb)
        sigma = np.maximum(sigma, np.where(rough, b * hs[k] ** n, 0.0))
    return sigma


def suspicious(p: Point, out: dict) -> bool:
    """Whether the cheap answer needs the one-sided scan (mibun.numeric.edges)."""
    if out.get("kink", (False,))[0] or str(out.get("method", "")).startswith("richardson-"):
        return True
    v = float(np.asarray(out["value"]).reshape(-1)[0])
    e = float(np.asarray(out["error"]).reshape(-1)[0])
    return needs_scan(p, v, e)


def why_not(notes: list) -> str:
    """The catalogue key saying why there is no derivative (kink, jump, infinite slope, undetermined)."""
    keys = {k for k, _ in notes}
    if "numeric.note.undetermined" in keys or "numeric.note.undefined_both" in keys:
        return "numeric.err.undetermined"
    if "numeric.note.jump" in keys:
        return "numeric.err.jump"
    if "numeric.note.infinite_slope" in keys:
        return "numeric.err.infinite_slope"
    return "numeric.err.kink"


__all__ = ["kink_test", "slow_convergence", "noise", "suspicious", "why_not"]
