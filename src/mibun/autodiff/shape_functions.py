"""The differentiable shape functions: reshape, transpose, broadcasting, indexing, padding, joining and
splitting (NumPy's signatures). Re-exported by :mod:`mibun.autodiff.functions`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from mibun.autodiff.backends import raw
from mibun.autodiff.devices import as_array
from mibun.autodiff.ops import shape as S
from mibun.autodiff.recording import apply
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError, ShapeError

ArrayLike = Any


def _t(x: ArrayLike) -> Tensor:
    """``x`` as a Tensor; a list or tuple holding Tensors is stacked (the graph is kept)."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (list, tuple)) and any(isinstance(v, (Tensor, list, tuple)) for v in x):
        from mibun.autodiff.functions import _t as to_tensor

        return to_tensor(x)
    return Tensor(x)


def reshape(x: ArrayLike, shape: int | Sequence[int]) -> Tensor:
    """The same numbers in a new shape (one axis may be −1)."""
    xt = _t(x)
    shape = (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(int(s) for s in shape)
    try:
        np.empty(xt.shape).reshape(shape) if xt.size < 2**16 else None
    except ValueError:
        raise ShapeError("engine.err.cannot_reshape_tensor_shape", shape=xt.shape, size=xt.size, shape2=shape) from None
    if shape == xt.shape:
        return xt
    return apply(S.RESHAPE, xt, shape=shape)


def transpose(x: ArrayLike, axes: Sequence[int] | None = None) -> Tensor:
    """Permute axes (NumPy's meaning; None reverses them)."""
    xt = _t(x)
    if axes is not None:
        axes = tuple(int(a) % xt.ndim for a in axes)
        if sorted(axes) != list(range(xt.ndim)):
            raise ShapeError("engine.err.axes_not_permutation_axes", axes=axes, ndim=xt.ndim, shape=xt.shape)
    return apply(S.TRANSPOSE, xt, axes=axes)


def broadcast_to(x: ArrayLike, shape: Sequence[int]) -> Tensor:
    """x repeated to ``shape`` (NumPy broadcasting)."""
    return apply(S.BROADCAST_TO, _t(x), shape=tuple(shape))


def expand_dims(x: ArrayLike, axis: int) -> Tensor:
    """Insert an axis of length 1."""
    xt = _t(x)
    return reshape(xt, np.expand_dims(np.empty(xt.shape, dtype=bool), axis).shape)


def squeeze(x: ArrayLike, axis: int | Sequence[int] | None = None) -> Tensor:
    """Remove axes of length 1."""
    xt = _t(x)
    try:
        shape = np.squeeze(np.empty(xt.shape, dtype=bool), axis=axis).shape
    except ValueError as exc:
        raise ShapeError("engine.err.squeeze", exc=exc, shape=xt.shape) from None
    return reshape(xt, shape)


def flatten(x: ArrayLike, start_dim: int = 0) -> Tensor:
    """Merge the axes from ``start_dim`` on into one."""
    xt = _t(x)
    return reshape(xt, xt.shape[:start_dim] + (-1,))


def _norm_index(index):
    if isinstance(index, tuple):
        return tuple(_norm_index_item(i) for i in index)
    return _norm_index_item(index)


def _norm_index_item(i):
    if isinstance(i, Tensor):
        i = i.data
    if isinstance(i, list):
        i = as_array(i)
    if isinstance(i, np.ndarray) and i.dtype.kind not in "biu":
        raise InputError("engine.err.index_arrays_hold_integers", dtype=i.dtype)
    return i


def getitem(x: ArrayLike, index: Any) -> Tensor:
    """x[index]: basic indexing (ints, slices, None, ...) and integer/boolean arrays."""
    xt = _t(x)
    idx = _norm_index(index)
    try:
        xt.data[idx]
    except IndexError as exc:
        raise ShapeError("engine.err.indexing_tensor_shape", shape=xt.shape, exc=exc) from None
    return apply(S.GETITEM, xt, index=idx)


def index_grad(g: ArrayLike, index: Any, shape: Sequence[int]) -> Tensor:
    """Zeros of ``shape`` with ``g`` added at ``index`` (the adjoint of indexing; also zero-padding)."""
    return apply(S.INDEX_GRAD, _t(g), index=index, shape=tuple(shape))


def take(x: ArrayLike, indices: ArrayLike, axis: int = 0) -> Tensor:
    """Rows (or entries along ``axis``) picked by integer ``indices``; repeated indices accumulate."""
    xt = _t(x)
    ax = axis % xt.ndim
    idx = (slice(None),) * ax + (as_array(raw(indices)),)
    return getitem(xt, idx)


def pad(x: ArrayLike, pad_width: Sequence[tuple[int, int]], value: float = 0.0) -> Tensor:
    """Zero-pad (or pad with ``value``) by ``pad_width`` = ((before, after), …) per axis."""
    xt = _t(x)
    pw = [tuple(int(v) for v in p) for p in pad_width]
    if len(pw) != xt.ndim:
        raise ShapeError("engine.err.pad_width_has_entries", n_pw=len(pw), ndim=xt.ndim)
    shape = tuple(s + a + b for s, (a, b) in zip(xt.shape, pw, strict=True))
    index = tuple(slice(a, a + s) for s, (a, _) in zip(xt.shape, pw, strict=True))
    out = index_grad(xt, index, shape)
    if value != 0:
        mask = np.ones_like(xt.data, shape=shape, dtype=bool)  # on x's device
        mask[index] = False
        out = out + mask.astype(xt.dtype) * value
    return out


def concatenate(tensors: Sequence[ArrayLike], axis: int = 0) -> Tensor:
    """Join along an existing axis."""
    ts = [_t(t) for t in tensors]
    if not ts:
        raise InputError("engine.err.concatenate_empty")
    nd = ts[0].ndim
    if nd == 0:
        raise ShapeError("engine.err.zero_dimensional_tensors_cannot")
    ax = int(axis)
    for k, t in enumerate(ts):
        if t.ndim != nd or any(t.shape[i] != ts[0].shape[i] for i in range(nd) if i != ax % nd):
            raise ShapeError("engine.err.concatenate_along_axis_tensor", axis=axis, k=k, shape=t.shape,
                             shape2=ts[0].shape)
    return apply(S.CONCATENATE, *ts, axis=ax % nd)


def stack(tensors: Sequence[ArrayLike], axis: int = 0) -> Tensor:
    """Join along a new axis."""
    ts = [_t(t) for t in tensors]
    if not ts:
        raise InputError("engine.err.stack_empty")
    for k, t in enumerate(ts):
        if t.shape != ts[0].shape:
            raise ShapeError("engine.err.tensor_has_shape_tensor", k=k, shape=t.shape, shape2=ts[0].shape)
    ax = int(axis) % (ts[0].ndim + 1)
    return concatenate([expand_dims(t, ax) for t in ts], axis=ax)


def split(x: ArrayLike, indices_or_sections: int | Sequence[int], axis: int = 0) -> list[Tensor]:
    """NumPy's split: N equal sections, or cut at the given indices."""
    xt = _t(x)
    ax = int(axis) % xt.ndim
    n = xt.shape[ax]
    if isinstance(indices_or_sections, (int, np.integer)):
        k = int(indices_or_sections)
        if k <= 0 or n % k:
            raise ShapeError("engine.err.axis_has_length_which", axis=axis, n=n, k=k)
        bounds = [i * (n // k) for i in range(k + 1)]
    else:
        bounds = [0, *[int(i) for i in indices_or_sections], n]
    pre = (slice(None),) * ax
    return [getitem(xt, pre + (slice(a, b),)) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


__all__ = ["reshape", "transpose", "broadcast_to", "expand_dims", "squeeze", "flatten", "getitem", "index_grad",
           "take", "pad", "concatenate", "stack", "split"]
