"""Workers forked from one warmed process (Linux and the BSDs): the pool's ``"zygote"`` start method.

A spawned worker is a fresh interpreter that imports mibun and SymPy and runs the pool's ``init()`` (the
explorer's warm-up): about a second of CPU each, paid again for every worker and every replacement. Here
the pool starts one *zygote* the same way (``python -c``, so the caller's script is never re-imported) and
each worker is a ``fork`` of it: ready in milliseconds, its imports and caches already warm. The zygote is
single-threaded and does nothing but fork, so forking it is safe even when the server has threads.

Protocol: the zygote's control socket carries ``b"F"`` with one file descriptor (the new worker's end of a
socket pair) → the worker's pid; ``b"E"`` + pid → its exit code once it has ended (the zygote reaps its
children). A worker then speaks the protocol of :mod:`mibun.budget.child` over its socket. The zygote ends
when the control socket closes (the pool closed, or the server went away).
"""

from __future__ import annotations

import os
import pickle
import select
import socket
import struct
import sys
import threading
from collections.abc import Callable
from typing import Any

from mibun.budget.child import _frame, _unframe, _worker_main
from mibun.budget.worker import START_S, Worker

_PID = struct.Struct("<q")
_NONE = -(2**62)  # "not ended yet" / "unknown" on the wire

_BOOT = ("import pickle, sys; sys.path[:] = pickle.load(sys.stdin.buffer); "
         "from mibun.budget.zygote import _zygote_main; _zygote_main()")


def available() -> bool:
    """Can this platform fork a zygote's workers? (Linux, the BSDs; not macOS, where forking a process that
    has loaded system frameworks is unsafe, nor Windows.)"""
    return hasattr(os, "fork") and hasattr(socket, "send_fds") and sys.platform != "darwin"


class Zygote:
    """The parent's handle on a zygote process: ``fork()`` makes a :class:`ForkedWorker`."""

    def __init__(self, init: Callable | None = None):
        import subprocess

        self._lock = threading.Lock()
        self._sock, theirs = socket.socketpair()
        try:
            self._popen = subprocess.Popen([sys.executable, "-c", _BOOT], stdin=subprocess.PIPE,
                                           pass_fds=(theirs.fileno(),))
            assert self._popen.stdin is not None
            try:
                pickle.dump(list(sys.path), self._popen.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump((theirs.fileno(), init), self._popen.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self._popen.stdin.close()
            except OSError:
                pass
        finally:
            theirs.close()
        self.ready = False

    def wait_ready(self, timeout: float = START_S) -> bool:
        """Wait until the zygote has run ``init()`` (True), or it failed to within ``timeout`` (False)."""
        with self._lock:
            if not self.ready:
                try:
                    self._sock.settimeout(timeout)
                    self.ready = self._sock.recv(1) == b"R"
                except OSError:
                    self.ready = False
                finally:
                    self._sock.settimeout(None)
        return self.ready

    @property
    def alive(self) -> bool:
        return self._popen.poll() is None

    def fork(self) -> ForkedWorker:
        """A new worker, forked from the zygote. Raises OSError when the zygote is gone."""
        if not self.wait_ready():
            raise OSError("the zygote did not start")
        mine, theirs = socket.socketpair()
        try:
            with self._lock:
                socket.send_fds(self._sock, [b"F"], [theirs.fileno()])
                (pid,) = _PID.unpack(_recv_exact(self._sock, _PID.size))
        except (OSError, EOFError):
            mine.close()
            raise OSError("the zygote is gone") from None
        finally:
            theirs.close()
        return ForkedWorker(self, mine, pid)

    def exitcode(self, pid: int, timeout: float = 1.0) -> int | None:
        """The exit code of an ended worker (negative: the signal that ended it); None when unknown."""
        try:
            with self._lock:
                self._sock.settimeout(timeout)
                self._sock.sendall(b"E" + _PID.pack(pid))
                (code,) = _PID.unpack(_recv_exact(self._sock, _PID.size))
        except (OSError, EOFError):
            return None
        finally:
            try:
                self._sock.settimeout(None)
            except OSError:
                pass
        return None if code == _NONE else code

    def close(self) -> None:
        """Stop the zygote (its workers are stopped by their owners)."""
        import subprocess

        try:
            self._sock.close()
        except OSError:  # pragma: no cover
            pass
        try:
            self._popen.wait(1.0)  # it ends when its socket closes (after its warm-up, if still running it)
        except subprocess.TimeoutExpired:
            self._popen.kill()
            self._popen.wait(5.0)


class ForkedWorker(Worker):
    """A :class:`~mibun.budget.worker.Worker` forked from a :class:`Zygote` (same calls, same protocol)."""

    def __init__(self, zygote: Zygote, sock: socket.socket, pid: int):  # noqa: D107 - no Worker.__init__
        self.method = "zygote"
        self.ready = False
        self.keys: list[str] = []
        self._zygote, self._sock, self.pid = zygote, sock, pid
        self._fd = sock.fileno()
        self._popen = None
        self.proc = None
        self._code: int | None = None

    def _put(self, obj: Any) -> None:
        self._sock.sendall(_frame(obj))

    def _get(self, timeout: float | None) -> Any:
        return self._read_fd(timeout)

    @property
    def alive(self) -> bool:
        if self._code is not None:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except OSError:  # pragma: no cover - not ours to signal: still there
            return True
        return True

    @property
    def exitcode(self) -> int | None:
        if self._code is None:
            self._code = self._zygote.exitcode(self.pid, timeout=0.5)
        return self._code

    def close(self) -> None:
        try:
            self._put(None)
            select.select([self._fd], [], [], 1.0)  # it closes its end when it stops
        except (OSError, ValueError):
            pass
        self.kill()

    def kill(self) -> None:
        if self._code is None:
            try:
                os.kill(self.pid, 9)  # SIGKILL; reaped by the zygote
            except OSError:
                pass
        try:
            self._sock.close()
        except OSError:  # pragma: no cover
            pass


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        b = sock.recv(n - len(data))
        if not b:
            raise EOFError
        data += b
    return data


# --------------------------------------------------------------------------------------- the zygote itself
def _zygote_main() -> None:
    """Entry point of the zygote (``python -c``): ``init()``, then fork a worker per request until the
    control socket closes."""
    fd, init = pickle.load(sys.stdin.buffer)
    ctl = socket.socket(fileno=fd)
    if init is not None:
        try:
            init()
        except Exception:  # noqa: BLE001 - imports and warm-up only; the tasks report problems
            pass
    for th in threading.enumerate():  # threads a warm-up left (a budget watchdog ending): not forked
        if th is not threading.main_thread():
            th.join(5.0)
    codes: dict[int, int] = {}
    try:
        ctl.sendall(b"R")
    except OSError:  # the pool was closed while this warmed up
        return
    while True:
        _reap(codes)
        ready, _, _ = select.select([ctl], [], [], 0.5)
        if not ready:
            continue
        try:
            msg, fds, _, _ = socket.recv_fds(ctl, 1 + _PID.size, 1)
        except OSError:
            break
        if not msg:
            break
        if msg[:1] == b"F" and fds:
            pid = os.fork()
            if pid == 0:
                ctl.close()
                _run_worker(fds[0])
            os.close(fds[0])
            if not _answer(ctl, pid):
                break
        elif msg[:1] == b"E":
            if len(msg) < 1 + _PID.size:
                msg += _recv_exact(ctl, 1 + _PID.size - len(msg))
            (pid,) = _PID.unpack(msg[1:1 + _PID.size])
            code = _wait_for(pid, codes)
            if not _answer(ctl, _NONE if code is None else code):
                break
        for extra in fds[1:]:
            os.close(extra)


def _answer(ctl: socket.socket, value: int) -> bool:
    try:
        ctl.sendall(_PID.pack(value))
    except OSError:  # the pool has gone
        return False
    return True


def _reap(codes: dict[int, int]) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        codes[pid] = os.waitstatus_to_exitcode(status)


def _wait_for(pid: int, codes: dict[int, int]) -> int | None:
    """The exit code of ``pid`` when it has ended (waiting up to 0.5 s for it), else None."""
    import time

    deadline = time.monotonic() + 0.5
    while True:
        _reap(codes)
        if pid in codes:
            return codes[pid]
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        if time.monotonic() > deadline:
            return None
        time.sleep(0.01)


def _run_worker(fd: int) -> None:
    """In the forked child: serve tasks on the socket ``fd``, then end without the zygote's clean-up."""
    code = 0
    try:
        sock = socket.socket(fileno=fd)
        _worker_main(_SocketConn(sock), None)
    except BaseException:  # noqa: BLE001 - the worker's end, whatever happened
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


class _SocketConn:
    """The worker's end of its socket: framed pickles, as :mod:`mibun.budget.child` expects."""

    def __init__(self, sock: socket.socket):
        self._sock = sock
        self._rfile = sock.makefile("rb")

    def recv(self) -> Any:
        return _unframe(self._rfile.read)

    def send(self, obj: Any) -> None:
        self._sock.sendall(_frame(obj))

    def close(self) -> None:
        self._sock.close()


__all__ = ["Zygote", "ForkedWorker", "available"]
