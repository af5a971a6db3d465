"""``mibun check EXPR --at x=1,y=2``: the derivative four ways (symbolic, reverse, forward, numerical)
and whether they agree. Exit status 1 when they do not."""

from __future__ import annotations

from mibun.cli.args import common, expression, point
from mibun.cli.output import Output
from mibun.i18n import t
from mibun.report import fmt_sci


def register(sub) -> None:
    p = sub.add_parser("check", help="compare symbolic, reverse-mode, forward-mode and numerical derivatives")
    p.add_argument("expr", help="e.g. 'x^2 + 3xy + y - 3'")
    p.add_argument("--at", required=True, help="the point, e.g. x=4,y=-2")
    p.add_argument("--wrt", default=None, help="variables to differentiate by, comma-separated (default: all)")
    common(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from mibun.crosscheck import check

    lang = args.lang
    out = Output(json_mode=args.json)
    expr = expression(args.expr)
    wrt = [w.strip() for w in args.wrt.split(",")] if args.wrt else None
    rep = check(expr, at=point(args.at), wrt=wrt, lang=lang)
    from mibun.symbolic.derivation import text_of

    out.heading(t("cli.check.title", lang, expr=text_of(expr)))
    if rep.not_differentiable:
        from mibun.crosscheck import not_differentiable_text

        for nd in rep.not_differentiable:
            out.verdict(False, not_differentiable_text(nd, rep.point, lang))
        out.emit(rep.to_dict(lang))
        return 1
    table = rep.table()
    out.table(table.headers(lang), table.cells())
    if rep.symbolic_exprs is not None:
        for v, d in zip(rep.variables, rep.symbolic_exprs, strict=True):
            out.formula(f"∂f/∂{v} =", text_of(d))
    out.line(t("check.maxdiff", lang, d=fmt_sci(rep.max_rel_diff)))
    if rep.agree:
        out.verdict(True, t("check.agree", lang))
    else:
        for method, var, rel in rep.disagreements:
            out.verdict(False, t("check.disagree", lang, method=t(f"check.method.{method}", lang), var=var,
                                 d=fmt_sci(rel)))
    out.emit(rep.to_dict(lang))
    return 0 if rep.agree else 1
