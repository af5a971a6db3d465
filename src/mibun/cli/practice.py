"""``mibun practice CHAPTER [--n 5] [--seed S] [--level 1..3]``: generated exercises for a chapter, in the
terminal — a problem, your answer, the verdict, and one hint at a time (an empty line asks for a hint, ``q``
stops). With ``--json`` the problems (with answers and hints) are printed for scripting instead.
Chapter names take hyphens or underscores: ``chain-rule`` or ``chain_rule``."""

from __future__ import annotations

import sys

from mibun.cli.args import common, seed
from mibun.cli.output import Output
from mibun.i18n import resolve_lang, t


def register(sub) -> None:
    from mibun.answers.chapters import CHAPTERS

    p = sub.add_parser("practice", help="practise a chapter: generated problems graded as you answer")
    p.add_argument("chapter", help="one of: " + ", ".join(c.replace("_", "-") for c in CHAPTERS))
    p.add_argument("--n", type=int, default=5, help="how many problems (default 5)")
    p.add_argument("--seed", type=seed, default=None, help="the same seed gives the same problems")
    p.add_argument("--level", type=int, choices=[1, 2, 3], default=1, help="difficulty 1 to 3 (default 1)")
    common(p)
    p.set_defaults(func=run)


def run(args) -> int:
    import os

    from mibun.answers.practice import practice

    lang = resolve_lang(args.lang)
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(2), "little")
    problems = practice(args.chapter, n=args.n, seed=seed, level=args.level, lang=lang)
    out = Output(json_mode=args.json)
    if args.json:
        out.emit({"chapter": problems[0].chapter, "seed": seed, "level": args.level,
                  "problems": [p.to_dict() for p in problems]})
        return 0
    return session(out, problems, lang, sys.stdin)


def session(out: Output, problems, lang: str, stream) -> int:
    """Ask each problem, read answers from ``stream``, show verdicts and hints one at a time."""
    from mibun.cli.check_answer import show
    from mibun.errors import MibunError

    right = 0
    for i, p in enumerate(problems, 1):
        out.heading(t("answers.practice.problem", lang, i=i, n=len(problems)))
        out.line(p.question(lang))
        shown = 0
        while True:
            line = _ask(t("answers.practice.prompt", lang), stream)
            if line is None or line.strip().lower() in ("q", "quit", "exit", "끝"):
                out.line(t("answers.practice.score", lang, right=right, n=len(problems)))
                return 0
            if not line.strip():
                if shown < len(p.hints):
                    out.line(f"{t('answers.label.hint', lang)}: {p.hints[shown]}", style="cyan")
                    shown += 1
                if shown >= len(p.hints):
                    break
                continue
            try:
                r = p.check(line.strip(), lang=lang)
            except MibunError as exc:
                out.line(t("cli.error", lang, msg=" ".join(str(exc).split())), style="red")
                continue
            show(out, r, lang, worked=False)
            if r.correct:
                right += 1
                break
            if shown < len(p.hints):
                out.line(f"{t('answers.label.hint', lang)}: {p.hints[shown]}", style="cyan")
                shown += 1
            if shown >= len(p.hints):
                break
    out.line(t("answers.practice.score", lang, right=right, n=len(problems)))
    return 0


def _ask(prompt: str, stream) -> str | None:
    if stream.isatty():
        try:
            return input(prompt)
        except EOFError:
            return None
    print(prompt, end="", flush=True)
    line = stream.readline()
    if not line:
        print()
        return None
    print(line.rstrip("\n"))
    return line
