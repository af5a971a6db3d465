"""Higher derivatives of an implicit function (``x^2 + y^2 = 25, d²y/dx²``): differentiate dy/dx again with
y = y(x) — d/dx g(x, y) = g_x + g_y·dy/dx — substitute dy/dx, and, as textbooks do, use the equation to
shorten the result (−(x² + y²)/y³ = −25/y³ on x² + y² = 25)."""

from __future__ import annotations

import sympy as sp

from mibun.errors import InputError
from mibun.symbolic.derivation.printing import text_of
from mibun.symbolic.derivation.simplify import simplify
from mibun.symbolic.derivation.verify import VerificationError, _numeric_agree
from mibun.symbolic.rules import Step

_AGAIN = ("d/dx g(x, y) = g_x + g_y·dy/dx", r"\frac{d}{dx} g(x, y) = g_x + g_y \frac{dy}{dx}")
_SUP = "²³⁴⁵⁶⁷⁸⁹"


def leibniz(y: sp.Symbol, x: sp.Symbol, n: int) -> tuple[str, str]:
    """(text, LaTeX) of dⁿy/dxⁿ."""
    if n == 1:
        return f"d{y}/d{x}", rf"\frac{{d{y}}}{{d{x}}}"
    return f"d{_SUP[n - 2]}{y}/d{x}{_SUP[n - 2]}", rf"\frac{{d^{{{n}}}{y}}}{{d{x}^{{{n}}}}}"


def higher_implicit(F: sp.Expr, x: sp.Symbol, y: sp.Symbol, first: sp.Expr, order: int, steps: list[Step],
                    verified: bool | None, equation: str) -> tuple[sp.Expr, bool | None, tuple[str, str]]:
    """Append the steps from dy/dx (``first``) to dⁿy/dxⁿ to ``steps`` (``equation``: F = 0 as the student
    wrote it); returns (result, verified, its label)."""
    from mibun.symbolic.derivation.implicit import textbook_quotient

    if order > 4:
        raise InputError("symbolic.err.implicit_order", n=order, limit=4)
    current, oracle = first, -sp.diff(F, x) / sp.diff(F, y)
    names = sorted(F.free_symbols, key=str)
    shortened = False    # after the equation was used, the results agree with the oracle on the curve only
    for n in range(2, order + 1):
        raw = sp.diff(current, x) + sp.diff(current, y) * first
        nxt = textbook_quotient(simplify(raw))
        oracle = sp.diff(oracle, x) + sp.diff(oracle, y) * (-sp.diff(F, x) / sp.diff(F, y))
        agree = vanishes_on_curve(nxt - oracle, F, x, y) if shortened else _numeric_agree(oracle, nxt, names)
        if agree is False:  # pragma: no cover - a bug
            raise VerificationError(f"internal error: implicit derivative {nxt} disagrees with {oracle}")
        verified = None if agree is None else verified
        prev_t, _ = leibniz(y, x, n - 1)
        steps.append(Step("implicit_again", current, x, nxt, kind="eq", formula=_AGAIN, lhs=leibniz(y, x, n),
                          notes=[("symbolic.note.implicit_again",
                                  {"prev": prev_t, "dep": y.name, "var": x.name, "first": text_of(first)})]))
        shorter = on_the_curve(nxt, F, x, y)
        if shorter is not None:
            steps.append(Step("implicit_use_equation", nxt, x, shorter, kind="eq", lhs=leibniz(y, x, n),
                              notes=[("symbolic.note.implicit_use_equation", {"equation": equation})]))
            nxt, shortened = shorter, True
        current = nxt
    return current, verified, leibniz(y, x, order)


def vanishes_on_curve(e: sp.Expr, F: sp.Expr, x: sp.Symbol, y: sp.Symbol) -> bool | None:
    """Whether ``e`` is 0 wherever F = 0: its numerator is a multiple of F (None when that cannot be told)."""
    num = sp.numer(sp.together(e))
    try:
        return sp.reduced(sp.expand(num), [sp.expand(F)], x, y)[1] == 0
    except (sp.PolificationFailed, sp.PolynomialError, sp.ComputationFailed):
        return None


def on_the_curve(e: sp.Expr, F: sp.Expr, x: sp.Symbol, y: sp.Symbol) -> sp.Expr | None:
    """``e`` shortened with the equation F = 0 (its numerator reduced modulo F, for a polynomial F; the
    denominator kept, factored), or None when that does not make it shorter."""
    from mibun.symbolic.derivation.implicit import signed_quotient

    if not F.is_polynomial(x, y):
        return None
    num, den = sp.fraction(sp.together(e))
    if not (num.is_polynomial(x, y) and den.is_polynomial(x, y)):
        return None
    best: sp.Expr | None = None
    for gens in ((x, y), (y, x)):
        try:
            r_num = sp.reduced(sp.expand(num), [sp.expand(F)], *gens)[1]
        except (sp.PolificationFailed, sp.PolynomialError, sp.ComputationFailed):
            return None
        cand = signed_quotient(sp.factor(r_num), sp.factor(den))
        if sp.count_ops(cand) < sp.count_ops(e) and (best is None or sp.count_ops(cand) < sp.count_ops(best)):
            best = cand
    return best


__all__ = ["higher_implicit", "on_the_curve", "vanishes_on_curve", "leibniz"]
