"""Time and size budgets for user-facing computations on text (parse, diff, simplify, limit, plot, explorer).

Three layers, cheapest first:

* **size checks before expensive work** — ``check_size(n, limit, what)`` before allocating n points or steps;
  ``expansion_estimate(expr)`` (degree and number of terms of the expanded polynomial, from the structure
  alone) before expanding or cancelling; ``power_digits(b, e)`` before evaluating ``b**e``;
* **an in-process deadline** — ``with budget.scope():`` starts the clock (nested scopes share the outer
  one) and ``budget.check(what)`` in mibun's own loops raises :class:`BudgetError` once it is spent;
* **a worker process that can be killed** — ``run_in_worker(fn, *args)`` runs work that may run away
  inside SymPy in a separate process (``multiprocessing``; fork where the platform offers it and the
  process is single-threaded, else spawn) and stops it when the budget is spent. Portable: no signals.

The budget in seconds is ``mb.set_budget(seconds)``'s, else ``$MIBUN_BUDGET_S``, else 2 s; ``inf`` (or 0)
switches the time budget off. When a budget is spent the user gets a localized "too large or too slow —
here is what to try" :class:`BudgetError`.
"""

from __future__ import annotations

import io
import math
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

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
        from mibun._rtext import error

        seconds = getattr(_local, "seconds", 0.0)
        exc = error(BudgetError, "reliability.budget.time", what=what, seconds=seconds)
        exc.seconds = seconds  # type: ignore[attr-defined]
        raise exc


def check_size(n: float, limit: float, what: str = "reliability.what.points", **fields: Any) -> None:
    """Raise :class:`BudgetError` when ``n`` (points, steps, nodes, …) exceeds ``limit`` — call it
    before allocating. ``what``: a ``reliability.what.*`` key."""
    if not n <= limit:  # also catches NaN
        from mibun._rtext import error

        exc = error(BudgetError, "reliability.budget.size", what=what, size=_fmt_size(n), limit=_fmt_size(limit),
                    **fields)
        exc.size, exc.limit = n, limit  # type: ignore[attr-defined]
        raise exc


def check_count(value: Any, limit: int, what: str = "reliability.what.points", low: int = 1,
                name: str | None = None) -> int:
    """A whole number of points/steps/… from ``value``, checked before anything is allocated: not a whole
    number or below ``low`` → InputError; above ``limit`` → :class:`BudgetError`. ``name`` is how the
    argument is called in the message (default: from ``what``)."""
    from mibun._rtext import error, say

    label = name or say(what)
    try:
        n = int(value) if isinstance(value, bool) is False and float(value) == int(value) else None
    except (TypeError, ValueError, OverflowError):
        n = None
    if n is None or n < low:
        raise error(InputError, "reliability.number.count", what=label, low=low, high=f"{limit:,}",
                    value=repr(value)[:40])
    check_size(n, limit, what)
    return n


def to_float(value: Any, what: str = "x", allow_inf: bool = True, text: str | None = None) -> float:
    """``float(value)`` that never overflows silently or raises a bare OverflowError: a huge integer (or a
    decimal text beyond ±1.8e308, e.g. ``"1e400"``) → InputError suggesting ``inf``; a text below the
    smallest subnormal (``"1e-400"``, which would read as 0) → InputError; NaN → InputError;
    ±inf accepted only when ``allow_inf`` (and, for text, only when spelled as infinity)."""
    from mibun._rtext import error

    try:
        x = float(value)
    except OverflowError:
        shown = text or (f"about 10^{len(str(abs(int(value)))) - 1}" if isinstance(value, int) else repr(value))
        raise error(InputError, "reliability.number.overflow", what=what, text=shown[:60]) from None
    if math.isnan(x):
        raise error(InputError, "reliability.number.nan", what=what)
    if x == 0 and text is not None and any(c in "123456789" for c in text.lower().split("e")[0]):
        raise error(InputError, "reliability.number.underflow", what=what, text=text[:60])  # 1e-400 is not 0
    if math.isinf(x):
        if text is not None:
            spelled = text.strip().lstrip("+-").lower() in ("inf", "infinity", "oo", "∞")
        else:  # a float that is already infinite, or SymPy's oo — not a finite number too big for a float
            spelled = isinstance(value, (float, np.floating)) or getattr(value, "is_infinite", None) is True
        if not spelled:
            raise error(InputError, "reliability.number.overflow", what=what, text=(text or repr(value))[:60])
        if not allow_inf:
            raise error(InputError, "reliability.number.infinite", what=what, value=x)
    return x


def _fmt_size(n: float) -> str:
    if isinstance(n, float) and not math.isfinite(n):
        return str(n)
    n = int(n)
    return f"{n:,}" if n < 10**15 else f"about 10^{len(str(n)) - 1}"


# ---------------------------------------------------------------------------------- size estimates


def expansion_estimate(expr: Any) -> tuple[float, float]:
    """(degree, number of terms) that expanding ``expr`` into a sum of monomials could produce — an upper
    estimate from the structure alone (no expansion): a product multiplies term counts and adds degrees;
    ``(a + b)**n`` with n terms… counts binomially. Non-polynomial parts count as one term of degree 1."""
    deg, terms = _estimate(expr, 0)
    # like terms collect: at most C(deg + k, k) monomials of degree ≤ deg in k variables
    k = len(getattr(expr, "free_symbols", ())) or 1
    if deg < 10**6:
        lg = math.lgamma(deg + k + 1) - math.lgamma(k + 1) - math.lgamma(deg + 1)
        terms = min(terms, float(round(math.exp(min(lg, 700.0)))))
    return deg, terms


def _estimate(e: Any, depth: int) -> tuple[float, float]:
    if depth > 200 or not getattr(e, "args", ()):
        return (0.0 if getattr(e, "is_number", False) else 1.0, 1.0)
    if getattr(e, "is_Add", False):
        parts = [_estimate(a, depth + 1) for a in e.args]
        return max(p[0] for p in parts), sum(p[1] for p in parts)
    if getattr(e, "is_Mul", False):
        deg, terms = 0.0, 1.0
        for a in e.args:
            d, t = _estimate(a, depth + 1)
            deg, terms = deg + d, terms * t
        return deg, terms
    if getattr(e, "is_Pow", False):
        b, x = e.args
        db, tb = _estimate(b, depth + 1)
        if getattr(x, "is_Integer", False):
            n = abs(int(x)) if abs(x) < 10**6 else 10**6
            if tb <= 1:
                return db * n, 1.0
            # terms of (t1 + … + tk)^n: C(n + k - 1, k - 1), capped to stay a float
            k = int(min(tb, 10**6))
            lg = math.lgamma(n + k) - math.lgamma(k) - math.lgamma(n + 1)
            return db * n, float(round(math.exp(min(lg, 700.0))))
        return db + 1.0, tb
    # a function application: its argument's size, one term
    inner = max((_estimate(a, depth + 1) for a in e.args), default=(1.0, 1.0))
    return inner[0], 1.0


def too_big_to_expand(expr: Any, max_terms: float = MAX_TERMS, max_degree: float = 400) -> bool:
    """Whether expanding/cancelling ``expr`` would produce more than ``max_terms`` terms or a degree over
    ``max_degree`` (then callers skip the rewrite and keep the factored form)."""
    deg, terms = expansion_estimate(expr)
    return terms > max_terms or deg > max_degree


def exact_digits(value: Any) -> float:
    """Decimal digits of an exact SymPy number's numerator and denominator (from their bit lengths, without
    converting them to text — Python refuses to print integers over 4300 digits)."""
    p, q = getattr(value, "p", None), getattr(value, "q", None)
    if not isinstance(p, int) or not isinstance(q, int):
        return 0.0
    return max(abs(p).bit_length(), q.bit_length()) * 0.30103


def power_digits(base: float, exponent: float) -> float:
    """Decimal digits of ``base ** exponent`` (``|e| · log10|b|``), without computing it."""
    b = abs(float(base)) if abs(base) < 1e300 else 1e300
    if b in (0.0, 1.0):
        return 1.0
    return abs(float(exponent)) * abs(math.log10(b)) + 1


# ---------------------------------------------------------------------------------- the worker


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


__all__ = ["check_count", "to_float", "exact_digits", "using",
           "BudgetError", "set_budget", "get_budget", "scope", "budgeted", "check", "check_size", "remaining",
           "expansion_estimate", "too_big_to_expand", "power_digits", "run_in_worker", "DEFAULT_SECONDS",
           "MAX_POINTS", "MAX_STEPS", "MAX_NODES", "MAX_TERMS", "MAX_DIGITS"]
