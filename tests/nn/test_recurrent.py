"""RNN / LSTM / GRU against a direct NumPy implementation of the published equations (PyTorch's
documentation), forward values and gradients (central differences of the NumPy reference)."""

import numpy as np
import pytest

import mibun as mb
from mibun.errors import ShapeError

nn = mb.nn
RNG = np.random.default_rng(2)


def sig(x):
    return 1 / (1 + np.exp(-x))


def ref_forward(kind, params, x, h0, c0=None, num_layers=1, nonlinearity="tanh"):
    """x (T, B, I); params dict of arrays with PyTorch names. Returns output, h_n(, c_n)."""
    inp = x
    hn, cn = [], []
    for layer in range(num_layers):
        wi, wh = params[f"weight_ih_l{layer}"], params[f"weight_hh_l{layer}"]
        bi, bh = params.get(f"bias_ih_l{layer}", 0.0), params.get(f"bias_hh_l{layer}", 0.0)
        h = h0[layer]
        c = None if c0 is None else c0[layer]
        outs = []
        for t in range(inp.shape[0]):
            xt = inp[t]
            if kind == "RNN":
                a = xt @ wi.T + bi + h @ wh.T + bh
                h = np.tanh(a) if nonlinearity == "tanh" else np.maximum(a, 0)
            elif kind == "LSTM":
                gates = xt @ wi.T + bi + h @ wh.T + bh
                i, f, g, o = np.split(gates, 4, axis=1)
                i, f, g, o = sig(i), sig(f), np.tanh(g), sig(o)
                c = f * c + i * g
                h = o * np.tanh(c)
            else:
                gi = xt @ wi.T + bi
                gh = h @ wh.T + bh
                ir, iz, in_ = np.split(gi, 3, axis=1)
                hr, hz, hn_ = np.split(gh, 3, axis=1)
                r, z = sig(ir + hr), sig(iz + hz)
                n = np.tanh(in_ + r * hn_)
                h = (1 - z) * n + z * h
            outs.append(h)
        inp = np.stack(outs)
        hn.append(h)
        cn.append(c)
    return inp, np.stack(hn), (np.stack(cn) if c0 is not None else None)


def make(kind, n_in, H, L, **kw):
    cls = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}[kind]
    return cls(n_in, H, num_layers=L, dtype=np.float64, **kw)


def run(m, kind, x, h0, c0):
    if kind == "LSTM":
        out, (h, c) = m(x, (h0, c0))
        return out, h, c
    out, h = m(x, h0)
    return out, h, None


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("layers", [1, 2])
def test_forward_and_gradients_match_numpy_reference(kind, layers):
    T, B, N_IN, H = 5, 3, 4, 3
    m = make(kind, N_IN, H, layers)
    params = {k: v for k, v in m.state_dict().items()}
    x = RNG.standard_normal((T, B, N_IN))
    h0 = RNG.standard_normal((layers, B, H)) * 0.5
    c0 = RNG.standard_normal((layers, B, H)) * 0.5 if kind == "LSTM" else None
    out, h, c = run(m, kind, x, h0, c0)
    r_out, r_h, r_c = ref_forward(kind, params, x, h0, c0, layers)
    np.testing.assert_allclose(out.data, r_out, atol=1e-12)
    np.testing.assert_allclose(h.data, r_h, atol=1e-12)
    if kind == "LSTM":
        np.testing.assert_allclose(c.data, r_c, atol=1e-12)
    # a scalar loss of every output; gradients vs central differences of the NumPy reference
    G_out, G_h = RNG.standard_normal(r_out.shape), RNG.standard_normal(r_h.shape)
    G_c = RNG.standard_normal(r_h.shape)

    def ref_loss(p):
        o, hh, cc = ref_forward(kind, p, x, h0, c0, layers)
        return (o * G_out).sum() + (hh * G_h).sum() + ((cc * G_c).sum() if cc is not None else 0.0)

    loss = (out * G_out).sum() + (h * G_h).sum() + ((c * G_c).sum() if c is not None else 0.0)
    loss.backward()
    eps = 1e-6
    for name, p in m.named_parameters():
        num = np.zeros_like(p.data)
        for j in range(p.data.size):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name].flat[j] += eps
            minus[name].flat[j] -= eps
            num.flat[j] = (ref_loss(plus) - ref_loss(minus)) / (2 * eps)
        np.testing.assert_allclose(p.grad.data, num, atol=1e-6, rtol=1e-5, err_msg=f"{kind} {name}")


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_pytorch_names_shapes_init_and_batch_first(kind):
    gates = {"RNN": 1, "LSTM": 4, "GRU": 3}[kind]
    m = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}[kind](6, 8, num_layers=2, batch_first=True)
    shapes = {k: v.shape for k, v in m.state_dict().items()}
    assert shapes == {"weight_ih_l0": (gates * 8, 6), "weight_hh_l0": (gates * 8, 8), "bias_ih_l0": (gates * 8,),
                      "bias_hh_l0": (gates * 8,), "weight_ih_l1": (gates * 8, 8), "weight_hh_l1": (gates * 8, 8),
                      "bias_ih_l1": (gates * 8,), "bias_hh_l1": (gates * 8,)}
    assert all(np.abs(p.data).max() <= 1 / np.sqrt(8) for p in m.parameters())
    assert m.weight_ih_l0.dtype == np.float32
    x = RNG.standard_normal((3, 7, 6)).astype(np.float32)          # (batch, seq, feature)
    res = m(x)
    out = res[0]
    hn = res[1][0] if kind == "LSTM" else res[1]
    assert out.shape == (3, 7, 8) and hn.shape == (2, 3, 8)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.data[:, -1], hn.data[-1], rtol=1e-6)
    # unbatched input (seq, feature)
    res1 = m.__class__(6, 8)(x[0])
    assert res1[0].shape == (7, 8)
    with pytest.raises(ShapeError):
        m(np.zeros((3, 7, 5)))


def test_rnn_relu_and_long_sequence_without_recursion_limit():
    m = nn.RNN(2, 3, nonlinearity="relu", dtype=np.float64)
    x = RNG.standard_normal((6, 1, 2))
    out, h = m(x)
    r, _, _ = ref_forward("RNN", m.state_dict(), x, np.zeros((1, 1, 3)), None, 1, "relu")
    np.testing.assert_allclose(out.data, r, atol=1e-12)
    lstm = nn.LSTM(2, 4)
    long_x = RNG.standard_normal((3000, 1, 2)).astype(np.float32)
    out, (h, c) = lstm(long_x)
    out.sum().backward()
    assert np.isfinite(lstm.weight_hh_l0.grad.data).all()
    gru = nn.GRU(2, 2)
    o, _ = gru(long_x[:1500])
    o.sum().backward()


def test_initial_state_gradients_and_gradcheck():
    m = nn.LSTM(3, 2, dtype=np.float64)
    x = RNG.standard_normal((4, 2, 3))
    h0 = RNG.standard_normal((1, 2, 2))
    c0 = RNG.standard_normal((1, 2, 2))
    assert mb.gradcheck(lambda x, h0, c0: m(x, (h0, c0))[0], x, h0, c0)
    g = nn.GRU(3, 2, dtype=np.float64)
    assert mb.gradcheck(lambda x, h0: g(x, h0)[0], x, h0)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_cells_match_one_step_of_the_layer(kind):
    cell = getattr(nn, kind + "Cell")(3, 4, dtype=np.float64)
    layer = getattr(nn, kind)(3, 4, dtype=np.float64)
    layer.load_state_dict({f"{k}_l0": v for k, v in cell.state_dict().items()})
    x = RNG.standard_normal((2, 3))
    h0 = RNG.standard_normal((2, 4))
    if kind == "LSTM":
        c0 = RNG.standard_normal((2, 4))
        h, c = cell(x, (h0, c0))
        _, (hn, cn) = layer(x[None], (h0[None], c0[None]))
        np.testing.assert_allclose(c.data, cn.data[0], atol=1e-12)
        assert mb.gradcheck(lambda x, h0, c0: cell(x, (h0, c0))[1], x, h0, c0)
    else:
        h = cell(x, h0)
        _, hn = layer(x[None], h0[None])
        assert mb.gradcheck(lambda x, h0: cell(x, h0), x, h0)
    np.testing.assert_allclose(h.data, hn.data[0], atol=1e-12)
    one = cell(x[0])                                             # unbatched input
    assert (one[0] if kind == "LSTM" else one).shape == (4,)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_bidirectional_matches_numpy_reference(kind):
    T, B, N_IN, H = 4, 2, 3, 3
    m = make(kind, N_IN, H, 1, bidirectional=True)
    sd = m.state_dict()
    assert list(sd)[4:] == ["weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse",
                            "bias_hh_l0_reverse"]
    fwd = {k: v for k, v in sd.items() if not k.endswith("_reverse")}
    bwd = {k[: -len("_reverse")]: v for k, v in sd.items() if k.endswith("_reverse")}
    x = RNG.standard_normal((T, B, N_IN))
    h0 = RNG.standard_normal((2, B, H))
    c0 = RNG.standard_normal((2, B, H)) if kind == "LSTM" else None
    out, h, c = run(m, kind, x, h0, c0)
    of, hf, cf = ref_forward(kind, fwd, x, h0[:1], None if c0 is None else c0[:1])
    ob, hb, cb = ref_forward(kind, bwd, x[::-1], h0[1:], None if c0 is None else c0[1:])
    np.testing.assert_allclose(out.data, np.concatenate([of, ob[::-1]], axis=2), atol=1e-12)
    np.testing.assert_allclose(h.data, np.concatenate([hf, hb]), atol=1e-12)
    if kind == "LSTM":
        np.testing.assert_allclose(c.data, np.concatenate([cf, cb]), atol=1e-12)
    assert mb.gradcheck(lambda x: run(m, kind, x, h0, c0)[0], x)
    m2 = make(kind, N_IN, H, 2, bidirectional=True, batch_first=True)
    assert m2.weight_ih_l1.shape[1] == 2 * H
    o2 = m2(RNG.standard_normal((B, T, N_IN)))
    assert o2[0].shape == (B, T, 2 * H)


@pytest.mark.parametrize("shape,bias", [((1, 1, 1, 2), True), ((2, 1, 3, 1), False), ((7, 3, 2, 5), False)])
def test_lstm_edge_shapes_and_no_bias_match_the_reference(shape, bias):
    """The fused LSTM on one step, a batch of one, one feature, a hidden size of one and without biases:
    values against the equations, every gradient (input, states, weights) against central differences."""
    T, B, N_IN, H = shape
    m = nn.LSTM(N_IN, H, bias=bias, dtype=np.float64)
    params = {k: v.copy() for k, v in m.state_dict().items()}
    x, h0, c0 = RNG.standard_normal((T, B, N_IN)), RNG.standard_normal((1, B, H)), RNG.standard_normal((1, B, H))
    G = [RNG.standard_normal(s) for s in ((T, B, H), (1, B, H), (1, B, H))]

    def ref_loss(p, x, h0, c0):
        o, hh, cc = ref_forward("LSTM", p, x, h0, c0)
        return (o * G[0]).sum() + (hh * G[1]).sum() + (cc * G[2]).sum()

    xt, ht, ct = (mb.tensor(a, requires_grad=True) for a in (x, h0, c0))
    out, (h, c) = m(xt, (ht, ct))
    r_out, r_h, r_c = ref_forward("LSTM", params, x, h0, c0)
    np.testing.assert_allclose(out.data, r_out, atol=1e-12)
    np.testing.assert_allclose(c.data, r_c, atol=1e-12)
    ((out * G[0]).sum() + (h * G[1]).sum() + (c * G[2]).sum()).backward()
    eps = 1e-6
    arrays = {**params, "x": x, "h0": h0, "c0": c0}
    grads = {**{k: p.grad.data for k, p in m.named_parameters()}, "x": xt.grad, "h0": ht.grad, "c0": ct.grad}
    for name, a in arrays.items():
        num = np.zeros_like(a)
        for j in range(a.size):
            moved = []
            for step in (eps, -eps):
                b = {k: v.copy() for k, v in arrays.items()}
                b[name].flat[j] += step
                moved.append(ref_loss({k: b[k] for k in params}, b["x"], b["h0"], b["c0"]))
            num.flat[j] = (moved[0] - moved[1]) / (2 * eps)
        np.testing.assert_allclose(grads[name], num, atol=1e-6, rtol=1e-5, err_msg=name)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("batch_first", [False, True])
def test_an_empty_sequence_is_refused_in_the_users_language(kind, batch_first):
    m = getattr(nn, kind)(3, 2, batch_first=batch_first)
    x = np.zeros((2, 0, 3) if batch_first else (0, 2, 3), np.float32)
    with pytest.raises(ShapeError) as err:
        m(x)
    assert err.value.key == "nn.err.rnn_empty_sequence"
    assert f"{kind} was given a sequence of length 0 (input shape {x.shape})" in err.value.message("en")
    assert f"{kind}에 길이 0인 시퀀스가 들어왔습니다" in err.value.message("ko")


def test_lstm_work_arrays_are_reused_small_and_released_large(monkeypatch):
    """The fused LSTM keeps its work arrays between calls (no fresh pages every step) but not large ones."""
    from mibun.nn.ops import lstm as L

    m = nn.LSTM(3, 4)
    x = RNG.standard_normal((5, 2, 3)).astype(np.float32)
    L._lstm_clear()
    m(x)[0].sum().backward()
    kept = {k: v for k, v in L._SCRATCH.__dict__.items()}
    assert {"z", "da", "a3", "gt"} <= set(kept)
    first = m.weight_hh_l0.grad.data.copy()
    m.zero_grad()
    m(x)[0].sum().backward()
    assert all(L._SCRATCH.__dict__[k] is v for k, v in kept.items())       # the same arrays, reused
    np.testing.assert_array_equal(m.weight_hh_l0.grad.data, first)         # and garbage in them is harmless
    monkeypatch.setattr(L, "_SCRATCH_MAX_BYTES", 64)
    L._lstm_clear()
    m.zero_grad()
    m(x)[0].sum().backward()
    assert "da" not in L._SCRATCH.__dict__                                   # (4·4, 5, 2) float32 > 64 bytes
    np.testing.assert_array_equal(m.weight_hh_l0.grad.data, first)
    L._lstm_clear()
    assert not L._SCRATCH.__dict__
