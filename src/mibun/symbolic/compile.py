"""Compile a SymPy expression into a NumPy (or mibun) callable by walking its tree — no source code is
generated and nothing is passed to ``eval`` (unlike ``sympy.lambdify``).

    f = compile_expr(x**2 * sin(y), [x, y])
    f(np.array([1.0, 2.0]), 0.5)            # elementwise, broadcasting, works on complex input too
    g = compile_expr(expr, [x], backend="mibun")   # the same on mibun Tensors (differentiable)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import sympy as sp

from mibun.errors import InputError
from mibun.symbolic import functions as mf


def _np_sigmoid(u):
    if np.iscomplexobj(u):
        return 1.0 / (1.0 + np.exp(-u))
    u = np.asarray(u, dtype=float) if not isinstance(u, np.ndarray) else u
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _np_softplus(u):
    if np.iscomplexobj(u):
        return np.log(1.0 + np.exp(u))
    return np.logaddexp(0.0, u)


def _np_heaviside(u, h0=None):
    # H(0) is undefined; NumPy needs a value: 0.5 (the symmetric choice) unless SymPy gave one.
    return np.heaviside(np.real(u), 0.5 if h0 is None else h0)


_NUMPY_FUNCS: dict[Any, Callable] = {
    sp.exp: np.exp,
    sp.log: np.log,
    sp.sin: np.sin,
    sp.cos: np.cos,
    sp.tan: np.tan,
    sp.cot: lambda u: 1.0 / np.tan(u),
    sp.sec: lambda u: 1.0 / np.cos(u),
    sp.csc: lambda u: 1.0 / np.sin(u),
    sp.asin: np.arcsin,
    sp.acos: np.arccos,
    sp.atan: np.arctan,
    sp.sinh: np.sinh,
    sp.cosh: np.cosh,
    sp.tanh: np.tanh,
    sp.asinh: np.arcsinh,
    sp.acosh: np.arccosh,
    sp.atanh: np.arctanh,
    sp.Abs: np.abs,
    sp.sign: np.sign,
    sp.floor: np.floor,
    sp.ceiling: np.ceil,
    sp.Heaviside: _np_heaviside,
    mf.sigmoid: _np_sigmoid,
    mf.softplus: _np_softplus,
    mf.relu: lambda u: np.maximum(u, 0.0),
}


def _mibun_funcs() -> dict[Any, Callable]:
    import mibun as mb

    return {
        sp.exp: mb.exp,
        sp.log: mb.log,
        sp.sin: mb.sin,
        sp.cos: mb.cos,
        sp.tan: mb.tan,
        sp.cot: lambda u: 1.0 / mb.tan(u),
        sp.sec: lambda u: 1.0 / mb.cos(u),
        sp.csc: lambda u: 1.0 / mb.sin(u),
        sp.sinh: lambda u: (mb.exp(u) - mb.exp(-u)) / 2.0,
        sp.cosh: lambda u: (mb.exp(u) + mb.exp(-u)) / 2.0,
        sp.tanh: mb.tanh,
        sp.Abs: mb.abs,
        sp.Heaviside: lambda u, h0=None: mb.tensor(_np_heaviside(np.asarray(u), h0)),
        mf.sigmoid: mb.sigmoid,
        mf.softplus: mb.softplus,
        mf.relu: mb.relu,
    }


def _const(value: sp.Expr):
    if value is sp.S.ImaginaryUnit:
        return 1j
    if value.is_Integer:
        return int(value)
    if value.is_real:
        return float(value)
    c = complex(value)
    return c


def compile_expr(
    expr: sp.Expr, variables: Sequence[sp.Symbol | str], backend: str = "numpy"
) -> Callable[..., Any]:
    """A callable ``f(*values)`` that evaluates ``expr`` with ``variables`` bound positionally.

    ``backend="numpy"`` works on floats, arrays (elementwise, broadcasting) and complex values;
    ``backend="mibun"`` builds mibun Tensors (differentiable). Unknown functions raise InputError.
    """
    if isinstance(expr, str):  # text goes through mibun's own parser, never sympify (which evals)
        from mibun.symbolic import parse

        expr = parse(expr)
    elif isinstance(expr, bool) or not isinstance(expr, (sp.Basic, int, float)):
        raise InputError(f"compile_expr: expected a SymPy expression, got {type(expr).__name__}")
    elif not isinstance(expr, sp.Basic):
        expr = sp.Integer(expr) if isinstance(expr, int) else sp.Float(expr)
    syms = [sp.Symbol(v) if isinstance(v, str) else v for v in variables]
    index = {s: i for i, s in enumerate(syms)}
    if backend == "numpy":
        funcs = _NUMPY_FUNCS
        maximum, minimum, where = np.maximum, np.minimum, np.where
    elif backend == "mibun":
        import mibun as mb

        funcs = _mibun_funcs()
        maximum, minimum, where = mb.maximum, mb.minimum, mb.where
    else:
        raise InputError(f"compile_expr: unknown backend {backend!r}; use 'numpy' or 'mibun'")
    free = expr.free_symbols - set(syms)
    if free:
        names = ", ".join(sorted(str(s) for s in free))
        raise InputError(f"compile_expr: the expression uses {names}, which is not among the variables "
                         f"{[str(s) for s in syms]}; pass it as a variable or substitute a value")

    def raw(v):
        return np.asarray(v) if backend == "mibun" and hasattr(v, "requires_grad") else v

    def build(e: sp.Basic) -> Callable[[tuple], Any]:
        if e in index:
            i = index[e]
            return lambda a: a[i]
        if e.is_Number or e in (sp.pi, sp.E, sp.S.ImaginaryUnit, sp.EulerGamma) or (e.is_number and not e.args):
            c = _const(e)
            return lambda a: c
        if e.is_Add:
            parts = [build(t) for t in e.args]

            def add(a):
                acc = parts[0](a)
                for p in parts[1:]:
                    acc = acc + p(a)
                return acc

            return add
        if e.is_Mul:
            parts = [build(t) for t in e.args]

            def mul(a):
                acc = parts[0](a)
                for p in parts[1:]:
                    acc = acc * p(a)
                return acc

            return mul
        if e.is_Pow:
            base, ex = e.args
            fb = build(base)
            if ex == sp.S.Half:
                sqrt = np.sqrt if backend == "numpy" else __import__("mibun").sqrt
                return lambda a: sqrt(fb(a))
            if ex == -1:
                return lambda a: 1.0 / fb(a)
            if ex.is_Integer:
                n = int(ex)
                if n < 0:
                    return lambda a: 1.0 / (fb(a) ** (-n))
                return lambda a: fb(a) ** n
            if base == sp.E:
                fe = build(ex)
                ex_fn = funcs[sp.exp]
                return lambda a: ex_fn(fe(a))
            fe = build(ex)
            if ex.is_number:
                c = _const(ex)
                return lambda a: fb(a) ** c
            return lambda a: fb(a) ** fe(a)
        if isinstance(e, (sp.Max, sp.Min)):
            parts = [build(t) for t in e.args]
            op = maximum if isinstance(e, sp.Max) else minimum

            def mm(a):
                acc = parts[0](a)
                for p in parts[1:]:
                    acc = op(acc, p(a))
                return acc

            return mm
        if isinstance(e, sp.Piecewise):
            pieces = [(build(v), build_cond(c)) for v, c in e.args]

            def pw(a):
                vals = [(v(a), c(a)) for v, c in pieces]
                out = vals[-1][0]
                for v, c in reversed(vals[:-1]):
                    out = where(c, v, out)
                return out

            return pw
        if (isinstance(e, sp.log) and len(e.args) == 2) or isinstance(e, mf.log_base):  # log(x, b)
            fx, fb_ = build(e.args[0]), build(e.args[1])
            ln = funcs[sp.log]
            return lambda a: ln(fx(a)) / ln(fb_(a))
        if isinstance(e, sp.Heaviside):
            fx = build(e.args[0])
            h0 = float(e.args[1]) if len(e.args) > 1 and e.args[1].is_number else None
            fn = funcs[sp.Heaviside]
            return lambda a: fn(fx(a), h0)
        if isinstance(e, sp.Function) and e.func in funcs and len(e.args) == 1:
            fn = funcs[e.func]
            fx = build(e.args[0])
            return lambda a: fn(fx(a))
        if e.is_number:  # a constant built from functions, e.g. log(2), sqrt(3)
            c = _const(sp.N(e, 17))
            return lambda a: c
        raise InputError(f"compile_expr: cannot evaluate {type(e).__name__} ({e}) numerically "
                         f"with the {backend} backend")

    def build_cond(c: sp.Basic) -> Callable[[tuple], Any]:
        if c is sp.true or c == True:  # noqa: E712 - SymPy's true
            return lambda a: True
        if c is sp.false or c == False:  # noqa: E712
            return lambda a: False
        if isinstance(c, sp.core.relational.Relational):
            lhs, rhs = build(c.lhs), build(c.rhs)
            ops = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
                   "==": np.equal, "!=": np.not_equal}
            f = ops[c.rel_op]
            return lambda a: f(np.real(np.asarray(raw(lhs(a)))), np.real(np.asarray(raw(rhs(a)))))
        if isinstance(c, sp.And):
            parts = [build_cond(p) for p in c.args]
            return lambda a: np.logical_and.reduce([p(a) for p in parts])
        if isinstance(c, sp.Or):
            parts = [build_cond(p) for p in c.args]
            return lambda a: np.logical_or.reduce([p(a) for p in parts])
        if isinstance(c, sp.Not):
            inner = build_cond(c.args[0])
            return lambda a: np.logical_not(inner(a))
        raise InputError(f"compile_expr: cannot evaluate the condition {c}")

    body = build(expr)
    nvars = len(syms)

    def compiled(*values):
        if len(values) != nvars:
            raise InputError(f"compiled expression takes {nvars} value(s) "
                             f"({', '.join(map(str, syms))}), got {len(values)}")
        return body(values)

    compiled.__doc__ = f"{expr} as a function of ({', '.join(map(str, syms))})"
    compiled.variables = tuple(syms)  # type: ignore[attr-defined]
    compiled.expr = expr  # type: ignore[attr-defined]
    return compiled


__all__ = ["compile_expr"]
