"""``practice(chapter, n, seed, level)``: generated exercises for a chapter of the course, reproducible by seed,
each with its answer and hints that reveal one rule at a time, graded by :func:`check_answer`.

    for p in mb.practice("chain_rule", n=3, seed=0, level=2):
        print(p.task, p.hints[0]); p.check("...")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from mibun.answers.chapters import CHAPTERS, Template
from mibun.errors import InputError
from mibun.i18n import resolve_lang, t
from mibun.report import Para, Report, words
from mibun.report.document import Block

#: rules that make no useful hint on their own
_QUIET = {"simplify", "partial", "identity", "constant", "sum", "gradient", "other"}


@dataclass
class Problem(Report):
    """One exercise: ``task`` (text), ``answer`` (text, accepted by check_answer), ``hints`` (one rule each, in
    order; the last gives the answer), ``chapter``, ``kind``, ``wrt``, ``to`` (limits), ``level``."""

    task: str
    answer: str
    hints: list[str]
    chapter: str
    kind: str
    wrt: str | None = None
    to: str | None = None
    level: int = 1
    lang: str = "en"
    rules: list[str] = field(default_factory=list)
    #: the hints in any language (``hints`` holds them in ``lang``); None for a problem made by hand
    _hints_in: Callable[[str], list[str]] | None = field(default=None, repr=False, compare=False)

    # -- the JSON: the fields, the question and the hints in the requested language, and that language
    _dict_lang = True

    def check(self, answer: Any, lang: str | None = None):
        """Grade an answer to this problem (an :class:`~mibun.answers.result.AnswerCheck`)."""
        from mibun.answers.check import check_answer

        return check_answer(self.task, answer, wrt=self.wrt, kind=self.kind, to=self.to, lang=lang or self.lang)

    @words()
    def question(self, lang: str | None = None) -> str:
        """The problem as a sentence, in ``lang``."""
        lang = resolve_lang(lang or self.lang)
        return t(f"answers.practice.task.{self.kind}", lang, task=self.task, var=self.wrt or "x", to=self.to or "")

    @words("hints", shown=False)   # the text asks the question; the hints are revealed one at a time
    def hint_texts(self, lang: str | None = None) -> list[str]:
        """The hints in ``lang`` (``hints`` in the problem's own language)."""
        code = resolve_lang(lang or self.lang)
        if code == self.lang or self._hints_in is None:
            return list(self.hints)
        return self._hints_in(code)

    # -- the report: its fields above; text, Markdown, HTML, LaTeX and JSON from mibun.report
    def blocks(self, lang: str) -> list[Block]:
        return [Para(self.question(lang))]


def chapter_key(chapter: str) -> str:
    """The chapter key for a name as typed (hyphens or spaces allowed: "chain-rule" → "chain_rule")."""
    key = str(chapter).strip().lower().replace("-", "_").replace(" ", "_")
    if key not in CHAPTERS:
        raise InputError("answers.err.chapter", chapter=chapter, chapters=", ".join(CHAPTERS))
    return key


def practice(chapter: str = "chain_rule", n: int = 5, seed: int | None = 0, level: int = 1,
             lang: str | None = None) -> list[Problem]:
    """``n`` exercises of ``chapter`` (a key of :data:`~mibun.answers.chapters.CHAPTERS`) at ``level`` 1–3,
    the same for the same ``seed``."""
    key = chapter_key(chapter)
    if isinstance(level, bool) or not isinstance(level, (int, np.integer)) or level not in (1, 2, 3):
        raise InputError("answers.err.level", lang=lang, level=level)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= 1000:
        raise InputError("answers.err.n", lang=lang, n=n)
    lang = resolve_lang(lang)
    rng = np.random.default_rng(seed)
    gen = CHAPTERS[key][int(level) - 1]
    out: list[Problem] = []
    seen: set[tuple] = set()
    for _ in range(int(n) * 20):
        tpl = gen(rng)
        ident = (tpl.task, tpl.wrt, tpl.to)
        if ident in seen and len(seen) < int(n):
            continue
        seen.add(ident)
        out.append(build(tpl, key, int(level), lang))
        if len(out) == n:
            break
    return out


def build(tpl: Template, chapter: str, level: int, lang: str) -> Problem:
    """A Problem from a template: its answer and hints come from mibun's own derivation or limit."""
    from mibun.answers.result import text_of
    from mibun.symbolic import parse

    expr = parse(tpl.task)
    rules: list[str] = []
    d = None
    if tpl.kind == "limit":
        from mibun.answers.limits import expected_limit, limit_variable
        from mibun.answers.reading import DNE, parse_limit_point

        var = limit_variable(expr, tpl.wrt)
        value, _, _ = expected_limit(expr, var, parse_limit_point(tpl.to))
        answer = "DNE" if value is DNE else _limit_text(value, text_of)
    elif tpl.kind == "gradient":
        from mibun.answers.gradient import variables
        from mibun.symbolic import gradient

        d = gradient(expr, variables(expr, tpl.wrt))
        answer = "(" + ", ".join(text_of(v) for v in d.result) + ")"
        rules = _rules(d)
    else:
        from mibun.answers.check import variable
        from mibun.symbolic import diff

        d = diff(expr, variable(expr, tpl.wrt))
        answer = text_of(d.result)
        rules = _rules(d)
    said = partial(_hints, tpl.hints, _rule_formulas(rules, d), answer)
    return Problem(task=tpl.task, answer=answer, hints=said(lang), chapter=chapter, kind=tpl.kind,
                   wrt=tpl.wrt, to=tpl.to, level=level, lang=lang, rules=rules, _hints_in=said)


def _hints(template_hints: list, formulas: list[tuple[str, str]], answer: str, lang: str) -> list[str]:
    """A problem's hints in ``lang``: the template's, one per rule used (with its formula), then the answer."""
    hints = [t(key, lang, **fields) for key, fields in template_hints]
    for rule, formula in formulas:
        if formula:
            hints.append(t("answers.practice.hint.rule", lang, rule=t(f"rule.{rule}", lang), formula=formula))
        else:
            hints.append(t("answers.practice.hint.rule_plain", lang, rule=t(f"rule.{rule}", lang)))
    hints.append(t("answers.practice.no_more_hints", lang, answer=answer))
    return hints


def _limit_text(value, text_of) -> str:
    import sympy as sp

    if value is sp.oo:
        return "oo"
    if value is sp.S.NegativeInfinity:
        return "-oo"
    return text_of(value)


def _rules(d) -> list[str]:
    seen: list[str] = []
    for top in d.steps:
        for s in top.walk():
            if s.rule not in _QUIET and s.rule not in seen:
                seen.append(s.rule)
    return seen


def _rule_formulas(rules: list[str], d) -> list[tuple[str, str]]:
    out = []
    for rule in rules:
        formula = ""
        if d is not None:
            for top in d.steps:
                for s in top.walk():
                    if s.rule == rule and s.formula:
                        formula = s.formula[0]
                        break
                if formula:
                    break
        out.append((rule, formula))
    return out


__all__ = ["Problem", "practice", "chapter_key", "build"]
