"""Attention with PyTorch's names, parameters and equations.

Scaled dot-product attention of queries Q (…, L, E), keys K (…, S, E) and values V (…, S, Ev):

    A = softmax(Q Kᵀ · s + M),  out = A V,   s = 1/√E unless ``scale`` is given,

M = −∞ where a boolean ``attn_mask`` is False (True = may attend, PyTorch's convention), the mask
itself when it is a float mask, and the causal mask (j > i is −∞) with ``is_causal=True``.

Backward (what students ask about), with Ḡ = ∂L/∂out and Z = Q Kᵀ · s:

    ∂L/∂V = Aᵀ Ḡ,   ∂L/∂A = Ḡ Vᵀ,   ∂L/∂Z = A ⊙ (∂L/∂A − rowsum(∂L/∂A ⊙ A)),
    ∂L/∂Q = s · ∂L/∂Z K,   ∂L/∂K = s · (∂L/∂Z)ᵀ Q.

MultiheadAttention projects with ``in_proj_weight`` (3E, E) = [W_q; W_k; W_v] and ``in_proj_bias``, splits
E into ``num_heads`` heads of E/h, attends per head, concatenates and applies ``out_proj`` (a Linear).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mibun.autodiff import functions as F
from mibun.autodiff.devices import as_array, to_device
from mibun.autodiff.graph import mark_region
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError, ShapeError
from mibun.nn import functional as NF
from mibun.nn import init
from mibun.nn._util import as_input, param_dtype
from mibun.nn.linear import Linear
from mibun.nn.module import Module, Parameter


def _mask_bias(attn_mask: Any, dtype: np.dtype) -> np.ndarray:
    """An additive float mask: 0 where attention is allowed, −inf where not."""
    m = as_array(attn_mask.data if isinstance(attn_mask, Tensor) else attn_mask)
    if m.dtype == np.bool_:
        return np.where(m, 0.0, -np.inf).astype(dtype)
    if m.dtype.kind != "f":
        raise InputError("nn.err.attn_mask_dtype", dtype=str(m.dtype))
    return m.astype(dtype)


def scaled_dot_product_attention(query: Any, key: Any, value: Any, attn_mask: Any = None, dropout_p: float = 0.0,
                                 is_causal: bool = False, scale: float | None = None) -> Tensor:
    """softmax(Q Kᵀ·scale + mask) V (torch.nn.functional.scaled_dot_product_attention).

    A row whose every key is masked gives NaN in PyTorch; mibun refuses it with an InputError instead."""
    q = query if isinstance(query, Tensor) else Tensor(as_array(query))
    k = key if isinstance(key, Tensor) else Tensor(as_array(key))
    v = value if isinstance(value, Tensor) else Tensor(as_array(value))
    if q.ndim < 2 or k.ndim < 2 or v.ndim < 2:
        raise ShapeError("nn.err.sdpa_ndim", q=q.shape, k=k.shape, v=v.shape)
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ShapeError("nn.err.sdpa_shapes", q=q.shape, k=k.shape, v=v.shape)
    s = 1.0 / math.sqrt(q.shape[-1]) if scale is None else float(scale)
    scores = F.matmul(q, F.transpose(k, _swap_last(k.ndim))) * s
    L, S = q.shape[-2], k.shape[-2]
    bias = np.zeros((L, S), dtype=scores.dtype)
    if is_causal:
        if attn_mask is not None:
            raise InputError("nn.err.sdpa_mask_and_causal")
        bias = np.where(np.tril(np.ones((L, S), dtype=bool)), 0.0, -np.inf).astype(scores.dtype)
    elif attn_mask is not None:
        bias = _mask_bias(attn_mask, scores.dtype)
    if attn_mask is not None or is_causal:
        full = np.broadcast_to(bias, np.broadcast_shapes(bias.shape, scores.shape))
        if np.any(np.all(np.isneginf(full), axis=-1)):
            raise InputError("nn.err.all_masked", where="scaled_dot_product_attention")
        bias = to_device(bias, scores.device)
        scores = scores + bias
    attn = F.softmax(scores, axis=-1)
    if dropout_p > 0.0:
        return F.matmul(NF.dropout(attn, dropout_p, True), v)
    masked = attn_mask is not None or is_causal
    return mark_region("attention", F.matmul(attn, v), {"query": q, "key": k, "value": v}, scale=s,
                       bias=bias if masked else None, causal=bool(is_causal))


def _swap_last(ndim: int) -> tuple[int, ...]:
    axes = list(range(ndim))
    axes[-1], axes[-2] = axes[-2], axes[-1]
    return tuple(axes)


class MultiheadAttention(Module):
    """PyTorch's MultiheadAttention (same parameters: ``in_proj_weight``, ``in_proj_bias``, ``out_proj``).

    forward(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
    average_attn_weights=True, is_causal=False) → (output, weights or None). Inputs are (L, N, E), or
    (N, L, E) with ``batch_first=True``, or unbatched (L, E). Masks: True (or −inf) = not allowed, PyTorch's
    convention for this module (the opposite of scaled_dot_product_attention's boolean mask)."""

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 batch_first: bool = False, dtype: Any = None) -> None:
        super().__init__()
        if embed_dim % num_heads != 0:
            raise InputError("nn.err.heads_divide", embed_dim=embed_dim, num_heads=num_heads)
        self.embed_dim, self.num_heads = int(embed_dim), int(num_heads)
        self.head_dim = self.embed_dim // self.num_heads
        self.dropout = float(dropout)
        self.batch_first = bool(batch_first)
        dt = param_dtype(dtype)
        self.in_proj_weight = Parameter(np.empty((3 * self.embed_dim, self.embed_dim), dtype=dt))
        if bias:
            self.in_proj_bias = Parameter(np.zeros(3 * self.embed_dim, dtype=dt))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = Linear(self.embed_dim, self.embed_dim, bias=bias, dtype=dt)
        init.xavier_uniform_(self.in_proj_weight)
        if bias:
            init.zeros_(self.out_proj.bias)

    def forward(self, query: Any, key: Any, value: Any, key_padding_mask: Any = None, need_weights: bool = True,
                attn_mask: Any = None, average_attn_weights: bool = True,
                is_causal: bool = False) -> tuple[Tensor, Tensor | None]:
        dt = self.in_proj_weight.dtype
        q, k, v = (as_input(t, dt, "MultiheadAttention") for t in (query, key, value))
        given = {"query": q, "key": k, "value": v}
        unbatched = q.ndim == 2
        if unbatched:
            q, k, v = (F.expand_dims(t, 1) for t in (q, k, v))
            if key_padding_mask is not None:
                key_padding_mask = as_array(key_padding_mask)[None]
        elif self.batch_first:
            q, k, v = (F.transpose(t, (1, 0, 2)) for t in (q, k, v))
        if q.ndim != 3 or q.shape[-1] != self.embed_dim:
            raise ShapeError("nn.err.mha_input", embed_dim=self.embed_dim, num_heads=self.num_heads,
                             shape=tuple(np.shape(query)))
        L, N, E = q.shape
        S = k.shape[0]
        w, b = self.in_proj_weight, self.in_proj_bias
        E_ = self.embed_dim
        qp = NF.linear(q, w[:E_], None if b is None else b[:E_])
        kp = NF.linear(k, w[E_:2 * E_], None if b is None else b[E_:2 * E_])
        vp = NF.linear(v, w[2 * E_:], None if b is None else b[2 * E_:])
        h, d = self.num_heads, self.head_dim

        def heads(t: Tensor, n: int) -> Tensor:  # (n, N, E) → (N, h, n, d)
            return F.transpose(F.reshape(t, (n, N, h, d)), (1, 2, 0, 3))

        qh, kh, vh = heads(qp, L), heads(kp, S), heads(vp, S)
        bias = np.zeros((N, 1, L, S), dtype=dt)
        if is_causal and attn_mask is None:
            attn_mask = ~np.tril(np.ones((L, S), dtype=bool))
        if attn_mask is not None:
            m = as_array(attn_mask.data if isinstance(attn_mask, Tensor) else attn_mask)
            m = np.where(m, -np.inf, 0.0) if m.dtype == np.bool_ else m
            m = m.astype(dt)
            bias = bias + (m.reshape(N, h, L, S) if m.ndim == 3 else m)
        if key_padding_mask is not None:
            kpm = as_array(key_padding_mask.data if isinstance(key_padding_mask, Tensor) else key_padding_mask)
            kpm = np.where(kpm, -np.inf, 0.0) if kpm.dtype == np.bool_ else kpm
            bias = bias + kpm.astype(dt).reshape(N, 1, 1, S)
        scores = F.matmul(qh, F.transpose(kh, (0, 1, 3, 2))) * (1.0 / math.sqrt(d))
        if attn_mask is not None or key_padding_mask is not None:
            full = np.broadcast_to(bias, scores.shape)
            if np.any(np.all(np.isneginf(full), axis=-1)):
                raise InputError("nn.err.all_masked", where="MultiheadAttention")
            bias = to_device(bias, scores.device)
            scores = scores + bias
        attn = F.softmax(scores, axis=-1)
        masked = attn_mask is not None or key_padding_mask is not None
        if self.dropout > 0.0 and self.training:
            out = F.matmul(NF.dropout(attn, self.dropout, True), vh)  # (N, h, L, d)
        else:
            out = mark_region("attention", F.matmul(attn, vh), {"query": qh, "key": kh, "value": vh},
                              scale=1.0 / math.sqrt(d), bias=bias if masked else None, causal=bool(is_causal))
        out = F.reshape(F.transpose(out, (2, 0, 1, 3)), (L, N, E))
        out = self.out_proj(out)
        if unbatched:
            out = F.squeeze(out, 1)
        elif self.batch_first:
            out = F.transpose(out, (1, 0, 2))
        weights = None
        if need_weights:
            weights = F.mean(attn, axis=1) if average_attn_weights else attn
            if unbatched:
                weights = F.squeeze(weights, 0)
        if not (self.dropout > 0.0 and self.training):
            mark_region("multihead_attention", out, {**given, "in_proj_weight": w, "in_proj_bias": b,
                                                     "out_proj.weight": self.out_proj.weight,
                                                     "out_proj.bias": self.out_proj.bias},
                        num_heads=h, batch_first=self.batch_first, unbatched=unbatched,
                        bias=bias if masked else None)
        return out, weights

    def extra_repr(self) -> str:
        return f"embed_dim={self.embed_dim}, num_heads={self.num_heads}, batch_first={self.batch_first}"


__all__ = ["MultiheadAttention", "scaled_dot_product_attention"]
