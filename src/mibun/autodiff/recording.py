"""Recording ops: ``apply(op, *inputs, **params)`` runs an op's forward on raw arrays and, when an input requires
grad, records it on the result (op, inputs, their saved values, parameters, a tick). ``binary(op)`` and
``unary(op)`` are the same for one or two inputs without parameters, as one function with the op bound: the
operators ``a * b``, ``-a`` and ``mb.exp`` are these functions, so the arithmetic hot path is one Python call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from mibun.autodiff.devices import as_array, check_mixed
from mibun.autodiff.grad_mode import STATE
from mibun.autodiff.guards import GUARD, TICKS, check_forward
from mibun.autodiff.registry import Op
from mibun.autodiff.tensor import _NO_PARAMS, Tensor, _const, _new, _wrap
from mibun.errors import ShapeError


def apply(op: Op, *args: Any, **params: Any) -> Tensor:
    """Run ``op`` on ``args`` (Tensors or constants) and record it when any input requires grad."""
    saved = []
    needs = False
    inputs = []
    for a in args:
        if isinstance(a, Tensor):
            saved.append(a.data)
            inputs.append(a)
            if a.requires_grad:
                needs = True
        else:
            c = _const(a)
            saved.append(c)
            inputs.append(c)
    try:
        out = op.forward(*saved, **params)
    except ValueError as exc:
        raise _shape_error(op, saved, exc) from None
    except TypeError as exc:  # arrays of two devices (CuPy refuses NumPy arrays): a DeviceError says so
        check_mixed(op.name, saved, exc)
        raise
    t = _wrap(out if isinstance(out, np.ndarray) else as_array(out))
    if needs and STATE.enabled:
        t.requires_grad = True
        t._op = op
        t._inputs = tuple(inputs)
        t._saved = tuple(saved)
        t._params = params
        t._seq = next(TICKS)
    if GUARD.anomaly:
        check_forward(op, out, saved, t)
    return t


def binary(op: Op) -> Callable[[Any, Any], Tensor]:
    """``apply(op, a, b)`` as one function with the op bound: the operators (``a * b``, ``a + b``, …) are
    these functions themselves, so the arithmetic hot path is one Python call."""
    fn = _BINARY.get(op)
    if fn is None:
        fn = _BINARY[op] = _make_binary(op)
    return fn


def apply2(op: Op, a: Any, b: Any) -> Tensor:
    """``apply`` specialised to two inputs and no parameters."""
    fn = _BINARY.get(op)
    return (fn or binary(op))(a, b)


def unary(op: Op) -> Callable[[Tensor], Tensor]:
    """``apply(op, a)`` for one Tensor input, as one function with the op bound (``-a``, ``t.exp()``, …)."""
    fn = _UNARY.get(op)
    if fn is None:
        fn = _UNARY[op] = _make_unary(op)
    return fn


def apply1(op: Op, a: Tensor) -> Tensor:
    """``apply`` specialised to one Tensor input and no parameters."""
    fn = _UNARY.get(op)
    return (fn or unary(op))(a)


_BINARY: dict[Op, Callable[[Any, Any], Tensor]] = {}
_UNARY: dict[Op, Callable[[Tensor], Tensor]] = {}
_tick = TICKS.__next__
_ndarray = np.ndarray


def _make_binary(op: Op) -> Callable[[Any, Any], Tensor]:
    forward = op.forward

    def call(a: Any, b: Any) -> Tensor:
        # the hottest path of the engine: ``apply`` and ``_wrap`` written out, with the op bound
        if isinstance(a, Tensor):
            ad = a.data
            needs = a.requires_grad
        else:
            a = ad = _const(a)
            needs = False
        if isinstance(b, Tensor):
            bd = b.data
            if b.requires_grad:
                needs = True
        else:
            b = bd = _const(b)
        try:
            out = forward(ad, bd)
        except ValueError as exc:
            raise _shape_error(op, (ad, bd), exc) from None
        except TypeError as exc:  # arrays of two devices (CuPy refuses NumPy arrays): a DeviceError says so
            check_mixed(op.name, (ad, bd), exc)
            raise
        if type(out) is not _ndarray:
            out = as_array(out)
        t = _new(Tensor)
        t.data = out
        t.grad = None
        t._params = _NO_PARAMS
        t._retain = False
        t._g = None
        t.name = None
        if needs and STATE.enabled:
            t.requires_grad = True
            t._op = op
            t._inputs = (a, b)
            t._saved = (ad, bd)
            t._seq = _tick()
        else:
            t.requires_grad = False
            t._op = None
            t._inputs = None
            t._saved = None
        if GUARD.anomaly:
            check_forward(op, out, (ad, bd), t)
        return t

    call.__name__ = call.__qualname__ = op.name
    return call


def _make_unary(op: Op) -> Callable[[Tensor], Tensor]:
    forward = op.forward

    def call(a: Tensor) -> Tensor:
        # the Tensor is built as in _make_binary, written out again on purpose: a shared helper would be one
        # more Python call (about 60 ns) on every recorded op
        ad = a.data
        out = forward(ad)
        if type(out) is not _ndarray:
            out = as_array(out)
        t = _new(Tensor)
        t.data = out
        t.grad = None
        t._params = _NO_PARAMS
        t._retain = False
        t._g = None
        t.name = None
        if a.requires_grad and STATE.enabled:
            t.requires_grad = True
            t._op = op
            t._inputs = (a,)
            t._saved = (ad,)
            t._seq = _tick()
        else:
            t.requires_grad = False
            t._op = None
            t._inputs = None
            t._saved = None
        if GUARD.anomaly:
            check_forward(op, out, (ad,), t)
        return t

    call.__name__ = call.__qualname__ = op.name
    return call


def _shape_error(op: Op, saved, exc: Exception) -> Exception:
    *first, last = [str(np.shape(s)) for s in saved] or ["()"]
    fields: dict[str, Any] = {"op": op.name, "shapes": ", ".join(first), "last": last, "exc": exc}
    if not first:
        return ShapeError("engine.err.shape_does_not_fit", **fields, hint=op.shape_hint or None)
    if op.elementwise and not op.shape_hint:
        return ShapeError("engine.err.shapes_do_not_broadcast", **fields)
    return ShapeError("engine.err.shapes_do_not_fit", **fields, hint=op.shape_hint or None)


__all__ = ["apply", "apply1", "apply2", "binary", "unary"]
