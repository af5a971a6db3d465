"""Figures of the difference quotient: secants for shrinking h turning into the tangent, and the error of
the forward and central quotients against h (the V shape of truncation against rounding)."""

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
    C_T,
    cmap,
    difference_quotients,
    drawable,
    robust_ylim,
)


# --------------------------------------------------------------------------------------------- 2
def secants(f: Any, x0: float, hs: Sequence[float] = (1, 0.5, 0.1, 0.01), var: str = "x",
            xlim: Sequence[float] | None = None, *, ax=None, lang: str | None = None,
            figsize: Sequence[float] = (6.4, 4.8)):
    """Secant lines through (x0, f(x0)) and (x0 + h, f(x0 + h)) for shrinking h, turning into the tangent;
    each slope (f(x0 + h) − f(x0))/h is in the legend (x² at 3: h = 0.01 gives 6.01, the tangent 6)."""
    where = "mibun.plot.secants"
    lang = lang_of(lang)
    fn = as_function(f, var, nvars=1, where=where)
    x0 = check_number(x0, "x0", where)
    hs = list(hs) if not hasattr(hs, "__len__") else hs
    _budget.check_size(len(hs), 100, "reliability.what.step_sizes")  # one line and legend entry each
    hs = [check_number(h, "h", where) for h in hs]
    if not hs or any(h == 0 for h in hs):
        raise InputError("plot.err.hs_nonzero", where=where, got=repr(hs))
    y0 = value_at(fn, x0)
    if not np.isfinite(y0):
        raise InputError("plot.err.undefined_x0_value", where=where, x0=x0, y0=y0)
    slope = float(fn.d(np.array(x0)))
    hmax = max(abs(h) for h in hs)
    a, b = check_range(xlim, "xlim", where) if xlim is not None else (x0 - 1.6 * hmax - 0.4, x0 + 1.6 * hmax + 0.4)
    x = np.linspace(a, b, 400)
    y = fn.np(x)
    require_finite(y, where)
    v = fn.vars[0]
    with style(lang):
        fig = ax.figure if ax is not None else new_figure(figsize)
        ax = ax if ax is not None else fig.subplots()
        ax.plot(x, drawable(y), color="k", lw=2, label=f_label(fn))
        colours = cmap("viridis")
        for i, h in enumerate(hs):
            yh = value_at(fn, x0 + h)
            m = (yh - y0) / h
            c = colours(0.15 + 0.7 * i / max(len(hs) - 1, 1))
            ax.plot(x, y0 + m * (x - x0), color=c, lw=1.4,
                    label=tr("secant.line", lang, h=num(h), slope=num(m, 6)))
            ax.plot([x0 + h], [yh], "o", color=c, ms=5)
        ax.plot(x, y0 + slope * (x - x0), color=C_T, ls="--", lw=1.8,
                label=tr("secant.tangent", lang, slope=num(slope, 6)))
        ax.plot([x0], [y0], "o", color=C_T, ms=7, zorder=5)
        robust_ylim(ax, y)
        ax.set_xlim(a, b)
        ax.set_xlabel(v)
        ax.set_ylabel(f"f({v})")
        ax.set_title(tr("secant.title", lang, x0=num(x0)))
        ax.legend(loc="best")
    return fig


# --------------------------------------------------------------------------------------------- 4
def difference_error(f: Any, x0: float, exact: float | None = None, var: str = "x",
                     hs: Sequence[float] | None = None, *, ax=None, lang: str | None = None,
                     figsize: Sequence[float] = (6.4, 4.8)):
    """The error of the forward and central difference quotients against h on log–log axes (h from 1e-16
    to 1): truncation error falls like h (forward) or h² (central) — the reference slopes — until rounding
    error, about ε/h, takes over: the V shape. The best h of each is marked (about 1e-8 and 1e-5).
    ``exact`` defaults to the derivative from mibun (symbolic for an expression, autodiff otherwise)."""
    where = "mibun.plot.difference_error"
    lang = lang_of(lang)
    fn = as_function(f, var, nvars=1, where=where)
    x0 = check_number(x0, "x0", where)
    h_grid = np.logspace(-16, 0, 161) if hs is None else np.asarray(hs, dtype=float)
    if h_grid.ndim != 1 or h_grid.size < 2 or np.any(h_grid <= 0):
        raise InputError("plot.err.hs_two", where=where)
    h_grid = np.sort(h_grid)
    if not np.isfinite(value_at(fn, x0)):
        raise InputError("plot.err.undefined_x0", where=where, x0=x0)
    exact = float(fn.d(np.array(x0))) if exact is None else check_number(exact, "exact", where)
    if not np.isfinite(exact):
        raise InputError("plot.err.exact_infinite", where=where, x0=x0)
    fwd, cen = difference_quotients(fn.np, x0, h_grid)
    e_f, e_c = np.abs(fwd - exact), np.abs(cen - exact)
    require_finite(np.concatenate([e_f, e_c]), where, "(f(x0+h) − f(x0))/h")
    scale = max(abs(exact), 1.0)
    with style(lang):
        fig = ax.figure if ax is not None else new_figure(figsize)
        ax = ax if ax is not None else fig.subplots()
        for e, c, key, mark in ((e_f, "C0", "error.forward", "o"), (e_c, "C1", "error.central", "s")):
            shown = np.where(e > 0, e, np.nan)   # an exact 0 cannot be drawn on a log axis
            ax.loglog(h_grid, shown, mark, ms=3, ls="-", lw=1.2, color=c, label=tr(key, lang))
            if np.any(np.isfinite(shown)):
                i = int(np.nanargmin(shown))
                ax.loglog([h_grid[i]], [shown[i]], "*", ms=16, color=c, mec="k", zorder=5,
                          label=tr("error.best", lang, h=num(h_grid[i], 2), err=num(shown[i], 2)))
        # reference slopes through the truncation part (h from 1e-3 to 1), scaled to the data
        big = h_grid >= 1e-3
        for e, p, ls, key in ((e_f, 1, "--", "error.slope1"), (e_c, 2, ":", "error.slope2")):
            ok = big & (e > 0) & np.isfinite(e)
            cst = 0.2 * np.median(e[ok] / h_grid[ok] ** p) if np.any(ok) else scale  # drawn a little below the data
            ax.loglog(h_grid, cst * h_grid ** p, ls=ls, color="0.35", lw=1.2, label=tr(key, lang))
        eps = np.finfo(float).eps
        ax.loglog(h_grid, scale * eps / h_grid, ls="-.", color="0.6", lw=1, label=tr("error.rounding", lang))
        finite = np.concatenate([e_f[e_f > 0], e_c[e_c > 0]])
        lo = max(np.nanmin(finite) / 10 if finite.size else 1e-18, 1e-20)
        hi = np.nanmax(finite) * 10 if finite.size else 1.0
        ax.set_ylim(lo, hi)
        ax.set_xlim(h_grid[0], h_grid[-1])
        ax.set_xlabel(tr("error.xlabel", lang))
        ax.set_ylabel(tr("error.ylabel", lang))
        ax.set_title(tr("error.title", lang, x0=num(x0), exact=num(exact, 8)))
        ax.legend(loc="lower left", fontsize="x-small")
    return fig


__all__ = ["secants", "difference_error", "difference_quotients"]
