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
    """A paragraph (may hold several lines); ``strong`` for a verdict. ``indent``: its nesting level (two
    spaces per level in text, a nested list item in Markdown and HTML, one ``\\quad`` per level in
    LaTeX); ``css``: a class for its HTML element. An empty paragraph is a blank line in text and nothing
    elsewhere."""

    text: str
    strong: bool = False
    indent: int = 0
    css: str = ""


@dataclass(frozen=True)
class Math:
    """A formula: ``text`` as printed in a terminal, ``latex`` for LaTeX/HTML/Markdown (``$$…$$``);
    ``indent`` as for ``Para``. ``words=True``: a line of words and numbers around a formula — Markdown
    and HTML show ``text`` (Unicode formulas), LaTeX shows ``latex``."""

    text: str
    latex: str | None = None
    label: str = ""
    indent: int = 0
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
    """Words inside LaTeX: ``\\text{…}`` with its special characters escaped."""
    out = s.replace("\\", "\\backslash ").replace("{", "\\{").replace("}", "\\}").replace("_", "\\_")
    out = out.replace("^", "\\^{}").replace("%", "\\%").replace("#", "\\#").replace("&", "\\&")
    return "\\text{" + out + "}"


def _text(b: Heading | Para | Math | Pre) -> str:
    """A paragraph or formula line in text (its indent, its label)."""
    lead = f"{b.label} " if isinstance(b, Math) and b.label else ""
    pad = "  " * b.indent if isinstance(b, (Para, Math)) else ""
    return "\n".join(pad + ln if ln else ln for ln in (lead + b.text).splitlines()) if pad else lead + b.text


def _rich(b: Para | Math, form: Form) -> str:
    """The inside of a paragraph or formula line in Markdown or HTML."""
    e = html.escape
    lead = f"{b.label} " if isinstance(b, Math) and b.label else ""
    if isinstance(b, Math) and b.latex is not None and not b.words:
        if form == "html":
            return f"{e(lead)}<span class='math'>\\({e(b.latex)}\\)</span>"
        return f"{lead}${b.latex}$" if b.indent else (lead + "\n" if lead else "") + f"$$ {b.latex} $$"
    strong = isinstance(b, Para) and b.strong
    if form == "html":
        body = e(lead + b.text).replace("\n", "<br>")
        return f"<b>{body}</b>" if strong else body
    return "\n".join(f"**{ln}**" if strong and ln else ln for ln in (lead + b.text).splitlines())


def _latex(b: Block, lang: str) -> str:
    if isinstance(b, Heading):
        return f"\\textbf{{{_tex_text(b.text)}}}"
    if isinstance(b, (Para, Math)):
        pad = "\\quad " * b.indent
        lead = f"{b.label} " if isinstance(b, Math) and b.label else ""
        if isinstance(b, Math) and b.latex is not None:
            return pad + (_tex_text(lead) + " " if lead else "") + b.latex
        return pad + " \\\\\n".join(_tex_text(ln) for ln in (lead + b.text).splitlines())
    if isinstance(b, Pre):
        return " \\\\\n".join(_tex_text(ln) for ln in b.text.splitlines())
    return b.table.latex(lang)


def render(blocks: Sequence[Block], form: Form, lang: str, *, css: str = "", env: str = "array") -> str:
    """``blocks`` written as ``form``. ``css``: a class added to the HTML ``<div>``; ``env``: the LaTeX
    environment, ``array`` (one column) or ``aligned`` (rows aligned at ``&``). Indented paragraphs and
    formulas nest as lists in Markdown and HTML (by their indent relative to the open levels)."""
    if form == "text":
        return "\n".join(b.table.text(lang) if isinstance(b, TableBlock) else _text(b)
                         for b in blocks if not isinstance(b, TableBlock) or b.in_text)
    if form == "latex":
        rows = [_latex(b, lang) for b in blocks if not (isinstance(b, Para) and not b.text)]
        if env == "aligned":
            return r"\begin{aligned}" + r" \\ ".join("&" + r for r in rows) + r"\end{aligned}"
        return "\\begin{array}{l}\n" + " \\\\\n".join(rows) + "\n\\end{array}"
    e = html.escape
    out: list[str] = []
    depth = 0  # the list level the previous block left open
    open_indents: list[int] = []  # the indents of the open list levels (increasing)
    for b in blocks:
        if isinstance(b, Para) and not b.text:
            continue
        want = b.indent if isinstance(b, (Para, Math)) else 0
        while open_indents and open_indents[-1] > want:
            open_indents.pop()
        if want and not (open_indents and open_indents[-1] == want):
            open_indents.append(want)
        level = len(open_indents)
        if form == "html":
            if level > depth:
                out += ["<ul><li>"] * (level - depth)
            else:
                out += ["</li></ul>"] * (depth - level)
                if level:
                    out.append("</li><li>")
        depth = level
        if isinstance(b, Heading):
            out.append(f"### {b.text}" if form == "markdown" else f"<h4>{e(b.text)}</h4>")
        elif isinstance(b, (Para, Math)):
            inner = _rich(b, form)
            if form == "markdown":
                out.append("  " * (level - 1) + "- " + inner.replace("\n", "  \n  ") if level else inner)
            else:
                cls = f" class='{b.css}'" if isinstance(b, Para) and b.css else ""
                out.append(f"<span{cls}>{inner}</span>" if level and cls else inner if level
                           else f"<p{cls}>{inner}</p>")
        elif isinstance(b, Pre):
            out.append(f"```\n{b.text}\n```" if form == "markdown" else f"<pre>{e(b.text)}</pre>")
        else:
            out.append(b.table.markdown(lang) if form == "markdown" else b.table.html(lang))
    if form == "markdown":
        return "\n\n".join(out)
    out += ["</li></ul>"] * depth
    body = "".join(out)
    return f'<div class="{css} mibun-report">{body}</div>' if css else f"<div class='mibun-report'>{body}</div>"


__all__ = ["Heading", "Para", "Math", "Pre", "TableBlock", "Block", "render", "Form"]
