"""The figure of a limit: f(x0 ± hₖ) approaching the one-sided limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from mibun.errors import InputError
from mibun.plot._common import (
    as_function,
    check_number,
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
    one_sided,
    robust_ylim,
)


# --------------------------------------------------------------------------------------------- 5
def limit_approach(f: Any, x0: float, side: str = "both", var: str = "x", hs: Sequence[float] | None = None,
                   *, ax=None, lang: str | None = None, figsize: Sequence[float] = (9.6, 4.2)):
    """The table of a limit as a picture: f(x0 − hₖ) and f(x0 + hₖ) for geometric hₖ = 2⁻ᵏ as points that
    close in on the one-sided limits. Where f is undefined at x0 the hole is an open circle
    ((x² − 1)/(x − 1) at 1 → 2); a jump (|x|/x at 0) shows two different one-sided values. With no
    ``ax`` a second panel draws f(x0 ± hₖ) against k. ``side``: 'both', '+' (right) or '-' (left)."""
    where = "mibun.plot.limit_approach"
    lang = lang_of(lang)
    chosen = {"both": "both", "+": "+", "-": "-", "right": "+", "left": "-", "−": "-"}.get(str(side))
    if chosen is None:
        raise InputError("plot.err.side", where=where)
    side = chosen
    fn = as_function(f, var, nvars=1, where=where)
    x0 = check_number(x0, "x0", where)
    h_grid = 0.5 ** np.arange(1, 21) if hs is None else np.asarray(hs, dtype=float)
    if h_grid.ndim != 1 or h_grid.size < 2 or np.any(h_grid <= 0):
        raise InputError("plot.err.hs_two", where=where)
    sides = ("-", "+") if side == "both" else (side,)
    vals = {s: fn.np(x0 + (h_grid if s == "+" else -h_grid)) for s in sides}
    require_finite(np.concatenate(list(vals.values())), where)
    est, settled = {}, {}
    for s, vv in vals.items():
        est[s], settled[s] = one_sided(vv)
    f0 = value_at(fn, x0)
    v = fn.vars[0]
    span = float(h_grid.max())
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
        robust_ylim(ax1, y, *vals.values())
        for s in sides:
            xs = x0 + (h_grid if s == "+" else -h_grid)
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
            k = np.arange(1, h_grid.size + 1)
            for s in sides:
                ax2.plot(k, vals[s], "o-", ms=4, color=colors[s], label=tr("limit.points" + s, lang, x0=num(x0)))
                if settled[s] and np.isfinite(est[s]):
                    ax2.axhline(est[s], color=colors[s], ls="--", lw=1)
            ax2.set_xlabel(tr("limit.k", lang))
            ax2.set_ylabel(tr("limit.value", lang))
            ax2.set_title(tr("limit.table_title", lang))
            ax2.legend(loc="best", fontsize="x-small")
    return fig


__all__ = ["limit_approach"]
