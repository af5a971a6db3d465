"""Moving weights between mibun and PyTorch. mibun's modules use PyTorch's parameter names, shapes and
gate order, so a state dict is the same dict of arrays on both sides; these helpers only convert.

    sd = mb.interop.to_torch_state_dict(model)             # {name: np.ndarray}
    torch_model.load_state_dict({k: torch.from_numpy(v) for k, v in sd.items()})

    mb.interop.from_torch_state_dict(model, {k: v.numpy() for k, v in torch_model.state_dict().items()})

mibun never imports torch. ``from_torch_state_dict`` also accepts tensor-like values that have
``.detach().cpu().numpy()`` (torch tensors), converted without importing torch.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.errors import InputError


def _as_array(v: Any) -> np.ndarray:
    if isinstance(v, np.ndarray):
        return v
    if hasattr(v, "detach") and hasattr(v, "cpu"):
        return np.asarray(v.detach().cpu().numpy())
    data = getattr(v, "data", None)
    if isinstance(data, np.ndarray):
        return data
    return np.asarray(v)


def to_torch_state_dict(module_or_state: Any) -> dict[str, np.ndarray]:
    """A PyTorch-compatible state dict (C-contiguous NumPy copies, PyTorch's key names) of a mibun
    module or of a state dict."""
    if hasattr(module_or_state, "state_dict"):
        state = module_or_state.state_dict()
    elif isinstance(module_or_state, dict):
        state = module_or_state
    else:
        raise InputError("interop.err.expected_module_dict", type=type(module_or_state).__name__)
    return {k: np.ascontiguousarray(_as_array(v)).copy() for k, v in state.items()}


def from_torch_state_dict(module: Any, state: dict[str, Any], strict: bool = True) -> Any:
    """Load a PyTorch state dict (NumPy arrays, or torch tensors) into ``module``; values take the
    module's dtype. Returns the module."""
    if not hasattr(module, "load_state_dict"):
        raise InputError("interop.err.expected_mibun_module", type=type(module).__name__)
    module.load_state_dict({k: _as_array(v) for k, v in state.items()}, strict=strict)
    return module


__all__ = ["to_torch_state_dict", "from_torch_state_dict"]
