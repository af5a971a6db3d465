"""The killable worker: ``run_in_worker(fn, *args)`` runs work that may run away inside SymPy in a separate
process (``multiprocessing``; fork where the platform offers it and the process is single-threaded, else
spawn) and stops it when the budget is spent. Portable: no signals."""

from __future__ import annotations

import io
import math
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from mibun.budget import BudgetError, get_budget, parse_seconds, scope, set_budget
from mibun.errors import MibunError


def _start_method() -> str:
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return "fork"
    return "spawn"


class _Captured(io.StringIO):
    """stdout/stderr of the worker: kept, then written out by the parent; reports the parent's tty state."""

    def __init__(self, tty: bool, encoding: str | None):
        super().__init__()
        self._tty = tty
        self._enc = encoding or "utf-8"

    def isatty(self) -> bool:
        return self._tty

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._enc


def _worker_main(conn: Any, fn: Callable, args: tuple, kwargs: dict, seconds: float, capture: tuple | None,
                 prepare: Callable | None) -> None:
    """Entry point of the worker (module level, so spawn can import it)."""
    set_budget(seconds)
    if prepare is not None:
        try:
            prepare(*args)
        except Exception:  # noqa: BLE001 - only imports ahead of time; the real call reports problems
            pass
    out = err = None
    if capture is not None:
        (otty, oenc), (etty, eenc) = capture
        out, err = _Captured(otty, oenc), _Captured(etty, eenc)
        sys.stdout, sys.stderr = out, err
    conn.send(("started",))
    try:
        with scope(seconds):
            result = fn(*args, **kwargs)
        msg: tuple = ("ok", result)
    except BaseException as exc:  # noqa: BLE001 - relayed to the parent, which re-raises it
        msg = ("error", _picklable(exc))
    texts = (out.getvalue() if out else "", err.getvalue() if err else "")
    try:
        conn.send((*msg, texts))
    except Exception as exc:  # an unpicklable result
        conn.send(("error", RuntimeError(f"the worker's answer could not be sent back: {exc}"), texts))
    conn.close()


def _picklable(exc: BaseException) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def run_in_worker(fn: Callable, *args: Any, seconds: float | None = None, grace: float | None = None,
                  what: str = "reliability.what.computation", capture: bool = False, prepare: Callable | None = None,
                  what_fields: dict[str, Any] | None = None,
                  **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` in a worker process that is stopped when the budget is spent.

    Inside the worker the same budget runs as an in-process deadline (so mibun's own loops stop first,
    with the usual message); the parent stops the worker ``grace`` seconds after that (default: the
    budget again plus 1 s), since SymPy can run away in one call. ``prepare(*args)`` runs in the worker
    before the clock starts (imports: start-up is not counted). ``capture``: the worker's stdout and
    stderr are collected and written to the parent's after it ends (so a command's output is not lost).
    ``fn`` and its arguments must be picklable when the platform starts workers by spawning (module-level
    functions). Exceptions raised in the worker are re-raised here.
    Without a finite budget, ``fn`` simply runs in this process.
    """
    s = get_budget() if seconds is None else parse_seconds(seconds)
    if not math.isfinite(s):
        return fn(*args, **kwargs)
    import multiprocessing as mp

    ctx = mp.get_context(_start_method())
    parent, child = ctx.Pipe(duplex=False)
    cap = None
    if capture:
        cap = ((_isatty(sys.stdout), getattr(sys.stdout, "encoding", None)),
               (_isatty(sys.stderr), getattr(sys.stderr, "encoding", None)))
    if grace is None:
        grace = s + 1.0
    process: Any = ctx.Process  # type: ignore[attr-defined]
    proc = process(target=_worker_main, args=(child, fn, args, kwargs, s, cap, prepare), daemon=True)
    proc.start()
    child.close()
    try:
        # start-up (spawn imports mibun again) is not counted against the budget
        if not parent.poll(60.0):
            raise _killed(what, s, what_fields, 60.0)
        parent.recv()
        started = time.monotonic()
        if not parent.poll(s + grace):
            raise _killed(what, s, what_fields, time.monotonic() - started)
        msg = parent.recv()
    except EOFError:
        proc.join(1.0)
        from mibun._rtext import error

        raise error(MibunError, "reliability.worker.crashed", code=proc.exitcode) from None
    finally:
        if proc.is_alive():
            proc.terminate()
            proc.join(1.0)
            if proc.is_alive():  # pragma: no cover - terminate is enough on every platform we test
                proc.kill()
                proc.join(1.0)
        parent.close()
    kind, value, (out, err) = msg
    if out:
        sys.stdout.write(out)
        sys.stdout.flush()
    if err:
        sys.stderr.write(err)
        sys.stderr.flush()
    if kind == "error":
        raise value
    return value


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:
        return False


def _killed(what: str, seconds: float, fields: dict[str, Any] | None, elapsed: float) -> BudgetError:
    exc = BudgetError("reliability.budget.killed", what=what, seconds=seconds, elapsed=round(elapsed, 1),
                      **(fields or {}))
    exc.seconds = seconds  # type: ignore[attr-defined]
    return exc


__all__ = ["run_in_worker"]
