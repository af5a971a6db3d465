"""The derivative from its definition, f'(x) = lim_{h→0} (f(x+h) − f(x))/h, step by step — the way the
course derives the power rule and (eˣ)' = eˣ before any rule is known.

Supported: polynomials and rational functions (expand, cancel h, let h → 0), square roots of those (multiply
by the conjugate), and e^{ax+b}, sin(ax+b), cos(ax+b) and their sums/constant multiples (exponent law or
addition formula, then the known limits). Anything else raises :class:`~mibun.errors.InputError`.
"""

from __future__ import annotations

import sympy as sp

from mibun.errors import InputError
from mibun.symbolic.derivation import Derivation, simplify, verify
from mibun.symbolic.parser import evaluate
from mibun.symbolic.rules import Step

_DEF_FORMULA = ("f′(x) = lim_{h→0} (f(x + h) − f(x))/h", r"f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}")


def _fresh_h(expr: sp.Basic) -> sp.Symbol:
    names = {s.name for s in expr.free_symbols}
    for n in ("h", "k", "delta", "eps"):
        if n not in names:
            return sp.Symbol(n)
    raise InputError("symbolic.err.rename_your_variables_h")  # pragma: no cover


def _unsupported(expr, var) -> InputError:
    return InputError(
        "symbolic.err.method_definition_works_polynomials", var=var, expr=expr)


def _kind(f: sp.Basic, x: sp.Symbol) -> str:
    if f.is_rational_function(x):
        return "rational"
    if f.is_Pow and f.exp == sp.S.Half and f.base.is_rational_function(x):
        return "sqrt"
    if f.is_Mul:
        const = [a for a in f.args if x not in a.free_symbols]
        dep = [a for a in f.args if x in a.free_symbols]
        if len(dep) == 1 and _kind(dep[0], x) == "sqrt" and const:
            return "sqrt"
    ok = True
    for node in sp.preorder_traversal(f):
        if isinstance(node, (sp.exp, sp.sin, sp.cos)):
            arg = node.args[0]
            if not (arg.is_polynomial(x) and sp.degree(arg, x) <= 1):
                ok = False
        elif isinstance(node, sp.Function):
            ok = False
        elif node.is_Pow and x in node.free_symbols and not (node.exp.is_Integer and node.exp > 0):
            ok = False
    if ok and f.has(sp.exp, sp.sin, sp.cos) and (f.is_Add or f.is_Mul or isinstance(f, (sp.exp, sp.sin, sp.cos))):
        if f.is_Mul and sum(1 for a in f.args if x in a.free_symbols) > 1:
            return "none"
        if f.is_Add and any(a.is_Mul and sum(1 for b in a.args if x in b.free_symbols) > 1 for a in f.args):
            return "none"
        return "transcendental"
    return "none"


def by_definition(expr: sp.Basic, x: sp.Symbol) -> Derivation:
    """The Derivation of d expr/dx from the limit of the difference quotient."""
    f = evaluate(expr)
    if x not in f.free_symbols:
        raise InputError("symbolic.err.does_not_contain_derivative", expr=expr, x=x)
    h = _fresh_h(f)
    from mibun.symbolic.definition_standard import standard_definition

    std = standard_definition(expr, f, x, h)  # ln x, eˣ, aˣ, sin x, cos x via their standard limits
    if std is not None:
        return std
    kind = _kind(f, x)
    if kind == "none":
        raise _unsupported(expr, x)
    others = sorted((s for s in f.free_symbols if s != x), key=str)
    partial = bool(others)
    fxh = f.xreplace({x: x + h})
    steps: list[Step] = []

    def eq(rule, lhs_expr, rhs, lhs=None, notes=(), formula=None):
        st = Step(rule, lhs_expr, x, rhs, kind="eq", lhs=lhs, notes=list(notes), formula=formula, partial=partial)
        steps.append(st)
        return st

    quotient = sp.Mul(sp.Add(fxh, sp.Mul(-1, f), evaluate=False), sp.Pow(h, -1, evaluate=False), evaluate=False)
    eq("definition", sp.Symbol("f'(x)"), sp.Limit(quotient, h, 0, dir="+-"), lhs=("f′(x)", "f'(x)"),
       formula=_DEF_FORMULA, notes=[("symbolic.partial_note", {"var": x, "names": others})] if partial else [])
    eq("substitute", sp.Function("f")(x + h), fxh, lhs=(f"f({x} + {h})", rf"f({sp.latex(x)} + {sp.latex(h)})"))
    if kind == "rational":
        num = sp.together(fxh - f)
        n, d = sp.fraction(num)
        n = sp.expand(n)
        expanded = n / d if d != 1 else n
        eq("expand", sp.Add(fxh, -f, evaluate=False), expanded)
        q = sp.cancel(expanded / h)
        eq("cancel", sp.Mul(expanded, sp.Pow(h, -1, evaluate=False), evaluate=False), q)
        result = q.xreplace({h: 0})
        eq("limit", sp.Limit(q, h, 0, dir="+-"), result, notes=[("symbolic.def_limit_note", {})])
    elif kind == "sqrt":
        c = sp.Integer(1)
        root = f
        if f.is_Mul:
            c = sp.Mul(*[a for a in f.args if x not in a.free_symbols])
            root = sp.Mul(*[a for a in f.args if x in a.free_symbols])
        a_in = root.base.xreplace({x: x + h})
        b_in = root.base
        conj = sp.sqrt(a_in) + sp.sqrt(b_in)
        diffn = sp.cancel(sp.expand(a_in - b_in))
        factors = ([c] if c != 1 else []) + [diffn, sp.Pow(sp.Mul(h, conj, evaluate=False), -1, evaluate=False)]
        rationalized = sp.Mul(*factors, evaluate=False)
        eq("rationalize", sp.Mul(sp.Add(fxh, -f, evaluate=False), sp.Pow(h, -1, evaluate=False), evaluate=False),
           rationalized)
        q = sp.cancel(diffn / h) * c / conj
        eq("cancel", rationalized, q)
        result = q.xreplace({h: 0})
        eq("limit", sp.Limit(q, h, 0, dir="+-"), result, notes=[("symbolic.def_limit_note", {})])
    else:  # e^(ax+b), sin, cos: exponent law / addition formulas, then the known limits
        expanded = sp.expand(sp.expand_trig(fxh), power_exp=True) - f
        expanded = sp.collect(sp.expand(expanded), [sp.exp(h), sp.sin(h), sp.cos(h)], evaluate=True)
        eq("expand", sp.Add(fxh, -f, evaluate=False), expanded)
        q = sp.Mul(expanded, sp.Pow(h, -1, evaluate=False), evaluate=False)
        result = sp.limit(sp.expand(expanded / h), h, 0)
        eq("known_limits", sp.Limit(q, h, 0, dir="+-"), result, notes=[("symbolic.def_known", {})])
    final = simplify(result)
    steps.append(Step("simplify", result, x, final, kind="eq", partial=partial))
    verified = verify(expr, x, final)
    return Derivation(expr, x, steps, final, method="definition", verified=verified, partial=partial,
                      heading=("symbolic.heading_definition", {"var": x, "expr": expr}))


__all__ = ["by_definition"]
