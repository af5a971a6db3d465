"""The pieces a :class:`~mibun.symbolic.derivation.Derivation` is shown with — the left-hand side, the
heading, rule titles, substitutions, notes and the relation each step gives, in Korean or English (all words
from :mod:`mibun.i18n`) — and its JSON-ready dict. The layout is ``derivation/blocks.py``, rendered by
``mibun.report``."""

from __future__ import annotations

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

