"""``mibun check-answer TASK ANSWER [--wrt x] [--kind …] [--to …] [--steps]``: grade a student's answer,
name the misconception and show where the path leaves the worked solution (Korean or English).

An answer that starts with a minus sign goes after ``--``: ``mibun check-answer "cos x" -- "-sin x"``."""

from __future__ import annotations

from mibun.cli.args import common
from mibun.cli.output import Output
from mibun.i18n import t


def register(sub) -> None:
    p = sub.add_parser("check-answer", help="grade a student's derivative, gradient or limit and name the mistake")
    p.add_argument("task", help="the function, e.g. 'x^2 sin x' (or the limit's expression)")
    p.add_argument("answer", help="the student's answer, e.g. '2x cos x', '(2x, 2y)', 'oo', 'DNE'")
    p.add_argument("--wrt", default=None, help="the variable (gradient: 'x,y'); default: the only one, else x")
    p.add_argument("--kind", choices=["derivative", "partial", "limit", "gradient"], default=None,
                   help="what the task asks for (default: derivative; limit when --to is given)")
    p.add_argument("--to", default=None, help="the point of a limit: a number, pi/2, oo or -oo")
    p.add_argument("--steps", action="store_true", help="always show the worked solution")
    common(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from mibun.answers.check import check_answer

    out = Output(json_mode=args.json)
    r = check_answer(args.task, args.answer, wrt=args.wrt, kind=args.kind, to=args.to, lang=args.lang)
    lang = r.lang
    show(out, r, lang, steps=args.steps)
    out.emit(r.to_dict(lang))
    return 0


def show(out: Output, r, lang: str, steps: bool = False, worked: bool = True) -> None:
    """Print an AnswerCheck: heading, answer, verdict in colour, misconception, explanation, notes, steps."""
    from mibun.answers.result import text_of

    out.heading(r.heading(lang))
    out.formula(t("answers.label.answer", lang) + ":", text_of(r.answer))
    out.verdict(r.correct is True, f"{t('answers.label.verdict', lang)}: {t(f'answers.verdict.{r.verdict}', lang)}")
    if r.correct is not True:
        out.formula(t("answers.label.expected", lang) + ":", text_of(r.expected))
    name = r.misconception_name(lang)
    if name:
        out.line(f"{t('answers.label.misconception', lang)}: {name}", style="bold yellow")
    expl = r.explain(lang)
    if expl and r.correct is not True:
        out.line(f"{t('answers.label.why', lang)}: {expl}")
    for n in r.note_lines(lang):
        out.line(f"• {n}")
    if worked and r.steps is not None and (steps or r.correct is False):
        out.line(f"{t('answers.label.steps', lang)}:")
        for line in r.steps.text(lang).splitlines():
            out.line("  " + line, style="bold red" if "⚠" in line else None)
