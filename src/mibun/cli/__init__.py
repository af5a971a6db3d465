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


def build_parser() -> argparse.ArgumentParser:
    from mibun.cli.parser import LocalizedParser

    parser = LocalizedParser(
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
    from mibun.cli.help_text import localize
    from mibun.cli.parser import argv_lang

    localize(parser, argv_lang(LocalizedParser.argv))  # --help in the language asked for
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    from mibun.cli.parser import ArgumentsRefused, LocalizedParser, error_line, wants_debug
    from mibun.errors import MibunError
    from mibun.i18n import default_lang

    argv = list(sys.argv[1:] if argv is None else argv)
    LocalizedParser.argv = argv
    parser = build_parser()
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


__all__ = ["main", "build_parser", "COMMANDS"]
