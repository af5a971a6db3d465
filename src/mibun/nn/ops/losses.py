"""Fused losses on logits and probabilities.

* ``cross_entropy`` (class indices): ℓᵢ = −Σ_c qᵢc log softmax(zᵢ)_c with q = (1−ε)·onehot(yᵢ) + ε/C;
  z̄ᵢ = (softmax(zᵢ) − qᵢ) · ḡᵢ  (÷ the number of counted rows for reduction='mean')
* ``bce_with_logits``: ℓ = max(z,0) − z·y + log(1 + e^{−|z|});  z̄ = (σ(z) − y)·ḡ
* ``binary_cross_entropy``: ℓ = −(y log p + (1−y) log(1−p)), logs clamped at −100 (as PyTorch)
"""

from __future__ import annotations

import numpy as np

from mibun.autodiff.backends import NP, raw
from mibun.autodiff.devices import device_of, to_device
from mibun.autodiff.registry import defop
from mibun.nn.ops._common import F as _F


def _shifted(z):
    """z − max z per row (exact in floating point for the largest entries)."""
    return z - z.max(axis=1, keepdims=True)


def np_log_softmax(z):
    """(z − m) − log Σ exp(z − m): keeps full relative precision even for logits of ±1e4 in float32."""
    s = _shifted(z)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def np_softmax(z):
    e = np.exp(_shifted(z))
    return e / e.sum(axis=1, keepdims=True)


def _ce_fwd(z, target, valid, count, label_smoothing, reduction, weight=None):
    """ℓᵢ = logΣexp(zᵢ) − (1−ε) z_{i,yᵢ} − (ε/C) Σ_c z_ic, computed on z − max z. ``valid``: None when no
    row is ignored, else the mask of counted rows; ``count``: the divisor of 'mean' (rows counted, or
    the sum of their class weights). With class weights w: ℓᵢ = (1−ε) w_{yᵢ} (lse − z_{i,yᵢ}) +
    (ε/C) Σ_c w_c (lse − z_ic), as PyTorch."""
    n, c = z.shape
    s = _shifted(z)
    lse = np.log(np.exp(s).sum(axis=1))
    rows = np.arange(n)
    if weight is None:
        loss = lse - (1.0 - label_smoothing) * s[rows, target]
        if label_smoothing:
            loss -= (label_smoothing / c) * s.sum(axis=1)
    else:
        wy = weight[target]
        loss = (1.0 - label_smoothing) * wy * (lse - s[rows, target])
        if label_smoothing:
            loss += (label_smoothing / c) * (lse * weight.sum() - s @ weight)
    if valid is not None:
        loss = np.where(valid, loss, 0)
    loss = loss.astype(z.dtype, copy=False)
    if reduction == "none":
        return loss
    total = loss.sum()
    if reduction == "sum":
        return total
    return (total / count if count else np.float64(np.nan)).astype(z.dtype)


def _ce_coefficients(target, n, c, dtype, label_smoothing, weight):
    """(a, Q) with z̄ᵢ = aᵢ softmax(zᵢ) − Qᵢ: a = (1−ε) w_y + (ε/C) Σw,  Q = (1−ε) w_y onehot(y) + (ε/C) w."""
    rows = np.arange(n)
    wy = weight[target]
    a = ((1.0 - label_smoothing) * wy + (label_smoothing / c) * weight.sum()).astype(dtype, copy=False)
    q = np.zeros_like(weight, shape=(n, c), dtype=dtype)  # on the weights' device
    if label_smoothing:
        q += (label_smoothing / c) * weight
    q[rows, target] += (1.0 - label_smoothing) * wy
    return a, q


def _ce_vjp(ns, g, out, z, target, valid, count, label_smoothing, reduction, weight=None):
    """z̄ = (softmax(z) − q) · ḡ,  q = (1−ε) onehot(y) + ε/C  (÷ count for 'mean'; 0 on ignored rows);
    with class weights z̄ᵢ = (aᵢ softmax(zᵢ) − Qᵢ) · ḡ (see ``_ce_coefficients``)."""
    zr = raw(z)
    n, c = zr.shape
    rows = np.arange(n)
    scale = (1.0 / count if count else float("nan")) if reduction == "mean" else 1.0
    if ns is NP:
        d = np_softmax(zr)
        if weight is None:
            if label_smoothing:
                d -= label_smoothing / c
            d[rows, target] -= 1.0 - label_smoothing
        else:
            a, q = _ce_coefficients(target, n, c, zr.dtype, label_smoothing, weight)
            dev = device_of(zr)
            a, q = to_device(a, dev), to_device(q, dev)
            d *= a[:, None]
            d -= q
        if valid is not None:
            d[~valid] = 0
        if reduction == "none":
            d *= g[:, None]
        else:
            d *= g * scale if reduction == "mean" else g
        return d
    F = _F()
    if weight is None:
        a, q = None, np.zeros((n, c), dtype=zr.dtype)
        q[rows, target] = 1.0 - label_smoothing
        if label_smoothing:
            q += label_smoothing / c
        d = F.softmax(z, axis=1) - q
    else:
        a, q = _ce_coefficients(target, n, c, zr.dtype, label_smoothing, weight)
        d = F.softmax(z, axis=1) * a[:, None] - q
    if valid is not None:
        d = d * valid[:, None].astype(zr.dtype)
    if reduction == "none":
        return d * F.reshape(g, (n, 1))
    return d * (g * scale if reduction == "mean" else g)


CROSS_ENTROPY = defop("cross_entropy", _ce_fwd, (_ce_vjp,),
                      rule=("∂ℓ/∂z = softmax(z) − q (q: the one-hot target, smoothed)",),
                      rule_latex=(r"\frac{\partial \ell}{\partial z} = \mathrm{softmax}(z) - y",),
                      template="cross_entropy({0})")


def _bcel_fwd(z, y):
    return np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))


def _bcel_vz(ns, g, out, z, y):
    return (ns.sigmoid(z) - y) * g


def _bcel_vy(ns, g, out, z, y):
    return -z * g


BCE_WITH_LOGITS = defop("bce_with_logits", _bcel_fwd, (_bcel_vz, _bcel_vy),
                        rule=("∂ℓ/∂z = σ(z) − y", "∂ℓ/∂y = −z"),
                        rule_latex=(r"\frac{\partial \ell}{\partial z} = \sigma(z) - y",
                                    r"\frac{\partial \ell}{\partial y} = -z"),
                        template="bce_with_logits({0}, {1})")


def _bce_fwd(p, y):
    with np.errstate(divide="ignore"):
        lp = np.maximum(np.log(p), -100)
        l1p = np.maximum(np.log1p(-p), -100)
    return -(y * lp + (1 - y) * l1p)


def _bce_vp(ns, g, out, p, y):
    # PyTorch: (p − y) / max(p(1 − p), 1e-12)
    if ns is NP:
        return g * (p - y) / np.maximum(p * (1 - p), 1e-12)
    F = _F()
    return g * (p - y) / F.maximum(p * (1 - p), 1e-12)


def _bce_vy(ns, g, out, p, y):
    if ns is NP:
        with np.errstate(divide="ignore"):
            return g * (np.maximum(np.log1p(-p), -100) - np.maximum(np.log(p), -100))
    F = _F()
    return g * (F.maximum(F.log1p(-p), -100.0) - F.maximum(F.log(p), -100.0))


BINARY_CROSS_ENTROPY = defop("binary_cross_entropy", _bce_fwd, (_bce_vp, _bce_vy),
                             rule=("∂ℓ/∂p = (p − y) / (p(1 − p))", "∂ℓ/∂y = log(1−p) − log p"),
                             rule_latex=(r"\frac{\partial \ell}{\partial p} = \frac{p-y}{p(1-p)}",
                                         r"\frac{\partial \ell}{\partial y} = \log(1-p) - \log p"),
                             template="bce({0}, {1})")

__all__ = ["CROSS_ENTROPY", "BCE_WITH_LOGITS", "BINARY_CROSS_ENTROPY", "np_log_softmax", "np_softmax"]
