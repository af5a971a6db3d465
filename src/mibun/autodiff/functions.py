"""The differentiable functions of the public API (``mb.exp``, ``mb.sum``, …), NumPy's signatures.

Each accepts Tensors, arrays or numbers and returns a Tensor. The same functions form the ``TS``
namespace that VJPs use when the backward pass is recorded (see ``backends.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np

from mibun.autodiff.backends import is_basic_index, raw
from mibun.autodiff.ops import elementwise as E
from mibun.autodiff.ops import linalg as L
from mibun.autodiff.ops import reductions as R
from mibun.autodiff.ops import shape as S
from mibun.autodiff.reductions_util import check_axis
from mibun.autodiff.tensor import Tensor, _const, apply, apply1, apply2, as_tensor
from mibun.errors import InputError, ShapeError

ArrayLike = Any


def _t(x: ArrayLike) -> Tensor:
    """``x`` as a Tensor. A (nested) list or tuple holding Tensors is stacked with ``stack``, so the
    graph is kept (``mb.sum([x, y])``, ``mnp.array([x, y])``); anything else becomes a constant."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (list, tuple)) and _holds_tensor(x):
        return stack([_t(v) for v in x], axis=0)
    return Tensor(x)


def _l(x: Any) -> Any:
    """A list or tuple operand as a Tensor (stacked when it holds Tensors); others unchanged."""
    return _t(x) if isinstance(x, (list, tuple)) else x


def _holds_tensor(x: Any) -> bool:
    if isinstance(x, Tensor):
        return True
    if isinstance(x, (list, tuple)):
        return any(_holds_tensor(v) for v in x)
    return False


# ---------------------------------------------------------------- arithmetic
def add(a: ArrayLike, b: ArrayLike) -> Tensor:
    """a + b (broadcasting)."""
    return apply2(E.ADD, _l(a), _l(b))


def sub(a: ArrayLike, b: ArrayLike) -> Tensor:
    """a − b."""
    return apply2(E.SUB, _l(a), _l(b))


def mul(a: ArrayLike, b: ArrayLike) -> Tensor:
    """a · b (elementwise)."""
    return apply2(E.MUL, _l(a), _l(b))


def div(a: ArrayLike, b: ArrayLike) -> Tensor:
    """a / b."""
    return apply2(E.DIV, _l(a), _l(b))


def pow(a: ArrayLike, b: ArrayLike) -> Tensor:  # noqa: A001 - NumPy-like name
    """a ** b. A constant exponent records d(uⁿ)/du = n·uⁿ⁻¹ only."""
    if not isinstance(b, Tensor):
        p = _const(b)
        if isinstance(p, (int, float)) and not isinstance(p, bool):
            return apply(E.POW_CONST, _t(a), p=p)
    return apply2(E.POW, a, b)


def square(x: ArrayLike) -> Tensor:
    """x²."""
    return apply(E.POW_CONST, _t(x), p=2)


def matmul(a: ArrayLike, b: ArrayLike) -> Tensor:
    """a @ b with NumPy's rules (batched, 1-D operands allowed)."""
    a, b = _l(a), _l(b)
    if np.ndim(raw(a)) == 0 or np.ndim(raw(b)) == 0:
        raise ShapeError("matmul: scalars cannot be matrix-multiplied; use * for a scalar product")
    return apply2(L.MATMUL, a, b)



# ---------------------------------------------------------------- unary
def _unary(op):
    def f(x: ArrayLike) -> Tensor:
        return apply1(op, x if isinstance(x, Tensor) else _t(x))

    f.__name__ = op.name
    f.__doc__ = f"{op.template.format('x')} elementwise. Derivative: {op.rule[0]}"
    return f


neg = _unary(E.NEG)
exp = _unary(E.EXP)
log = _unary(E.LOG)
log1p = _unary(E.LOG1P)
expm1 = _unary(E.EXPM1)
sqrt = _unary(E.SQRT)
sin = _unary(E.SIN)
cos = _unary(E.COS)
tan = _unary(E.TAN)
tanh = _unary(E.TANH)
sigmoid = _unary(E.SIGMOID)
softplus = _unary(E.SOFTPLUS)
relu = _unary(E.RELU)
abs = _unary(E.ABS)  # noqa: A001


def leaky_relu(x: ArrayLike, negative_slope: float = 0.01) -> Tensor:
    """x if x > 0 else negative_slope·x."""
    return apply(E.LEAKY_RELU, _t(x), negative_slope=float(negative_slope))


def maximum(a: ArrayLike, b: ArrayLike) -> Tensor:
    """Elementwise max (ties share the gradient equally)."""
    return apply2(E.MAXIMUM, _l(a), _l(b))


def minimum(a: ArrayLike, b: ArrayLike) -> Tensor:
    """Elementwise min (ties share the gradient equally)."""
    return apply2(E.MINIMUM, _l(a), _l(b))


def where(cond: ArrayLike, a: ArrayLike, b: ArrayLike) -> Tensor:
    """a where cond, else b. The unselected branch gets exactly zero gradient (never NaN)."""
    c = np.asarray(raw(cond))
    if c.dtype != np.bool_:
        if c.dtype.kind not in "biu":
            raise InputError(f"where: the condition must be booleans, got dtype {c.dtype}; "
                             "compare first, e.g. mb.where(x > 0, a, b)")
        c = c.astype(bool)
    return apply(E.WHERE, a, b, cond=c)


def clip(x: ArrayLike, lo: float | None, hi: float | None) -> Tensor:
    """x limited to [lo, hi] (None: no bound). Gradient 1 inside, 0 where clipped."""
    if lo is None and hi is None:
        raise InputError("clip: give at least one of lo and hi")
    return apply(E.CLIP, _t(x), lo=None if lo is None else _const(lo), hi=None if hi is None else _const(hi))


def astype(x: ArrayLike, dtype: Any) -> Tensor:
    """x converted to ``dtype`` (differentiable: the gradient is converted back)."""
    dt = np.dtype(dtype)
    xt = _t(x)
    if xt.dtype == dt:
        return xt
    return apply(E.ASTYPE, xt, dtype=dt)


# ---------------------------------------------------------------- reductions
def _reduction(op, x, axis, keepdims):
    xt = _t(x)
    check_axis(op.name, xt, axis)
    return apply(op, xt, axis=_axis_param(axis), keepdims=bool(keepdims))


def _axis_param(axis):
    if axis is None or isinstance(axis, (int, np.integer)):
        return None if axis is None else int(axis)
    return tuple(int(a) for a in axis)


def sum(x: ArrayLike, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Σ over ``axis`` (None: all)."""
    return _reduction(R.SUM, x, axis, keepdims)


def mean(x: ArrayLike, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
    """Arithmetic mean over ``axis``."""
    return _reduction(R.MEAN, x, axis, keepdims)


def max(x: ArrayLike, axis: int | None = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Largest value over ``axis`` (values only)."""
    return _reduction(R.MAX, x, axis, keepdims)


def min(x: ArrayLike, axis: int | None = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Smallest value over ``axis`` (values only)."""
    return _reduction(R.MIN, x, axis, keepdims)


def logsumexp(x: ArrayLike, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
    """log Σ exp(x), computed stably."""
    return _reduction(R.LOGSUMEXP, x, axis, keepdims)


def softmax(x: ArrayLike, axis: int = -1) -> Tensor:
    """exp(xᵢ)/Σⱼexp(xⱼ) along ``axis``, computed stably."""
    xt = _t(x)
    check_axis("softmax", xt, axis)
    return apply(R.SOFTMAX, xt, axis=int(axis))


def log_softmax(x: ArrayLike, axis: int = -1) -> Tensor:
    """x − logsumexp(x) along ``axis``."""
    xt = _t(x)
    check_axis("log_softmax", xt, axis)
    return apply(R.LOG_SOFTMAX, xt, axis=int(axis))


def var(x: ArrayLike, axis: int | Sequence[int] | None = None, keepdims: bool = False, ddof: int = 0) -> Tensor:
    """Variance (population by default; ``ddof=1`` for the sample variance)."""
    xt = _t(x)
    d = xt - mean(xt, axis=axis, keepdims=True)
    n = xt.size if axis is None else int(np.prod([xt.shape[a] for a in R.norm_axes(axis, xt.ndim)]))
    return sum(d * d, axis=axis, keepdims=keepdims) / (n - ddof)


def safe_sqrt(v: ArrayLike) -> Tensor:
    """√v for v ≥ 0 whose derivative at v = 0 is taken as 0 instead of ∞ (the double-``where`` trick:
    the unselected branch never sees 0). Used where √ of a sum of squares meets a corner: std of equal
    values, the norm at zero. There the function has no derivative (a cone, |x|-like); 0 is the
    subgradient of smallest size, the same choice as |x|′(0) = 0 — documented in docs/autodiff.md."""
    vt = _t(v)
    pos = raw(vt) > 0
    if pos.all():
        return sqrt(vt)
    return where(pos, sqrt(where(pos, vt, 1.0)), 0.0)


def std(x: ArrayLike, axis: int | Sequence[int] | None = None, keepdims: bool = False, ddof: int = 0) -> Tensor:
    """Standard deviation √var. Where all values are equal (one value, a length-1 axis) std = 0 is a
    corner with no derivative; the gradient there is 0 (see ``safe_sqrt``), never NaN."""
    return safe_sqrt(var(x, axis=axis, keepdims=keepdims, ddof=ddof))


def norm(x: ArrayLike, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
    """Euclidean (Frobenius) norm √Σx². At x = 0 the gradient is 0 (see ``safe_sqrt``), never NaN."""
    xt = _t(x)
    return safe_sqrt(sum(xt * xt, axis=axis, keepdims=keepdims))


# ---------------------------------------------------------------- shapes
def reshape(x: ArrayLike, shape: int | Sequence[int]) -> Tensor:
    """The same numbers in a new shape (one axis may be −1)."""
    xt = _t(x)
    shape = (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(int(s) for s in shape)
    try:
        np.empty(xt.shape).reshape(shape) if xt.size < 2**16 else None
    except ValueError:
        raise ShapeError(f"reshape: cannot reshape a tensor of shape {xt.shape} ({xt.size} elements) "
                         f"into {shape}") from None
    if shape == xt.shape:
        return xt
    return apply(S.RESHAPE, xt, shape=shape)


def transpose(x: ArrayLike, axes: Sequence[int] | None = None) -> Tensor:
    """Permute axes (NumPy's meaning; None reverses them)."""
    xt = _t(x)
    if axes is not None:
        axes = tuple(int(a) % xt.ndim for a in axes)
        if sorted(axes) != list(range(xt.ndim)):
            raise ShapeError(f"transpose: axes {axes} are not a permutation of the {xt.ndim} axes of {xt.shape}")
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
        raise ShapeError(f"squeeze: {exc} (shape {xt.shape})") from None
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
        i = np.asarray(i)
    if isinstance(i, np.ndarray) and i.dtype.kind not in "biu":
        raise InputError(f"index arrays must hold integers or booleans, got dtype {i.dtype}")
    return i


def getitem(x: ArrayLike, index: Any) -> Tensor:
    """x[index]: basic indexing (ints, slices, None, ...) and integer/boolean arrays."""
    xt = _t(x)
    idx = _norm_index(index)
    try:
        xt.data[idx]
    except IndexError as exc:
        raise ShapeError(f"indexing a tensor of shape {xt.shape}: {exc}") from None
    return apply(S.GETITEM, xt, index=idx)


def index_grad(g: ArrayLike, index: Any, shape: Sequence[int]) -> Tensor:
    """Zeros of ``shape`` with ``g`` added at ``index`` (the adjoint of indexing; also zero-padding)."""
    return apply(S.INDEX_GRAD, _t(g), index=index, shape=tuple(shape))


def take(x: ArrayLike, indices: ArrayLike, axis: int = 0) -> Tensor:
    """Rows (or entries along ``axis``) picked by integer ``indices``; repeated indices accumulate."""
    xt = _t(x)
    ax = axis % xt.ndim
    idx = (slice(None),) * ax + (np.asarray(raw(indices)),)
    return getitem(xt, idx)


def pad(x: ArrayLike, pad_width: Sequence[tuple[int, int]], value: float = 0.0) -> Tensor:
    """Zero-pad (or pad with ``value``) by ``pad_width`` = ((before, after), …) per axis."""
    xt = _t(x)
    pw = [tuple(int(v) for v in p) for p in pad_width]
    if len(pw) != xt.ndim:
        raise ShapeError(f"pad: pad_width has {len(pw)} entries for a tensor with {xt.ndim} axes")
    shape = tuple(s + a + b for s, (a, b) in zip(xt.shape, pw, strict=True))
    index = tuple(slice(a, a + s) for s, (a, _) in zip(xt.shape, pw, strict=True))
    out = index_grad(xt, index, shape)
    if value != 0:
        mask = np.ones(shape, dtype=bool)
        mask[index] = False
        out = out + mask.astype(xt.dtype) * value
    return out


def concatenate(tensors: Sequence[ArrayLike], axis: int = 0) -> Tensor:
    """Join along an existing axis."""
    ts = [_t(t) for t in tensors]
    if not ts:
        raise InputError("concatenate: give at least one tensor")
    nd = ts[0].ndim
    if nd == 0:
        raise ShapeError("concatenate: zero-dimensional tensors cannot be concatenated; use stack")
    ax = int(axis)
    for k, t in enumerate(ts):
        if t.ndim != nd or any(t.shape[i] != ts[0].shape[i] for i in range(nd) if i != ax % nd):
            raise ShapeError(f"concatenate along axis {axis}: tensor {k} has shape {t.shape}, tensor 0 has "
                             f"{ts[0].shape}; all axes but {axis} must match")
    return apply(S.CONCATENATE, *ts, axis=ax % nd)


def stack(tensors: Sequence[ArrayLike], axis: int = 0) -> Tensor:
    """Join along a new axis."""
    ts = [_t(t) for t in tensors]
    if not ts:
        raise InputError("stack: give at least one tensor")
    for k, t in enumerate(ts):
        if t.shape != ts[0].shape:
            raise ShapeError(f"stack: tensor {k} has shape {t.shape}, tensor 0 has {ts[0].shape}; they must match")
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
            raise ShapeError(f"split: axis {axis} has length {n}, which is not divisible into {k} equal sections")
        bounds = [i * (n // k) for i in range(k + 1)]
    else:
        bounds = [0, *[int(i) for i in indices_or_sections], n]
    pre = (slice(None),) * ax
    return [getitem(xt, pre + (slice(a, b),)) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


# constructors (tensor, zeros, ones, …) live in constructors.py and are re-exported here
from mibun.autodiff.constructors import (  # noqa: E402
    arange,
    eye,
    full,
    ones,
    ones_like,
    rand,
    randn,
    tensor,
    zeros,
    zeros_like,
)

# The differentiable twin of backends.NP (same names, same signatures).
TS = SimpleNamespace(
    exp=exp, log=log, sqrt=sqrt, sin=sin, cos=cos, tanh=tanh, sigmoid=sigmoid, sum=sum, reshape=reshape,
    transpose=transpose, broadcast_to=broadcast_to, where=where, matmul=matmul, index_grad=index_grad,
    astype=astype, expand_dims=expand_dims, concatenate=concatenate,
)


def _ts_safe_mul(g: Tensor, local: Any) -> Tensor:
    r = g * local
    if r.data.dtype.kind in "fc" and not np.isfinite(r.data).all():
        r = where(raw(g) == 0, 0.0, r)
    return r


TS.safe_mul = _ts_safe_mul

__all__ = [
    "add", "sub", "mul", "div", "pow", "square", "matmul", "neg", "exp", "log", "log1p", "expm1",
    "sqrt", "sin", "cos", "tan", "tanh", "sigmoid", "softplus", "relu", "abs", "leaky_relu", "maximum",
    "minimum", "where", "clip", "astype", "sum", "mean", "max", "min", "logsumexp", "softmax", "log_softmax",
    "var", "std", "norm", "safe_sqrt", "reshape", "transpose", "broadcast_to", "expand_dims", "squeeze", "flatten",
    "getitem", "index_grad", "take", "pad", "concatenate", "stack", "split", "tensor", "zeros", "ones",
    "full", "zeros_like", "ones_like", "eye", "arange", "randn", "rand", "as_tensor", "is_basic_index",
]
