"""``mibun plot KIND [EXPR] -o FILE``: the course's figures for any function you type.

    mibun plot function "x^3 - 3x" -o f.png             f and f′
    mibun plot secant "x^2" --at 3 -o secants.png        secants for h = 1, 0.5, 0.1, 0.01 → tangent
    mibun plot tangent "e^x" --at 0 -o tangent.png       linear approximation and its error
    mibun plot error "sin(x)" --at 1 -o error.png        finite-difference error vs h (the V)
    mibun plot limit "(x^2-1)/(x-1)" --to 1 -o lim.png   one-sided approach
    mibun plot partial "x^2 + 3xy" --at x=1,y=-1 -o p.png
    mibun plot gradient "x^2 + 3y^2" -o grad.png
    mibun plot descent rosenbrock -o paths.png           (or beale, or an expression in x, y)
    mibun plot activations -o act.png
    mibun plot training history.json -o curves.png       per-epoch lists saved as JSON
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mibun.cli.args import common, expression, number, point
from mibun.errors import InputError
from mibun.i18n import t
from mibun.report import dumps

NEEDS_EXPR = {"function", "secant", "tangent", "error", "limit", "partial", "gradient"}


def register(sub) -> None:
    p = sub.add_parser("plot", help="draw a figure (function, secant, tangent, error, limit, partial, gradient, "
                                    "descent, activations, training)")
    p.add_argument("kind", help="function | secant | tangent | error | limit | partial | gradient | descent | "
                                "activations | training")
    p.add_argument("expr", nargs="?", default=None,
                   help="the function (text), 'rosenbrock'/'beale' for descent, a JSON file for training")
    p.add_argument("-o", "--output", required=True, help="image file: .png, .svg or .pdf")
    p.add_argument("--at", default=None, help="the point: x0 (one variable) or x=1,y=-1 (two)")
    p.add_argument("--to", default=None, help="for limit: the value approached")
    p.add_argument("--side", choices=["+", "-", "both"], default="both", help="for limit")
    p.add_argument("--var", default=None, help="the variable (default: the expression's own)")
    p.add_argument("--xlim", default=None, help="x range, e.g. -3,3")
    p.add_argument("--ylim", default=None, help="y range, e.g. -2,2")
    p.add_argument("--hs", default=None, help="for secant: steps h, e.g. 1,0.5,0.1,0.01")
    p.add_argument("--optimizers", default=None, help="for descent: e.g. gd,momentum,adam")
    p.add_argument("--start", default=None, help="for descent: start point, e.g. -1.5,2")
    p.add_argument("--steps", type=int, default=None, help="for descent: number of steps")
    p.add_argument("--lr", type=float, default=None, help="for descent: learning rate")
    p.add_argument("--names", default=None, help="for activations: e.g. sigmoid,tanh,relu,softplus")
    common(p)
    p.set_defaults(func=run)


def _pair(text: str | None, what: str):
    if text is None:
        return None
    parts = [s for s in text.replace(" ", "").split(",") if s]
    if len(parts) != 2:
        raise InputError("cli.err.pair", flag=what, text=repr(text))
    return tuple(number(p, what=what) for p in parts)


def _variables(expr, given: str | None, count: int):
    if given:
        names = [v.strip() for v in given.split(",")]
    else:
        names = sorted(str(s) for s in expr.free_symbols)
    if count == 1 and len(names) != 1:
        raise InputError("cli.err.plot_one_var", expr=str(expr), n=len(names), names=", ".join(names))
    if count == 2 and len(names) != 2:
        raise InputError("cli.err.plot_two_vars", expr=str(expr), n=len(names), names=", ".join(names))
    return names


def _x0(args) -> float:
    if args.at is None:
        raise InputError("cli.err.plot_needs_at", kind=args.kind)
    return number(args.at.split("=", 1)[-1], what="--at")


def run(args) -> int:
    from mibun import plot as P

    kind = args.kind
    if kind not in P.KINDS:
        raise InputError("cli.err.plot_kind", kind=repr(kind), known=", ".join(P.KINDS))
    lang = args.lang
    if kind in NEEDS_EXPR and not args.expr:
        raise InputError("cli.err.plot_needs_expr", kind=kind)
    from mibun.files import output_path

    output_path(args.output, lang=lang)  # refused before any work when it cannot be written
    xlim, ylim = _pair(args.xlim, "--xlim"), _pair(args.ylim, "--ylim")
    kw = {"lang": lang}
    if kind in ("function", "secant", "tangent", "error", "limit"):
        expr = expression(args.expr)
        (var,) = _variables(expr, args.var, 1)
        if kind == "function":
            fig = P.function_and_derivative(expr, var=var, **({"xlim": xlim} if xlim else {}), **kw)
        elif kind == "secant":
            hs = tuple(number(h, "--hs") for h in args.hs.split(",")) if args.hs else (1, 0.5, 0.1, 0.01)
            fig = P.secants(expr, _x0(args), hs=hs, var=var, xlim=xlim, **kw)
        elif kind == "tangent":
            fig = P.tangent_line(expr, _x0(args), var=var, xlim=xlim, **kw)
        elif kind == "error":
            fig = P.difference_error(expr, _x0(args), var=var, **kw)
        else:
            if args.to is None:
                raise InputError("cli.err.plot_needs_to")
            fig = P.limit_approach(expr, number(args.to, "--to"), side=args.side, var=var, **kw)
    elif kind in ("partial", "gradient"):
        expr = expression(args.expr)
        names = _variables(expr, args.var, 2)
        if kind == "partial":
            at = point(args.at) if args.at and "=" in args.at else {}
            pt = tuple(at.get(n, 1.0) for n in names)
            fig = P.partial_slices(expr, point=pt, vars=tuple(names), xlim=xlim, ylim=ylim, **kw)
        else:
            fig = P.gradient_field(expr, xlim=xlim or (-2, 2), ylim=ylim or (-2, 2), vars=tuple(names), **kw)
    elif kind == "descent":
        target = (args.expr or "rosenbrock").strip()
        f = target if target.lower() in ("rosenbrock", "beale") else expression(target)
        opts: dict[str, Any] = {}
        if args.optimizers:
            opts["optimizers"] = tuple(o.strip().lower() for o in args.optimizers.split(","))
        if args.start:
            opts["start"] = _pair(args.start, "--start")
        if args.steps:
            opts["steps"] = args.steps
        if args.lr:
            opts["lr"] = args.lr
        if xlim:
            opts["xlim"] = xlim
        if ylim:
            opts["ylim"] = ylim
        fig = P.descent_paths(f.lower() if isinstance(f, str) else f, **opts, **kw)
    elif kind == "activations":
        names = tuple(n.strip() for n in args.names.split(",")) if args.names else ("sigmoid", "tanh", "relu")
        fig = P.activations(names, **({"xlim": xlim} if xlim else {}), **kw)
    else:  # training
        if not args.expr:
            raise InputError("cli.err.plot_training_file")
        path = Path(args.expr)
        if not path.is_file():
            raise InputError("cli.err.no_file", path=repr(str(path)))
        try:
            history = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError("cli.err.not_json", path=str(path), detail=str(exc)) from None
        fig = P.training_curves(history, **kw)
    out = P.save(fig, args.output, close=True)
    if args.json:
        print(dumps({"kind": kind, "file": str(out)}, indent=None))
    else:
        print(t("cli.plot.saved", lang, path=str(out)))
    return 0
