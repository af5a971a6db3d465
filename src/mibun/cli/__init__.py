"""The ``mibun`` command. Each subcommand lives in its own module under ``mibun.cli`` with
``register(subparsers)`` (adds its parser, sets ``func``) — add a module name to ``COMMANDS`` to add one.

Errors end with one line on stderr, ``mibun: error: <message>`` (Korean with ``--lang ko`` or
``MIBUN_LANG=ko``: ``mibun: 오류: …``): exit status 2 for bad input (a ``MibunError``, or arguments
argparse refuses), 1 for an internal failure. ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from mibun.cli import guard

COMMANDS = ["tour", "demo", "diff", "limit", "multivar", "check", "plot", "explain", "vanish", "quotient", "identity",
            "check_answer", "practice", "serve"]
#: command names that are not their module's name
_MODULE_OF = {"check-answer": "check_answer", "grad": "multivar", "jacobian": "multivar", "hessian": "multivar"}
#: options of the main parser that take a value (skipped when looking for the command's name)
_VALUED = {"--lang", "--budget"}


def requested_module(argv: list[str]) -> str | None:
    """The module of the subcommand ``argv`` names (``diff`` → ``diff``, ``grad`` → ``multivar``), or None
    when there is none, it is unknown, or help on the main parser comes first (then every command is needed)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("-h", "--help"):
            return None
        elif arg in _VALUED:
            skip = True
        elif not arg.startswith("-"):
            name = _MODULE_OF.get(arg, arg)
            return name if name in COMMANDS else None
    return None


#: characters of a formula that never appear in an option (-h, -o FILE, --wrt …)
_FORMULA_CHARS = frozenset("^*/()+-·×÷√∛|²³⁻¹ .,[]{}=!'′")


def _formula_not_option(arg: str) -> str:
    """``-x^2``, ``-1/x``, ``-x`` (a formula that starts with a minus) with a space in front, so argparse reads
    it as the formula instead of refusing an unknown option; options and negative numbers are left as they are."""
    if not arg.startswith("-") or arg.startswith("--") or len(arg) < 2:
        return arg
    body = arg[1:]
    if body[0].isdigit() and all(c.isdigit() or c in ".eE+-" for c in body):
        return arg                                      # -3, -0.5, -1e-3: argparse takes negative numbers
    if any(c in _FORMULA_CHARS for c in body) or body[0].isdigit() or (len(body) == 1 and body not in "ho"):
        return " " + arg
    return arg


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command's parser. Given ``argv`` naming one subcommand, only that subcommand is registered (its
    module alone is imported: a cold ``mibun diff`` does not load the plotting, practice or server commands);
    otherwise every command is."""
    from mibun.cli.help_text import HelpParser

    parser = HelpParser(
        prog="mibun",
        description="mibun (미분): differentiation for deep learning — numerical, symbolic and automatic.",
    )
    parser.add_argument("--lang", choices=["ko", "en"], default=None,
                        help="language of explanations (default: $MIBUN_LANG, else the locale, else en)")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    guard.add_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    only = requested_module(argv) if argv is not None else None
    for name in [only] if only else COMMANDS:
        import_module(f"mibun.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``); returns the exit status.

    Without ``argv`` (the process's own command line) a short command may run without a worker process,
    and then the process ends here once its output is written (:mod:`mibun.cli.inproc`)."""
    from mibun.cli import inproc

    inproc.own_process, inproc.ran_here = argv is None and inproc.is_the_command(), False
    status = _main(argv)
    if inproc.own_process and inproc.ran_here:
        inproc.exit_now(status)
    return status


def _main(argv: list[str] | None) -> int:
    from mibun.cli.parser import ArgumentsRefused, LocalizedParser, error_line, wants_debug
    from mibun.errors import MibunError
    from mibun.i18n import default_lang

    argv = [_formula_not_option(a) for a in (sys.argv[1:] if argv is None else argv)]
    LocalizedParser.argv = argv
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except ArgumentsRefused as exc:
        print(error_line(exc.message_in(exc.lang), exc.lang), file=sys.stderr)
        return 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    lang = args.lang or default_lang()
    try:
        return guard.run(args)
    except MibunError as exc:
        if args.debug:
            raise
        print(error_line(exc.message(lang), lang), file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early: stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug in mibun: one line, exit 1 (--debug shows the traceback)
        if args.debug or wants_debug(argv):
            raise
        from mibun.i18n import t

        detail = " ".join(str(exc).split())[:300]
        print(error_line(t("errors.internal", lang, kind=type(exc).__name__, detail=detail), lang),
              file=sys.stderr)
        return 1


__all__ = ["main", "build_parser", "requested_module", "COMMANDS"]
