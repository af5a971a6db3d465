"""The differentiable functions of the public API (``mb.exp``, ``mb.sum``, …), NumPy's signatures.

Each accepts Tensors, arrays or numbers and returns a Tensor. There is one ``mb.<name>`` per scalar
function spec of :mod:`mibun.functions` (made here, never written out one by one); the shape functions
are in ``shape_functions.py``, the constructors in ``constructors.py``. The same functions form the ``TS``
namespace that VJPs use when the backward pass is recorded (see ``backends.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np

from mibun.autodiff.backends import is_basic_index, raw
from mibun.autodiff.constructors import (
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
from mibun.autodiff.devices import as_array
from mibun.autodiff.ops import elementwise as E
from mibun.autodiff.ops import linalg as L
from mibun.autodiff.ops import reductions as R
from mibun.autodiff.recording import apply, apply2, binary, unary
from mibun.autodiff.reductions_util import check_axis
from mibun.autodiff.shape_functions import (
    broadcast_to,
    concatenate,
    expand_dims,
    flatten,
    getitem,
    index_grad,
    pad,
    reshape,
    split,
    squeeze,
    stack,
    take,
    transpose,
)
from mibun.autodiff.tensor import Tensor, _const, as_tensor
from mibun.errors import InputError, ShapeError
from mibun.functions import scalar_specs

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
_ADD, _SUB, _MUL, _DIV, _MATMUL = (binary(op) for op in (E.ADD, E.SUB, E.MUL, E.DIV, L.MATMUL))


def add(a: ArrayLike, b: ArrayLike) -> Tensor:
    """a + b (broadcasting)."""
    return _ADD(_l(a), _l(b))


def sub(a: ArrayLike, b: ArrayLike) -> Tensor:
    """a − b."""
    return _SUB(_l(a), _l(b))


def mul(a: ArrayLike, b: ArrayLike) -> Tensor:
    """a · b (elementwise)."""
    return _MUL(_l(a), _l(b))


def div(a: ArrayLike, b: ArrayLike) -> Tensor:
    """a / b."""
    return _DIV(_l(a), _l(b))


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
        raise ShapeError("engine.err.scalars_cannot_matrix_multiplied")
    return _MATMUL(a, b)



# ---------------------------------------------------------------- unary: one per scalar function spec
def _unary(op):
    call = unary(op)

    def f(x: ArrayLike) -> Tensor:
        return call(x if isinstance(x, Tensor) else _t(x))

    f.__name__ = f.__qualname__ = op.name
    f.__doc__ = f"{op.template.format('x')} elementwise. Derivative: {op.rule[0]}"
    return f


#: ``mb.<name>`` for every scalar function of :mod:`mibun.functions` (sin, arcsin, erf, …)
UNARY: dict[str, Any] = {s.name: _unary(s) for s in scalar_specs()}
globals().update(UNARY)
neg = _unary(E.NEG)
exp, log, sqrt, sin, cos = UNARY["exp"], UNARY["log"], UNARY["sqrt"], UNARY["sin"], UNARY["cos"]
tanh, sigmoid = UNARY["tanh"], UNARY["sigmoid"]
relu, softplus, erf = UNARY["relu"], UNARY["softplus"], UNARY["erf"]
abs = UNARY["abs"]  # mb.abs; globals().update above already binds it (named for type checkers)


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
    c = as_array(raw(cond))
    if c.dtype != np.bool_:
        if c.dtype.kind not in "biu":
            raise InputError("engine.err.condition_booleans_dtype_compare", dtype=c.dtype)
        c = c.astype(bool)
    return apply(E.WHERE, a, b, cond=c)


def clip(x: ArrayLike, lo: float | None, hi: float | None) -> Tensor:
    """x limited to [lo, hi] (None: no bound). Gradient 1 inside, 0 where clipped."""
    if lo is None and hi is None:
        raise InputError("engine.err.clip_no_bound")
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


# The differentiable twin of backends.NP (same names, same signatures): every scalar function, and the
# array functions VJPs use.
TS = SimpleNamespace(
    **UNARY, sum=sum, reshape=reshape, transpose=transpose, broadcast_to=broadcast_to, where=where,
    matmul=matmul, index_grad=index_grad, astype=astype, expand_dims=expand_dims, concatenate=concatenate,
)


def _ts_safe_mul(g: Tensor, local: Any) -> Tensor:
    r = g * local
    if r.data.dtype.kind in "fc" and not np.isfinite(r.data).all():
        r = where(raw(g) == 0, 0.0, r)
    return r


TS.safe_mul = _ts_safe_mul

__all__ = [
    "add", "sub", "mul", "div", "pow", "square", "matmul", "neg", *UNARY, "leaky_relu", "maximum",
    "minimum", "where", "clip", "astype", "sum", "mean", "max", "min", "logsumexp", "softmax", "log_softmax",
    "var", "std", "norm", "safe_sqrt", "reshape", "transpose", "broadcast_to", "expand_dims", "squeeze", "flatten",
    "getitem", "index_grad", "take", "pad", "concatenate", "stack", "split", "tensor", "zeros", "ones",
    "full", "zeros_like", "ones_like", "eye", "arange", "randn", "rand", "as_tensor", "is_basic_index",
]
