"""NumPy's array-manipulation functions on Tensors, differentiable, with NumPy's signatures:
joining (hstack, vstack, …), axes (moveaxis, swapaxes, …), moving numbers (flip, roll, rot90, repeat,
tile, pad), diagonals and triangles, sorting, and indexing helpers.

All of them are compositions of a few primitives (indexing with integer arrays, reshape, transpose,
concatenate), so each has a VJP and a JVP of every order without a rule of its own: the integer
indices are computed once with NumPy on positions (``np.arange``), then gathered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from mibun.autodiff import functions as F
from mibun.autodiff.devices import as_array, xp_of
from mibun.autodiff.functions import _t
from mibun.autodiff.tensor import Tensor
from mibun.errors import ShapeError

ArrayLike = Any


def array(obj: ArrayLike, dtype: Any = None) -> Tensor:
    """Like ``np.array``; a (nested) list of Tensors is stacked, keeping the graph."""
    t = _t(obj)
    return t if dtype is None else F.astype(t, dtype)


def asarray(obj: ArrayLike, dtype: Any = None) -> Tensor:
    return array(obj, dtype)


def _gather(x: Tensor, positions: np.ndarray) -> Tensor:
    """x.ravel()[positions]: the general "move numbers" primitive (repeated positions accumulate)."""
    return F.getitem(ravel(x), positions)


def _positions(x: Tensor) -> np.ndarray:
    return xp_of(x.data).arange(x.size).reshape(x.shape)  # on x's device


def ravel(x: ArrayLike, order: str = "C") -> Tensor:
    xt = _t(x)
    return F.reshape(xt, (-1,)) if order == "C" else F.reshape(F.transpose(xt), (-1,))


def atleast_1d(*xs: ArrayLike):
    r = [F.reshape(_t(x), (1,)) if _t(x).ndim == 0 else _t(x) for x in xs]
    return r[0] if len(r) == 1 else r


def atleast_2d(*xs: ArrayLike):
    r = []
    for x in xs:
        t = _t(x)
        r.append(F.reshape(t, (1, 1)) if t.ndim == 0 else F.reshape(t, (1,) + t.shape) if t.ndim == 1 else t)
    return r[0] if len(r) == 1 else r


def atleast_3d(*xs: ArrayLike):
    r = []
    for x in xs:
        t = _t(x)
        shape = {0: (1, 1, 1), 1: (1, t.size, 1), 2: t.shape + (1,)}.get(t.ndim, t.shape)
        r.append(F.reshape(t, shape))
    return r[0] if len(r) == 1 else r


def hstack(tup: Sequence[ArrayLike]) -> Tensor:
    ts = [atleast_1d(t) for t in tup]
    return F.concatenate(ts, axis=0 if ts[0].ndim == 1 else 1)


def vstack(tup: Sequence[ArrayLike]) -> Tensor:
    return F.concatenate([atleast_2d(t) for t in tup], axis=0)


row_stack = vstack


def dstack(tup: Sequence[ArrayLike]) -> Tensor:
    return F.concatenate([atleast_3d(t) for t in tup], axis=2)


def column_stack(tup: Sequence[ArrayLike]) -> Tensor:
    ts = [_t(t) for t in tup]
    return F.concatenate([F.reshape(t, (t.size, 1)) if t.ndim < 2 else t for t in ts], axis=1)


def moveaxis(x: ArrayLike, source, destination) -> Tensor:
    xt = _t(x)
    nd = xt.ndim
    src = [int(a) % nd for a in np.atleast_1d(source)]
    dst = [int(a) % nd for a in np.atleast_1d(destination)]
    order = [n for n in range(nd) if n not in src]
    for d, s in sorted(zip(dst, src, strict=True)):
        order.insert(d, s)
    return F.transpose(xt, tuple(order))


def swapaxes(x: ArrayLike, axis1: int, axis2: int) -> Tensor:
    xt = _t(x)
    axes = list(range(xt.ndim))
    axes[axis1], axes[axis2] = axes[axis2], axes[axis1]
    return F.transpose(xt, tuple(axes))


def rollaxis(x: ArrayLike, axis: int, start: int = 0) -> Tensor:
    xt = _t(x)
    nd = xt.ndim
    axes = list(range(nd))
    axis %= nd
    if start < 0:
        start += nd
    a = axes.pop(axis)
    axes.insert(start if start <= axis else start - 1, a)
    return F.transpose(xt, tuple(axes))


def flip(x: ArrayLike, axis=None) -> Tensor:
    xt = _t(x)
    axes = range(xt.ndim) if axis is None else np.atleast_1d(axis) % max(xt.ndim, 1)
    idx = [slice(None)] * xt.ndim
    for a in axes:
        idx[int(a)] = slice(None, None, -1)
    return F.getitem(xt, tuple(idx))


def fliplr(x: ArrayLike) -> Tensor:
    return flip(x, 1)


def flipud(x: ArrayLike) -> Tensor:
    return flip(x, 0)


def roll(x: ArrayLike, shift, axis=None) -> Tensor:
    xt = _t(x)
    return _gather(xt, np.roll(_positions(xt), shift, axis=axis))


def rot90(x: ArrayLike, k: int = 1, axes=(0, 1)) -> Tensor:
    xt = _t(x)
    return _gather(xt, np.rot90(_positions(xt), k, axes))


def repeat(x: ArrayLike, repeats, axis=None) -> Tensor:
    xt = _t(x)
    return _gather(xt, np.repeat(_positions(xt), repeats, axis=axis))


def tile(x: ArrayLike, reps) -> Tensor:
    xt = _t(x)
    return _gather(xt, np.tile(_positions(xt), reps))


def pad(x: ArrayLike, pad_width, mode: str = "constant", constant_values: float = 0.0, **kwargs: Any) -> Tensor:
    """``np.pad``. Modes that copy existing numbers (edge, reflect, symmetric, wrap) gather positions;
    ``constant`` places x inside a constant frame."""
    xt = _t(x)
    if mode == "constant":
        pw = np.broadcast_to(np.asarray(pad_width, dtype=int).reshape(-1, 2) if np.ndim(pad_width) else
                             np.full((1, 2), int(pad_width)), (xt.ndim, 2))
        return F.pad(xt, [tuple(p) for p in pw], value=float(constant_values))
    if mode not in ("edge", "reflect", "symmetric", "wrap"):
        from mibun.errors import InputError

        raise InputError("engine.err.mode_not_differentiable_mibun", mode=mode)
    return _gather(xt, np.pad(_positions(xt), pad_width, mode=mode, **kwargs))  # type: ignore[call-overload]


def diagonal(x: ArrayLike, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Tensor:
    xt = _t(x)
    return _gather(xt, np.diagonal(_positions(xt), offset, axis1, axis2))


def diag(v: ArrayLike, k: int = 0) -> Tensor:
    """The k-th diagonal of a matrix, or a matrix with vector v on its k-th diagonal."""
    vt = _t(v)
    if vt.ndim == 2:
        return diagonal(vt, k)
    if vt.ndim != 1:
        raise ShapeError("engine.err.input_d_d_shape", shape=vt.shape)
    n = vt.shape[0] + abs(k)
    rows = np.arange(vt.shape[0]) + max(-k, 0)
    cols = np.arange(vt.shape[0]) + max(k, 0)
    return F.index_grad(vt, (rows, cols), (n, n))


def diagflat(v: ArrayLike, k: int = 0) -> Tensor:
    return diag(ravel(v), k)


def trace(x: ArrayLike, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Tensor:
    return F.sum(diagonal(x, offset, axis1, axis2), axis=-1)


def tril(x: ArrayLike, k: int = 0) -> Tensor:
    xt = _t(x)
    return F.where(np.tril(np.ones_like(xt.data, shape=xt.shape[-2:], dtype=bool), k), xt, 0.0)


def triu(x: ArrayLike, k: int = 0) -> Tensor:
    xt = _t(x)
    return F.where(np.triu(np.ones_like(xt.data, shape=xt.shape[-2:], dtype=bool), k), xt, 0.0)


def take(a: ArrayLike, indices, axis=None) -> Tensor:
    at = _t(a)
    idx = as_array(indices.data if isinstance(indices, Tensor) else indices)
    if axis is None:
        return F.getitem(ravel(at), idx)
    return F.take(at, idx, axis)


def take_along_axis(arr: ArrayLike, indices, axis) -> Tensor:
    at = _t(arr)
    idx = as_array(indices.data if isinstance(indices, Tensor) else indices)
    if axis is None:
        return F.getitem(ravel(at), idx)
    return _gather(at, np.take_along_axis(_positions(at), idx, axis))


def sort(a: ArrayLike, axis: int | None = -1, kind: Any = None, order: Any = None) -> Tensor:
    """Sorted values; the gradient goes back to where each value came from."""
    at = _t(a)
    if axis is None:
        at, axis = ravel(at), -1
    return take_along_axis(at, np.argsort(at.data, axis=axis, kind="stable"), axis)


def partition(a: ArrayLike, kth, axis: int = -1, kind: str = "introselect", order: Any = None) -> Tensor:
    at = _t(a)
    return take_along_axis(at, np.argpartition(at.data, kth, axis=axis), axis)


def squeeze(a: ArrayLike, axis=None) -> Tensor:
    return F.squeeze(a, axis)


def expand_dims(a: ArrayLike, axis) -> Tensor:
    at = _t(a)
    return F.reshape(at, np.expand_dims(np.empty(at.shape, dtype=bool), axis).shape)


def array_split(x: ArrayLike, indices_or_sections, axis: int = 0) -> list[Tensor]:
    xt = _t(x)
    parts = np.array_split(np.arange(xt.shape[axis]), indices_or_sections)
    bounds = [int(p[0]) if len(p) else None for p in parts]
    pre = (slice(None),) * (axis % xt.ndim)
    out, start = [], 0
    for p, _ in zip(parts, bounds, strict=True):
        out.append(F.getitem(xt, pre + (slice(start, start + len(p)),)))
        start += len(p)
    return out


def hsplit(x: ArrayLike, s) -> list[Tensor]:
    return F.split(x, s, axis=1 if _t(x).ndim > 1 else 0)


def vsplit(x: ArrayLike, s) -> list[Tensor]:
    return F.split(x, s, axis=0)


def dsplit(x: ArrayLike, s) -> list[Tensor]:
    return F.split(x, s, axis=2)


def append(arr: ArrayLike, values: ArrayLike, axis: int | None = None) -> Tensor:
    if axis is None:
        return F.concatenate([ravel(arr), ravel(values)], axis=0)
    return F.concatenate([_t(arr), _t(values)], axis=axis)


def nan_to_num(x: ArrayLike, copy: bool = True, nan: float = 0.0, posinf: float | None = None,
               neginf: float | None = None) -> Tensor:
    """x with NaN and ±inf replaced by finite numbers; derivative 1 where x is finite, 0 elsewhere."""
    xt = _t(x)
    fixed = np.nan_to_num(xt.data, nan=nan, posinf=posinf, neginf=neginf)
    return F.where(np.isfinite(xt.data), xt, fixed)


class _Concatenator:
    """``mnp.r_[...]`` / ``mnp.c_[...]`` on Tensors: slices become ranges, items are joined."""

    def __init__(self, columns: bool) -> None:
        self.columns = columns

    def __getitem__(self, key: Any) -> Tensor:
        items = key if isinstance(key, tuple) else (key,)
        parts = []
        for it in items:
            if isinstance(it, slice):
                it = np.arange(it.start or 0, it.stop, it.step or 1)
            parts.append(_t(it))
        if self.columns:
            return column_stack(parts) if parts[0].ndim < 2 else F.concatenate(parts, axis=-1)
        return F.concatenate([atleast_1d(p) for p in parts], axis=0)


r_ = _Concatenator(columns=False)
c_ = _Concatenator(columns=True)


__all__ = ["append", "nan_to_num", "r_", "c_", "array", "asarray", "ravel", "atleast_1d", "atleast_2d", "atleast_3d",
           "hstack", "vstack", "row_stack",
           "dstack", "column_stack", "moveaxis", "swapaxes", "rollaxis", "flip", "fliplr", "flipud", "roll", "rot90",
           "repeat", "tile", "pad", "diagonal", "diag", "diagflat", "trace", "tril", "triu", "take",
           "take_along_axis", "sort", "partition", "squeeze", "expand_dims", "array_split", "hsplit", "vsplit",
           "dsplit"]
