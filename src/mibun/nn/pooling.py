"""``MaxPool2d`` (ḡ goes to each window's largest element, the first on ties) and ``AvgPool2d``
(each element of a window receives ḡ/(kh·kw)); stride defaults to the kernel size."""

from __future__ import annotations

from typing import Any

from mibun.autodiff.tensor import Tensor
from mibun.nn import functional as NF
from mibun.nn.module import Module


class _Pool(Module):
    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding = padding

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxPool2d(_Pool):
    def forward(self, x: Any) -> Tensor:
        return NF.max_pool2d(x, self.kernel_size, self.stride, self.padding)


class AvgPool2d(_Pool):
    def forward(self, x: Any) -> Tensor:
        return NF.avg_pool2d(x, self.kernel_size, self.stride, self.padding)


__all__ = ["MaxPool2d", "AvgPool2d"]
