"""Activation modules: each wraps the function of the same name (ReLU → relu, …)."""

from __future__ import annotations

import math
from typing import Any

from mibun.autodiff import functions as F
from mibun.autodiff.graph import mark_region
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError
from mibun.nn.module import Module


class ReLU(Module):
    """relu(x) = max(x, 0); derivative 1 for x > 0, else 0."""

    def forward(self, x: Any) -> Tensor:
        return F.relu(x)


class Tanh(Module):
    """tanh(x); derivative 1 − tanh²(x)."""

    def forward(self, x: Any) -> Tensor:
        return F.tanh(x)


class Sigmoid(Module):
    """σ(x) = 1/(1 + e^{−x}); derivative σ(x)(1 − σ(x))."""

    def forward(self, x: Any) -> Tensor:
        return F.sigmoid(x)


class Softplus(Module):
    """log(1 + eˣ); derivative σ(x)."""

    def forward(self, x: Any) -> Tensor:
        return F.softplus(x)


class LeakyReLU(Module):
    """x if x > 0 else negative_slope·x."""

    def __init__(self, negative_slope: float = 0.01) -> None:
        super().__init__()
        self.negative_slope = negative_slope

    def forward(self, x: Any) -> Tensor:
        return F.leaky_relu(x, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}"


class Softmax(Module):
    """softmax along ``dim`` (PyTorch's argument name)."""

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, x: Any) -> Tensor:
        return F.softmax(x, axis=self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    """log softmax along ``dim``."""

    def forward(self, x: Any) -> Tensor:
        return F.log_softmax(x, axis=self.dim)


def gelu(x: Any, approximate: str = "none") -> Tensor:
    """GELU(x) = x·Φ(x) = x·½(1 + erf(x/√2)) (exact), or with ``approximate="tanh"``
    ½x(1 + tanh(√(2/π)(x + 0.044715x³))), PyTorch's two forms."""
    xt = x if isinstance(x, Tensor) else Tensor(x)
    if approximate == "none":
        y = xt * (0.5 * (1.0 + F.erf(xt * (1.0 / math.sqrt(2.0)))))
        return mark_region("gelu", y, {"x": xt}, approximate="none")
    if approximate == "tanh":
        inner = math.sqrt(2.0 / math.pi) * (xt + 0.044715 * xt * xt * xt)
        return mark_region("gelu", 0.5 * xt * (1.0 + F.tanh(inner)), {"x": xt}, approximate="tanh")
    raise InputError("nn.err.gelu_approximate", value=repr(approximate))


def silu(x: Any) -> Tensor:
    """SiLU(x) = x·σ(x) (also called swish); derivative σ(x)(1 + x(1 − σ(x)))."""
    xt = x if isinstance(x, Tensor) else Tensor(x)
    return mark_region("silu", xt * F.sigmoid(xt), {"x": xt})


class GELU(Module):
    """Gaussian error linear unit x·Φ(x); ``approximate="tanh"`` for the tanh form (see ``gelu``)."""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise InputError("nn.err.gelu_approximate", value=repr(approximate))
        self.approximate = approximate

    def forward(self, x: Any) -> Tensor:
        return gelu(x, self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class SiLU(Module):
    """x·σ(x)."""

    def forward(self, x: Any) -> Tensor:
        return silu(x)


__all__ = ["ReLU", "Tanh", "Sigmoid", "Softplus", "LeakyReLU", "Softmax", "LogSoftmax", "GELU", "SiLU",
           "gelu", "silu"]
