"""``hidden_gradients``: ‖∂L/∂hₜ‖ for every time step of a recurrent layer — backpropagation through
time, made visible.

The fused layers (``nn.LSTM`` runs BPTT inside one op) hide hₜ, so the layer is unrolled here step by
step with the engine's ops, on the layer's own parameters (the same equations as ``RNNCell``,
``LSTMCell``, ``GRUCell``). The loss of the unrolled layer is checked against the fused layer's loss on
the same input (they must agree to rounding), then ``backprop(loss, targets=[h₁, …, h_T])`` returns the
total gradient reaching each hₜ — from the loss directly (if it reads hₜ) and through h_{t+1} — without
writing any ``.grad``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from mibun.autodiff import functions as F
from mibun.autodiff.tensor import Tensor
from mibun.diagnose._fmt import num
from mibun.errors import GraphError, InputError
from mibun.i18n import t
from mibun.report import Para, Report, Table, TableBlock, render
from mibun.report.document import Block


@dataclass(eq=False)
class HiddenGradients(Report):
    """‖∂L/∂hₜ‖ (Frobenius norm over batch and units) for t = 1 … T, plus the loss and its check."""

    kind: str
    norms: np.ndarray
    loss: float
    fused_loss: float
    lang: str | None = None
    cell_norms: np.ndarray | None = None

    @property
    def steps(self) -> int:
        return len(self.norms)

    @property
    def first_to_last(self) -> float:
        """‖∂L/∂h₁‖ / ‖∂L/∂h_T‖."""
        last = float(self.norms[-1])
        return float(self.norms[0]) / last if last > 0 else float("nan")

    @property
    def per_step(self) -> float:
        """The geometric mean factor by which the gradient shrinks (< 1) or grows (> 1) per step back."""
        r = self.first_to_last
        if not (r > 0) or self.steps < 2:
            return float("nan")
        return float(r ** (1.0 / (self.steps - 1)))

    # -- the report: fields above, blocks below; text, Markdown, HTML, LaTeX and JSON from mibun.report
    _dict_skip = ("lang",)
    _dict_also = ("steps", "first_to_last", "per_step")

    def table(self, lang: str | None = None, every: int | None = None) -> Table:
        """‖∂L/∂hₜ‖ and its ratio to the last step, every ``every``-th step (about ten rows) and the last."""
        code = self._lang(lang)
        step = every or max(1, self.steps // 10)
        idx = sorted(set(range(0, self.steps, step)) | {self.steps - 1})
        rows = [[str(i + 1), num(self.norms[i]), num(self.norms[i] / self.norms[-1]) if self.norms[-1] else "—"]
                for i in idx]
        table = Table([t("diagnose.col.step", code), "‖∂L/∂hₜ‖", t("diagnose.col.relative_last", code)], rows)
        table.first_left = True
        return table

    def blocks(self, lang: str, every: int | None = None) -> list[Block]:
        return [Para(t("diagnose.hidden.title", lang, kind=self.kind, T=self.steps)),
                TableBlock(self.table(lang, every)),
                Para(t("diagnose.hidden.summary", lang, ratio=num(self.first_to_last), factor=num(self.per_step)))]

    def text(self, lang: str | None = None, every: int | None = None) -> str:
        code = self._lang(lang)
        return render(self.blocks(code, every), "text", code)


    def plot(self, lang: str | None = None, ax: Any = None, figsize: Any = None):
        """‖∂L/∂hₜ‖ against t on a log scale. Returns the figure."""
        from mibun.diagnose.plots import plot_hidden

        return plot_hidden([self], lang=lang or self.lang, ax=ax, figsize=figsize)


def _unroll(layer: Any, xt: Tensor, h0: Tensor | None, c0: Tensor | None):
    """Run the layer step by step; returns (hs, cs, output (T, B, H), h_T, c_T)."""
    from mibun.nn import functional as NF
    from mibun.nn.recurrent import GRU, LSTM, RNN

    w_ih, w_hh, b_ih, b_hh = layer.layer_params(0)
    T, B = xt.shape[0], xt.shape[1]
    H = layer.hidden_size
    zeros = Tensor(np.zeros((B, H), dtype=w_ih.dtype))
    h = zeros if h0 is None else h0
    c = zeros if c0 is None else c0
    hs, cs = [], []
    for s in range(T):
        x = xt[s]
        if isinstance(layer, LSTM):
            a = NF.linear(x, w_ih, b_ih) + NF.linear(h, w_hh, b_hh)
            i, f, g, o = F.split(a, 4, axis=1)
            c = F.sigmoid(f) * c + F.sigmoid(i) * F.tanh(g)
            h = F.sigmoid(o) * F.tanh(c)
            cs.append(c)
        elif isinstance(layer, GRU):
            xi_r, xi_z, xi_n = F.split(NF.linear(x, w_ih, b_ih), 3, axis=1)
            hh_r, hh_z, hh_n = F.split(NF.linear(h, w_hh, b_hh), 3, axis=1)
            r = F.sigmoid(xi_r + hh_r)
            z = F.sigmoid(xi_z + hh_z)
            n = F.tanh(xi_n + r * hh_n)
            h = (1.0 - z) * n + z * h
        elif isinstance(layer, RNN):
            a = NF.linear(x, w_ih, b_ih) + NF.linear(h, w_hh, b_hh)
            h = F.tanh(a) if layer.nonlinearity == "tanh" else F.relu(a)
        hs.append(h)
    return hs, cs, F.stack(hs, axis=0), h, (c if cs else None)


def hidden_gradients(layer: Any, x: Any, loss_fn: Any, hx: Any = None, lang: str | None = None,
                     rtol: float | None = None) -> HiddenGradients:
    """‖∂L/∂hₜ‖ for t = 1 … T of a one-layer, one-direction ``nn.RNN``, ``nn.LSTM`` or ``nn.GRU``.

    ``loss_fn`` receives what the layer returns — ``(output, h_n)`` or ``(output, (h_n, c_n))``, with the
    layer's shapes (``batch_first`` respected) — and returns a scalar Tensor, e.g.
    ``lambda out: cross_entropy(head(out[0][-1]), y)``. ``hx``: the initial state, as for the layer.
    The unrolled loss is compared with the fused layer's; a mismatch beyond ``rtol`` (default 1e-4 for
    float32, 1e-9 for float64) raises a GraphError. No ``.grad`` is written.
    """
    from mibun.autodiff.backward import backprop
    from mibun.nn.recurrent import GRU, LSTM, RNN

    if not isinstance(layer, (RNN, LSTM, GRU)):
        raise InputError("diagnose.err.not_recurrent", lang=lang, kind=type(layer).__name__)
    if layer.num_layers != 1 or layer.bidirectional:
        raise InputError("diagnose.err.recurrent_layers", lang=lang, kind=type(layer).__name__,
                           layers=layer.num_layers, bi=layer.bidirectional)
    if not callable(loss_fn):
        raise InputError("diagnose.err.loss_fn", lang=lang, kind=type(loss_fn).__name__)
    was = layer.training
    layer.eval()
    try:
        fused = loss_fn(layer(x) if hx is None else layer(x, hx))
        xt, unbatched = layer.prepare_input(x)
        batch = xt.shape[1]
        h0 = c0 = None
        if hx is not None:
            if isinstance(layer, LSTM):
                h0s = layer.initial_state(hx[0], batch, unbatched, "h0")
                c0s = layer.initial_state(hx[1], batch, unbatched, "c0")
                h0, c0 = h0s[0], c0s[0]
            else:
                h0 = layer.initial_state(hx, batch, unbatched, "h0")[0]
        hs, cs, out, h_n, c_n = _unroll(layer, xt, h0, c0)
        out = layer.finish_output(out, unbatched)
        h_n = layer.finish_state(F.stack([h_n], axis=0), unbatched)
        res = (out, (h_n, layer.finish_state(F.stack([c_n], axis=0), unbatched))) if isinstance(layer, LSTM) \
            else (out, h_n)
        loss = loss_fn(res)
    finally:
        layer.train(was)
    for v in (loss, fused):
        if not isinstance(v, Tensor) or v.data.size != 1:
            raise InputError("diagnose.err.loss_scalar", lang=lang,
                               got=f"shape {v.shape}" if isinstance(v, Tensor) else type(v).__name__)
    lv, fv = float(loss.item()), float(fused.item())
    tol = rtol if rtol is not None else (1e-9 if layer.weight_ih_l0.dtype == np.float64 else 1e-4)
    if not abs(lv - fv) <= tol * max(1.0, abs(fv)):
        raise GraphError("diagnose.err.unroll_mismatch", lang=lang, unrolled=lv, fused=fv)
    if not loss.requires_grad:
        raise InputError("diagnose.err.no_graph", lang=lang)
    gs = backprop(loss, targets=hs + cs)
    T = len(hs)

    def norms(part):
        return np.array([0.0 if g is None else float(np.linalg.norm(np.asarray(g, dtype=np.float64))) for g in part])

    return HiddenGradients(type(layer).__name__, norms(gs[:T]), lv, fv, lang, norms(gs[T:]) if cs else None)


__all__ = ["hidden_gradients", "HiddenGradients"]
