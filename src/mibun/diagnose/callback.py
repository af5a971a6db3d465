"""``GradientFlowCallback``: per-layer gradient norms over training, for ``mibun.train.fit``."""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.diagnose._fmt import num
from mibun.diagnose.flow import EXPLODE, VANISH, GradientFlow, build_report, gradient_flow, param_layers
from mibun.errors import InputError
from mibun.i18n import t
from mibun.report import Para, Report, Table, TableBlock
from mibun.report.document import Block
from mibun.train.callbacks import Callback


class GradientFlowCallback(Callback, Report):
    """Record a ``GradientFlow`` every ``every`` epochs (after the epoch, so epoch 1 is the first entry).

    Without ``batch``: the gradients of the epoch's last mini-batch, which are still on the parameters
    when the epoch ends (``fit`` clears them at the start of each step) — nothing is recomputed.
    With ``batch=(x, y)`` and ``loss_fn``: the gradients on that fixed batch, computed afresh each time
    (comparable from epoch to epoch; the model's ``.grad`` is not touched).

    ``history``: a list of ``(epoch, GradientFlow)``; ``grad_norms()``/``ratios()``: {layer: array over
    the recorded epochs}; ``plot()`` draws them.
    """

    def __init__(self, batch: Any = None, loss_fn: Any = None, every: int = 1, vanish: float = VANISH,
                 explode: float = EXPLODE, verbose: bool = False, lang: str | None = None) -> None:
        if int(every) < 1:
            raise InputError("diagnose.err.every", lang=lang, every=every)
        if batch is not None and loss_fn is None:
            raise InputError("diagnose.err.callback_loss", lang=lang)
        self.batch, self.loss_fn, self.every = batch, loss_fn, int(every)
        self.vanish, self.explode, self.verbose, self.lang = vanish, explode, verbose, lang
        self.history: list[tuple[int, GradientFlow]] = []

    def on_train_begin(self, state: Any) -> None:
        self.history = []

    def on_epoch_end(self, epoch: int, logs: dict[str, float], state: Any) -> None:
        if epoch % self.every:
            return
        model = state.model
        if self.batch is not None:
            flow = gradient_flow(model, self.batch, self.loss_fn, self.lang, vanish=self.vanish,
                                 explode=self.explode)
        else:
            layers = param_layers(model, self.lang)
            grads = {id(p): p.grad for _, _, ps in layers for _, p in ps}
            flow = build_report(layers, grads, logs.get("loss"), self.vanish, self.explode, self.lang)
        self.history.append((epoch, flow))
        if self.verbose:
            print(t("diagnose.callback.line", self.lang, epoch=epoch, verdict=flow.verdict(self.lang)))

    # -- numbers
    @property
    def epochs(self) -> list[int]:
        return [e for e, _ in self.history]

    @property
    def layer_names(self) -> list[str]:
        return [lay.name for lay in self.history[0][1].layers] if self.history else []

    def _series(self, attr: str) -> dict[str, np.ndarray]:
        out: dict[str, list[float]] = {n: [] for n in self.layer_names}
        for _, flow in self.history:
            for lay in flow.layers:
                v = getattr(lay, attr)
                out.setdefault(lay.name, []).append(np.nan if v is None else float(v))
        return {k: np.array(v) for k, v in out.items()}

    def grad_norms(self) -> dict[str, np.ndarray]:
        """{layer name: ‖∇θ‖ at each recorded epoch}."""
        return self._series("grad_norm")

    def ratios(self) -> dict[str, np.ndarray]:
        """{layer name: ‖∇θ‖/‖θ‖ at each recorded epoch}."""
        return self._series("ratio")

    # -- the JSON (mibun.report's one path): the recorded epochs and each GradientFlow (a report: its verdict in
    # the requested language)
    _dict_fields = ("epochs", "flows")

    @property
    def flows(self) -> list[GradientFlow]:
        return [f for _, f in self.history]

    def table(self, lang: str | None = None) -> Table:
        """‖∇θ‖ per layer (columns) at each recorded epoch (rows)."""
        code = self._lang(lang)
        names = self.layer_names
        gn = self.grad_norms()
        rows = [[str(e)] + [num(gn[n][i]) for n in names] for i, e in enumerate(self.epochs)]
        table = Table([t("diagnose.col.epoch", code)] + names, rows)
        table.first_left = True
        return table

    def blocks(self, lang: str) -> list[Block]:
        return [Para(t("diagnose.callback.title", lang)), TableBlock(self.table(lang))]

    def plot(self, lang: str | None = None, what: str = "grad_norm", ax: Any = None, figsize: Any = None):
        """One line per layer over the recorded epochs (log scale); ``what``: 'grad_norm' or 'ratio'."""
        from mibun.diagnose.plots import plot_history

        return plot_history(self, lang=lang or self.lang, what=what, ax=ax, figsize=figsize)


__all__ = ["GradientFlowCallback"]
