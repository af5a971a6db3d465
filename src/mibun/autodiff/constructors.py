"""Making tensors: ``mb.tensor`` and the NumPy-like constructors (zeros, ones, eye, randn, …).

``device=`` ("cpu", the default, or "cuda" with CuPy and a GPU) picks the array module that makes the
numbers (``devices.py``); random numbers are drawn on the host, so a seed gives the same on every device."""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.autodiff.backends import raw
from mibun.autodiff.devices import backend, host_array, xp, xp_of
from mibun.autodiff.tensor import Tensor

ArrayLike = Any


def tensor(data: ArrayLike, dtype: Any = None, requires_grad: bool = False, name: str | None = None,
           device: Any = None) -> Tensor:
    """A new leaf tensor (a copy of ``data``). Python floats give float64; arrays keep their dtype.
    ``device="cuda"`` puts it on the GPU (CuPy); the default is where ``data`` is (the CPU for lists)."""
    if isinstance(data, Tensor):
        data = data.data
    if device is None:
        arr = xp_of(data).array(data, dtype=dtype)
    else:
        arr = backend(device).xp.asarray(host_array(data, dtype))
    return Tensor(arr, requires_grad=requires_grad, name=name)


def zeros(shape, dtype: Any = np.float64, requires_grad: bool = False, device: Any = None) -> Tensor:
    return Tensor(xp(device).zeros(shape, dtype=dtype), requires_grad=requires_grad)


def ones(shape, dtype: Any = np.float64, requires_grad: bool = False, device: Any = None) -> Tensor:
    return Tensor(xp(device).ones(shape, dtype=dtype), requires_grad=requires_grad)


def full(shape, value: float, dtype: Any = np.float64, requires_grad: bool = False, device: Any = None) -> Tensor:
    return Tensor(xp(device).full(shape, value, dtype=dtype), requires_grad=requires_grad)


def zeros_like(x: ArrayLike, requires_grad: bool = False) -> Tensor:
    a = raw(x)
    return Tensor(xp_of(a).zeros_like(a), requires_grad=requires_grad)


def ones_like(x: ArrayLike, requires_grad: bool = False) -> Tensor:
    a = raw(x)
    return Tensor(xp_of(a).ones_like(a), requires_grad=requires_grad)


def eye(n: int, dtype: Any = np.float64, device: Any = None) -> Tensor:
    return Tensor(xp(device).eye(n, dtype=dtype))


def arange(*args: Any, dtype: Any = None, device: Any = None) -> Tensor:
    return Tensor(xp(device).arange(*args, dtype=dtype))


def randn(*shape: int, dtype: Any = np.float64, requires_grad: bool = False, seed: int | None = None,
          device: Any = None) -> Tensor:
    rng = np.random.default_rng(seed)
    return Tensor(backend(device).xp.asarray(rng.standard_normal(shape).astype(dtype)), requires_grad=requires_grad)


def rand(*shape: int, dtype: Any = np.float64, requires_grad: bool = False, seed: int | None = None,
         device: Any = None) -> Tensor:
    rng = np.random.default_rng(seed)
    return Tensor(backend(device).xp.asarray(rng.random(shape).astype(dtype)), requires_grad=requires_grad)


__all__ = ["tensor", "zeros", "ones", "full", "zeros_like", "ones_like", "eye", "arange", "randn", "rand"]
