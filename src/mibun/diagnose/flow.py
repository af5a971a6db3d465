"""``gradient_flow``: per-layer gradient norms of a model on one batch, with a verdict naming vanishing
and exploding layers.

The criterion (scale-free). For each layer l (a module that owns parameters θ_l, in the order the
forward pass first calls them; layers never called come last) the *relative gradient*
``r_l = ‖∇θ_l‖ / ‖θ_l‖`` is computed (all of the layer's parameters together, Frobenius norms; when
θ_l is all zeros, ‖∇θ_l‖ itself is used). Each layer is compared with the output layer (the last layer
that received a gradient), where the gradient enters the network:

* vanishing  if r_l / r_out < ``vanish`` (default 1e-3: three orders of magnitude weaker);
* exploding  if r_l / r_out > ``explode`` (default 1e3), or if ∇θ_l holds inf/NaN.

Dividing by ‖θ_l‖ makes layers of different sizes comparable (‖∇θ‖/‖θ‖ is the relative change one
gradient step of size 1 would make), and dividing by r_out removes the scale of the loss: multiplying
the loss by any constant changes no verdict. This is the backpropagation product itself, measured:
r_l / r_out ≈ ∏ (local factors between layer l and the output), which the theory bounds by 0.25ⁿ for n
sigmoid layers.

The gradients are computed with ``backprop(loss, targets=parameters)``, which returns them without
writing any ``.grad``: the model's existing gradients are left exactly as they were.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mibun.autodiff.tensor import Tensor
from mibun.diagnose._fmt import num
from mibun.errors import InputError
from mibun.i18n import resolve_lang, t
from mibun.report import Para, Record, Report, Table, TableBlock, words
from mibun.report.document import Block

VANISH = 1e-3
EXPLODE = 1e3


@dataclass
class LayerGrad(Record):
    """One layer's numbers. ``relative`` is r_l / r_out; ``status`` is 'ok', 'vanishing', 'exploding'
    or 'unused' (no gradient reached it)."""

    name: str
    kind: str
    params: list[str]
    size: int
    grad_norm: float | None
    weight_norm: float
    ratio: float | None
    relative: float | None = None
    status: str = "ok"

    @words()
    def status_text(self, lang: str | None = None) -> str:
        """The status in words, in ``lang`` (the table's last column)."""
        return t(f"diagnose.status.{self.status}", lang)


@dataclass(repr=False, eq=False)
class GradientFlow(Report):
    """Per-layer gradient norms on one batch (see the module docstring for the criterion)."""

    layers: list[LayerGrad]
    loss: float | None
    vanish: float = VANISH
    explode: float = EXPLODE
    lang: str | None = None
    reference: str | None = None
    title: str | None = field(default=None, repr=False)

    # -- the JSON (mibun.report's one path): loss, the layers (records), the reference layer, the criterion,
    # the flagged layers and the verdict in the requested language (the same method the text shows)
    _dict_fields = ("loss", "layers", "reference")
    _dict_names = {"reference": "reference_layer"}
    _dict_also = ("vanishing", "exploding")

    def _dict_extra(self) -> dict[str, Any]:
        return {"criterion": {"vanish": self.vanish, "explode": self.explode}}

    # -- numbers
    @property
    def vanishing(self) -> list[str]:
        """Names of the layers flagged as vanishing."""
        return [lay.name for lay in self.layers if lay.status == "vanishing"]

    @property
    def exploding(self) -> list[str]:
        """Names of the layers flagged as exploding."""
        return [lay.name for lay in self.layers if lay.status == "exploding"]

    @property
    def healthy(self) -> bool:
        return not self.vanishing and not self.exploding

    def layer(self, name: str) -> LayerGrad:
        for lay in self.layers:
            if lay.name == name:
                return lay
        raise InputError("diagnose.err.no_layer", lang=self.lang, name=name,
                           known=", ".join(lay.name for lay in self.layers))

    @property
    def grad_norms(self) -> np.ndarray:
        return np.array([np.nan if lay.grad_norm is None else lay.grad_norm for lay in self.layers])

    @property
    def ratios(self) -> np.ndarray:
        return np.array([np.nan if lay.ratio is None else lay.ratio for lay in self.layers])

    @property
    def first_to_last(self) -> float | None:
        """r_first / r_out: how much weaker (< 1) or stronger (> 1) the first layer's gradient is."""
        rel = [lay.relative for lay in self.layers if lay.relative is not None]
        return rel[0] if rel else None

    # -- words
    @words()
    def verdict(self, lang: str | None = None) -> str:
        lang = resolve_lang(lang or self.lang)
        parts = []
        if self.vanishing:
            parts.append(t("diagnose.verdict.vanishing", lang, n=len(self.vanishing), layers=_names(self.vanishing),
                           tol=f"{self.vanish:g}"))
        if self.exploding:
            parts.append(t("diagnose.verdict.exploding", lang, n=len(self.exploding), layers=_names(self.exploding),
                           tol=f"{self.explode:g}"))
        if not parts:
            ftl = self.first_to_last
            parts.append(t("diagnose.verdict.healthy", lang, ratio=num(ftl) if ftl is not None else "—"))
        return " ".join(parts)

    def headers(self, lang: str) -> list[str]:
        return [t(f"diagnose.col.{k}", lang) for k in ("layer", "kind", "grad_norm", "weight_norm", "ratio",
                                                        "relative", "status")]

    def rows(self, lang: str) -> list[list[str]]:
        return [[lay.name, lay.kind, num(lay.grad_norm), num(lay.weight_norm), num(lay.ratio), num(lay.relative),
                 lay.status_text(lang)] for lay in self.layers]

    def table(self, lang: str | None = None) -> Table:
        """One row per layer: gradient and weight norms, their ratio, relative to the output layer, status."""
        code = self._lang(lang)
        table = Table(self.headers(code), self.rows(code))
        table.first_left = True
        return table

    def blocks(self, lang: str) -> list[Block]:
        head = [self.title or t("diagnose.flow.title", lang)]
        if self.loss is not None:
            head.append(t("diagnose.flow.loss", lang, loss=num(self.loss, 5)))
        criterion = t("diagnose.flow.criterion", lang, vanish=f"{self.vanish:g}", explode=f"{self.explode:g}",
                      ref=self.reference or "—")
        return [Para("\n".join(head)), TableBlock(self.table(lang)), Para(criterion),
                Para(self.verdict(lang), strong=bool(self.vanishing or self.exploding))]

    def __repr__(self) -> str:
        return (f"<GradientFlow: {len(self.layers)} layers, vanishing={self.vanishing}, "
                f"exploding={self.exploding}>")

    def plot(self, lang: str | None = None, ax: Any = None, figsize: Any = None):
        """Gradient norm and ‖∇θ‖/‖θ‖ per layer on a log scale, flagged layers marked. Returns the figure."""
        from mibun.diagnose.plots import plot_flow

        return plot_flow(self, lang=lang or self.lang, ax=ax, figsize=figsize)


def _names(names: list[str], limit: int = 6) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:3]) + ", …, " + ", ".join(names[-2:])


def param_layers(model: Any, lang: str | None = None) -> list[tuple[str, str, list[tuple[str, Tensor]]]]:
    """(layer name, module type, [(param name, param)]) for each module owning trainable parameters,
    in definition order (``gradient_flow`` then sorts them into forward order). A parameter shared by two
    modules belongs to the first."""
    if not hasattr(model, "named_modules"):
        raise InputError("diagnose.err.not_module", lang=lang, kind=type(model).__name__)
    seen: set[int] = set()
    out = []
    for mname, m in model.named_modules():
        own = []
        for pname, p in m.named_parameters(recurse=False):
            if not p.requires_grad or id(p) in seen:
                continue
            seen.add(id(p))
            own.append((pname, p))
        if own:
            out.append((mname or type(m).__name__, type(m).__name__, own))
    if not out:
        raise InputError("diagnose.err.no_params", lang=lang, kind=type(model).__name__)
    return out


def _norm(arrs: list[np.ndarray]) -> float:
    with np.errstate(over="ignore", invalid="ignore"):
        s = sum(float(np.sum(np.square(a, dtype=np.float64))) for a in arrs)
    return math.sqrt(s) if s >= 0 else float("nan")


def build_report(layers: list[tuple[str, str, list[tuple[str, Tensor]]]], grads: dict[int, Any],
                 loss: float | None, vanish: float = VANISH, explode: float = EXPLODE,
                 lang: str | None = None) -> GradientFlow:
    """The report from gradients given per parameter id (arrays, Tensors or None)."""
    if not (vanish > 0 and explode > 0 and vanish < explode):
        raise InputError("diagnose.err.thresholds", lang=lang, vanish=vanish, explode=explode)
    recs = []
    for name, kind, params in layers:
        gs = [grads.get(id(p)) for _, p in params]
        ws = [p.data for _, p in params]
        wn = _norm(ws)
        if all(g is None for g in gs):
            gn, ratio = None, None
        else:
            gn = _norm([np.asarray(g.data if isinstance(g, Tensor) else g) for g in gs if g is not None])
            ratio = gn / wn if wn > 0 else gn
        recs.append(LayerGrad(name, kind, [n for n, _ in params], int(sum(p.size for _, p in params)), gn, wn, ratio))
    ref = None
    for lay in reversed(recs):
        if lay.ratio is not None and math.isfinite(lay.ratio):
            ref = lay
            break
    for lay in recs:
        if lay.ratio is None:
            lay.status = "unused"
            continue
        if not math.isfinite(lay.ratio):
            lay.status = "exploding"
            continue
        if ref is None or ref.ratio is None:  # ref was chosen with a finite ratio
            continue
        if ref.ratio > 0:
            lay.relative = lay.ratio / ref.ratio
        else:
            lay.relative = 1.0 if lay.ratio == 0 else math.inf
        if lay.relative < vanish or lay.ratio == 0:
            lay.status = "vanishing"
        elif lay.relative > explode:
            lay.status = "exploding"
    return GradientFlow(recs, loss, float(vanish), float(explode), lang, ref.name if ref else None)


@contextlib.contextmanager
def forward_order(model: Any, layers: list) -> Any:
    """While active, note the order in which the layers' modules are first called; on exit, ``layers``
    is reordered in place to that (forward) order, layers never called keeping their place at the end.
    Each module's ``forward`` is wrapped through an instance attribute, removed again on exit."""
    mods = dict(model.named_modules())
    called: list[str] = []
    wrapped = []
    for name, _, _ in layers:
        m = mods.get(name) if name in mods else (model if name == type(model).__name__ else None)
        if m is None or "forward" in m.__dict__:
            continue
        inner = m.forward

        def hook(*a, _inner=inner, _name=name, **k):
            if _name not in called:
                called.append(_name)
            return _inner(*a, **k)

        object.__setattr__(m, "forward", hook)
        wrapped.append(m)
    try:
        yield
    finally:
        for m in wrapped:
            del m.__dict__["forward"]
    rank = {n: i for i, n in enumerate(called)}
    layers.sort(key=lambda lay: rank.get(lay[0], len(rank)))


def compute_loss(model: Any, batch: Any, loss_fn: Any, lang: str | None = None) -> Tensor:
    """``loss_fn(model(x), y)`` for a batch ``(x, y)``, or ``loss_fn(model(x))`` for a batch ``x``."""
    if not callable(loss_fn):
        raise InputError("diagnose.err.loss_fn", lang=lang, kind=type(loss_fn).__name__)
    if isinstance(batch, (tuple, list)) and len(batch) == 2:
        x, y = batch
        loss = loss_fn(model(x), y)
    else:
        loss = loss_fn(model(batch))
    if not isinstance(loss, Tensor) or loss.data.size != 1:
        raise InputError("diagnose.err.loss_scalar", lang=lang,
                           got=f"shape {loss.shape}" if isinstance(loss, Tensor) else type(loss).__name__)
    if not loss.requires_grad:
        raise InputError("diagnose.err.no_graph", lang=lang)
    return loss


def gradient_flow(model: Any, batch: Any, loss_fn: Any, lang: str | None = None, *, vanish: float = VANISH,
                  explode: float = EXPLODE) -> GradientFlow:
    """Per-layer gradient norms of ``model`` on ``batch`` and a verdict.

    ``batch``: ``(x, y)`` (the loss is ``loss_fn(model(x), y)``) or ``x`` (``loss_fn(model(x))``).
    ``vanish``/``explode``: thresholds on r_l / r_out, where r = ‖∇θ‖/‖θ‖ (see the module docstring).
    The model's ``.grad`` values are not touched (the gradients are returned by the engine directly).
    """
    from mibun.autodiff.backward import backprop

    layers = param_layers(model, lang)
    with forward_order(model, layers):
        loss = compute_loss(model, batch, loss_fn, lang)
    params = [p for _, _, ps in layers for _, p in ps]
    gs = backprop(loss, targets=params)
    grads = {id(p): g for p, g in zip(params, gs, strict=False)}
    return build_report(layers, grads, float(loss.item()), vanish, explode, lang)


__all__ = ["gradient_flow", "GradientFlow", "LayerGrad", "build_report", "param_layers", "compute_loss",
           "VANISH", "EXPLODE"]
