"""``mibun quotient EXPR --at X0 --h H [--hs H1,H2,…]``: the difference quotient as the course writes it.

    mibun quotient "x^2" --at 3 --h 0.01
    → (f(3 + 0.01) − f(3))/0.01 = 6.01; f′(3) = 6; error 0.01 ≈ f″(3)·h/2

then the table over h = 10⁻¹ … 10⁻¹² (or ``--hs``), the given h marked, forward and central quotients and
their errors: the error falls with h, then rises again as round-off takes over — the V.
"""

from __future__ import annotations

import math

from mibun.cli.args import common, expression, number
from mibun.cli.output import Output
from mibun.errors import InputError
from mibun.i18n import t

DEFAULT_HS = tuple(10.0 ** -k for k in range(1, 13))


def register(sub) -> None:
    p = sub.add_parser("quotient", help="the difference quotient (f(x+h) − f(x))/h, its error, and the table over h")
    p.add_argument("expr", help="the function, e.g. 'x^2'")
    p.add_argument("--at", required=True, help="the point x₀, e.g. 3 (or x=3)")
    p.add_argument("--h", default="0.01", help="the step h (default 0.01)")
    p.add_argument("--hs", default=None, help="the steps of the table, e.g. 1,0.1,0.01 (default 1e-1 … 1e-12)")
    p.add_argument("--var", default=None, help="the variable (default: the expression's own)")
    common(p)
    p.set_defaults(func=run)


def shown(q: float, rounding: float) -> str:
    """q to the digits that floating point got right: 6.010000000000849 with round-off 2e-12 → 6.01."""
    if not math.isfinite(q):
        return str(q)
    if rounding <= 0 or q == 0:
        return f"{q:.15g}"
    keep = max(1, min(15, int(math.floor(math.log10(abs(q)) - math.log10(rounding)))))
    return f"{float(f'{q:.{keep}g}'):.{keep}g}"


def run(args) -> int:
    import numpy as np

    from mibun.numeric import difference_table
    from mibun.numeric.evaluation import as_function
    from mibun.symbolic.derivation import text_of

    lang = args.lang
    out = Output(json_mode=args.json)
    expr = expression(args.expr)
    free = sorted(expr.free_symbols, key=str)
    at = args.at.split("=", 1)[1] if "=" in args.at else args.at
    var = args.var or (args.at.split("=", 1)[0].strip() if "=" in args.at else (str(free[0]) if free else "x"))
    if len(free) > 1:
        raise InputError("cli.quotient.one_variable", lang=lang, expr=text_of(expr), n=len(free))
    x0 = number(at, what="--at")
    h = number(args.h, what="--h")
    if not (math.isfinite(h) and h != 0):
        raise InputError("cli.quotient.bad_h", lang=lang, h=args.h)
    hs = [number(s, what="--hs") for s in args.hs.split(",") if s.strip()] if args.hs else list(DEFAULT_HS)
    if any(not (v > 0 and math.isfinite(v)) for v in hs):
        raise InputError("cli.quotient.bad_hs", lang=lang, hs=args.hs)
    if h > 0 and not any(math.isclose(h, v, rel_tol=1e-12) for v in hs):
        hs = sorted(hs + [h], reverse=True)
    fn, _ = as_function(expr, var)
    with np.errstate(all="ignore"):
        f0 = float(np.asarray(fn(x0)).reshape(-1)[0])
        f1 = float(np.asarray(fn(x0 + h)).reshape(-1)[0])
    if not (math.isfinite(f0) and math.isfinite(f1)):
        raise InputError("cli.quotient.undefined", lang=lang, x=f"{x0:g}", xh=f"{x0 + h:g}")
    q = (f1 - f0) / h
    rounding = 4 * np.finfo(float).eps * (abs(f0) + abs(f1)) / abs(h)
    tab = difference_table(expr, x0, hs=hs, var=var)
    exact = tab.exact
    fx = text_of(expr)
    out.heading(t("cli.quotient.title", lang, f=fx, x=f"{x0:g}", h=f"{h:g}"))
    out.formula(t("cli.quotient.quotient", lang, x=f"{x0:g}", h=f"{h:g}"), shown(q, rounding))
    if shown(q, rounding) != f"{q:.17g}".rstrip("0"):
        out.line(t("cli.quotient.float", lang, q=repr(q)))
    out.formula(t("cli.quotient.exact", lang, x=f"{x0:g}"), f"{exact:.15g}")
    out.formula(t("cli.quotient.error", lang), shown(q - exact, rounding))
    cols = [t("numeric.col.h", lang), "", t("numeric.col.forward", lang), t("numeric.col.forward_error", lang),
            t("numeric.col.central", lang), t("numeric.col.central_error", lang)]
    rows = []
    for hh, fw, ef, _of, ce, ec, _oc in tab.rows:
        mark = t("cli.quotient.given", lang) if math.isclose(hh, abs(h), rel_tol=1e-12) else ""
        rows.append([f"{hh:.0e}" if _power_of_ten(hh) else f"{hh:g}", mark, fw, f"{ef:.2e}", ce, f"{ec:.2e}"])
    out.table(cols, rows, title=t("cli.quotient.table", lang, x=f"{x0:g}"))
    out.line(t("numeric.table.best", lang, hf=f"{tab.best_h_forward:.0e}", hc=f"{tab.best_h_central:.0e}"))
    out.emit({"expression": str(expr), "variable": var, "at": x0, "h": h, "quotient": q, "exact": exact,
              "error": q - exact, "exact_source": tab.exact_source,
              "table": [dict(zip(["h", "forward", "forward_error", "forward_order", "central", "central_error",
                                  "central_order"], r, strict=True)) for r in tab.rows]})
    return 0


def _power_of_ten(v: float) -> bool:
    e = math.log10(v)
    return abs(e - round(e)) < 1e-9
