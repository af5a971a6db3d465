"""The array-module seam (``xp``): which module holds a tensor's numbers, by device.

    "cpu"  → NumPy (always there)
    "cuda" → CuPy, when it is installed and sees a GPU (CuPy copies NumPy's API)

The engine asks this module wherever it *creates* arrays: ``mb.tensor(..., device=)``, the constructors
(``mb.zeros(..., device=)``, ``randn``, …), the seed ∂L/∂L = 1 of ``backward``, parameter initialisation and
``Tensor.to(device)`` / ``.cpu()`` / ``Module.to(device)``. The ops then run on the module their inputs
belong to: a NumPy function called on a CuPy array is handed to CuPy by NumPy's dispatch protocols
(``__array_ufunc__``, ``__array_function__``), and the engine keeps such results as they are. What a real
GPU backend needs beyond this seam is in docs/gpu.md.

Random numbers are drawn on the host with NumPy's generator and then moved, so a seed gives the same
numbers on every device. A device is registered with ``register_device(name, loader)`` (tests register a
fake one that wraps NumPy).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mibun.errors import MibunError
from mibun.functions import numpy_ns


class DeviceError(MibunError, RuntimeError):
    """A device that is unknown, or whose array module (CuPy) or hardware (a GPU) is missing."""


@dataclass(frozen=True)
class Backend:
    """One device's array module: ``xp`` (NumPy's API), ``owns(a)`` (is ``a`` one of its arrays),
    ``to_host(a)`` (a NumPy array) and ``from_host(a)`` (one of its arrays)."""

    name: str
    xp: Any
    owns: Callable[[Any], bool]
    to_host: Callable[[Any], np.ndarray]
    from_host: Callable[[np.ndarray], Any]
    #: functions outside NumPy's namespace by name (CuPy: ``erf`` from cupyx.scipy.special)
    special: dict[str, Callable[..., Any]] = field(default_factory=dict)


def _numpy() -> Backend:
    return Backend("cpu", np, lambda a: isinstance(a, (np.ndarray, np.generic)), np.asarray, np.asarray)


def _cupy() -> Backend:
    try:
        import cupy  # type: ignore[import-not-found]
    except ImportError:
        raise DeviceError("device.err.no_cupy", device="cuda") from None
    try:
        n = int(cupy.cuda.runtime.getDeviceCount())
    except Exception:  # CuPy installed without a driver or a GPU
        n = 0
    if n < 1:
        raise DeviceError("device.err.no_gpu", device="cuda")
    special: dict[str, Callable[..., Any]] = {}
    try:
        from cupyx.scipy.special import erf  # type: ignore[import-not-found]
        special["erf"] = erf
    except ImportError:  # pragma: no cover - CuPy without its SciPy half
        pass
    return Backend("cuda", cupy, lambda a: isinstance(a, cupy.ndarray), cupy.asnumpy, cupy.asarray, special)


_LOADERS: dict[str, Callable[[], Backend]] = {"cpu": _numpy, "cuda": _cupy}
_LOADED: dict[str, Backend] = {"cpu": _numpy()}
#: loaded devices other than the CPU, asked in order which one owns an array that is not a plain ndarray
_FOREIGN: list[Backend] = []


def register_device(name: str, loader: Callable[[], Backend]) -> None:
    """Make ``name`` a device whose array module ``loader()`` returns (called on first use)."""
    unregister_device(name)
    _LOADERS[name] = loader


def unregister_device(name: str) -> None:
    if name == "cpu":
        return
    _LOADERS.pop(name, None)
    b = _LOADED.pop(name, None)
    if b is not None:
        _FOREIGN.remove(b)


def parse_device(device: Any) -> str:
    """The device's type: None and "cpu" → "cpu"; "cuda", "cuda:0" → "cuda"; a ``torch.device`` → its
    type. An unknown name raises DeviceError."""
    if device is None:
        return "cpu"
    name = getattr(device, "type", device)
    if not isinstance(name, str):
        raise DeviceError("device.err.unknown", device=repr(device), known=", ".join(sorted(_LOADERS)))
    name = name.split(":", 1)[0].strip().lower()
    if name not in _LOADERS:
        raise DeviceError("device.err.unknown", device=repr(device), known=", ".join(sorted(_LOADERS)))
    return name


def is_device(value: Any) -> bool:
    """Whether ``value`` names a device (rather than, say, a dtype)."""
    try:
        parse_device(value)
    except DeviceError:
        return False
    return value is not None


def backend(device: Any = None) -> Backend:
    """The array module of ``device`` (loaded on first use; DeviceError where it cannot be)."""
    name = parse_device(device)
    b = _LOADED.get(name)
    if b is None:
        b = _LOADERS[name]()
        _LOADED[name] = b
        _FOREIGN.append(b)
    return b


def xp(device: Any = None) -> Any:
    """The NumPy-like module of ``device``: ``xp("cpu")`` is numpy."""
    return backend(device).xp


def device_of(a: Any) -> str:
    """The device holding array ``a`` ("cpu" for NumPy arrays, scalars and lists)."""
    if type(a) is np.ndarray or not _FOREIGN:
        return "cpu"
    for b in _FOREIGN:
        if b.owns(a):
            return b.name
    return "cpu"


def xp_of(a: Any) -> Any:
    """The array module ``a`` belongs to (numpy unless another device owns it)."""
    if type(a) is np.ndarray or not _FOREIGN:
        return np
    return backend(device_of(a)).xp


def is_foreign(a: Any) -> bool:
    """True for an array of a device other than the CPU (kept as it is where NumPy would convert it)."""
    return type(a) is not np.ndarray and bool(_FOREIGN) and device_of(a) != "cpu"


def as_array(out: Any) -> Any:
    """An op's result as the engine keeps it: a device's array as it is, anything else through np.asarray."""
    return out if is_foreign(out) else np.asarray(out)


def to_device(a: Any, device: Any) -> Any:
    """``a`` on ``device`` (the same object when it is already there)."""
    target = parse_device(device)
    source = device_of(a)
    if source == target:
        return a
    host = backend(source).to_host(a) if source != "cpu" else np.asarray(a)
    return backend(target).from_host(host)


def on_device(name: str, fn: Callable[[np.ndarray], np.ndarray], a: Any) -> Any:
    """``fn(a)`` for a device's array ``a``: the device's own ``special[name]`` where it has one, else ``fn``
    on a host copy with the result moved back (correct, but a round trip: listed in docs/gpu.md)."""
    b = backend(device_of(a))
    f = b.special.get(name)
    if f is not None:
        return f(a)
    return b.from_host(fn(b.to_host(a)))


def check_mixed(op: str, arrays: Any, exc: Exception) -> None:
    """After ``op`` failed with ``exc`` on ``arrays``: raise a DeviceError naming the devices when the arrays
    live on more than one (called only on failure, so the CPU path pays nothing); else return."""
    names = sorted({device_of(a) for a in arrays if hasattr(a, "shape")})
    if len(names) > 1:
        raise DeviceError("device.err.mixed", op=op, devices=", ".join(names)) from exc


def host_array(data: Any, dtype: Any = None, copy: bool = True) -> np.ndarray:
    """``data`` as a NumPy array, new unless ``copy=False`` (a device's array is copied to the host first)."""
    if is_foreign(data):
        data = backend(device_of(data)).to_host(data)
    return np.array(data, dtype=dtype) if copy else np.asarray(data, dtype=dtype)


numpy_ns.ON_DEVICE[0] = on_device  # the function specs (a lower layer) reach a device's special functions

__all__ = ["Backend", "DeviceError", "register_device", "unregister_device", "parse_device", "is_device",
           "backend", "xp", "xp_of", "device_of", "is_foreign", "as_array", "to_device", "host_array", "on_device",
           "check_mixed"]
