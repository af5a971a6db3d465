"""``Optimizer``: the base class (torch.optim's structure: ``param_groups``, per-parameter ``state``,
``step()``, ``zero_grad()``, ``state_dict()`` / ``load_state_dict()``).

Updates change each parameter's array in place (``p.data``), outside any recorded graph, and keep
its dtype: hyperparameters are Python floats, so a float32 model stays float32.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from mibun.autodiff.devices import is_foreign, to_device
from mibun.autodiff.grad_mode import no_grad
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError, ShapeError


class Optimizer:
    """Base class. Subclasses define ``defaults`` (via ``__init__``) and ``_update(p, g, state, group)``."""

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        self.defaults = dict(defaults)
        self.state: dict[Tensor, dict[str, Any]] = {}
        self.param_groups: list[dict[str, Any]] = []
        params = list(params)
        if not params:
            raise InputError("optim.err.empty_params", opt=type(self).__name__)
        if not isinstance(params[0], dict):
            params = [{"params": params}]
        for g in params:
            self.add_param_group(g)

    def add_param_group(self, group: dict[str, Any]) -> None:
        """Add parameters with their own hyperparameters (missing ones take the defaults)."""
        if not isinstance(group, dict) or "params" not in group:
            raise InputError("optim.err.group_dict")
        ps = group["params"]
        ps = [ps] if isinstance(ps, Tensor) else list(ps)
        for p in ps:
            if not isinstance(p, Tensor):
                raise InputError("optim.err.param_type", opt=type(self).__name__, kind=type(p).__name__)
            if not p.requires_grad:
                raise InputError("optim.err.no_grad", opt=type(self).__name__)
        existing = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in existing for p in ps):
            raise InputError("optim.err.duplicate_param")
        new = {k: v for k, v in self.defaults.items()}
        new.update({k: v for k, v in group.items() if k != "params"})
        unknown = set(new) - set(self.defaults)
        if unknown:
            raise InputError("optim.err.unknown_hyper", opt=type(self).__name__, names=sorted(unknown),
                             known=sorted(self.defaults))
        self._validate(new)
        new["params"] = ps
        self.param_groups.append(new)

    def _validate(self, group: dict[str, Any]) -> None:
        lr = group.get("lr", 0.0)
        if not float(lr) >= 0.0:
            raise InputError("optim.err.lr", opt=type(self).__name__, lr=lr)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear the gradients of all parameters."""
        for g in self.param_groups:
            for p in g["params"]:
                if set_to_none or p.grad is None:
                    p.grad = None
                else:
                    p.grad.data[...] = 0

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient. ``closure`` (re-evaluates the loss and
        calls backward) is called first, under grad mode, and its value returned."""
        loss = None
        if closure is not None:
            loss = closure()
        with no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    g = p.grad.data
                    if g.dtype != p.data.dtype:
                        g = g.astype(p.data.dtype)
                    if group.get("maximize"):
                        g = -g
                    st = self.state.get(p)
                    if st is None:
                        st = self.state[p] = {}
                    self._update(p.data, g, st, group)
        return loss

    def _update(self, p: np.ndarray, g: np.ndarray, state: dict[str, Any], group: dict[str, Any]) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------------ state
    def state_dict(self) -> dict[str, Any]:
        """{'state': {index: {name: array or number}}, 'param_groups': [{hyperparameters, 'params': [index…]}]}
        — parameters are referred to by their position, as in torch.optim."""
        index: dict[int, int] = {}
        groups = []
        for g in self.param_groups:
            gd = {k: copy.deepcopy(v) for k, v in g.items() if k != "params"}
            gd["params"] = []
            for p in g["params"]:
                index.setdefault(id(p), len(index))
                gd["params"].append(index[id(p)])
            groups.append(gd)
        state = {}
        for g in self.param_groups:
            for p in g["params"]:
                if p in self.state:
                    state[index[id(p)]] = {k: (v.copy() if isinstance(v, np.ndarray) or is_foreign(v) else v)
                                           for k, v in self.state[p].items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore hyperparameters and per-parameter state saved by ``state_dict`` (arrays keep their
        values bit for bit and take the parameter's dtype)."""
        groups = state_dict["param_groups"]
        if len(groups) != len(self.param_groups):
            raise InputError("optim.err.state_groups", n=len(groups), m=len(self.param_groups))
        params: dict[int, Tensor] = {}
        for saved, own in zip(groups, self.param_groups, strict=False):
            if len(saved["params"]) != len(own["params"]):
                raise InputError("optim.err.state_group_size")
            for i, p in zip(saved["params"], own["params"], strict=False):
                params[int(i)] = p
            for k, v in saved.items():
                if k != "params":
                    own[k] = copy.deepcopy(v)
        self.state = {}
        for i, st in state_dict["state"].items():
            p = params[int(i)]
            new = {}
            for k, v in st.items():
                if is_foreign(v) and v.ndim == 0:
                    v = v.item()
                if (isinstance(v, np.ndarray) or is_foreign(v)) and v.ndim > 0:
                    if v.shape != p.shape:
                        raise ShapeError("optim.err.state_shape", name=repr(k), i=i, shape=v.shape, expected=p.shape)
                    v = to_device(v, p.device).astype(p.dtype)  # onto the parameter's device
                elif isinstance(v, np.ndarray):
                    v = v.item()
                new[k] = v
            self.state[p] = new

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, g in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            for k in sorted(g):
                if k != "params":
                    lines.append(f"    {k}: {g[k]}")
        return "\n".join(lines) + "\n)"


_CHUNK = 1 << 14


def sub_scaled_(p: np.ndarray, a: float, x: np.ndarray) -> None:
    """p −= a·x in place. Large arrays are done in slices, so the temporary a·x never exceeds 64 KB
    (PyTorch's add_(x, alpha=−a) needs none either); the result is the same, bit for bit."""
    if p.size <= _CHUNK or not (p.flags.c_contiguous and x.flags.c_contiguous) or x.shape != p.shape:
        p -= a * x
        return
    pf, xf = p.reshape(-1), x.reshape(-1)
    for s in range(0, pf.size, _CHUNK):
        pf[s:s + _CHUNK] -= a * xf[s:s + _CHUNK]


def check_range(name: str, value: float, lo: float = 0.0, hi: float | None = None, open_hi: bool = True) -> None:
    v = float(value)
    ok = v >= lo and (hi is None or (v < hi if open_hi else v <= hi))
    if not ok:
        rng = f"[{lo}, {hi})" if hi is not None and open_hi else f"[{lo}, {hi}]" if hi is not None else f"≥ {lo}"
        raise InputError("optim.err.range", name=name, value=value, rng=rng)


__all__ = ["Optimizer", "check_range", "sub_scaled_"]
