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
    """A paragraph (may hold several lines); ``strong`` for a verdict; ``indent``: the spaces before it in
    text (a nested list item in Markdown, a margin in HTML, ``\\quad`` in LaTeX). An empty paragraph is a
    blank line in text and nothing elsewhere."""

    text: str
    strong: bool = False
    indent: int = 0


@dataclass(frozen=True)
class Math:
    """A formula: ``text`` as printed in a terminal, ``latex`` for LaTeX/HTML/Markdown (``$$…$$``)."""

    text: str
    latex: str | None = None
    label: str = ""
    indent: int = 0
    #: True: a line of words and numbers around a formula; Markdown and HTML show ``text`` (Unicode
    #: formulas), LaTeX shows ``latex``
    words: bool = False


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


def _indent(text: str, n: int) -> str:
    return "\n".join(" " * n + ln if ln else ln for ln in text.splitlines()) if n else text


def _md_item(text: str, n: int) -> str:
    """An indented line as a (nested) Markdown list item: 4 spaces of text indent are one level."""
    if not n:
        return text
    return "  " * max(0, (n - 1) // 4) + "- " + text.replace("\n", "  \n  ")


def _margin(n: int) -> str:
    return f" style='margin-left:{n / 2:g}em'" if n else ""


def _quads(n: int) -> str:
    return "\\quad " * ((n + 3) // 4)


def render(blocks: Sequence[Block], form: Form, lang: str, *, css: str = "", env: str = "array") -> str:
    """``blocks`` written as ``form``. ``css``: a class added to the HTML ``<div>``; ``env``: the LaTeX
    environment, ``array`` (one column) or ``aligned`` (rows aligned at ``&``)."""
    out: list[str] = []
    e = html.escape
    for b in blocks:
        if isinstance(b, Heading):
            out.append({"text": b.text, "markdown": f"### {b.text}", "html": f"<h4>{e(b.text)}</h4>",
                        "latex": f"\\textbf{{{_tex_text(b.text)}}}"}[form])
        elif isinstance(b, Para):
            if not b.text and form != "text":
                continue
            if form == "text":
                out.append(_indent(b.text, b.indent))
            elif form == "markdown":
                body = "\n".join(f"**{ln}**" if b.strong and ln else ln for ln in b.text.splitlines())
                out.append(_md_item(body, b.indent))
            elif form == "html":
                body = e(b.text).replace("\n", "<br>")
                out.append(f"<p{_margin(b.indent)}>" + (f"<b>{body}</b>" if b.strong else body) + "</p>")
            else:
                out.append(_quads(b.indent) + " \\\\\n".join(_tex_text(ln) for ln in b.text.splitlines()))
        elif isinstance(b, Math):
            lead = f"{b.label} " if b.label else ""
            if form == "text":
                out.append(_indent(lead + b.text, b.indent))
            elif (b.latex is None or b.words) and form in ("markdown", "html"):
                body = e(lead + b.text).replace("\n", "<br>") if form == "html" else lead + b.text
                out.append(f"<p{_margin(b.indent)}>{body}</p>" if form == "html" else _md_item(body, b.indent))
            elif b.latex is None:
                out.append(_quads(b.indent) + _tex_text(lead + b.text))
            elif form == "markdown":
                out.append(_md_item(f"{lead}${b.latex}$", b.indent) if b.indent else
                           (lead + "\n" if lead else "") + f"$$ {b.latex} $$")
            elif form == "html":
                out.append(f"<p{_margin(b.indent)}>{e(lead)}<span class='math'>\\({e(b.latex)}\\)</span></p>")
            else:
                out.append(_quads(b.indent) + (_tex_text(lead) + " " if lead else "") + str(b.latex))
        elif isinstance(b, Pre):
            out.append({"text": b.text, "markdown": f"```\n{b.text}\n```", "html": f"<pre>{e(b.text)}</pre>",
                        "latex": " \\\\\n".join(_tex_text(ln) for ln in b.text.splitlines())}[form])
        elif isinstance(b, TableBlock):
            if form == "text" and not b.in_text:
                continue
            out.append({"text": b.table.text, "markdown": b.table.markdown, "html": b.table.html,
                        "latex": b.table.latex}[form](lang))
    if form == "latex" and env == "aligned":
        return r"\begin{aligned}" + r" \\ ".join("&" + r for r in out) + r"\end{aligned}"
    sep = {"text": "\n", "markdown": "\n\n", "html": "", "latex": " \\\\\n"}[form]
    body = sep.join(out)
    if form == "html":
        return f'<div class="{css} mibun-report">{body}</div>' if css else f"<div class='mibun-report'>{body}</div>"
    if form == "latex":
        return "\\begin{array}{l}\n" + body + "\n\\end{array}"
    return body


__all__ = ["Heading", "Para", "Math", "Pre", "TableBlock", "Block", "render", "Form"]
