"""The three ways to a numerical derivative at one point.

* ``richardson``: central (or one-sided) quotients at h₀, h₀/2, … extrapolated in a Richardson tableau,
  restarted shorter when it does not converge; its error is the tableau's, at least the slow-convergence
  and noise bounds (mibun.numeric.symptoms);
* ``complex_step``: f′(x) ≈ Im f(x + ih)/h, h = 10⁻²⁰·|x| (None when f is not its own analytic extension);
* ``fixed_stencil``: one stencil at step h, its error from a second stencil at 2h.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.errors import DomainError, InputError
from mibun.numeric.extrapolation import EPS, extrapolate
from mibun.numeric.point import Point, base_step, find_step
from mibun.numeric.results import fmt
from mibun.numeric.stencils import error_powers
from mibun.numeric.symptoms import kink_test, noise, slow_convergence


def richardson(p: Point, n: int, h0: float | None, max_levels: int, restarts: int = 2,
                only: str | None = None) -> dict:
    """The extrapolated real path: central tableau, shorter steps or one-sided near a domain edge
    (``only``: this stencil kind and no other)."""
    base = base_step(p.x) if h0 is None else h0
    kind = only or "central"
    h = find_step(p, n, kind, base)
    if only is not None and h is None:
        side_key = "numeric.err.undefined_side_right" if only == "forward" else "numeric.err.undefined_side_left"
        raise DomainError(side_key, x=fmt(p.x), h=fmt(base / 8 ** 6, 3))
    if h is None:
        for kind in ("forward", "backward"):
            h = find_step(p, n, kind, base)
            if h is not None:
                break
        if h is None:
            raise DomainError("numeric.err.undefined_around", x=fmt(p.x), h=fmt(base / 8 ** 6, 3))
        p.notes.append(("numeric.note.one_sided_" + kind, {"h": base}))
    elif h < 0.99 * base and only is None:
        p.notes.append(("numeric.note.shortened", {"h0": base, "h": h}))
    pw, qw = error_powers(kind)
    levels = max_levels if kind == "central" else max_levels + 2
    best: dict[str, Any] | None = None
    sigmas: list = []
    for attempt in range(restarts + 1):
        tab = extrapolate(p.quotient(n, kind), h, 2.0, pw, qw, max_levels=levels)
        err = 2.0 * tab.error  # safety factor (calibrated on the benchmark set)
        slow_err, tab.value = slow_convergence(tab, pw, p)  # (Aitken's value where convergence is slow)
        err = np.maximum(err, slow_err)
        sig = noise(tab, n, p, pw)
        err = np.maximum(err, 6.0 * sig / np.asarray(tab.h, dtype=float) ** n)
        sigmas.append((h, sig))
        if best is None or np.all(err <= best["error"]):
            best = {"value": tab.value, "error": err, "h": tab.h, "steps": tab.steps, "kind": kind, "h0": h}
        converged = np.all(err <= 1e-9 * (np.abs(tab.value) + p.scale()) + 1e-300)
        if converged or attempt == restarts:
            break
        # not converged: the steps may be too long for the function's scale; start shorter
        h_new = p.step(abs(p.x) / 2 if (p.x != 0 and abs(p.x) < h / 4) else h / 16)
        if h_new <= 0 or not p.defined(n, kind, h_new):
            break
        h = h_new
    assert best is not None  # the first attempt always sets it
    # noise seen at shorter steps is noise at the longer steps of an earlier tableau too
    sigma = np.max([sg for h_start, sg in sigmas if h_start <= best["h0"]], axis=0)
    best["error"] = np.maximum(best["error"], 6.0 * sigma / np.asarray(best["h"], dtype=float) ** n)
    best["method"] = "richardson" if kind == "central" else f"richardson-{kind}"
    if kind == "central" and n == 1:
        # kink test on the last steps of the tableau the estimate came from
        best["kink"] = kink_test(p, best["steps"])
    return best


def complex_step(p: Point) -> tuple[np.ndarray, np.ndarray] | None:
    hc = 1e-20 * (abs(p.x) if p.x != 0 else 1.0)
    z = p.g.complex(complex(p.x, hc))
    if z is None or not np.all(np.isfinite(z)):
        return None
    if not np.all(np.abs(z.real - p.fx) <= 1e-9 * np.abs(p.fx) + 1e-20):
        return None  # f does something else with complex input: not the analytic extension
    with np.errstate(all="ignore"):
        d = z.imag / hc
    if not np.all(np.isfinite(d)):
        return None
    err = 8 * EPS * (np.abs(d) + p.scale())
    return d, err


def fixed_stencil(p: Point, n: int, kind: str, h: float | None) -> dict:
    pw, _ = error_powers(kind)
    if h is None:
        h = p.g.eps ** (1.0 / (n + pw)) * max(1.0, abs(p.x)) * (2.0 if n > 1 else 1.0)
    h = p.step(h)
    if h <= 0:
        raise InputError("numeric.err.step_vanishes", h=fmt(h), x=fmt(p.x))
    used = kind
    if not p.defined(n, kind, h):
        alternatives = ("forward", "backward") if kind == "central" else ()
        one_sided = next((k for k in alternatives if p.defined(n, k, h)), None)
        if one_sided is None:
            other = "method='backward'" if kind == "forward" else "method='forward'"
            raise DomainError("numeric.err.stencil_h_x_leaves", kind=kind, h=fmt(h), x=fmt(p.x), other=other)
        used = one_sided
        p.notes.append(("numeric.note.one_sided_" + used, {"h": h}))
    q = p.quotient(n, used)
    d, r = q(h)
    if p.defined(n, used, 2 * h):
        d2, r2 = q(2 * h)
        err = 2.0 * (np.abs(d - d2) / (2 ** pw - 1) + r + r2)
    else:
        err = np.full(np.shape(d), np.inf)
    return {"value": d, "error": err, "h": np.full(np.shape(d), h), "method": used}


__all__ = ["richardson", "complex_step", "fixed_stencil"]
