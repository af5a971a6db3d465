"""``Dropout``: in training mode each element is zeroed with probability p and the others are scaled by
1/(1−p) (inverted dropout), so evaluation mode is the identity."""

from __future__ import annotations

from typing import Any

from mibun.errors import InputError
from mibun.nn import functional as NF
from mibun.nn.module import Module


class Dropout(Module):
    def __init__(self, p: float = 0.5) -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise InputError("nn.err.dropout_p", where="Dropout", p=p)
        self.p = float(p)

    def forward(self, x: Any) -> Any:
        return NF.dropout(x, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}"


__all__ = ["Dropout"]
