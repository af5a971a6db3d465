"""``check_answer(task, answer, wrt=, kind=, to=, lang=)``: grade a student's derivative, partial derivative,
gradient or limit; name the misconception and mark where the path leaves the worked derivation.

    r = mb.check_answer("x^2*sin(x)", "2x*cos(x)", lang="ko")
    r.correct, r.misconception        # False, "product_rule_as_product"
    print(r.text())
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from mibun.answers import catalogue
from mibun.answers.equivalence import longer, same, shift
from mibun.answers.generate import match, pairs
from mibun.answers.reading import parse_formula, parse_task, split_vector
from mibun.answers.result import AnswerCheck, text_of
from mibun.answers.worked import wrong_answers
from mibun.errors import InputError
from mibun.i18n import resolve_lang, t

KINDS = ("derivative", "partial", "limit", "gradient")


def check_answer(task: Any, answer: Any, wrt: Any = None, kind: str | None = None, to: Any = None,
                 lang: str | None = None) -> AnswerCheck:
    """Grade ``answer`` to ``task``: ``kind`` "derivative" (default), "partial", "gradient" (answers as
    "(2x, 2y)", "[2x, 2y]" or "<2x, 2y>") or "limit" (``to=`` the point; answers a value, "oo", "-oo" or
    "DNE"). The verdict is symbolic, confirmed at random points; when neither decides it is "undecided"
    (``correct=None``), never a guess."""
    lang = resolve_lang(lang)
    task_expr, asked, task_notes = parse_task(task)
    if wrt is None and asked is not None:
        wrt = asked
    kind = _kind(kind, answer, to, wrt, task_expr, lang)
    if kind == "limit":
        from mibun.answers.limits import check_limit

        r = check_limit(task_expr, answer, wrt, to, lang)
    elif kind == "gradient":
        from mibun.answers.gradient import check_gradient

        r = check_gradient(task_expr, answer, wrt, lang)
    else:
        var = variable(task_expr, wrt)
        if kind == "derivative" and len(task_expr.free_symbols - {var}) > 0:
            kind = "partial"
        r = check_derivative(task_expr, answer, var, kind, lang)
    r.notes[:0] = [("answers.note.task_reading", {"msg": n}) for n in task_notes]
    return r


def _kind(kind, answer, to, wrt, task_expr, lang: str | None = None) -> str:
    if kind is not None:
        if kind not in KINDS:
            raise InputError("answers.err.kind", lang=lang, kind=kind)
        return kind
    if to is not None:
        return "limit"
    if isinstance(wrt, (list, tuple)) or (isinstance(wrt, str) and "," in wrt):
        return "gradient"
    if len(task_expr.free_symbols) > 1 and wrt is None and split_vector(answer) is not None:
        return "gradient"
    return "derivative"


def variable(expr: sp.Basic, wrt: Any) -> sp.Symbol:
    """The variable named by wrt (a name or Symbol), else the only one, else x."""
    from mibun.symbolic.derivation import as_symbol

    if wrt is not None:
        return as_symbol(wrt, [expr])
    names = sorted(expr.free_symbols, key=str)
    if len(names) == 1:
        return names[0]
    for s in names:
        if s.name == "x":
            return s
    if not names:
        return sp.Symbol("x")
    raise InputError("answers.err.wrt", task=text_of(expr), names=", ".join(map(str, names)))


def check_derivative(task_expr: sp.Basic, answer: Any, var: sp.Symbol, kind: str, lang: str) -> AnswerCheck:
    from mibun.answers.worked import derivation

    d = derivation(task_expr, var)   # derived once per task (mibun.answers.worked)
    expected = d.result
    ans, warns = parse_formula(answer)
    r = AnswerCheck(task=task_expr, answer=ans, kind=kind, wrt=var, correct=None, verdict="undecided",
                    expected=expected, steps=d, lang=lang)
    r.notes += [("answers.note.parse_warning", {"msg": w}) for w in warns]
    extra = ans.free_symbols - task_expr.free_symbols
    if extra:
        r.notes.append(("answers.note.extra_symbols", {"names": ", ".join(sorted(map(str, extra)))}))
    grade(r, task_expr, var, expected, ans, d)
    return r


def grade(r: AnswerCheck, task_expr, var, expected, ans, steps) -> None:
    """Fill verdict, misconception, divergence and notes of r (one derivative or one gradient component)."""
    syms = sorted(task_expr.free_symbols | {var}, key=str)
    eq = same(expected, ans, syms)
    r.how = eq.how
    if eq.equal is True:
        r.correct, r.verdict = True, "correct"
        if eq.how == "numeric":
            r.notes.append(("answers.note.numeric_only", {"n": eq.points}))
        if longer(ans, expected):
            r.notes.append(("answers.note.unsimplified", {"simple": expected}))
        return
    if eq.equal is None:
        r.correct, r.verdict = None, "undecided"
        r.notes.append(("answers.note.undecided", {"n": eq.points}))
        return
    r.correct, r.verdict = False, "incorrect"
    rules = steps.rules() if steps is not None and hasattr(steps, "rules") else None
    found = match(ans, wrong_answers(task_expr, var, expected, rules), syms)
    two = False
    if not found and eq.factor is None:
        found = match(ans, pairs(task_expr, var, rules), syms)[:1]
        two = bool(found)
    if found:
        best = found[0]
        r.misconception = best.key
        r.also = [*best.also, *(c.key for c in found[1:])]
        if two:
            r.notes.append(("answers.note.two_misconceptions",
                            {"first": t(f"answers.mis.{best.key}.name", r.lang),
                             "second": t(f"answers.mis.{best.also[0]}.name", r.lang)}))
        elif r.also:
            r.notes.append(("answers.note.other_misconception",
                            {"names": ", ".join(t(f"answers.mis.{k}.name", r.lang) for k in r.also)}))
        if best.sites and steps is not None:
            r.diverged = mark(steps, best.sites[0])
        return
    if eq.factor is not None:
        r.factor = eq.factor
        r.misconception = "off_by_sign" if eq.factor == -1 else "off_by_factor"
        return
    c = shift(expected, ans, syms)
    if c is not None:
        r.factor = c
        r.misconception = "off_by_constant"
        return
    if eq.witness:
        subs = {s: sp.Rational(repr(eq.witness[s.name])) for s in syms if s.name in eq.witness}
        point = ", ".join(f"{k} = {v:.4g}" for k, v in eq.witness.items())
        try:
            got = float(sp.N(ans.xreplace(subs)))
            want = float(sp.N(expected.xreplace(subs)))
            r.notes.append(("answers.note.counterexample", {"point": point, "got": f"{got:.6g}",
                                                            "want": f"{want:.6g}"}))
        except (TypeError, ValueError):
            pass


def mark(derivation, site) -> dict:
    """Mark the worked step where the student's path diverges (a note on that step) and describe it."""
    from mibun.symbolic.parser import substitute

    found = None
    top = derivation.steps[0] if derivation.steps else None
    context: dict = {}

    def walk(step, ctx):
        nonlocal found, context
        if found is not None:
            return
        if step.rule == site.rule and step.expr == site.expr:
            found, context = step, dict(ctx)
            return
        inner = dict(ctx)
        if step.rule == "chain":
            for k, v in step.given.items():
                inner[sp.Symbol(k)] = v
        for s in step.substeps:
            walk(s, inner)

    for s in derivation.steps:
        walk(s, {})
    target = found if found is not None else top
    right, wrong = site.correct, site.wrong
    if context:
        right, wrong = substitute(_basic(right), context), substitute(_basic(wrong), context)
    expr = substitute(site.expr, context) if context else site.expr
    if target is not None:
        # the note is rendered later in the derivation's language: the rule goes in as its formula, which reads
        # the same in both (the rule's name is the step's title, just above the note)
        formula = target.formula[0] if target.formula else site.rule
        target.notes.append(("answers.diverges", {"right": right, "wrong": wrong, "rule": formula}))
    return {"rule": site.rule, "expr": expr, "right": right, "wrong": wrong}


def _basic(v) -> sp.Basic:
    """A rule's result as a SymPy object (a plain 0 from a faulty rule becomes Integer(0)); never user text."""
    return v if isinstance(v, sp.Basic) else sp.Integer(int(v))


def explanation(r: AnswerCheck, lang: str) -> str:
    """What went wrong and where, in ``lang`` (used by AnswerCheck.explain)."""
    if r.correct is True:
        return t("answers.explain.correct_limit" if r.kind == "limit" else "answers.explain.correct", lang)
    if r.correct is None:
        return ""
    if not r.misconception:
        return t("answers.explain.no_misconception", lang)
    m = catalogue.get(r.misconception)
    fields = {}
    if r.misconception == "off_by_factor":
        fields["factor"] = text_of(r.factor)
    if r.misconception == "off_by_constant":
        fields["shift"] = text_of(r.factor)
    out = m.explain(lang, **fields)
    if r.diverged:
        dv = r.diverged
        out += " " + t("answers.diverges_at", lang, rule=t(f"rule.{dv['rule']}", lang), expr=text_of(dv["expr"]),
                       right=text_of(dv["right"]), wrong=text_of(dv["wrong"]), name=m.name(lang))
    return out


__all__ = ["check_answer", "check_derivative", "grade", "mark", "explanation", "variable", "KINDS"]
