"""How a subcommand runs under the budget: ``--budget SECONDS`` (else ``$MIBUN_BUDGET_S``, else 2 s) and,
for the commands whose work can run away inside SymPy, a worker process that is stopped when the budget is
spent (``mibun.budget.run_in_worker``). ``--budget inf`` (or 0) runs everything in this process with no
limit; so does ``--debug`` (to keep the traceback), with the in-process deadline still checked."""

from __future__ import annotations

import argparse
import os
from typing import Any

#: subcommands whose work (parsing, SymPy) may run away, run in a killable worker (not the interactive
#: ``practice``, nor ``serve``, ``tour`` and ``demo``, which run long on purpose)
WORKER_COMMANDS = frozenset({"diff", "limit", "multivar", "grad", "jacobian", "hessian", "check", "plot",
                             "quotient", "identity", "check-answer"})


def add_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """``--budget SECONDS`` on the main parser (``top``) or on a subcommand."""
    parser.add_argument("--budget", metavar="SECONDS", default=None if top else argparse.SUPPRESS,
                        help="time budget of the computation in seconds (default: $MIBUN_BUDGET_S, else 2; "
                             "inf for none)")


def _call(args: Any, seconds: float | None = None) -> int:
    """The subcommand itself (module level, so a spawned worker can run it)."""
    from mibun import budget

    with budget.scope(seconds):
        return int(args.func(args) or 0)


def _prepare(args: Any) -> None:
    """Imports done in the worker before its clock starts."""
    import mibun.symbolic  # noqa: F401

    if args.command == "plot" or getattr(args, "plot", None):
        from mibun.plot._common import mpl

        mpl()
        import matplotlib.pyplot  # noqa: F401


def run(args: Any) -> int:
    """Run the parsed command ``args`` under the budget; returns its exit status."""
    import math

    from mibun import budget
    from mibun.cli.output import protect_streams

    protect_streams(getattr(args, "lang", None))
    given = getattr(args, "budget", None)
    seconds = budget.get_budget() if given is None else budget.parse_seconds(given)
    if getattr(args, "command", None) not in WORKER_COMMANDS:
        # long-running commands (tour, demo, vanish, practice, serve): no deadline for the whole run, but
        # every computation on text inside them gets the budget (--budget included)
        with budget.using(seconds):
            return int(args.func(args) or 0)
    use_worker = (math.isfinite(seconds) and not getattr(args, "debug", False)
                  and os.environ.get("MIBUN_WORKER", "1") != "0")
    if not use_worker:
        return _call(args, seconds)
    from mibun.cli import inproc

    if inproc.eligible(args):  # the process's own short command: here, under a watchdog (mibun.cli.inproc)
        return inproc.run_here(args, seconds)
    return int(budget.run_in_worker(_call, args, seconds=seconds, what="reliability.what.command",
                                    what_fields={"command": args.command}, capture=True,
                                       prepare=_prepare) or 0)


__all__ = ["add_option", "run", "WORKER_COMMANDS"]
