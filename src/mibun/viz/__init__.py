"""``mb.viz.graph``: draw the computational graph behind a tensor — op nodes and value nodes with their
data and gradient ∂output/∂node, parameters named, the path to chosen inputs highlighted.

Uses graphviz's ``dot`` when it is installed and a built-in pure-Python renderer otherwise (or when
``engine="builtin"``), so it works on any machine.
"""

from __future__ import annotations

import os
from typing import Any

from mibun.errors import InputError
from mibun.i18n import resolve_lang


class SVG(str):
    """SVG text that notebooks display as a picture."""

    def _repr_svg_(self) -> str:
        return str(self)


class PNG(bytes):
    """PNG bytes that notebooks display as a picture."""

    def _repr_png_(self) -> bytes:
        return bytes(self)


class DOT(str):
    """DOT source (graphviz's language)."""


def graph(output: Any, wrt: Any = None, format: str | None = None, path: str | os.PathLike | None = None,  # noqa: A002
          highlight: Any = None, lang: str | None = None, engine: str = "auto") -> SVG | PNG | DOT:
    """Draw the recorded graph of ``output``.

    ``format``: "svg" (default; or from ``path``'s suffix), "png" or "dot" (the DOT source).
    ``highlight``: a tensor or list of tensors whose path(s) from the output are drawn in red; ``wrt`` is
    an alias (highlight wins when both are given). ``path``: also write the result to this file.
    ``engine``: "auto" (graphviz's dot when installed, else built-in), "builtin" or "dot". PNG from the
    built-in renderer needs matplotlib. Value nodes show the data and ∂output/∂node: numbers for
    scalars, shape and norm for tensors (a non-scalar output is differentiated as Σ output).
    Returns the SVG text, PNG bytes or DOT source (displayed as a picture in notebooks).
    """
    from mibun.viz import builtin
    from mibun.viz.dot import have_dot, run_dot, to_dot
    from mibun.viz.model import build

    lang = resolve_lang(lang)
    if format is None:
        suffix = os.path.splitext(os.fspath(path))[1].lower().lstrip(".") if path is not None else ""
        format = suffix if suffix in ("svg", "png", "dot", "gv") else "svg"
    fmt = "dot" if format == "gv" else str(format).lower()
    if fmt not in ("svg", "png", "dot"):
        raise InputError("viz.err.format", lang=lang, fmt=format)
    if engine not in ("auto", "builtin", "dot"):
        raise InputError("viz.err.engine", lang=lang, engine=engine)
    model = build(output, highlight if highlight is not None else wrt, lang)
    use_dot = engine == "dot" or (engine == "auto" and have_dot())
    result: SVG | PNG | DOT
    if fmt == "dot":
        result = DOT(to_dot(model))
    elif fmt == "svg":
        result = SVG(run_dot(to_dot(model), "svg", lang).decode("utf-8") if use_dot else builtin.to_svg(model))
    else:
        if use_dot:
            result = PNG(run_dot(to_dot(model), "png", lang))
        else:
            try:
                import matplotlib  # noqa: F401
            except ImportError:
                from mibun.errors import GraphError

                raise GraphError("viz.err.no_matplotlib", lang=lang) from None
            result = PNG(builtin.to_png(model))
    if path is not None:
        from mibun.files import write_bytes, write_text

        if isinstance(result, bytes):
            write_bytes(path, result, lang=lang)
        else:
            write_text(path, result, lang=lang)
    return result


__all__ = ["graph", "SVG", "PNG", "DOT"]
