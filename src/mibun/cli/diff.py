"""``mibun diff EXPR [--wrt x] [--at x=3,y=2] [--steps] [--definition] [--latex] [--plot FILE]``:
the derivative of a formula, with every rule explained (Korean or English)."""

from __future__ import annotations

from typing import Any

from mibun.cli.args import common, point
from mibun.cli.output import Output
from mibun.errors import InputError
from mibun.i18n import t


def register(sub) -> None:
    p = sub.add_parser("diff", help="differentiate a formula, with the steps")
    p.add_argument("expr", help="e.g. 'x^2 sin x', '7xy/e^(x^2+y^2)', '\\frac{1}{1+e^{-x}}'")
    p.add_argument("--wrt", default=None, help="the variable (default: the only one, else x)")
    p.add_argument("--at", default=None, help="evaluate the derivative at a point, e.g. x=3,y=2")
    p.add_argument("--steps", action="store_true", help="show every rule applied")
    p.add_argument("--definition", action="store_true",
                   help="derive it from the limit definition (f(x+h) − f(x))/h, h → 0")
    p.add_argument("--latex", action="store_true", help="print the steps as LaTeX")
    p.add_argument("--plot", default=None, metavar="FILE", help="draw f and f′ to an image file")
    common(p)
    p.set_defaults(func=run)


def pick_variable(expr, wrt: str | None) -> str:
    """The variable to differentiate by: --wrt, else the only free symbol, else x."""
    names = sorted(str(s) for s in expr.free_symbols)
    if wrt:
        return wrt
    if len(names) == 1:
        return names[0]
    if "x" in names or not names:
        return "x"
    raise InputError("cli.err.which_var", expr=str(expr), names=", ".join(names))


def run(args) -> int:
    import mibun as mb

    lang = args.lang
    out = Output(json_mode=args.json)
    if args.plot:  # refused before any work when it cannot be written
        from mibun.files import output_path

        output_path(args.plot, lang=lang)
    from mibun.symbolic.parser import parse_with_notes

    parsed = parse_with_notes(args.expr, wrt=args.wrt)
    expr = parsed.expr
    var = args.wrt or parsed.var or pick_variable(expr, None) if parsed.equation is None else (args.wrt or parsed.var)
    d = mb.diff(parsed, var, method="definition" if args.definition else "rules")
    var = str(d.var)
    data: dict[str, Any] = {"expression": str(expr), "variable": var, "derivative": str(d.result),
            "notes": [n.text(lang) for n in d.notes]}
    if args.steps or args.definition:
        lines = d.text(lang).splitlines()
        out.heading(lines[0])
        for line in lines[1:]:
            out.line(line)
    else:
        out.heading(d.heading(lang))
        for n in d.notes:
            out.line(f"※ {n.text(lang)}")
        out.formula(t("cli.diff.answer", lang), f"{d.lhs(False)} = {_text(d.result)}")
        if d.point:
            from mibun.symbolic.derivation.render import point_value

            pv = point_value(d)
            if pv is not None:
                out.formula(t("cli.diff.value", lang, point=pv[0]), pv[1])
    if args.latex:
        out.line(d.latex(lang))
        data["latex"] = d.latex(lang)
    if args.at:
        pt = point(args.at)
        where = ", ".join(f"{k} = {val:g}" for k, val in pt.items())
        _in_domain(expr, pt, d, where)
        v = d.at(**pt)
        if isinstance(v.value, complex):   # √x at x = −1: outside the domain, not a complex answer
            from mibun.errors import DomainError

            raise DomainError("symbolic.err.not_real_at", deriv=_text(d.result), point=where, expr=_text(expr))
        out.formula(t("cli.diff.value", lang, point=where), f"{_text(v.exact)}  ≈ {float(v):.12g}")
        data["at"] = {"point": pt, "exact": str(v.exact), "value": float(v)}
    if args.plot:
        from mibun import plot as P

        free = sorted(str(s) for s in expr.free_symbols)
        if len(free) > 1:
            raise InputError("cli.err.diff_plot_one_var", expr=str(expr), n=len(free), names=", ".join(free))
        P.save(P.function_and_derivative(expr, var=var, lang=lang), args.plot, close=True)
        out.line(t("cli.plot.saved", lang, path=args.plot))
        data["plot"] = args.plot
    if args.json:
        data["steps"] = d.to_dict(lang)
    out.emit(data)
    return 0


def _in_domain(expr, pt: dict, d, where: str) -> None:
    """A point where f itself is not a real number (ln x at x = −2) has no derivative, whatever the formula
    of f′ gives there (1/x = −1/2): DomainError."""
    import sympy as sp

    from mibun.errors import DomainError

    names = {s.name: s for s in expr.free_symbols}
    if not all(k in names for k in pt):
        return   # an unknown name: d.at says which
    value = expr.xreplace({names[k]: sp.nsimplify(v) for k, v in pt.items()})
    if value.free_symbols:
        return
    value = sp.N(value, 20)
    if value.has(sp.zoo, sp.nan) or value.is_real is False:
        raise DomainError("symbolic.err.not_real_at", deriv=_text(d.result), point=where, expr=_text(expr))


def _text(e) -> str:
    from mibun.symbolic.derivation import text_of

    return text_of(e)
