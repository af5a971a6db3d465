"""Checking a derivation against SymPy's derivative at random real points (or, where SymPy cannot be
evaluated, against central differences)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from mibun.symbolic.compile import compile_expr
from mibun.symbolic.derivation.result import _free
from mibun.symbolic.parser import evaluate, hide_constants, substitute


class VerificationError(RuntimeError):
    """Internal error: a derivation disagrees with SymPy's derivative (a bug in mibun; please report it)."""




_RNG_SEED = 20251123


def verify(expr: sp.Basic, var: sp.Symbol, result: sp.Basic, oracle: sp.Basic | None = None) -> bool | None:
    """Compare ``result`` with SymPy's derivative at random real points. True when they agree, None when no
    point could be evaluated (then a symbolic check decides); raises VerificationError when they differ."""
    e = evaluate(expr)
    given = oracle is not None
    if oracle is None:
        # plain symbols first (SymPy's assumption system costs ~20 ms per call); real symbols only where the
        # plain derivative speaks of re/im (|x|, sign, …)
        # — except for deeply nested functions, where SymPy's eval of each new function value asks
        # assumption questions about complex arguments that grow exponentially (tanh nested ten deep: 11 s
        # with plain symbols, 0.02 s with real ones)
        oracle = None if _nesting_depth(e) >= 4 else _sympy_oracle(e, var, real=None)
        if oracle is None or oracle.has(sp.re, sp.im, sp.arg, sp.Derivative, sp.conjugate, sp.Subs):
            oracle = _sympy_oracle(e, var, real=True)
    syms = sorted(_free(oracle) | _free(result) | {var}, key=str) if oracle is not None else \
        sorted(_free(e) | _free(result) | {var}, key=str)
    ok = _numeric_agree(oracle, result, syms) if oracle is not None else None
    if ok is None and not given:
        # SymPy could not decide realness (re/im, arg in its answer): ask again for positive variables and
        # compare at positive points
        pos = _sympy_oracle(e, var, real=False)
        if pos is not None:
            ok = _numeric_agree(pos, result, sorted(_free(pos) | _free(result) | {var}, key=str), positive=True)
    if ok is None:
        # still not numerically evaluable (an unevaluated Derivative): compare with central differences of the
        # function at the points where they are stable. (No sympy.simplify here: it can take minutes.)
        ok = _difference_agree(e, var, result, syms)
        if ok is None:
            return None
    if not ok:
        raise VerificationError(
            f"internal error: the step-by-step derivative of {expr} with respect to {var} is {result}, but "
            f"SymPy gives {oracle}; this is a bug in mibun, please report it")
    return True


def _nesting_depth(e: sp.Basic) -> int:
    """How many function applications are nested in ``e`` at the deepest point (sin(cos(x)) → 2)."""
    if not e.args:
        return 0
    inner = max(_nesting_depth(a) for a in e.args)
    return inner + 1 if isinstance(e, sp.Function) else inner


def _sympy_oracle(e: sp.Basic, var: sp.Symbol, real: bool | None) -> sp.Basic | None:
    """sympy.diff with the variables assumed real (or positive), returned in the plain symbols.

    Constant subexpressions made of functions (ln(arcsin(e))) are stood in for by symbols while SymPy
    differentiates — its assumption queries on such constants can take minutes — and put back afterwards."""
    e, consts = hide_constants(e)
    if real is None:
        try:
            return substitute(sp.diff(e, var), consts) if consts else sp.diff(e, var)
        except (ValueError, TypeError, ArithmeticError, NotImplementedError):
            return None
    syms = e.free_symbols | {var}
    kw = {"real": True} if real else {"positive": True}
    sub = {s: sp.Symbol(s.name, **kw) for s in syms}
    back = {v: k for k, v in sub.items()}
    back.update({sub.get(c, c): k for c, k in consts.items()})
    try:
        return substitute(sp.diff(substitute(e, sub), sub[var]), back)
    except (ValueError, TypeError, ArithmeticError, NotImplementedError):  # SymPy refused (e.g. complex args)
        return None


def _difference_agree(f: sp.Basic, var: sp.Symbol, d: sp.Basic, syms) -> bool | None:
    """d ≈ (f(x+h) − f(x−h))/(2h) at most of 24 random points (a point near a corner may disagree)."""
    syms = sorted(set(syms) | f.free_symbols, key=str)
    try:
        ff = compile_expr(f, syms)
        fd = compile_expr(d, syms)
    except Exception:
        return None
    rng = np.random.default_rng(_RNG_SEED + 1)
    n = 12
    cols = [np.concatenate([rng.uniform(-2.0, 2.0, n), rng.uniform(0.15, 2.5, n)]) for _ in syms]
    k = syms.index(var)

    def quotient(scale):
        h = scale * np.maximum(1.0, np.abs(cols[k]))
        plus = [c + h if i == k else c for i, c in enumerate(cols)]
        minus = [c - h if i == k else c for i, c in enumerate(cols)]
        q = (np.asarray(ff(*plus), dtype=complex) - np.asarray(ff(*minus), dtype=complex)) / (2 * h)
        return np.broadcast_to(q, (2 * n,))

    try:
        with np.errstate(all="ignore"):
            coarse, fine = quotient(1e-4), quotient(1e-5)
            val = np.broadcast_to(np.asarray(fd(*cols), dtype=complex), (2 * n,))
    except Exception:
        return None
    mask = np.isfinite(coarse) & np.isfinite(fine) & np.isfinite(val)
    mask &= (np.abs(fine.imag) < 1e-7) & (np.abs(val.imag) < 1e-9)
    # keep the points where the difference quotient has settled (smooth there, not near a corner)
    mask &= np.abs(coarse - fine) <= 1e-4 * np.maximum(1.0, np.abs(fine))
    if mask.sum() < 4:
        return None
    a, b = fine[mask].real, val[mask].real
    close = np.abs(a - b) <= 1e-4 * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
    return bool(close.mean() >= 0.9)


def _numeric_agree(a: sp.Basic, b: sp.Basic, syms, positive: bool = False) -> bool | None:
    try:
        fa = compile_expr(a, syms)
        fb = compile_expr(b, syms)
    except Exception:
        return None
    rng = np.random.default_rng(_RNG_SEED)
    n = 12
    cols = []
    for _ in syms:
        lo = 0.15 if positive else -2.0
        cols.append(np.concatenate([rng.uniform(lo, 2.0, n), rng.uniform(0.15, 2.5, n)]))
    try:
        with np.errstate(all="ignore"):
            va = np.broadcast_to(np.asarray(fa(*cols), dtype=complex), (2 * n,))
            vb = np.broadcast_to(np.asarray(fb(*cols), dtype=complex), (2 * n,))
    except Exception:
        return None
    real_pts = np.ones(2 * n, dtype=bool)
    mask = np.isfinite(va) & np.isfinite(vb) & real_pts & (np.abs(va.imag) < 1e-9) & (np.abs(vb.imag) < 1e-9)
    if mask.sum() < 2:
        return None
    x, y = va[mask].real, vb[mask].real
    scale = np.maximum(1.0, np.maximum(np.abs(x), np.abs(y)))
    return bool(np.all(np.abs(x - y) <= 1e-6 * scale))

