"""The graphviz renderer: the model written as DOT source, laid out and drawn by the ``dot`` program."""

from __future__ import annotations

import shutil
import subprocess

from mibun.errors import GraphError
from mibun.viz.builtin import COLORS, HIGHLIGHT
from mibun.viz.model import Model


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(model: Model) -> str:
    """DOT source of the drawing (left to right, like the built-in renderer)."""
    lines = ["digraph mibun {", "  rankdir=LR;", '  graph [fontname="Helvetica", labelloc=t, fontsize=12, '
             f"label={_q(model.title + (chr(10) + model.legend if model.legend else ''))}];",
             '  node [fontname="Helvetica", fontsize=11];', '  edge [color="#555555"];']
    for n in model.nodes:
        label = "\n".join(n.lines)
        fill = COLORS["output"] if n.output else COLORS["param"] if n.param else COLORS[n.kind]
        attrs = [f"label={_q(label)}", f'fillcolor="{fill}"']
        if n.kind == "op":
            attrs.append('shape=ellipse, style="filled"')
        else:
            attrs.append('shape=box, style="rounded,filled' + (',dashed' if n.kind == "const" else "") + '"')
        if n.highlighted:
            attrs.append(f'color="{HIGHLIGHT}", penwidth=2.5')
        lines.append(f"  {_q(n.id)} [{', '.join(attrs)}];")
    for a, b, hl in model.edges:
        extra = f' [color="{HIGHLIGHT}", penwidth=2.5]' if hl else ""
        lines.append(f"  {_q(a)} -> {_q(b)}{extra};")
    lines.append("}")
    return "\n".join(lines)


def have_dot() -> bool:
    return shutil.which("dot") is not None


def run_dot(source: str, fmt: str, lang: str | None = None) -> bytes:
    """``dot -T<fmt>`` on ``source``."""
    exe = shutil.which("dot")
    if exe is None:
        raise GraphError("viz.err.no_dot", lang=lang)
    try:
        res = subprocess.run([exe, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, timeout=60,
                             check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GraphError("viz.err.dot_failed", lang=lang, msg=str(exc)) from None
    if res.returncode != 0:
        raise GraphError("viz.err.dot_failed", lang=lang, msg=res.stderr.decode("utf-8", "replace").strip()[:500])
    return res.stdout


__all__ = ["to_dot", "run_dot", "have_dot"]
