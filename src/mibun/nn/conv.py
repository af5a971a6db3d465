"""``Conv2d``: y[n, o] = b[o] + Σ_c W[o, c] ⋆ x[n, c] (cross-correlation, as PyTorch), computed by
im2col: every kh×kw window of x becomes a row of a matrix, and the convolution is one matmul with the
weight reshaped to (out_channels, in_channels·kh·kw). Backward: W̄ = Ȳᵀ·cols, x̄ = col2im(Ȳ·W)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError, ShapeError
from mibun.nn import functional as NF
from mibun.nn import init
from mibun.nn._util import as_input, param_dtype
from mibun.nn.functional import _two
from mibun.nn.module import Module, Parameter


class Conv2d(Module):
    """Input (N, C_in, H, W) → output (N, C_out, H_out, W_out), H_out = ⌊(H + 2p − d(k−1) − 1)/s⌋ + 1.
    Weight (out_channels, in_channels, kh, kw), bias (out_channels,), both ~ U(−1/√fan_in, 1/√fan_in)."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1, padding: Any = 0,
                 dilation: Any = 1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
                 dtype: Any = None) -> None:
        super().__init__()
        if groups != 1:
            raise InputError("nn.err.conv_groups")
        if padding_mode != "zeros":
            raise InputError("nn.err.conv_padding_mode")
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.kernel_size = _two(kernel_size, "kernel_size")
        self.stride = _two(stride, "stride")
        self.padding = _two(padding, "padding")
        self.dilation = _two(dilation, "dilation")
        dt = param_dtype(dtype)
        self.weight = Parameter(np.empty((self.out_channels, self.in_channels) + self.kernel_size, dtype=dt))
        if bias:
            self.bias = Parameter(np.empty(self.out_channels, dtype=dt))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_channels * self.kernel_size[0] * self.kernel_size[1]
            bound = 1 / math.sqrt(fan_in)
            init.uniform_(self.bias, -bound, bound)

    def forward(self, x: Any) -> Tensor:
        xt = as_input(x, self.weight.dtype, "Conv2d")
        if xt.ndim != 4 or xt.shape[1] != self.in_channels:
            raise ShapeError("nn.err.conv_input", cin=self.in_channels, cout=self.out_channels, shape=xt.shape)
        return NF.conv2d(xt, self.weight, self.bias, self.stride, self.padding, self.dilation)

    def extra_repr(self) -> str:
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0, 0):
            s += f", padding={self.padding}"
        if self.dilation != (1, 1):
            s += f", dilation={self.dilation}"
        if self.bias is None:
            s += ", bias=False"
        return s


__all__ = ["Conv2d"]
