"""The command's ``--help`` in the user's language: every option's help, every command's one-line summary
and argparse's own words ("usage:", "options", …) come from the catalogue (``cli.help.<command>.<option>``,
``cli.help.common.<option>`` for --lang/--json/--debug/--budget, ``cli.help.main.cmd.<command>``).

``HelpParser`` replaces each help text as the argument is added (the language is the one the command line
asks for: ``--lang``, else ``$MIBUN_LANG``/the locale); subcommand parsers are HelpParsers too."""

from __future__ import annotations

import argparse
from typing import Any

from mibun.cli.parser import LocalizedParser, argv_lang
from mibun.i18n import catalogue, t


def _lang() -> str:
    return argv_lang(LocalizedParser.argv)


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter with the usage prefix from the catalogue."""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = t("cli.help.argparse.usage", _lang()) + " "
        return super().add_usage(usage, actions, groups, prefix)


class HelpParser(LocalizedParser):
    """A LocalizedParser whose help texts come from the catalogue in the command line's language."""

    def __init__(self, *args: Any, **kwargs: Any):
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False  # our own -h, with the help text in the user's language
        super().__init__(*args, **kwargs)
        lang = _lang()
        self._positionals.title = t("cli.help.argparse.positional", lang)
        self._optionals.title = t("cli.help.argparse.options", lang)
        desc = catalogue(lang).get(f"cli.help.{self._command()}.__description__")
        if desc:
            self.description = desc
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=t("cli.help.argparse.help", lang))

    def _command(self) -> str:
        parts = (self.prog or "").split()
        return parts[-1] if len(parts) > 1 else "main"

    def add_argument(self, *args: Any, **kwargs: Any):
        action = super().add_argument(*args, **kwargs)
        msgs = catalogue(_lang())
        if action.help and action.help != argparse.SUPPRESS:
            for key in (f"cli.help.{self._command()}.{action.dest}", f"cli.help.common.{action.dest}"):
                if key in msgs:
                    action.help = msgs[key]
                    break
        return action

    def add_subparsers(self, **kwargs: Any):
        action = super().add_subparsers(**kwargs)
        plain = action.add_parser

        def add_parser(name: str, **kw: Any):
            if "help" in kw:
                kw["help"] = catalogue(_lang()).get(f"cli.help.main.cmd.{name}", kw["help"])
            return plain(name, **kw)

        action.add_parser = add_parser  # type: ignore[method-assign]
        return action


def localize(parser: argparse.ArgumentParser, lang: str, command: str = "main") -> None:
    """Kept for callers of the first version: parsers built as HelpParser are already localized."""


__all__ = ["HelpParser", "localize"]
