"""The pieces a :class:`~mibun.symbolic.derivation.Derivation` is shown with — the left-hand side, the
heading, rule titles, substitutions, notes and the relation each step gives, in Korean or English (all words
from :mod:`mibun.i18n`) — and :class:`StepView`, one step's fields for its JSON and its blocks alike. The
layout is ``derivation/blocks.py``, rendered by ``mibun.report``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from mibun.i18n import resolve_lang, t
from mibun.report import Record, words
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


@dataclass(frozen=True)
class StepView(Record):
    """One step as it is shown: its rule's title and notes in the reader's language (``@words``: the same
    methods give the step's blocks and its JSON), the formula, substitutions, expression, result and the
    relation it gives as text and LaTeX, and its substeps."""

    step: Step

    _dict_fields = ("rule", "formula", "formula_latex", "given", "given_latex", "expr", "expr_latex", "var",
                    "result", "result_latex", "relation", "relation_latex", "substeps")

    rule = property(lambda self: self.step.rule)
    formula = property(lambda self: self.step.formula[0] if self.step.formula else None)
    formula_latex = property(lambda self: self.step.formula[1] if self.step.formula else None)
    given = property(lambda self: {k: text_of(v) for k, v in self.step.given.items()})
    given_latex = property(lambda self: {k: latex_of(v) for k, v in self.step.given.items()})
    expr = property(lambda self: text_of(self.step.expr))
    expr_latex = property(lambda self: latex_of(self.step.expr))
    var = property(lambda self: text_of(self.step.var) if self.step.var is not None else None)
    result = property(lambda self: text_of(self.step.result))
    result_latex = property(lambda self: latex_of(self.step.result))
    relation = property(lambda self: _relation(self.step, False))
    relation_latex = property(lambda self: _relation(self.step, True))
    substeps = property(lambda self: [StepView(u) for u in self.step.substeps])

    @words()
    def title(self, lang: str | None = None) -> str:
        return _title(self.step, resolve_lang(lang))

    @words()
    def notes(self, lang: str | None = None) -> list[str]:
        return [_msg(k, resolve_lang(lang), f, False) for k, f in _notes(self.step)]
