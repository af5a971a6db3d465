"""Figures of the diagnose reports (matplotlib imported only when drawing; labels from the catalogue,
Hangul through ``mibun.plot``'s font handling)."""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.errors import InputError, ShapeError
from mibun.i18n import t
from mibun.plot._common import lang_of, new_figure, style

_STATUS_COLOR = {"ok": "C0", "vanishing": "C3", "exploding": "C1", "unused": "0.6"}


def _fig_ax(ax: Any, figsize: Any, default: tuple[float, float]):
    if ax is not None:
        return ax.figure, ax
    fig = new_figure(figsize or default)
    return fig, fig.add_subplot(1, 1, 1)


def _positive(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    return np.where(np.isfinite(v) & (v > 0), v, np.nan)


def plot_flow(flow: Any, lang: str | None = None, ax: Any = None, figsize: Any = None):
    """Bars: ‖∇θ‖ per layer (coloured by status); line: ‖∇θ‖/‖θ‖; log scale."""
    lang = lang_of(lang)
    names = [lay.name for lay in flow.layers]
    x = np.arange(len(names))
    with style(lang):
        fig, ax = _fig_ax(ax, figsize, (max(5.0, 0.45 * len(names) + 2.5), 3.8))
        colors = [_STATUS_COLOR.get(lay.status, "C0") for lay in flow.layers]
        ax.bar(x, _positive(flow.grad_norms), color=colors, alpha=0.75, label=t("diagnose.plot.grad_norm", lang))
        ax.plot(x, _positive(flow.ratios), "o-", color="k", lw=1.2, ms=3, label=t("diagnose.plot.ratio", lang))
        ax.set_yscale("log")
        ax.set_xticks(x)
        ax.set_xticklabels(names, rotation=60 if len(names) > 8 else 0, fontsize="small")
        ax.set_xlabel(t("diagnose.plot.layer", lang))
        ax.set_ylabel(t("diagnose.plot.norm", lang))
        ax.set_title(t("diagnose.plot.flow_title", lang))
        from matplotlib.patches import Patch

        handles, _ = ax.get_legend_handles_labels()
        handles += [Patch(color=_STATUS_COLOR[s], label=t(f"diagnose.status.{s}", lang))
                    for s in ("vanishing", "exploding") if any(lay.status == s for lay in flow.layers)]
        ax.legend(handles=handles, loc="best")
    return fig


def plot_hidden(items: list, lang: str | None = None, ax: Any = None, figsize: Any = None, labels: Any = None):
    """‖∂L/∂hₜ‖ against t (log scale), one line per HiddenGradients."""
    lang = lang_of(lang)
    with style(lang):
        fig, ax = _fig_ax(ax, figsize, (5.5, 3.8))
        for k, h in enumerate(items):
            lab = labels[k] if labels else h.kind
            ax.semilogy(np.arange(1, h.steps + 1), _positive(h.norms), "o-", ms=3, label=lab)
        ax.set_xlabel(t("diagnose.plot.time", lang))
        ax.set_ylabel("‖∂L/∂hₜ‖")
        ax.set_title(t("diagnose.plot.hidden_title", lang))
        ax.legend(loc="best")
    return fig


def plot_history(cb: Any, lang: str | None = None, what: str = "grad_norm", ax: Any = None, figsize: Any = None):
    """One line per layer over the recorded epochs."""
    lang = lang_of(lang)
    if what not in ("grad_norm", "ratio"):
        raise InputError("diagnose.err.what", lang=lang, what=what)
    if not cb.history:
        raise InputError("diagnose.err.empty_history", lang=lang)
    series = cb.grad_norms() if what == "grad_norm" else cb.ratios()
    with style(lang):
        fig, ax = _fig_ax(ax, figsize, (6.0, 4.0))
        for name, v in series.items():
            ax.semilogy(cb.epochs, _positive(v), "o-", ms=3, label=name)
        ax.set_xlabel(t("diagnose.plot.epoch", lang))
        ax.set_ylabel(t(f"diagnose.plot.{what}", lang))
        ax.set_title(t("diagnose.plot.history_title", lang))
        ax.legend(loc="best", fontsize="x-small", ncol=2 if len(series) > 8 else 1)
    return fig


def plot_demo(demo: Any, lang: str | None = None, figsize: Any = None):
    """The demonstration: relative gradient per layer (three networks, 0.25ⁿ, ∏σ′) and, when measured,
    ‖∂L/∂hₜ‖ / ‖∂L/∂h_T‖ over t for the recurrent networks."""
    lang = lang_of(lang)
    two = bool(demo.hidden)
    with style(lang):
        fig = new_figure(figsize or ((11.0, 4.2) if two else (6.0, 4.2)))
        axes = np.atleast_1d(fig.subplots(1, 2 if two else 1))
        ax = axes[0]
        layers = np.arange(1, demo.depth + 1)
        for k, mk in zip(("sigmoid", "relu_he", "residual"), ("o", "s", "^"), strict=False):
            ax.semilogy(layers, _positive(demo.relative(k)), marker=mk, ms=4, label=t(f"diagnose.net.{k}", lang))
        ax.semilogy(layers, demo.bound, "k--", lw=1, label=t("diagnose.plot.bound", lang))
        ax.semilogy(layers, _positive(demo.sigmoid_product), "k:", lw=1.2, label=t("diagnose.plot.sigma_product", lang))
        ax.set_xlabel(t("diagnose.plot.layer_no", lang))
        ax.set_ylabel(t("diagnose.plot.relative", lang))
        ax.set_title(t("diagnose.plot.depth_title", lang, depth=demo.depth))
        ax.legend(loc="lower right", fontsize="x-small")
        if two:
            ax = axes[1]
            for k, h in demo.hidden.items():
                ax.semilogy(np.arange(1, h.steps + 1), _positive(h.norms / h.norms[-1]), "o-", ms=3,
                            label=t(f"diagnose.net.{k}", lang))
            ax.set_xlabel(t("diagnose.plot.time", lang))
            ax.set_ylabel(t("diagnose.plot.hidden_relative", lang))
            ax.set_title(t("diagnose.plot.time_title", lang, T=demo.steps))
            ax.legend(loc="lower right", fontsize="x-small")
    return fig


def _image(a: np.ndarray) -> np.ndarray:
    """(C, H, W) or (H, W) → something imshow draws: (H, W) grey or (H, W, 3) RGB in [0, 1]."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 3:
        if a.shape[0] == 1:
            a = a[0]
        elif a.shape[0] == 3:
            a = np.transpose(a, (1, 2, 0))
            lo, hi = np.nanmin(a), np.nanmax(a)
            return (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)
        else:
            a = a.mean(axis=0)
    return a


def plot_saliency(x: Any, maps: Any, guided: Any = None, labels: Any = None, lang: str | None = None,
                  max_images: int = 6, alpha: float = 0.5, figsize: Any = None):
    """For each image (at most ``max_images``): the input, the saliency map, the map over the input and,
    when given, the guided-backpropagation map. ``x``: (N, C, H, W) or (C, H, W); ``maps``: (N, H, W) or
    (H, W) as returned by ``saliency``; ``guided``: as returned by ``guided_backprop``; ``labels``:
    a title per image (e.g. the class)."""
    lang = lang_of(lang)
    xs = np.asarray(getattr(x, "data", x), dtype=float)
    ms = np.asarray(maps, dtype=float)
    if xs.ndim == 3 and ms.ndim == 2:
        xs, ms = xs[None], ms[None]
        guided = None if guided is None else np.asarray(guided, dtype=float)[None]
    if xs.ndim != 4 or ms.ndim != 3 or ms.shape[0] != xs.shape[0] or ms.shape[1:] != xs.shape[2:]:
        raise ShapeError("diagnose.err.saliency_shapes", lang=lang, x=xs.shape, m=ms.shape)
    gs = None if guided is None else np.asarray(guided, dtype=float)
    if gs is not None and gs.shape != xs.shape:
        raise ShapeError("diagnose.err.guided_shape", lang=lang, x=xs.shape, g=gs.shape)
    n = min(len(xs), int(max_images))
    cols = 4 if gs is not None else 3
    heads = [t("diagnose.plot.input", lang), t("diagnose.plot.saliency", lang), t("diagnose.plot.overlay", lang),
             t("diagnose.plot.guided", lang)][:cols]
    with style(lang):
        fig = new_figure(figsize or (2.3 * cols, 2.3 * n + 0.3))
        axes = np.array(fig.subplots(n, cols)).reshape(n, cols)
        for i in range(n):
            img = _image(xs[i])
            grey = img.ndim == 2
            axes[i, 0].imshow(img, cmap="gray" if grey else None)
            axes[i, 1].imshow(ms[i], cmap="hot")
            axes[i, 2].imshow(img, cmap="gray" if grey else None)
            axes[i, 2].imshow(ms[i], cmap="inferno", alpha=alpha)
            if gs is not None:
                g = gs[i]
                g = g[0] if g.shape[0] == 1 else np.abs(g).max(axis=0)
                lim = float(np.nanmax(np.abs(g))) or 1.0
                axes[i, 3].imshow(g, cmap="RdBu_r", vmin=-lim, vmax=lim)
            for j in range(cols):
                axes[i, j].set_xticks([])
                axes[i, j].set_yticks([])
                axes[i, j].grid(False)
                if i == 0:
                    axes[i, j].set_title(heads[j], fontsize="small")
            if labels is not None:
                axes[i, 0].set_ylabel(str(labels[i]))
    return fig


__all__ = ["plot_flow", "plot_hidden", "plot_history", "plot_demo", "plot_saliency"]
