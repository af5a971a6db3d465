"""Figures of a function and its derivative: f above f′, and the tangent line as a linear approximation.
The other one-variable figures are in :mod:`mibun.plot.quotients` (secants, the finite-difference error) and
:mod:`mibun.plot.limits` (one-sided limits); they are re-exported here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from mibun import budget as _budget
from mibun.errors import InputError
from mibun.plot._common import (
    as_function,
    check_number,
    check_range,
    f_label,
    lang_of,
    new_figure,
    num,
    require_finite,
    style,
    tr,
    value_at,
)
from mibun.plot.curves import (
    C_D,
    C_ERR,
    C_F,
    C_T,
    difference_quotients,
    drawable,
    robust_ylim,
    roots,
)


# --------------------------------------------------------------------------------------------- 1
def function_and_derivative(f: Any, var: str = "x", xlim: Sequence[float] = (-3, 3), *, n: int = 400,
                            lang: str | None = None, figsize: Sequence[float] = (6.4, 5.6)):
    """f on top and f′ below on a shared x-axis: where f′ > 0 f rises, where f′ < 0 it falls, and the
    extrema of f sit exactly where f′ changes sign (dotted lines through both panels)."""
    where = "mibun.plot.function_and_derivative"
    lang = lang_of(lang)
    fn = as_function(f, var, nvars=1, where=where)
    a, b = check_range(xlim, "xlim", where)
    n = _budget.check_count(n, _budget.MAX_POINTS, "reliability.what.points", low=2, name="n")  # before allocating
    x = np.linspace(a, b, n)
    y = fn.np(x)
    require_finite(y, where)
    dy = fn.d(x)
    zeros = roots(fn.np, x, y)
    extrema = roots(fn.d, x, dy, strict=True)
    v = fn.vars[0]
    with style(lang):
        fig = new_figure(figsize)
        ax1, ax2 = fig.subplots(2, 1, sharex=True)
        ax1.plot(x, drawable(y), color=C_F, lw=2, label=f_label(fn))
        ax2.plot(x, drawable(dy), color=C_D, lw=2, label=f_label(fn, 1))
        ax2.axhline(0, color="k", lw=0.8)
        ax1.axhline(0, color="k", lw=0.5, alpha=0.5)
        robust_ylim(ax1, y)
        robust_ylim(ax2, dy)
        lo, hi = ax2.get_ylim()
        ax2.fill_between(x, 0, np.where(dy > 0, dy, np.nan), color="C2", alpha=0.18,
                         label=tr("fd.increasing", lang))
        ax2.fill_between(x, 0, np.where(dy < 0, dy, np.nan), color="C3", alpha=0.18,
                         label=tr("fd.decreasing", lang))
        ax2.set_ylim(lo, hi)
        if zeros:
            ax1.plot(zeros, np.zeros(len(zeros)), "o", color="k", ms=5, label=tr("fd.zero", lang))
        for i, r in enumerate(extrema):
            fr = value_at(fn, r)
            lbl = tr("fd.extremum", lang) if i == 0 else None
            ax1.plot([r], [fr], "D", color=C_T, ms=6, label=lbl)
            ax2.plot([r], [0], "D", color=C_T, ms=6)
            for ax in (ax1, ax2):
                ax.axvline(r, color=C_T, ls=":", lw=1)
        ax1.set_ylabel(f"f({v})")
        ax2.set_ylabel(f"f′({v})")
        ax2.set_xlabel(v)
        ax1.set_title(tr("fd.title", lang))
        ax1.legend(loc="best")
        ax2.legend(loc="best")
        ax1.set_xlim(a, b)
    return fig

# --------------------------------------------------------------------------------------------- 3
def tangent_line(f: Any, x0: float, var: str = "x", xlim: Sequence[float] | None = None, *,
                 error: str = "panel", ax=None, lang: str | None = None,
                 figsize: Sequence[float] = (6.4, 5.6)):
    """The tangent line L(x) = f(x0) + f′(x0)(x − x0) as the linear approximation of f near x0, with its
    error |f(x) − L(x)| in a lower panel (``error="panel"``) or shaded between the curves (``"shade"``,
    also used when ``ax`` is given). The error vanishes at x0 and grows like (x − x0)²."""
    where = "mibun.plot.tangent_line"
    lang = lang_of(lang)
    if error not in ("panel", "shade"):
        raise InputError("plot.err.error_style", where=where, got=repr(error))
    fn = as_function(f, var, nvars=1, where=where)
    x0 = check_number(x0, "x0", where)
    y0 = value_at(fn, x0)
    if not np.isfinite(y0):
        raise InputError("plot.err.undefined_x0_value", where=where, x0=x0, y0=y0)
    m = float(fn.d(np.array(x0)))
    if not np.isfinite(m):
        raise InputError("plot.err.no_derivative", where=where, x0=x0)
    a, b = check_range(xlim, "xlim", where) if xlim is not None else (x0 - 2.0, x0 + 2.0)
    x = np.linspace(a, b, 400)
    y = fn.np(x)
    require_finite(y, where)
    lin = y0 + m * (x - x0)
    err = np.abs(y - lin)
    v = fn.vars[0]
    sign = "+" if m >= 0 else "−"
    term = v if x0 == 0 else (f"({v} − {num(x0)})" if x0 > 0 else f"({v} + {num(-x0)})")
    ltext = f"L({v}) = {num(y0)} {sign} {num(abs(m))}·{term}"
    with style(lang):
        if ax is not None:
            fig, ax1, ax2, error = ax.figure, ax, None, "shade"
        else:
            fig = new_figure(figsize)
            if error == "panel":
                ax1, ax2 = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [2.2, 1]})
            else:
                ax1, ax2 = fig.subplots(), None
        ax1.plot(x, drawable(y), color=C_F, lw=2, label=f_label(fn))
        ax1.plot(x, lin, color=C_T, ls="--", lw=1.8, label=ltext)
        ax1.plot([x0], [y0], "o", color=C_T, ms=7, zorder=5, label=tr("tangent.point", lang, x0=num(x0)))
        robust_ylim(ax1, y, lin)
        if error == "shade":
            ax1.fill_between(x, y, lin, color=C_ERR, alpha=0.2, label=tr("tangent.error", lang))
        elif ax2 is not None:  # error == "panel": the lower panel exists
            ax2.plot(x, err, color=C_ERR, lw=2, label=tr("tangent.error", lang))
            ax2.fill_between(x, 0, err, color=C_ERR, alpha=0.2)
            ax2.axvline(x0, color=C_T, ls=":", lw=1)
            robust_ylim(ax2, err)
            ax2.set_ylim(bottom=0)
            ax2.set_ylabel(f"|f({v}) − L({v})|")
            ax2.set_xlabel(v)
            ax2.legend(loc="upper center")
        if error == "shade":
            ax1.set_xlabel(v)
        ax1.set_xlim(a, b)
        ax1.set_ylabel(f"f({v})")
        ax1.set_title(tr("tangent.title", lang, x0=num(x0)))
        ax1.legend(loc="best")
    return fig


from mibun.plot.limits import limit_approach  # noqa: E402  (re-exported: the figures of one variable)
from mibun.plot.quotients import difference_error, secants  # noqa: E402

__all__ = ["function_and_derivative", "tangent_line", "secants", "difference_error", "limit_approach",
           "difference_quotients"]
