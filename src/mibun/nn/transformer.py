"""``TransformerEncoderLayer`` (PyTorch's sub-module names and equations) and a sinusoidal
``PositionalEncoding``.

Post-norm (``norm_first=False``, PyTorch's default):

    x = norm1(x + dropout1(self_attn(x, x, x)))
    x = norm2(x + dropout2(linear2(dropout(activation(linear1(x))))))

Pre-norm (``norm_first=True``): x = x + dropout1(self_attn(norm1(x))); x = x + dropout2(ff(norm2(x))).

PositionalEncoding (Vaswani et al. 2017, §3.5; torch has no such module), for position p and i < d/2:

    PE[p, 2i] = sin(p / 10000^(2i/d)),   PE[p, 2i+1] = cos(p / 10000^(2i/d)),   y = dropout(x + PE[:L])

The table is a constant, not a parameter or buffer, so state dicts stay those of PyTorch.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from mibun.autodiff import functions as F
from mibun.autodiff.devices import to_device
from mibun.autodiff.graph import mark_region
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError, ShapeError
from mibun.nn._util import param_dtype
from mibun.nn.activation import gelu
from mibun.nn.attention import MultiheadAttention
from mibun.nn.dropout import Dropout
from mibun.nn.linear import Linear
from mibun.nn.module import Module
from mibun.nn.normalization import LayerNorm

_ACTIVATIONS: dict[str, Callable[[Tensor], Tensor]] = {"relu": F.relu, "gelu": gelu}


class TransformerEncoderLayer(Module):
    """Self-attention and a feed-forward block, each with a residual connection and LayerNorm."""

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: str | Callable[[Tensor], Tensor] = "relu", layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, bias: bool = True, dtype: Any = None) -> None:
        super().__init__()
        dt = param_dtype(dtype)
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first,
                                            dtype=dt)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dt)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dt)
        self.norm_first = bool(norm_first)
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dt)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dt)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        if isinstance(activation, str):
            if activation not in _ACTIVATIONS:
                raise InputError("nn.err.transformer_activation", value=repr(activation))
            self.activation_name = activation
            self.activation = _ACTIVATIONS[activation]
        else:
            self.activation_name = getattr(activation, "__name__", "custom")
            self.activation = activation

    def _sa(self, x: Tensor, mask: Any, kpm: Any, is_causal: bool) -> Tensor:
        out, _ = self.self_attn(x, x, x, attn_mask=mask, key_padding_mask=kpm, need_weights=False,
                                is_causal=is_causal)
        return self.dropout1(out)

    def _ff(self, x: Tensor) -> Tensor:
        return self.dropout2(self.linear2(self.dropout(self.activation(self.linear1(x)))))

    def forward(self, src: Any, src_mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool = False) -> Tensor:
        x = src if isinstance(src, Tensor) else Tensor(np.asarray(src, dtype=self.linear1.weight.dtype))
        if self.norm_first:
            skip = x + self._sa(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            out = skip + self._ff(self.norm2(skip))
        else:
            skip = x + self._sa(x, src_mask, src_key_padding_mask, is_causal)
            h = self.norm1(skip)
            out = self.norm2(h + self._ff(h))
        return mark_region("transformer_encoder_layer", out, {"x": x}, norm_first=self.norm_first,
                           skip=weakref.ref(skip))

    def extra_repr(self) -> str:
        return f"norm_first={self.norm_first}, activation={self.activation_name!r}"


def sinusoidal_table(max_len: int, d_model: int, dtype: Any = np.float32) -> np.ndarray:
    """PE[p, 2i] = sin(p/10000^(2i/d)), PE[p, 2i+1] = cos(p/10000^(2i/d)); shape (max_len, d_model)."""
    pos = np.arange(max_len, dtype=np.float64)[:, None]
    i2 = np.arange(0, d_model, 2, dtype=np.float64)
    angle = pos / np.power(10000.0, i2 / d_model)
    pe = np.zeros((max_len, d_model))
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle[:, : d_model // 2])
    return pe.astype(dtype)


class PositionalEncoding(Module):
    """x + PE[:L] followed by dropout, for (L, N, d) inputs or (N, L, d) with ``batch_first=True``."""

    def __init__(self, d_model: int, max_len: int = 5000, dropout: float = 0.1, batch_first: bool = False,
                 dtype: Any = None) -> None:
        super().__init__()
        self.d_model, self.max_len = int(d_model), int(max_len)
        self.batch_first = bool(batch_first)
        self.dropout = Dropout(dropout)
        self.table = sinusoidal_table(self.max_len, self.d_model, param_dtype(dtype))

    def forward(self, x: Any) -> Tensor:
        xt = x if isinstance(x, Tensor) else Tensor(np.asarray(x, dtype=self.table.dtype))
        if xt.ndim != 3 or xt.shape[-1] != self.d_model:
            raise ShapeError("nn.err.posenc_input", d_model=self.d_model, shape=xt.shape)
        n = xt.shape[1] if self.batch_first else xt.shape[0]
        if n > self.max_len:
            raise ShapeError("nn.err.posenc_len", n=n, max_len=self.max_len)
        pe = self.table[:n][None] if self.batch_first else self.table[:n][:, None]
        return self.dropout(xt + to_device(pe.astype(xt.dtype), xt.device))  # the table lives on the host

    def extra_repr(self) -> str:
        return f"d_model={self.d_model}, max_len={self.max_len}, batch_first={self.batch_first}"


__all__ = ["TransformerEncoderLayer", "PositionalEncoding", "sinusoidal_table"]
