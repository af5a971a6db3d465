"""A cold ``mibun diff`` without a worker process.

The budget guard (:mod:`mibun.cli.guard`) runs the commands whose work may run away inside SymPy in a
killable worker process. For the command's own process (``mibun …`` / ``python -m mibun …``, not
``main(argv)`` called from Python) and a short textbook-sized input, this module runs the work here
instead, under the same budget, which saves the worker's start and — the larger part — the interpreter's
teardown of SymPy (the process ends with ``os._exit`` once its output is flushed):

* the in-process deadline (``budget.scope``) stops mibun's own loops first, with the usual message;
* a watchdog thread stops the process at the same moment the worker would have been stopped (the budget,
  then the budget again plus 1 s), printing the same localized message (``reliability.budget.killed``)
  and exiting with status 2 — SymPy's pure-Python loops give the thread its turn;
* ``faulthandler`` is the backstop for a call that never releases the interpreter (a C loop): it ends the
  process later (at twice the watchdog's time plus 2 s, so that a busy machine never lets it overtake the
  thread; status 1, with the stack it was stuck in). The parser already refuses the inputs
  that lead there (huge exact powers), and long inputs go to the worker.

Inputs that are long, or carry long numbers, still go to the worker.
"""

from __future__ import annotations

import faulthandler
import os
import re
import sys
import threading
import time
from typing import Any, NoReturn

#: commands that may run here (one formula in ``args.expr``)
FAST_COMMANDS = frozenset({"diff"})
#: longest formula (characters) and longest run of digits run here; anything beyond goes to the worker
MAX_CHARS = 120
MAX_DIGITS = 4

#: set by ``mibun.cli.main`` when it runs the process's own command line (``argv`` not given)
own_process = False
#: whether the last command ran here (then ``main`` ends the process with :func:`exit_now`)
ran_here = False

_DIGITS = re.compile(r"\d+")


def is_the_command() -> bool:
    """Whether this process is the ``mibun`` command itself (the console script, ``python -m mibun``), not a
    notebook or another program that calls ``main()`` and must not be ended by it."""
    first = sys.argv[0] if sys.argv else ""
    name = os.path.basename(first).lower()
    if name in ("mibun", "mibun.exe", "mibun-script.py"):
        return True
    return os.path.normpath(first).endswith(os.path.join("mibun", "__main__.py"))


def eligible(args: Any) -> bool:
    """Whether the parsed command ``args`` may run in this process instead of a worker."""
    if not own_process or getattr(args, "command", None) not in FAST_COMMANDS:
        return False
    if getattr(args, "plot", None) or getattr(args, "debug", False):
        return False
    text = getattr(args, "expr", None)
    if not isinstance(text, str) or len(text) > MAX_CHARS:
        return False
    return all(len(run) <= MAX_DIGITS for run in _DIGITS.findall(text))


def watchdog(seconds: float, what_fields: dict[str, Any], lang: str | None) -> threading.Timer:
    """Start the watchdog of a run with a budget of ``seconds``: after ``2·seconds + 1`` s it prints the
    localized budget message and ends the process with status 2; ``faulthandler`` ends it at twice that plus
    2 s if the interpreter never gave the thread its turn. Cancel both with :func:`stop`."""
    from mibun.budget import BudgetError  # loaded now: the thread must not import while the work runs
    from mibun.cli.parser import error_line
    from mibun.i18n import catalogue, resolve_lang

    catalogue(resolve_lang(lang))
    limit = 2 * seconds + 1.0
    started = time.monotonic()

    def fire() -> None:
        exc = BudgetError("reliability.budget.killed", what="reliability.what.command", seconds=seconds,
                          elapsed=round(time.monotonic() - started, 1), **what_fields)
        try:
            sys.stdout.flush()
            print(error_line(exc.message(lang), lang), file=sys.stderr, flush=True)
        finally:
            os._exit(2)

    timer = threading.Timer(limit, fire)
    timer.daemon = True
    timer.start()
    if sys.__stderr__ is not None:
        try:
            faulthandler.dump_traceback_later(2 * limit + 2.0, exit=True, file=sys.__stderr__)
        except (AttributeError, ValueError, OSError):  # pragma: no cover - stderr without a file descriptor
            pass
    return timer


def stop(timer: threading.Timer) -> None:
    timer.cancel()
    faulthandler.cancel_dump_traceback_later()


def run_here(args: Any, seconds: float) -> int:
    """The command under the budget in this process (see the module's description)."""
    global ran_here
    from mibun.cli.guard import _call, _prepare

    ran_here = True
    _prepare(args)   # imports first, as the worker does: loading SymPy is not counted against the budget
    timer = watchdog(seconds, {"command": args.command}, getattr(args, "lang", None))
    try:
        return _call(args, seconds)
    finally:
        stop(timer)


def exit_now(status: int) -> NoReturn:
    """End the process with ``status`` once stdout and stderr are flushed, skipping the interpreter's
    teardown (unloading SymPy takes longer than the answer)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a closed pipe: nothing more can be written anyway
            pass
    os._exit(status)


__all__ = ["FAST_COMMANDS", "is_the_command", "eligible", "run_here", "watchdog", "stop", "exit_now"]
