"""Figures of one-variable calculus: a function with its derivative, secants turning into the tangent,
the tangent line as a linear approximation, the finite-difference error against h, one-sided limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from mibun.errors import InputError
from mibun.plot._common import (
    as_function, check_number, check_range, f_label, lang_of, new_figure, num, require_finite, style, tr,
    value_at,
)

C_F, C_D, C_T, C_ERR = "C0", "C1", "C3", "C2"


# --------------------------------------------------------------------------------------------- helpers
def _robust_ylim(ax, *ys: np.ndarray, pad: float = 0.08) -> None:
    """y-limits that ignore poles: the 1st–99th percentile range when the extremes are far outside it."""
    vals = np.concatenate([np.ravel(y)[np.isfinite(np.ravel(y))] for y in ys] or [np.zeros(1)])
    if vals.size == 0:
        return
    lo, hi = np.min(vals), np.max(vals)
    plo, phi = np.percentile(vals, [2, 98])
    span = max(phi - plo, 1e-12)
    if hi - lo > 6 * span:
        lo, hi = plo - span, phi + span
    if hi - lo < 1e-12:
        lo, hi = lo - 1, hi + 1
    d = (hi - lo) * pad
    ax.set_ylim(lo - d, hi + d)


def _drawable(y: np.ndarray) -> np.ndarray:
    """A copy of y with a gap at poles (1/x at 0): where consecutive samples jump across zero and both
    lie far outside the bulk of the values, so no vertical line joins −∞ and +∞."""
    y = np.array(y, dtype=float)
    fin = y[np.isfinite(y)]
    if fin.size < 3:
        return y
    lo, hi = np.percentile(fin, [2, 98])
    span = max(hi - lo, 1e-12)
    jump = (np.sign(y[:-1]) * np.sign(y[1:]) < 0) & (np.abs(y[:-1]) > span) & (np.abs(y[1:]) > span)
    y[:-1][jump] = np.nan
    return y


def _roots(fnp, x: np.ndarray, y: np.ndarray, strict: bool = False) -> list[float]:
    """Zeros of a continuous function from its samples: brackets where the sign changes, refined by
    bisection; a 'root' where |f| blows up (a pole such as 1/x) is rejected. ``strict`` keeps only
    points where the sign really changes (not a touch like x² at 0)."""
    ok = np.isfinite(y)
    roots: list[float] = []
    step = (x[-1] - x[0]) / max(len(x) - 1, 1)
    for i in range(len(x) - 1):
        if not (ok[i] and ok[i + 1]):
            continue
        a, b, ya, yb = x[i], x[i + 1], y[i], y[i + 1]
        if ya == 0 and (i == 0 or y[i - 1] * yb < 0 or not strict):
            r = a
        elif ya * yb < 0:
            for _ in range(60):
                m = 0.5 * (a + b)
                ym = float(fnp(np.array(m)))
                if not np.isfinite(ym):
                    break
                if (ym < 0) == (ya < 0):
                    a, ya = m, ym
                else:
                    b, yb = m, ym
            r = 0.5 * (a + b)
            fr = float(fnp(np.array(r)))
            if not np.isfinite(fr) or abs(fr) > 1e-3 * (abs(y[i]) + abs(y[i + 1])) + 1e-9:
                continue  # a pole, not a zero
        else:
            continue
        if strict:
            d = 1e-3 * step
            left, right = float(fnp(np.array(r - d))), float(fnp(np.array(r + d)))
            if not (left * right < 0):
                continue
        if not roots or abs(r - roots[-1]) > 0.5 * step:
            roots.append(float(r))
    return roots


def _one_sided(values: np.ndarray) -> tuple[float, bool]:
    """The value a sequence f(x0 ± hₖ) settles to (±inf when it grows without bound) and whether it
    settles at all (sin(1/x) at 0 does not)."""
    v = values[np.isfinite(values)]
    if v.size < 3:
        return np.nan, False
    a, b, c = v[-3:]
    if abs(c) > 1e6 and abs(c) > 1.5 * abs(b) > 2.25 * abs(a) and np.sign(a) == np.sign(b) == np.sign(c):
        return float(np.sign(c) * np.inf), True
    tol = 1e-3 * (1 + abs(c))
    return float(c), bool(abs(c - b) <= tol and abs(b - a) <= 2 * tol)


def difference_quotients(fnp, x0: float, hs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The forward quotient (f(x0 + h) − f(x0))/h and the central quotient (f(x0 + h) − f(x0 − h))/(2h)
    for every h, in plain floating point — exactly what a student computes, rounding included.
    (``mibun.numeric.difference_table`` will offer the same table; this small helper keeps mibun.plot
    independent of it.)"""
    hs = np.asarray(hs, dtype=float)
    with np.errstate(all="ignore"):
        f0 = fnp(np.full_like(hs, x0))
        fp, fm = fnp(x0 + hs), fnp(x0 - hs)
        return (fp - f0) / hs, (fp - fm) / (2 * hs)


# --------------------------------------------------------------------------------------------- 1
def function_and_derivative(f: Any, var: str = "x", xlim: Sequence[float] = (-3, 3), *, n: int = 400,
                            lang: str | None = None, figsize: Sequence[float] = (6.4, 5.6)):
    """f on top and f′ below on a shared x-axis: where f′ > 0 f rises, where f′ < 0 it falls, and the
    extrema of f sit exactly where f′ changes sign (dotted lines through both panels)."""
    where = "mibun.plot.function_and_derivative"
    lang = lang_of(lang)
    fn = as_function(f, var, nvars=1, where=where)
    a, b = check_range(xlim, "xlim", where)
    x = np.linspace(a, b, int(n))
    y = fn.np(x)
    require_finite(y, where)
    dy = fn.d(x)
    zeros = _roots(fn.np, x, y)
    extrema = _roots(fn.d, x, dy, strict=True)
    v = fn.vars[0]
    with style(lang):
        fig = new_figure(figsize)
        ax1, ax2 = fig.subplots(2, 1, sharex=True)
        ax1.plot(x, _drawable(y), color=C_F, lw=2, label=f_label(fn))
        ax2.plot(x, _drawable(dy), color=C_D, lw=2, label=f_label(fn, 1))
        ax2.axhline(0, color="k", lw=0.8)
        ax1.axhline(0, color="k", lw=0.5, alpha=0.5)
        _robust_ylim(ax1, y)
        _robust_ylim(ax2, dy)
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
        ax.plot(x, _drawable(y), color="k", lw=2, label=f_label(fn))
        cmap = _cmap("viridis")
        for i, h in enumerate(hs):
            yh = value_at(fn, x0 + h)
            m = (yh - y0) / h
            c = cmap(0.15 + 0.7 * i / max(len(hs) - 1, 1))
            ax.plot(x, y0 + m * (x - x0), color=c, lw=1.4,
                    label=tr("secant.line", lang, h=num(h), slope=num(m, 6)))
            ax.plot([x0 + h], [yh], "o", color=c, ms=5)
        ax.plot(x, y0 + slope * (x - x0), color=C_T, ls="--", lw=1.8,
                label=tr("secant.tangent", lang, slope=num(slope, 6)))
        ax.plot([x0], [y0], "o", color=C_T, ms=7, zorder=5)
        _robust_ylim(ax, y)
        ax.set_xlim(a, b)
        ax.set_xlabel(v)
        ax.set_ylabel(f"f({v})")
        ax.set_title(tr("secant.title", lang, x0=num(x0)))
        ax.legend(loc="best")
    return fig


def _cmap(name: str):
    import matplotlib

    return matplotlib.colormaps[name]


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
        ax1.plot(x, _drawable(y), color=C_F, lw=2, label=f_label(fn))
        ax1.plot(x, lin, color=C_T, ls="--", lw=1.8, label=ltext)
        ax1.plot([x0], [y0], "o", color=C_T, ms=7, zorder=5, label=tr("tangent.point", lang, x0=num(x0)))
        _robust_ylim(ax1, y, lin)
        if error == "shade":
            ax1.fill_between(x, y, lin, color=C_ERR, alpha=0.2, label=tr("tangent.error", lang))
        else:
            ax2.plot(x, err, color=C_ERR, lw=2, label=tr("tangent.error", lang))
            ax2.fill_between(x, 0, err, color=C_ERR, alpha=0.2)
            ax2.axvline(x0, color=C_T, ls=":", lw=1)
            _robust_ylim(ax2, err)
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
    hs = np.logspace(-16, 0, 161) if hs is None else np.asarray(hs, dtype=float)
    if hs.ndim != 1 or hs.size < 2 or np.any(hs <= 0):
        raise InputError("plot.err.hs_two", where=where)
    hs = np.sort(hs)
    if not np.isfinite(value_at(fn, x0)):
        raise InputError("plot.err.undefined_x0", where=where, x0=x0)
    exact = float(fn.d(np.array(x0))) if exact is None else check_number(exact, "exact", where)
    if not np.isfinite(exact):
        raise InputError("plot.err.exact_infinite", where=where, x0=x0)
    fwd, cen = difference_quotients(fn.np, x0, hs)
    e_f, e_c = np.abs(fwd - exact), np.abs(cen - exact)
    require_finite(np.concatenate([e_f, e_c]), where, "(f(x0+h) − f(x0))/h")
    scale = max(abs(exact), 1.0)
    with style(lang):
        fig = ax.figure if ax is not None else new_figure(figsize)
        ax = ax if ax is not None else fig.subplots()
        for e, c, key, mark in ((e_f, "C0", "error.forward", "o"), (e_c, "C1", "error.central", "s")):
            shown = np.where(e > 0, e, np.nan)   # an exact 0 cannot be drawn on a log axis
            ax.loglog(hs, shown, mark, ms=3, ls="-", lw=1.2, color=c, label=tr(key, lang))
            if np.any(np.isfinite(shown)):
                i = int(np.nanargmin(shown))
                ax.loglog([hs[i]], [shown[i]], "*", ms=16, color=c, mec="k", zorder=5,
                          label=tr("error.best", lang, h=num(hs[i], 2), err=num(shown[i], 2)))
        # reference slopes through the truncation part (h from 1e-3 to 1), scaled to the data
        big = hs >= 1e-3
        for e, p, ls, key in ((e_f, 1, "--", "error.slope1"), (e_c, 2, ":", "error.slope2")):
            ok = big & (e > 0) & np.isfinite(e)
            cst = 0.2 * np.median(e[ok] / hs[ok] ** p) if np.any(ok) else scale  # drawn a little below the data
            ax.loglog(hs, cst * hs ** p, ls=ls, color="0.35", lw=1.2, label=tr(key, lang))
        eps = np.finfo(float).eps
        ax.loglog(hs, scale * eps / hs, ls="-.", color="0.6", lw=1, label=tr("error.rounding", lang))
        finite = np.concatenate([e_f[e_f > 0], e_c[e_c > 0]])
        lo = max(np.nanmin(finite) / 10 if finite.size else 1e-18, 1e-20)
        hi = np.nanmax(finite) * 10 if finite.size else 1.0
        ax.set_ylim(lo, hi)
        ax.set_xlim(hs[0], hs[-1])
        ax.set_xlabel(tr("error.xlabel", lang))
        ax.set_ylabel(tr("error.ylabel", lang))
        ax.set_title(tr("error.title", lang, x0=num(x0), exact=num(exact, 8)))
        ax.legend(loc="lower left", fontsize="x-small")
    return fig


# --------------------------------------------------------------------------------------------- 5
def limit_approach(f: Any, x0: float, side: str = "both", var: str = "x", hs: Sequence[float] | None = None,
                   *, ax=None, lang: str | None = None, figsize: Sequence[float] = (9.6, 4.2)):
    """The table of a limit as a picture: f(x0 − hₖ) and f(x0 + hₖ) for geometric hₖ = 2⁻ᵏ as points that
    close in on the one-sided limits. Where f is undefined at x0 the hole is an open circle
    ((x² − 1)/(x − 1) at 1 → 2); a jump (|x|/x at 0) shows two different one-sided values. With no
    ``ax`` a second panel draws f(x0 ± hₖ) against k. ``side``: 'both', '+' (right) or '-' (left)."""
    where = "mibun.plot.limit_approach"
    lang = lang_of(lang)
    side = {"both": "both", "+": "+", "-": "-", "right": "+", "left": "-", "−": "-"}.get(str(side))
    if side is None:
        raise InputError("plot.err.side", where=where)
    fn = as_function(f, var, nvars=1, where=where)
    x0 = check_number(x0, "x0", where)
    hs = 0.5 ** np.arange(1, 21) if hs is None else np.asarray(hs, dtype=float)
    if hs.ndim != 1 or hs.size < 2 or np.any(hs <= 0):
        raise InputError("plot.err.hs_two", where=where)
    sides = ("-", "+") if side == "both" else (side,)
    vals = {s: fn.np(x0 + (hs if s == "+" else -hs)) for s in sides}
    require_finite(np.concatenate(list(vals.values())), where)
    est, settled = {}, {}
    for s, vv in vals.items():
        est[s], settled[s] = _one_sided(vv)
    f0 = value_at(fn, x0)
    v = fn.vars[0]
    span = float(hs.max())
    x = np.linspace(x0 - 1.25 * span, x0 + 1.25 * span, 401)
    x = x[np.abs(x - x0) > 1e-9 * max(1, span)]
    y = fn.np(x)
    if not all(settled[s] for s in sides):
        summary = tr("limit.no_settle", lang, x0=num(x0))
    elif side == "both":
        L, R = est["-"], est["+"]
        agree = L == R if np.isinf(L) or np.isinf(R) else abs(L - R) <= 1e-3 * (1 + abs(L) + abs(R))
        summary = (tr("limit.exists", lang, value=num(L if np.isinf(L) else (L + R) / 2)) if agree
                   else tr("limit.differ", lang, left=num(L), right=num(R)))
    else:
        summary = tr("limit.one_sided", lang, side=tr("limit.side" + side, lang), value=num(est[side]))
    colors = {"-": "C0", "+": "C1"}
    with style(lang):
        if ax is not None:
            fig, ax1, ax2 = ax.figure, ax, None
        else:
            fig = new_figure(figsize)
            ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.3, 1]})
        left = x < x0
        ax1.plot(x[left], y[left], color="0.55", lw=1.5, label=f_label(fn))   # split at x0: a jump is not
        ax1.plot(x[~left], y[~left], color="0.55", lw=1.5)                     # joined by a vertical line
        _robust_ylim(ax1, y, *vals.values())
        for s in sides:
            xs = x0 + (hs if s == "+" else -hs)
            ax1.plot(xs, vals[s], "o", color=colors[s], ms=4,
                     label=tr("limit.points" + s, lang, x0=num(x0)))
            if settled[s] and np.isfinite(est[s]):
                ax1.axhline(est[s], color=colors[s], ls="--", lw=1)
                ax1.plot([x0], [est[s]], "o", ms=9, mfc="white", mec=colors[s], mew=2, zorder=6,
                         label=tr("limit.hole", lang) if not np.isfinite(f0) and s == sides[0] else None)
        if np.isfinite(f0):
            ax1.plot([x0], [f0], "o", ms=7, color="k", zorder=7, label=tr("limit.value_at", lang, x0=num(x0)))
        ax1.axvline(x0, color="k", ls=":", lw=1)
        ax1.set_xlabel(v)
        ax1.set_ylabel(f"f({v})")
        ax1.set_title(summary)
        ax1.legend(loc="best", fontsize="x-small")
        if ax2 is not None:
            k = np.arange(1, hs.size + 1)
            for s in sides:
                ax2.plot(k, vals[s], "o-", ms=4, color=colors[s], label=tr("limit.points" + s, lang, x0=num(x0)))
                if settled[s] and np.isfinite(est[s]):
                    ax2.axhline(est[s], color=colors[s], ls="--", lw=1)
            ax2.set_xlabel(tr("limit.k", lang))
            ax2.set_ylabel(tr("limit.value", lang))
            ax2.set_title(tr("limit.table_title", lang))
            ax2.legend(loc="best", fontsize="x-small")
    return fig
