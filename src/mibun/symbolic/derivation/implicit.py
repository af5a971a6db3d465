"""Derivations a student asks for in one line beyond d/dx f: implicit differentiation of an equation
(``x^2 + y^2 = 25, dy/dx``: dy/dx = −F_x/F_y, with the partial derivatives' steps) and higher derivatives
(``d²/dx² sin x``, ``y''``: differentiate, then differentiate the result)."""

from __future__ import annotations

import sympy as sp

from mibun.errors import InputError
from mibun.symbolic.derivation.api import _leibniz_lhs, _point, derivation_for
from mibun.symbolic.derivation.printing import latex_of, text_of
from mibun.symbolic.derivation.result import Derivation
from mibun.symbolic.derivation.simplify import simplify
from mibun.symbolic.derivation.verify import VerificationError, _numeric_agree, verify
from mibun.symbolic.parser import Note, Parsed, evaluate
from mibun.symbolic.rules import Step

_IMPLICIT = ("F(x, y) = 0 ⇒ F_x + F_y·dy/dx = 0 ⇒ dy/dx = −F_x/F_y",
             r"F(x, y) = 0 \Rightarrow F_x + F_y \frac{dy}{dx} = 0 \Rightarrow \frac{dy}{dx} = -\frac{F_x}{F_y}")


def implicit(parsed: Parsed, var: sp.Symbol) -> Derivation:
    """dy/dx of an equation F(x, y) = G(x, y): both sides differentiated with y = y(x)."""
    assert parsed.equation is not None
    lhs, rhs = parsed.equation
    F = evaluate(lhs - rhs)
    names = {s.name: s for s in F.free_symbols}
    dep_name = parsed.dependent
    if dep_name is None:
        others = sorted(n for n in names if n != var.name)
        if len(others) != 1:
            raise InputError("symbolic.err.implicit_differentiation_needs_equation", var=var,
                             names=", ".join(sorted(names)) or "—")
        dep_name = others[0]
    if var.name not in names or dep_name not in names:
        raise InputError("symbolic.err.equation_contain_both_d", var=var, dep_name=dep_name)
    var = names[var.name]
    y = names[dep_name]
    tx, fx, sx = derivation_for(F, var)
    ty, fy, sy = derivation_for(F, y)
    if fy == 0:
        raise InputError("symbolic.err.equation_does_not_define", y=y, var=var)
    raw = sp.Mul(-1, fx, sp.Pow(fy, -1), evaluate=False)
    final = textbook_quotient(simplify(-fx / fy))
    oracle = -sp.diff(F, var) / sp.diff(F, y)
    ok = _numeric_agree(oracle, final, sorted(F.free_symbols, key=str))
    if ok is False:  # pragma: no cover - a bug
        raise VerificationError(f"internal error: implicit derivative {final} disagrees with {oracle}")
    lhs_text = (f"d{y}/d{var}", rf"\frac{{d{y}}}{{d{var}}}")
    fy_t, fy_l = text_of(fy), latex_of(fy)
    bare = not fy.is_Add and not fy.could_extract_minus_sign()   # 2·x + 2·y·dy/dx, (x + 2·y)·dy/dx
    fy_t = fy_t if bare else f"({fy_t})"
    fy_l = fy_l if bare else rf"\left({fy_l}\right)"
    both = (f"{text_of(fx)} + {fy_t}·d{y}/d{var}", rf"{latex_of(fx)} + {fy_l}\,\frac{{d{y}}}{{d{var}}}")

    def parts(tree: Step, simp: Step) -> list[Step]:
        return [tree] if simp.expr == simp.result else [tree, simp]

    steps = [
        Step("implicit", F, var, sp.Integer(0), kind="eq", formula=_IMPLICIT, lhs=both,
             notes=[("symbolic.note.implicit", {"dep": y.name, "var": var.name})],
             substeps=parts(tx, sx) + parts(ty, sy)),
        Step("implicit_solve", raw, var, final, kind="eq", lhs=lhs_text),
    ]
    if parsed.order > 1:
        from mibun.symbolic.derivation.implicit_higher import higher_implicit

        final, ok, lhs_text = higher_implicit(F, var, y, final, parsed.order, steps, ok,
                                              text_of(sp.Eq(lhs, rhs, evaluate=False)))
    return Derivation(sp.Eq(lhs, rhs, evaluate=False), var, steps, final, verified=ok, partial=False,
                      notes=parsed.notes, answer_lhs=lhs_text, method="implicit")


def textbook_quotient(e: sp.Expr) -> sp.Expr:
    """dy/dx as a textbook prints it: one fraction in lowest terms (y/(1/y − x) → y²/(1 − x·y), common
    numbers cancelled), a denominator that does not start with a minus, a numerator whose terms are all
    negative written as −(…), and 1/sec²y as cos²y. Returned unevaluated where SymPy would reorder it."""
    e = e.replace(lambda a: a.is_Pow and isinstance(a.base, (sp.sec, sp.csc)) and a.exp.is_negative,
                  lambda a: ({sp.sec: sp.cos, sp.csc: sp.sin}[type(a.base)])(a.base.args[0]) ** (-a.exp))
    if e.has(sp.sec, sp.csc):
        return e
    try:
        together = sp.cancel(sp.together(e))
    except sp.PolynomialError:  # pragma: no cover - functions SymPy cannot treat as generators
        return e
    if sp.count_ops(together) > 2 * sp.count_ops(e) + 4:   # not simpler: keep the simplified form
        return e
    num, den = sp.fraction(together)
    return signed_quotient(num, den)


def signed_quotient(num: sp.Expr, den: sp.Expr) -> sp.Expr:
    """num/den with its signs as a textbook writes them: a denominator that does not start with a minus, and
    a numerator whose terms are all negative written as −(…) — unless the denominator has terms of both signs,
    which then takes the minus (y²/(1 − x·y) rather than −y²/(x·y − 1))."""

    def all_negative(a: sp.Expr) -> bool:
        return all(t.could_extract_minus_sign() for t in sp.Add.make_args(a))

    if all_negative(den):
        num, den = -num, -den
    if all_negative(num) and not num.is_Number:
        if not all_negative(-den):                     # the denominator has terms of both signs
            return -num / -den
        num = -num
        return sp.Mul(-1, num, 1 / den) if num.is_Add and den != 1 else -num / den   # −(2·x·y + y²)/(x² + 2·x·y)
    return num / den


def higher_order(parsed: Parsed, var: sp.Symbol) -> Derivation:
    """The n-th derivative: each derivative's steps, then the next one of its result."""
    n = parsed.order
    if n > 9:
        raise InputError("symbolic.err.derivatives_order_not_shown", n=n)
    expr = parsed.expr
    cur = expr
    steps: list[Step] = []
    verified: bool | None = True
    partial = False
    for k in range(1, n + 1):
        tree, final, simp = derivation_for(cur, var)
        ok = verify(cur, var, final)
        verified = None if ok is None else verified
        partial = partial or tree.partial
        steps.append(Step(f"nth_{min(k, 4)}", cur, var, final, substeps=[tree, simp], partial=tree.partial,
                          notes=[("symbolic.nth_order", {"k": k})] if k > 4 else []))
        cur = final
    if parsed.dependent:
        lhs = _leibniz_lhs(parsed.dependent, var, n)
    else:
        sup = "²³⁴⁵⁶⁷⁸⁹"[n - 2]
        lhs = (f"d{sup}/d{var}{sup} {_wrap_text(expr)}",
               rf"\frac{{d^{{{n}}}}}{{d{latex_of(var)}^{{{n}}}}}\left({latex_of(expr)}\right)")
    return Derivation(expr, var, steps, cur, verified=verified, partial=partial, notes=parsed.notes,
                      answer_lhs=lhs, point=_point(parsed, var),
                      heading=("symbolic.heading_order", {"var": var, "expr": expr, "n": n}))


def _wrap_text(e: sp.Basic) -> str:
    s = text_of(e)
    return s if (e.is_Atom or isinstance(e, sp.Function)) else f"({s})"


__all__ = ["implicit", "higher_order", "textbook_quotient", "signed_quotient", "Note"]
