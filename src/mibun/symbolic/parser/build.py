"""Building SymPy expressions with the user's structure kept: a typed quotient stays a quotient, functions
of variables stay unevaluated (SymPy's evaluation of nested functions can take minutes), powers are size
checked. Also the cheap whole-tree passes :func:`evaluate`, :func:`hide_constants`, :func:`substitute`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import sympy as sp

from mibun.errors import ParseError
from mibun.symbolic import functions as mf
from mibun.symbolic.parser.limits import MAX_EXPONENT, MAX_POWER_BITS

if TYPE_CHECKING:
    from mibun.symbolic.parser.lexer import Token


def is_held(e: sp.Basic) -> bool:
    """True for a quotient kept as the user wrote it (an unevaluated Pow(b, -1) alone or in a product)."""
    if e.is_Pow and e.exp == -1 and not e.base.is_Number:
        return True
    return e.is_Mul and any(a.is_Pow and a.exp == -1 and not a.base.is_Number for a in e.args)


def mul(factors: Iterable[sp.Expr]) -> sp.Expr:
    factors = list(factors)
    if not any(is_held(f) for f in factors):
        return sp.Mul(*factors)
    coeff, rest = sp.Integer(1), []
    for f in factors:
        for a in (f.args if f.is_Mul else (f,)):
            if a.is_Number:
                coeff *= a
            else:
                rest.append(a)
    if coeff == 0:
        return sp.Integer(0)
    if coeff != 1:
        rest.insert(0, coeff)
    if len(rest) == 1:
        return rest[0]
    return sp.Mul(*rest, evaluate=False)


def evaluate_constant(e: sp.Expr, t: Token | None = None) -> sp.Expr:
    """A function of numbers, evaluated; ParseError when it is undefined (ln 0, tan(π/2), 1/0)."""
    val = e.func(*e.args) if isinstance(e, (sp.Function, sp.Pow)) else e
    if val.has(sp.zoo, sp.nan, sp.oo, sp.S.NegativeInfinity):
        shown = t.text if t is not None else str(e)
        raise ParseError("symbolic.err.undefined_here", t.pos if t is not None else None,
                         "symbolic.hint.ln_log_need_positive", shown=shown, expo=e, val=val)
    return val


def div(a: sp.Expr, b: sp.Expr, pos: int | None = None) -> sp.Expr:
    if b == 0:
        raise ParseError("symbolic.err.division_zero", pos, None)
    if b.is_Number:
        return mul([a, 1 / b])
    inv = sp.Pow(b, -1, evaluate=False)
    if a == 1:
        return inv
    return mul([a, inv])


def neg(a: sp.Expr) -> sp.Expr:
    return mul([sp.Integer(-1), a])


def power(b: sp.Expr, e: sp.Expr, pos: int | None = None) -> sp.Expr:
    if e.is_Number:
        if abs(e) > MAX_EXPONENT:
            raise ParseError("symbolic.err.exponent_too_large_limit", pos,
                             "symbolic.hint.such_powers_cannot_computed", expo=e, limit=MAX_EXPONENT)
        if b.is_Number and b != 0:
            bits = abs(float(e)) * max(1.0, abs(float(sp.log(abs(b), 2).evalf(5))) if abs(b) != 1 else 1.0)
            if bits > MAX_POWER_BITS:
                raise ParseError("symbolic.err.number_too_large", pos, "symbolic.hint.power_has_thousands_digits")
        if b == 0 and e.is_negative:
            raise ParseError("symbolic.err.division_zero_negative_power", pos, None)
    if b is sp.E:
        return sp.exp(e, evaluate=False)
    if is_held(b):
        return sp.Pow(b, e, evaluate=False)
    return sp.Pow(b, e)


def _rebuild(e: sp.Basic, args: list) -> sp.Basic:
    # functions of plain numbers are evaluated (sin(0) = 0); functions of variables or of other functions stay
    # unevaluated (SymPy's evaluation asks assumption questions that can take minutes on nested ones)
    if (isinstance(e, (sp.Function, sp.Max, sp.Min)) and not isinstance(e, sp.Piecewise)
            and any(a.free_symbols or a.atoms(sp.Function) for a in args)):
        return e.func(*args, evaluate=False)
    return e.func(*args)


def evaluate(e: sp.Basic) -> sp.Basic:
    """The expression with SymPy's automatic simplification of sums, products and powers applied (held
    quotients and log bases undone). Function applications are rebuilt unevaluated, which is cheap even for
    deeply nested ones."""
    if not e.args:
        return e
    args = [evaluate(a) for a in e.args]
    if isinstance(e, mf.log_base):
        return sp.log(args[0], evaluate=False) / sp.log(args[1], evaluate=False)
    return _rebuild(e, args)


def hide_constants(e: sp.Basic) -> tuple[sp.Basic, dict]:
    """Stand symbols in for constant subexpressions made of functions (ln(arcsin(e)), sec(sinh(sinh(30)))):
    SymPy's rewrites and assumption queries may evaluate those to thousands of digits. Returns the expression
    and the mapping back (apply it with :func:`substitute`)."""
    consts: dict[sp.Basic, sp.Symbol] = {}

    def hide(node):
        if not node.args:
            return node
        if not node.free_symbols and node.atoms(sp.Function):
            if node not in consts:
                consts[node] = sp.Symbol(f"_const{len(consts)}")
            return consts[node]
        args = [hide(a) for a in node.args]
        return node if all(a is b for a, b in zip(args, node.args, strict=True)) else _rebuild(node, args)

    out = hide(e)
    return out, {v: k for k, v in consts.items()}


def substitute(e: sp.Basic, mapping: dict) -> sp.Basic:
    """``e.xreplace(mapping)`` without re-evaluating function applications (see :func:`evaluate`)."""
    if e in mapping:
        return mapping[e]
    if not e.args:
        return e
    args = [substitute(a, mapping) for a in e.args]
    if all(a is b for a, b in zip(args, e.args, strict=True)):
        return e
    return _rebuild(e, args)
