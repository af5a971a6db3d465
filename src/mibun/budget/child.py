"""What runs inside a worker process (``mibun.budget.worker``): the loop that takes tasks from the pipe and
answers them, the entry point of a spawned worker, and the message framing both ends use."""

from __future__ import annotations

import io
import os
import pickle
import struct
import sys
from collections.abc import Callable
from typing import Any

from mibun.budget import scope, set_budget


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


_HEAD = struct.Struct("<Q")  # each message: its length, then the pickle


def _frame(obj: Any) -> bytes:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEAD.pack(len(data)) + data


def _read_exact(read: Callable[[int], bytes], n: int) -> bytes:
    parts, got = [], 0
    while got < n:
        b = read(n - got)
        if not b:
            raise EOFError
        parts.append(b)
        got += len(b)
    return b"".join(parts)


def _unframe(read: Callable[[int], bytes]) -> Any:
    (n,) = _HEAD.unpack(_read_exact(read, _HEAD.size))
    return pickle.loads(_read_exact(read, n))


class _Pipe:
    """The child's end of a spawned worker's pipe: framed pickles over stdin (tasks) and stdout (answers)."""

    def __init__(self, rfile: Any, wfile: Any):
        self.rfile, self.wfile = rfile, wfile

    def recv(self) -> Any:
        return _unframe(self.rfile.read)

    def send(self, obj: Any) -> None:
        self.wfile.write(_frame(obj))
        self.wfile.flush()

    def close(self) -> None:
        self.wfile.close()


def _child_main() -> None:
    """Entry point of a spawned worker (``python -c``): the parent has already sent ``sys.path`` and sends
    ``init`` next. The protocol keeps the original stdout; fd 1 then points at stderr, so a stray print
    cannot corrupt it."""
    rfile = sys.stdin.buffer
    wfile = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    conn = _Pipe(rfile, wfile)
    try:
        init = conn.recv()
    except Exception:  # noqa: BLE001 - the parent went away or sent something unreadable
        return
    _worker_main(conn, init)


def _worker_main(conn: Any, init: Callable | None) -> None:
    """The worker's loop (after a fork, or from :func:`_child_main`): ``init()``, then tasks."""
    if init is not None:
        try:
            init()
        except Exception:  # noqa: BLE001 - only imports and warm-up ahead of time; tasks report problems
            pass
    conn.send(("ready",))
    stdout, stderr = sys.stdout, sys.stderr
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, pickle.UnpicklingError, struct.error):
            break
        if task is None:
            break
        try:
            _run_task(conn, *task)
        except OSError:  # the parent has gone (its end of the pipe is closed): nobody to answer
            break
        finally:
            sys.stdout, sys.stderr = stdout, stderr
    conn.close()


def _run_task(conn: Any, fn: Callable, args: tuple, kwargs: dict, seconds: float, capture: tuple | None,
              prepare: Callable | None) -> None:
    set_budget(seconds)
    if prepare is not None:
        try:
            prepare(*args)
        except Exception:  # noqa: BLE001 - only imports ahead of time; the real call reports problems
            pass
        conn.send(("started",))
    out = err = None
    if capture is not None:
        (otty, oenc), (etty, eenc) = capture
        out, err = _Captured(otty, oenc), _Captured(etty, eenc)
        sys.stdout, sys.stderr = out, err
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


def _picklable(exc: BaseException) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
