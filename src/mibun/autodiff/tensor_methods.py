"""Operators and methods of ``Tensor`` (``a + b``, ``a @ b``, ``t.sum(axis=0)``, …), bound to the
functions in ``functions.py`` so each computation is written once."""

from __future__ import annotations

import numpy as np

from mibun.autodiff import functions as F
from mibun.autodiff.devices import as_array
from mibun.autodiff.numpy_protocol import array_function, array_ufunc
from mibun.autodiff.ops import elementwise as E
from mibun.autodiff.ops import scalar as SC
from mibun.autodiff.recording import apply2, binary, unary
from mibun.autodiff.tensor import Tensor, _wrap


def _compare(ufunc):
    def method(self, other):
        o = other.data if isinstance(other, Tensor) else other
        return _wrap(as_array(ufunc(self.data, o)))

    return method


def _reshape(self, *shape):
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
        shape = tuple(shape[0])
    return F.reshape(self, shape)


def _transpose(self, *axes):
    if len(axes) == 1 and not isinstance(axes[0], (int, np.integer)):
        axes = tuple(axes[0]) if axes[0] is not None else ()
    return F.transpose(self, axes or None)


_METHODS = {
    "__add__": binary(E.ADD),
    "__radd__": lambda a, b: apply2(E.ADD, b, a),
    "__sub__": binary(E.SUB),
    "__rsub__": lambda a, b: apply2(E.SUB, b, a),
    "__mul__": binary(E.MUL),
    "__rmul__": lambda a, b: apply2(E.MUL, b, a),
    "__truediv__": binary(E.DIV),
    "__rtruediv__": lambda a, b: apply2(E.DIV, b, a),
    "__pow__": lambda a, b: F.pow(a, b),
    "__rpow__": lambda a, b: apply2(E.POW, b, a),
    "__matmul__": lambda a, b: F.matmul(a, b),
    "__rmatmul__": lambda a, b: F.matmul(b, a),
    "__neg__": unary(E.NEG),
    "__mod__": binary(SC.REMAINDER),
    "__rmod__": lambda a, b: apply2(SC.REMAINDER, b, a),
    "__floordiv__": _compare(np.floor_divide),
    "__pos__": lambda a: a,
    "__abs__": unary(E.ABS),
    "__getitem__": lambda a, idx: F.getitem(a, idx),
    "__lt__": _compare(np.less),
    "__le__": _compare(np.less_equal),
    "__gt__": _compare(np.greater),
    "__ge__": _compare(np.greater_equal),
    "__eq__": _compare(np.equal),
    "__ne__": _compare(np.not_equal),
    "sum": lambda self, axis=None, keepdims=False: F.sum(self, axis, keepdims),
    "mean": lambda self, axis=None, keepdims=False: F.mean(self, axis, keepdims),
    "max": lambda self, axis=None, keepdims=False: F.max(self, axis, keepdims),
    "min": lambda self, axis=None, keepdims=False: F.min(self, axis, keepdims),
    "var": lambda self, axis=None, keepdims=False, ddof=0: F.var(self, axis, keepdims, ddof),
    "std": lambda self, axis=None, keepdims=False, ddof=0: F.std(self, axis, keepdims, ddof),
    "norm": lambda self, axis=None, keepdims=False: F.norm(self, axis, keepdims),
    "logsumexp": lambda self, axis=None, keepdims=False: F.logsumexp(self, axis, keepdims),
    "softmax": lambda self, axis=-1: F.softmax(self, axis),
    "log_softmax": lambda self, axis=-1: F.log_softmax(self, axis),
    **F.UNARY,  # t.exp(), t.arcsin(), t.erf(), …: one method per scalar function spec
    "square": F.square,
    "leaky_relu": lambda self, negative_slope=0.01: F.leaky_relu(self, negative_slope),
    "clip": lambda self, lo=None, hi=None: F.clip(self, lo, hi),
    "pow": lambda self, p: F.pow(self, p),
    "matmul": lambda self, other: F.matmul(self, other),

    "reshape": _reshape,
    "view": _reshape,
    "transpose": _transpose,
    "flatten": lambda self, start_dim=0: F.flatten(self, start_dim),
    "squeeze": lambda self, axis=None: F.squeeze(self, axis),
    "expand_dims": lambda self, axis: F.expand_dims(self, axis),
    "unsqueeze": lambda self, axis: F.expand_dims(self, axis),
    "astype": lambda self, dtype: F.astype(self, dtype),
    "float": lambda self: F.astype(self, np.float32),
    "double": lambda self: F.astype(self, np.float64),
    "argmax": lambda self, axis=None: _wrap(as_array(np.argmax(self.data, axis=axis))),
    "argmin": lambda self, axis=None: _wrap(as_array(np.argmin(self.data, axis=axis))),
    "copy": lambda self: F.tensor(self.data, requires_grad=self.requires_grad),
}


def _np_method(name):
    def method(self, *args, **kwargs):
        from mibun.autodiff.np_namespace import DIFFERENTIABLE

        return DIFFERENTIABLE[name](self, *args, **kwargs)

    method.__name__ = name
    return method


# NumPy's ndarray methods that the functions above do not cover (t.dot, t.prod, t.cumsum, …)
_NUMPY_METHODS = {n: _np_method(n) for n in ("dot", "prod", "cumsum", "cumprod", "ravel", "trace", "diagonal",
                                              "repeat", "swapaxes", "take", "sort", "round", "ptp")}

for _name, _fn in _METHODS.items():
    setattr(Tensor, _name, _fn)
Tensor.T = property(lambda self: F.transpose(self))  # type: ignore[attr-defined]
Tensor.mT = property(lambda self: F.transpose(  # type: ignore[attr-defined]
    self, tuple(range(self.ndim - 2)) + (self.ndim - 1, self.ndim - 2)))
Tensor.__array_ufunc__ = array_ufunc  # type: ignore[attr-defined]
Tensor.__array_function__ = array_function  # type: ignore[attr-defined]
for _name, _fn in _NUMPY_METHODS.items():
    setattr(Tensor, _name, _fn)
