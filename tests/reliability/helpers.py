"""Module-level functions the worker tests run (a spawned worker imports them by name)."""

import sys
import time


def sleep_forever():
    while True:
        time.sleep(0.05)


def answer(x, y=1):
    print("hello from the worker")
    print("a warning", file=sys.stderr)
    return x * 10 + y


def fail():
    from mibun.errors import InputError

    raise InputError("reliability.file.empty")


_INIT_PID = None


def remember_pid():
    """A pool's init(): notes the process it ran in."""
    import os

    global _INIT_PID
    _INIT_PID = os.getpid()


def warmed_in():
    """The process where this worker's init() ran (None: it never ran here or in a process it was forked from)."""
    return _INIT_PID


def exit_hard():
    import os

    os._exit(3)


def spin_with_checks():
    from mibun import budget

    while True:
        budget.check("reliability.what.limit")


def diff_at_a_third(text):
    """mb.diff(text) evaluated exactly at x = 1/3, and SymPy's derivative there (the oracle)."""
    import sympy as sp

    import mibun as mb

    x = sp.Symbol("x")
    expr = mb.parse(text)
    d = mb.diff(expr)
    at = sp.Rational(1, 3)
    return d.result.subs(x, at), sp.diff(expr, x).subs(x, at)
