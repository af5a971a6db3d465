"""The command's ``--help`` in the user's language: every option's help, every command's one-line summary
and argparse's own words ("usage:", "options", …) come from the catalogue (``cli.help.<command>.<option>``,
``cli.help.common.<option>`` for --lang/--json/--debug, ``cli.help.main.cmd.<command>``)."""

from __future__ import annotations

import argparse

from mibun.i18n import catalogue, t


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter with the usage prefix from the catalogue."""

    lang = "en"

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = t("cli.help.argparse.usage", self.lang) + " "
        return super().add_usage(usage, actions, groups, prefix)


def _formatter_for(lang: str):
    return type("LocalizedHelpFormatter", (_Formatter,), {"lang": lang})


def localize(parser: argparse.ArgumentParser, lang: str, command: str = "main") -> None:
    """Rewrite the help texts of ``parser`` and its subcommands in ``lang`` (in place)."""
    msgs = catalogue(lang)

    def text(*keys: str) -> str | None:
        for k in keys:
            if k in msgs:
                return msgs[k]
        return None

    parser.formatter_class = _formatter_for(lang)
    desc = text(f"cli.help.{command}.__description__")
    if desc:
        parser.description = desc
    for group in parser._action_groups:
        if group.title in ("positional arguments",):
            group.title = t("cli.help.argparse.positional", lang)
        elif group.title in ("options", "optional arguments"):
            group.title = t("cli.help.argparse.options", lang)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = t("cli.help.argparse.help", lang)
        elif isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                new = text(f"cli.help.main.cmd.{choice.dest}")
                if new:
                    choice.help = new
            for name, sub in action.choices.items():
                localize(sub, lang, name)
        elif action.help and action.help != argparse.SUPPRESS:
            new = text(f"cli.help.{command}.{action.dest}", f"cli.help.common.{action.dest}")
            if new:
                action.help = new


__all__ = ["localize"]
