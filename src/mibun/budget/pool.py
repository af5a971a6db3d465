"""A small pool of persistent, killable workers (:class:`mibun.budget.worker.Worker`) for a server that must
never block on one slow computation. Where the platform can fork (Linux, the BSDs) the workers are forks of
one spawned, warmed *zygote* (:mod:`mibun.budget.zygote`): the start-up (imports, ``init()``) is paid once
per pool, and a replacement is ready in milliseconds. Elsewhere (macOS, Windows), or with
``method="spawn"``, each worker is a fresh interpreter.

``pool.call(fn, *args, seconds=…)`` takes an idle worker (preferring one that served the same ``key``
recently, so its caches are warm), runs the task there and gives the worker back. A worker whose task
outlives ``seconds + grace`` is killed and the caller gets :class:`BudgetError`; a replacement is started
in the background at once, so the next request does not pay the start-up (about a second when spawned).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from mibun.budget.worker import START_S, Worker, _deliver
from mibun.errors import MibunError

#: how many recent keys a worker remembers for affinity
KEYS = 64


class PoolBusy(MibunError, RuntimeError):
    """No worker became free within the wait."""


class WorkerPool:
    """``size`` persistent workers, each started with ``init()`` (a module-level function: imports, warm-up).

    Attributes for monitoring: ``started`` (workers started, replacements included), ``killed`` (workers
    killed for their budget or lost), ``last_recovery_s`` (seconds from the last kill until its replacement
    was ready).
    """

    def __init__(self, size: int = 2, init: Callable | None = None, method: str = "auto"):
        from mibun.budget import zygote

        self.size = max(1, int(size))
        self.init = init
        #: "zygote" (forks of one warmed process) or "spawn" (fresh interpreters); "auto": zygote where available
        self.method = ("zygote" if zygote.available() else "spawn") if method == "auto" else method
        self._zygote: Any = None
        self._zlock = threading.Lock()
        self._idle: list[Worker] = []
        self._cond = threading.Condition()
        self._closed = False
        self._all: set[Worker] = set()
        self.started = 0
        self.killed = 0
        self.last_recovery_s: float | None = None
        for _ in range(self.size):
            self._spawn()

    # ------------------------------------------------------------------------------------------ workers
    def _spawn(self, since: float | None = None) -> threading.Thread:
        """Start one worker in a background thread; it joins the idle list once ready."""

        def run() -> None:
            for _attempt in range(3):
                if self._closed:
                    return
                try:
                    w = self._new_worker()
                except OSError:  # the zygote is gone: the next attempt starts another
                    continue
                with self._cond:
                    self._all.add(w)
                    self.started += 1
                ok = w.wait_ready(START_S)
                with self._cond:
                    if ok and not self._closed:
                        if since is not None:
                            self.last_recovery_s = time.monotonic() - since
                        self._idle.append(w)
                        self._cond.notify()
                        return
                    self._all.discard(w)
                w.kill()
                if ok:  # closed meanwhile
                    return

        t = threading.Thread(target=run, name="mibun-worker-start", daemon=True)
        t.start()
        return t

    def _new_worker(self) -> Worker:
        if self.method != "zygote":
            return Worker(self.method, self.init)
        from mibun.budget.zygote import Zygote

        with self._zlock:
            if self._closed:
                raise OSError("closed")
            if self._zygote is None or not self._zygote.alive:
                if self._zygote is not None:
                    self._zygote.close()
                self._zygote = Zygote(self.init)
            z = self._zygote
        return z.fork()  # type: ignore[no-any-return]

    def _take(self, key: str | None, wait: float) -> Worker:
        deadline = time.monotonic() + wait
        with self._cond:
            while not self._idle:
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    from mibun._rtext import error

                    raise error(PoolBusy, "reliability.worker.busy", seconds=round(wait, 1))
                self._cond.wait(left)
            pick = next((w for w in self._idle if key is not None and key in w.keys), self._idle[0])
            self._idle.remove(pick)
            return pick

    def _give_back(self, w: Worker, key: str | None) -> None:
        if key is not None:
            if key in w.keys:
                w.keys.remove(key)
            w.keys.append(key)
            del w.keys[:-KEYS]
        with self._cond:
            if self._closed:
                w.close()
                return
            self._idle.append(w)
            self._cond.notify()

    def idle(self) -> int:
        """Workers ready and free now."""
        with self._cond:
            return len(self._idle)

    def wait_ready(self, n: int | None = None, timeout: float = START_S) -> bool:
        """Wait until ``n`` workers (default: all) are idle; False on timeout."""
        n = self.size if n is None else n
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._idle) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.1))
        return True

    # ------------------------------------------------------------------------------------------ calls
    def call(self, fn: Callable, *args: Any, seconds: float, grace: float = 1.0, key: str | None = None,
             wait: float = 60.0, what: str = "reliability.what.computation",
             what_fields: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)`` in an idle worker under the budget ``seconds`` (the worker's in-process
        deadline; the worker is killed ``grace`` seconds later). Exceptions of ``fn`` are re-raised here;
        :class:`~mibun.budget.BudgetError` when the worker was killed, :class:`PoolBusy` when none was free within
        ``wait`` seconds."""
        w = self._take(key, wait)
        try:
            kind, value, texts = w.call(fn, args, kwargs, seconds=seconds, grace=grace, what=what,
                                        what_fields=what_fields)
        except BaseException:  # killed for its budget, lost, or interrupted: never reused
            self._replace(w)
            raise
        self._give_back(w, key)
        return _deliver(kind, value, texts)

    def _replace(self, w: Worker) -> None:
        now = time.monotonic()
        w.kill()
        with self._cond:
            self._all.discard(w)
            self.killed += 1
            closed = self._closed
        if not closed:
            self._spawn(since=now)

    def close(self) -> None:
        """Stop every worker (idle ones at once; busy ones when their task ends or is killed)."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            workers = set(self._all)
            self._cond.notify_all()
        for w in idle:
            w.close()
        for w in workers - set(idle):
            w.kill()
        with self._zlock:
            z, self._zygote = self._zygote, None
        if z is not None:
            z.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_size() -> int:
    """Workers for a server: the CPU count, at least 2 (one slow request never blocks the rest), at most 4."""
    import os

    return max(2, min(4, os.cpu_count() or 2))


__all__ = ["WorkerPool", "PoolBusy", "default_size"]
