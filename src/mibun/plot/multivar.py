"""Figures of functions of two variables: partial-derivative slices of a surface, the gradient field on
contours, and optimizer paths on the Rosenbrock and Beale functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from mibun import budget as _budget
from mibun.errors import InputError
from mibun.plot._common import (
    as_function,
    check_number,
    check_range,
    lang_of,
    mathtext,
    new_figure,
    num,
    require_finite,
    style,
    tr,
    value_at,
)
from mibun.plot._paths import OPTIMIZERS, optimizer_paths


def _grid(fn, xlim, ylim, n):
    n = _budget.check_count(n, 2000, "reliability.what.points", low=2, name="n")  # n² points
    x = np.linspace(*xlim, n)
    y = np.linspace(*ylim, n)
    X, Y = np.meshgrid(x, y)
    return X, Y, fn.np(X, Y)


def _title_f(fn, math: bool = True) -> str:
    from mibun.symbolic.derivation.printing import latex_of, text_of  # names as the function specs say

    if fn.expr is not None and not math:
        return f"f({', '.join(fn.vars)}) = {text_of(fn.expr)}"
    if fn.expr is not None:
        return mathtext(f"f({', '.join(fn.vars)}) = {latex_of(fn.expr)}", f"f = {text_of(fn.expr)}")
    return f"f({', '.join(fn.vars)})"


# --------------------------------------------------------------------------------------------- 6
def partial_slices(f: Any, point: Sequence[float] = (1.0, 1.0), vars: Sequence[str] = ("x", "y"),  # noqa: A002
                   xlim: Sequence[float] | None = None, ylim: Sequence[float] | None = None, *,
                   n: int = 40, lang: str | None = None, figsize: Sequence[float] = (12.0, 4.2)):
    """The surface z = f(x, y) with the two slices through ``point`` = (x0, y0) drawn on it: y held at y0
    (a curve in x whose slope is ∂f/∂x) and x held at x0 (slope ∂f/∂y), each with its tangent line; the
    two slices are also drawn flat in their own panels."""
    where = "mibun.plot.partial_slices"
    lang = lang_of(lang)
    fn = as_function(f, tuple(vars), nvars=2, where=where)
    try:
        x0, y0 = (check_number(p, "point", where) for p in point)
    except (TypeError, ValueError) as exc:
        raise InputError("plot.err.point", where=where, got=repr(point)) from exc
    xa, xb = check_range(xlim, "xlim", where) if xlim is not None else (x0 - 2, x0 + 2)
    ya, yb = check_range(ylim, "ylim", where) if ylim is not None else (y0 - 2, y0 + 2)
    X, Y, Z = _grid(fn, (xa, xb), (ya, yb), int(n))
    require_finite(Z, where)
    z0 = value_at(fn, x0, y0)
    if not np.isfinite(z0):
        raise InputError("plot.err.undefined_point", where=where, x0=x0, y0=y0)
    gx, gy = (float(g) for g in fn.grad(np.array(x0), np.array(y0)))
    xs = np.linspace(xa, xb, 200)
    ys = np.linspace(ya, yb, 200)
    zx = fn.np(xs, np.full_like(xs, y0))   # slice y = y0
    zy = fn.np(np.full_like(ys, x0), ys)   # slice x = x0
    vx, vy = fn.vars
    with style(lang):
        fig = new_figure(figsize)
        gs = fig.add_gridspec(1, 3, width_ratios=[1.4, 1, 1])
        ax3 = fig.add_subplot(gs[0], projection="3d")
        ax3.plot_surface(X, Y, np.where(np.isfinite(Z), Z, np.nan), cmap="viridis", alpha=0.55,
                         linewidth=0, antialiased=True, rstride=1, cstride=1)
        ax3.plot(xs, np.full_like(xs, y0), zx, color="C3", lw=2.5, label=tr("partial.slice_y", lang, v=vy, c=num(y0)))
        ax3.plot(np.full_like(ys, x0), ys, zy, color="C1", lw=2.5, label=tr("partial.slice_x", lang, v=vx, c=num(x0)))
        t = np.linspace(-1, 1, 2)
        ax3.plot(x0 + t, np.full(2, y0), z0 + gx * t, color="C3", ls="--", lw=2)
        ax3.plot(np.full(2, x0), y0 + t, z0 + gy * t, color="C1", ls="--", lw=2)
        ax3.scatter([x0], [y0], [z0], color="k", s=30, depthshade=False)
        ax3.set_xlabel(vx)
        ax3.set_ylabel(vy)
        ax3.set_zlabel("z")
        ax3.set_title(_title_f(fn), fontsize="medium")
        ax3.legend(loc="upper left", fontsize="x-small")
        for ax, s, z, c, slope, held, free, v0 in (
                (fig.add_subplot(gs[1]), xs, zx, "C3", gx, vy, vx, x0),
                (fig.add_subplot(gs[2]), ys, zy, "C1", gy, vx, vy, y0)):
            ax.plot(s, z, color=c, lw=2, label=tr("partial.slice_y" if c == "C3" else "partial.slice_x", lang,
                                                   v=held, c=num(y0 if c == "C3" else x0)))
            ax.plot(s, z0 + slope * (s - v0), color="k", ls="--", lw=1.4,
                    label=tr("partial.tangent", lang, d=f"∂f/∂{free}", slope=num(slope)))
            ax.plot([v0], [z0], "o", color="k", ms=6)
            lo, hi = np.nanmin(z), np.nanmax(z)
            pad = 0.1 * (hi - lo if hi > lo else 1)
            ax.set_ylim(lo - pad, hi + pad)
            ax.set_xlabel(free)
            args = f"{free}, {num(y0)}" if c == "C3" else f"{num(x0)}, {free}"
            ax.set_ylabel(f"f({args})")
            ax.set_title(tr("partial.panel_title", lang, d=f"∂f/∂{free}", held=held,
                            c=num(y0 if c == "C3" else x0), slope=num(slope)), fontsize="medium")
            ax.legend(loc="best", fontsize="x-small")
    return fig


# --------------------------------------------------------------------------------------------- 7
def gradient_field(f: Any, xlim: Sequence[float] = (-2, 2), ylim: Sequence[float] = (-2, 2),
                   vars: Sequence[str] = ("x", "y"), *, levels: int = 15, arrows: int = 15,  # noqa: A002
                   normalize: bool = False, ax=None, lang: str | None = None,
                   figsize: Sequence[float] = (6.0, 5.2)):
    """Level curves of f(x, y) with the gradient ∇f = (∂f/∂x, ∂f/∂y) as arrows (from mibun autodiff or the
    symbolic derivative): each arrow points uphill, perpendicular to the level curve through its foot;
    equal axis scales keep the right angles visible. ``normalize=True`` draws unit arrows (direction only)."""
    where = "mibun.plot.gradient_field"
    lang = lang_of(lang)
    fn = as_function(f, tuple(vars), nvars=2, where=where)
    xlim = check_range(xlim, "xlim", where)
    ylim = check_range(ylim, "ylim", where)
    X, Y, Z = _grid(fn, xlim, ylim, 200)
    require_finite(Z, where)
    QX, QY = np.meshgrid(np.linspace(*xlim, int(arrows)), np.linspace(*ylim, int(arrows)))
    U, V = fn.grad(QX, QY)
    if normalize:
        norm = np.hypot(U, V)
        with np.errstate(all="ignore"):
            U, V = np.where(norm > 0, U / norm, 0), np.where(norm > 0, V / norm, 0)
    vx, vy = fn.vars
    with style(lang):
        fig = ax.figure if ax is not None else new_figure(figsize)
        ax = ax if ax is not None else fig.subplots()
        Zm = np.ma.masked_invalid(Z)
        cf = ax.contourf(X, Y, Zm, levels=int(levels), cmap="viridis", alpha=0.75)
        ax.contour(X, Y, Zm, levels=cf.levels, colors="k", linewidths=0.6, alpha=0.6)
        ax.quiver(QX, QY, U, V, color="C3", angles="xy", pivot="tail", width=0.004,
                  label=tr("gradient.arrows", lang))
        cb = fig.colorbar(cf, ax=ax)
        cb.set_label(f"f({vx}, {vy})")
        ax.set_aspect("equal")
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.grid(False)
        ax.set_xlabel(vx)
        ax.set_ylabel(vy)
        ax.set_title(tr("gradient.title", lang))
        ax.legend(loc="upper right", fontsize="x-small")
    return fig


# --------------------------------------------------------------------------------------------- 8
def rosenbrock(x, y, a=1.0, b=100.0):
    """Rosenbrock's banana valley f(x, y) = (a − x)² + b(y − x²)², minimum 0 at (a, a²)."""
    return (a - x) ** 2 + b * (y - x ** 2) ** 2


def beale(x, y):
    """Beale's function (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum 0 at (3, 0.5)."""
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2


#: built-in test functions: function, start, view, minimum, default steps and learning rates
BUILTIN: dict[str, dict[str, Any]] = {
    "rosenbrock": {
        "f": rosenbrock, "start": (-1.5, 2.0), "xlim": (-2.0, 2.0), "ylim": (-1.0, 3.0), "min": (1.0, 1.0),
        "steps": 600, "log": True,
        "lr": {"gd": 1e-3, "momentum": 5e-4, "nag": 5e-4, "adagrad": 0.2, "rmsprop": 0.01, "adadelta": 1.0,
               "adam": 0.05, "nadam": 0.05},
    },
    "beale": {
        "f": beale, "start": (1.0, 1.4), "xlim": (-0.5, 4.0), "ylim": (-1.0, 2.0), "min": (3.0, 0.5),
        "steps": 600, "log": True,
        "lr": {"gd": 1e-3, "momentum": 2e-4, "nag": 2e-4, "adagrad": 0.3, "rmsprop": 0.01, "adadelta": 1.0,
               "adam": 0.05, "nadam": 0.05},
    },
}

@lru_cache(maxsize=32)
def _builtin_paths(name: str, start: tuple[float, ...], optimizers: tuple, steps: int, rates: Any) \
        -> dict[str, np.ndarray]:
    """The optimizer paths on the built-in function ``name`` (``rates``: one number or sorted (name, lr)
    pairs): deterministic, so the figure drawn again (another language, another format) reuses them."""
    fn = as_function(BUILTIN[name]["f"], ("x", "y"), nvars=2, where="mibun.plot.descent_paths")
    lr = dict(rates) if isinstance(rates, tuple) else rates
    assert fn.traced is not None  # the built-in functions are traceable
    return optimizer_paths(fn.traced, start, optimizers, steps, lr)


OPT_LABELS = {"gd": "GD", "momentum": "Momentum", "nag": "NAG", "adagrad": "Adagrad", "rmsprop": "RMSprop",
              "adadelta": "Adadelta", "adam": "Adam", "nadam": "NAdam"}


def descent_paths(f: Any = "rosenbrock", optimizers: Sequence[str] = OPTIMIZERS,
                  start: Sequence[float] | None = None, steps: int | None = None,
                  lr: float | Mapping[str, float] | None = None, xlim: Sequence[float] | None = None,
                  ylim: Sequence[float] | None = None, vars: Sequence[str] = ("x", "y"), *,  # noqa: A002
                  log_levels: bool | None = None, ax=None, lang: str | None = None,
                  figsize: Sequence[float] = (7.2, 5.6)):
    """Paths of gradient descent and its relatives (GD, momentum, Nesterov, Adagrad, RMSprop, Adadelta,
    Adam, NAdam; update rules in ``mibun.plot._paths``) on the contours of ``f``: 'rosenbrock', 'beale',
    or your own f(x, y) (a mibun-traceable function or a SymPy expression). Rosenbrock and Beale use
    log-spaced contour levels. ``lr`` is one number for all or {name: lr}; defaults are per function."""
    where = "mibun.plot.descent_paths"
    lang = lang_of(lang)
    builtin = BUILTIN.get(f.lower()) if isinstance(f, str) else None
    if builtin is not None:
        fn = as_function(builtin["f"], ("x", "y"), nvars=2, where=where)
        name = f.lower()
        title_f = tr("descent.f_" + name, lang)
    else:
        fn = as_function(f, tuple(vars), nvars=2, where=where)
        name = None
        title_f = _title_f(fn, math=False)  # shares a string with Hangul: no mathtext
        builtin = {"start": None, "xlim": (-2.0, 2.0), "ylim": (-2.0, 2.0), "min": None, "steps": 200,
                   "log": None, "lr": 0.05}
    if start is None:
        if builtin["start"] is None:
            raise InputError("plot.err.start_needed", where=where)
        start = builtin["start"]
    start = tuple(check_number(s, "start", where) for s in start)
    if len(start) != 2:
        raise InputError("plot.err.start_pair", where=where)
    steps = _budget.check_count(steps if steps is not None else builtin["steps"], _budget.MAX_STEPS,
                                "reliability.what.steps", name="steps")  # before any path is allocated
    base = builtin["lr"]
    if lr is None:
        rates = base
    elif isinstance(lr, Mapping):
        rates = {k: lr.get(k, base[k] if isinstance(base, Mapping) else base)
                 for k in (str(o).lower() for o in optimizers)}
    else:
        rates = check_number(lr, "lr", where)
    traced = fn.traced
    if traced is None:
        raise InputError("plot.err.traceable", where=where)
    if name is not None:  # a built-in function: its paths are computed once per process and settings
        frozen = tuple(sorted(rates.items())) if isinstance(rates, Mapping) else rates
        paths = {k: v.copy() for k, v in _builtin_paths(name, start, tuple(optimizers), steps, frozen).items()}
    else:
        paths = optimizer_paths(traced, start, optimizers, steps, rates)
    xlim = check_range(xlim, "xlim", where) if xlim is not None else builtin["xlim"]
    ylim = check_range(ylim, "ylim", where) if ylim is not None else builtin["ylim"]
    if name is None and xlim == (-2.0, 2.0):  # own function: frame the paths
        pts = np.concatenate(list(paths.values()))
        pad = 0.15 * max(np.ptp(pts[:, 0]), np.ptp(pts[:, 1]), 1.0)
        xlim = (min(pts[:, 0].min() - pad, -2.0), max(pts[:, 0].max() + pad, 2.0))
        ylim = (min(pts[:, 1].min() - pad, -2.0), max(pts[:, 1].max() + pad, 2.0))
    X, Y, Z = _grid(fn, xlim, ylim, 250)
    require_finite(Z, where)
    use_log = builtin["log"] if log_levels is None else log_levels
    if use_log is None:
        zf = Z[np.isfinite(Z)]
        use_log = zf.min() >= 0 and zf.max() > 1e3 * max(np.percentile(zf, 5), 1e-9)
    vx, vy = fn.vars
    with style(lang):
        fig = ax.figure if ax is not None else new_figure(figsize)
        ax = ax if ax is not None else fig.subplots()
        if use_log:
            zpos = Z[np.isfinite(Z) & (Z > 0)]
            hi_dec = int(np.ceil(np.log10(zpos.max()))) if zpos.size else 1
            lo_dec = max(int(np.floor(np.log10(zpos.min()))) if zpos.size else -3, hi_dec - 7)
            levels = np.logspace(lo_dec, hi_dec, 3 * (hi_dec - lo_dec) + 1)
            from matplotlib.colors import LogNorm

            Zc = np.clip(Z, levels[0], levels[-1])
            cs = ax.contourf(X, Y, Zc, levels=levels, norm=LogNorm(), cmap="Greys", alpha=0.3)
            ax.contour(X, Y, Zc, levels=levels, colors="0.6", linewidths=0.5)
        else:
            cs = ax.contourf(X, Y, Z, levels=25, cmap="Greys", alpha=0.3)
            ax.contour(X, Y, Z, levels=cs.levels, colors="0.6", linewidths=0.5)
        cb = fig.colorbar(cs, ax=ax)
        cb.set_label(f"f({vx}, {vy})" + (" " + tr("descent.log", lang) if use_log else ""))
        colors = ["C0", "C1", "C2", "C3", "C4", "C5", "C6", "C8", "C9"]   # no grey (C7) on grey contours
        for i, (key, p) in enumerate(paths.items()):
            r = rates.get(key) if isinstance(rates, Mapping) else rates
            end = float(fn.np(np.array(p[-1, 0]), np.array(p[-1, 1])))
            ax.plot(p[:, 0], p[:, 1], "-", color=colors[i % len(colors)], lw=2, marker="." if len(p) < 60 else None,
                    label=tr("descent.label", lang, name=OPT_LABELS.get(key, key), lr=num(r, 3), f=num(end, 3)))
            ax.plot(p[-1, 0], p[-1, 1], "o", color=colors[i % len(colors)], ms=5, mec="k")
        ax.plot(*start, "s", color="k", ms=7, label=tr("descent.start", lang))
        if builtin.get("min") is not None:
            ax.plot(*builtin["min"], "*", color="gold", mec="k", ms=16, label=tr("descent.minimum", lang))
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.grid(False)
        ax.set_xlabel(vx)
        ax.set_ylabel(vy)
        ax.set_title(tr("descent.title", lang, f=title_f, steps=steps))
        ax.legend(loc="best", fontsize="x-small")
    return fig
