"""Numerical derivatives f⁽ⁿ⁾(x) with an honest error estimate.

Methods
    "richardson"  central differences  D(h) = Σ wᵢ f(x + sᵢh)/hⁿ  at h₀, h₀/2, h₀/4, …, extrapolated in a
                  Richardson/Neville tableau (error ≈ c₂h² + c₄h⁴ + … is cancelled term by term). The
                  first step is relative, h₀ = ½·max(1, |x|)^½, and the tableau stops when its diagonals stop
                  improving. Error = Ridders' tableau difference + the rounding ε·Σ|wᵢ f(x+sᵢh)|/hⁿ carried
                  through the tableau.
    "complex"     complex step  f'(x) ≈ Im f(x + ih)/h  with h = 10⁻²⁰·|x|: one evaluation, no cancellation,
                  exact to machine precision for real-analytic f (wrong for |x|, max, relu …: not analytic).
    "auto"        (default) uses the complex step when f accepts complex input *and* a short real tableau
                  agrees with it (this also catches non-analytic f); otherwise "richardson".
    "central", "forward", "backward"  one fixed stencil with step h (given or ε^{1/(n+2)}·max(1,|x|)); its
                  error is estimated from a second stencil at 2h.

Hard points are reported, never hidden:
    * a step outside f's domain (NaN/inf/exception) → shorter steps, else a one-sided stencil, with a note;
    * a kink (left ≠ right derivative, n = 1): forward and backward quotients (free by-products of the
      central ones) are extrapolated separately; if they disagree, ``derivative`` raises
      ``NotDifferentiableError`` carrying ``.left`` and ``.right`` (``on_kink="flag"`` returns a result with
      ``differentiable=False``, ``value`` NaN and ``left``/``right`` instead);
    * noise: the tableau cannot converge, so the error estimate is large (never a confident number).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from mibun.errors import InputError, NotDifferentiableError
from mibun.numeric.edges import settle
from mibun.numeric.evaluation import Counter, as_function, as_points
from mibun.numeric.extrapolation import EPS
from mibun.numeric.paths import complex_step, fixed_stencil, richardson
from mibun.numeric.point import Point, base_step
from mibun.numeric.results import DerivativeResult, fmt
from mibun.numeric.symptoms import suspicious, why_not

METHODS = ("auto", "richardson", "complex", "central", "forward", "backward")
_MAX_N = 8


def derivative_at(g: Counter, x: float, n: int, method: str, h: float | None, on_kink: str,
                  fx: np.ndarray | None = None, side: str = "both") -> dict:
    """One point: value, error, h, method, notes, differentiable, left, right (arrays over f's output).
    ``side``: "both" (the derivative), "+" or "-" (the right or left derivative)."""
    if fx is None:
        fx = g.at_point(x, f"x = {fmt(x)}")
    p = Point(g, x, fx)
    out: dict | None
    if side != "both" and method in ("auto", "richardson", "complex"):
        kind = "forward" if side == "+" else "backward"
        out = richardson(p, n, h, max_levels=8, only=kind)
        if n == 1 and h is None and np.size(fx) == 1:
            out = settle(p, out, base_step(x),
                         lambda h0, k: richardson(p, 1, h0, max_levels=8, only=k), side)
    elif method in ("central", "forward", "backward"):
        out = fixed_stencil(p, n, method, h)
    elif method == "complex":
        cs = complex_step(p) if n == 1 else None
        if n != 1:
            raise InputError("numeric.err.complex_first_only")
        if cs is None:
            raise InputError("numeric.err.complex_needs_complex")
        out = {"value": cs[0], "error": cs[1], "h": np.full(np.shape(cs[0]), 1e-20 * (abs(x) or 1.0)),
               "method": "complex"}
    else:
        cs = complex_step(p) if (method == "auto" and n == 1) else None
        out = None
        if cs is not None:
            d, e = cs
            check = richardson(p, n, h, max_levels=4, restarts=0)
            for attempt in range(2):
                agree = np.all(np.abs(d - check["value"]) <= 3 * check["error"] + e)
                good = np.all(check["error"] <= 1e-5 * (np.abs(d) + p.scale()) + 1e-300)
                if check.get("kink", (False,))[0]:
                    out = check
                    break
                if agree and good:
                    out = {"value": d, "error": np.maximum(e, 8 * EPS * (np.abs(d) + p.scale())),
                           "h": np.full(np.shape(d), 1e-20 * (abs(x) or 1.0)),
                           "method": "complex", "kink": (False,)}
                    break
                if attempt == 0:
                    check = richardson(p, n, h, max_levels=6)
            if out is None:
                loose = np.all(np.abs(d - check["value"]) <= 3 * check["error"] + e) and \
                    np.all(check["error"] <= 1e-3 * (np.abs(d) + p.scale()) + 1e-300)
                if loose:  # agreement only to the real check's accuracy: claim no more than that
                    bound = np.abs(d - check["value"]) + check["error"]
                    out = {"value": d, "error": np.maximum(e, bound),
                           "h": np.full(np.shape(d), 1e-20 * (abs(x) or 1.0)),
                           "method": "complex", "kink": (False,)}
                else:
                    p.notes.append(("numeric.note.complex_rejected", {"cs": d if np.ndim(d) else float(d)}))
                    out = check
        if out is None:
            out = richardson(p, n, h, max_levels=6)
        if n == 1 and h is None and np.size(fx) == 1 and suspicious(p, out):
            out = settle(p, out, base_step(x), lambda h0, k: richardson(p, 1, h0, max_levels=8, only=k))
    out.setdefault("differentiable", True)
    kink = out.pop("kink", (False,))
    if kink[0]:
        _, left, right, el, er = kink
        lv = left if (left is None or np.ndim(left)) else float(left)
        rv = right if (right is None or np.ndim(right)) else float(right)
        if on_kink == "raise":
            raise NotDifferentiableError(why_not(p.notes), x=fmt(x), left=lv, right=rv,
                                         left_text=fmt(lv, 10), right_text=fmt(rv, 10))
        flagged = out.pop("value_if_flagged", np.nan)
        out.update(differentiable=False, left=lv, right=rv, value=np.full(np.shape(out["value"]), flagged),
                   error=np.full(np.shape(out["value"]), np.nan))
    seen: list = []
    for note in p.notes:
        if note not in seen:
            seen.append(note)
    out["notes"] = seen
    return out


def _check_common(f: Any, n: Any, method: str, h: Any, on_kink: str) -> None:
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or not 1 <= n <= _MAX_N:
        raise InputError("numeric.err.order", max=_MAX_N, got=repr(n))
    if method not in METHODS:
        raise InputError("numeric.err.method", got=repr(method), choices=", ".join(METHODS))
    if isinstance(h, int) and not isinstance(h, bool) and abs(h) > 2 ** 1023:
        from mibun.budget import to_float

        to_float(h, "h")  # a clear error, not a bare OverflowError
    if h is not None and (not isinstance(h, (int, float, np.floating, np.integer)) or not h > 0
                          or not math.isfinite(h)):
        raise InputError("numeric.err.h", got=repr(h))
    if on_kink not in ("raise", "flag"):
        raise InputError("numeric.err.on_kink", got=repr(on_kink))


def derivative(f: Callable[..., Any] | Any, x: Any, n: int = 1, method: str = "auto", h: float | None = None,
               *, on_kink: str = "raise", side: str = "both") -> DerivativeResult:
    """The n-th derivative f⁽ⁿ⁾(x) with an error estimate (x a number or an array: elementwise).

    >>> r = derivative(np.sin, 1.0); r.value, r.error, r.evaluations, r.method
    A kink raises NotDifferentiableError with .left/.right (or pass on_kink="flag"); so do an infinite
    slope (√x at 0: left None, right ∞), a jump and quotients that never settle (value NaN when flagged).
    ``side="+"``/``"-"`` asks for the right/left derivative f′₊(x)/f′₋(x) (±∞ where the slope is infinite).
    """
    _check_common(f, n, method, h, on_kink)
    if side not in ("both", "+", "-"):
        raise InputError("numeric.err.side", got=repr(side))
    n = int(n)
    fn, _ = as_function(f, what="derivative: f")
    xs = as_points(x)
    g = Counter(fn)
    vals, errs, hs, methods, notes, diffs, lefts, rights = [], [], [], [], [], [], [], []
    for xi in xs.reshape(-1):
        xi = float(xi)
        r = derivative_at(g, xi, n, method, h, on_kink, side=side)
        vals.append(r["value"])
        errs.append(r["error"])
        hs.append(r["h"])
        methods.append(r["method"])
        diffs.append(r["differentiable"])
        lefts.append(r.get("left"))
        rights.append(r.get("right"))
        notes += [(k, {**fl, "x": xi}) for k, fl in r["notes"]]
    uniq = sorted(set(methods))
    meth = uniq[0] if len(uniq) == 1 else "mixed"
    if xs.ndim == 0:
        def one(v):
            return v.item() if isinstance(v, np.ndarray) and v.ndim == 0 else v
        return DerivativeResult(one(vals[0]), one(errs[0]), g.calls, one(hs[0]), meth, n=n, x=float(xs),
                                differentiable=bool(np.all(diffs[0])), left=lefts[0], right=rights[0],
                                notes=notes)
    shape = xs.shape + np.shape(vals[0])
    value = np.array(vals, dtype=float).reshape(shape)
    error = np.array(errs, dtype=float).reshape(shape)
    hh = np.array([np.mean(v) for v in hs]).reshape(xs.shape)
    dif = np.array([bool(np.all(d)) for d in diffs]).reshape(xs.shape)
    left = right = None
    if not np.all(dif):
        left = np.array([np.nan if v is None else np.mean(v) for v in lefts]).reshape(xs.shape)
        right = np.array([np.nan if v is None else np.mean(v) for v in rights]).reshape(xs.shape)
    return DerivativeResult(value, error, g.calls, hh, meth, n=n, x=xs, differentiable=dif if not np.all(dif)
                            else True, left=left, right=right, notes=notes)


__all__ = ["derivative", "derivative_at", "METHODS"]
