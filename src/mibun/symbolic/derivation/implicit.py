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
    final = simplify(-fx / fy)
    oracle = -sp.diff(F, var) / sp.diff(F, y)
    ok = _numeric_agree(oracle, final, sorted(F.free_symbols, key=str))
    if ok is False:  # pragma: no cover - a bug
        raise VerificationError(f"internal error: implicit derivative {final} disagrees with {oracle}")
    lhs_text = (f"d{y}/d{var}", rf"\frac{{d{y}}}{{d{var}}}")
    fy_t, fy_l = text_of(fy), latex_of(fy)
    fy_t = fy_t if (fy.is_Atom or isinstance(fy, sp.Function)) else f"({fy_t})"
    fy_l = fy_l if (fy.is_Atom or isinstance(fy, sp.Function)) else rf"\left({fy_l}\right)"
    both = (f"{text_of(fx)} + {fy_t}·d{y}/d{var}", rf"{latex_of(fx)} + {fy_l}\,\frac{{d{y}}}{{d{var}}}")

    def parts(tree: Step, simp: Step) -> list[Step]:
        return [tree] if simp.expr == simp.result else [tree, simp]

    steps = [
        Step("implicit", F, var, sp.Integer(0), kind="eq", formula=_IMPLICIT, lhs=both,
             notes=[("symbolic.note.implicit", {"dep": y.name, "var": var.name})],
             substeps=parts(tx, sx) + parts(ty, sy)),
        Step("implicit_solve", raw, var, final, kind="eq", lhs=lhs_text),
    ]
    return Derivation(sp.Eq(lhs, rhs, evaluate=False), var, steps, final, verified=ok, partial=False,
                      notes=parsed.notes, answer_lhs=lhs_text, method="implicit")


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


__all__ = ["implicit", "higher_order", "Note"]
