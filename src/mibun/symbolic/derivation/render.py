"""Rendering a :class:`~mibun.symbolic.derivation.Derivation` and its step trees as text, LaTeX, HTML or a
JSON-ready dict, in Korean or English (all words from the message catalogues in :mod:`mibun.i18n`)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import sympy as sp

from mibun.i18n import resolve_lang, t
from mibun.symbolic.derivation.printing import _dvar, _wrap, latex_of, text_of
from mibun.symbolic.parser import evaluate
from mibun.symbolic.rules import Step

if TYPE_CHECKING:
    from mibun.symbolic.derivation.result import Derivation


def lhs(d: Derivation, latex: bool) -> str:
    """The left-hand side of the answer: d/dx (expr), or the one the derivation was given."""
    if d.answer_lhs is not None:
        return d.answer_lhs[1 if latex else 0]
    e = latex_of(d.expr) if latex else text_of(d.expr)
    if latex:
        return rf"{_dvar(d.var, d.partial, True)}\left({e}\right)"
    return f"{_dvar(d.var, d.partial, False)} {_wrap(e, d.expr)}"


def heading(d: Derivation, lang=None, latex=False) -> str:
    lang = resolve_lang(lang)
    key, fields = d.heading_message or ("symbolic.heading", {"var": d.var, "expr": d.expr})
    return _msg(key, lang, fields, latex)


def render_text(d: Derivation, lang: str | None = None) -> str:
    lang = resolve_lang(lang)
    lines = [heading(d, lang)]
    lines += [f"※ {n.text(lang)}" for n in d.notes]
    for s in d.steps:
        _text_step(s, lang, 0, lines)
    lines.append(f"{t('symbolic.answer', lang)}: {lhs(d, False)} = {_answer(d, False)}")
    pv = point_value(d)
    if pv is not None:
        lines.append(f"{t('symbolic.value_at', lang, point=pv[0])}: {pv[1]}")
    return "\n".join(lines)


def _answer(d: Derivation, latex: bool) -> str:
    """The answer as printed: the result, or the textbook's form of it where one was given (the softmax
    Jacobian in s_i: s_i(1 − s_i), −s_i·s_j)."""
    form = getattr(d, "answer_form", None)
    if form is None:
        return latex_of(d.result) if latex else text_of(d.result)
    if latex:
        return rf"{latex_of(form)} = {latex_of(d.result)}"
    return f"{text_of(form)} = {text_of(d.result)}"


def point_value(d: Derivation) -> tuple[str, str] | None:
    """(point, value) as text for a derivation asked at a point (f'(2)), else None."""
    if not d.point:
        return None
    v = d.at(**{k: v for k, v in d.point.items()})
    where = ", ".join(f"{k} = {text_of(val)}" for k, val in d.point.items())
    shown = text_of(v.exact)
    if not isinstance(v.value, complex) and v.exact != v.value and not getattr(v.exact, "is_Integer", False):
        shown += f" ≈ {float(v.value):.10g}"
    return where, shown


def render_latex(d: Derivation, lang: str | None = None) -> str:
    lang = resolve_lang(lang)
    lines = [rf"\text{{{_tex_escape(heading(d, lang))}}}"]
    lines += [rf"\text{{※ {_tex_escape(n.text(lang))}}}" for n in d.notes]
    for s in d.steps:
        _latex_step(s, lang, 0, lines)
    lines.append(rf"\textbf{{{t('symbolic.answer', lang)}}}\quad {lhs(d, True)} = {_answer(d, True)}")
    return "\\begin{array}{l}\n" + " \\\\\n".join(lines) + "\n\\end{array}"


def render_html(d: Derivation, lang: str | None = None) -> str:
    lang = resolve_lang(lang)
    parts = [f'<div class="mibun-derivation"><p><b>{html.escape(heading(d, lang))}</b></p>']
    parts += [f'<p class="mibun-note"><i>※ {html.escape(n.text(lang))}</i></p>' for n in d.notes]
    parts.append("<ul>")
    for s in d.steps:
        parts.append(_html_step(s, lang))
    parts.append(f"</ul><p><b>{html.escape(t('symbolic.answer', lang))}</b>: "
                 f"\\({html.escape(lhs(d, True))} = {html.escape(_answer(d, True))}\\)</p></div>")
    return "".join(parts)


def render_dict(d: Derivation, lang: str | None = None) -> dict:
    lang = resolve_lang(lang)
    return {
        "expr": text_of(d.expr), "expr_latex": latex_of(d.expr),
        "wrt": text_of(d.var), "method": d.method, "partial": d.partial, "lang": lang,
        "heading": heading(d, lang),
        "steps": [_dict_step(s, lang) for s in d.steps],
        "result": text_of(d.result), "result_latex": latex_of(d.result),
        "sympy": sp.srepr(d.result) if isinstance(d.result, sp.Basic) else str(d.result),
        "verified": d.verified,
        "notes": [n.to_dict(lang) for n in d.notes],
    }


def _msg(key: str, lang: str, fields: dict, latex: bool) -> str:
    out = {}
    for k, v in fields.items():
        if isinstance(v, (sp.Basic, sp.MatrixBase, list, tuple)):
            out[k] = (f"${latex_of(v)}$" if latex else text_of(v))
        else:
            out[k] = v
    return t(key, lang, **out)


def _tex_escape(s: str) -> str:
    return s.replace("\\", r"\backslash ").replace("{", r"\{").replace("}", r"\}").replace("_", r"\_") \
        .replace("^", r"\^{}").replace("#", r"\#").replace("%", r"\%").replace("&", r"\&")


def _title(step: Step, lang: str) -> str:
    from mibun.functions import rule_words  # a function's rule is named from its spec when the catalogue has none

    return rule_words(step.rule, lang)


def _given_text(step: Step, latex: bool) -> str:
    if not step.given:
        return ""
    items = [(k, v) for k, v in step.given.items() if k != text_of(v)]   # not "u = u"
    if latex:
        return ", ".join(f"{_sub_tex(k)} = {latex_of(v)}" for k, v in items)
    return ", ".join(f"{k} = {text_of(v)}" for k, v in items)


def _sub_tex(k: str) -> str:
    if "_" in k:
        a, b = k.split("_", 1)
        return f"{a}_{{{b}}}"
    return k


def _relation(step: Step, latex: bool) -> str:
    if step.kind == "note" or _unchanged(step) or (step.rule == "identity" and step.expr == step.var):
        return ""
    if step.kind == "eq":
        lhs = (step.lhs[1] if latex else step.lhs[0]) if step.lhs else None
        if lhs is None:
            lhs = latex_of(step.expr) if latex else text_of(step.expr)
        return f"{lhs} = {latex_of(step.result) if latex else text_of(step.result)}"
    e, r = step.expr, step.result
    if latex:
        return rf"{_dvar(step.var, step.partial, True)}\left({latex_of(e)}\right) = {latex_of(r)}"
    return f"{_dvar(step.var, step.partial, False)} {_wrap(text_of(e), e)} = {text_of(r)}"


def _unchanged(step: Step) -> bool:
    """A simplify step that changed nothing but SymPy's automatic evaluation."""
    if step.rule != "simplify":
        return False
    if step.expr == step.result:
        return True
    return isinstance(step.expr, sp.Basic) and evaluate(step.expr) == step.result


def _notes(step: Step) -> list:
    if _unchanged(step) and not any(k == "symbolic.also_written" for k, _ in step.notes):
        return [*step.notes, ("symbolic.already_simple", {})]
    return step.notes


def _text_step(step: Step, lang: str, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    head = f"{pad}• {_title(step, lang)}"
    if step.formula:
        head += f": {step.formula[0]}"
    lines.append(head)
    g = _given_text(step, False)
    if g:
        key = "symbolic.let" if step.rule == "chain" else "symbolic.where"
        lines.append(f"{pad}  {t(key, lang, assign=g)}")
    for key, fields in _notes(step):
        lines.append(f"{pad}  {_msg(key, lang, fields, False)}")
    for s in step.substeps:
        _text_step(s, lang, depth + 1, lines)
    rel = _relation(step, False)
    if rel:
        lines.append(f"{pad}  ⇒ {rel}")


def _latex_step(step: Step, lang: str, depth: int, lines: list[str]) -> None:
    pad = r"\quad " * depth
    head = rf"{pad}\bullet\ \textbf{{{_tex_escape(_title(step, lang))}}}"
    if step.formula:
        head += rf":\ {step.formula[1]}"
    lines.append(head)
    g = _given_text(step, True)
    if g:
        key = "symbolic.let" if step.rule == "chain" else "symbolic.where"
        word = t(key, lang, assign="@@")
        before, _, after = word.partition("@@")
        parts = []
        if before.strip():
            parts.append(rf"\text{{{_tex_escape(before)}}}")
        parts.append(g)
        if after.strip():
            parts.append(rf"\text{{{_tex_escape(after)}}}")
        lines.append(rf"{pad}\quad " + r"\ ".join(parts))
    for key, fields in _notes(step):
        lines.append(rf"{pad}\quad \text{{{_tex_escape(_msg(key, lang, fields, False))}}}")
    for s in step.substeps:
        _latex_step(s, lang, depth + 1, lines)
    rel = _relation(step, True)
    if rel:
        lines.append(rf"{pad}\quad \Rightarrow\ {rel}")


def _html_step(step: Step, lang: str) -> str:
    out = [f"<li><b>{html.escape(_title(step, lang))}</b>"]
    if step.formula:
        out.append(f": \\({html.escape(step.formula[1])}\\)")
    g = _given_text(step, True)
    if g:
        key = "symbolic.let" if step.rule == "chain" else "symbolic.where"
        math = "\\(" + html.escape(g) + "\\)"
        out.append("<br>" + html.escape(t(key, lang, assign="@@")).replace("@@", math))
    for key, fields in _notes(step):
        out.append(f"<br><i>{html.escape(_msg(key, lang, fields, False))}</i>")
    if step.substeps:
        out.append("<ul>" + "".join(_html_step(s, lang) for s in step.substeps) + "</ul>")
    rel = _relation(step, True)
    if rel:
        out.append(f"<br>\\(\\Rightarrow {html.escape(rel)}\\)")
    out.append("</li>")
    return "".join(out)


def _dict_step(step: Step, lang: str) -> dict:
    return {
        "rule": step.rule,
        "title": _title(step, lang),
        "formula": step.formula[0] if step.formula else None,
        "formula_latex": step.formula[1] if step.formula else None,
        "given": {k: text_of(v) for k, v in step.given.items()},
        "given_latex": {k: latex_of(v) for k, v in step.given.items()},
        "notes": [_msg(k, lang, f, False) for k, f in _notes(step)],
        "expr": text_of(step.expr), "expr_latex": latex_of(step.expr),
        "var": text_of(step.var) if step.var is not None else None,
        "result": text_of(step.result), "result_latex": latex_of(step.result),
        "relation": _relation(step, False), "relation_latex": _relation(step, True),
        "substeps": [_dict_step(s, lang) for s in step.substeps],
    }

