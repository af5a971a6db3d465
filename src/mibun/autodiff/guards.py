"""Engine guards: in-place changes of saved values are detected at backward, arrays handed out are read-only,
and ``detect_anomaly()`` names the first op that produced NaN or Inf.

* **In-place ops** (``t.add_(1)``, ``t.mul_(2)``, ``t[0] = 5``, …) write into the tensor's array and move
  a clock. Every recorded op is stamped with the clock when it ran; at backward, an op whose saved input
  arrays (or the arrays they view) were written after its stamp raises a GraphError naming the op — as
  PyTorch's version counter does. ``t.data[...] = …`` stays the documented, untracked escape hatch that
  optimizers and initialisers use (as ``.data`` in PyTorch).
* In-place ops on a tensor that requires grad while gradients are recorded are refused (write under
  ``mb.no_grad()`` or compute out of place).
* ``with mb.detect_anomaly():`` checks every op's output (forward) and every gradient it produces
  (backward) and raises at the first NaN/Inf, naming the op and the line of your code that recorded it.
"""

from __future__ import annotations

import os
import traceback
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from typing import Any

import numpy as np

from mibun.autodiff.devices import as_array
from mibun.errors import GraphError


class _Guard:
    __slots__ = ("clock", "anomaly")

    def __init__(self) -> None:
        self.clock = 0          #: the tick of the last in-place write through a tensor (0: none yet)
        self.anomaly = False    #: detect_anomaly() active


GUARD = _Guard()
#: id of a written base array → clock at its last in-place write (ids are reused only after the array died,
#: and anything recorded with a new array is stamped later, so a stale entry can never fire)
_WRITTEN: dict[int, int] = {}
#: forward call sites recorded under detect_anomaly: id(tensor) → (weak reference, "file:line")
_WHERE: dict[int, tuple[Any, str]] = {}
_HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _base(a: Any) -> Any:
    while isinstance(getattr(a, "base", None), np.ndarray):
        a = a.base
    return a


#: one counter for recorded ops and in-place writes: a recorded tensor's ``_seq`` is its tick (backward visits
#: the largest first), a write's tick is stored in ``_WRITTEN``; a write after an op has the larger tick
TICKS = count(1)


def mark_written(arr: np.ndarray) -> None:
    """Record an in-place write into ``arr`` (and so into every array sharing its memory)."""
    GUARD.clock = next(TICKS)
    _WRITTEN[id(_base(arr))] = GUARD.clock


def check_saved(t: Any) -> None:
    """Raise GraphError when a value ``t``'s op saved for backward was written in place after the op ran."""
    stamp = getattr(t, "_seq", None)
    saved = t._saved
    if stamp is None or not saved:
        return
    for i, a in enumerate(saved):
        if isinstance(a, np.ndarray) and _WRITTEN.get(id(_base(a)), -1) > stamp:
            from mibun._rtext import error

            raise error(GraphError, "reliability.engine.version", op=t._op.name, index=i, shape=tuple(a.shape))
    # the output too: VJPs such as exp's and tanh's are written with it (conservative, as PyTorch for ops
    # that save their result)
    if _WRITTEN.get(id(_base(t.data)), -1) > stamp:
        from mibun._rtext import error

        raise error(GraphError, "reliability.engine.version_out", op=t._op.name, shape=tuple(t.data.shape))


# ----------------------------------------------------------------------------------- in-place ops


def _inplace(t: Any, name: str, fn: Any) -> Any:
    from mibun.autodiff.grad_mode import STATE

    if t.requires_grad and STATE.enabled:
        from mibun._rtext import error

        raise error(GraphError, "reliability.engine.inplace_grad", op=name)
    fn(t.data)
    mark_written(t.data)
    return t


def _value(v: Any) -> Any:
    return v.data if hasattr(v, "data") and hasattr(v, "requires_grad") else v


def _setitem(self: Any, index: Any, value: Any) -> None:
    idx = tuple(_value(i) for i in index) if isinstance(index, tuple) else _value(index)

    def write(a: np.ndarray) -> None:
        a[idx] = _value(value)

    _inplace(self, "__setitem__", write)


def _binary(name: str, ufunc: Any) -> Any:
    def method(self: Any, other: Any) -> Any:
        return _inplace(self, name, lambda a: ufunc(a, _value(other), out=a, casting="same_kind"))

    method.__name__ = name
    method.__doc__ = f"In place: ``t = t {ufunc.__name__} other`` written into t's array (not recorded)."
    return method


def _fill(self: Any, value: Any) -> Any:
    """In place: every element set to ``value``."""
    return _inplace(self, "fill_", lambda a: a.fill(_value(value)))


def _zero(self: Any) -> Any:
    """In place: every element set to 0."""
    return _inplace(self, "zero_", lambda a: a.fill(0))


def _copy(self: Any, src: Any) -> Any:
    """In place: ``src``'s values (broadcast) written into this tensor."""
    return _inplace(self, "copy_", lambda a: np.copyto(a, np.asarray(_value(src)), casting="same_kind"))


def _clamp(self: Any, lo: Any = None, hi: Any = None) -> Any:
    """In place: values clipped to [lo, hi]."""
    return _inplace(self, "clamp_", lambda a: np.clip(a, lo, hi, out=a))


INPLACE = {"__setitem__": _setitem, "add_": _binary("add_", np.add), "sub_": _binary("sub_", np.subtract),
           "mul_": _binary("mul_", np.multiply), "div_": _binary("div_", np.divide), "fill_": _fill,
           "zero_": _zero, "copy_": _copy, "clamp_": _clamp}


def install(cls: type) -> None:
    """Bind the in-place methods to ``Tensor`` (names already defined there are left alone)."""
    for name, fn in INPLACE.items():
        if name not in cls.__dict__:
            setattr(cls, name, fn)


def readonly(arr: np.ndarray) -> np.ndarray:
    """A read-only view of ``arr`` (writing raises ValueError: assignment destination is read-only)."""
    v = arr.view()
    v.flags.writeable = False
    return v


# ----------------------------------------------------------------------------------- anomaly detection


@contextmanager
def detect_anomaly() -> Iterator[None]:
    """Inside this block every op's output and every gradient is checked: the first NaN or Inf raises a
    GraphError naming the op (and, for backward, the line of your code that recorded it). Slower; for
    debugging. ``with mb.detect_anomaly(): loss.backward()``"""
    prev = GUARD.anomaly
    GUARD.anomaly = True
    try:
        yield
    finally:
        GUARD.anomaly = prev
        for k in [k for k, (ref, _) in _WHERE.items() if ref() is None]:
            del _WHERE[k]


def _kind(a: np.ndarray) -> str | None:
    if a.dtype.kind not in "fc":
        return None
    if np.isnan(a).any():
        return "NaN"
    if np.isinf(a).any():
        return "Inf"
    return None


def _finite(v: Any) -> bool:
    a = as_array(v.data if hasattr(v, "requires_grad") else v)
    return a.dtype.kind not in "fc" or bool(np.isfinite(a).all())


def _caller() -> str:
    for fr in reversed(traceback.extract_stack()[:-2]):
        if not os.path.abspath(fr.filename).startswith(_HERE):
            return f"{fr.filename}:{fr.lineno}"
    return ""


def check_forward(op: Any, out: Any, inputs: Any, t: Any = None) -> None:
    """Under detect_anomaly: raise when ``out`` holds NaN/Inf although every input was finite."""
    kind = _kind(as_array(out))
    if t is not None and t.requires_grad:
        _WHERE[id(t)] = (weakref.ref(t), _caller())
    if kind is None or not all(_finite(v) for v in inputs):
        return
    from mibun._rtext import error

    where = _caller()
    if where:
        raise error(GraphError, "reliability.engine.anomaly_forward_at", op=op.name, kind=kind, where=where)
    raise error(GraphError, "reliability.engine.anomaly_forward", op=op.name, kind=kind)


def check_backward(t: Any, index: int, g: Any, gi: Any) -> None:
    """Under detect_anomaly: raise when the gradient ``gi`` of input ``index`` holds NaN/Inf although the
    incoming gradient ``g`` was finite."""
    arr = as_array(gi.data if hasattr(gi, "requires_grad") else gi)
    kind = _kind(arr)
    if kind is None or not _finite(g):
        return
    from mibun._rtext import error

    ref, where = _WHERE.get(id(t), (None, ""))
    if ref is not None and ref() is t and where:
        raise error(GraphError, "reliability.engine.anomaly_backward_at", op=t._op.name, index=index, kind=kind,
                    where=where)
    raise error(GraphError, "reliability.engine.anomaly_backward", op=t._op.name, index=index, kind=kind)


__all__ = ["GUARD", "detect_anomaly", "check_saved", "check_forward", "check_backward", "mark_written", "install",
           "readonly", "INPLACE"]
