"""NumPy's mathematical functions on Tensors, differentiable, with NumPy's signatures and semantics:
products (dot, vdot, inner, outer, kron, tensordot, einsum), cumulative and product reductions,
statistics (average, median, percentile, quantile), the nan-functions, and more elementwise ufuncs.

``dot`` follows ``np.dot``: a scalar operand multiplies, 1-D·1-D is the inner product, 2-D operands
multiply as matrices, N-D contracts the last axis of a with the second-to-last of b.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.autodiff import functions as F
from mibun.autodiff.functions import _l, _t
from mibun.autodiff.np_array import moveaxis, ravel
from mibun.autodiff.ops import array_ops as A
from mibun.autodiff.ops import scalar as SC
from mibun.autodiff.recording import apply, binary, unary
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError, ShapeError

ArrayLike = Any


# ---------------------------------------------------------------- products
def dot(a: ArrayLike, b: ArrayLike) -> Tensor:
    """``np.dot`` (see the module docstring)."""
    at, bt = _t(a), _t(b)
    if at.ndim == 0 or bt.ndim == 0:
        return F.mul(at, bt)
    if bt.ndim <= 2:
        return F.matmul(at, bt)
    return tensordot(at, bt, axes=([at.ndim - 1], [bt.ndim - 2]))


def vdot(a: ArrayLike, b: ArrayLike) -> Tensor:
    """Σ aᵢbᵢ over the flattened arrays."""
    return F.sum(ravel(a) * ravel(b))


def inner(a: ArrayLike, b: ArrayLike) -> Tensor:
    at, bt = _t(a), _t(b)
    if at.ndim == 0 or bt.ndim == 0:
        return F.mul(at, bt)
    return tensordot(at, bt, axes=([at.ndim - 1], [bt.ndim - 1]))


def outer(a: ArrayLike, b: ArrayLike) -> Tensor:
    return F.reshape(ravel(a), (-1, 1)) * F.reshape(ravel(b), (1, -1))


def kron(a: ArrayLike, b: ArrayLike) -> Tensor:
    at, bt = _t(a), _t(b)
    nd = max(at.ndim, bt.ndim)
    at = F.reshape(at, (1,) * (nd - at.ndim) + at.shape)
    bt = F.reshape(bt, (1,) * (nd - bt.ndim) + bt.shape)
    sa = sum(((s, 1) for s in at.shape), ())
    sb = sum(((1, s) for s in bt.shape), ())
    prod = F.reshape(at, sa) * F.reshape(bt, sb)
    return F.reshape(prod, tuple(x * y for x, y in zip(at.shape, bt.shape, strict=True)))


def tensordot(a: ArrayLike, b: ArrayLike, axes: Any = 2) -> Tensor:
    """``np.tensordot``: contract the given axes (an int n: the last n of a with the first n of b)."""
    at, bt = _t(a), _t(b)
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        ax_a, ax_b = list(range(at.ndim - n, at.ndim)), list(range(n))
    else:
        ax_a, ax_b = ([int(axes[0])] if np.ndim(axes[0]) == 0 else [int(v) for v in axes[0]],
                      [int(axes[1])] if np.ndim(axes[1]) == 0 else [int(v) for v in axes[1]])
    ax_a = [v % max(at.ndim, 1) for v in ax_a]
    ax_b = [v % max(bt.ndim, 1) for v in ax_b]
    if [at.shape[i] for i in ax_a] != [bt.shape[i] for i in ax_b]:
        raise ShapeError("engine.err.contracted_axes_differ", ax_a=ax_a, shape=at.shape, ax_b=ax_b, shape2=bt.shape)
    free_a = [i for i in range(at.ndim) if i not in ax_a]
    free_b = [i for i in range(bt.ndim) if i not in ax_b]
    k = int(np.prod([at.shape[i] for i in ax_a]))
    am = F.reshape(F.transpose(at, tuple(free_a + ax_a)) if at.ndim else at, (-1, k))
    bm = F.reshape(F.transpose(bt, tuple(ax_b + free_b)) if bt.ndim else bt, (k, -1))
    return F.reshape(F.matmul(am, bm), tuple(at.shape[i] for i in free_a) + tuple(bt.shape[i] for i in free_b))


def _sublist_form(args: tuple) -> tuple[str, list]:
    """einsum(a, [0, 1], b, [1, 2], [0, 2]) as ('ab,bc->ac', [a, b])."""
    letters = "abcdefghijklmnopqrstuvwxyz"

    def word(sub):
        return "".join("..." if s is Ellipsis else letters[int(s)] for s in sub)

    ops, subs = list(args[0::2]), [word(s) for s in args[1::2]]
    out = None
    if len(ops) > len(subs):
        out = word(ops.pop())
    return ",".join(subs) + ("" if out is None else "->" + out), ops


def einsum(subscripts: Any, *operands: ArrayLike, **kwargs: Any) -> Tensor:
    """``np.einsum`` with explicit subscripts (``'ij,jk->ik'``, ``'...ij->...ji'``, ``'ii->'``) or NumPy's
    sublist form ``einsum(a, [0, 1], b, [1, 2])``."""
    if not isinstance(subscripts, str) and operands:
        subscripts, ops = _sublist_form((subscripts, *operands))
        operands = tuple(ops)
    if not isinstance(subscripts, str):
        raise InputError("engine.err.subscripts_as_string_ij")
    ts = [_t(o) for o in operands]
    ins, out = A.parse_subscripts(subscripts, [t.shape for t in ts])
    if len(ins) != len(ts):
        raise ShapeError("engine.err.operand_subscripts_operands", n_ins=len(ins), n_ts=len(ts))
    return apply(A.EINSUM, *ts, subs=(tuple(ins), out))


def matmul(a: ArrayLike, b: ArrayLike) -> Tensor:
    return F.matmul(a, b)


def cross(a: ArrayLike, b: ArrayLike, axisa: int = -1, axisb: int = -1, axisc: int = -1,
          axis: int | None = None) -> Tensor:
    """a × b for 3-vectors along the given axes (NumPy's arguments; ``axis`` sets all three)."""
    if axis is not None:
        axisa = axisb = axisc = axis
    at, bt = moveaxis(_t(a), axisa, -1), moveaxis(_t(b), axisb, -1)
    if at.shape[-1] != 3 or bt.shape[-1] != 3:
        raise ShapeError("engine.err.mibun_differentiates_vector_cross", shape=at.shape, shape2=bt.shape)
    a0, a1, a2 = at[..., 0], at[..., 1], at[..., 2]
    b0, b1, b2 = bt[..., 0], bt[..., 1], bt[..., 2]
    out = F.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], axis=-1)
    return moveaxis(out, -1, axisc)


def select(condlist, choicelist, default: ArrayLike = 0.0) -> Tensor:
    """The first choice whose condition holds, else ``default`` (nested ``where``)."""
    out = _t(default)
    for cond, choice in reversed(list(zip(condlist, choicelist, strict=True))):
        out = F.where(np.asarray(cond.data if isinstance(cond, Tensor) else cond, dtype=bool), choice, out)
    return out


def real_if_close(a: ArrayLike, tol: float = 100) -> Tensor:
    return _t(a)


def imag(a: ArrayLike) -> Tensor:
    """The imaginary part of a real array: zeros (a constant)."""
    return F.zeros_like(_t(a))


def angle(z: ArrayLike, deg: bool = False) -> Tensor:
    """The angle of a real number: 0 for x ≥ 0, π (or 180) for x < 0; derivative 0."""
    zt = _t(z)
    return F.tensor(np.where(zt.data < 0, 180.0 if deg else np.pi, 0.0).astype(zt.dtype))


# ---------------------------------------------------------------- reductions (statistics: np_stats.py)
def _ax(axis):
    if axis is None or isinstance(axis, (int, np.integer)):
        return None if axis is None else int(axis)
    return tuple(int(a) for a in axis)


def prod(a: ArrayLike, axis=None, keepdims: bool = False) -> Tensor:
    at = _t(a)
    if isinstance(axis, tuple):
        out = at
        for ax in sorted((v % at.ndim for v in axis), reverse=True):
            out = apply(A.PROD, out, axis=ax, keepdims=keepdims)
        return out
    return apply(A.PROD, at, axis=_ax(axis), keepdims=bool(keepdims))


def cumsum(a: ArrayLike, axis=None) -> Tensor:
    at = _t(a)
    if axis is None:
        at, axis = ravel(at), 0
    return apply(A.CUMSUM, at, axis=int(axis) % max(at.ndim, 1))


def cumprod(a: ArrayLike, axis=None) -> Tensor:
    at = _t(a)
    if axis is None:
        at, axis = ravel(at), 0
    return apply(A.CUMPROD, at, axis=int(axis) % max(at.ndim, 1))


def diff(a: ArrayLike, n: int = 1, axis: int = -1) -> Tensor:
    at = _t(a)
    ax = axis % at.ndim
    for _ in range(n):
        hi = (slice(None),) * ax + (slice(1, None),)
        lo = (slice(None),) * ax + (slice(None, -1),)
        at = at[hi] - at[lo]
    return at


def ediff1d(a: ArrayLike) -> Tensor:
    return diff(ravel(a))


def amax(a: ArrayLike, axis=None, keepdims: bool = False) -> Tensor:
    return _extreme(F.max, a, axis, keepdims)


def amin(a: ArrayLike, axis=None, keepdims: bool = False) -> Tensor:
    return _extreme(F.min, a, axis, keepdims)


def _extreme(fn, a, axis, keepdims):
    at = _t(a)
    if isinstance(axis, (tuple, list)):
        axes = sorted({v % at.ndim for v in axis})
        moved = F.transpose(at, tuple(i for i in range(at.ndim) if i not in axes) + tuple(axes))
        flat = F.reshape(moved, moved.shape[: at.ndim - len(axes)] + (-1,))
        out = fn(flat, axis=-1)
        if keepdims:
            out = F.reshape(out, tuple(1 if i in axes else s for i, s in enumerate(at.shape)))
        return out
    return fn(at, axis=axis, keepdims=keepdims)


def ptp(a: ArrayLike, axis=None, keepdims: bool = False) -> Tensor:
    return amax(a, axis, keepdims) - amin(a, axis, keepdims)


# ---------------------------------------------------------------- more elementwise functions
def _u(op):
    call = unary(op)

    def f(x: ArrayLike) -> Tensor:
        return call(_t(x))

    f.__name__ = op.name
    f.__doc__ = f"{op.template.format('x')} elementwise. Derivative: {op.rule[0]}"
    return f


def _b(op):
    call = binary(op)

    def f(a: ArrayLike, b: ArrayLike) -> Tensor:
        return call(_l(a), _l(b))

    f.__name__ = op.name
    f.__doc__ = f"{op.template.format('a', 'b')} elementwise. Derivatives: {'; '.join(op.rule)}"
    return f


exp2, cbrt, sinc = _u(SC.EXP2), _u(SC.CBRT), _u(SC.SINC)
sign, floor, ceil, rint, trunc = _u(SC.SIGN), _u(SC.FLOOR), _u(SC.CEIL), _u(SC.RINT), _u(SC.TRUNC)
fix = trunc
hypot, arctan2, logaddexp, logaddexp2 = _b(SC.HYPOT), _b(SC.ARCTAN2), _b(SC.LOGADDEXP), _b(SC.LOGADDEXP2)
fmod, remainder = _b(SC.FMOD), _b(SC.REMAINDER)
mod = remainder


def round(a: ArrayLike, decimals: int = 0) -> Tensor:  # noqa: A001 - NumPy's name
    """Rounded values; derivative 0 (a step function)."""
    at = _t(a)
    if decimals == 0:
        return rint(at)
    scale = 10.0**decimals
    return rint(at * scale) / scale


around = round


def reciprocal(x: ArrayLike) -> Tensor:
    return F.div(1.0, _t(x))


def fabs(x: ArrayLike) -> Tensor:
    return F.UNARY["abs"](x)


def positive(x: ArrayLike) -> Tensor:
    return _t(x)


def float_power(a: ArrayLike, b: ArrayLike) -> Tensor:
    return F.pow(F.astype(_t(a), np.float64), b)


def fmax(a: ArrayLike, b: ArrayLike) -> Tensor:
    at, bt = _t(a), _t(b)
    return F.where(np.isnan(bt.data) | (at.data >= bt.data), at, bt) if at.shape == bt.shape else F.maximum(at, bt)


def fmin(a: ArrayLike, b: ArrayLike) -> Tensor:
    at, bt = _t(a), _t(b)
    return F.where(np.isnan(bt.data) | (at.data <= bt.data), at, bt) if at.shape == bt.shape else F.minimum(at, bt)


def real(x: ArrayLike) -> Tensor:
    return _t(x)


def degrees(x: ArrayLike) -> Tensor:
    """x · 180/π."""
    return F.mul(_t(x), 180.0 / np.pi)


def radians(x: ArrayLike) -> Tensor:
    """x · π/180."""
    return F.mul(_t(x), np.pi / 180.0)


rad2deg, deg2rad = degrees, radians


__all__ = ["dot", "vdot", "inner", "outer", "kron", "tensordot", "einsum", "matmul", "cross", "prod", "cumsum",
           "cumprod", "diff", "ediff1d", "amax", "amin", "ptp",
           "exp2", "cbrt", "sinc", "sign", "floor", "ceil", "rint", "trunc", "fix", "hypot", "arctan2",
           "logaddexp", "logaddexp2", "fmod", "remainder", "mod", "round", "around", "reciprocal", "fabs",
           "positive", "float_power", "fmax", "fmin", "real", "select", "real_if_close", "imag", "angle",
           "degrees", "radians", "deg2rad", "rad2deg"]
