"""``diff``: differentiate with steps, simplified and verified."""

from __future__ import annotations

import sympy as sp

from mibun.errors import InputError
from mibun.symbolic.derivation.result import Derivation, _free
from mibun.symbolic.derivation.simplify import simplify
from mibun.symbolic.derivation.verify import verify
from mibun.symbolic.parser import parse
from mibun.symbolic.rules import Step, derive


def _as_expr(e) -> sp.Basic:
    if isinstance(e, str):
        return parse(e)
    if isinstance(e, sp.Basic):
        return e
    if isinstance(e, bool):
        raise InputError("diff(): expected a formula, got a bool")
    if isinstance(e, int):
        return sp.Integer(e)
    if isinstance(e, float):
        return sp.Float(e)
    raise InputError(f"expected a formula (a string or a SymPy expression), got {type(e).__name__}; "
                     "e.g. mb.diff('x**2', 'x')")


def as_symbol(v, exprs=()) -> sp.Symbol:
    """The variable named by ``v`` (a Symbol or a name), preferring a symbol of that name in ``exprs``."""
    if isinstance(v, sp.Symbol):
        name = v.name
    elif isinstance(v, str):
        name = v.strip()
        if not name:
            raise InputError("the variable name is empty; e.g. wrt='x'")
        if not all(c.isalnum() or c == "_" for c in name):
            raise InputError(f"{v!r} is not a variable name; e.g. wrt='x'")
    else:
        raise InputError(f"a variable must be a Symbol or a name such as 'x', got {type(v).__name__}")
    for e in exprs:
        for s in _free(e):
            if s.name == name:
                return s
    return v if isinstance(v, sp.Symbol) else sp.Symbol(name)


def derivation_for(expr: sp.Basic, var: sp.Symbol) -> tuple[Step, sp.Basic, Step]:
    """(rule tree, simplified result, the simplify step) for d expr / d var — unverified."""
    tree = derive(expr, var)
    raw = tree.result
    final = simplify(raw)
    simp = Step("simplify", raw, var, final, kind="eq", partial=tree.partial)
    return tree, final, simp


def diff(expr_or_text, wrt="x", method: str = "rules", *, symbols=None) -> Derivation:
    """Differentiate with steps: ``mb.diff("x^2 + 3xy", "x")`` → a :class:`Derivation`.

    ``method="rules"`` (default) applies the differentiation rules; ``method="definition"`` takes the limit
    of the difference quotient (polynomials, rational functions, roots, e^x, sin, cos). The result is
    simplified and checked against SymPy's derivative at random points on every call."""
    if isinstance(expr_or_text, str):
        expr = parse(expr_or_text, symbols=symbols)
    else:
        expr = _as_expr(expr_or_text)
    var = as_symbol(wrt, [expr])
    if method == "definition":
        from mibun.symbolic.definition import by_definition

        return by_definition(expr, var)
    if method != "rules":
        raise InputError(f"diff(): unknown method {method!r}; use 'rules' or 'definition'")
    tree, final, simp = derivation_for(expr, var)
    verified = verify(expr, var, final)
    return Derivation(expr, var, [tree, simp], final, verified=verified, partial=tree.partial)
