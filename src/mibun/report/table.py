"""The one table of mibun: named ``columns``, ``rows`` of values, a title and notes; printed as aligned
text (``render_table``, also used by the command line), Markdown, HTML and LaTeX, exported with
``to_dict()`` and ``to_pandas()``.

Column names, the title and notes may be catalogue keys (shown in the reader's language) or plain text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from mibun.i18n import display_width, ljust, resolve_lang, rjust, t
from mibun.report.jsonable import to_jsonable
from mibun.report.numbers import fmt

Note = tuple[str, dict]


def render_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, first_left: bool = False,
                 title: str | None = None) -> str:
    """Aligned plain text: a header line, dashes, one line per row (cells are ``str``; wide Hangul
    characters count as two columns). Numbers are right-aligned; ``first_left`` left-aligns column 0."""
    cells = [[str(c) for c in r] for r in rows]
    heads = [str(h) for h in headers]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells if i < len(r)])
              for i, h in enumerate(heads)]

    def line(r: Sequence[str]) -> str:
        return "  ".join((ljust if i == 0 and first_left else rjust)(c, w)
                         for i, (c, w) in enumerate(zip(r, widths, strict=False))).rstrip()

    out = [title] if title else []
    out += [line(heads), "  ".join("-" * w for w in widths)] + [line(r) for r in cells]
    return "\n".join(out)


def _say(text: str | None, lang: str, fields: dict | None = None) -> str:
    """A catalogue key in ``lang``, or the text itself."""
    if text is None:
        return ""
    from mibun.errors import is_key
    from mibun.i18n import catalogue

    if is_key(text) and text in catalogue("en"):
        return t(text, lang, **(fields or {}))
    return text.format(**fields) if fields else text


def note_text(note: Note | str, lang: str | None) -> str:
    """A note — ``(key, fields)`` or plain text — in ``lang``, its float fields through ``fmt``."""
    if isinstance(note, str):
        return note
    key, fields = note
    return t(key, lang, **{k: fmt(v, 6) if isinstance(v, float) else v for k, v in fields.items()})


class Table:
    """``columns`` (catalogue keys or headers), ``rows`` (tuples of values), optional ``title`` (a key,
    filled with ``title_fields``) and ``notes`` (``(key, fields)`` pairs or text)."""

    first_left = False

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None,
                 notes: Sequence[Note | str] | None = None, title_fields: dict | None = None):
        self.columns = list(columns)
        self.rows = [tuple(r) for r in rows]
        self.title = title
        self.title_fields = title_fields or {}
        self.notes = list(notes or [])

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list:
        """The values of one column, by its name (key)."""
        i = self.columns.index(name)
        return [r[i] for r in self.rows]

    def headers(self, lang: str | None = None) -> list[str]:
        code = resolve_lang(lang)
        return [_say(c, code) for c in self.columns]

    def format_cell(self, value: Any, column: str) -> str:
        """How one value is shown (override for per-column digits)."""
        return value if isinstance(value, str) else fmt(value, 12)

    def cells(self) -> list[list[str]]:
        return [[self.format_cell(v, c) for v, c in zip(r, self.columns, strict=False)] for r in self.rows]

    def caption(self, lang: str | None = None) -> str:
        return _say(self.title, resolve_lang(lang), self.title_fields) if self.title else ""

    # -- renderings ------------------------------------------------------------------------
    def text(self, lang: str | None = None) -> str:
        lines = [render_table(self.headers(lang), self.cells(), first_left=self.first_left,
                              title=self.caption(lang) or None)]
        lines += [note_text(n, lang) for n in self.notes]
        return "\n".join(lines)

    def markdown(self, lang: str | None = None) -> str:
        def esc(s: str) -> str:
            return s.replace("|", "\\|")

        heads = self.headers(lang)
        out = [f"**{esc(self.caption(lang))}**", ""] if self.title else []
        out.append("| " + " | ".join(esc(h) for h in heads) + " |")
        out.append("|" + "|".join(":---" if i == 0 and self.first_left else "---:" for i in range(len(heads))) + "|")
        out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in self.cells()]
        out += ["", *(note_text(n, lang) for n in self.notes)] if self.notes else []
        return "\n".join(out)

    def html(self, lang: str | None = None) -> str:
        e = html.escape
        out = ["<table>"]
        if self.title:
            out.append(f"<caption>{e(self.caption(lang))}</caption>")
        out.append("<tr>" + "".join(f"<th>{e(h)}</th>" for h in self.headers(lang)) + "</tr>")
        for r in self.cells():
            out.append("<tr>" + "".join(f"<td style='text-align:right'>{e(c)}</td>" for c in r) + "</tr>")
        out.append("</table>")
        out += [f"<p>{e(note_text(n, lang))}</p>" for n in self.notes]
        return "".join(out)

    def latex(self, lang: str | None = None) -> str:
        def tex(s: str) -> str:
            return "\\text{" + s.replace("\\", "\\backslash ").replace("{", "\\{").replace("}", "\\}") \
                .replace("_", "\\_").replace("%", "\\%").replace("#", "\\#").replace("&", "\\&") + "}"

        heads = self.headers(lang)
        body = [" & ".join(tex(h) for h in heads)] + [" & ".join(tex(c) for c in r) for r in self.cells()]
        return "\\begin{array}{" + "r" * len(heads) + "}\n" + " \\\\\n".join(body) + "\n\\end{array}"

    def _repr_html_(self, lang: str | None = None) -> str:
        from mibun.assets import html_fragment  # the Hangul glyphs a notebook needs, when there is Korean

        return html_fragment(self.html(lang))

    def _repr_markdown_(self) -> str:
        return self.markdown()

    _words_in_json = True  # the one encoder passes the language (the notes' words)

    def to_dict(self, lang: str | None = None) -> dict:
        """Columns (keys), rows (raw values), title (key) and the notes as text in ``lang`` (default English)."""
        return {"columns": list(self.columns), "rows": [[to_jsonable(v) for v in r] for r in self.rows],
                "title": self.title, "notes": [note_text(n, lang or "en") for n in self.notes]}

    def to_pandas(self, lang: str | None = None):
        """A pandas DataFrame with the values (columns named by their keys, or headers in ``lang``)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            from mibun.errors import InputError

            raise InputError("report.err.no_pandas") from exc
        names = self.columns if lang is None else self.headers(lang)
        return pd.DataFrame([list(r) for r in self.rows], columns=names)

    def __repr__(self) -> str:
        return self.text("en")

    __str__ = __repr__


__all__ = ["Table", "render_table", "note_text", "Note"]
