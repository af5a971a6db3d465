"""Independent checks for the tests (they do not use mibun's own verification)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from mibun.errors import MibunError
from mibun.symbolic.compile import compile_expr
from mibun.symbolic.parser import evaluate


def sympy_derivative(expr: sp.Basic, var: sp.Symbol) -> sp.Basic:
    """sympy.diff on real symbols (so |x|' = sign(x)), returned in those real symbols: compare it with
    ``agree``, which matches symbols by name. (Swapping the plain symbols back in re-evaluates every function
    with arguments of unknown sign: 11 s for tanh nested ten deep.)"""
    e = evaluate(expr)
    syms = e.free_symbols | {var}
    real = {s: sp.Symbol(s.name, real=True) for s in syms}
    return sp.diff(e.xreplace(real), real[var])


def _numeric(expr: sp.Basic, syms: list[sp.Symbol]):
    """A vectorized NumPy function of ``expr``; where mibun's compiler has no NumPy form (SymPy's oracle may
    contain re/im, e.g. d|c^x|/dx), SymPy's own evalf point by point."""
    try:
        return compile_expr(expr, syms)
    except MibunError:
        def pointwise(*cols):
            return np.array([complex(expr.xreplace(dict(zip(syms, map(sp.Float, p), strict=True))).evalf())
                             for p in zip(*cols, strict=True)])
        return pointwise


def agree(a: sp.Basic, b: sp.Basic, seed: int = 0, n: int = 30) -> bool:
    """a and b agree at random real points (points where either is not finite are skipped; at least 3 needed).
    Symbols are matched by name, so x and x (real=True) are the same variable."""
    a_syms, b_syms = ({s.name: s for s in e.free_symbols} for e in (a, b))
    names = sorted(a_syms.keys() | b_syms.keys()) or ["x"]
    fa = _numeric(evaluate(a), [a_syms.get(n, sp.Symbol(n)) for n in names])
    fb = _numeric(evaluate(b), [b_syms.get(n, sp.Symbol(n)) for n in names])
    rng = np.random.default_rng(seed)
    cols = [np.concatenate([rng.uniform(-3, 3, n), rng.uniform(0.1, 2, n)]) for _ in names]
    with np.errstate(all="ignore"):
        va = np.broadcast_to(np.asarray(fa(*cols), dtype=complex), (2 * n,))
        vb = np.broadcast_to(np.asarray(fb(*cols), dtype=complex), (2 * n,))
    ok = np.isfinite(va) & np.isfinite(vb) & (np.abs(va.imag) < 1e-9) & (np.abs(vb.imag) < 1e-9)
    if ok.sum() < 3:
        plain = {s: sp.Symbol(s.name) for s in (a.free_symbols | b.free_symbols)}
        return sp.simplify(evaluate(a).xreplace(plain) - evaluate(b).xreplace(plain)) == 0
    x, y = va[ok].real, vb[ok].real
    return bool(np.allclose(x, y, rtol=1e-6, atol=1e-9))


def has_hangul(s: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" or "\u1100" <= c <= "\u11ff" or "\u3130" <= c <= "\u318f" for c in s)
