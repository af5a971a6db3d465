"""Limits with the algebra a textbook shows: substitute when the function is continuous there; for 0/0 factor
and cancel, or rationalise with the conjugate; recognise the standard limits (sin u/u → 1, (1 + 1/n)ⁿ → e,
(eᵘ − 1)/u → 1, ln(1 + u)/u → 1, (1 − cos u)/u² → 1/2); L'Hôpital's rule with its conditions checked; the
squeeze theorem for (something → 0)·(something bounded). Each step is a :class:`~mibun.symbolic.rules.Step`,
so the result renders in Korean and English like a derivative (``.text(lang)``, ``.latex``, ``.to_dict``).

    d = mibun.symbolic.limit_steps("(x^2 - 1)/(x - 1)", to=1)
    d.result      # 2
    print(d.text("ko"))
"""

from __future__ import annotations

import math
from typing import Any

import sympy as sp

from mibun.errors import InputError
from mibun.symbolic.derivation import Derivation, as_symbol, derivation_for
from mibun.symbolic.parser import evaluate, parse_with_notes
from mibun.symbolic.rules import Step

_MAX_LHOPITAL = 3
_SIDES = {"both": "+-", "+": "+", "-": "-"}


def limit_steps(expr: Any, var: Any = None, to: Any = 0, side: str = "both") -> Derivation:
    """lim_{var → to} expr with the steps (``side``: "both", "+" or "-"). ``to`` may be a number, a formula
    (``"pi/2"``), ``math.inf``/``"oo"``/``"∞"``; a float just next to a pole (1.5707963267948966 for π/2) is
    recognised as the pole, with a note."""
    notes: list = []
    if isinstance(expr, str):
        parsed = parse_with_notes(expr, wrt=var if isinstance(var, str) else None)
        e, notes = parsed.expr, list(parsed.notes)
    elif isinstance(expr, sp.Basic):
        e = expr
    else:
        raise InputError("symbolic.err.expected_formula", type=type(expr).__name__)
    e = evaluate(e)
    if var is None:
        names = sorted(s.name for s in e.free_symbols)
        var = names[0] if len(names) == 1 else "x"
    x = as_symbol(var, [e])
    if side not in _SIDES:
        raise InputError("symbolic.err.side_both", side=side)
    a, point_note = _point(to, e, x)
    steps: list[Step] = []
    if point_note:
        steps.append(Step("limit_point", e, x, a, kind="note", notes=[point_note]))
    value = _solve(e, x, a, side, steps, 0)
    lim_text, lim_latex = _lim_label(e, x, a, side)
    return Derivation(e, x, steps, value, method="limit", verified=_check(e, x, a, side, value), notes=notes,
                      answer_lhs=(lim_text, lim_latex),
                      heading=("symbolic.heading_limit", {"expr": e, "var": x, "to": a}))


def _point(to: Any, e: sp.Basic, x: sp.Symbol) -> tuple[sp.Basic, tuple | None]:
    if isinstance(to, str):
        s = to.strip().replace("∞", "oo")
        if s in ("oo", "+oo", "inf", "+inf", "infinity"):
            return sp.oo, None
        if s in ("-oo", "-inf", "-infinity"):
            return -sp.oo, None
        p = parse_with_notes(s).expr
        if p.free_symbols:
            raise InputError("symbolic.err.point_number_2", to=to)
        return p, None
    if isinstance(to, sp.Basic):
        return to, None
    if isinstance(to, bool) or not isinstance(to, (int, float)):
        raise InputError("symbolic.err.point_number", type=type(to).__name__)
    if isinstance(to, int):
        return sp.Integer(to), None
    if math.isinf(to):
        return (sp.oo if to > 0 else -sp.oo), None
    if float(to).is_integer():
        return sp.Integer(int(to)), None
    # a float: exact if it is a short decimal; else the nearby π-multiple or fraction where e has a pole
    guess = sp.nsimplify(to, [sp.pi], tolerance=1e-12, rational=False)
    if guess.is_number and guess != sp.Float(to) and abs(float(guess) - to) <= 1e-12 * max(1.0, abs(to)) \
            and _is_pole(e, x, guess) and not _is_pole(e, x, sp.Rational(repr(to))):
        return guess, ("symbolic.limit.float_pole", {"x0": repr(to), "exact": guess})
    return sp.Rational(repr(to)), None


def _is_pole(e: sp.Basic, x: sp.Symbol, a: sp.Basic) -> bool:
    try:
        v = e.xreplace({x: a})
        return bool(v.has(sp.zoo, sp.oo, sp.S.NegativeInfinity, sp.nan))
    except (TypeError, ValueError, ZeroDivisionError):
        return True


def _lim_label(e: sp.Basic, x: sp.Symbol, a: sp.Basic, side: str) -> tuple[str, str]:
    from mibun.symbolic.derivation import latex_of, text_of

    sup = {"both": "", "+": "+", "-": "-"}[side]
    sup_l = {"both": "", "+": "^{+}", "-": "^{-}"}[side]
    return (f"lim_{{{text_of(x)}→{text_of(a)}{sup}}} {_wrap(text_of(e), e)}",
            rf"\lim_{{{latex_of(x)} \to {latex_of(a)}{sup_l}}} {latex_of(e)}")


def _wrap(s: str, e: sp.Basic) -> str:
    return s if (e.is_Atom or isinstance(e, sp.Function)) else f"({s})"


def _lim(e: sp.Basic, x: sp.Symbol, a: sp.Basic, side: str) -> sp.Limit:
    return sp.Limit(e, x, a, dir=_SIDES[side] if not a.is_infinite else ("-" if a == sp.oo else "+"))


def _sympy_limit(e: sp.Basic, x: sp.Symbol, a: sp.Basic, side: str) -> sp.Basic:
    if a.is_infinite:
        return sp.limit(e, x, a)
    if side == "both":
        left, right = sp.limit(e, x, a, "-"), sp.limit(e, x, a, "+")
        return left if left == right else sp.nan
    return sp.limit(e, x, a, side)


def _substitute(e: sp.Basic, x: sp.Symbol, a: sp.Basic) -> sp.Basic | None:
    """e at x = a when that is a finite real number (the function is continuous there), else None."""
    if a.is_infinite:
        return None
    try:
        v = sp.simplify(e.xreplace({x: a})) if sp.count_ops(e) < 40 else e.xreplace({x: a})
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if v.has(sp.zoo, sp.oo, sp.S.NegativeInfinity, sp.nan) or not v.is_finite or v.is_real is False:
        return None
    return v


def _form(num: sp.Basic, den: sp.Basic, x: sp.Symbol, a: sp.Basic, side: str) -> str | None:
    """"0/0", "∞/∞" or None for the quotient num/den at a."""
    try:
        ln, ld = _sympy_limit(num, x, a, side), _sympy_limit(den, x, a, side)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if ln == 0 and ld == 0:
        return "0/0"
    if ln.is_infinite and ld.is_infinite:
        return "∞/∞"
    return None


def _solve(e: sp.Basic, x: sp.Symbol, a: sp.Basic, side: str, steps: list[Step], depth: int) -> sp.Basic:
    def eq(rule: str, lhs: sp.Basic, rhs: sp.Basic, notes=(), formula=None, substeps=()) -> None:
        steps.append(Step(rule, lhs, x, rhs, kind="eq", notes=list(notes), formula=formula,
                          substeps=list(substeps)))

    lim = _lim(e, x, a, side)
    v = _substitute(e, x, a)
    if v is not None:
        eq("limit_substitute", lim, v, notes=[("symbolic.limit.continuous", {"var": x, "to": a})])
        return v
    std = _standard(e, x, a)
    if std is not None:
        value, key, fields = std
        eq("limit_standard", lim, value, notes=[(key, fields)])
        return value
    num, den = sp.fraction(sp.together(e))
    form = _form(num, den, x, a, side) if den != 1 else None
    if form == "0/0" and e.is_rational_function(x) and not a.is_infinite:
        fn, fd = sp.factor(num), sp.factor(den)
        cancelled = sp.cancel(num / den)
        eq("limit_factor", lim, _lim(sp.Mul(fn, sp.Pow(fd, -1, evaluate=False), evaluate=False), x, a, side),
           notes=[("symbolic.limit.zero_over_zero", {"var": x, "to": a})])
        eq("limit_cancel", _lim(sp.Mul(fn, sp.Pow(fd, -1, evaluate=False), evaluate=False), x, a, side),
           _lim(cancelled, x, a, side), notes=[("symbolic.limit.cancel", {"factor": x - a})])
        return _solve(cancelled, x, a, side, steps, depth + 1)
    if form == "0/0" and not a.is_infinite and (_has_root(num) or _has_root(den)) and depth < 2:
        out = _rationalise(num, den, x)
        if out is not None:
            conj, new = out
            eq("limit_rationalize", lim, _lim(new, x, a, side),
               notes=[("symbolic.limit.conjugate", {"conj": conj})])
            return _solve(new, x, a, side, steps, depth + 1)
    sq = _squeeze(e, x, a)
    if sq is not None:
        bound = sq
        eq("limit_squeeze", lim, sp.Integer(0),
           notes=[("symbolic.limit.squeeze", {"lower": -bound, "upper": bound, "expr": e, "var": x, "to": a})])
        return sp.Integer(0)
    if form is not None and depth < _MAX_LHOPITAL:
        return _lhopital(num, den, x, a, side, form, steps, depth)
    if side == "both" and not a.is_infinite:
        left, right = sp.limit(e, x, a, "-"), sp.limit(e, x, a, "+")
        if left != right:
            eq("limit_sides", lim, sp.nan, notes=[("symbolic.limit.sides_differ", {"left": left, "right": right})])
            return sp.nan
    value = _sympy_limit(e, x, a, side)
    eq("limit_other", lim, value, notes=[("symbolic.limit.sympy", {})])
    return value


def _has_root(e: sp.Basic) -> bool:
    return any(p.exp == sp.S.Half for p in e.atoms(sp.Pow))


def _rationalise(num: sp.Basic, den: sp.Basic, x: sp.Symbol) -> tuple[sp.Basic, sp.Basic] | None:
    """Multiply by the conjugate of the part with √: (√A − B) → (A − B²)/(√A + B)."""
    for part, other, top in ((num, den, True), (den, num, False)):
        if part.is_Add and _has_root(part) and len(part.args) == 2:
            p, q = part.args
            if not (p.is_Pow and p.exp == sp.S.Half):
                p, q = q, p
            conj = p - q
            new_part = sp.expand(p**2 - q**2)
            if top:
                new = sp.cancel(new_part / other) / conj
            else:
                new = other * conj / new_part
            new = sp.factor(sp.cancel(sp.together(new)))
            return conj, new
    return None


def _standard(e: sp.Basic, x: sp.Symbol, a: sp.Basic) -> tuple[sp.Basic, str, dict] | None:
    """sin(ku)/(mu) → k/m (u → 0), (1 + k/n)ⁿ → eᵏ, (1 + ku)^(1/u) → eᵏ, (eᵏᵘ − 1)/u → k, ln(1 + ku)/u → k,
    (1 − cos u)/u² → 1/2: the standard limits, recognised, not computed."""
    if a == 0:
        num, den = sp.fraction(sp.together(e))
        k = sp.simplify(den / x)
        if not k.has(x) and k != 0:
            c = None
            if isinstance(num, (sp.sin, sp.tan)) and sp.simplify(num.args[0] / x).is_number:
                c, key = sp.simplify(num.args[0] / x), "symbolic.limit.std_sin"
            elif num.is_Add and len(num.args) == 2 and -1 in num.args:
                other = num.args[0] if num.args[1] == -1 else num.args[1]
                if isinstance(other, sp.exp) and sp.simplify(other.args[0] / x).is_number:
                    c, key = sp.simplify(other.args[0] / x), "symbolic.limit.std_exp"
            elif isinstance(num, sp.log) and sp.simplify((num.args[0] - 1) / x).is_number:
                c, key = sp.simplify((num.args[0] - 1) / x), "symbolic.limit.std_log"
            if c is not None:
                return c / k, key, {"var": x}
        k2 = sp.simplify(den / x**2)
        if not k2.has(x) and num == 1 - sp.cos(x):
            return sp.Rational(1, 2) / k2, "symbolic.limit.std_cos", {"var": x}
        if e.is_Pow and e.exp.has(x):
            k3 = sp.simplify(e.exp * x)
            inner = sp.simplify((e.base - 1) * e.exp)
            if not k3.has(x) and not inner.has(x) and inner != 0:
                return sp.exp(inner), "symbolic.limit.std_e0", {"var": x}
    if a.is_infinite:
        c, rest = e.as_independent(x, as_Add=False)
        if rest.is_Pow and rest.base == x and rest.exp.is_negative:
            return sp.Integer(0), "symbolic.limit.std_inverse_power", {"var": x}
        if isinstance(rest, sp.exp) and sp.limit(rest.args[0], x, a) == -sp.oo:
            return sp.Integer(0), "symbolic.limit.std_exp_decay", {"var": x}
    if a == sp.oo and e.is_Pow and e.exp.has(x):
        inner = sp.simplify((e.base - 1) * e.exp)
        if not inner.has(x) and sp.limit(e.base, x, sp.oo) == 1 and inner != 0:
            return sp.exp(inner), "symbolic.limit.std_e", {"var": x}
    return None


def _squeeze(e: sp.Basic, x: sp.Symbol, a: sp.Basic) -> sp.Basic | None:
    """e = g·b with g → 0 and b = sin(…) or cos(…) bounded by 1 (and not defined at a): |e| ≤ |g|."""
    if a.is_infinite or not e.is_Mul:
        return None
    bounded = [f for f in e.args if isinstance(f, (sp.sin, sp.cos)) and _is_pole(f.args[0], x, a)]
    if len(bounded) != 1:
        return None
    g = sp.Mul(*[f for f in e.args if f is not bounded[0]])
    try:
        if sp.limit(g, x, a) != 0:
            return None
    except (NotImplementedError, ValueError):
        return None
    return sp.Abs(g)


def _lhopital(num, den, x, a, side, form, steps, depth) -> sp.Basic:
    _, dnum, _ = derivation_for(num, x)
    _, dden, _ = derivation_for(den, x)
    new = sp.cancel(dnum / dden) if (dnum / dden).is_rational_function(x) else dnum / dden
    conditions = [("symbolic.limit.lhopital_form", {"form": form, "f": num, "g": den, "var": x, "to": a}),
                  ("symbolic.limit.lhopital_diff", {"f": num, "g": den, "df": dnum, "dg": dden})]
    g_zero = _g_prime_vanishes_near(dden, x, a)
    if g_zero:
        conditions.append(("symbolic.limit.lhopital_fails", {"dg": dden}))
        value = _sympy_limit(num / den, x, a, side)
        steps.append(Step("limit_other", _lim(num / den, x, a, side), x, value, kind="eq",
                          notes=[*conditions, ("symbolic.limit.sympy", {})]))
        return value
    conditions.append(("symbolic.limit.lhopital_ok", {"dg": dden, "var": x, "to": a}))
    steps.append(Step("lhopital", _lim(num / den, x, a, side), x, _lim(new, x, a, side), kind="eq",
                      formula=("lim f/g = lim f′/g′", r"\lim \frac{f}{g} = \lim \frac{f'}{g'}"), notes=conditions))
    value = _solve(new, x, a, side, steps, depth + 1)
    return value


def _g_prime_vanishes_near(dg: sp.Basic, x: sp.Symbol, a: sp.Basic) -> bool:
    """Whether g′ has zeros arbitrarily close to a (then L'Hôpital's rule does not apply)."""
    if a.is_infinite:
        return dg.has(sp.sin, sp.cos) and not dg.is_positive
    pts = [a + sp.Rational(s, 10**k) for k in range(2, 7) for s in (-1, 1)]
    vals = []
    for p in pts:
        try:
            vals.append(complex(dg.xreplace({x: p}).evalf(15)))
        except (TypeError, ValueError):
            return False
    return any(v == 0 for v in vals)


def _check(e: sp.Basic, x: sp.Symbol, a: sp.Basic, side: str, value: sp.Basic) -> bool | None:
    """SymPy's limit agrees with the stepwise value (None when SymPy cannot tell)."""
    try:
        oracle = _sympy_limit(e, x, a, side)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if oracle.has(sp.AccumBounds) or oracle is sp.nan:
        return True if value is sp.nan and oracle is sp.nan else None
    return bool(sp.simplify(oracle - value) == 0) if not (oracle.is_infinite or value.is_infinite) \
        else oracle == value


__all__ = ["limit_steps"]
