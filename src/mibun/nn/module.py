"""``Module`` and ``Parameter``: PyTorch's container semantics on mibun Tensors.

Assigning a ``Parameter`` or a ``Module`` to an attribute registers it (``__setattr__``), so
``parameters()``, ``named_parameters()``, ``state_dict()`` find it under PyTorch's dotted names
(``0.weight``, ``encoder.bias``, ``weight_ih_l0``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import numpy as np

from mibun.autodiff.devices import as_array, device_of, to_device
from mibun.autodiff.tensor import Tensor
from mibun.errors import DTypeError, InputError, ShapeError


class Parameter(Tensor):
    """A Tensor that is a learnable parameter of a Module (``requires_grad=True`` by default)."""

    __slots__ = ()

    def __init__(self, data: Any, requires_grad: bool = True) -> None:
        if isinstance(data, Tensor):
            data = data.data
        super().__init__(np.array(data), requires_grad=requires_grad)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()


class IncompatibleKeys(NamedTuple):
    missing_keys: list[str]
    unexpected_keys: list[str]


def _to_dtype(dtype: Any) -> np.dtype:
    dt = np.dtype(dtype)
    if dt.kind != "f":
        raise DTypeError("nn.err.param_dtype", dtype=str(dt))
    return dt


class Module:
    """Base class of every layer. Subclasses set parameters/sub-modules in ``__init__`` and define
    ``forward``; calling the module calls ``forward``."""

    training: bool

    def __init__(self) -> None:
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "training", True)

    # ------------------------------------------------------------------ registration
    def __setattr__(self, name: str, value: Any) -> None:
        params = self.__dict__.get("_parameters")
        if params is None:
            raise InputError("nn.err.super_init", module=type(self).__name__)
        modules, buffers = self.__dict__["_modules"], self.__dict__["_buffers"]
        if isinstance(value, Parameter):
            modules.pop(name, None)
            buffers.pop(name, None)
            self.__dict__.pop(name, None)
            params[name] = value
        elif isinstance(value, Module):
            params.pop(name, None)
            buffers.pop(name, None)
            self.__dict__.pop(name, None)
            modules[name] = value
        elif name in params:
            if value is not None:
                raise InputError("nn.err.assign_parameter", kind=type(value).__name__, name=repr(name))
            params[name] = None
        elif name in buffers:
            buffers[name] = None if value is None else as_array(value)
        else:
            modules.pop(name, None)
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        d = self.__dict__
        for store in ("_parameters", "_modules", "_buffers"):
            s = d.get(store)
            if s is not None and name in s:
                return s[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __delattr__(self, name: str) -> None:
        for store in ("_parameters", "_modules", "_buffers"):
            if name in self.__dict__[store]:
                del self.__dict__[store][name]
                return
        object.__delattr__(self, name)

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter (or None: a declared but absent parameter, such as bias=False)."""
        if param is not None and not isinstance(param, Parameter):
            raise InputError("nn.err.register_parameter", name=repr(name), kind=type(param).__name__)
        self.__dict__["_parameters"][name] = param

    def register_buffer(self, name: str, value: Any) -> None:
        """Add a non-learnable array that belongs to the state (saved by state_dict)."""
        self.__dict__["_buffers"][name] = None if value is None else as_array(value)

    def add_module(self, name: str, module: Module | None) -> None:
        self.__dict__["_modules"][name] = module

    # ------------------------------------------------------------------ calling
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    # ------------------------------------------------------------------ traversal
    def named_parameters(self, prefix: str = "", recurse: bool = True) -> Iterator[tuple[str, Parameter]]:
        """(dotted name, parameter) pairs, each parameter once."""
        seen: set[int] = set()
        mods = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for mprefix, m in mods:
            for n, p in m._parameters.items():
                if p is None or id(p) in seen:
                    continue
                seen.add(id(p))
                yield (f"{mprefix}.{n}" if mprefix else n), p

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix: str = "") -> Iterator[tuple[str, np.ndarray]]:
        for mprefix, m in self.named_modules(prefix=prefix):
            for n, b in m._buffers.items():
                if b is not None:
                    yield (f"{mprefix}.{n}" if mprefix else n), b

    def named_children(self) -> Iterator[tuple[str, Module]]:
        for n, m in self._modules.items():
            if m is not None:
                yield n, m

    def children(self) -> Iterator[Module]:
        for _, m in self.named_children():
            yield m

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """This module and all below it (depth first, each once), with dotted names."""
        seen: set[int] = set()
        stack: list[tuple[str, Module]] = [(prefix, self)]
        while stack:
            name, m = stack.pop()
            if id(m) in seen:
                continue
            seen.add(id(m))
            yield name, m
            kids = [(f"{name}.{n}" if name else n, c) for n, c in m._modules.items() if c is not None]
            stack.extend(reversed(kids))

    def modules(self) -> Iterator[Module]:
        for _, m in self.named_modules():
            yield m

    def apply(self, fn: Callable[[Module], Any]) -> Module:
        """Call ``fn`` on every sub-module (children first) and on self; returns self."""
        for m in reversed(list(self.modules())):
            fn(m)
        return self

    # ------------------------------------------------------------------ state
    def state_dict(self) -> OrderedDict[str, np.ndarray]:
        """Parameters and buffers as copies of their NumPy arrays, under PyTorch's key names."""
        out: OrderedDict[str, np.ndarray] = OrderedDict()
        for mprefix, m in self.named_modules():
            for n, p in m._parameters.items():
                if p is not None:
                    out[f"{mprefix}.{n}" if mprefix else n] = p.data.copy()
            for n, b in m._buffers.items():
                if b is not None:
                    out[f"{mprefix}.{n}" if mprefix else n] = as_array(b).copy()
        return out

    def load_state_dict(self, state: dict[str, Any], strict: bool = True,
                        keep_dtype: bool = True) -> IncompatibleKeys:
        """Copy arrays (NumPy arrays, Tensors or anything array-like) into the parameters and buffers.
        Shapes must match; values are converted to each parameter's dtype unless ``keep_dtype=False``.
        ``strict``: missing or unexpected keys raise an InputError."""
        own: dict[str, tuple[Module, str, bool]] = {}
        for mprefix, m in self.named_modules():
            for n, p in m._parameters.items():
                if p is not None:
                    own[f"{mprefix}.{n}" if mprefix else n] = (m, n, True)
            for n, b in m._buffers.items():
                if b is not None:
                    own[f"{mprefix}.{n}" if mprefix else n] = (m, n, False)
        missing = [k for k in own if k not in state]
        unexpected = [k for k in state if k not in own]
        if strict and (missing or unexpected):
            raise InputError("nn.err.state_keys", module=type(self).__name__, missing=missing, unexpected=unexpected)
        for k, (m, n, is_param) in own.items():
            if k not in state:
                continue
            v = state[k]
            cur = m._parameters[n].data if is_param else m._buffers[n]
            arr = to_device(as_array(v.data if isinstance(v, Tensor) else v), device_of(cur))  # onto cur's device
            if arr.shape != cur.shape:
                raise ShapeError("nn.err.state_shape", key=repr(k), got=arr.shape, shape=cur.shape,
                                 module=type(m).__name__)
            if keep_dtype:
                arr = arr.astype(cur.dtype)
            else:
                arr = arr.copy()
            if is_param:
                m._parameters[n].data = arr
                m._parameters[n].grad = None
            else:
                m._buffers[n] = arr
        return IncompatibleKeys(missing, unexpected)

    # ------------------------------------------------------------------ modes and dtypes
    def train(self, mode: bool = True) -> Module:
        """Training mode (dropout active) or, with mode=False, evaluation mode; for all sub-modules."""
        for m in self.modules():
            object.__setattr__(m, "training", bool(mode))
        return self

    def eval(self) -> Module:
        return self.train(False)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear the gradients of all parameters."""
        for p in self.parameters():
            if set_to_none or p.grad is None:
                p.grad = None
            else:
                p.grad.data[...] = 0

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def to(self, dtype: Any = None, device: Any = None) -> Module:
        """Convert every parameter and buffer to ``dtype`` and/or move them to ``device`` ("cpu", "cuda"),
        in place (parameters keep their identity): ``m.to("float64")``, ``m.to("cuda")``."""
        from mibun.autodiff.devices import is_device, to_device

        if dtype is not None and is_device(dtype):
            dtype, device = None, dtype
        if device is not None:
            for p in self.parameters():
                p.data = to_device(p.data, device)
                p.grad = None
            for m in self.modules():
                for n, b in list(m._buffers.items()):
                    if b is not None:
                        m._buffers[n] = to_device(b, device)
        if dtype is None:
            return self
        dt = _to_dtype(dtype)
        for p in self.parameters():
            p.data = p.data.astype(dt)
            p.grad = None
        for m in self.modules():
            for n, b in list(m._buffers.items()):
                if b is not None and b.dtype.kind == "f":
                    m._buffers[n] = b.astype(dt)
        return self

    def float(self) -> Module:
        return self.to(np.float32)

    def double(self) -> Module:
        return self.to(np.float64)

    @property
    def dtype(self) -> np.dtype | None:
        """The dtype of the first parameter (None for a module without parameters)."""
        for p in self.parameters():
            return p.dtype
        return None

    def num_parameters(self, trainable_only: bool = False) -> int:
        """How many numbers the parameters hold."""
        return sum(p.size for p in self.parameters() if p.requires_grad or not trainable_only)

    # ------------------------------------------------------------------ repr
    def extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        from mibun.i18n import t

        lines = []
        for name, m in self.named_children():
            sub = repr(m).replace("\n", "\n  ")
            lines.append(f"  ({name}): {sub}")
        extra = self.extra_repr()
        own = sum(p.size for p in self._parameters.values() if p is not None)
        head = f"{type(self).__name__}({extra}"
        if not lines:
            s = head + ")"
            return s + (f"  # {t('nn.params', n=f'{own:,}')}" if own else "")
        total = self.num_parameters()
        return head + "\n" + "\n".join(lines) + f"\n)  # {t('nn.params_total', n=f'{total:,}')}"


__all__ = ["Module", "Parameter", "IncompatibleKeys"]
