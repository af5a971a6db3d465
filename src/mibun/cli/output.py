"""How the command prints: rich tables and highlighted formulas on a terminal, plain text when piped,
JSON with ``--json``. Commands describe what to show; this module decides how."""

from __future__ import annotations

import sys
from typing import Any

from mibun.report import dumps, fmt, render_table


class Output:
    """One command's output channel. Styled text when stdout is a terminal (and not --json): headings, lines
    and formulas as ANSI styles written directly (:class:`Ansi`, on POSIX terminals), tables with ``rich``
    (loaded only when a table is shown, so a cold ``mibun diff`` does not import it); plain text when piped."""

    def __init__(self, json_mode: bool = False, force_plain: bool = False):
        self.json_mode = json_mode
        self.rich = False
        self._console: Any = None
        self._rich_console: Any = None
        if not json_mode and not force_plain and sys.stdout.isatty():
            if Ansi.usable():
                self._console = Ansi()
                self.rich = True
            else:
                self._console = self._rich()
                self.rich = self._console is not None

    def _rich(self) -> Any:
        """rich's Console (created on first use), or None without rich."""
        if self._rich_console is None:
            try:
                from rich.console import Console

                self._rich_console = Console(highlight=False)
            except ImportError:  # pragma: no cover - rich is a dependency
                return None
        return self._rich_console

    # -- pieces of text ---------------------------------------------------------------------
    def heading(self, text: str) -> None:
        if self.json_mode:
            return
        if isinstance(self._console, Ansi):
            self._console.rule(text)
        elif self.rich:
            self._console.rule(f"[bold cyan]{_esc(text)}")
        else:
            print(text)
            print("=" * min(len(text) * 2, 72))

    def line(self, text: str = "", style: str | None = None) -> None:
        if self.json_mode:
            return
        if isinstance(self._console, Ansi):
            self._console.print(self._console.style(text, style))
        elif self.rich:
            self._console.print(f"[{style}]{_esc(text)}[/]" if style else _esc(text))
        else:
            print(text)

    def formula(self, label: str, text: str) -> None:
        if self.json_mode:
            return
        if isinstance(self._console, Ansi):
            a = self._console
            a.print(f"{a.style(label, 'bold')} {a.style(text, 'green')}")
        elif self.rich:
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
            self._rich().print(tab)
            return
        print(render_table(columns, cells, title=title))

    def emit(self, data: dict[str, Any]) -> None:
        """The machine-readable result (printed only with --json)."""
        if self.json_mode:
            print(dumps(data))


class Ansi:
    """The few styles headings and lines use, written as ANSI escape codes (what rich would write for them,
    without importing rich): ``rule(title)`` draws ``──── title ────`` across the terminal, ``print`` takes
    already styled text. No colour with ``NO_COLOR`` set
    or ``TERM=dumb``; used on POSIX terminals only (Windows consoles get rich)."""

    CODES = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "red": "31", "green": "32",
             "yellow": "33", "blue": "34", "magenta": "35", "cyan": "36", "white": "37"}

    def __init__(self) -> None:
        import os

        self.color = "NO_COLOR" not in os.environ and os.environ.get("TERM", "") != "dumb"

    @staticmethod
    def usable() -> bool:
        import os

        return os.name == "posix"

    def style(self, text: str, style: str | None) -> str:
        codes = [self.CODES[w] for w in (style or "").split() if w in self.CODES]
        if not codes or not self.color:
            return text
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"

    def rule(self, title: str) -> None:
        """``──── title ────`` across the terminal (the title in bold cyan, the dashes in green)."""
        import shutil

        from mibun.i18n import display_width

        free = shutil.get_terminal_size((80, 24)).columns - display_width(title) - 2
        left = max(free // 2, 0)
        right = max(free - left, 0)
        print(self.style("─" * left, "green") + f" {self.style(title, 'bold cyan')} "
              + self.style("─" * right, "green"))

    def print(self, text: str) -> None:
        print(text)


#: ASCII spellings of the symbols formulas and tables use, for terminals that cannot show them
ASCII: dict[int, str] = {ord(k): v for k, v in {
    "·": "*", "×": "x", "−": "-", "√": "sqrt", "π": "pi", "∞": "oo", "→": "->", "←": "<-", "≈": "~=",
    "≤": "<=", "≥": ">=", "≠": "!=", "′": "'", "″": "''", "∂": "d", "∇": "grad ", "∑": "sum", "—": "--",
    "–": "-", "…": "...", "²": "^2", "³": "^3", "⁻": "^-", "¹": "^1", "⁰": "^0", "₀": "0", "₁": "1", "₂": "2",
    "θ": "theta", "σ": "sigma", "η": "eta", "λ": "lambda", "α": "alpha", "β": "beta", "ε": "eps", "δ": "delta",
    "Δ": "Delta", "“": '"', "”": '"', "‘": "'", "’": "'", "±": "+-", "⋅": "*", "∘": "o", "═": "=", "─": "-",
    "│": "|", "✓": "ok", "✗": "x",
}.items()}


class SafeStream:
    """A text stream for terminals that cannot encode everything: formula symbols become their ASCII
    spellings (``·`` → ``*``, ``√`` → ``sqrt``), anything else unencodable is written escaped (``\\uac00``)."""

    def __init__(self, stream):
        self._stream = stream
        self._enc = getattr(stream, "encoding", None) or "ascii"

    def write(self, text: str) -> int:
        text = str(text)
        try:
            text.encode(self._enc)
        except UnicodeEncodeError:
            text = text.translate(ASCII).encode(self._enc, "backslashreplace").decode(self._enc)
        except LookupError:  # pragma: no cover - an unknown codec name
            text = text.translate(ASCII).encode("ascii", "backslashreplace").decode("ascii")
        return self._stream.write(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def can_encode(stream, sample: str = "·√→가") -> bool:
    """Whether ``stream`` can show ``sample`` (formula symbols and Hangul)."""
    enc = getattr(stream, "encoding", None)
    if not enc:
        return True
    try:
        sample.encode(enc)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def protect_streams(lang: str | None = None) -> bool:
    """Wrap ``sys.stdout``/``sys.stderr`` in :class:`SafeStream` when they cannot encode formulas or
    Hangul, and say once (on stderr) to use a UTF-8 terminal. Returns whether anything was wrapped."""
    wrapped = False
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or isinstance(stream, SafeStream) or can_encode(stream):
            continue
        setattr(sys, name, SafeStream(stream))
        wrapped = True
    if wrapped:
        from mibun._rtext import say

        enc = getattr(sys.stdout, "encoding", None) or getattr(sys.stderr, "encoding", "?")
        print(say("reliability.term.hint", "en", encoding=enc), file=sys.stderr)  # readable on any terminal
    return wrapped


def _esc(text: str) -> str:
    try:
        from rich.markup import escape

        return escape(str(text))
    except ImportError:  # pragma: no cover
        return str(text)


def _cell(v: Any) -> str:
    return v if isinstance(v, str) else fmt(v, 12)


__all__ = ["Output", "SafeStream", "protect_streams", "can_encode", "ASCII"]
