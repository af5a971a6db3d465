"""Are two formulas the same function? A symbolic proof, confirmed numerically at random points of the domain.

    same(expected, answer) -> Equivalence(equal=True | False | None, how=..., factor=..., points=...)

The verdict is never a guess:

* ``equal=True`` needs a symbolic proof (``expected − answer`` simplifies to 0) with no numerical
  counter-example, or — when SymPy cannot prove it and the difference is analytic (no |·|, relu, max) —
  agreement to 45 significant digits at eight random points (60-digit arithmetic), said in ``how``.
* ``equal=False`` needs a counter-example point, confirmed with 60-digit arithmetic (so floating-point
  cancellation cannot fake one), or a difference that is a nonzero number or rational function.
* otherwise ``equal=None``: cannot decide.

``factor`` is set when the answer is a constant multiple c·expected (c ≠ 1), e.g. −1 for a sign slip.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from mibun.symbolic.compile import compile_expr
from mibun.symbolic.parser import evaluate

#: random points tried per comparison, and the least number that must be usable
N_POINTS = 24
MIN_POINTS = 8
RTOL = 1e-7
#: SymPy simplify only runs on differences at most this large (count_ops)
SIMPLIFY_OPS = 40


@dataclass
class Equivalence:
    """The outcome of comparing two formulas. ``how``: "symbolic", "numeric", "counterexample",
    "symbolic_difference" or "undecided"; ``points``: usable random points; ``witness``: a point where
    they differ (names → values)."""

    equal: bool | None
    how: str
    points: int = 0
    factor: sp.Expr | None = None
    witness: dict | None = None


def plain(e: sp.Basic) -> sp.Basic:
    """The expression with held quotients undone and σ, softplus, log_a written in exp and ln."""
    e = evaluate(e)
    from mibun.symbolic import functions as mf

    reps = {}
    for f in e.atoms(mf.sigmoid):
        reps[f] = 1 / (1 + sp.exp(-f.args[0]))
    for f in e.atoms(mf.softplus):
        reps[f] = sp.log(1 + sp.exp(f.args[0]))
    return e.xreplace(reps) if reps else e


def sample(symbols: list[sp.Symbol], seed: int = 0, n: int = N_POINTS) -> list[np.ndarray]:
    """n random points (one column per symbol): in (−3, 3), in (0.2, 3) for ln and √, and a few in (−10, 10);
    never integers."""
    rng = np.random.default_rng(20261207 + seed)
    cols = []
    k = n // 6
    for _ in symbols:
        a = rng.uniform(-3.0, 3.0, n // 2 - k)
        b = rng.uniform(0.2, 3.0, n - n // 2)
        c = rng.uniform(-10.0, 10.0, k)
        cols.append(np.concatenate([a, b, c]))
    return cols


#: functions that are not analytic: agreement at random points proves nothing about them
KINKED = (sp.Abs, sp.Heaviside, sp.sign, sp.Max, sp.Min, sp.Piecewise, sp.floor, sp.ceiling)


def analytic(e: sp.Basic) -> bool:
    """No |·|, H, sign, max, min, relu, piecewise or rounding in e."""
    from mibun.symbolic import functions as mf

    return not e.has(*KINKED, mf.relu)


def values(e: sp.Basic, symbols: list[sp.Symbol], cols: list[np.ndarray]) -> np.ndarray | None:
    """e at the points (complex array; NaN where undefined) or None when it cannot be compiled."""
    n = len(cols[0]) if cols else 1
    try:
        f = compile_expr(plain(e), symbols)
        with np.errstate(all="ignore"):
            v = np.asarray(f(*[c.astype(complex) for c in cols]), dtype=complex)
        return np.broadcast_to(v, (n,)).copy()
    except Exception:  # noqa: BLE001 - an expression NumPy cannot evaluate is "undecided", not an error
        return None


def _real_ok(v: np.ndarray) -> np.ndarray:
    return np.isfinite(v) & (np.abs(v.imag) <= 1e-9 * np.maximum(1.0, np.abs(v.real)))


#: digits of the high-precision comparison, and the relative difference that counts as a difference
DIGITS = 60
PRECISE_RTOL = sp.Float("1e-45", DIGITS)


def _exact_at(e: sp.Basic, subs: dict) -> sp.Basic | None:
    try:
        v = sp.N(plain(e).xreplace(subs), DIGITS)
    except Exception:  # noqa: BLE001
        return None
    return v if v.is_number else None


def _point(symbols, cols, i) -> dict:
    return {s: sp.Rational(repr(float(c[i].real))) for s, c in zip(symbols, cols, strict=True)}


def _precise_differ(a: sp.Basic, b: sp.Basic, subs: dict) -> bool | None:
    """Do a and b differ at this point, in 60-digit arithmetic (relative difference over 10⁻⁴⁵)? None when
    either is not a finite real number there."""
    va, vb = _exact_at(a, subs), _exact_at(b, subs)
    if va is None or vb is None:
        return None
    try:
        ra, ia = sp.re(va), sp.im(va)
        rb, ib = sp.re(vb), sp.im(vb)
        if not all(v.is_finite for v in (ra, ia, rb, ib)):
            return None
        scale = max(sp.Float(1, DIGITS), abs(ra), abs(rb))
        if abs(ia) > PRECISE_RTOL * scale or abs(ib) > PRECISE_RTOL * scale:
            return None
        return bool(abs(ra - rb) > PRECISE_RTOL * scale)
    except (TypeError, ValueError, AttributeError):
        return None


def _symbolic_zero(d: sp.Basic) -> bool | None:
    """True when d is provably 0, False when it provably is not (a nonzero number or rational function), None
    otherwise.

    Only cheap rewrites, and SymPy's ``simplify`` on small differences: a long symbolic search is left to the
    30-digit numerical comparison instead (SymPy can take minutes on, say, tanh written in exponentials)."""
    try:
        d = sp.expand(d)
        if d == 0:
            return True
        for step in (sp.cancel, lambda z: sp.expand_log(z, force=True), sp.powsimp, sp.cancel):
            d = step(d)
            if d == 0:
                return True
        syms = sorted(d.free_symbols, key=str)
        if syms and d.is_rational_function(*syms) and not d.has(sp.Float):
            return False   # a nonzero rational function (after cancelling) is not identically zero
        if sp.count_ops(d) <= SIMPLIFY_OPS and not d.has(sp.tanh, sp.sinh, sp.cosh):
            s = sp.simplify(d)
            if s == 0:
                return True
            if s.is_number and s.is_zero is False:
                return False
            if not analytic(d):   # sign(x) = x/|x| needs x real
                real = {v: sp.Symbol(v.name, real=True) for v in d.free_symbols}
                s = sp.simplify(d.xreplace(real))
                if s == 0 or (isinstance(s, sp.Piecewise) and all(v == 0 or v is sp.nan for v, _ in s.args)):
                    return True   # zero except where the answer is undefined (the kink itself)
    except (sp.PolynomialError, TypeError, ValueError, RecursionError, NotImplementedError, AttributeError):
        return None
    if d.is_number and d.is_zero is False:
        return False
    return None


def same(expected: sp.Basic, answer: sp.Basic, symbols: list[sp.Symbol] | None = None, seed: int = 0) \
        -> Equivalence:
    """Compare ``answer`` with ``expected`` (see the module docstring)."""
    a, b = plain(expected), plain(answer)
    syms = sorted(set(symbols or []) | a.free_symbols | b.free_symbols, key=str)
    cols = sample(syms, seed)
    va, vb = values(a, syms, cols), values(b, syms, cols)
    agree = differ = 0
    witness = None
    if va is not None and vb is not None:
        ok = _real_ok(va) & _real_ok(vb)
        close = np.abs(va - vb) <= RTOL * np.maximum(1.0, np.maximum(np.abs(va), np.abs(vb)))
        agree = int((ok & close).sum())
        bad = np.flatnonzero(ok & ~close)
        for i in bad[:3]:
            subs = _point(syms, cols, i)
            if _precise_differ(a, b, subs):
                differ += 1
                witness = witness or {str(k): float(v) for k, v in subs.items()}
    if differ:
        return Equivalence(False, "counterexample", agree, _factor(a, b, syms, cols, va, vb), witness)
    proof = _symbolic_zero(a - b)
    if proof is True:
        return Equivalence(True, "symbolic", agree)
    if proof is False:
        return Equivalence(False, "symbolic_difference", agree, _factor(a, b, syms, cols, va, vb))
    if agree >= MIN_POINTS and va is not None and vb is not None and analytic(a - b):
        # no proof: every usable point must agree to 25 digits in 30-digit arithmetic (for analytic functions,
        # agreeing at many random points means agreeing everywhere; a kink could hide between the points)
        ok = np.flatnonzero(_real_ok(va) & _real_ok(vb))[:MIN_POINTS]
        checks = [_precise_differ(a, b, _point(syms, cols, i)) for i in ok]
        if all(c is False for c in checks):
            return Equivalence(True, "numeric", len(checks))
        if any(c is True for c in checks):   # equal to float precision, different in 60 digits
            i = ok[checks.index(True)]
            witness = {str(k): float(v) for k, v in _point(syms, cols, i).items()}
            return Equivalence(False, "counterexample", agree, None, witness)
    return Equivalence(None, "undecided", agree)


def _factor(a, b, syms, cols, va, vb) -> sp.Expr | None:
    """c when b = c·a for a constant c ≠ 1 (checked numerically, then symbolically)."""
    if va is None or vb is None:
        return None
    ok = _real_ok(va) & _real_ok(vb) & (np.abs(va) > 1e-9)
    if ok.sum() < (MIN_POINTS // 2 if syms else 1):
        return None
    r = (vb[ok] / va[ok]).real
    if not np.allclose(r, r[0], rtol=1e-7, atol=1e-12):
        return None
    c = sp.nsimplify(float(r[0]), [sp.pi, sp.E], tolerance=1e-10, rational=False)
    if c == 1 or c == 0:
        return None
    if _symbolic_zero(b - c * a) is not True:
        return None
    return c


def shift(expected: sp.Basic, answer: sp.Basic, symbols: list[sp.Symbol] | None = None) -> sp.Expr | None:
    """c when answer = expected + c for a nonzero constant c (found numerically, proved symbolically)."""
    a, b = plain(expected), plain(answer)
    syms = sorted(set(symbols or []) | a.free_symbols | b.free_symbols, key=str)
    cols = sample(syms, seed=3)
    va, vb = values(a, syms, cols), values(b, syms, cols)
    if va is None or vb is None:
        return None
    ok = _real_ok(va) & _real_ok(vb)
    if ok.sum() < (MIN_POINTS // 2 if syms else 1):
        return None
    d = (vb[ok] - va[ok]).real
    if abs(d[0]) < 1e-9 or not np.allclose(d, d[0], rtol=1e-7, atol=1e-9):
        return None
    c = sp.nsimplify(float(d[0]), [sp.pi, sp.E], tolerance=1e-10, rational=False)
    return c if _symbolic_zero(b - a - c) is True else None


def longer(answer: sp.Basic, simplest: sp.Basic) -> bool:
    """Is the answer written at noticeably greater length than the simplified form?"""
    return sp.count_ops(evaluate(answer)) > sp.count_ops(simplest) + 2


__all__ = ["Equivalence", "same", "shift", "longer", "plain", "sample", "values"]
