"""Partial derivatives, gradients, Jacobians and Hessians of f: ℝⁿ → ℝᵐ (any input/output shape).

    ∂f/∂xᵢ          derivative of t ↦ f(x + (t − xᵢ)eᵢ) at t = xᵢ  (same methods and error estimates)
    gradient, jacobian   all partials; jacobian has shape f(x).shape + x.shape
    hessian         diagonal by the central second difference; off-diagonal by the symmetric 2-D stencil
                    Hᵢⱼ ≈ [f(x+aeᵢ+beⱼ) − f(x+aeᵢ−beⱼ) − f(x−aeᵢ+beⱼ) + f(x−aeᵢ−beⱼ)] / (4ab)
                    (error c₂h² + c₄h⁴ + …, Richardson-extrapolated), so H is symmetric by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from mibun.errors import DomainError, InputError
from mibun.numeric.derivative import _check_common, derivative_at
from mibun.numeric.evaluation import Counter, as_function, as_points
from mibun.numeric.extrapolation import EPS, extrapolate
from mibun.numeric.results import DerivativeResult, fmt


class _Slice:
    """t ↦ f(x with x[i] = t), real or complex; ``fcalls`` counts calls of f."""

    def __init__(self, f: Callable, x: np.ndarray, i: int):
        self.f, self.x, self.i = f, x, i

    def __call__(self, t):
        xv = self.x.astype(complex if isinstance(t, complex) else float).reshape(-1).copy()
        xv[self.i] = t
        return self.f(xv.reshape(self.x.shape))


def _prepare(f: Any, x: Any, what: str) -> tuple[Callable, np.ndarray, np.ndarray, int]:
    fn, _ = as_function(f, what=f"{what}: f")
    xs = as_points(x, f"{what}: x")
    if xs.ndim == 0:
        xs = xs.reshape(1)
    c = Counter(fn)
    fx = c.at_point(xs, f"x = {fmt(xs)}")
    return fn, xs, fx, c.calls


def _columns(fn: Callable, xs: np.ndarray, fx: np.ndarray, indices: list[int], method: str, h: Any,
             on_kink: str) -> tuple[list[dict], int]:
    outs, calls = [], 0
    for i in indices:
        g = Counter(_Slice(fn, xs, i), name=f"f along x[{i}]")
        g.shape = fx.shape
        outs.append(derivative_at(g, float(xs.reshape(-1)[i]), 1, method, h, on_kink, fx=fx))
        calls += g.calls
    return outs, calls


def _index(xs: np.ndarray, i: Any) -> int:
    if isinstance(i, (int, np.integer)) and not isinstance(i, bool):
        idx = int(i)
        if not -xs.size <= idx < xs.size:
            raise InputError("numeric.err.index_i_out_range", idx=idx, size=xs.size)
        return idx % xs.size
    if isinstance(i, tuple):
        try:
            return int(np.ravel_multi_index(i, xs.shape))
        except ValueError:
            raise InputError("numeric.err.index_does_not_fit", i=i, shape=xs.shape) from None
    raise InputError("numeric.err.i_integer_index_tuple", i=i)


def _result(outs: list[dict], shape: tuple, calls: int, kind: str, x: np.ndarray) -> DerivativeResult:
    value = np.stack([np.asarray(o["value"], float) for o in outs], axis=-1).reshape(shape)
    error = np.stack([np.asarray(o["error"], float) for o in outs], axis=-1).reshape(shape)
    h = np.array([np.mean(o["h"]) for o in outs])
    methods = sorted({o["method"] for o in outs})
    notes = [n for o in outs for n in o["notes"]]
    res = DerivativeResult(value, error, calls, h, methods[0] if len(methods) == 1 else "mixed", x=x,
                           kind=kind, notes=notes)
    if not all(o["differentiable"] for o in outs):  # on_kink="flag": per input entry, left/right partials
        res.differentiable = np.array([bool(o["differentiable"]) for o in outs]).reshape(x.shape)

        def side(key: str) -> np.ndarray:
            return np.stack([np.full(np.shape(o["value"]), np.nan) if o.get(key) is None
                             else np.asarray(o[key], float) for o in outs], axis=-1).reshape(shape)

        res.left, res.right = side("left"), side("right")
    return res


def partial(f: Callable[..., Any] | Any, x: Any, i: int | tuple = 0, method: str = "auto",
            h: float | None = None, *, on_kink: str = "raise") -> DerivativeResult:
    """∂f/∂xᵢ at x (f takes the whole array x); i is a flat index or a tuple index into x."""
    _check_common(f, 1, method, h, on_kink)
    fn, xs, fx, calls = _prepare(f, x, "partial")
    idx = _index(xs, i)
    outs, c2 = _columns(fn, xs, fx, [idx], method, h, on_kink)
    o = outs[0]
    val = o["value"].item() if np.ndim(o["value"]) == 0 else o["value"]
    err = o["error"].item() if np.ndim(o["error"]) == 0 else o["error"]
    return DerivativeResult(val, err, calls + c2, float(np.mean(o["h"])), o["method"], x=xs, kind="partial",
                            notes=o["notes"])


def jacobian(f: Callable[..., Any] | Any, x: Any, method: str = "auto", h: float | None = None, *,
             on_kink: str = "raise") -> DerivativeResult:
    """J[..., j] = ∂f(x)/∂x[j]: shape f(x).shape + x.shape, each entry with its error estimate."""
    _check_common(f, 1, method, h, on_kink)
    fn, xs, fx, calls = _prepare(f, x, "jacobian")
    outs, c2 = _columns(fn, xs, fx, list(range(xs.size)), method, h, on_kink)
    return _result(outs, fx.shape + xs.shape, calls + c2, "jacobian", xs)


def gradient(f: Callable[..., Any] | Any, x: Any, method: str = "auto", h: float | None = None, *,
             on_kink: str = "raise") -> DerivativeResult:
    """∇f(x) for a scalar f (shape of x)."""
    _check_common(f, 1, method, h, on_kink)
    fn, xs, fx, calls = _prepare(f, x, "gradient")
    if fx.size != 1:
        raise InputError("numeric.err.gradient_scalar", shape=str(fx.shape))
    outs, c2 = _columns(fn, xs, fx.reshape(()), list(range(xs.size)), method, h, on_kink)
    return _result(outs, xs.shape, calls + c2, "gradient", xs)


def hessian(f: Callable[..., Any] | Any, x: Any, h: float | None = None) -> DerivativeResult:
    """∇²f(x) for a scalar f: symmetric, shape x.shape + x.shape, each entry Richardson-extrapolated."""
    _check_common(f, 2, "richardson", h, "raise")
    fn, xs, fx, calls = _prepare(f, x, "hessian")
    if fx.size != 1:
        raise InputError("numeric.err.hessian_scalar", shape=str(fx.shape))
    fx = fx.reshape(())
    m = xs.size
    flat = xs.reshape(-1)
    scale = np.maximum(1.0, np.abs(flat)) ** 0.5
    c = Counter(lambda v: fn(v.reshape(xs.shape)), name="f")
    c.shape = ()
    H = np.zeros((m, m))
    E = np.zeros((m, m))
    steps = np.zeros((m, m))
    notes: list = []
    # diagonal: central second differences along each axis
    for i in range(m):
        g = Counter(_Slice(fn, xs, i), name=f"f along x[{i}]")
        g.shape = ()
        o = derivative_at(g, float(flat[i]), 2, "richardson", h, "raise", fx=fx)
        H[i, i], E[i, i], steps[i, i] = float(o["value"]), float(o["error"]), float(np.mean(o["h"]))
        notes += o["notes"]
        calls += g.calls
    cache: dict = {}

    def at(i: int, j: int, a: float, b: float) -> float:
        key = (i, j, a, b)
        if key not in cache:
            v = flat.copy()
            v[i] += a
            v[j] += b
            cache[key] = float(c.real(v))
        return cache[key]

    for i in range(m):
        for j in range(i + 1, m):
            def q(hh, i=i, j=j):
                a, b = (flat[i] + scale[i] * hh) - flat[i], (flat[j] + scale[j] * hh) - flat[j]
                vals = [at(i, j, a, b), -at(i, j, a, -b), -at(i, j, -a, b), at(i, j, -a, -b)]
                return sum(vals) / (4 * a * b), 4 * EPS * sum(abs(v) for v in vals) / abs(4 * a * b)
            h0 = 0.5 if h is None else h
            for _ in range(6):
                if np.isfinite(q(h0)[0]):
                    break
                h0 /= 8
            else:
                raise DomainError("numeric.err.f_undefined_around_x", xs=fmt(xs), i=i, j=j)
            tab = extrapolate(q, h0, 2.0, 2, 2, max_levels=6)
            H[i, j] = H[j, i] = float(tab.value)
            E[i, j] = E[j, i] = 2.0 * float(tab.error)
            steps[i, j] = steps[j, i] = float(tab.h)
    calls += c.calls
    shape = xs.shape + xs.shape
    return DerivativeResult(H.reshape(shape), E.reshape(shape), calls, steps.reshape(shape), "richardson",
                            n=2, x=xs, kind="hessian", notes=notes)


__all__ = ["partial", "gradient", "jacobian", "hessian"]
