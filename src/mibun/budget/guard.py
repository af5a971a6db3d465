"""The in-process deadline inside third-party code (SymPy): ``with budget.guarded(what):`` around one call
that mibun's own ``budget.check`` cannot reach (``sp.limit`` can run for minutes in one call).

How: a watchdog timer for the time left in the current :func:`mibun.budget.scope` raises an exception in the
computing thread once the deadline has passed (CPython's ``PyThreadState_SetAsyncExc``: delivered at the
next bytecode, the way Ctrl-C is; no signals, the same on every operating system). The caller gets the
usual :class:`~mibun.budget.BudgetError`. Where the interpreter lacks that call (not CPython) the body runs
unguarded; the command and the explorer server still stop it with their killable workers.

The exception used inside is a ``BaseException`` (as ``KeyboardInterrupt`` is), so SymPy's
``except Exception`` clauses do not swallow it. Long single C-level operations (one huge integer product)
are not interrupted; the size checks before them are (``power_digits``, ``expansion_estimate``).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: how many times the watchdog raises in an overrunning body (50 ms apart) before it gives up
SHOTS = 20


class _Overrun(BaseException):
    """Raised inside the guarded call when its deadline has passed (never seen outside :func:`guarded`)."""


def _async_raise() -> tuple[Any, Any] | None:
    """``PyThreadState_SetAsyncExc`` (CPython) as (set, clear), or None."""
    try:
        import ctypes

        setter = ctypes.pythonapi["PyThreadState_SetAsyncExc"]
        clearer = ctypes.pythonapi["PyThreadState_SetAsyncExc"]  # a second binding: NULL as the exception
    except (ImportError, AttributeError, KeyError):  # pragma: no cover - PyPy and other interpreters
        return None
    setter.argtypes = (ctypes.c_ulong, ctypes.py_object)
    clearer.argtypes = (ctypes.c_ulong, ctypes.c_void_p)
    setter.restype = clearer.restype = ctypes.c_int
    return setter, clearer


_ASYNC: Any = None  # (set, clear), looked up on first use (ctypes is not imported at start-up)
_LOOKED_UP = False


def _async() -> tuple[Any, Any] | None:
    global _ASYNC, _LOOKED_UP
    if not _LOOKED_UP:
        _ASYNC, _LOOKED_UP = _async_raise(), True
    return _ASYNC  # type: ignore[no-any-return]


@contextmanager
def guarded(what: str = "reliability.what.computation") -> Iterator[None]:
    """Stop the body once the current scope's deadline has passed, even inside SymPy; raises BudgetError.

    Outside any scope, without a time budget, or on an interpreter without ``PyThreadState_SetAsyncExc``,
    the body runs unguarded."""
    from mibun.budget import remaining

    left = remaining()
    if not math.isfinite(left) or _async() is None:
        yield
        return
    try:
        with _watched(left):
            yield
    except _Overrun:
        _raise_spent(what)


def _raise_spent(what: str) -> None:
    from mibun import budget

    raise budget.spent(what) from None


@contextmanager
def _watched(left: float) -> Iterator[None]:
    if left <= 0:
        raise _Overrun
    assert _ASYNC is not None
    setter = _ASYNC[0]
    tid = threading.get_ident()
    lock = threading.Lock()
    done = threading.Event()
    state = {"fired": False}

    def watch() -> None:
        # fire at the deadline, then again every 50 ms (at most SHOTS times) until the body has ended: an
        # exception delivered while a ``__del__`` runs is printed and dropped by Python, so one shot may miss
        wait = left
        for _shot in range(SHOTS):
            if done.wait(wait):
                return
            with lock:
                if done.is_set():
                    return
                state["fired"] = True
                setter(tid, _Overrun)
            wait = 0.05

    watchdog = threading.Thread(target=watch, name="mibun-budget-watchdog", daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        with lock:
            done.set()
            if state["fired"]:  # not delivered yet: take it back (a no-op when it already was)
                _ASYNC[1](tid, None)


__all__ = ["guarded"]
