"""Making tensors: ``mb.tensor`` and the NumPy-like constructors (zeros, ones, eye, randn, …)."""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.autodiff.backends import raw
from mibun.autodiff.tensor import Tensor

ArrayLike = Any


def tensor(data: ArrayLike, dtype: Any = None, requires_grad: bool = False, name: str | None = None) -> Tensor:
    """A new leaf tensor (a copy of ``data``). Python floats give float64; arrays keep their dtype."""
    if isinstance(data, Tensor):
        data = data.data
    arr = np.array(data, dtype=dtype)
    return Tensor(arr, requires_grad=requires_grad, name=name)


def zeros(shape, dtype: Any = np.float64, requires_grad: bool = False) -> Tensor:
    return Tensor(np.zeros(shape, dtype=dtype), requires_grad=requires_grad)


def ones(shape, dtype: Any = np.float64, requires_grad: bool = False) -> Tensor:
    return Tensor(np.ones(shape, dtype=dtype), requires_grad=requires_grad)


def full(shape, value: float, dtype: Any = np.float64, requires_grad: bool = False) -> Tensor:
    return Tensor(np.full(shape, value, dtype=dtype), requires_grad=requires_grad)


def zeros_like(x: ArrayLike, requires_grad: bool = False) -> Tensor:
    return Tensor(np.zeros_like(raw(x)), requires_grad=requires_grad)


def ones_like(x: ArrayLike, requires_grad: bool = False) -> Tensor:
    return Tensor(np.ones_like(raw(x)), requires_grad=requires_grad)


def eye(n: int, dtype: Any = np.float64) -> Tensor:
    return Tensor(np.eye(n, dtype=dtype))


def arange(*args: Any, dtype: Any = None) -> Tensor:
    return Tensor(np.arange(*args, dtype=dtype))


def randn(*shape: int, dtype: Any = np.float64, requires_grad: bool = False, seed: int | None = None) -> Tensor:
    rng = np.random.default_rng(seed)
    return Tensor(rng.standard_normal(shape).astype(dtype), requires_grad=requires_grad)


def rand(*shape: int, dtype: Any = np.float64, requires_grad: bool = False, seed: int | None = None) -> Tensor:
    rng = np.random.default_rng(seed)
    return Tensor(rng.random(shape).astype(dtype), requires_grad=requires_grad)


__all__ = ["tensor", "zeros", "ones", "full", "zeros_like", "ones_like", "eye", "arange", "randn", "rand"]
