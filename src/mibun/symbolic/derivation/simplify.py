"""A cheap simplification of a derivative: the shortest of a few fast rewrites."""

from __future__ import annotations

import sympy as sp

from mibun import budget as _budget
from mibun.symbolic import functions as mf
from mibun.symbolic.parser import evaluate, hide_constants, substitute


def simplify(e: sp.Basic) -> sp.Basic:
    """A cheap simplification: the shortest of a few fast rewrites (factor_terms, one fraction, powsimp, and
    sin² + cos² = 1). SymPy's full ``simplify`` is not used: it costs 100 ms to seconds per derivative and may
    bring in functions the student never wrote (1/(4cosh²(x/2)) for σ′)."""
    keep = _chain_brackets(e)
    e = evaluate(e)
    _LAST_ALTERNATIVE[0] = None
    if _nesting(e) > 4:  # SymPy's rewrites re-evaluate nested functions at exponential cost
        return e
    e, consts = hide_constants(e)
    return substitute(_shortest(e, keep), consts) if consts else _shortest(e, keep)


def _shortest(e: sp.Basic, keep: list | None = None) -> sp.Basic:
    """The candidate a textbook would print: fewest operations among the rewrites that keep the student's
    powers (10^(3x) stays, not 1000^x; (2x − 4)² stays, not 4(x − 2)²), keep the brackets ``keep`` the
    chain rule left as factors (4(2x − 1) for d/dx (2x − 1)², not 8x − 4) and do not pull a bare monomial
    out of a sum (6x² − 12x, not 6x(x − 2))."""
    e = _real_abs(e)
    cands = [e]
    try:
        ft = sp.factor_terms(e)
        cands.append(ft)
        if not e.has(mf.relu, sp.Heaviside, sp.Max, sp.Min, sp.Abs, sp.sign):
            # cancel/together expand: skipped when the estimate says the expansion is huge
            if e.is_Add and len(e.args) <= 8 and not _budget.too_big_to_expand(e):
                cands.append(sp.factor_terms(sp.cancel(sp.together(e))))
            _budget.check("reliability.what.simplify")
            if any(p.exp.free_symbols for p in e.atoms(sp.Pow)):   # x^a·x^b; exponentials stay apart anyway
                cands.append(sp.powsimp(ft))
            for p in [a for a in e.atoms(sp.Pow) if isinstance(a.base, sp.sin) and a.exp == 2]:
                c2 = sp.cos(p.base.args[0]) ** 2
                if c2 in e.atoms(sp.Pow):
                    cands.append(sp.factor_terms(e.xreplace({p: 1 - c2})))
        cands += [_textbook_trig(c) for c in list(cands)]
    except (sp.PolynomialError, TypeError, ValueError, RecursionError):  # pragma: no cover - keep e
        pass
    kinds = {type(f) for f in e.atoms(sp.Function)}
    if sp.tan in kinds:
        kinds.add(sp.sec)
    if sp.cot in kinds or sp.sin in kinds:
        kinds.add(sp.csc)
    # a rewrite may not bring in functions the student did not have
    cands = [c for c in cands if {type(f) for f in c.atoms(sp.Function)} <= kinds] or [e]
    bases = _bases(e)
    seen: dict = {}
    for c in cands:
        if c not in seen:
            seen[c] = (sp.count_ops(c), len(str(c)))
    def kept(c: sp.Basic) -> int:  # 0 when the chain rule's bracket survives: 4·(2x − 1), not 8x − 4
        return 0 if not keep or all(k in sp.Mul.make_args(c) for k in keep) else 1

    best = min(seen, key=lambda c: (_foreign(c, e, bases), kept(c), *seen[c]))
    shortest = min(seen, key=lambda c: seen[c])
    _LAST_ALTERNATIVE[0] = shortest if seen[shortest][0] < seen[best][0] else None
    return best


_LAST_ALTERNATIVE: list = [None]


def _chain_brackets(e: sp.Basic) -> list:
    """The polynomial brackets of a chain-rule product n·(ax + b)·a (before SymPy multiplies the number in)."""
    if not e.is_Mul:
        return []
    args = sp.Mul.make_args(e)
    if not any(a.is_Number and abs(a) != 1 for a in args):
        return []
    return [a for a in args if a.is_Add and a.is_polynomial() and not a.has(sp.Function)]


def alternative() -> sp.Basic | None:
    """A shorter form the last :func:`simplify` saw but did not choose (24(x − 2)² for 6(2x − 4)²), or None."""
    return _LAST_ALTERNATIVE[0]


def _bases(e: sp.Basic) -> set:
    """Bases of powers (not function values: sin² → csc² is a rewrite of its own) and exponents of e."""
    out = {p.base for p in e.atoms(sp.Pow)
           if not isinstance(p.base, sp.Function) and (not p.base.is_Number or p.exp.free_symbols)}
    return out | {("exp", f.args[0]) for f in e.atoms(sp.exp)}


def _foreign(c: sp.Basic, e: sp.Basic, bases: set) -> int:
    """1 for a rewrite a textbook would not print: new bases of powers (1000^x for 10^(3x)), exponentials
    merged (e^(x+y) for eˣ·eʸ), or a monomial pulled out of a sum (6x(x − 2) for 6x² − 12x)."""
    if c is e:
        return 0
    for b in _bases(c) - bases:
        if isinstance(b, tuple):
            if ("exp", -b[1]) not in bases:
                return 1
        elif not b.is_Symbol:
            return 1
    if c.is_Mul and e.is_Add:
        rest = [a for a in c.args if not a.is_Add]
        mono = sp.Mul(*rest)
        if rest and not mono.is_Number and _is_monomial(mono):
            return 1
    return 0


def _is_monomial(m: sp.Basic) -> bool:
    """c·x^a·y^b… (numbers and powers of symbols only), decided without expanding: expanding (x + 1)^999 to
    find out would never finish."""
    return all(f.is_Number or f.is_Symbol or (f.is_Pow and f.base.is_Symbol and f.exp.is_Integer)
               for f in sp.Mul.make_args(m))


def _real_abs(e: sp.Basic) -> sp.Basic:
    """sign(u)/|u| = 1/u for real u (the derivative of ln|u| as the textbook prints it)."""
    if not e.has(sp.sign):
        return e

    def fix(node):
        if node.is_Mul:
            args = list(node.args)
            for s in [a for a in args if isinstance(a, sp.sign)]:
                inv = sp.Pow(sp.Abs(s.args[0]), -1)
                if inv in args:
                    args.remove(s)
                    args.remove(inv)
                    args.append(sp.Pow(s.args[0], -1))
            return sp.Mul(*args) if len(args) != len(node.args) else node
        return node

    return e.replace(lambda n: n.is_Mul, fix)


def _textbook_trig(e: sp.Basic) -> sp.Basic:
    """1 + tan²u = sec²u and 1/sin²u = csc²u, the forms the tables of derivatives print."""
    def fix(node):
        if node.is_Add and len(node.args) == 2 and sp.S.One in node.args:
            other = node.args[1] if node.args[0] == 1 else node.args[0]
            if other.is_Pow and other.exp == 2 and isinstance(other.base, sp.tan):
                return sp.sec(other.base.args[0]) ** 2
            if other.is_Pow and other.exp == 2 and isinstance(other.base, sp.cot):
                return sp.csc(other.base.args[0]) ** 2
        return node

    out = e.replace(lambda n: n.is_Add, fix)
    out = out.replace(lambda n: n.is_Pow and n.exp == -2 and isinstance(n.base, sp.sin),
                      lambda n: sp.csc(n.base.args[0]) ** 2)
    return out


def _nesting(e: sp.Basic) -> int:
    """How deeply function applications nest in e (sin(cos(x)) is 2)."""
    if not e.args:
        return 0
    inner = max(_nesting(a) for a in e.args)
    return inner + 1 if isinstance(e, sp.Function) else inner


_RNG_SEED = 20251123
