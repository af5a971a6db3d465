"""The derivative from the definition for ln x, eˣ, aˣ, sin x and cos x, the way the course does it:
rewrite the difference quotient with an exponent law, a logarithm law or an addition formula until a
*standard limit* appears, then use it:

    (eˣ)′:   (e^{x+h} − eˣ)/h = eˣ·(eʰ − 1)/h          lim (eʰ − 1)/h = 1             → eˣ
    (aˣ)′:   (a^{x+h} − aˣ)/h = aˣ·(aʰ − 1)/h          lim (aʰ − 1)/h = ln a          → aˣ ln a
    (ln x)′: (ln(x+h) − ln x)/h = (1/x)·ln (1 + t)^{1/t}, t = h/x;  lim (1 + t)^{1/t} = e → 1/x
    (sin x)′: sin x·(cos h − 1)/h + cos x·(sin h)/h   lim sin h/h = 1, lim (cos h − 1)/h = 0 → cos x
    (cos x)′: cos x·(cos h − 1)/h − sin x·(sin h)/h   the same limits                → −sin x

A constant multiple c·f is handled too. ``standard_definition`` returns None for anything else (the general
``by_definition`` then takes over).
"""

from __future__ import annotations

import sympy as sp

from mibun.symbolic.derivation import Derivation, simplify, verify
from mibun.symbolic.rules import Step

_DEF_FORMULA = ("f′(x) = lim_{h→0} (f(x + h) − f(x))/h", r"f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}")


def _mul(*a):
    return sp.Mul(*a, evaluate=False)


def _over(a, b):
    return sp.Mul(a, sp.Pow(b, -1, evaluate=False), evaluate=False)


def _add(*a):
    return sp.Add(*a, evaluate=False)


def _match(f: sp.Basic, x: sp.Symbol):
    """(kind, constant c, base a) when f = c·g with g one of eˣ, aˣ, ln x, sin x, cos x."""
    c = sp.Integer(1)
    g = f
    if f.is_Mul:
        const = [t for t in f.args if x not in t.free_symbols]
        dep = [t for t in f.args if x in t.free_symbols]
        if len(dep) != 1:
            return None
        c, g = sp.Mul(*const), dep[0]
    if isinstance(g, sp.exp) and g.args[0] == x:
        return "exp", c, sp.E
    if isinstance(g, sp.log) and g.args[0] == x:
        return "ln", c, None
    if isinstance(g, sp.sin) and g.args[0] == x:
        return "sin", c, None
    if isinstance(g, sp.cos) and g.args[0] == x:
        return "cos", c, None
    if g.is_Pow and g.exp == x and x not in g.base.free_symbols and g.base != sp.E:
        a = g.base
        if a.is_positive is False or a == 1:
            return None
        return "exp_base", c, a
    return None


def standard_definition(expr: sp.Basic, f: sp.Basic, x: sp.Symbol, h: sp.Symbol) -> Derivation | None:
    """The course derivation of d f/dx from the definition, or None when f is not one of the five."""
    m = _match(f, x)
    if m is None:
        return None
    kind, c, a = m
    g = f if c == 1 else _over(f, c)
    g = sp.simplify(g)
    steps: list[Step] = []

    def eq(rule, lhs_expr, rhs, lhs=None, notes=(), formula=None):
        steps.append(Step(rule, lhs_expr, x, rhs, kind="eq", lhs=lhs, notes=list(notes), formula=formula))

    gxh = g.xreplace({x: x + h})
    quotient = _over(_add(gxh, _mul(-1, g)), h)
    cq = quotient if c == 1 else _mul(c, quotient)
    eq("definition", sp.Symbol("f'(x)"), sp.Limit(cq, h, 0, dir="+-"), lhs=("f′(x)", "f'(x)"), formula=_DEF_FORMULA)
    eq("substitute", sp.Function("f")(x + h), f.xreplace({x: x + h}),
       lhs=(f"f({x} + {h})", rf"f({sp.latex(x)} + {sp.latex(h)})"))
    if kind in ("exp", "exp_base"):
        base = sp.E if kind == "exp" else a
        gh = sp.exp(h) if kind == "exp" else sp.Pow(base, h, evaluate=False)
        factored = _mul(g, _add(gh, -1))
        eq("algebra", _add(gxh, _mul(-1, g)), factored, notes=[("symbolic.def_std.law_exp", {})])
        std = sp.Integer(1) if kind == "exp" else sp.log(base)
        key = "symbolic.def_std.exp" if kind == "exp" else "symbolic.def_std.exp_base"
        inner = _over(_add(gh, -1), h)
        eq("known_limits", sp.Limit(inner, h, 0, dir="+-"), std,
           notes=[(key, {"a": base})] if (kind == "exp_base" and base.is_number) else
           [(key + "_general" if kind == "exp_base" else key, {})])
        result = c * g * std
        eq("limit", sp.Limit(_mul(c, g, inner) if c != 1 else _mul(g, inner), h, 0, dir="+-"),
           _mul(c, g, std) if c != 1 else _mul(g, std), notes=[("symbolic.def_std.product_of_limits", {})])
    elif kind == "ln":
        t = sp.Symbol("t", positive=True)
        law = sp.log(_add(1, _over(h, x)))
        eq("algebra", _add(gxh, _mul(-1, g)), law, notes=[("symbolic.def_std.law_log", {})])
        power = _mul(_over(1, x), sp.log(sp.Pow(_add(1, t), _over(1, t), evaluate=False)))
        eq("algebra", _over(law, h), power, notes=[("symbolic.def_std.sub_t", {"t": t})])
        e = sp.Symbol("e")  # shown as the letter e (SymPy's E would print as "E" inside an unevaluated log)
        eq("known_limits", sp.Limit(sp.Pow(_add(1, t), _over(1, t), evaluate=False), t, 0, dir="+-"), e,
           notes=[("symbolic.def_std.e_limit", {})])
        result = c / x
        eq("limit", sp.Limit(power, t, 0, dir="+-"), _mul(_over(1, x), sp.Function("ln")(e)),
           notes=[("symbolic.def_std.ln_e", {})])
    else:  # sin, cos: the addition formula, then lim sin h/h = 1 and lim (cos h − 1)/h = 0
        sh, ch = _over(sp.sin(h), h), _over(_add(sp.cos(h), -1), h)
        if kind == "sin":
            expanded = _add(_mul(sp.sin(x), sp.cos(h)), _mul(sp.cos(x), sp.sin(h)))
            regrouped = _add(_mul(sp.sin(x), ch), _mul(sp.cos(x), sh))
            result = c * sp.cos(x)
        else:
            expanded = _add(_mul(sp.cos(x), sp.cos(h)), _mul(-1, sp.sin(x), sp.sin(h)))
            regrouped = _add(_mul(sp.cos(x), ch), _mul(-1, sp.sin(x), sh))
            result = -c * sp.sin(x)
        eq("algebra", gxh, expanded, notes=[(f"symbolic.def_std.addition_{kind}", {})])
        eq("algebra", quotient, regrouped, notes=[("symbolic.def_std.regroup", {})])
        eq("known_limits", sp.Limit(sh, h, 0, dir="+-"), sp.Integer(1), notes=[("symbolic.def_std.sin_limit", {})])
        eq("known_limits", sp.Limit(ch, h, 0, dir="+-"), sp.Integer(0), notes=[("symbolic.def_std.cos_limit", {})])
        eq("limit", sp.Limit(regrouped, h, 0, dir="+-"), result / c if c != 1 else result)
    final = simplify(result)
    steps.append(Step("simplify", result, x, final, kind="eq"))
    verified = verify(expr, x, final)
    return Derivation(expr, x, steps, final, method="definition", verified=verified,
                      heading=("symbolic.heading_definition", {"var": x, "expr": expr}))


__all__ = ["standard_definition"]
