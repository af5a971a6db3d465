"""``mibun grad EXPR --at x=4,y=-2`` (gradient and total differential), ``mibun jacobian EXPR…``,
``mibun hessian EXPR``: symbolic, with the value at a point checked by automatic differentiation."""

from __future__ import annotations

import numpy as np

from mibun.cli.args import common, expression, point
from mibun.cli.output import Output
from mibun.errors import InputError
from mibun.i18n import t


def register(sub) -> None:
    for name, helptext in (("grad", "gradient and total differential of a formula of several variables"),
                           ("jacobian", "Jacobian matrix of several formulas"),
                           ("hessian", "Hessian matrix of a formula")):
        p = sub.add_parser(name, help=helptext)
        if name == "jacobian":
            p.add_argument("expr", nargs="+", help="the component formulas, e.g. 'x*y' 'x+y' (or one "
                                                   "argument with ';' between them)")
        else:
            p.add_argument("expr", help="e.g. 'x^2 + 3xy + y - 3'")
        p.add_argument("--vars", default=None, help="variables in order, e.g. x,y (default: sorted)")
        p.add_argument("--at", default=None, help="evaluate at a point, e.g. x=4,y=-2")
        p.add_argument("--steps", action="store_true", help="show every rule applied")
        common(p)
        p.set_defaults(func=run, which=name)


def _vars(exprs, given):
    if given:
        return [v.strip() for v in given.split(",") if v.strip()]
    names = sorted({str(s) for e in exprs for s in e.free_symbols})
    if not names:
        raise InputError("cli.err.no_variable")
    return names


def _matrix_rows(m) -> list[list[str]]:
    from mibun.symbolic.derivation import text_of

    return [[text_of(m[i, j]) for j in range(m.shape[1])] for i in range(m.shape[0])]


def _value(m, names, pt) -> np.ndarray:
    import sympy as sp

    missing = [n for n in names if n not in pt]
    if missing:
        raise InputError("cli.err.at_missing", names=", ".join(missing))
    subs = {sp.Symbol(k): sp.nsimplify(v) if float(v).is_integer() else sp.Float(v) for k, v in pt.items()}
    return np.array(m.subs(subs).evalf(), dtype=float)


def run(args) -> int:
    import sympy as sp

    import mibun as mb
    from mibun.symbolic import gradient, jacobian, total_differential
    from mibun.symbolic.compile import compile_expr
    from mibun.symbolic.derivation import text_of

    lang = args.lang
    out = Output(json_mode=args.json)
    which = args.which
    if which == "jacobian":
        texts = [s for e in args.expr for s in e.split(";") if s.strip()]
        exprs = [expression(s) for s in texts]
    else:
        exprs = [expression(args.expr)]
    names = _vars(exprs, args.vars)
    syms = [sp.Symbol(n) for n in names]
    data: dict = {"expression": [str(e) for e in exprs] if which == "jacobian" else str(exprs[0]),
                  "variables": names}
    if which == "grad":
        d = gradient(exprs[0], syms)
    elif which == "jacobian":
        d = jacobian(exprs, syms)
    else:
        d = jacobian(list(gradient(exprs[0], syms).result), syms)
    m = sp.Matrix(d.result)
    out.heading(t(f"cli.{which}.title", lang, expr="; ".join(text_of(e) for e in exprs)))
    if args.steps:
        for line in d.text(lang).splitlines():
            out.line(line)
    rows = _matrix_rows(m)
    if which == "grad":
        for n, r in zip(names, rows, strict=False):
            out.formula(f"∂f/∂{n} =", r[0])
        td = total_differential(exprs[0], syms)
        out.formula(t("cli.grad.total", lang), f"df = {text_of(td.result)}")
        data["gradient"] = [r[0] for r in rows]
        data["total_differential"] = str(td.result)
    else:
        out.table([""] + names, [[f"[{i}]"] + r for i, r in enumerate(rows)])
        data["matrix"] = rows
    if args.at:
        pt = point(args.at)
        val = _value(m, names, pt)
        # the same numbers by automatic differentiation, as a check
        fs = [compile_expr(e.subs({sp.Symbol(k): v for k, v in pt.items() if k not in names}), syms,
                           backend="mibun") for e in exprs]
        x0 = np.array([pt[n] for n in names], dtype=float)
        if which == "grad":
            auto = mb.grad(lambda v: fs[0](*[v[i] for i in range(len(names))]))(x0).reshape(-1, 1)
        elif which == "jacobian":
            auto = mb.jacobian(lambda v: mb.stack([f(*[v[i] for i in range(len(names))]) for f in fs]))(x0)
        else:
            auto = mb.hessian(lambda v: fs[0](*[v[i] for i in range(len(names))]))(x0)
        where = ", ".join(f"{k} = {v:g}" for k, v in pt.items())
        out.line(t("cli.multivar.at", lang, point=where))
        out.table([""] + (names if which != "grad" else [t("cli.multivar.value", lang)]),
                  [[f"[{i}]"] + [float(v) for v in r] for i, r in enumerate(np.atleast_2d(val))])
        agree = bool(np.allclose(val.reshape(auto.shape), auto, rtol=1e-9, atol=1e-12))
        out.verdict(agree, t("cli.multivar.autodiff_ok" if agree else "cli.multivar.autodiff_bad", lang))
        data["at"] = {"point": pt, "value": val.tolist(), "autodiff": np.asarray(auto).tolist(), "agree": agree}
        out.emit(data)
        return 0 if agree else 1
    out.emit(data)
    return 0
