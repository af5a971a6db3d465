"""The difference quotient and the teaching table of difference quotients.

    forward quotient   (f(x+h) − f(x)) / h        error ≈ f''(x)·h/2      (order 1)
    central quotient   (f(x+h) − f(x−h)) / (2h)   error ≈ f'''(x)·h²/6    (order 2)
    round-off          ≈ ε·|f(x)| / h  grows as h shrinks → the error is V-shaped in h, best h in between.
    observed order     p ≈ log(e(hₖ)/e(hₖ₋₁)) / log(hₖ/hₖ₋₁)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from mibun.errors import DomainError, InputError
from mibun.numeric.evaluation import Counter, as_function, as_point, as_points
from mibun.numeric.results import Table, fmt


def difference_quotient(f: Callable[..., Any] | Any, x: Any, h: float) -> float | np.ndarray:
    """The plain forward difference quotient (f(x + h) − f(x)) / h (x a number or an array)."""
    fn, _ = as_function(f, what="difference_quotient: f")
    if isinstance(h, int) and not isinstance(h, bool) and abs(h) > 2 ** 1023:
        from mibun.budget import to_float

        to_float(h, "h")  # a clear error, not a bare OverflowError
    if isinstance(h, bool) or not isinstance(h, (int, float, np.floating, np.integer)) or h == 0 \
            or not math.isfinite(h):
        raise InputError("numeric.err.h_nonzero_finite_number", h=h)
    xs = as_points(x, "difference_quotient: x")
    c = Counter(fn)
    out = []
    for xi in xs.reshape(-1):
        fx = c.at_point(float(xi), f"x = {fmt(float(xi))}")
        fxh = c.real(float(xi) + h)
        if not np.all(np.isfinite(fxh)):
            raise DomainError("numeric.err.quotient_outside", xh=fmt(float(xi) + h))
        out.append((fxh - fx) / h)
    if xs.ndim == 0:
        v = out[0]
        return float(v) if np.ndim(v) == 0 else v
    return np.array(out).reshape(xs.shape + np.shape(out[0]))


class DifferenceTable(Table):
    """Table of forward/central quotients against h, with ``exact``, ``exact_source`` ("given",
    "symbolic" or "numeric") and the best steps ``best_h_forward``/``best_h_central``."""

    exact: float
    exact_source: str
    best_h_forward: float
    best_h_central: float
    evaluations: int


def _orders(hs: Sequence[float], errs: Sequence[float]) -> list[float]:
    out = [math.nan]
    for k in range(1, len(hs)):
        e0, e1 = errs[k - 1], errs[k]
        if e0 > 0 and e1 > 0 and math.isfinite(e0) and math.isfinite(e1):
            out.append(math.log(e1 / e0) / math.log(hs[k] / hs[k - 1]))
        else:
            out.append(math.nan)
    return out


def difference_table(f: Callable[..., Any] | Any, x: Any, hs: Sequence[float] | None = None,
                     exact: float | None = None, var: Any = None) -> DifferenceTable:
    """h, forward and central quotients, their errors and observed orders; shows the V-shaped error.

    The exact derivative comes from ``exact=``, else from SymPy when f is an expression (or text), else
    from ``derivative(f, x)`` (marked as a numerical reference).
    """
    fn, sym = as_function(f, var, what="difference_table: f")
    x = as_point(x, "difference_table: x")
    if hs is None:
        hs = [10.0 ** -k for k in range(1, 13)]
    try:
        hs = [float(h) for h in hs]
    except (TypeError, ValueError):
        raise InputError("numeric.err.hs_list_positive_step") from None
    if not hs or any(not (h > 0 and math.isfinite(h)) for h in hs):
        raise InputError("numeric.err.every_h_positive_finite", hs=hs)
    source = "given"
    if exact is None and sym is not None:
        import sympy as sp

        expr, v = sym
        from mibun.symbolic.realdiff import real_diff

        val = real_diff(expr, v).subs(v, sp.Float(x, 30)).evalf(30)
        if val.is_real and val.is_finite:
            exact, source = float(val), "symbolic"
    if exact is None:
        from mibun.numeric.derivative import derivative

        exact, source = float(derivative(fn, x).value), "numeric"
    else:
        exact = as_point(exact, "difference_table: exact")
    c = Counter(fn)
    fx = float(c.at_point(x, f"x = {fmt(x)}").reshape(-1)[0])
    fwd, cen = [], []
    for h in hs:
        fp, fm = float(c.real(x + h).reshape(-1)[0]), float(c.real(x - h).reshape(-1)[0])
        fwd.append((fp - fx) / h)
        cen.append((fp - fm) / (2 * h))
    ef = [abs(q - exact) for q in fwd]
    ec = [abs(q - exact) for q in cen]
    of, oc = _orders(hs, ef), _orders(hs, ec)
    rows = list(zip(hs, fwd, ef, of, cen, ec, oc, strict=False))
    cols = ["numeric.col.h", "numeric.col.forward", "numeric.col.forward_error", "numeric.col.order",
            "numeric.col.central", "numeric.col.central_error", "numeric.col.order"]

    def best(errs: list[float]) -> float:
        finite = [(e, h) for e, h in zip(errs, hs, strict=False) if math.isfinite(e)]
        return min(finite)[1] if finite else math.nan

    bf, bc = best(ef), best(ec)
    notes = [("numeric.table.exact_" + source, {"exact": fmt(exact, 15)}),
             ("numeric.table.best", {"hf": fmt(bf, 3), "hc": fmt(bc, 3)})]
    if any(not math.isfinite(q) for q in fwd + cen):
        notes.append(("numeric.table.undefined", {}))
    tab = DifferenceTable(cols, rows, title="numeric.table.title", title_fields={"x": fmt(x, 10)}, notes=notes)
    tab.exact, tab.exact_source, tab.best_h_forward, tab.best_h_central = exact, source, bf, bc
    tab.evaluations = c.calls
    return tab


__all__ = ["difference_quotient", "difference_table", "DifferenceTable"]
