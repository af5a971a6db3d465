"""Time and size budgets for user-facing computations on text (parse, diff, simplify, limit, plot, explorer).

Three layers, cheapest first:

* **size checks before expensive work** — ``check_size(n, limit, what)`` before allocating n points or steps;
  ``expansion_estimate(expr)`` (degree and number of terms of the expanded polynomial, from the structure
  alone) before expanding or cancelling; ``power_digits(b, e)`` before evaluating ``b**e``;
* **an in-process deadline** — ``with budget.scope():`` starts the clock (nested scopes share the outer
  one) and ``budget.check(what)`` in mibun's own loops raises :class:`BudgetError` once it is spent;
* **the same deadline inside SymPy** — ``with budget.guarded(what):`` around one third-party call that
  ``check`` cannot reach: a watchdog raises in the computing thread once the deadline has passed (no
  signals; see ``guard.py``);
* **a worker process that can be killed** — ``run_in_worker(fn, *args)`` runs work that may run away
  inside SymPy in a separate process (``multiprocessing``; fork where the platform offers it and the
  process is single-threaded, else spawn) and stops it when the budget is spent. Portable: no signals.

The budget in seconds is ``mb.set_budget(seconds)``'s, else ``$MIBUN_BUDGET_S``, else 2 s; ``inf`` (or 0)
switches the time budget off. When a budget is spent the user gets a localized "too large or too slow —
here is what to try" :class:`BudgetError`. This module holds the configuration, the deadline and
``check_size``; ``sizes.py`` the estimates and number checks, ``worker.py`` the worker (all re-exported here).
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from mibun.errors import InputError, MibunError

DEFAULT_SECONDS = 2.0
#: sizes checked before memory is allocated (points to sample, steps to run, graph nodes to draw, …)
MAX_POINTS = 1_000_000
MAX_STEPS = 100_000
MAX_NODES = 2_000
#: terms of an expanded polynomial worth computing (cancel/together/expand are skipped above it)
MAX_TERMS = 2_000
#: decimal digits of an exact number worth computing
MAX_DIGITS = 10_000


class BudgetError(MibunError, RuntimeError):
    """A computation that is too large or too slow for the budget (``.seconds``, ``.size``, ``.limit``)."""

    def message(self, lang: str | None = None) -> str:
        from mibun._rtext import _render_keys

        fields = self.fields
        try:  # ``what`` is a catalogue key: shown in the message's language
            self.fields = _render_keys(fields, lang or self.lang)
            return super().message(lang)
        finally:
            self.fields = fields


_override: float | None = None
_local = threading.local()


def parse_seconds(value: Any) -> float:
    """Seconds from a number or text (``"2.5"``, ``"inf"``; 0 means no budget); InputError otherwise."""
    from mibun._rtext import error

    try:
        s = float(value)
    except (TypeError, ValueError, OverflowError):
        raise error(InputError, "reliability.budget.bad", value=value) from None
    if math.isnan(s) or s < 0:
        raise error(InputError, "reliability.budget.bad", value=value)
    return math.inf if s == 0 else s


def set_budget(seconds: float | None) -> None:
    """Set the time budget of each user-facing computation, in seconds (``None``: back to
    ``$MIBUN_BUDGET_S`` or the default 2 s; ``math.inf`` or 0: no time budget)."""
    global _override
    _override = None if seconds is None else parse_seconds(seconds)


def get_budget() -> float:
    """The time budget in seconds (``math.inf`` when switched off)."""
    if _override is not None:
        return _override
    env = os.environ.get("MIBUN_BUDGET_S", "").strip()
    if env:
        try:
            return parse_seconds(env)
        except MibunError:
            pass
    return DEFAULT_SECONDS


@contextmanager
def scope(seconds: float | None = None, what: str = "") -> Iterator[None]:
    """Run the body under a deadline (``seconds``, default the budget). An enclosing scope's deadline is
    kept, so a library call inside a command shares the command's clock."""
    if getattr(_local, "deadline", None) is not None:
        yield
        return
    s = get_budget() if seconds is None else parse_seconds(seconds)
    _local.deadline = time.monotonic() + s if math.isfinite(s) else math.inf
    _local.seconds = s
    try:
        yield
    finally:
        _local.deadline = None


@contextmanager
def using(seconds: float | None) -> Iterator[None]:
    """``set_budget(seconds)`` for the body only (``None``: leave the budget as it is)."""
    global _override
    prev = _override
    if seconds is not None:
        _override = parse_seconds(seconds)
    try:
        yield
    finally:
        _override = prev


def budgeted(fn: Callable) -> Callable:
    """Decorator: run ``fn`` inside :func:`scope`."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with scope():
            return fn(*args, **kwargs)

    return wrapper


def remaining() -> float:
    """Seconds left in the current scope (``inf`` outside any scope or without a budget)."""
    d = getattr(_local, "deadline", None)
    return math.inf if d is None else d - time.monotonic()


def check(what: str = "reliability.what.computation") -> None:
    """Raise :class:`BudgetError` when the current scope's deadline has passed (cheap: one clock read)."""
    d = getattr(_local, "deadline", None)
    if d is not None and time.monotonic() > d:
        raise spent(what)


def spent(what: str = "reliability.what.computation") -> BudgetError:
    """The localized "budget spent" error of the current scope (its seconds in ``.seconds``)."""
    seconds = getattr(_local, "seconds", 0.0)
    exc = BudgetError("reliability.budget.time", what=what, seconds=seconds)
    exc.seconds = seconds  # type: ignore[attr-defined]
    return exc


def check_size(n: float, limit: float, what: str = "reliability.what.points", **fields: Any) -> None:
    """Raise :class:`BudgetError` when ``n`` (points, steps, nodes, …) exceeds ``limit`` — call it
    before allocating. ``what``: a ``reliability.what.*`` key."""
    if not n <= limit:  # also catches NaN
        from mibun._rtext import error

        exc = error(BudgetError, "reliability.budget.size", what=what, size=_fmt_size(n), limit=_fmt_size(limit),
                    **fields)
        exc.size, exc.limit = n, limit  # type: ignore[attr-defined]
        raise exc


def _fmt_size(n: float) -> str:
    if isinstance(n, float) and not math.isfinite(n):
        return str(n)
    n = int(n)
    return f"{n:,}" if n < 10**15 else f"about 10^{len(str(n)) - 1}"


# the rest of the package: sizes and numbers (sizes.py), the deadline inside SymPy (guard.py), the killable
# worker (worker.py) and the pool of them (pool.py, imported where used)
from mibun.budget.guard import guarded  # noqa: E402
from mibun.budget.sizes import (  # noqa: E402
    check_count,
    exact_digits,
    expansion_estimate,
    power_digits,
    to_float,
    too_big_to_expand,
)
from mibun.budget.worker import run_in_worker  # noqa: E402

__all__ = ["check_count", "to_float", "exact_digits", "using", "BudgetError", "set_budget", "get_budget", "scope",
           "budgeted", "check", "spent", "check_size", "remaining", "expansion_estimate", "too_big_to_expand",
           "power_digits", "run_in_worker", "guarded", "parse_seconds", "DEFAULT_SECONDS", "MAX_POINTS", "MAX_STEPS",
           "MAX_NODES", "MAX_TERMS", "MAX_DIGITS"]
