"""Helpers shared by the layers: converting inputs to the module's dtype with clear errors."""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.autodiff.devices import as_array
from mibun.autodiff.tensor import Tensor
from mibun.errors import DTypeError


def as_input(x: Any, dtype: np.dtype, layer: str) -> Tensor:
    """A Tensor of the layer's dtype. Arrays and lists are converted (a float64 NumPy array fed to a
    float32 model becomes float32); a Tensor of another float dtype is refused, because converting it
    silently would hide a mistake in a graph."""
    if isinstance(x, Tensor):
        if x.dtype != dtype:
            if x.dtype.kind in "iub" and not x.requires_grad:
                return Tensor(x.data.astype(dtype))
            raise DTypeError("nn.err.input_dtype", layer=layer, got=str(x.dtype), dtype=str(dtype))
        return x
    arr = as_array(x)
    if arr.dtype != dtype:
        arr = arr.astype(dtype)
    return Tensor(arr)


def param_dtype(dtype: Any) -> np.dtype:
    dt = np.dtype(np.float32 if dtype is None else dtype)
    if dt.kind != "f":
        raise DTypeError("nn.err.param_dtype", dtype=str(dt))
    return dt
