"""The differentiable half of ``mibun.numpy``: NumPy names mapped to mibun's implementations (what
``Tensor.__array_function__`` dispatches to). Kept apart from ``mibun/numpy.py``, whose star import of
NumPy would shadow ``bool``, ``sum``, … here."""

from __future__ import annotations

from typing import Any

import numpy as _np

from mibun.autodiff import functions as _F
from mibun.autodiff import np_array as _A
from mibun.autodiff import np_math as _M
from mibun.autodiff import np_stats as _S
from mibun.autodiff.devices import as_array as _as_array
from mibun.autodiff.tensor import Tensor as _Tensor

_ArrayLike = Any


def _sum(a: _ArrayLike, axis=None, dtype=None, keepdims: bool = False, **kw: Any) -> _Tensor:
    out = _F.sum(a, axis=axis, keepdims=keepdims)
    return out if dtype is None else _F.astype(out, dtype)


def _mean(a: _ArrayLike, axis=None, dtype=None, keepdims: bool = False, **kw: Any) -> _Tensor:
    out = _F.mean(a, axis=axis, keepdims=keepdims)
    return out if dtype is None else _F.astype(out, dtype)


def _var(a: _ArrayLike, axis=None, dtype=None, ddof: int = 0, keepdims: bool = False, **kw: Any) -> _Tensor:
    return _F.var(a, axis=axis, keepdims=keepdims, ddof=ddof)


def _std(a: _ArrayLike, axis=None, dtype=None, ddof: int = 0, keepdims: bool = False, **kw: Any) -> _Tensor:
    return _F.std(a, axis=axis, keepdims=keepdims, ddof=ddof)


def _where(condition: _ArrayLike, x: _ArrayLike = None, y: _ArrayLike = None):
    if x is None and y is None:
        return _np.nonzero(condition.data if isinstance(condition, _Tensor) else _as_array(condition))
    return _F.where(condition, x, y)


def _clip(a: _ArrayLike, a_min=None, a_max=None, **kw: Any) -> _Tensor:
    a_min = kw.pop("min", a_min)
    a_max = kw.pop("max", a_max)
    return _F.clip(a, a_min, a_max)


def _concatenate(arrays, axis=0, **kw: Any) -> _Tensor:
    if axis is None:
        return _F.concatenate([_A.ravel(a) for a in arrays], axis=0)
    return _F.concatenate(list(arrays), axis=axis)


def _stack(arrays, axis=0, **kw: Any) -> _Tensor:
    return _F.stack(list(arrays), axis=axis)


def _reshape(a: _ArrayLike, *args: Any, **kw: Any) -> _Tensor:
    shape = kw.get("shape", kw.get("newshape", args[0] if args else ()))
    return _F.reshape(a, shape)


def _transpose(a: _ArrayLike, axes=None) -> _Tensor:
    return _F.transpose(a, axes)


def _power(a: _ArrayLike, b: _ArrayLike) -> _Tensor:
    return _F.pow(_F._l(a), _F._l(b))


def _split(a: _ArrayLike, indices_or_sections, axis: int = 0) -> list[_Tensor]:
    return _F.split(a, indices_or_sections, axis)


def _broadcast_to(a: _ArrayLike, shape, **kw: Any) -> _Tensor:
    return _F.broadcast_to(a, shape)


def _broadcast_arrays(*args: _ArrayLike, **kw: Any) -> list[_Tensor]:
    shape = _np.broadcast_shapes(*[_F._t(a).shape for a in args])
    return [_F.broadcast_to(a, shape) for a in args]


def _logsumexp(a: _ArrayLike, axis=None, keepdims: bool = False) -> _Tensor:
    return _F.logsumexp(a, axis=axis, keepdims=keepdims)


def _square(x: _ArrayLike) -> _Tensor:
    return _F.square(_F._t(x))


def _copy(a: _ArrayLike, **kw: Any) -> _Tensor:
    if isinstance(a, _Tensor) and a.requires_grad:
        return _F.mul(a, 1.0)
    return _F._t((a.data if isinstance(a, _Tensor) else _as_array(a)).copy())


#: NumPy name -> mibun's differentiable implementation (what ``Tensor.__array_function__`` dispatches to)
DIFFERENTIABLE: dict[str, Any] = {
    "add": _F.add, "subtract": _F.sub, "multiply": _F.mul, "divide": _F.div, "power": _power,
    "negative": _F.neg, "exp": _F.exp, "log": _F.log, "log1p": _F.UNARY["log1p"],
    "expm1": _F.UNARY["expm1"], "sqrt": _F.sqrt,
    "sin": _F.sin, "cos": _F.cos, "tan": _F.UNARY["tan"], "tanh": _F.tanh, "abs": _F.UNARY["abs"],
    "maximum": _F.maximum,
    "minimum": _F.minimum, "square": _square, "where": _where, "clip": _clip, "sum": _sum, "mean": _mean,
    "var": _var, "std": _std, "logsumexp": _logsumexp, "reshape": _reshape, "transpose": _transpose,
    "broadcast_to": _broadcast_to, "broadcast_arrays": _broadcast_arrays, "concatenate": _concatenate,
    "stack": _stack, "split": _split, "copy": _copy,
    **{n: getattr(_A, n) for n in _A.__all__},
    **{n: getattr(_M, n) for n in _M.__all__},
    **{n: getattr(_S, n) for n in _S.__all__},
}
DIFFERENTIABLE["max"] = DIFFERENTIABLE["amax"]
DIFFERENTIABLE["min"] = DIFFERENTIABLE["amin"]


def _register_engine_functions() -> None:
    """Every scalar function spec of :mod:`mibun.functions` (arcsin, sinh, log2, erf, …) under its name, so
    NumPy's ufunc of that name dispatches to it, without restating them; plus NumPy's aliases."""
    from mibun.autodiff import functions as fns
    from mibun.functions import scalar_specs

    for spec in scalar_specs():
        fn = getattr(fns, spec.name, None)
        if fn is not None and spec.name not in DIFFERENTIABLE:
            DIFFERENTIABLE[spec.name] = fn
    for alias, name in (("arcsin", "asin"), ("arccos", "acos"), ("arctan", "atan")):
        if alias not in DIFFERENTIABLE and name in DIFFERENTIABLE:
            DIFFERENTIABLE[alias] = DIFFERENTIABLE[name]


_register_engine_functions()
