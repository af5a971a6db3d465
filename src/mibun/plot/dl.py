"""Figures for deep learning: activation functions with their derivatives (why gradients vanish) and
training curves from a History."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from mibun.errors import InputError
from mibun.plot._common import check_range, lang_of, new_figure, style, tr

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "softplus")
_NAMES = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU", "softplus": "softplus"}
#: the largest value of each derivative (sigmoid′ peaks at 1/4, tanh′ at 1)
MAX_SLOPE = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "leaky_relu": 1.0, "softplus": 1.0}


def activation_and_derivative(name: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """φ(x) and φ′(x) on a grid, φ′ from mibun's reverse mode in one backward pass."""
    import mibun as mb

    key = str(name).lower()
    if key not in ACTIVATIONS:
        raise InputError("plot.err.activation", name=repr(name), known=", ".join(ACTIVATIONS))
    t = mb.tensor(np.asarray(x, dtype=float), requires_grad=True)
    y = getattr(mb, key)(t)
    mb.sum(y).backward()
    return np.asarray(y.data, dtype=float), np.asarray(t.grad.data, dtype=float)


def activations(names: Sequence[str] = ("sigmoid", "tanh", "relu"), xlim: Sequence[float] = (-6, 6), *,
                depth: int | None = 10, lang: str | None = None, figsize: Sequence[float] | None = None):
    """Each activation φ (solid) with its derivative φ′ (dashed, from mibun autodiff), side by side. The
    sigmoid's derivative never exceeds 0.25 (marked): backprop through n sigmoid layers multiplies n such
    factors, so the gradient shrinks at least like 0.25ⁿ — drawn against depth in an extra panel
    (``depth=None`` leaves it out). That is why gradients vanish, and why ReLU (φ′ = 1 for x > 0) helps."""
    where = "mibun.plot.activations"
    lang = lang_of(lang)
    if isinstance(names, str):
        names = (names,)
    names = [str(n).lower() for n in names]
    if not names:
        raise InputError("plot.err.no_activation", where=where)
    a, b = check_range(xlim, "xlim", where)
    x = np.linspace(a, b, 601)
    data = {n: activation_and_derivative(n, x) for n in names}
    ncols = len(names) + (1 if depth else 0)
    with style(lang):
        fig = new_figure(figsize or (3.3 * ncols, 3.6))
        axes = np.atleast_1d(fig.subplots(1, ncols))
        for ax, n in zip(axes, names, strict=False):  # one more axis when depth is drawn
            y, dy = data[n]
            sym = _NAMES[n]
            ax.plot(x, y, color="C0", lw=2, label=tr("act.function", lang, name=sym))
            ax.plot(x, dy, color="C1", lw=2, ls="--", label=tr("act.derivative", lang, name=sym))
            peak = MAX_SLOPE[n]
            ax.axhline(peak, color="C3", ls=":", lw=1.2)
            ax.axhline(0, color="k", lw=0.6)
            if n == "sigmoid":
                ax.annotate(tr("act.max_sigmoid", lang), xy=(0, 0.25), xytext=(0.35 * b, 0.45),
                            arrowprops={"arrowstyle": "->", "color": "C3"}, color="C3", fontsize="small")
            ax.set_title(sym)
            ax.set_xlabel("x")
            ax.set_ylabel(tr("act.ylabel", lang))
            ax.legend(loc="upper left", fontsize="x-small")
        if depth:
            ax = axes[-1]
            nlay = np.arange(1, int(depth) + 1)
            ax.semilogy(nlay, 0.25 ** nlay, "o-", color="C3", label=tr("act.bound_sigmoid", lang))
            ax.semilogy(nlay, np.ones_like(nlay, dtype=float), "s--", color="C2", label=tr("act.bound_relu", lang))
            ax.set_xlabel(tr("act.depth", lang))
            ax.set_ylabel(tr("act.product", lang))
            ax.set_title(tr("act.vanishing", lang))
            ax.legend(loc="lower left", fontsize="x-small")
    return fig


_ACC_WORDS = ("acc", "accuracy", "precision", "recall", "f1", "auc")


def _history_dict(history: Any) -> dict[str, np.ndarray]:
    h = getattr(history, "history", history)
    if callable(h) and not isinstance(h, Mapping):
        h = h()
    if not isinstance(h, Mapping):
        raise InputError("plot.err.history_type", kind=type(history).__name__)
    out: dict[str, np.ndarray] = {}
    for k, v in h.items():
        try:
            arr = np.asarray(v, dtype=float).ravel()
        except (TypeError, ValueError) as exc:
            raise InputError("plot.err.history_values", name=repr(k)) from exc
        if arr.size:
            out[str(k)] = arr
    if not out:
        raise InputError("plot.err.history_empty")
    return out


def training_curves(history: Any, metrics: Sequence[str] | None = None, *, log_loss: bool = False,
                    lang: str | None = None, figsize: Sequence[float] | None = None):
    """Per-epoch curves from a History (anything with a dict-like ``.history``) or a mapping such as
    {"loss": [...], "val_loss": [...], "accuracy": [...]}: losses in one panel, every other metric in its
    own, each ``val_X`` drawn dashed next to ``X``; the best validation epoch is marked."""
    lang = lang_of(lang)
    h = _history_dict(history)
    bases = []
    for k in h:
        base = k[4:] if k.startswith("val_") else k
        if base not in bases:
            bases.append(base)
    if metrics is not None:
        unknown = [m for m in metrics if m not in bases]
        if unknown:
            raise InputError("plot.err.history_metric", names=unknown, known=bases)
        bases = list(metrics)
    losses = [b for b in bases if "loss" in b.lower()]
    others = [b for b in bases if b not in losses]
    panels = ([losses] if losses else []) + [[o] for o in others]
    with style(lang):
        fig = new_figure(figsize or (4.8 * len(panels), 3.8))
        axes = np.atleast_1d(fig.subplots(1, len(panels)))
        for ax, group in zip(axes, panels, strict=True):
            for i, base in enumerate(group):
                c = f"C{i}"
                for key, ls, part in ((base, "-", "train"), ("val_" + base, "--", "val")):
                    if key not in h:
                        continue
                    y = h[key]
                    ep = np.arange(1, y.size + 1)
                    lbl = tr("train." + part, lang) + ("" if len(group) == 1 else f" ({base})")
                    ax.plot(ep, y, ls, color=c, lw=2, marker="o" if y.size <= 30 else None, ms=3, label=lbl)
                    if part == "val" and np.any(np.isfinite(y)):
                        lower_better = "loss" in base.lower() or "error" in base.lower()
                        j = int(np.nanargmin(y) if lower_better else np.nanargmax(y))
                        ax.plot([j + 1], [y[j]], "*", color=c, ms=13, mec="k",
                                label=tr("train.best", lang, epoch=j + 1))
            is_loss = group is losses
            ax.set_xlabel(tr("train.epoch", lang))
            ax.set_ylabel(tr("train.loss", lang) if is_loss else _metric_label(group[0], lang))
            if is_loss and log_loss:
                ax.set_yscale("log")
            ax.set_title(tr("train.title_loss", lang) if is_loss else _metric_label(group[0], lang))
            ax.legend(loc="best", fontsize="x-small")
            from matplotlib.ticker import MaxNLocator

            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


def _metric_label(name: str, lang: str) -> str:
    key = {"acc": "accuracy", "accuracy": "accuracy"}.get(name.lower())
    return tr("train." + key, lang) if key else name
