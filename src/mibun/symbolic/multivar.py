"""Several variables: the gradient, the Jacobian (with the softmax cases), the total differential and the
multivariable chain rule — each a :class:`~mibun.symbolic.derivation.Derivation` built from the same
partial-derivative step trees as ``diff`` and rendered by the same code.

    gradient("x^2 y + y^3", ["x", "y"])
    jacobian(softmax(["x1", "x2", "x3"]), ["x1", "x2", "x3"])
    total_differential("x^2 y", ["x", "y"])          # 2xy·dx + x²·dy
    chain("x^2 + y^2", {"x": "cos t", "y": "sin t"}, "t")
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import sympy as sp

from mibun.errors import InputError
from mibun.symbolic.compile import compile_expr
from mibun.symbolic.derivation import (
    Derivation,
    _as_expr,
    as_symbol,
    derivation_for,
    simplify,
    verify,
)
from mibun.symbolic.parser import evaluate
from mibun.symbolic.rules import Step


def _exprs(exprs) -> list[sp.Basic]:
    if isinstance(exprs, (str, sp.Basic)) and not isinstance(exprs, sp.MatrixBase):
        return [_as_expr(exprs)]
    return [_as_expr(e) for e in exprs]


def _vars(vars_, exprs: Sequence[sp.Basic]) -> list[sp.Symbol]:
    if vars_ is None:
        free = set()
        for e in exprs:
            free |= e.free_symbols
        return sorted(free, key=str)
    if isinstance(vars_, (str, sp.Symbol)):
        vars_ = [v.strip() for v in vars_.split(",")] if isinstance(vars_, str) else [vars_]
    out = [as_symbol(v, exprs) for v in vars_]
    if len(set(out)) != len(out):
        raise InputError("symbolic.err.variables_repeat_each_once", names=[str(v) for v in out])
    return out


def _partial(expr: sp.Basic, v: sp.Symbol) -> tuple[Step, sp.Basic]:
    tree, final, simp = derivation_for(expr, v)
    verify(expr, v, final)
    wrapper = Step("partial", expr, v, final, substeps=[tree, simp] if tree.rule != "partial" else
                   [*tree.substeps, simp], partial=True, notes=tree.notes if tree.rule == "partial" else [])
    return wrapper, final


def gradient(expr, vars=None) -> Derivation:  # noqa: A002 - the documented name
    """∇f = (∂f/∂x₁, …, ∂f/∂xₙ) as a column Matrix, one partial-derivative tree per variable."""
    (e,) = _exprs(expr)
    vs = _vars(vars, [e])
    subs, parts = [], []
    for v in vs:
        st, r = _partial(e, v)
        subs.append(st)
        parts.append(r)
    result = sp.Matrix(parts)
    step = Step("gradient", e, None, result, kind="eq", substeps=subs,
                formula=("∇f = (∂f/∂x₁, …, ∂f/∂xₙ)", r"\nabla f = \left(\frac{\partial f}{\partial x_1}, \dots, "
                                                     r"\frac{\partial f}{\partial x_n}\right)"),
                lhs=("∇f", r"\nabla f"))
    return Derivation(e, tuple(vs), [step], result, heading=("symbolic.heading_gradient", {"expr": e, "vars": vs}),
                      answer_lhs=("∇f", r"\nabla f"), partial=True)


def softmax(vars_: Iterable) -> list[sp.Basic]:
    """The softmax of the variables: sᵢ = e^{xᵢ} / Σₖ e^{xₖ} (each a quotient, as written by hand)."""
    vs = [as_symbol(v) for v in vars_]
    total = sp.Add(*[sp.exp(v) for v in vs])
    return [sp.Mul(sp.exp(v), sp.Pow(total, -1, evaluate=False), evaluate=False) for v in vs]


def _is_softmax(exprs: Sequence[sp.Basic], vs: Sequence[sp.Symbol]) -> bool:
    if len(exprs) != len(vs) or len(vs) < 2:
        return False
    target = [evaluate(s) for s in softmax(vs)]
    rng = np.random.default_rng(7)
    pts = [rng.uniform(-2, 2, 5) for _ in vs]
    try:
        for e, s in zip(exprs, target, strict=True):
            a = compile_expr(evaluate(e), vs)(*pts)
            b = compile_expr(s, vs)(*pts)
            if not np.allclose(a, b, rtol=1e-9, atol=1e-12):
                return False
    except Exception:
        return False
    return True


def jacobian(exprs, vars=None) -> Derivation:  # noqa: A002
    """J[i, j] = ∂fᵢ/∂xⱼ. For a softmax it also shows the i = j and i ≠ j cases and J = diag(s) − s sᵀ."""
    es = _exprs(exprs)
    vs = _vars(vars, es)
    rows, steps = [], []
    for i, e in enumerate(es):
        row, subs = [], []
        for v in vs:
            st, r = _partial(e, v)
            subs.append(st)
            row.append(r)
        rows.append(row)
        steps.append(Step("jacobian_row", e, None, sp.Matrix([row]), kind="eq", substeps=subs,
                          lhs=(f"J[{i + 1}, :]", rf"J_{{{i + 1},\cdot}}")))
    result = sp.Matrix(rows)
    if _is_softmax(es, vs):
        s = sp.Matrix([sp.Symbol(f"s_{k + 1}") for k in range(len(vs))])
        pattern = sp.diag(*s) - s * s.T
        # check the pattern against the computed matrix: substitute s_k = softmax_k
        sub = {s[k]: evaluate(es[k]) for k in range(len(vs))}
        for a, b in zip(result, pattern.xreplace(sub), strict=True):
            verify_equal(a, b, vs)
        steps.append(Step("softmax_cases", result, None, pattern, kind="eq",
                          notes=[("symbolic.softmax_diag", {}), ("symbolic.softmax_offdiag", {}),
                                 ("symbolic.softmax_matrix", {})],
                          formula=("J = diag(s) − s sᵀ", r"J = \operatorname{diag}(s) - s s^{\top}"),
                          lhs=("J", "J")))
    top = Step("jacobian", sp.Matrix(es), None, result, kind="eq", substeps=steps,
               formula=("J[i, j] = ∂fᵢ/∂xⱼ", r"J_{ij} = \frac{\partial f_i}{\partial x_j}"), lhs=("J", "J"))
    d = Derivation(sp.Matrix(es), tuple(vs), [top], result, partial=True, answer_lhs=("J", "J"),
                   heading=("symbolic.heading_jacobian", {"exprs": es, "vars": vs}))
    if _is_softmax(es, vs):   # the textbook's answer: s_i(1 − s_i) on the diagonal, −s_i·s_j off it
        n = len(vs)
        sk = [sp.Symbol(f"s_{k + 1}") for k in range(n)]
        d.answer_form = sp.Matrix(n, n, lambda i, j: sp.Mul(sk[i], 1 - sk[i], evaluate=False) if i == j
                                  else -sk[i] * sk[j])
    return d


def verify_equal(a: sp.Basic, b: sp.Basic, syms) -> None:
    """Raise VerificationError unless a and b agree at random points (or simplify to the same)."""
    from mibun.symbolic.derivation import VerificationError, _numeric_agree

    ok = _numeric_agree(evaluate(a), evaluate(b), sorted(set(syms) | a.free_symbols | b.free_symbols, key=str))
    if ok is None:
        ok = sp.simplify(evaluate(a) - evaluate(b)) == 0
    if not ok:
        raise VerificationError(f"internal error: {a} and {b} should be equal but are not; please report it")


def total_differential(expr, vars=None) -> Derivation:  # noqa: A002
    """df = Σ ∂f/∂xᵢ · dxᵢ, a SymPy expression in the differentials dx, dy, …"""
    (e,) = _exprs(expr)
    vs = _vars(vars, [e])
    subs, terms = [], []
    for v in vs:
        st, r = _partial(e, v)
        subs.append(st)
        terms.append(r * sp.Symbol(f"d{v.name}"))
    result = sp.Add(*terms)
    step = Step("total_differential", e, None, result, kind="eq", substeps=subs,
                formula=("df = Σ ∂f/∂xᵢ · dxᵢ", r"df = \sum_i \frac{\partial f}{\partial x_i}\,dx_i"),
                lhs=("df", "df"))
    return Derivation(e, tuple(vs), [step], result, heading=("symbolic.heading_total", {"expr": e}),
                      answer_lhs=("df", "df"), partial=True)


def chain(expr, subs: Mapping, t="t") -> Derivation:
    """dw/dt = Σ ∂w/∂xᵢ · dxᵢ/dt for w = f(x₁, …, xₙ) with xᵢ = xᵢ(t); the result is in t."""
    (w,) = _exprs(expr)
    if not isinstance(subs, Mapping) or not subs:
        raise InputError("symbolic.err.chain_expr_subs_t")
    inner = {}
    for k, v in subs.items():
        inner[as_symbol(k, [w])] = _as_expr(v)
    tv = as_symbol(t, list(inner.values()))
    if tv in inner:
        raise InputError("symbolic.err.parameter_cannot_also_substituted", tv=tv)
    steps, terms = [], []
    for xi, xt in inner.items():
        st, dw = _partial(w, xi)
        tree, dx, simp = derivation_for(xt, tv)
        verify(xt, tv, dx)
        inner_step = Step("inner_derivative", xt, tv, dx, substeps=[tree, simp])
        steps.extend([st, inner_step])
        terms.append(sp.Mul(dw, dx))
    combined = sp.Add(*terms)
    steps.append(Step("multichain", w, tv, combined, kind="eq",
                      formula=("dw/dt = Σ ∂w/∂xᵢ · dxᵢ/dt",
                               r"\frac{dw}{dt} = \sum_i \frac{\partial w}{\partial x_i}\,\frac{dx_i}{dt}"),
                      lhs=(f"dw/d{tv}", rf"\frac{{dw}}{{d{sp.latex(tv)}}}")))
    back = combined.xreplace(inner)
    final = simplify(back)
    steps.append(Step("back_substitute", combined, tv, back, kind="eq",
                      given={str(k): v for k, v in inner.items()}))
    steps.append(Step("simplify", back, tv, final, kind="eq"))
    composite = evaluate(w).xreplace({k: evaluate(v) for k, v in inner.items()})
    verify(composite, tv, final)
    return Derivation(w, tv, steps, final, answer_lhs=(f"dw/d{tv}", rf"\frac{{dw}}{{d{sp.latex(tv)}}}"),
                      heading=("symbolic.heading_chain", {"expr_name": "w", "t": tv,
                                                          "subs": [sp.Eq(k, v, evaluate=False)
                                                                   for k, v in inner.items()]}))


__all__ = ["gradient", "jacobian", "total_differential", "chain", "softmax"]
