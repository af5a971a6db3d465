"""``diff``: differentiate with steps, simplified and verified."""

from __future__ import annotations

import sympy as sp

from mibun import budget as _budget
from mibun.errors import InputError
from mibun.symbolic.derivation.result import Derivation, _free
from mibun.symbolic.derivation.simplify import alternative, simplify
from mibun.symbolic.derivation.verify import verify
from mibun.symbolic.parser import Parsed, parse, parse_with_notes
from mibun.symbolic.rules import Step, derive


def _as_expr(e) -> sp.Basic:
    if isinstance(e, str):
        return parse(e)
    if isinstance(e, sp.Basic):
        return e
    if isinstance(e, bool):
        raise InputError("symbolic.err.expected_formula_bool")
    if isinstance(e, int):
        return sp.Integer(e)
    if isinstance(e, float):
        return sp.Float(e)
    raise InputError("symbolic.err.expected_formula_string_sympy", type=type(e).__name__)


def as_symbol(v, exprs=()) -> sp.Symbol:
    """The variable named by ``v`` (a Symbol or a name), preferring a symbol of that name in ``exprs``."""
    if isinstance(v, sp.Symbol):
        name = v.name
    elif isinstance(v, str):
        name = v.strip()
        if not name:
            raise InputError("symbolic.err.variable_name_empty_wrt")
        if not all(c.isalnum() or c == "_" for c in name):
            raise InputError("symbolic.err.not_variable_name_wrt", v=v)
    else:
        raise InputError("symbolic.err.variable_symbol_name_such", type=type(v).__name__)
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
    alt = alternative()
    notes = [("symbolic.also_written", {"alt": consts_back(alt, final)})] if alt is not None else []
    simp = Step("simplify", raw, var, final, kind="eq", partial=tree.partial, notes=notes)
    return tree, final, simp


def consts_back(alt: sp.Basic, final: sp.Basic) -> sp.Basic:
    """The alternative form with any stand-in constants (_const0) put back, or the final form if that fails."""
    return final if any(s.name.startswith("_const") for s in alt.free_symbols) else alt


def diff(expr_or_text, wrt=None, method: str = "rules", *, symbols=None) -> Derivation:
    """Differentiate with steps: ``mb.diff("x^2 + 3xy", "x")`` → a :class:`Derivation`.

    The text may be written as a student writes it (``d/dx x^2``, ``y = x^3, y''``, ``f(x) = x^3, f'(2)``,
    ``x^2 + y^2 = 25, dy/dx`` for implicit differentiation); how it was read is in ``.notes``. ``wrt``: the
    variable (default: the one the text asks for, else the only variable, else x); ``wrt="e"`` makes e a
    variable. ``method="rules"`` (default) applies the differentiation rules; ``method="definition"`` takes the
    limit of the difference quotient (polynomials, rational functions, roots, e^x, sin, cos). The result is
    simplified and checked against SymPy's derivative at random points on every call."""
    parsed = _read(expr_or_text, wrt, symbols)
    expr = parsed.expr
    var = as_symbol(_pick_var(parsed, wrt), [expr])
    if parsed.equation is not None:
        from mibun.symbolic.derivation.implicit import implicit

        return implicit(parsed, var)
    if method == "definition":
        from mibun.symbolic.definition import by_definition

        d = by_definition(expr, var)
        d.notes = list(parsed.notes)
        return d
    if method != "rules":
        raise InputError("symbolic.err.unknown_method_rules_definition", method=method)
    if parsed.order > 1:
        from mibun.symbolic.derivation.implicit import higher_order

        return higher_order(parsed, var)
    with _budget.scope():
        tree, final, simp = derivation_for(expr, var)
        verified = verify(expr, var, final)
    lhs = _leibniz_lhs(parsed.dependent, var, 1) if parsed.dependent else None
    return Derivation(expr, var, [tree, simp], final, verified=verified, partial=tree.partial, notes=parsed.notes,
                      answer_lhs=lhs, point=_point(parsed, var))


def _read(expr_or_text, wrt, symbols) -> Parsed:
    """The input as a :class:`~mibun.symbolic.parser.Parsed`: text is read with its notes; a SymPy
    ``Derivative`` is its function and order; an ``Eq`` an equation."""
    if isinstance(expr_or_text, Parsed):
        return expr_or_text
    if isinstance(expr_or_text, str):
        return parse_with_notes(expr_or_text, symbols=symbols, wrt=wrt if isinstance(wrt, str) else None)
    e = _as_expr(expr_or_text)
    if isinstance(e, sp.Derivative) and all(isinstance(v, sp.Symbol) for v in e.variables) \
            and len(set(e.variables)) == 1:
        return Parsed(e.expr, var=e.variables[0].name, order=len(e.variables))
    if isinstance(e, sp.Equality):
        return Parsed(e.lhs - e.rhs, equation=(e.lhs, e.rhs))
    return Parsed(e)


def _pick_var(parsed: Parsed, wrt) -> sp.Symbol | str:
    """wrt, else the variable the text asks for, else the only variable, else x."""
    if wrt is not None:
        name = wrt.name if isinstance(wrt, sp.Symbol) else wrt
        if parsed.var is not None and isinstance(name, str) and name.strip() != parsed.var:
            raise InputError("symbolic.err.formula_asks_d_d", var=parsed.var, name=name)
        return wrt
    if parsed.var is not None:
        return parsed.var
    names = sorted(s.name for s in _free(parsed.expr))
    if parsed.equation is not None:
        return "x" if "x" in names or len(names) != 2 else names[0]
    if len(names) == 1:
        return names[0]
    return "x"


def _leibniz_lhs(dep: str, var: sp.Symbol, order: int) -> tuple[str, str]:
    v = var.name
    if order == 1:
        return f"d{dep}/d{v}", rf"\frac{{d{dep}}}{{d{v}}}"
    sup = "²³⁴⁵⁶⁷⁸⁹"[order - 2] if order <= 9 else f"^{order}"
    return f"d{sup}{dep}/d{v}{sup}", rf"\frac{{d^{{{order}}}{dep}}}{{d{v}^{{{order}}}}}"


def _point(parsed: Parsed, var: sp.Symbol) -> dict | None:
    if not parsed.at:
        return None
    return {var.name: next(iter(parsed.at.values()))}
