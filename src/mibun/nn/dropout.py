"""``Dropout``: in training mode each element is zeroed with probability p and the others are scaled by
1/(1−p) (inverted dropout), so evaluation mode is the identity."""

from __future__ import annotations

from typing import Any

from mibun.autodiff.devices import as_array, to_device
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError, ShapeError
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


class _ChannelDropout(Module):
    _dims: tuple[int, int] = (0, 0)

    def __init__(self, p: float = 0.5) -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise InputError("nn.err.dropout_p", where=type(self).__name__, p=p)
        self.p = float(p)

    def forward(self, x: Any) -> Any:
        xt = x if isinstance(x, Tensor) else Tensor(as_array(x))
        if xt.ndim not in self._dims:
            raise ShapeError("nn.err.dropout_dims", module=type(self).__name__, unbatched=self._dims[0],
                             batched=self._dims[1], shape=xt.shape)
        if not self.training or self.p == 0.0:
            return xt
        if self.p == 1.0:
            return xt * 0.0
        from mibun.nn.init import get_rng

        lead = xt.ndim - (self._dims[0] - 1)  # batch and channel axes (or channel alone)
        mask_shape = xt.shape[:lead] + (1,) * (xt.ndim - lead)
        keep = get_rng().random(mask_shape) >= self.p
        return xt * to_device(keep.astype(xt.dtype) * (1.0 / (1.0 - self.p)), xt.device)  # drawn on the host

    def extra_repr(self) -> str:
        return f"p={self.p}"


class Dropout1d(_ChannelDropout):
    """Zeroes whole channels of (N, C, L) or (C, L) inputs with probability p, scaling the rest by 1/(1−p)."""

    _dims = (2, 3)


class Dropout2d(_ChannelDropout):
    """Zeroes whole channels of (N, C, H, W) or (C, H, W) inputs with probability p (scaled by 1/(1−p))."""

    _dims = (3, 4)


__all__ = ["Dropout", "Dropout1d", "Dropout2d"]
