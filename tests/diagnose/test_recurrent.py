"""hidden_gradients: ‖∂L/∂hₜ‖ against finite differences of an independent NumPy implementation, the
unrolled loss against the fused layer's, and bad input."""

import numpy as np
import pytest

import mibun as mb
from mibun.diagnose import hidden_gradients
from mibun.errors import InputError

from .helpers import HANGUL, png_ok

nn = mb.nn
T, B, N_IN, H = 5, 2, 3, 4


def _np_loss(kind, params, x, V, inject_t, delta):
    """The same network in NumPy, with ``delta`` added to h at step ``inject_t`` (0-based)."""
    w_ih, w_hh, b_ih, b_hh = params
    h = np.zeros((x.shape[1], H))
    c = np.zeros_like(h)
    for s in range(x.shape[0]):
        a = x[s] @ w_ih.T + b_ih + h @ w_hh.T + b_hh
        if kind == "lstm":
            sg = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
            i, f, g, o = sg(a[:, :H]), sg(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), sg(a[:, 3 * H:])
            c = f * c + i * g
            h = o * np.tanh(c)
        elif kind == "gru":
            xr, xz, xn = np.split(x[s] @ w_ih.T + b_ih, 3, axis=1)
            hr, hz, hn = np.split(h @ w_hh.T + b_hh, 3, axis=1)
            r, z = 1 / (1 + np.exp(-(xr + hr))), 1 / (1 + np.exp(-(xz + hz)))
            n = np.tanh(xn + r * hn)
            h = (1 - z) * n + z * h
        else:
            h = np.tanh(a)
        if s == inject_t:
            h = h + delta
    return float(np.sum((h @ V) ** 2))


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_hidden_gradients_match_finite_differences(kind):
    nn.init.manual_seed(3)
    layer = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind](N_IN, H, dtype=np.float64)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(T, B, N_IN))
    V = rng.normal(size=(H, 2))
    res = hidden_gradients(layer, x, lambda out: ((out[0][-1] @ mb.tensor(V)) ** 2).sum())
    params = [p.data for p in layer._layer_params(0)]
    eps = 1e-6
    for s in range(T):
        g = np.zeros((B, H))
        for idx in np.ndindex(B, H):
            d = np.zeros((B, H))
            d[idx] = eps
            g[idx] = (_np_loss(kind, params, x, V, s, d) - _np_loss(kind, params, x, V, s, -d)) / (2 * eps)
        assert res.norms[s] == pytest.approx(np.linalg.norm(g), rel=1e-6, abs=1e-9), s
    assert res.loss == pytest.approx(_np_loss(kind, params, x, V, -1, 0.0), rel=1e-12)
    assert res.loss == pytest.approx(res.fused_loss, rel=1e-12)
    assert (res.cell_norms is not None) == (kind == "lstm")
    assert all(p.grad is None for p in layer.parameters())


def test_batch_first_and_initial_state_give_the_same_numbers():
    nn.init.manual_seed(0)
    a = nn.LSTM(N_IN, H, dtype=np.float64)
    b = nn.LSTM(N_IN, H, batch_first=True, dtype=np.float64)
    b.load_state_dict(a.state_dict())
    rng = np.random.default_rng(1)
    x = rng.normal(size=(T, B, N_IN))
    h0, c0 = rng.normal(size=(1, B, H)), rng.normal(size=(1, B, H))
    ra = hidden_gradients(a, x, lambda out: out[1][0].sum() + out[0].sum(), hx=(h0, c0))
    rb = hidden_gradients(b, np.transpose(x, (1, 0, 2)), lambda out: out[1][0].sum() + out[0].sum(), hx=(h0, c0))
    np.testing.assert_allclose(ra.norms, rb.norms, rtol=1e-12)
    r0 = hidden_gradients(a, x, lambda out: out[1][0].sum() + out[0].sum())
    assert not np.allclose(ra.norms, r0.norms)


def test_report_text_and_plot(tmp_path):
    nn.init.manual_seed(0)
    layer = nn.RNN(N_IN, H, dtype=np.float64)
    x = np.random.default_rng(0).normal(size=(12, B, N_IN))
    res = hidden_gradients(layer, x, lambda out: out[0][-1].sum(), lang="ko")
    assert res.steps == 12 and res.first_to_last < 1
    assert 0 < res.per_step < 1
    assert HANGUL.search(res.text()) and not HANGUL.search(res.text("en"))
    assert len(res.to_dict()["norms"]) == 12
    png_ok(res.plot(), tmp_path / "h.png")


def test_bad_input():
    with pytest.raises(InputError, match="nn.RNN, nn.LSTM or nn.GRU"):
        hidden_gradients(nn.Linear(3, 3), np.zeros((2, 1, 3)), lambda out: out.sum())
    with pytest.raises(InputError, match="one layer in one direction"):
        hidden_gradients(nn.RNN(3, 3, num_layers=2), np.zeros((2, 1, 3)), lambda out: out[0].sum())
    with pytest.raises(InputError, match="scalar"):
        hidden_gradients(nn.RNN(3, 3), np.zeros((2, 1, 3)), lambda out: out[0])


def test_unrolled_loss_is_checked_against_the_fused_layer():
    from mibun.errors import GraphError

    calls = []

    def drifting(out):  # a different loss on the second (unrolled) call: the check must catch it
        calls.append(1)
        return out[0].sum() * len(calls)

    with pytest.raises(GraphError, match="differs from the fused"):
        hidden_gradients(nn.RNN(3, 3, dtype=np.float64), np.ones((2, 1, 3)), drifting)
