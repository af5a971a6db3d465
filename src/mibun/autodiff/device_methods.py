"""``Tensor.device``, ``Tensor.to(device)`` and ``Tensor.cpu()`` (PyTorch's names), bound onto Tensor by
``mibun.autodiff`` at import; the device logic lives in ``devices.py``."""

from __future__ import annotations

from typing import Any

from mibun.autodiff.devices import DeviceError, device_of, is_device, to_device
from mibun.autodiff.tensor import Tensor


def _device(self: Tensor) -> str:
    """Where the tensor's numbers live: "cpu" (NumPy) or another registered device ("cuda": CuPy)."""
    return device_of(self.data)


def _to(self: Tensor, device: Any = None, dtype: Any = None) -> Tensor:
    """The tensor on ``device`` and/or as ``dtype`` (``t.to("cuda")``, ``t.to("float32")``,
    ``t.to("cpu", dtype="float64")``); itself when nothing changes. A leaf keeps ``requires_grad``
    (the copy is a new leaf); a tensor computed by recorded ops cannot change device: move its inputs
    (or the model) before computing."""
    if device is not None and not is_device(device):
        device, dtype = None, device  # t.to(np.float32), t.to("float64")
    out = self
    if device is not None:
        moved = to_device(self.data, device)
        if moved is not self.data:
            if self.op is not None and self.requires_grad:
                raise DeviceError("device.err.move_non_leaf", device=str(device))
            out = Tensor(moved, requires_grad=self.requires_grad, name=self.name)
    if dtype is not None and out.dtype != dtype:
        out = out.astype(dtype)
    return out


def _cpu(self: Tensor) -> Tensor:
    """The tensor on the CPU (itself when it is there)."""
    return _to(self, "cpu")


def install(cls: type[Tensor]) -> None:
    cls.device = property(_device)  # type: ignore[assignment]
    cls.to = _to  # type: ignore[method-assign]
    cls.cpu = _cpu  # type: ignore[method-assign]


__all__ = ["install"]
