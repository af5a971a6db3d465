"""Compile a SymPy expression into a NumPy (or mibun) callable by walking its tree — no source code is
generated and nothing is passed to ``eval`` (unlike ``sympy.lambdify``). Which NumPy (or mibun) function
evaluates a SymPy function is read from the function specs (:mod:`mibun.functions`).

    f = compile_expr(x**2 * sin(y), [x, y])
    f(np.array([1.0, 2.0]), 0.5)            # elementwise, broadcasting, works on complex input too
    g = compile_expr(expr, [x], backend="mibun")   # the same on mibun Tensors (differentiable)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import numpy as np
import sympy as sp

from mibun.errors import InputError
from mibun.functions import by_sympy
from mibun.symbolic import functions as mf


def _np_heaviside(u, h0=None):
    # H(0) is undefined; NumPy needs a value: 0.5 (the symmetric choice) unless SymPy gave one.
    return np.heaviside(np.real(u), 0.5 if h0 is None else h0)


# SymPy functions that are not mibun functions (no spec): how NumPy evaluates them
_NUMPY_EXTRA: dict[Any, Callable] = {
    sp.sign: np.sign,
    sp.floor: np.floor,
    sp.ceiling: np.ceil,
    sp.Heaviside: _np_heaviside,
}


@cache
def _numpy_funcs() -> dict[Any, Callable]:
    """SymPy class -> NumPy function: every function spec's forward (its complex-capable form where it has
    one, so complex-step differentiation works), plus the few SymPy functions without a spec."""
    out = {cls: s.complex_forward or s.forward for cls, s in by_sympy().items()}
    out.update(_NUMPY_EXTRA)
    return out


def _engine() -> Any:
    """The automatic engine, as the package facade provides it (the symbolic side does not import it)."""
    import mibun

    return mibun.array_backend("mibun")


def _mibun_funcs() -> dict[Any, Callable]:
    mb = _engine()
    out = {cls: getattr(mb, s.name) for cls, s in by_sympy().items()}
    out[sp.Heaviside] = lambda u, h0=None: mb.tensor(_np_heaviside(np.asarray(u), h0))
    return out


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
        raise InputError("symbolic.err.expected_sympy_expression", type=type(expr).__name__)
    elif not isinstance(expr, sp.Basic):
        expr = sp.Integer(expr) if isinstance(expr, int) else sp.Float(expr)
    syms = [sp.Symbol(v) if isinstance(v, str) else v for v in variables]
    index = {s: i for i, s in enumerate(syms)}
    if backend == "numpy":
        funcs = _numpy_funcs()
        maximum, minimum, where = np.maximum, np.minimum, np.where
    elif backend == "mibun":
        mb = _engine()
        funcs = _mibun_funcs()
        maximum, minimum, where = mb.maximum, mb.minimum, mb.where
    else:
        raise InputError("symbolic.err.unknown_backend_numpy_mibun", backend=backend)
    free = expr.free_symbols - set(syms)
    if free:
        names = ", ".join(sorted(str(s) for s in free))
        raise InputError("symbolic.err.expression_uses_which_not", names=names, variables=[str(s) for s in syms])

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
                sqrt = np.sqrt if backend == "numpy" else _engine().sqrt
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
        raise InputError("symbolic.err.cannot_evaluate_numerically_backend",
                         type=type(e).__name__, expo=e, backend=backend)

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
        raise InputError("symbolic.err.cannot_evaluate_condition", c=c)

    body = build(expr)
    nvars = len(syms)

    def compiled(*values):
        if len(values) != nvars:
            raise InputError("symbolic.err.compiled_expression_takes_value", nvars=nvars, n_values=len(values),
                             names=", ".join(map(str, syms)))
        return body(values)

    # the expression is not printed here: printing costs more than compiling (``.expr`` holds it)
    compiled.__doc__ = f"the compiled expression (its .expr) as a function of ({', '.join(map(str, syms))})"
    compiled.variables = tuple(syms)  # type: ignore[attr-defined]
    compiled.expr = expr  # type: ignore[attr-defined]
    return compiled


__all__ = ["compile_expr"]
