"""Activation modules: each wraps the function of the same name (ReLU → relu, …)."""

from __future__ import annotations

from typing import Any

from mibun.autodiff import functions as F
from mibun.autodiff.tensor import Tensor
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


__all__ = ["ReLU", "Tanh", "Sigmoid", "Softplus", "LeakyReLU", "Softmax", "LogSoftmax"]
