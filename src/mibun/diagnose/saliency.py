"""Saliency maps (Simonyan, Vedaldi & Zisserman 2013) and guided backpropagation (Springenberg,
Dosovitskiy, Brox & Riedmiller 2015): which input pixels the score of a class is most sensitive to.

* ``saliency(model, x, target)``: M = max over channels of |∂S_c/∂x|, where S_c is the (pre-softmax)
  score of class c = ``target``;
* ``guided_backprop(model, x, target)``: the same backward pass, except that through every ReLU only
  positive gradients pass, and only where the ReLU's input was positive:
  R_in = R_out · [x > 0] · [R_out > 0]  (ordinary backprop keeps only the first factor).

Both run one backward pass with ``backprop(score, targets=[x])``, which writes no ``.grad``: the model's
gradients are untouched. Guided backprop swaps the ReLU's VJP for that one pass only
(``backprop(..., overrides={"relu": ...})``); the op registry is never modified. Modules are put in
evaluation mode for the pass (dropout off) and put back as they were.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.autodiff.backends import raw
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError, ShapeError


def _guided_relu_vjp(ns, g, out, x):
    """Guided ReLU: pass g only where the forward input was positive AND g itself is positive."""
    return g * ((raw(x) > 0) & (raw(g) > 0))


#: the VJP overrides that turn ordinary backprop into guided backprop
GUIDED_OVERRIDES = {"relu": (_guided_relu_vjp,)}


def _prepare(model: Any, x: Any, lang: str | None) -> tuple[Tensor, bool]:
    if not callable(model):
        raise InputError("diagnose.err.not_module", lang=lang, kind=type(model).__name__)
    arr = np.asarray(x.data if isinstance(x, Tensor) else x)
    if arr.dtype.kind not in "f":
        arr = arr.astype(np.float32 if arr.dtype.kind in "iub" else np.float64)
    if arr.ndim not in (1, 2, 3, 4):
        raise ShapeError("diagnose.err.input_ndim", lang=lang, shape=arr.shape)
    single = arr.ndim in (1, 3)
    dt = getattr(model, "dtype", None)      # a Module's parameter dtype: a float32 model keeps float32 inputs
    if dt is None:
        dt = arr.dtype
    xt = Tensor(np.array(arr[None] if single else arr, dtype=dt), requires_grad=True)
    return xt, single


def _targets(target: Any, n: int, classes: int, lang: str | None) -> np.ndarray:
    tg = np.asarray(target.data if isinstance(target, Tensor) else target)
    if tg.dtype.kind not in "iu" and not (tg.dtype.kind == "f" and np.all(tg == np.round(tg))):
        raise InputError("diagnose.err.target_int", lang=lang, got=repr(target))
    tg = tg.astype(np.int64)
    if tg.ndim == 0:
        tg = np.full(n, int(tg))
    if tg.shape != (n,):
        raise ShapeError("diagnose.err.target_shape", lang=lang, n=n, shape=tg.shape)
    bad = (tg < 0) | (tg >= classes)
    if np.any(bad):
        raise InputError("diagnose.err.target_range", lang=lang, target=int(tg[bad][0]), classes=classes)
    return tg


def input_gradient(model: Any, x: Any, target: Any, guided: bool = False, lang: str | None = None) -> np.ndarray:
    """∂S_target/∂x (signed, shape of ``x``), each example's own class score; ``guided`` for guided
    backprop. No ``.grad`` is written and the model's training mode is restored."""
    from mibun.autodiff.backward import backprop

    xt, single = _prepare(model, x, lang)
    was = getattr(model, "training", None)
    if hasattr(model, "eval"):
        model.eval()
    try:
        out = model(xt)
    finally:
        if was is not None and hasattr(model, "train"):
            model.train(was)
    if not isinstance(out, Tensor) or out.ndim != 2 or out.shape[0] != xt.shape[0]:
        raise ShapeError("diagnose.err.scores_shape", lang=lang, n=xt.shape[0],
                           shape=getattr(out, "shape", type(out).__name__))
    n, classes = out.shape
    tg = _targets(target, n, classes, lang)
    score = out[np.arange(n), tg].sum()
    if not score.requires_grad:  # pragma: no cover - x requires grad, so the scores do
        raise InputError("diagnose.err.no_graph", lang=lang)
    (g,) = backprop(score, targets=[xt], overrides=GUIDED_OVERRIDES if guided else None)
    g = np.zeros_like(xt.data) if g is None else np.asarray(g)
    return g[0] if single else g


def saliency(model: Any, x: Any, target: Any, lang: str | None = None) -> np.ndarray:
    """|∂S_target/∂x|, the maximum over channels for images.

    ``x``: a batch of images (N, C, H, W) → maps (N, H, W); one image (C, H, W) → (H, W); a batch of
    vectors (N, D) → (N, D); one vector (D,) → (D,). ``target``: a class index, or one per example.
    """
    g = np.abs(input_gradient(model, x, target, False, lang))
    nd = np.ndim(x.data if isinstance(x, Tensor) else x)
    if nd == 4:
        return g.max(axis=1)
    if nd == 3:
        return g.max(axis=0)
    return g


def guided_backprop(model: Any, x: Any, target: Any, lang: str | None = None) -> np.ndarray:
    """The guided-backpropagation map ∂S_target/∂x with the guided ReLU rule (signed, shape of ``x``).
    The model's ordinary gradients and the op registry are unchanged afterwards."""
    return input_gradient(model, x, target, True, lang)


def plot_saliency(x: Any, maps: Any, guided: Any = None, labels: Any = None, lang: str | None = None,
                  max_images: int = 6, alpha: float = 0.5, figsize: Any = None):
    """Rows of (input, saliency heat map, the map over the input, guided backprop) — see
    ``mibun.diagnose.plots.plot_saliency``."""
    from mibun.diagnose.plots import plot_saliency as _plot

    return _plot(x, maps, guided=guided, labels=labels, lang=lang, max_images=max_images, alpha=alpha,
                 figsize=figsize)


__all__ = ["saliency", "guided_backprop", "input_gradient", "plot_saliency", "GUIDED_OVERRIDES"]
