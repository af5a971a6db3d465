"""The raw-NumPy namespace ``NP`` that VJPs and JVPs are written against (the fast path: no graph is built
while differentiating), and the small NumPy helpers the specs share. The engine's differentiable twin
``TS`` (same names, same signatures) lives in :mod:`mibun.autodiff`.

Every scalar function registered with :func:`mibun.functions.scalar` is added here under its name, so a
derivative may call any other function: ``ns.tan(x)``, ``ns.cosh(x)``.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

#: set by mibun.autodiff.devices (a higher layer): ``ON_DEVICE[0](name, fn, a)`` runs ``fn`` for a device's
#: array ``a`` (the device's own function ``name`` where it has one, else on a host copy)
ON_DEVICE: list = [None]


def is_device_array(x) -> bool:
    """True for an array of another module that takes NumPy's functions (CuPy: ``__array_function__``)."""
    return (not isinstance(x, np.ndarray) and hasattr(type(x), "__array_function__")
            and not hasattr(x, "requires_grad"))  # not a mibun Tensor (it speaks the protocol too)


def as_array(x):
    """``x`` as an array: a NumPy array, or a device's array kept as it is (never copied to the host)."""
    return x if type(x) is np.ndarray or is_device_array(x) else np.asarray(x)


def raw(x):
    """The NumPy value of a Tensor or of a raw operand."""
    if type(x) is np.ndarray or not hasattr(x, "requires_grad"):  # a CuPy array's .data is its memory
        return x
    return x.data


def np_sigmoid(x):
    """σ(x) = 1/(1+e^{-x}), computed without overflow for large |x|."""
    if not isinstance(x, np.ndarray):
        x = as_array(x)
    e = np.exp(-np.abs(x))
    one = x.dtype.type(1) if x.dtype.kind == "f" else 1.0
    return np.where(x >= 0, one / (one + e), e / (one + e))


def np_index_grad(g, index, shape):
    """Zeros of ``shape`` with ``g`` added at ``index`` (repeated integer indices accumulate)."""
    out = np.zeros_like(g, shape=shape)  # on g's device (CuPy takes this call through NumPy's protocol)
    if is_basic_index(index):
        out[index] = g
    else:
        np.add.at(out, index, g)
    return out


def is_basic_index(index) -> bool:
    """True when ``index`` holds only ints, slices, None and Ellipsis (no element is taken twice)."""
    items = index if isinstance(index, tuple) else (index,)
    return all(i is None or i is Ellipsis or isinstance(i, (slice, int, np.integer)) for i in items)


def np_safe_mul(g, local):
    """g · local, with 0 wherever g is 0 even if local is ±inf/NaN there — so a branch that ``where``
    did not select (g = 0) never leaks NaN into the gradient."""
    r = g * local
    if type(local) is float and math.isfinite(local):   # a finite constant factor: nothing to mask
        return r
    if r.dtype.kind in "fc" and not np.isfinite(r).all():
        r = np.where(g == 0, 0, r)
    return r


def float_like(x):
    """``x`` as an array of a floating dtype (integers become float64; float32 stays float32)."""
    if type(x) is not np.ndarray:
        x = as_array(x)  # a device's array stays on its device
    return x if x.dtype.kind in "fc" else x.astype(np.float64)


NP = SimpleNamespace(
    sum=lambda x, axis=None, keepdims=False: (x.sum(axis=axis, keepdims=keepdims) if type(x) is np.ndarray
                                             else np.sum(x, axis=axis, keepdims=keepdims)),
    reshape=np.reshape,
    transpose=np.transpose,
    broadcast_to=np.broadcast_to,
    where=np.where,
    matmul=np.matmul,
    index_grad=np_index_grad,
    safe_mul=np_safe_mul,
    astype=lambda x, dtype: x.astype(dtype, copy=False),
    expand_dims=np.expand_dims,
    concatenate=lambda xs, axis=0: np.concatenate(xs, axis=axis),
)

__all__ = ["NP", "raw", "as_array", "is_device_array", "ON_DEVICE", "np_sigmoid",
           "np_index_grad", "np_safe_mul", "is_basic_index", "float_like"]
