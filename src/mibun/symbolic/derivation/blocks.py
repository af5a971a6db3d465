"""A :class:`~mibun.symbolic.derivation.Derivation` as report blocks: the heading, how the input was read,
the step tree (rule, formula, substitutions, notes, substeps, the relation it gives) and the answer. Text,
Markdown, HTML and LaTeX all come from these blocks through ``mibun.report``'s one renderer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mibun.i18n import t
from mibun.report.document import Block, Math, Para
from mibun.symbolic.derivation.render import StepView, _answer, _given_text, _relation, _tex_escape, lhs, point_value
from mibun.symbolic.rules import Step

if TYPE_CHECKING:
    from mibun.symbolic.derivation.result import Derivation


def derivation_blocks(d: Derivation, lang: str) -> list[Block]:
    """Heading, notes (※), the steps, ``Answer: d/dx (…) = …`` and, for f'(2), the value at the point."""
    b: list[Block] = [Para(d.heading(lang), strong=True)]
    b += [Para(f"※ {n.text(lang)}", css="mibun-note") for n in d.notes]
    for s in d.steps:
        b += _step(s, lang, 0)
    word = t("symbolic.answer", lang)
    b.append(Math(f"{word}: {lhs(d, False)} = {_answer(d, False)}",
                  rf"\textbf{{{word}}}\quad {lhs(d, True)} = {_answer(d, True)}"))
    pv = point_value(d)
    if pv is not None:
        b.append(Para(f"{t('symbolic.value_at', lang, point=pv[0])}: {pv[1]}"))
    return b


def _step(step: Step, lang: str, depth: int) -> list[Block]:
    """One step: its title and notes are ``StepView``'s words, the same its JSON holds."""
    view = StepView(step)
    title = view.title(lang)
    text, tex = f"• {title}", rf"\bullet\ \textbf{{{_tex_escape(title)}}}"
    if step.formula:
        text, tex = text + f": {step.formula[0]}", tex + rf":\ {step.formula[1]}"
    b: list[Block] = [Math(text, tex, indent=depth)]
    given = _given_text(step, False)
    if given:
        key = "symbolic.let" if step.rule == "chain" else "symbolic.where"
        before, _, after = t(key, lang, assign="@@").partition("@@")
        parts = [rf"\text{{{_tex_escape(before)}}}"] if before.strip() else []
        parts.append(_given_text(step, True))
        parts += [rf"\text{{{_tex_escape(after)}}}"] if after.strip() else []
        b.append(Math(t(key, lang, assign=given), r"\ ".join(parts), indent=depth + 1))
    b += [Para(note, indent=depth + 1) for note in view.notes(lang)]
    for s in step.substeps:
        b += _step(s, lang, depth + 1)
    rel = _relation(step, False)
    if rel:
        b.append(Math(f"⇒ {rel}", rf"\Rightarrow\ {_relation(step, True)}", indent=depth + 1))
    return b


__all__ = ["derivation_blocks"]
