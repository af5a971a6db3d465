"""The ``mibun`` command. Each subcommand lives in its own module under ``mibun.cli`` with
``register(subparsers)`` (adds its parser, sets ``func``) — add a module name to ``COMMANDS`` to add one.

Errors the user caused (a ``MibunError``) end with a one-line message and exit status 2; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from mibun.cli import guard

COMMANDS = ["tour", "demo", "diff", "limit", "multivar", "check", "plot", "explain", "vanish"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mibun",
        description="mibun (미분): differentiation for deep learning — numerical, symbolic and automatic.",
    )
    parser.add_argument("--lang", choices=["ko", "en"], default=None,
                        help="language of explanations (default: $MIBUN_LANG, else the locale, else en)")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    guard.add_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        import_module(f"mibun.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    from mibun.errors import MibunError
    from mibun.i18n import t

    try:
        return guard.run(args)
    except MibunError as exc:
        if args.debug:
            raise
        print(t("cli.error", args.lang, msg=" ".join(str(exc).split())), file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early: stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


__all__ = ["main", "build_parser", "COMMANDS"]
