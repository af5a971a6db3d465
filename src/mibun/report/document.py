"""What a report is made of, and the one renderer: a report lists ``blocks`` — headings, paragraphs,
formulas, tables — and ``render(blocks, form)`` writes them as text, Markdown, HTML or LaTeX."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from mibun.report.table import Table

Form = Literal["text", "markdown", "html", "latex"]


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    """A paragraph (may hold several lines); ``strong`` for a verdict."""

    text: str
    strong: bool = False


@dataclass(frozen=True)
class Math:
    """A formula: ``text`` as printed in a terminal, ``latex`` for LaTeX/HTML/Markdown (``$$…$$``)."""

    text: str
    latex: str | None = None
    label: str = ""


@dataclass(frozen=True)
class Pre:
    """Preformatted text (a fenced block in Markdown, ``<pre>`` in HTML): a report whose own text layout
    is kept as it is."""

    text: str


@dataclass(frozen=True)
class TableBlock:
    """A table; ``in_text=False`` shows it only in the rich forms (HTML, Markdown, LaTeX)."""

    table: Table
    in_text: bool = True


Block = Heading | Para | Math | Pre | TableBlock


def _tex_text(s: str) -> str:
    out = s.replace("\\", "\\backslash ").replace("{", "\\{").replace("}", "\\}").replace("_", "\\_")
    return "\\text{" + out.replace("%", "\\%").replace("#", "\\#").replace("&", "\\&") + "}"


def render(blocks: Sequence[Block], form: Form, lang: str) -> str:
    """``blocks`` written as ``form``."""
    out: list[str] = []
    e = html.escape
    for b in blocks:
        if isinstance(b, Heading):
            out.append({"text": b.text, "markdown": f"### {b.text}", "html": f"<h4>{e(b.text)}</h4>",
                        "latex": f"\\textbf{{{_tex_text(b.text)}}}"}[form])
        elif isinstance(b, Para):
            if form == "text":
                out.append(b.text)
            elif form == "markdown":
                out.append("\n".join(f"**{ln}**" if b.strong and ln else ln for ln in b.text.splitlines()))
            elif form == "html":
                body = e(b.text).replace("\n", "<br>")
                out.append(f"<p><b>{body}</b></p>" if b.strong else f"<p>{body}</p>")
            else:
                out.append(" \\\\\n".join(_tex_text(ln) for ln in b.text.splitlines()))
        elif isinstance(b, Math):
            lead = f"{b.label} " if b.label else ""
            if form == "text":
                out.append(lead + b.text)
            elif b.latex is None and form in ("markdown", "latex"):
                out.append(lead + b.text if form == "markdown" else _tex_text(lead + b.text))
            elif form == "markdown":
                out.append((lead + "\n" if lead else "") + f"$$ {b.latex} $$")
            elif form == "html":
                tex = e(b.latex) if b.latex is not None else None
                shown = e(lead + b.text)
                out.append(f"<p>{shown}</p>" if tex is None else
                           f"<p>{e(lead)}<span class='math'>\\({tex}\\)</span></p>")
            else:
                out.append((_tex_text(lead) + " " if lead else "") + str(b.latex))
        elif isinstance(b, Pre):
            out.append({"text": b.text, "markdown": f"```\n{b.text}\n```", "html": f"<pre>{e(b.text)}</pre>",
                        "latex": " \\\\\n".join(_tex_text(ln) for ln in b.text.splitlines())}[form])
        elif isinstance(b, TableBlock):
            if form == "text" and not b.in_text:
                continue
            out.append({"text": b.table.text, "markdown": b.table.markdown, "html": b.table.html,
                        "latex": b.table.latex}[form](lang))
    sep = {"text": "\n", "markdown": "\n\n", "html": "", "latex": " \\\\\n"}[form]
    body = sep.join(out)
    if form == "html":
        return f"<div class='mibun-report'>{body}</div>"
    if form == "latex":
        return "\\begin{array}{l}\n" + body + "\n\\end{array}"
    return body


__all__ = ["Heading", "Para", "Math", "Pre", "TableBlock", "Block", "render", "Form"]
