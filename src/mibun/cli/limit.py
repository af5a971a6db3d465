"""``mibun limit EXPR --to A [--side +|-] [--table]``: a limit, approached numerically from each side
and confirmed by SymPy."""

from __future__ import annotations

from mibun.cli.args import common, expression, number
from mibun.cli.output import Output
from mibun.i18n import t


def register(sub) -> None:
    p = sub.add_parser("limit", help="the limit of an expression as a variable approaches a value")
    p.add_argument("expr", help="e.g. '(x^2-1)/(x-1)', 'sin(x)/x', '(1+3/n)^n'")
    p.add_argument("--to", required=True, help="the value approached: a number, pi/2, inf or -inf")
    p.add_argument("--side", choices=["+", "-", "both"], default="both", help="approach from the right (+), "
                   "the left (-) or both (default)")
    p.add_argument("--var", default=None, help="the variable (default: the expression's only variable)")
    p.add_argument("--table", action="store_true", help="show the values approaching the limit")
    p.add_argument("--steps", action="store_true", help="show the algebra: factor, rationalise, standard limits, "
                   "L'Hôpital, squeeze")
    common(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from mibun.numeric import limit

    lang = args.lang
    out = Output(json_mode=args.json)
    expr = expression(args.expr)
    x0 = number(args.to, what="--to")
    res = limit(expr, x0, side=args.side, var=args.var)
    import math

    from mibun.report import fmt
    from mibun.symbolic.derivation import text_of

    shown = args.to if math.isfinite(x0) else fmt(x0)   # pi/2 as typed; inf as ∞
    out.heading(t("cli.limit.title", lang, expr=text_of(expr), x0=shown, var=res.var))
    for line in res.text(lang).splitlines():
        out.line(line)
    if getattr(args, "steps", False):
        from mibun.symbolic import limit_steps

        d = limit_steps(args.expr, var=args.var, to=args.to, side=args.side)
        for line in d.text(lang).splitlines():
            out.line(line)
    if args.table:
        tab = res.table
        out.table(tab.headers(lang), [list(r) for r in tab.cells()], title=None)
    out.emit({"expression": str(expr), **res.to_dict(lang)})
    return 0
