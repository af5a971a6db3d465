"""Reductions along axes: sum, mean, max, min, logsumexp, and the axis-wise softmax / log_softmax.

Backward of a reduction broadcasts ḡ back over the reduced axes: for ``sum`` as it is, for ``mean``
divided by the count, for ``max``/``min`` onto the elements that attained it (shared equally on ties),
for ``logsumexp`` weighted by softmax(x).
"""

from __future__ import annotations

import numpy as np

from mibun.autodiff.backends import NP, raw
from mibun.autodiff.devices import as_array
from mibun.autodiff.registry import defop


def norm_axes(axis, ndim: int):
    """``axis`` (None, int or tuple; negatives allowed) as a sorted tuple of non-negative ints."""
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    out = []
    for a in axes:
        a = int(a)
        if not -ndim <= a < max(ndim, 1):
            from mibun.errors import ShapeError

            raise ShapeError("engine.err.axis_out_of_range_ndim", a=a, ndim=ndim)
        out.append(a % ndim if ndim else 0)
    return tuple(sorted(set(out)))


def kept_shape(shape, axis):
    """The shape a reduction over ``axis`` has with keepdims=True."""
    axes = norm_axes(axis, len(shape))
    return tuple(1 if i in axes else s for i, s in enumerate(shape))


def expand_back(ns, g, x, axis, keepdims):
    """ḡ of a reduction, reshaped so it broadcasts against x."""
    if keepdims or getattr(raw(g), "ndim", 0) == raw(x).ndim:
        return g
    return ns.reshape(g, kept_shape(raw(x).shape, axis))


def _count(x, axis):
    shape = raw(x).shape
    n = 1
    for a in norm_axes(axis, len(shape)):
        n *= shape[a]
    return n


def _np_sum(x, axis=None, keepdims=False):
    """np.sum without its Python wrapper for arrays (the method is the same reduction)."""
    if type(x) is np.ndarray:
        return x.sum(axis=axis, keepdims=keepdims)
    return np.sum(x, axis=axis, keepdims=keepdims)


SUM = defop("sum", _np_sum,
            (lambda ns, g, out, x, axis=None, keepdims=False:
             ns.broadcast_to(expand_back(ns, g, x, axis, keepdims), raw(x).shape),),
            (lambda t, out, x, axis=None, keepdims=False: np.sum(t, axis=axis, keepdims=keepdims),),
            rule=("∂(Σᵢ uᵢ)/∂uⱼ = 1",), rule_latex=(r"\frac{\partial \sum_i u_i}{\partial u_j} = 1",),
            template="Σ {0}", symbol="Σ")
MEAN = defop("mean", lambda x, axis=None, keepdims=False: np.mean(x, axis=axis, keepdims=keepdims),
             (lambda ns, g, out, x, axis=None, keepdims=False:
              ns.broadcast_to(expand_back(ns, g, x, axis, keepdims) / _count(x, axis), raw(x).shape),),
             (lambda t, out, x, axis=None, keepdims=False: np.mean(t, axis=axis, keepdims=keepdims),),
             rule=("∂(mean u)/∂uⱼ = 1/n",), rule_latex=(r"\frac{\partial \bar u}{\partial u_j} = \frac{1}{n}",),
             template="mean({0})")


def _extreme_weights(x, out, axis, keepdims):
    xd, od = raw(x), raw(out)
    if not keepdims:
        od = od.reshape(kept_shape(xd.shape, axis))
    mask = xd == od
    w = mask / np.sum(mask, axis=norm_axes(axis, xd.ndim), keepdims=True)
    return w.astype(xd.dtype, copy=False)


def _extreme_vjp(ns, g, out, x, axis=None, keepdims=False):
    return expand_back(ns, g, x, axis, keepdims) * _extreme_weights(x, out, axis, keepdims)


def _extreme_jvp(t, out, x, axis=None, keepdims=False):
    return np.sum(t * _extreme_weights(x, out, axis, keepdims), axis=axis, keepdims=keepdims)


MAX = defop("max", lambda x, axis=None, keepdims=False: np.max(x, axis=axis, keepdims=keepdims),
            (_extreme_vjp,), (_extreme_jvp,),
            rule=("∂max(u)/∂uⱼ = 1 for the largest element (shared on ties), 0 elsewhere",),
            rule_latex=(r"\frac{\partial \max u}{\partial u_j} = [u_j = \max u]",), template="max({0})")
MIN = defop("min", lambda x, axis=None, keepdims=False: np.min(x, axis=axis, keepdims=keepdims),
            (_extreme_vjp,), (_extreme_jvp,),
            rule=("∂min(u)/∂uⱼ = 1 for the smallest element (shared on ties), 0 elsewhere",),
            rule_latex=(r"\frac{\partial \min u}{\partial u_j} = [u_j = \min u]",), template="min({0})")


def np_logsumexp(x, axis=None, keepdims=False):
    """log Σ exp(x) = m + log Σ exp(x − m) with m = max x (no overflow)."""
    if type(x) is not np.ndarray:
        x = as_array(x)
    m = x.max(axis=axis, keepdims=True)
    if not np.isfinite(m).all():
        m = np.where(np.isfinite(m), m, 0)
    s = np.log(np.exp(x - m).sum(axis=axis, keepdims=True)) + m
    return s if keepdims else np.squeeze(s, axis=axis) if axis is not None else s.reshape(())


def _lse_vjp(ns, g, out, x, axis=None, keepdims=False):
    return expand_back(ns, g, x, axis, keepdims) * ns.exp(x - expand_back(ns, out, x, axis, keepdims))


def _lse_jvp(t, out, x, axis=None, keepdims=False):
    w = np.exp(x - expand_back(NP, out, x, axis, keepdims))
    return np.sum(t * w, axis=axis, keepdims=keepdims)


LOGSUMEXP = defop("logsumexp", np_logsumexp, (_lse_vjp,), (_lse_jvp,),
                  rule=("∂ log Σ eᵘ /∂uⱼ = softmax(u)ⱼ",),
                  rule_latex=(r"\frac{\partial \log\sum_i e^{u_i}}{\partial u_j} = \mathrm{softmax}(u)_j",),
                  template="logsumexp({0})")


def np_softmax(x, axis=-1):
    """softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m), m = max x."""
    if type(x) is not np.ndarray:
        x = as_array(x)
    m = x.max(axis=axis, keepdims=True)
    if not np.isfinite(m).all():
        m = np.where(np.isfinite(m), m, 0)
    e = np.exp(x - m)
    return e / e.sum(axis=axis, keepdims=True)


def np_log_softmax(x, axis=-1):
    """log softmax(x) = x − logsumexp(x)."""
    return x - np_logsumexp(x, axis=axis, keepdims=True)


SOFTMAX = defop(
    "softmax", np_softmax,
    (lambda ns, g, out, x, axis=-1: out * (g - ns.sum(g * out, axis=axis, keepdims=True)),),
    (lambda t, out, x, axis=-1: out * (t - np.sum(t * out, axis=axis, keepdims=True)),),
    rule=("∂sᵢ/∂uⱼ = sᵢ(δᵢⱼ − sⱼ), so ḡ ↦ s ⊙ (ḡ − Σ ḡ⊙s)",),
    rule_latex=(r"\frac{\partial s_i}{\partial u_j} = s_i(\delta_{ij} - s_j)",), template="softmax({0})")
LOG_SOFTMAX = defop(
    "log_softmax", np_log_softmax,
    (lambda ns, g, out, x, axis=-1: g - ns.exp(out) * ns.sum(g, axis=axis, keepdims=True),),
    (lambda t, out, x, axis=-1: t - np.sum(np.exp(out) * t, axis=axis, keepdims=True),),
    rule=("∂ log sᵢ/∂uⱼ = δᵢⱼ − sⱼ",),
    rule_latex=(r"\frac{\partial \log s_i}{\partial u_j} = \delta_{ij} - s_j",), template="log_softmax({0})")
