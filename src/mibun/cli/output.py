"""How the command prints: rich tables and highlighted formulas on a terminal, plain text when piped,
JSON with ``--json``. Commands describe what to show; this module decides how."""

from __future__ import annotations

import sys
from typing import Any

from mibun.report import dumps, fmt, render_table


class Output:
    """One command's output channel. ``rich`` is used when stdout is a terminal (and not --json)."""

    def __init__(self, json_mode: bool = False, force_plain: bool = False):
        self.json_mode = json_mode
        self.rich = False
        self._console: Any = None
        if not json_mode and not force_plain and sys.stdout.isatty():
            try:
                from rich.console import Console

                self._console = Console(highlight=False)
                self.rich = True
            except ImportError:  # pragma: no cover - rich is a dependency
                pass

    # -- pieces of text ---------------------------------------------------------------------
    def heading(self, text: str) -> None:
        if self.json_mode:
            return
        if self.rich:
            self._console.rule(f"[bold cyan]{_esc(text)}")
        else:
            print(text)
            print("=" * min(len(text) * 2, 72))

    def line(self, text: str = "", style: str | None = None) -> None:
        if self.json_mode:
            return
        if self.rich:
            self._console.print(f"[{style}]{_esc(text)}[/]" if style else _esc(text))
        else:
            print(text)

    def formula(self, label: str, text: str) -> None:
        if self.json_mode:
            return
        if self.rich:
            self._console.print(f"[bold]{_esc(label)}[/] [green]{_esc(text)}[/]")
        else:
            print(f"{label} {text}")

    def verdict(self, ok: bool, text: str) -> None:
        self.line(text, style="bold green" if ok else "bold red")

    def table(self, columns: list[str], rows: list[list[Any]], title: str | None = None) -> None:
        if self.json_mode:
            return
        cells = [[_cell(v) for v in r] for r in rows]
        if self.rich:
            from rich.table import Table

            tab = Table(title=title, show_lines=False)
            for c in columns:
                tab.add_column(c, justify="right")
            for r in cells:
                tab.add_row(*[_esc(c) for c in r])
            self._console.print(tab)
            return
        print(render_table(columns, cells, title=title))

    def emit(self, data: dict[str, Any]) -> None:
        """The machine-readable result (printed only with --json)."""
        if self.json_mode:
            print(dumps(data))


def _esc(text: str) -> str:
    try:
        from rich.markup import escape

        return escape(str(text))
    except ImportError:  # pragma: no cover
        return str(text)


def _cell(v: Any) -> str:
    return v if isinstance(v, str) else fmt(v, 12)


__all__ = ["Output"]
