"""Moving tensors, weights and whole models between mibun and PyTorch.

mibun's layers use PyTorch's parameter names, shapes and gate order, so a state dict is the same dict of
arrays on both sides:

    t = mb.interop.to_torch(x)                 # a torch.Tensor, same dtype and values
    x = mb.interop.from_torch(t)               # a mibun Tensor (requires_grad kept)
    tm = mb.interop.to_torch_module(model)     # the equivalent torch.nn module, same weights
    m = mb.interop.from_torch_module(tm)       # and back
    sd = mb.interop.to_torch_state_dict(model) # {name: np.ndarray}

torch is imported only inside the functions that need it (optional extra ``mibun[torch]``).
"""

from __future__ import annotations

from mibun.interop.modules import from_torch_module, register_module, to_torch_module
from mibun.interop.state import from_torch_state_dict, to_torch_state_dict
from mibun.interop.tensors import from_torch, to_torch

__all__ = ["to_torch", "from_torch", "to_torch_module", "from_torch_module", "register_module",
           "to_torch_state_dict", "from_torch_state_dict"]
