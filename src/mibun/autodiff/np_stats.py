"""NumPy's statistics on Tensors, differentiable: average, quantile/percentile/median (linear
interpolation between sorted values: the gradient goes to the two neighbours, weighted), and the
nan-functions (NaN entries are left out, so they get gradient 0)."""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.autodiff import functions as F
from mibun.autodiff.functions import _t
from mibun.autodiff.np_array import moveaxis, ravel, sort
from mibun.autodiff.np_math import amax, amin, cumprod, cumsum, prod
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError, ShapeError

ArrayLike = Any


def average(a: ArrayLike, axis=None, weights: ArrayLike = None, returned: bool = False, keepdims: bool = False):
    at = _t(a)
    if weights is None:
        avg = F.mean(at, axis=axis, keepdims=keepdims)
        scl: Any = float(at.size if axis is None else np.prod([at.shape[v] for v in np.atleast_1d(axis)]))
    else:
        w = _t(weights)
        if w.shape != at.shape:
            if axis is None or w.ndim != 1:
                raise ShapeError("engine.err.weights_shape_do_not", shape=w.shape, shape2=at.shape)
            shape = [1] * at.ndim
            shape[int(axis) % at.ndim] = w.shape[0]
            w = F.reshape(w, tuple(shape))
        scl = F.sum(F.broadcast_to(w, at.shape) if w.shape != at.shape else w, axis=axis, keepdims=keepdims)
        avg = F.sum(at * w, axis=axis, keepdims=keepdims) / scl
    return (avg, scl) if returned else avg


def quantile(a: ArrayLike, q, axis=None, keepdims: bool = False, method: str = "linear") -> Tensor:
    """Linear-interpolation quantiles (NumPy's default method); q in [0, 1]."""
    if method != "linear":
        raise InputError("engine.err.only_method_linear_differentiable", method=method)
    at = _t(a)
    if axis is None:
        at, axis = ravel(at), 0
    ax = int(axis) % at.ndim
    s = moveaxis(sort(at, axis=ax), ax, -1)
    n = s.shape[-1]
    qs = np.asarray(q, dtype=np.float64)
    pos = qs * (n - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, n - 1)
    frac = (pos - lo).astype(at.dtype)
    vlo, vhi = s[..., lo], s[..., hi]
    out = vlo + (vhi - vlo) * frac                       # shape (..., *q.shape)
    if qs.ndim:
        out = F.transpose(out, tuple(range(out.ndim - qs.ndim, out.ndim)) + tuple(range(out.ndim - qs.ndim)))
    if keepdims:
        rest = out.shape[qs.ndim:]
        kept = list(rest)
        kept.insert(ax, 1)
        out = F.reshape(out, out.shape[: qs.ndim] + tuple(kept))
    return out


def percentile(a: ArrayLike, q, axis=None, keepdims: bool = False, method: str = "linear") -> Tensor:
    return quantile(a, np.asarray(q, dtype=np.float64) / 100.0, axis, keepdims, method)


def median(a: ArrayLike, axis=None, keepdims: bool = False) -> Tensor:
    return quantile(a, 0.5, axis, keepdims)


# ---------------------------------------------------------------- nan-functions
def _nan_mask(at: Tensor):
    return np.isnan(at.data)


def nansum(a: ArrayLike, axis=None, keepdims: bool = False) -> Tensor:
    at = _t(a)
    return F.sum(F.where(_nan_mask(at), 0.0, at), axis=axis, keepdims=keepdims)


def nanmean(a: ArrayLike, axis=None, keepdims: bool = False) -> Tensor:
    at = _t(a)
    count = np.sum(~_nan_mask(at), axis=axis, keepdims=keepdims).astype(at.dtype)
    return nansum(at, axis, keepdims) / count


def nanvar(a: ArrayLike, axis=None, keepdims: bool = False, ddof: int = 0) -> Tensor:
    at = _t(a)
    mask = _nan_mask(at)
    count = np.sum(~mask, axis=axis, keepdims=True).astype(at.dtype)
    m = nansum(at, axis, True) / count
    d = F.where(mask, 0.0, at - m)
    cnt = np.sum(~mask, axis=axis, keepdims=keepdims).astype(at.dtype)
    return F.sum(d * d, axis=axis, keepdims=keepdims) / (cnt - ddof)


def nanstd(a: ArrayLike, axis=None, keepdims: bool = False, ddof: int = 0) -> Tensor:
    return F.safe_sqrt(nanvar(a, axis, keepdims, ddof))


def nanmax(a: ArrayLike, axis=None, keepdims: bool = False) -> Tensor:
    at = _t(a)
    return amax(F.where(_nan_mask(at), -np.inf, at), axis, keepdims)


def nanmin(a: ArrayLike, axis=None, keepdims: bool = False) -> Tensor:
    at = _t(a)
    return amin(F.where(_nan_mask(at), np.inf, at), axis, keepdims)


def nanprod(a: ArrayLike, axis=None, keepdims: bool = False) -> Tensor:
    at = _t(a)
    return prod(F.where(_nan_mask(at), 1.0, at), axis, keepdims)


def nancumsum(a: ArrayLike, axis=None) -> Tensor:
    at = _t(a)
    return cumsum(F.where(_nan_mask(at), 0.0, at), axis)


def nancumprod(a: ArrayLike, axis=None) -> Tensor:
    at = _t(a)
    return cumprod(F.where(_nan_mask(at), 1.0, at), axis)


def nanmedian(a: ArrayLike, axis=None, keepdims: bool = False) -> Tensor:
    at = _t(a)
    if not _nan_mask(at).any():
        return median(at, axis, keepdims)
    raise InputError("engine.err.arrays_holding_nan_not")


__all__ = ["average", "quantile", "percentile", "median", "nansum", "nanmean", "nanvar", "nanstd", "nanmax",
           "nanmin", "nanprod", "nancumsum", "nancumprod", "nanmedian"]
