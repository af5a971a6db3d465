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

from mibun.errors import DomainError, InputError, NotDifferentiableError
from mibun.numeric.edges import needs_scan, settle
from mibun.numeric.evaluation import Counter, as_function, as_points
from mibun.numeric.extrapolation import EPS, extrapolate
from mibun.numeric.results import DerivativeResult, fmt
from mibun.numeric.stencils import error_powers, stencil

METHODS = ("auto", "richardson", "complex", "central", "forward", "backward")
_MAX_N = 8


class _Point:
    """One derivative problem: g(t) (a Counter over a scalar→array function) at the point x."""

    def __init__(self, g: Counter, x: float, fx: np.ndarray):
        self.g, self.x, self.fx = g, x, fx
        self.cache: dict[float, np.ndarray] = {0.0: fx}
        self.notes: list[tuple[str, dict]] = []

    def at(self, offset: float) -> np.ndarray:
        """f(x + offset), each point evaluated (and counted) once."""
        if offset not in self.cache:
            self.cache[offset] = self.g.real(self.x + offset)
        return self.cache[offset]

    def step(self, h: float) -> float:
        """h adjusted so that x + h is exactly representable (h = (x + h) − x)."""
        return (self.x + h) - self.x

    def quotient(self, n: int, kind: str) -> Callable[[float], tuple[np.ndarray, np.ndarray]]:
        offs, ws = stencil(n, kind)

        def q(h: float):
            h = self.step(h)  # so that x ± s·h are the points actually evaluated (h₀/2ᵏ may not be)
            vals = [self.at(s * h) for s in offs]
            d = sum(w * v for w, v in zip(ws, vals, strict=True)) / h ** n
            eps = self.g.eps
            r = 4 * eps * sum(abs(w) * np.abs(v) for w, v in zip(ws, vals, strict=True)) / h ** n
            if eps > EPS and n == 1:  # a low-precision f also rounds its input x + sh: error ≈ f'·ε·|x|
                r = r + 4 * eps * abs(self.x) * np.abs(d) * sum(abs(w) for w in ws) / h
            return d, r

        return q

    def defined(self, n: int, kind: str, h: float) -> bool:
        offs, _ = stencil(n, kind)
        return all(np.all(np.isfinite(self.at(s * h))) for s in offs)

    def scale(self) -> np.ndarray:
        """A size for f'(x) when it is 0: the largest |f| seen so far over max(1, |x|)."""
        vals = [np.abs(v) for v in self.cache.values() if np.all(np.isfinite(v))]
        return np.max(vals, axis=0) / max(1.0, abs(self.x))


def _base_step(x: float) -> float:
    return 0.5 * max(1.0, abs(x)) ** 0.5 if abs(x) < 1e8 else 1e-4 * abs(x)


def _find_step(p: _Point, n: int, kind: str, h0: float) -> float | None:
    """The first step (h₀, then shorter) at which the stencil stays inside f's domain."""
    h = p.step(h0)
    for _ in range(6):
        if h > 0 and p.defined(n, kind, h):
            return h
        h = p.step(abs(p.x) / 2 if (p.x != 0 and abs(p.x) < h) else h / 8)
    return None


def _kink(p: _Point, steps: list[float]) -> tuple[bool, Any, Any, Any, Any]:
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


def _slow_convergence(tab, pw: int, p: _Point) -> tuple[np.ndarray, np.ndarray]:
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


def _noise(tab, n: int, p: _Point, pw: int = 2) -> np.ndarray:
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


def _richardson(p: _Point, n: int, h0: float | None, max_levels: int, restarts: int = 2,
                only: str | None = None) -> dict:
    """The extrapolated real path: central tableau, shorter steps or one-sided near a domain edge
    (``only``: this stencil kind and no other)."""
    base = _base_step(p.x) if h0 is None else h0
    kind = only or "central"
    h = _find_step(p, n, kind, base)
    if only is not None and h is None:
        side_key = "numeric.err.undefined_side_right" if only == "forward" else "numeric.err.undefined_side_left"
        raise DomainError(side_key, x=fmt(p.x), h=fmt(base / 8 ** 6, 3))
    if h is None:
        for kind in ("forward", "backward"):
            h = _find_step(p, n, kind, base)
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
        slow_err, tab.value = _slow_convergence(tab, pw, p)  # (Aitken's value where convergence is slow)
        err = np.maximum(err, slow_err)
        sig = _noise(tab, n, p, pw)
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
        best["kink"] = _kink(p, best["steps"])
    return best


def _complex_step(p: _Point) -> tuple[np.ndarray, np.ndarray] | None:
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


def _fixed(p: _Point, n: int, kind: str, h: float | None) -> dict:
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


def derivative_at(g: Counter, x: float, n: int, method: str, h: float | None, on_kink: str,
                  fx: np.ndarray | None = None, side: str = "both") -> dict:
    """One point: value, error, h, method, notes, differentiable, left, right (arrays over f's output).
    ``side``: "both" (the derivative), "+" or "-" (the right or left derivative)."""
    if fx is None:
        fx = g.at_point(x, f"x = {fmt(x)}")
    p = _Point(g, x, fx)
    out: dict | None
    if side != "both" and method in ("auto", "richardson", "complex"):
        kind = "forward" if side == "+" else "backward"
        out = _richardson(p, n, h, max_levels=8, only=kind)
        if n == 1 and h is None and np.size(fx) == 1:
            out = settle(p, out, _base_step(x),
                         lambda h0, k: _richardson(p, 1, h0, max_levels=8, only=k), side)
    elif method in ("central", "forward", "backward"):
        out = _fixed(p, n, method, h)
    elif method == "complex":
        cs = _complex_step(p) if n == 1 else None
        if n != 1:
            raise InputError("numeric.err.complex_first_only")
        if cs is None:
            raise InputError("numeric.err.complex_needs_complex")
        out = {"value": cs[0], "error": cs[1], "h": np.full(np.shape(cs[0]), 1e-20 * (abs(x) or 1.0)),
               "method": "complex"}
    else:
        cs = _complex_step(p) if (method == "auto" and n == 1) else None
        out = None
        if cs is not None:
            d, e = cs
            check = _richardson(p, n, h, max_levels=4, restarts=0)
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
                    check = _richardson(p, n, h, max_levels=6)
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
            out = _richardson(p, n, h, max_levels=6)
        if n == 1 and h is None and np.size(fx) == 1 and _suspicious(p, out):
            out = settle(p, out, _base_step(x), lambda h0, k: _richardson(p, 1, h0, max_levels=8, only=k))
    out.setdefault("differentiable", True)
    kink = out.pop("kink", (False,))
    if kink[0]:
        _, left, right, el, er = kink
        lv = left if (left is None or np.ndim(left)) else float(left)
        rv = right if (right is None or np.ndim(right)) else float(right)
        if on_kink == "raise":
            raise NotDifferentiableError(_why_not(p.notes), x=fmt(x), left=lv, right=rv,
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


def _suspicious(p: _Point, out: dict) -> bool:
    """Whether the cheap answer needs the one-sided scan (mibun.numeric.edges)."""
    if out.get("kink", (False,))[0] or str(out.get("method", "")).startswith("richardson-"):
        return True
    v = float(np.asarray(out["value"]).reshape(-1)[0])
    e = float(np.asarray(out["error"]).reshape(-1)[0])
    return needs_scan(p, v, e)


def _why_not(notes: list) -> str:
    """The catalogue key saying why there is no derivative (kink, jump, infinite slope, undetermined)."""
    keys = {k for k, _ in notes}
    if "numeric.note.undetermined" in keys or "numeric.note.undefined_both" in keys:
        return "numeric.err.undetermined"
    if "numeric.note.jump" in keys:
        return "numeric.err.jump"
    if "numeric.note.infinite_slope" in keys:
        return "numeric.err.infinite_slope"
    return "numeric.err.kink"


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
