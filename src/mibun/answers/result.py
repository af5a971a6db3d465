"""The result of grading one answer: :class:`AnswerCheck` (a dataclass of fields; text, LaTeX, HTML, Markdown
and a JSON-safe dict are renderings of them, in Korean or English)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from mibun.i18n import resolve_lang, t
from mibun.report import Report, words

VERDICTS = ("correct", "incorrect", "undecided")


def text_of(e: Any) -> str:
    from mibun.answers.reading import DNE
    from mibun.symbolic.derivation import text_of as tx

    if e is DNE:
        return "DNE"
    if e is sp.oo:
        return "∞"
    if e is sp.S.NegativeInfinity:
        return "−∞"
    if isinstance(e, (list, tuple)):
        return "(" + ", ".join(text_of(v) for v in e) + ")"
    if isinstance(e, sp.MatrixBase):
        return text_of(list(e))
    return tx(e)


def latex_of(e: Any) -> str:
    from mibun.answers.reading import DNE
    from mibun.symbolic.derivation import latex_of as lx

    if e is DNE:
        return r"\text{DNE}"
    if isinstance(e, (list, tuple)):
        return r"\left(" + ", ".join(latex_of(v) for v in e) + r"\right)"
    if isinstance(e, sp.MatrixBase):
        return latex_of(list(e))
    return lx(e)


def _field(v: Any, lang: str) -> Any:
    """A note's field as text: a parser note in ``lang``, an expression as plain text."""
    if isinstance(v, (str, int, float)):
        return v
    if hasattr(v, "key") and hasattr(v, "text"):
        return v.text(lang)
    return text_of(v)


@dataclass
class AnswerCheck(Report):
    """The verdict on a student's answer.

    ``correct``: True / False / None (cannot decide); ``verdict``: "correct" | "incorrect" | "undecided";
    ``expected``: the right answer (SymPy; a list for a gradient; ±oo or DNE for a limit);
    ``misconception``: a catalogue key or None; ``explanation``: what went wrong, the rule and where the path
    diverges, in ``lang``; ``steps``: the worked :class:`~mibun.symbolic.Derivation` (divergent step marked);
    ``notes``: (catalogue key, fields) pairs; ``diverged``: the step where the path leaves the worked solution
    (rule, expression, right and wrong result) or None."""

    task: Any
    answer: Any
    kind: str
    wrt: Any
    correct: bool | None
    verdict: str
    expected: Any
    misconception: str | None = None
    steps: Any = None
    notes: list[tuple[str, dict]] = field(default_factory=list)
    diverged: dict | None = None
    to: Any = None
    how: str = ""
    factor: Any = None
    also: list[str] = field(default_factory=list)
    lang: str = "en"

    # -- the JSON: these fields (expressions as text), the words below in the requested language, and the
    # worked steps' own JSON (mibun.report's one encoder); "also" is written "also_possible"
    _dict_fields = ("task", "answer", "kind", "wrt", "to", "correct", "verdict", "expected", "misconception",
                    "also", "how", "factor", "diverged", "steps")
    _dict_names = {"also": "also_possible"}
    _dict_lang = True

    def __bool__(self) -> bool:
        return self.correct is True

    def __repr__(self) -> str:
        mis = f" misconception={self.misconception!r}" if self.misconception else ""
        return f"<AnswerCheck {self.verdict}{mis} expected={text_of(self.expected)}>"

    # -- pieces ---------------------------------------------------------------------------------------
    def heading(self, lang: str | None = None) -> str:
        lang = resolve_lang(lang or self.lang)
        var = ", ".join(text_of(v) for v in self.wrt) if isinstance(self.wrt, (list, tuple)) else text_of(self.wrt)
        task = text_of(self.task)
        if self.kind != "gradient" and isinstance(self.task, sp.Basic):
            from mibun.symbolic.derivation import _wrap

            task = _wrap(task, self.task)
        return t(f"answers.heading.{self.kind}", lang, var=var, task=task,
                 to=text_of(self.to) if self.to is not None else "")

    @words("notes")
    def note_lines(self, lang: str | None = None) -> list[str]:
        lang = resolve_lang(lang or self.lang)
        out = []
        for key, fields in self.notes:
            out.append(t(key, lang, **{k: _field(v, lang) for k, v in fields.items()}))
        return out

    @words()
    def verdict_text(self, lang: str | None = None) -> str:
        """The verdict in words, in ``lang`` (the text's bold line; the JSON's ``"verdict_text"``)."""
        return t(f"answers.verdict.{self.verdict}", resolve_lang(lang or self.lang))

    @words()
    def misconception_name(self, lang: str | None = None) -> str | None:
        if not self.misconception:
            return None
        return t(f"answers.mis.{self.misconception}.name", resolve_lang(lang or self.lang))

    @property
    def explanation(self) -> str:
        """What went wrong (the rule, where the path diverges), in the result's language."""
        return self.explain(self.lang)

    @words("explanation")
    def explain(self, lang: str | None = None) -> str:
        """The explanation in ``lang`` (rebuilt, so a result made in Korean explains itself in English too)."""
        from mibun.answers.check import explanation

        lang = resolve_lang(lang or self.lang)
        return explanation(self, lang)

    # -- renderings (text, Markdown, HTML, LaTeX come from these blocks through mibun.report) -------------
    def blocks(self, lang: str) -> list:
        from mibun.report import Heading, Math, Para

        out: list = [Heading(self.heading(lang)),
                     Math(text_of(self.answer), latex_of(self.answer), label=t("answers.label.answer", lang) + ":"),
                     Para(f"{t('answers.label.verdict', lang)}: {self.verdict_text(lang)}", strong=True)]
        if self.correct is not True:
            out.append(Math(text_of(self.expected), latex_of(self.expected),
                            label=t("answers.label.expected", lang) + ":"))
        name = self.misconception_name(lang)
        if name:
            out.append(Para(f"{t('answers.label.misconception', lang)}: {name}", strong=True))
        expl = self.explain(lang)
        if expl:
            out.append(Para(f"{t('answers.label.why', lang)}: {expl}"))
        notes = self.note_lines(lang)
        if notes:
            out.append(Para("\n".join(f"• {n}" for n in notes)))
        if self.steps is not None and self.correct is not True:
            out.append(Para(f"{t('answers.label.steps', lang)}:"))
            out += _nested(self.steps.blocks(lang))
        return out

    def _repr_latex_(self) -> str:
        return f"$$\n{self.latex()}\n$$"

    def _dict_value(self, name: str, value: Any) -> Any:
        """Expressions as plain text (the variables and a gradient's components one by one); the rest as is."""
        if name in ("kind", "correct", "verdict", "misconception", "also", "how", "steps") or value is None:
            return value
        if name == "diverged":
            return {k: v if isinstance(v, str) else text_of(v) for k, v in value.items()}
        if name in ("wrt", "expected") and isinstance(value, (list, tuple)):
            return [None if v is None else text_of(v) for v in value]
        return text_of(value)

    def _dict_extra(self) -> dict[str, Any]:
        return {"expected_latex": latex_of(self.expected)}


__all__ = ["AnswerCheck", "VERDICTS", "text_of", "latex_of"]


def _nested(blocks: list) -> list:
    """A worked derivation's blocks one level deeper (its steps inside the answer's report)."""
    from dataclasses import replace

    from mibun.report import Math, Para

    return [replace(b, indent=b.indent + 1) if isinstance(b, (Para, Math)) else b for b in blocks]
