"""Normalisation layers with PyTorch's names, parameters, buffers and equations.

LayerNorm over the last dims D of x (one sample at a time):

    μ = mean_D(x),  σ² = mean_D((x − μ)²)  (biased),  x̂ = (x − μ)/√(σ² + ε),  y = γ·x̂ + β

Backward (what students ask about; for one normalised group of n numbers, ḡ = ∂L/∂x̂ = γ·∂L/∂y):

    ∂L/∂x = (1/√(σ² + ε)) · (ḡ − mean(ḡ) − x̂·mean(ḡ·x̂))

The engine derives exactly this from the recorded mean/sub/mul/sqrt ops; ``tests/nn/test_normalization.py``
checks it against the closed form and against torch.

BatchNorm normalises each channel over the batch (and spatial) axes in training mode, and keeps running
statistics  r ← (1 − m)·r + m·s  (m = momentum; running_var uses the unbiased batch variance, as PyTorch);
in evaluation mode it uses the running statistics.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from mibun.autodiff import functions as F
from mibun.autodiff.devices import as_array
from mibun.autodiff.graph import mark_region
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError, ShapeError
from mibun.nn import init
from mibun.nn._util import as_input, param_dtype
from mibun.nn.module import Module, Parameter


def layer_norm(x: Any, normalized_shape: Sequence[int], weight: Tensor | None = None, bias: Tensor | None = None,
               eps: float = 1e-5) -> Tensor:
    """Layer normalisation over the trailing ``normalized_shape`` dims (torch.nn.functional.layer_norm)."""
    xt = x if isinstance(x, Tensor) else Tensor(as_array(x))
    shape = tuple(int(s) for s in normalized_shape)
    if xt.shape[xt.ndim - len(shape):] != shape:
        raise ShapeError("nn.err.layer_norm_shape", got=xt.shape[xt.ndim - len(shape):], shape=shape)
    axes = tuple(range(xt.ndim - len(shape), xt.ndim))
    mu = F.mean(xt, axis=axes, keepdims=True)
    d = xt - mu
    var = F.mean(d * d, axis=axes, keepdims=True)
    y = d / F.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return mark_region("layer_norm", y, {"x": xt, "weight": weight, "bias": bias}, axes=axes, eps=float(eps))


class LayerNorm(Module):
    """y = (x − E[x]) / √(Var[x] + ε) · weight + bias over the last ``len(normalized_shape)`` dims."""

    def __init__(self, normalized_shape: int | Sequence[int], eps: float = 1e-5, elementwise_affine: bool = True,
                 bias: bool = True, dtype: Any = None) -> None:
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, (int, np.integer)) else tuple(normalized_shape)
        self.normalized_shape = tuple(int(s) for s in shape)
        self.eps = float(eps)
        self.elementwise_affine = bool(elementwise_affine)
        dt = param_dtype(dtype)
        if self.elementwise_affine:
            self.weight = Parameter(np.ones(self.normalized_shape, dtype=dt))
            if bias:
                self.bias = Parameter(np.zeros(self.normalized_shape, dtype=dt))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        self._dt = dt

    def forward(self, x: Any) -> Tensor:
        xt = as_input(x, self.weight.dtype if self.weight is not None else self._dt, "LayerNorm")
        return layer_norm(xt, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


class _BatchNorm(Module):
    _dims: tuple[int, ...] = ()

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, dtype: Any = None) -> None:
        super().__init__()
        self.num_features = int(num_features)
        self.eps = float(eps)
        self.momentum = momentum
        self.affine = bool(affine)
        self.track_running_stats = bool(track_running_stats)
        dt = param_dtype(dtype)
        object.__setattr__(self, "_dt", dt)
        if self.affine:
            self.weight = Parameter(np.ones(self.num_features, dtype=dt))
            self.bias = Parameter(np.zeros(self.num_features, dtype=dt))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if self.track_running_stats:
            self.register_buffer("running_mean", np.zeros(self.num_features, dtype=dt))
            self.register_buffer("running_var", np.ones(self.num_features, dtype=dt))
            self.register_buffer("num_batches_tracked", np.array(0, dtype=np.int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self) -> None:
        if self.track_running_stats:
            self.running_mean[...] = 0
            self.running_var[...] = 1
            self.num_batches_tracked[...] = 0

    def reset_parameters(self) -> None:
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
            init.zeros_(self.bias)

    def _check(self, xt: Tensor) -> None:
        if xt.ndim not in self._dims or xt.shape[1] != self.num_features:
            raise ShapeError("nn.err.batch_norm_input", module=type(self).__name__, features=self.num_features,
                             dims=" / ".join(f"{d}-D" for d in self._dims), shape=xt.shape)

    def forward(self, x: Any) -> Tensor:
        dt = self.weight.dtype if self.weight is not None else self._dt
        xt = as_input(x, dt, type(self).__name__)
        self._check(xt)
        axes = (0,) + tuple(range(2, xt.ndim))
        shape = (1, self.num_features) + (1,) * (xt.ndim - 2)
        use_batch = self.training or not self.track_running_stats
        if use_batch:
            n = int(np.prod([xt.shape[a] for a in axes]))
            if self.training and n <= 1:
                raise InputError("nn.err.batch_norm_one", module=type(self).__name__, shape=xt.shape)
            mu = F.mean(xt, axis=axes, keepdims=True)
            d = xt - mu
            var = F.mean(d * d, axis=axes, keepdims=True)
            y = d / F.sqrt(var + self.eps)
            if self.training and self.track_running_stats:
                self._update_running(mu.data.reshape(-1), var.data.reshape(-1), n)
        else:
            y = (xt - self.running_mean.reshape(shape)) / np.sqrt(self.running_var.reshape(shape) + self.eps)
        if self.affine:
            y = y * F.reshape(self.weight, shape) + F.reshape(self.bias, shape)
        stats = {} if use_batch else {"running_mean": self.running_mean.copy(),
                                      "running_var": self.running_var.copy()}
        return mark_region("batch_norm", y, {"x": xt, "weight": self.weight, "bias": self.bias}, axes=axes,
                           eps=self.eps, batch_stats=use_batch, **stats)

    def _update_running(self, mean: np.ndarray, var: np.ndarray, n: int) -> None:
        self.num_batches_tracked[...] = self.num_batches_tracked + 1
        m = (1.0 / float(self.num_batches_tracked)) if self.momentum is None else float(self.momentum)
        unbiased = var * (n / max(n - 1, 1))
        rm, rv = self.running_mean, self.running_var
        rm[...] = ((1 - m) * rm + m * mean).astype(rm.dtype)
        rv[...] = ((1 - m) * rv + m * unbiased).astype(rv.dtype)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) inputs per channel C."""

    _dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) inputs per channel C."""

    _dims = (4,)


__all__ = ["LayerNorm", "BatchNorm1d", "BatchNorm2d", "layer_norm"]
