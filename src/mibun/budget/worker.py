"""The killable worker: one mechanism for the command and the explorer server.

A :class:`Worker` is a separate process that runs tasks sent over a pipe, one at a time, and can be
killed when a task outlives its budget. Two ways to start one, same protocol and task runner:

* ``"spawn"`` — a fresh interpreter (``subprocess``, the same on every platform) that runs
  :func:`_child_main` and talks pickles over its stdin/stdout. Unlike ``multiprocessing``'s spawn it never
  re-imports the caller's main script, so a server started from a script without an
  ``if __name__ == "__main__":`` guard works;
* ``"fork"`` — ``multiprocessing``'s fork (POSIX, single-threaded callers only): starts in milliseconds.

The command runs one task in a fresh worker (``run_in_worker``: fork where the platform offers it and the
process is single-threaded, else spawn); the explorer server keeps a few persistent spawned ones
(``mibun.budget.pool.WorkerPool``). Portable: no signals, no POSIX-only calls (killing is
``Popen.kill``/``Process.terminate``).

Protocol (parent → worker): ``(fn, args, kwargs, seconds, capture, prepare)`` or ``None`` to stop; the worker
answers ``("ready",)`` once after start-up, then per task ``("started",)`` when the task has a ``prepare``
(after it, so imports are not counted) and ``(kind, value, (stdout, stderr))`` with kind ``"ok"`` or ``"error"``.
"""

from __future__ import annotations

import math
import os
import pickle
import struct
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess

from mibun.budget import BudgetError, get_budget, parse_seconds
from mibun.budget.child import _frame, _unframe, _worker_main
from mibun.errors import MibunError

#: seconds a worker may take to start (spawn imports mibun again) before it counts as crashed
START_S = 120.0


def _start_method() -> str:
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return "fork"
    return "spawn"


class Worker:
    """One worker process that runs tasks one at a time and is killed when a task outlives its budget.

    ``init()`` (a module-level function) runs once in the worker before it reports ready (imports,
    warm-up). ``call`` raises :class:`BudgetError` (``reliability.budget.killed``) when the task is not done
    ``seconds + grace`` after it started, or ``MibunError`` (``reliability.worker.crashed``) when the process
    ended without an answer; in both cases the worker is dead afterwards (``alive`` is False).
    """

    def __init__(self, method: str = "spawn", init: Callable | None = None):
        self.method = method
        self.ready = False
        self.keys: list[str] = []  # recent affinity keys (the pool prefers a worker that has the caches)
        import queue  # imported here: the command's start-up need not pay for them
        import subprocess

        self._answers: queue.Queue = queue.Queue()
        self._Empty = queue.Empty
        if method == "fork":
            import multiprocessing as mp

            ctx = mp.get_context("fork")
            self.conn, child = ctx.Pipe(duplex=True)
            process: Any = ctx.Process  # type: ignore[attr-defined]
            self.proc: Any = process(target=_worker_main, args=(child, init), daemon=True, name="mibun-worker")
            self.proc.start()
            child.close()
            self._popen: subprocess.Popen | None = None
        else:
            boot = ("import pickle, sys; sys.path[:] = pickle.load(sys.stdin.buffer); "
                    "from mibun.budget.child import _child_main; _child_main()")
            flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window per worker
            self._popen = subprocess.Popen([sys.executable, "-c", boot], stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, creationflags=flags)
            self.proc = None
            assert self._popen.stdin is not None and self._popen.stdout is not None
            self._wfile = self._popen.stdin
            try:
                pickle.dump(list(sys.path), self._wfile, protocol=pickle.HIGHEST_PROTOCOL)  # read by ``boot``
                self._put(init)
            except OSError:
                pass
            self._fd = self._popen.stdout.fileno()
            if os.name == "nt":  # pipes cannot be waited on with select there: a thread reads them
                reader = threading.Thread(target=self._read, daemon=True, name="mibun-worker-reader")
                reader.start()

    # ------------------------------------------------------------------------------------- transport
    def _put(self, obj: Any) -> None:
        if self._popen is None:
            self.conn.send(obj)
        else:
            self._wfile.write(_frame(obj))
            self._wfile.flush()

    def _raw_read(self, n: int) -> bytes:
        return os.read(self._fd, n)

    def _read(self) -> None:
        """Windows: a spawned worker's answers, read in a thread and queued."""
        try:
            while True:
                self._answers.put(("msg", _unframe(self._raw_read)))
        except Exception:  # noqa: BLE001 - EOF (the worker ended or was killed) or a broken stream
            self._answers.put(("eof", None))

    def _read_fd(self, timeout: float | None) -> Any:
        """The next framed message on ``self._fd`` (POSIX), ``_TIMEOUT`` when none came within ``timeout``;
        EOFError when the worker ended."""
        import select

        try:
            ready, _, _ = select.select([self._fd], [], [], timeout)
        except (OSError, ValueError):
            raise EOFError from None
        if not ready:
            return _TIMEOUT
        try:
            return _unframe(self._raw_read)
        except (OSError, pickle.UnpicklingError, struct.error):
            raise EOFError from None

    def _get(self, timeout: float | None) -> Any:
        """The next message, ``_TIMEOUT`` when none came within ``timeout``; EOFError when the worker ended."""
        if self._popen is None:
            if not self.conn.poll(timeout):
                return _TIMEOUT
            return self.conn.recv()
        if os.name != "nt":  # read in the calling thread: no hand-over between threads
            return self._read_fd(timeout)
        try:
            kind, msg = self._answers.get(timeout=timeout)
        except self._Empty:
            return _TIMEOUT
        if kind == "eof":
            self._answers.put(("eof", None))  # stays ended
            raise EOFError
        return msg

    @property
    def alive(self) -> bool:
        return self.proc.is_alive() if self._popen is None else self._popen.poll() is None

    @property
    def exitcode(self) -> int | None:
        return self.proc.exitcode if self._popen is None else self._popen.poll()

    def wait_ready(self, timeout: float = START_S) -> bool:
        """Wait until the worker has started (True), or it failed to within ``timeout`` (False)."""
        if self.ready:
            return True
        try:
            self.ready = self._get(timeout) == ("ready",)
        except (EOFError, OSError):
            self.ready = False
        return self.ready

    def call(self, fn: Callable, args: tuple = (), kwargs: dict | None = None, *, seconds: float,
             grace: float, what: str = "reliability.what.computation", what_fields: dict[str, Any] | None = None,
             capture: tuple | None = None, prepare: Callable | None = None) -> tuple[str, Any, tuple[str, str]]:
        """Run ``fn(*args, **kwargs)`` in the worker; returns ``(kind, value, (stdout, stderr))``."""
        try:
            if not self.wait_ready():
                raise EOFError
            self._put((fn, args, kwargs or {}, seconds, capture, prepare))
            # ``prepare`` (imports) is not counted against the budget
            if prepare is not None and self._get(START_S) is _TIMEOUT:
                self.kill()
                raise _killed(what, seconds, what_fields, START_S)
            started = time.monotonic()
            limit = seconds + grace if math.isfinite(seconds) else None
            msg = self._get(limit)
            if msg is _TIMEOUT:
                self.kill()
                raise _killed(what, seconds, what_fields, time.monotonic() - started)
            return msg  # type: ignore[no-any-return]
        except (EOFError, OSError, pickle.PicklingError):
            self.kill()
            from mibun._rtext import error

            raise error(MibunError, "reliability.worker.crashed", code=self.exitcode) from None

    def close(self) -> None:
        """Ask the worker to stop (it finishes its loop), then make sure it has."""
        try:
            self._put(None)
        except (OSError, ValueError):
            pass
        if self._popen is None:
            self.proc.join(1.0)
        else:
            import subprocess

            try:
                self._popen.wait(1.0)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def kill(self) -> None:
        """Stop the process now and close the pipes."""
        if self._popen is None:
            if self.proc.is_alive():
                self.proc.terminate()
                self.proc.join(1.0)
                if self.proc.is_alive():  # pragma: no cover - terminate is enough on every platform we test
                    self.proc.kill()
                    self.proc.join(1.0)
            try:
                self.conn.close()
            except OSError:  # pragma: no cover
                pass
            return
        import subprocess

        if self._popen.poll() is None:
            self._popen.kill()
        try:
            self._popen.wait(5.0)
        except subprocess.TimeoutExpired:  # pragma: no cover
            pass
        for f in (self._popen.stdin, self._popen.stdout):
            try:
                if f is not None:
                    f.close()
            except OSError:  # pragma: no cover
                pass


_TIMEOUT = object()


def run_in_worker(fn: Callable, *args: Any, seconds: float | None = None, grace: float | None = None,
                  what: str = "reliability.what.computation", capture: bool = False, prepare: Callable | None = None,
                  what_fields: dict[str, Any] | None = None,
                  **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` in a fresh :class:`Worker` that is stopped when the budget is spent.

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
    cap = None
    if capture:
        cap = ((_isatty(sys.stdout), getattr(sys.stdout, "encoding", None)),
               (_isatty(sys.stderr), getattr(sys.stderr, "encoding", None)))
    worker = Worker(_start_method())
    try:
        kind, value, texts = worker.call(fn, args, kwargs, seconds=s, grace=s + 1.0 if grace is None else grace,
                                         what=what, what_fields=what_fields, capture=cap, prepare=prepare)
    finally:
        worker.close()
    return _deliver(kind, value, texts)


def _deliver(kind: str, value: Any, texts: tuple[str, str]) -> Any:
    """Write a task's captured output here, then return its value or raise its exception."""
    out, err = texts
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


__all__ = ["run_in_worker", "Worker", "START_S"]
