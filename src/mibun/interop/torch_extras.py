"""torch twins of mibun layers that torch itself lacks (built lazily, so importing mibun never imports torch)."""

from __future__ import annotations

from functools import cache
from typing import Any

from mibun.interop.tensors import import_torch


@cache
def _pe_class() -> Any:
    torch = import_torch()
    torch_module: Any = torch.nn.Module  # torch is imported at run time: a base class the checker cannot see

    class PositionalEncoding(torch_module):
        """x + PE[:L] then dropout; PE as in mibun.nn.PositionalEncoding (a constant, not in the state dict)."""

        def __init__(self, d_model: int, max_len: int = 5000, dropout: float = 0.1, batch_first: bool = False,
                     dtype: str = "float32"):
            super().__init__()
            from mibun.nn.transformer import sinusoidal_table

            self.d_model, self.max_len, self.batch_first = d_model, max_len, batch_first
            self.dropout = torch.nn.Dropout(dropout)
            self.register_buffer("pe", torch.from_numpy(sinusoidal_table(max_len, d_model, dtype)),
                                 persistent=False)

        def forward(self, x: Any) -> Any:
            n = x.shape[1] if self.batch_first else x.shape[0]
            pe = self.pe[:n].to(x.dtype)
            return self.dropout(x + (pe[None] if self.batch_first else pe[:, None]))

    PositionalEncoding.__module__ = "mibun.interop.torch_extras"
    return PositionalEncoding


def torch_positional_encoding(d_model: int, max_len: int, dropout: float, batch_first: bool,
                              dtype: str = "float32") -> Any:
    """A torch module computing exactly mibun's PositionalEncoding (table stored in ``dtype``)."""
    return _pe_class()(d_model, max_len, dropout, batch_first, dtype)


def is_torch_positional_encoding(tm: Any) -> bool:
    return type(tm).__name__ == "PositionalEncoding" and type(tm).__module__ == "mibun.interop.torch_extras"


__all__ = ["torch_positional_encoding", "is_torch_positional_encoding"]
