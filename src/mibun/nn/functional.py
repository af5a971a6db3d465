"""``mibun.nn.functional``: losses and layer functions (PyTorch's names, arguments and definitions).

Losses (N examples, reduction 'mean' | 'sum' | 'none'):

* ``cross_entropy(z, y)``: ℓᵢ = −Σ_c qᵢc log softmax(zᵢ)_c, q the one-hot of class index yᵢ (or given
  probabilities), smoothed as q ← (1−ε) q + ε/C by ``label_smoothing=ε``; rows whose target is
  ``ignore_index`` count for nothing, and 'mean' divides by the rows counted (by Σ w_{yᵢ} with class
  weights ``weight``, as PyTorch). Fused: ∂ℓ/∂z = softmax(z) − q.
* ``nll_loss(logp, y)``: ℓᵢ = −logpᵢ,yᵢ
* ``mse_loss``: (x − y)²;  ``l1_loss``: |x − y|
* ``binary_cross_entropy(p, y)``: −(y log p + (1−y) log(1−p)) (logs clamped at −100, like PyTorch)
* ``binary_cross_entropy_with_logits(z, y)``: the same with p = σ(z), computed stably:
  max(z, 0) − z·y + log(1 + e^{−|z|}),  ∂ℓ/∂z = σ(z) − y
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from mibun.autodiff import functions as F
from mibun.autodiff.backends import raw
from mibun.autodiff.devices import as_array, device_of, to_device
from mibun.autodiff.recording import apply
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError, MibunError, ShapeError
from mibun.nn import ops as O
from mibun.nn.ops import _out_size

ArrayLike = Any
_REDUCTIONS = ("mean", "sum", "none")

relu = F.relu
tanh = F.tanh
sigmoid = F.sigmoid
softplus = F.softplus
leaky_relu = F.leaky_relu
softmax = F.softmax
log_softmax = F.log_softmax


class TargetError(MibunError, ValueError):
    """Targets that do not fit the input: class indices out of range, wrong dtype or shape."""


def _t(x: ArrayLike) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _check_reduction(reduction: str, where: str) -> None:
    if reduction not in _REDUCTIONS:
        raise InputError("nn.err.reduction", where=where, reduction=repr(reduction))


def _reduce(loss: Tensor, reduction: str, where: str) -> Tensor:
    _check_reduction(reduction, where)
    if reduction == "mean":
        return F.mean(loss)
    if reduction == "sum":
        return F.sum(loss)
    return loss


def _int_targets(target: ArrayLike, where: str) -> np.ndarray:
    arr = as_array(raw(target))
    if arr.dtype.kind not in "iu":
        raise TargetError("nn.err.target_dtype", where=where, dtype=str(arr.dtype))
    return arr.astype(np.int64, copy=False)


def _check_range(tgt: np.ndarray, n_classes: int, ignore_index: int, where: str) -> int:
    """Raise TargetError for class indices outside 0 … n_classes−1 (other than ignore_index); return
    the smallest index (0 for no targets)."""
    if tgt.size == 0:
        return 0
    lo = int(tgt.min())
    if lo >= 0 and tgt.max() < n_classes:
        return lo
    valid = tgt != ignore_index
    bad = valid & ((tgt < 0) | (tgt >= n_classes))
    if bad.any():
        v = tgt[bad].flat[0]
        raise TargetError("nn.err.target_range", where=where, target=v, classes=n_classes, last=n_classes - 1,
                          ignore_index=ignore_index)
    return lo


def linear(x: ArrayLike, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """y = x Wᵀ + b (one fused op)."""
    if bias is None:
        return apply(O.LINEAR_NOBIAS, _t(x), weight)
    return apply(O.LINEAR, _t(x), weight, bias)


def _to_rows(z: Tensor, where: str) -> tuple[Tensor, tuple[int, ...] | None]:
    """(N, C, d1, …) logits as (N·d1·…, C) rows; also the extra axes (None for 2-D)."""
    if z.ndim == 2:
        return z, None
    if z.ndim == 1:
        return F.reshape(z, (1, -1)), ()
    if z.ndim < 1:
        raise ShapeError("nn.err.class_axis", where=where, shape=z.shape)
    perm = (0,) + tuple(range(2, z.ndim)) + (1,)
    moved = F.transpose(z, perm)
    return F.reshape(moved, (-1, z.shape[1])), (z.shape[0],) + z.shape[2:]


def _class_weights(weight: Any, n_classes: int, dtype: Any, where: str) -> np.ndarray | None:
    if weight is None:
        return None
    w = as_array(raw(weight))
    if w.shape != (n_classes,) or w.dtype.kind not in "fiu":
        raise ShapeError("nn.err.class_weight", where=where, classes=n_classes, shape=w.shape)
    return w.astype(dtype)


def cross_entropy(input: ArrayLike, target: ArrayLike, weight: Any = None, ignore_index: int = -100,  # noqa: A002
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Softmax cross-entropy of logits ``input`` (N, C) [or (C,), or (N, C, d1, …)] against class indices
    ``target`` (N,) or class probabilities (same shape as input). See the module docstring."""
    where = "cross_entropy"
    _check_reduction(reduction, where)
    eps = float(label_smoothing)
    if not 0.0 <= eps <= 1.0:
        raise InputError("nn.err.label_smoothing", where=where, value=label_smoothing)
    z = _t(input)
    if z.dtype.kind != "f":
        raise InputError("nn.err.logits_dtype", where=where, dtype=str(z.dtype))
    tgt_raw = as_array(raw(target))
    zr, extra = _to_rows(z, where)
    c = zr.shape[1]
    w = _class_weights(weight, c, z.dtype, where)
    if tgt_raw.dtype.kind == "f":                                   # probabilities
        if tgt_raw.shape != z.shape:
            raise ShapeError("nn.err.prob_target_shape", where=where, shape=z.shape, got=tgt_raw.shape)
        q = target if isinstance(target, Tensor) else Tensor(tgt_raw.astype(z.dtype, copy=False))
        qr, _ = _to_rows(q, where)
        if eps:
            qr = qr * (1.0 - eps) + eps / c
        if w is not None:
            qr = qr * w
        loss = -F.sum(qr * F.log_softmax(zr, axis=1), axis=1)
        if extra is not None:
            loss = F.reshape(loss, extra)
        return _reduce(loss, reduction, where)
    tgt = _int_targets(target, where)
    expected = z.shape[:1] + z.shape[2:] if z.ndim >= 2 else ()
    if tgt.shape != expected:
        raise ShapeError("nn.err.index_target_shape", where=where, shape=z.shape, expected=expected, got=tgt.shape)
    lo = _check_range(tgt, c, ignore_index, where)
    flat = tgt.reshape(-1)
    count: float  # rows counted (an int), or the sum of their class weights
    if lo < 0 or 0 <= ignore_index < c:                               # some rows may be ignored
        valid = flat != ignore_index
        count = int(valid.sum())
        flat = np.where(valid, flat, 0)
    else:
        valid, count = None, flat.shape[0]
    params = {}
    if w is not None:
        wy = w[flat]
        count = float(wy.sum() if valid is None else wy[valid].sum())
        params["weight"] = w
    out = apply(O.CROSS_ENTROPY, zr, target=flat, valid=valid, count=count, label_smoothing=eps,
                reduction=reduction, **params)
    if reduction == "none" and extra is not None:
        out = F.reshape(out, extra)
    return out


def nll_loss(input: ArrayLike, target: ArrayLike, weight: Any = None, ignore_index: int = -100,  # noqa: A002
             reduction: str = "mean") -> Tensor:
    """ℓᵢ = −input[i, target[i]] for log-probabilities ``input`` (N, C)."""
    where = "nll_loss"
    _check_reduction(reduction, where)
    x = _t(input)
    xr, extra = _to_rows(x, where)
    w = _class_weights(weight, xr.shape[1], x.dtype, where)
    tgt = _int_targets(target, where).reshape(-1)
    if tgt.shape[0] != xr.shape[0]:
        raise ShapeError("nn.err.target_fit", where=where, shape=x.shape, got=np.shape(raw(target)))
    _check_range(tgt, xr.shape[1], ignore_index, where)
    valid = tgt != ignore_index
    safe = np.where(valid, tgt, 0)
    picked = xr[np.arange(tgt.shape[0]), safe]
    coef = valid.astype(x.dtype) if w is None else w[safe] * to_device(valid, device_of(w))
    coef = to_device(coef, x.device)
    loss = -picked * coef
    if reduction == "mean":
        return F.sum(loss) / float(coef.sum())
    if reduction == "sum":
        return F.sum(loss)
    return F.reshape(loss, extra) if extra else loss


def _pair(input: ArrayLike, target: ArrayLike, where: str) -> tuple[Tensor, Any]:
    x = _t(input)
    y = target if isinstance(target, Tensor) else as_array(target)
    if np.shape(raw(y)) != x.shape:
        raise ShapeError("nn.err.target_equal", where=where, shape=x.shape, got=np.shape(raw(y)))
    if not isinstance(y, Tensor) and y.dtype != x.dtype:
        y = y.astype(x.dtype)
    return x, y


def mse_loss(input: ArrayLike, target: ArrayLike, reduction: str = "mean") -> Tensor:  # noqa: A002
    """(input − target)², reduced."""
    _check_reduction(reduction, "mse_loss")
    x, y = _pair(input, target, "mse_loss")
    d = x - y
    return _reduce(d * d, reduction, "mse_loss")


def l1_loss(input: ArrayLike, target: ArrayLike, reduction: str = "mean") -> Tensor:  # noqa: A002
    """|input − target|, reduced."""
    _check_reduction(reduction, "l1_loss")
    x, y = _pair(input, target, "l1_loss")
    return _reduce(F.abs(x - y), reduction, "l1_loss")


def binary_cross_entropy(input: ArrayLike, target: ArrayLike, reduction: str = "mean") -> Tensor:  # noqa: A002
    """−(y log p + (1−y) log(1−p)) for probabilities ``input`` in [0, 1]."""
    _check_reduction(reduction, "binary_cross_entropy")
    x, y = _pair(input, target, "binary_cross_entropy")
    xd = x.data
    if ((xd < 0) | (xd > 1)).any():
        raise InputError("nn.err.bce_probabilities")
    return _reduce(apply(O.BINARY_CROSS_ENTROPY, x, y), reduction, "binary_cross_entropy")


def binary_cross_entropy_with_logits(input: ArrayLike, target: ArrayLike,  # noqa: A002
                                     reduction: str = "mean") -> Tensor:
    """Binary cross-entropy of σ(input), computed stably from the logits."""
    _check_reduction(reduction, "binary_cross_entropy_with_logits")
    x, y = _pair(input, target, "binary_cross_entropy_with_logits")
    return _reduce(apply(O.BCE_WITH_LOGITS, x, y), reduction, "binary_cross_entropy_with_logits")


def one_hot(target: ArrayLike, num_classes: int = -1, dtype: Any = np.float32) -> np.ndarray:
    """Class indices (any shape) → one-hot array with a new last axis."""
    tgt = _int_targets(target, "one_hot")
    n = int(tgt.max()) + 1 if num_classes < 0 else int(num_classes)
    _check_range(tgt, n, -10**9, "one_hot")
    return np.eye(n, dtype=dtype)[tgt]


def dropout(x: ArrayLike, p: float = 0.5, training: bool = True, rng: Any = None) -> Tensor:
    """Inverted dropout: each element is zeroed with probability p, the rest scaled by 1/(1−p)."""
    xt = _t(x)
    if not 0.0 <= p <= 1.0:
        raise InputError("nn.err.dropout_p", where="dropout", p=p)
    if not training or p == 0.0:
        return xt
    if p == 1.0:
        return xt * 0.0
    from mibun.nn.init import get_rng

    keep = get_rng(rng).random(xt.shape) >= p
    return xt * to_device(keep.astype(xt.dtype) * (1.0 / (1.0 - p)), xt.device)  # drawn on the host


def _two(v: int | Sequence[int], name: str) -> tuple[int, int]:
    if isinstance(v, (int, np.integer)):
        return int(v), int(v)
    t = tuple(int(a) for a in v)
    if len(t) != 2:
        raise InputError("nn.err.int_pair", name=name, value=repr(v))
    return t  # type: ignore[return-value]


def conv2d(x: ArrayLike, weight: Tensor, bias: Tensor | None = None, stride: Any = 1, padding: Any = 0,
           dilation: Any = 1) -> Tensor:
    """2-D cross-correlation (what PyTorch calls convolution) of x (N, C, H, W) with weight (O, C, kh, kw)."""
    xt = _t(x)
    if xt.ndim != 4:
        raise ShapeError("nn.err.nchw", where="conv2d", shape=xt.shape)
    if xt.shape[1] != weight.shape[1]:
        raise ShapeError("nn.err.conv_channels", channels=xt.shape[1], shape=xt.shape, weight=weight.shape,
                         expected=weight.shape[1])
    kw = dict(stride=_two(stride, "stride"), padding=_two(padding, "padding"), dilation=_two(dilation, "dilation"))
    for n, k, s, pd, d in zip(xt.shape[2:], weight.shape[2:], kw["stride"], kw["padding"], kw["dilation"],
                              strict=False):
        if _out_size(n, k, s, pd, d) < 1:
            raise ShapeError("nn.err.conv_too_small", shape=xt.shape, kernel=tuple(weight.shape[2:]),
                             padding=kw["padding"], dilation=kw["dilation"])
    if bias is None:
        return apply(O.CONV2D_NOBIAS, xt, weight, **kw)
    return apply(O.CONV2D, xt, weight, bias, **kw)


def _pool_args(xt, kernel_size, stride, padding, where):
    if xt.ndim != 4:
        raise ShapeError("nn.err.nchw", where=where, shape=xt.shape)
    k = _two(kernel_size, "kernel_size")
    s = k if stride is None else _two(stride, "stride")
    p = _two(padding, "padding")
    if p[0] > k[0] // 2 or p[1] > k[1] // 2:
        raise InputError("nn.err.pool_padding", where=where, padding=p, kernel=k)
    for n, kk, ss, pp in zip(xt.shape[2:], k, s, p, strict=False):
        if _out_size(n, kk, ss, pp, 1) < 1:
            raise ShapeError("nn.err.pool_too_small", where=where, shape=xt.shape, kernel=k)
    return dict(kernel=k, stride=s, padding=p)


def max_pool2d(x: ArrayLike, kernel_size: Any, stride: Any = None, padding: Any = 0) -> Tensor:
    """Maximum over each kernel window (stride defaults to the kernel size)."""
    xt = _t(x)
    return apply(O.MAX_POOL2D, xt, **_pool_args(xt, kernel_size, stride, padding, "max_pool2d"))


def avg_pool2d(x: ArrayLike, kernel_size: Any, stride: Any = None, padding: Any = 0) -> Tensor:
    """Mean over each kernel window (zero padding counted, as PyTorch's count_include_pad=True)."""
    xt = _t(x)
    return apply(O.AVG_POOL2D, xt, **_pool_args(xt, kernel_size, stride, padding, "avg_pool2d"))


def embedding(indices: ArrayLike, weight: Tensor) -> Tensor:
    """Rows of ``weight`` picked by integer ``indices`` (any shape); the gradient adds up repeated rows."""
    idx = as_array(raw(indices))
    if idx.dtype.kind not in "iu":
        raise TargetError("nn.err.embedding_dtype", dtype=str(idx.dtype))
    n = weight.shape[0]
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise TargetError("nn.err.embedding_range", index=int(idx.max() if idx.max() >= n else idx.min()), n=n)
    return apply(O.EMBEDDING, weight, indices=idx.astype(np.intp, copy=False))


def layer_norm(input: ArrayLike, normalized_shape: Sequence[int], weight: Tensor | None = None,  # noqa: A002
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """(x − μ)/√(σ² + ε)·weight + bias over the trailing ``normalized_shape`` dims."""
    from mibun.nn.normalization import layer_norm as _ln

    return _ln(input, normalized_shape, weight, bias, eps)


def gelu(input: ArrayLike, approximate: str = "none") -> Tensor:  # noqa: A002
    """x·Φ(x), exact (erf) or ``approximate="tanh"``."""
    from mibun.nn.activation import gelu as _gelu

    return _gelu(input, approximate)


def silu(input: ArrayLike) -> Tensor:  # noqa: A002
    """x·σ(x)."""
    from mibun.nn.activation import silu as _silu

    return _silu(input)


def scaled_dot_product_attention(query: ArrayLike, key: ArrayLike, value: ArrayLike, attn_mask: Any = None,
                                 dropout_p: float = 0.0, is_causal: bool = False,
                                 scale: float | None = None) -> Tensor:
    """softmax(Q Kᵀ/√E + mask) V; a boolean mask's True means "may attend" (PyTorch's convention)."""
    from mibun.nn.attention import scaled_dot_product_attention as _sdpa

    return _sdpa(query, key, value, attn_mask=attn_mask, dropout_p=dropout_p, is_causal=is_causal, scale=scale)


__all__ = ["cross_entropy", "nll_loss", "mse_loss", "l1_loss", "binary_cross_entropy",
           "binary_cross_entropy_with_logits", "one_hot", "dropout", "linear", "conv2d", "max_pool2d",
           "avg_pool2d", "embedding", "relu", "tanh", "sigmoid", "softplus", "leaky_relu", "softmax",
           "log_softmax", "TargetError", "layer_norm", "gelu", "silu", "scaled_dot_product_attention"]
