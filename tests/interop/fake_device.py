"""A fake device as strict as CuPy, without a GPU: its arrays wrap a NumPy array but are *not* ndarrays.

Like ``cupy.ndarray``:
- every NumPy ufunc and function called on one runs on the wrapped array and returns the device's arrays
  (``__array_ufunc__``, ``__array_function__``); reductions return 0-d device arrays, not NumPy scalars;
- implicit conversion to NumPy raises TypeError (``np.asarray(a)``, ``np.array(a)``, ``__array__``), so any
  place in mibun that would pull a CuPy array to the host fails here too;
- the only ways out are the backend's ``to_host`` and ``.get()``; ``float(a)``, ``a.item()``, ``bool(a)``
  and ``a.tolist()`` work on it as they do on CuPy (a synchronising copy of the numbers).
- a NumPy array (not 0-d) mixed into a ufunc or a NumPy function with the device's arrays raises TypeError,
  as CuPy refuses host arrays; index arguments of ``ufunc.at`` and of ``a[...]`` may be the host's.
"""

from __future__ import annotations

from collections import Counter
from types import ModuleType
from typing import Any

import numpy as np
from numpy.lib.mixins import NDArrayOperatorsMixin

from mibun.autodiff import devices

MESSAGE = ("Implicit conversion to a NumPy array is not allowed. "
           "Please use `.get()` to construct a NumPy array explicitly.")


STRICT_MIXING = True


def _wrap(out: Any) -> Any:
    if type(out) is np.ndarray:
        return FakeArray(out)
    if isinstance(out, np.generic) and not isinstance(out, np.dtype):
        return FakeArray(np.asarray(out))  # CuPy's reductions give 0-d arrays
    if isinstance(out, tuple) and hasattr(out, "_fields"):  # a named tuple (np.linalg's results)
        return type(out)(*(_wrap(o) for o in out))
    if isinstance(out, (tuple, list)):
        return type(out)(_wrap(o) for o in out)
    return out


def _has_host_array(x: Any) -> bool:
    if type(x) is np.ndarray:
        return x.ndim > 0
    if isinstance(x, (tuple, list)):
        return any(_has_host_array(o) for o in x)
    if isinstance(x, dict):
        return any(_has_host_array(o) for o in x.values())
    return False


def _unwrap(x: Any) -> Any:
    if type(x) is FakeArray:
        return x._a
    if isinstance(x, (tuple, list)):
        return type(x)(_unwrap(o) for o in x)
    if isinstance(x, dict):
        return {k: _unwrap(v) for k, v in x.items()}
    return x


class FakeArray(NDArrayOperatorsMixin):
    """An array of the fake device (see the module's docstring)."""

    __slots__ = ("_a",)
    __array_priority__ = 100

    def __init__(self, a: np.ndarray) -> None:
        object.__setattr__(self, "_a", a)

    def __array__(self, dtype=None, copy=None):
        raise TypeError(MESSAGE)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        operands = inputs if method != "at" else (inputs[0],) + inputs[2:]  # indices may be the host's
        if STRICT_MIXING and any(type(a) is np.ndarray and a.ndim for a in operands):
            raise TypeError(f"Unsupported type {np.ndarray}")  # as CuPy: a host array in a device op
        out = kwargs.get("out")
        if out is not None:
            kwargs["out"] = tuple(_unwrap(o) for o in out)
        res = getattr(ufunc, method)(*_unwrap(inputs), **_unwrap(kwargs))
        if out is not None:
            return out[0] if len(out) == 1 else out
        return _wrap(res)

    def __array_function__(self, func, types, args, kwargs):
        if STRICT_MIXING and _has_host_array((args, kwargs)):
            raise TypeError(f"Unsupported type {np.ndarray}")  # as CuPy's functions given a host array
        return _wrap(func(*_unwrap(args), **_unwrap(kwargs)))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # no __array_interface__, __array_struct__, … : no way around __array__
            raise AttributeError(name)
        attr = getattr(self._a, name)
        if callable(attr):
            def method(*args, **kwargs):
                return _wrap(attr(*_unwrap(args), **_unwrap(kwargs)))
            return method
        return _wrap(attr) if type(attr) is np.ndarray else attr

    def get(self) -> np.ndarray:
        """A NumPy copy (CuPy's explicit way to the host)."""
        return self._a.copy()

    def item(self) -> Any:
        return self._a.item()

    def tolist(self) -> Any:
        return self._a.tolist()

    def __getitem__(self, key: Any) -> Any:
        return _wrap(self._a[_unwrap(key)])

    def __setitem__(self, key: Any, value: Any) -> None:
        self._a[_unwrap(key)] = _unwrap(value)

    def __len__(self) -> int:
        return len(self._a)

    def __iter__(self):
        return (_wrap(r) for r in self._a)

    def __bool__(self) -> bool:
        return bool(self._a)

    def __float__(self) -> float:
        return float(self._a)

    def __int__(self) -> int:
        return int(self._a)

    def __complex__(self) -> complex:
        return complex(self._a)

    def __format__(self, spec: str) -> str:
        return format(self._a, spec)

    def __repr__(self) -> str:
        return "fake" + repr(self._a)

    @property
    def T(self) -> FakeArray:  # noqa: N802
        return FakeArray(self._a.T)

    @property
    def shape(self) -> tuple[int, ...]:
        return self._a.shape

    @property
    def dtype(self) -> np.dtype:
        return self._a.dtype

    @property
    def ndim(self) -> int:
        return self._a.ndim

    @property
    def size(self) -> int:
        return self._a.size


class FakeXP:
    """NumPy's namespace for the fake device, counting calls and returning FakeArrays."""

    def __init__(self, module: ModuleType = np, calls: Counter[str] | None = None) -> None:
        self._module = module
        self.calls: Counter[str] = Counter() if calls is None else calls

    def __getattr__(self, name: str) -> Any:
        fn = getattr(self._module, name)
        if isinstance(fn, ModuleType):
            return FakeXP(fn, self.calls)
        if isinstance(fn, type) or not callable(fn):
            return fn

        def wrapped(*args, **kwargs):
            self.calls[name] += 1
            return _wrap(fn(*_unwrap(args), **_unwrap(kwargs)))

        return wrapped


def to_host(a: Any) -> np.ndarray:
    """A device array's numbers on the host (the explicit way; anything else is taken as it is)."""
    return a.get() if type(a) is FakeArray else np.asarray(a)


def register(name: str = "fake") -> FakeXP:
    xp = FakeXP()
    devices.register_device(name, lambda: devices.Backend(name, xp, lambda a: type(a) is FakeArray, to_host,
                                                          lambda a: FakeArray(np.array(a))))
    return xp
