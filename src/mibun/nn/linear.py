"""``Linear``, ``Identity``, ``Flatten``."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mibun.autodiff import functions as F
from mibun.autodiff.graph import mark_region
from mibun.autodiff.tensor import Tensor
from mibun.errors import ShapeError
from mibun.nn import functional as NF
from mibun.nn import init
from mibun.nn._util import as_input, param_dtype
from mibun.nn.module import Module, Parameter


class Linear(Module):
    """y = x Wᵀ + b with W of shape (out_features, in_features) and b of shape (out_features,).

    Gradients (for a loss L, ȳ = ∂L/∂y, batch rows n):  ∂L/∂W = ȳᵀ x,  ∂L/∂b = Σₙ ȳₙ,  ∂L/∂x = ȳ W.
    Initialisation as PyTorch: W, b ~ U(−1/√in, 1/√in).
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, dtype: Any = None) -> None:
        super().__init__()
        self.in_features = int(in_features)
        self.out_features = int(out_features)
        dt = param_dtype(dtype)
        self.weight = Parameter(np.empty((self.out_features, self.in_features), dtype=dt))
        if bias:
            self.bias = Parameter(np.empty(self.out_features, dtype=dt))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            bound = 1 / math.sqrt(self.in_features) if self.in_features > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, x: Any) -> Tensor:
        xt = as_input(x, self.weight.dtype, "Linear")
        if xt.ndim == 0 or xt.shape[-1] != self.in_features:
            raise ShapeError("nn.err.linear_input", fin=self.in_features, fout=self.out_features, shape=xt.shape)
        return mark_region("linear", NF.linear(xt, self.weight, self.bias),
                           {"x": xt, "weight": self.weight, "bias": self.bias})

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class Identity(Module):
    """Returns its input."""

    def forward(self, x: Any) -> Any:
        return x


class Flatten(Module):
    """Merges axes start_dim … end_dim into one (default: all but the batch axis)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, x: Any) -> Tensor:
        xt = x if isinstance(x, Tensor) else Tensor(x)
        nd = xt.ndim
        s, e = self.start_dim % nd, self.end_dim % nd
        shape = xt.shape[:s] + (int(np.prod(xt.shape[s:e + 1])),) + xt.shape[e + 1:]
        return F.reshape(xt, shape)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


__all__ = ["Linear", "Identity", "Flatten"]
