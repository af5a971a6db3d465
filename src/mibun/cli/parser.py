"""argparse, made to speak mibun's error line: a refused command line raises ``ArgumentsRefused`` (turned
into one line ``mibun: error: …`` / ``mibun: 오류: …`` and exit status 2 by ``main``) instead of printing
the usage block; the common argparse messages are translated to Korean."""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

from mibun.i18n import default_lang, resolve_lang, t

# argparse's messages (Python 3.10–3.13) -> catalogue keys with the same pieces as fields
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^the following arguments are required: (?P<names>.+)$"), "cli.err.args.required"),
    (re.compile(r"^unrecognized arguments: (?P<names>.+)$"), "cli.err.args.unrecognized"),
    (re.compile(r"^one of the arguments (?P<names>.+) is required$"), "cli.err.args.one_of"),
    (re.compile(r"^argument (?P<flag>[^:]+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)$"),
     "cli.err.args.choice"),
    (re.compile(r"^argument (?P<flag>[^:]+): expected one argument$"), "cli.err.args.expected_one"),
    (re.compile(r"^argument (?P<flag>[^:]+): expected (?P<what>.+)$"), "cli.err.args.expected"),
    (re.compile(r"^argument (?P<flag>[^:]+): invalid (?P<type>\S+) value: (?P<value>.+)$"),
     "cli.err.args.invalid_value"),
    (re.compile(r"^argument (?P<flag>[^:]+): not allowed with argument (?P<other>.+)$"),
     "cli.err.args.not_allowed"),
    (re.compile(r"^ambiguous option: (?P<flag>\S+) could match (?P<choices>.+)$"), "cli.err.args.ambiguous"),
    (re.compile(r"^argument (?P<flag>[^:]+): (?P<detail>.+)$"), "cli.err.args.other"),
]


class ArgumentsRefused(Exception):
    """argparse refused the command line (``prog`` names the (sub)command, ``raw`` is argparse's text)."""

    def __init__(self, raw: str, prog: str, lang: str):
        super().__init__(raw)
        self.raw = raw
        self.prog = prog
        self.lang = lang

    def message_in(self, lang: str) -> str:
        """argparse's message in ``lang``, with a pointer to ``--help``."""
        text = self.raw
        for pattern, key in _PATTERNS:
            m = pattern.match(self.raw)
            if m:
                text = t(key, lang, **m.groupdict())
                break
        return text + t("cli.err.args.help", lang, prog=self.prog)


def argv_lang(argv: list[str]) -> str:
    """The language the command line asked for (``--lang ko`` / ``--lang=ko``), else the default."""
    for i, arg in enumerate(argv):
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in ("ko", "en"):
            return value
    return default_lang()


def wants_debug(argv: list[str]) -> bool:
    return "--debug" in argv


class LocalizedParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors raise ``ArgumentsRefused`` (subcommand parsers inherit it)."""

    argv: list[str] = []  # the whole command line, set by ``main`` (read for ``--lang``)

    def error(self, message: str) -> NoReturn:
        raise ArgumentsRefused(message, self.prog, resolve_lang(argv_lang(LocalizedParser.argv)))


def error_line(message: str, lang: str | None) -> str:
    """The one line the CLI prints for an error."""
    return t("cli.error", lang, msg=" ".join(str(message).split()))


__all__ = ["LocalizedParser", "ArgumentsRefused", "argv_lang", "error_line", "wants_debug"]
