"""The tour's section on checking answers: a wrong answer graded (misconception and divergent step), a
practice problem with its hints."""

from __future__ import annotations

from mibun.i18n import t


def section(lang: str) -> tuple[str, str, dict]:
    """(title, text, data) of the tour section."""
    from mibun.answers.check import check_answer
    from mibun.answers.practice import practice

    r = check_answer("x^2 sin x", "2x cos x", lang=lang)
    (p,) = practice("chain_rule", n=1, seed=1, level=2, lang=lang)
    lines = ["$ mibun check-answer \"x^2 sin x\" \"2x cos x\"", r.text(lang), "",
             t("answers.tour.practice", lang), p.question(lang)]
    lines += [f"  {t('answers.label.hint', lang)} {i}: {h}" for i, h in enumerate(p.hints, 1)]
    return t("answers.tour.title", lang), "\n".join(lines), {"misconception": r.misconception,
                                                             "problem": p.to_dict()}


__all__ = ["section"]
