"""Tensor conversion: ``to_torch`` / ``from_torch`` keep dtype, shape, values and requires_grad."""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.errors import InputError


def import_torch() -> Any:
    """The torch module, or an InputError that says how to install it."""
    try:
        import torch
    except ImportError:  # pragma: no cover - depends on the machine
        raise InputError("interop.err.mibun_interop_needs_pytorch") from None
    return torch


def to_torch(x: Any, requires_grad: bool | None = None) -> Any:
    """A torch.Tensor with the same values and dtype as ``x`` (a mibun Tensor, array or number); a copy, so
    later changes on either side do not leak; on the GPU when ``x`` is (``device="cuda"``).
    ``requires_grad`` defaults to the mibun tensor's flag."""
    from mibun.autodiff.devices import device_of, host_array
    from mibun.autodiff.tensor import Tensor

    torch = import_torch()
    data = x.data if isinstance(x, Tensor) else x
    arr = host_array(data)  # a copy on the host (a GPU array is copied down first)
    if arr.dtype.kind not in "biuf":
        raise InputError("interop.err.dtype_has_no_torch", dtype=arr.dtype)
    out = torch.from_numpy(np.ascontiguousarray(arr))
    if device_of(data) == "cuda":  # a mibun tensor on the GPU gives a torch tensor on the GPU
        out = out.to("cuda")
    flag = bool(x.requires_grad) if (requires_grad is None and isinstance(x, Tensor)) else bool(requires_grad)
    if flag and arr.dtype.kind == "f":
        out.requires_grad_(True)
    return out


def from_torch(t: Any, requires_grad: bool | None = None) -> Any:
    """A mibun Tensor with the values and dtype of a torch tensor (detached, copied to the CPU);
    ``requires_grad`` defaults to the torch tensor's flag."""
    from mibun.autodiff.tensor import Tensor

    if not hasattr(t, "detach"):
        raise InputError("interop.err.expected_torch_tensor", type=type(t).__name__)
    arr = np.array(t.detach().cpu().numpy(), copy=True)
    flag = bool(getattr(t, "requires_grad", False)) if requires_grad is None else bool(requires_grad)
    return Tensor(arr, requires_grad=flag and arr.dtype.kind == "f")


__all__ = ["to_torch", "from_torch", "import_torch"]
