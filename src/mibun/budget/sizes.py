"""Sizes and numbers checked before expensive work: counts of points and steps, floats that must not
overflow silently, and estimates of how large an expansion or an exact number would be."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mibun.budget import MAX_TERMS, check_size
from mibun.errors import InputError


def check_count(value: Any, limit: int, what: str = "reliability.what.points", low: int = 1,
                name: str | None = None) -> int:
    """A whole number of points/steps/… from ``value``, checked before anything is allocated: not a whole
    number or below ``low`` → InputError; above ``limit`` → :class:`BudgetError`. ``name`` is how the
    argument is called in the message (default: from ``what``)."""
    from mibun._rtext import error, say

    label = name or say(what)
    try:
        n = int(value) if isinstance(value, bool) is False and float(value) == int(value) else None
    except (TypeError, ValueError, OverflowError):
        n = None
    if n is None or n < low:
        raise error(InputError, "reliability.number.count", what=label, low=low, high=f"{limit:,}",
                    value=repr(value)[:40])
    check_size(n, limit, what)
    return n


def to_float(value: Any, what: str = "x", allow_inf: bool = True, text: str | None = None) -> float:
    """``float(value)`` that never overflows silently or raises a bare OverflowError: a huge integer (or a
    decimal text beyond ±1.8e308, e.g. ``"1e400"``) → InputError suggesting ``inf``; a text below the
    smallest subnormal (``"1e-400"``, which would read as 0) → InputError; NaN → InputError;
    ±inf accepted only when ``allow_inf`` (and, for text, only when spelled as infinity)."""
    from mibun._rtext import error

    try:
        x = float(value)
    except OverflowError:
        shown = text or (f"about 10^{len(str(abs(int(value)))) - 1}" if isinstance(value, int) else repr(value))
        raise error(InputError, "reliability.number.overflow", what=what, text=shown[:60]) from None
    if math.isnan(x):
        raise error(InputError, "reliability.number.nan", what=what)
    if x == 0 and text is not None and any(c in "123456789" for c in text.lower().split("e")[0]):
        raise error(InputError, "reliability.number.underflow", what=what, text=text[:60])  # 1e-400 is not 0
    if math.isinf(x):
        if text is not None:
            spelled = text.strip().lstrip("+-").lower() in ("inf", "infinity", "oo", "∞")
        else:  # a float that is already infinite, or SymPy's oo — not a finite number too big for a float
            spelled = isinstance(value, (float, np.floating)) or getattr(value, "is_infinite", None) is True
        if not spelled:
            raise error(InputError, "reliability.number.overflow", what=what, text=(text or repr(value))[:60])
        if not allow_inf:
            raise error(InputError, "reliability.number.infinite", what=what, value=x)
    return x


def expansion_estimate(expr: Any) -> tuple[float, float]:
    """(degree, number of terms) that expanding ``expr`` into a sum of monomials could produce — an upper
    estimate from the structure alone (no expansion): a product multiplies term counts and adds degrees;
    ``(a + b)**n`` with n terms… counts binomially. Non-polynomial parts count as one term of degree 1."""
    deg, terms = _estimate(expr, 0)
    # like terms collect: at most C(deg + k, k) monomials of degree ≤ deg in k variables
    k = len(getattr(expr, "free_symbols", ())) or 1
    if deg < 10**6:
        lg = math.lgamma(deg + k + 1) - math.lgamma(k + 1) - math.lgamma(deg + 1)
        terms = min(terms, float(round(math.exp(min(lg, 700.0)))))
    return deg, terms


def _estimate(e: Any, depth: int) -> tuple[float, float]:
    if depth > 200 or not getattr(e, "args", ()):
        return (0.0 if getattr(e, "is_number", False) else 1.0, 1.0)
    if getattr(e, "is_Add", False):
        parts = [_estimate(a, depth + 1) for a in e.args]
        return max(p[0] for p in parts), sum(p[1] for p in parts)
    if getattr(e, "is_Mul", False):
        deg, terms = 0.0, 1.0
        for a in e.args:
            d, t = _estimate(a, depth + 1)
            deg, terms = deg + d, terms * t
        return deg, terms
    if getattr(e, "is_Pow", False):
        b, x = e.args
        db, tb = _estimate(b, depth + 1)
        if getattr(x, "is_Integer", False):
            n = abs(int(x)) if abs(x) < 10**6 else 10**6
            if tb <= 1:
                return db * n, 1.0
            # terms of (t1 + … + tk)^n: C(n + k - 1, k - 1), capped to stay a float
            k = int(min(tb, 10**6))
            lg = math.lgamma(n + k) - math.lgamma(k) - math.lgamma(n + 1)
            return db * n, float(round(math.exp(min(lg, 700.0))))
        return db + 1.0, tb
    # a function application: its argument's size, one term
    inner = max((_estimate(a, depth + 1) for a in e.args), default=(1.0, 1.0))
    return inner[0], 1.0


def too_big_to_expand(expr: Any, max_terms: float = MAX_TERMS, max_degree: float = 400) -> bool:
    """Whether expanding/cancelling ``expr`` would produce more than ``max_terms`` terms or a degree over
    ``max_degree`` (then callers skip the rewrite and keep the factored form)."""
    deg, terms = expansion_estimate(expr)
    return terms > max_terms or deg > max_degree


def exact_digits(value: Any) -> float:
    """Decimal digits of an exact SymPy number's numerator and denominator (from their bit lengths, without
    converting them to text — Python refuses to print integers over 4300 digits)."""
    p, q = getattr(value, "p", None), getattr(value, "q", None)
    if not isinstance(p, int) or not isinstance(q, int):
        return 0.0
    return max(abs(p).bit_length(), q.bit_length()) * 0.30103


def power_digits(base: float, exponent: float) -> float:
    """Decimal digits of ``base ** exponent`` (``|e| · log10|b|``), without computing it."""
    b = abs(float(base)) if abs(base) < 1e300 else 1e300
    if b in (0.0, 1.0):
        return 1.0
    return abs(float(exponent)) * abs(math.log10(b)) + 1


__all__ = ["check_count", "to_float", "expansion_estimate", "too_big_to_expand", "exact_digits", "power_digits"]
