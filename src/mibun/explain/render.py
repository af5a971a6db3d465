"""The pieces an ``Explanation`` is shown with: numbers and arrays for text (``fmt``) and LaTeX
(``fmt_tex``), op titles, rule wording and pattern words in Korean or English (``explain.*``, ``op.*``
keys). The JSON comes from the records of ``explain/views.py``; the layout itself is ``explain/blocks.py``, rendered by
``mibun.report``."""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.i18n import catalogue, t
from mibun.report import Summary
from mibun.report import fmt as number

#: arrays with at most this many elements are shown in full, larger ones as shape + statistics
SMALL = 12


# ---------------------------------------------------------------------------------------------- numbers
def _f(v: float) -> str:
    """4 significant digits, through the report layer's one formatter."""
    return number(v, 4, ascii_inf=True)


def fmt(a: Any, lang: str, limit: int = SMALL) -> str:
    """A value for text: the number, the array (≤ ``limit`` elements), or shape and summary statistics."""
    a = np.asarray(a)
    if a.dtype.kind == "b":
        a = a.astype(np.float64)
    if a.size == 1 and a.ndim == 0:
        return _f(float(a.real if a.dtype.kind == "c" else a))
    if a.size <= limit:
        return _nested(a.tolist())
    return t("explain.summary", lang, **_stats(a))


def _nested(x: Any) -> str:
    if isinstance(x, list):
        return "[" + ", ".join(_nested(v) for v in x) + "]"
    return _f(float(x))


def _stats(a: np.ndarray) -> dict[str, str]:
    a = np.asarray(a, dtype=np.float64)
    return {"shape": _shape(a.shape), "mean": _f(float(np.mean(a))), "min": _f(float(np.min(a))),
            "max": _f(float(np.max(a))), "norm": _f(float(np.linalg.norm(a.ravel())))}


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def op_title(op: str | None, lang: str) -> str:
    """The op's name in words: the catalogue's ``op.<name>``, else the op's own title, else its name."""
    if op is None:
        return t("explain.leaf", lang)
    key = f"op.{op}"
    if key in catalogue(lang):
        return catalogue(lang)[key]
    from mibun.functions import REGISTRY  # every op, with its words per language

    o = REGISTRY.get(op)
    if o is not None and o.title:
        return o.title.get(lang) or o.title.get("en") or op
    return op


def rule_text(op: str | None, e, lang: str) -> str:
    """The edge's derivative rule: the registry's (``op.rule``), or where that has words, the
    catalogue's wording in ``lang`` (``explain.rule.<op>.<input>``; empty = the registry's)."""
    words = catalogue(lang).get(f"explain.rule.{op}.{e.index}")
    return words or e.rule


def _pattern_words(p, lang: str) -> str:
    return t(f"explain.pattern.{p.kind}", lang, **p.fields)


def _pattern_notes(p, lang: str) -> list[str]:
    if p.kind == "softmax_cross_entropy" and "classes" in p.fields:
        return [t("explain.pattern.classes", lang, classes=p.fields["classes"])]
    return []


def _path_chain(nodes: list[str]) -> str:
    return " → ".join(nodes)


def _local_words(s, e, lang: str) -> str:
    """The local factor of one edge in words: its values (elementwise), its Jacobian (small), the other
    operand of a matrix product, or the vector–Jacobian product."""
    if e.local is not None:
        return t("explain.local", lang, label=s.label, input=e.input, value=fmt(e.local, lang))
    if e.jacobian is not None:
        return t("explain.local_full", lang, label=s.label, input=e.input, value=fmt(e.jacobian, lang, limit=16))
    if e.other is not None:
        key = "explain.local_matmul_right" if e.index == 0 else "explain.local_matmul_left"
        return t(key, lang, other=e.other[0], value=fmt(e.other[1], lang))
    return t("explain.local_jacobian", lang)


def _limit() -> int:
    from mibun.explain.core import MAX_PATHS

    return MAX_PATHS


def _upstream_lines(ex, s, lang: str, ind: str) -> list[str]:
    out = ex.output
    if len(s.parts) > 1:
        lines = [ind + t("explain.branch", lang, label=s.label, n=len(s.parts))]
        for src, v in s.parts:
            lines.append(ind + "    " + t("explain.from", lang, src=src, value=fmt(v, lang)))
        lines.append(ind + "    " + t("explain.upstream", lang, out=out, label=s.label, value=fmt(s.upstream, lang)))
        return lines
    return [ind + t("explain.upstream", lang, out=out, label=s.label, value=fmt(s.upstream, lang))]


# ---------------------------------------------------------------------------------------------- LaTeX
def _tex_name(name: str) -> str:
    if " " in name:
        return r"\ ".join(_tex_name(part) for part in name.split())
    if name.startswith("ŷ"):
        rest = name[1:]
        return r"\hat{y}" + (f"_{{{rest}}}" if rest.isdigit() else (r"\mathrm{" + rest + "}" if rest else ""))
    from mibun.files import latex_escape

    base = latex_escape(name)  # user text: \write18{…} must print, not run
    if len(base) > 1 and base[0].isalpha() and base[1:].isdigit():
        return f"{base[0]}_{{{base[1:]}}}"
    if len(base) == 1:
        return base
    return r"\mathrm{" + base + "}"


def _tex_text(s: str) -> str:
    for a, b in (("\\", r"\textbackslash{}"), ("{", r"\{"), ("}", r"\}"), ("#", r"\#"), ("_", r"\_"),
                 ("%", r"\%"), ("&", r"\&"), ("$", r"\$"), ("^", r"\^{}")):
        s = s.replace(a, b)
    return r"\text{" + s + "}"


def fmt_tex(a: Any, lang: str, limit: int = SMALL) -> str:
    a = np.asarray(a)
    if a.dtype.kind == "b":
        a = a.astype(np.float64)
    if a.ndim == 0:
        return _f(float(a))
    if a.size <= limit and a.ndim <= 2:
        rows = a.reshape(1, -1) if a.ndim == 1 else a
        body = r" \\ ".join(" & ".join(_f(float(v)) for v in row) for row in rows)
        return r"\begin{bmatrix}" + body + r"\end{bmatrix}"
    return _tex_text(fmt(a, lang))


# ---------------------------------------------------------------------------------------------- JSON
def enc(a: Any, limit: int = SMALL) -> dict:
    """An array as JSON: shape, dtype and values (≤ ``limit`` elements) or summary statistics (the report
    layer's ``Summary``; an Explanation's JSON comes from its records, ``explain/views.py``)."""
    return Summary(a, limit).to_dict()


__all__ = ["fmt", "fmt_tex", "enc", "op_title", "rule_text", "SMALL"]
