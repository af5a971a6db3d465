"""NumPy's dispatch protocols for ``Tensor``: ``np.sin(t)``, ``np.dot(W, t)``, ``np.concatenate([t, u])``,
``np.sum(t)``, ``np.linalg.inv(t)`` run mibun's differentiable functions and keep the graph.

Three outcomes, never a silent detach:

* a differentiable function mibun has (``mibun.numpy``'s name for it): the graph is kept;
* a function whose result carries no derivative (comparisons, ``np.isfinite``, ``np.argmax``,
  ``np.shape``, ``np.allclose``… — autograd's no-gradient list): it runs on the arrays and returns
  plain NumPy values;
* any other function: when a Tensor argument is being differentiated (requires_grad, recording on),
  a ``MibunError`` naming the function is raised; otherwise it runs on the arrays (nothing to lose).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.autodiff.grad_mode import STATE
from mibun.errors import InputError

#: ufuncs whose results carry no derivative: they run on the arrays and return NumPy values
NONDIFF_UFUNCS = frozenset({
    "less", "less_equal", "greater", "greater_equal", "equal", "not_equal", "logical_and", "logical_or",
    "logical_not", "logical_xor", "isfinite", "isinf", "isnan", "isnat", "signbit", "bitwise_and",
    "bitwise_or", "bitwise_xor", "invert", "left_shift", "right_shift", "floor_divide", "gcd", "lcm",
    "spacing", "nextafter",
})

#: NumPy functions whose results carry no derivative (integers, booleans, shapes, new constants)
NONDIFF_FUNCTIONS = frozenset({
    "shape", "ndim", "size", "allclose", "isclose", "array_equal", "array_equiv", "argmax", "argmin",
    "argsort", "argpartition", "argwhere", "nonzero", "flatnonzero", "count_nonzero", "searchsorted",
    "digitize", "histogram", "histogram2d", "histogramdd", "histogram_bin_edges", "bincount", "unique",
    "isfinite", "isnan", "isinf", "isneginf", "isposinf", "isreal", "iscomplex", "isrealobj",
    "iscomplexobj", "isscalar", "result_type", "can_cast", "min_scalar_type", "common_type",
    "zeros_like", "ones_like", "empty_like", "full_like", "any", "all", "may_share_memory",
    "shares_memory", "array_repr", "array_str", "array2string", "save", "savez", "savez_compressed",
    "savetxt", "copyto", "iterable", "ravel_multi_index", "unravel_index", "tril_indices_from",
    "triu_indices_from", "diag_indices_from", "in1d", "isin", "intersect1d", "setdiff1d", "union1d",
    "setxor1d", "lexsort", "nanargmax", "nanargmin", "logical_and", "logical_or", "logical_not",
    "logical_xor", "floor_divide", "matrix_rank", "sort_complex", "broadcast_shapes", "ix_",
    "printoptions",
})

#: NumPy names spelled differently in mibun.numpy
ALIASES = {"true_divide": "divide", "absolute": "abs", "conjugate": "positive", "conj": "positive",
           "row_stack": "vstack", "amax": "amax", "amin": "amin", "max": "amax", "min": "amin"}

_UFUNC_METHODS = {("add", "reduce"): "sum", ("multiply", "reduce"): "prod", ("maximum", "reduce"): "amax",
                  ("minimum", "reduce"): "amin", ("add", "accumulate"): "cumsum",
                  ("multiply", "accumulate"): "cumprod"}


def _lookup(name: str, linalg: bool = False):
    if linalg:
        from mibun.autodiff import linalg_functions as L

        return getattr(L, name, None) if name in L.__all__ else None
    from mibun.autodiff.np_namespace import DIFFERENTIABLE

    return DIFFERENTIABLE.get(ALIASES.get(name, name))


def _unwrap(x: Any) -> Any:
    from mibun.autodiff.tensor import Tensor

    if isinstance(x, Tensor):
        return x.data
    if isinstance(x, list):
        return [_unwrap(v) for v in x]
    if isinstance(x, tuple):
        return tuple(_unwrap(v) for v in x)
    if isinstance(x, dict):
        return {k: _unwrap(v) for k, v in x.items()}
    return x


def _traced(x: Any) -> bool:
    from mibun.autodiff.tensor import Tensor

    if isinstance(x, Tensor):
        return x.requires_grad
    if isinstance(x, (list, tuple)):
        return any(_traced(v) for v in x)
    if isinstance(x, dict):
        return any(_traced(v) for v in x.values())
    return False


def _refuse_or_run(label: str, call, args: tuple, kwargs: dict):
    if STATE.enabled and (_traced(args) or _traced(kwargs)):
        raise InputError("engine.err.numpy_no_derivative", name=label)
    return call(*_unwrap(args), **_unwrap(kwargs))


def array_ufunc(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
    name = ufunc.__name__
    if kwargs.get("out") is not None:
        return _refuse_or_run(f"np.{name}(..., out=...)", getattr(ufunc, method), inputs, kwargs)
    if method == "__call__":
        if name in NONDIFF_UFUNCS:
            return ufunc(*_unwrap(inputs), **_unwrap(kwargs))
        fn = _lookup(name)
        if fn is not None and not kwargs:
            return fn(*inputs)
        if fn is not None and set(kwargs) <= {"dtype"}:
            out = fn(*inputs)
            return out if kwargs.get("dtype") is None else out.astype(kwargs["dtype"])
        return _refuse_or_run(f"np.{name}", ufunc, inputs, kwargs)
    target = _UFUNC_METHODS.get((name, method))
    if target is not None and len(inputs) == 1:
        fn = _lookup(target)
        kw = {k: v for k, v in kwargs.items() if k in ("axis", "keepdims") and v is not None}
        if method == "reduce" and "axis" not in kwargs:
            kw["axis"] = 0
        return fn(inputs[0], **kw)
    return _refuse_or_run(f"np.{name}.{method}", getattr(ufunc, method), inputs, kwargs)


def array_function(self, func: Any, types: Any, args: tuple, kwargs: dict) -> Any:
    name = func.__name__
    module = getattr(func, "__module__", "") or ""
    linalg = module.endswith("linalg")
    if name in NONDIFF_FUNCTIONS:
        return func(*_unwrap(args), **_unwrap(kwargs))
    fn = _lookup(name, linalg)
    if fn is not None:
        kw = {k: v for k, v in kwargs.items() if not (k in ("out", "dtype", "where") and v is None)}
        return fn(*args, **kw)
    label = f"np.linalg.{name}" if linalg else f"np.{name}"
    return _refuse_or_run(label, func, args, kwargs)


__all__ = ["array_ufunc", "array_function", "NONDIFF_UFUNCS", "NONDIFF_FUNCTIONS"]
