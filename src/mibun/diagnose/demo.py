"""The worked demonstration of vanishing gradients (``mibun vanish``).

Part 1 — depth. Three networks of ``depth`` linear layers on one batch of the 8×8 digits:

* a sigmoid MLP with the default initialisation;
* a ReLU MLP with He (Kaiming) initialisation, N(0, 2/fan_in), biases 0;
* a residual ReLU network: blocks x + W₂ relu(W₁ x) (default initialisation).

For each layer l the measured relative gradient r_l / r_out (r = ‖∇W‖/‖W‖, see ``gradient_flow``) is set
beside the theory for the sigmoid network: between layer l and the output there are n = depth − l
sigmoids, each with σ′ ≤ 0.25, so the activation factors multiply to at most 0.25ⁿ; the actual product
of the mean σ′ of those layers is shown too (the weights multiply in as well, which is why the measured
ratio is smaller still).

Part 2 — time. A long-range task (the class is the sign of the first token of a length-T sequence, the
rest is noise; the loss reads only h_T): ‖∂L/∂hₜ‖ for a tanh RNN, for an LSTM with the forget-gate bias
b_f = 1 (the usual setting, Gers et al. 2000; Jozefowicz et al. 2015) and, for honesty, for an LSTM with
b_f = 0: at initialisation the forget gate is then σ(0) = ½ and the LSTM's cell path decays like ½ per
step too. Theory per step back: tanh RNN ‖∂hₜ/∂h_{t−1}‖ ≤ ‖W_hh‖₂ · max tanh′; LSTM cell path
∂cₜ/∂c_{t−1} = diag(fₜ), so the mean forget gate f̄ is the per-step factor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mibun.diagnose._fmt import num
from mibun.diagnose.flow import VANISH, GradientFlow, gradient_flow
from mibun.diagnose.recurrent import HiddenGradients, hidden_gradients
from mibun.errors import InputError
from mibun.i18n import resolve_lang, t
from mibun.nn import Module
from mibun.report import OMIT, Para, Record, Report, Table, TableBlock, words
from mibun.report.document import Block

NETWORKS = ("sigmoid", "relu_he", "residual")
RECURRENT = ("rnn", "lstm", "lstm_f0")


def _nn():
    from mibun import nn

    return nn


class Residual(Module):
    """x + W₂ relu(W₁ x) (``layers=2``) or x + relu(W₁ x) (``layers=1``)."""

    def __init__(self, width: int, layers: int = 2, dtype: Any = None) -> None:
        nn = _nn()
        super().__init__()
        self.l1 = nn.Linear(width, width, dtype=dtype)
        if layers == 2:
            self.l2 = nn.Linear(width, width, dtype=dtype)

    def forward(self, x: Any) -> Any:
        from mibun.autodiff import functions as F

        y = F.relu(self.l1(x))
        if "l2" in self._modules:
            y = self.l2(y)
        return x + y


def sigmoid_mlp(depth: int = 20, width: int = 32, inputs: int = 64, classes: int = 10, dtype: Any = np.float64):
    """``depth`` Linear layers with a sigmoid after each but the last; default initialisation."""
    nn = _nn()
    layers, d = [], inputs
    for _ in range(depth - 1):
        layers += [nn.Linear(d, width, dtype=dtype), nn.Sigmoid()]
        d = width
    return nn.Sequential(*layers, nn.Linear(d, classes, dtype=dtype))


def relu_he_mlp(depth: int = 20, width: int = 32, inputs: int = 64, classes: int = 10, dtype: Any = np.float64):
    """``depth`` Linear layers with ReLU, He initialisation N(0, 2/fan_in) and zero biases."""
    nn = _nn()
    layers, d = [], inputs
    for _ in range(depth - 1):
        lin = nn.Linear(d, width, dtype=dtype)
        nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
        nn.init.zeros_(lin.bias)
        layers += [lin, nn.ReLU()]
        d = width
    out = nn.Linear(d, classes, dtype=dtype)
    return nn.Sequential(*layers, out)


def residual_net(depth: int = 20, width: int = 32, inputs: int = 64, classes: int = 10, dtype: Any = np.float64):
    """Linear(inputs, width), then residual blocks holding depth − 2 linear layers (two per block), then
    Linear(width, classes): ``depth`` linear layers in all."""
    nn = _nn()
    mods = [nn.Linear(inputs, width, dtype=dtype)]
    inner = depth - 2
    while inner > 0:
        k = 2 if inner >= 2 else 1
        mods.append(Residual(width, k, dtype=dtype))
        inner -= k
    mods.append(nn.Linear(width, classes, dtype=dtype))
    return nn.Sequential(*mods)


def _mean_sigmoid_slopes(model: Any, x: np.ndarray) -> list[float]:
    """mean σ′ = mean s(1 − s) of each sigmoid layer, in forward order."""
    from mibun.autodiff.grad_mode import no_grad

    nn = _nn()
    out = []
    h = x
    with no_grad():
        for m in model.children():
            h = m(h)
            if isinstance(m, nn.Sigmoid):
                s = np.asarray(h.data, dtype=np.float64)
                out.append(float(np.mean(s * (1 - s))))
    return out


def long_range_task(steps: int = 30, batch: int = 32, features: int = 4, seed: int = 0):
    """(x of shape (T, B, features), y): y is the class of the first token (sign of its first feature,
    ±3); every other entry is N(0, 1) noise."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(steps, batch, features))
    y = rng.integers(0, 2, size=batch)
    x[0, :, 0] = np.where(y == 1, 3.0, -3.0)
    return x, y


def _table(headers: list[str], rows: list[list[str]]) -> Table:
    table = Table(headers, rows)
    table.first_left = True
    return table


@dataclass(eq=False)
class VanishingDemo(Report):
    """The demonstration's numbers; ``text()``, ``to_dict()``, ``plot()``."""

    depth: int
    flows: dict[str, GradientFlow]
    bound: np.ndarray            # 0.25ⁿ per layer
    sigmoid_product: np.ndarray  # ∏ mean σ′ per layer
    n_sigmoids: np.ndarray
    hidden: dict[str, HiddenGradients] = field(default_factory=dict)
    recurrent_theory: dict[str, dict[str, float]] = field(default_factory=dict)
    steps: int = 0
    lang: str | None = None

    def relative(self, name: str) -> np.ndarray:
        """r_l / r_out per linear layer (first layer first)."""
        return np.array([np.nan if lay.relative is None else lay.relative for lay in self.flows[name].layers])

    def net_verdict(self, name: str, lang: str | None = None) -> str:
        lang = resolve_lang(lang or self.lang)
        flow = self.flows[name]
        label = t(f"diagnose.net.{name}", lang)
        key = "vanishing" if flow.vanishing else ("exploding" if flow.exploding else "healthy")
        return t(f"diagnose.demo.net_{key}", lang, net=label, ratio=num(flow.first_to_last),
                 n=len(flow.vanishing) or len(flow.exploding), L=len(flow.layers))

    # -- the JSON (mibun.report's one path): the depth, the theory, one record per network and, when the
    # recurrent part ran, per recurrent network, the steps and the comparison; every verdict is the method the
    # text shows, in the requested language
    _dict_fields = ("depth", "networks", "recurrent", "steps")

    @property
    def networks(self) -> dict[str, _Network]:
        return {k: _Network(self, k) for k in NETWORKS}

    @property
    def recurrent(self) -> dict[str, _Recurrent]:
        return {k: _Recurrent(self, k) for k in self.hidden}

    def _dict_value(self, name: str, value: Any) -> Any:
        return OMIT if name in ("recurrent", "steps") and not self.hidden else value

    def _dict_extra(self) -> dict[str, Any]:
        return {"theory": {"n_sigmoids": self.n_sigmoids, "bound_0_25_pow_n": self.bound,
                           "mean_sigmoid_slope_product": self.sigmoid_product}}

    @words("lstm_vs_rnn")
    def _lstm_vs_rnn_words(self, lang: str | None = None) -> str:
        return self.lstm_vs_rnn(lang) if self.hidden else OMIT

    def rnn_verdict(self, name: str, lang: str | None = None) -> str:
        lang = resolve_lang(lang or self.lang)
        h = self.hidden[name]
        key = "vanishing" if h.first_to_last < VANISH else "kept"
        return t(f"diagnose.demo.rnn_{key}", lang, net=t(f"diagnose.net.{name}", lang), T=h.steps,
                 ratio=num(h.first_to_last), factor=num(h.per_step))

    def lstm_vs_rnn(self, lang: str | None = None) -> str:
        """How many times more of the gradient (relative to h_T) reaches t = 1 in each LSTM than in the RNN."""
        lang = resolve_lang(lang or self.lang)
        r = self.hidden["rnn"].first_to_last
        return t("diagnose.demo.lstm_vs_rnn", lang, x=num(self.hidden["lstm"].first_to_last / r),
                 y=num(self.hidden["lstm_f0"].first_to_last / r))

    def layer_headers(self, lang: str) -> list[str]:
        return [t("diagnose.col.layer_no", lang), "n", "0.25ⁿ", t("diagnose.col.sigma_product", lang)] + \
            [t(f"diagnose.net.{k}", lang) for k in NETWORKS]

    def layer_rows(self) -> list[list[str]]:
        rel = {k: self.relative(k) for k in NETWORKS}
        return [[str(i + 1), str(int(self.n_sigmoids[i])), num(self.bound[i]), num(self.sigmoid_product[i])]
                + [num(rel[k][i]) if i < len(rel[k]) else "—" for k in NETWORKS] for i in range(self.depth)]

    def time_headers(self, lang: str) -> list[str]:
        return [t("diagnose.col.step", lang)] + [t(f"diagnose.net.{k}", lang) for k in self.hidden]

    def time_rows(self, every: int | None = None) -> list[list[str]]:
        if not self.hidden:
            return []
        T = self.steps
        step = every or max(1, T // 10)
        idx = sorted(set(range(0, T, step)) | {T - 1})
        return [[str(i + 1)] + [num(h.norms[i] / h.norms[-1]) for h in self.hidden.values()] for i in idx]

    def blocks(self, lang: str) -> list[Block]:
        """Depth: r_l / r_out per layer against 0.25ⁿ and ∏σ′, a verdict per network; time (when the
        recurrent part ran): ‖∂L/∂hₜ‖ relative to h_T, the per-step factors the theory predicts, verdicts."""
        b: list[Block] = [Para(t("diagnose.demo.title_depth", lang, depth=self.depth)),
                          Para(t("diagnose.demo.explain_depth", lang)),
                          TableBlock(_table(self.layer_headers(lang), self.layer_rows()))]
        b += [Para(self.net_verdict(k, lang)) for k in NETWORKS]
        if self.hidden:
            b += [Para(""), Para(t("diagnose.demo.title_time", lang, T=self.steps)),
                  Para(t("diagnose.demo.explain_time", lang)),
                  TableBlock(_table(self.time_headers(lang), self.time_rows()))]
            th = self.recurrent_theory
            b.append(Para(t("diagnose.demo.theory_rnn", lang, norm=num(th["rnn"]["w_hh_norm"]),
                            slope=num(th["rnn"]["mean_tanh_slope"]), factor=num(self.hidden["rnn"].per_step))))
            b += [Para(t("diagnose.demo.theory_lstm", lang, net=t(f"diagnose.net.{k}", lang),
                         f=num(th[k]["mean_forget"]), factor=num(self.hidden[k].per_step)))
                  for k in ("lstm", "lstm_f0")]
            b += [Para(self.rnn_verdict(k, lang)) for k in self.hidden]
            b.append(Para(self.lstm_vs_rnn(lang)))
        return b

    def plot(self, lang: str | None = None, figsize: Any = None):
        """Left: r_l / r_out per layer for the three networks with 0.25ⁿ and ∏σ′; right: ‖∂L/∂hₜ‖ over t."""
        from mibun.diagnose.plots import plot_demo

        return plot_demo(self, lang=lang or self.lang, figsize=figsize)


@dataclass(eq=False)
class _Network(Record):
    """One network of the demonstration in its JSON: r_l / r_out per layer, first to last, the flagged
    layers, the verdict (``VanishingDemo.net_verdict``) and its ``GradientFlow``."""

    demo: VanishingDemo
    key: str

    _dict_fields = ("relative", "first_to_last", "vanishing", "exploding", "flow")
    relative = property(lambda self: self.demo.relative(self.key))
    flow = property(lambda self: self.demo.flows[self.key])
    first_to_last = property(lambda self: self.flow.first_to_last)
    vanishing = property(lambda self: self.flow.vanishing)
    exploding = property(lambda self: self.flow.exploding)

    @words()
    def verdict(self, lang: str | None = None) -> str:
        return self.demo.net_verdict(self.key, lang)


@dataclass(eq=False)
class _Recurrent(Record):
    """One recurrent network in the JSON: its ``HiddenGradients``' fields, the per-step theory and the verdict
    (``VanishingDemo.rnn_verdict``)."""

    demo: VanishingDemo
    key: str

    _dict_fields = ("theory",)
    theory = property(lambda self: self.demo.recurrent_theory.get(self.key, {}))

    def _dict_extra(self) -> dict[str, Any]:
        return self.demo.hidden[self.key].to_dict()

    @words()
    def verdict(self, lang: str | None = None) -> str:
        return self.demo.rnn_verdict(self.key, lang)


def _recurrent_theory(layer: Any, x: np.ndarray) -> dict[str, float]:
    """Per-step factors from a NumPy forward pass: ‖W_hh‖₂ and mean tanh′ (RNN), mean forget gate (LSTM)."""
    from mibun.nn.recurrent import LSTM

    w_ih, w_hh, b_ih, b_hh = (np.asarray(p.data, dtype=np.float64) for p in layer.layer_params(0))
    H = layer.hidden_size
    h = np.zeros((x.shape[1], H))
    c = np.zeros_like(h)
    slopes, forgets = [], []
    for s in range(x.shape[0]):
        a = x[s] @ w_ih.T + b_ih + h @ w_hh.T + b_hh
        if isinstance(layer, LSTM):
            sig = 1 / (1 + np.exp(-a))
            i, f, g, o = sig[:, :H], sig[:, H:2 * H], np.tanh(a[:, 2 * H:3 * H]), sig[:, 3 * H:]
            c = f * c + i * g
            h = o * np.tanh(c)
            forgets.append(f.mean())
        else:
            h = np.tanh(a)
            slopes.append((1 - h * h).mean())
    if isinstance(layer, LSTM):
        return {"mean_forget": float(np.mean(forgets))}
    return {"w_hh_norm": float(np.linalg.norm(w_hh, 2)), "mean_tanh_slope": float(np.mean(slopes))}


def recurrent_demo(steps: int = 30, hidden: int = 32, batch: int = 32, seed: int = 0, lang: str | None = None
                   ) -> tuple[dict[str, HiddenGradients], dict[str, dict[str, float]]]:
    """‖∂L/∂hₜ‖ of a tanh RNN, an LSTM with forget-gate bias 1 and one with bias 0, on the long-range task."""
    nn = _nn()
    from mibun.nn import functional as NF

    if int(steps) < 2:
        raise InputError("diagnose.err.steps", lang=lang, steps=steps)
    x, y = long_range_task(int(steps), batch, 4, seed)
    res, theory = {}, {}
    for k in RECURRENT:
        nn.init.manual_seed(seed)
        layer = nn.RNN(4, hidden, dtype=np.float64) if k == "rnn" else nn.LSTM(4, hidden, dtype=np.float64)
        if k == "lstm":
            b = layer.bias_ih_l0.data.copy()
            b[hidden:2 * hidden] = 1.0
            layer.bias_ih_l0.data = b
            bh = layer.bias_hh_l0.data.copy()
            bh[hidden:2 * hidden] = 0.0
            layer.bias_hh_l0.data = bh
        head = nn.Linear(hidden, 2, dtype=np.float64)
        res[k] = hidden_gradients(layer, x, lambda out, head=head: NF.cross_entropy(head(out[0][-1]), y), lang=lang)
        theory[k] = _recurrent_theory(layer, x)
    return res, theory


def vanishing_demo(depth: int = 20, width: int = 32, batch: int = 64, seed: int = 0, rnn: bool = True,
                   steps: int = 30, lang: str | None = None) -> VanishingDemo:
    """Measure the three ``depth``-layer networks (and, with ``rnn``, the recurrent part over ``steps``
    time steps) on fixed data; deterministic for a given ``seed``. Runs in well under a second."""
    nn = _nn()
    from mibun.data import load_digits
    from mibun.nn import functional as NF

    depth = int(depth)
    if depth < 3 or depth > 200:
        raise InputError("diagnose.err.depth", lang=lang, depth=depth)
    (xt, yt), _ = load_digits(seed=seed, dtype=np.float64)
    x, y = xt[:batch], yt[:batch]
    flows = {}
    models = {}
    for k, make in (("sigmoid", sigmoid_mlp), ("relu_he", relu_he_mlp), ("residual", residual_net)):
        nn.init.manual_seed(seed)
        models[k] = make(depth, width)
        flows[k] = gradient_flow(models[k], (x, y), NF.cross_entropy, lang)
    slopes = _mean_sigmoid_slopes(models["sigmoid"], x)
    n = np.array([depth - (i + 1) for i in range(depth)])
    bound = 0.25 ** n.astype(float)
    prod = np.array([float(np.prod(slopes[i:])) for i in range(depth)])
    demo = VanishingDemo(depth, flows, bound, prod, n, lang=lang)
    if rnn:
        demo.hidden, demo.recurrent_theory = recurrent_demo(steps, width, 32, seed, lang)
        demo.steps = int(steps)
    return demo


__all__ = ["vanishing_demo", "recurrent_demo", "VanishingDemo", "sigmoid_mlp", "relu_he_mlp", "residual_net",
           "Residual", "long_range_task", "NETWORKS", "RECURRENT"]
