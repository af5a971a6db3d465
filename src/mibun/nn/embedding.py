"""``Embedding``: a lookup table; row i of ``weight`` (num_embeddings, embedding_dim) is the vector of
token i. Its gradient is one-hot rows: ∂L/∂W[i] = Σ over the positions where i occurs of ȳ."""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.autodiff.tensor import Tensor
from mibun.nn import functional as NF
from mibun.nn import init
from mibun.nn._util import param_dtype
from mibun.nn.module import Module, Parameter


class Embedding(Module):
    """Initialised as PyTorch: W ~ N(0, 1)."""

    def __init__(self, num_embeddings: int, embedding_dim: int, dtype: Any = None) -> None:
        super().__init__()
        self.num_embeddings = int(num_embeddings)
        self.embedding_dim = int(embedding_dim)
        self.weight = Parameter(np.empty((self.num_embeddings, self.embedding_dim), dtype=param_dtype(dtype)))
        init.normal_(self.weight)

    def forward(self, indices: Any) -> Tensor:
        return NF.embedding(indices, self.weight)

    def extra_repr(self) -> str:
        return f"{self.num_embeddings}, {self.embedding_dim}"


__all__ = ["Embedding"]
