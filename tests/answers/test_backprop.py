"""check_backprop on the course's MLP and RNN: the right hand-written backward pass is accepted, and each
named slip is detected on the parameter where it was made."""

import json

import numpy as np
import pytest

import mibun as mb
from mibun.errors import InputError

B, D, H, C, T = 5, 3, 4, 2, 3
rng = np.random.default_rng(0)
X = rng.normal(size=(B, D))
Y = np.eye(C)[rng.integers(0, C, B)]
MLP = {"W1": rng.normal(size=(D, H)), "b1": rng.normal(size=H), "W2": rng.normal(size=(H, C)), "b2": rng.normal(size=C)}
XS = rng.normal(size=(T, B, D))
TARGET = rng.normal(size=(B, C))
RNN = {"Wx": rng.normal(size=(D, H)) * 0.5, "Wh": rng.normal(size=(H, H)) * 0.5, "b": rng.normal(size=H) * 0.1,
       "Wy": rng.normal(size=(H, C))}


def mlp_loss(W1, b1, W2, b2):
    h = mb.tanh(X @ W1 + b1)
    return -(mb.log_softmax(h @ W2 + b2, axis=-1) * Y).sum()


def mlp_backward(W1, b1, W2, b2, slip=None):
    h = np.tanh(X @ W1 + b1)
    o = h @ W2 + b2
    p = np.exp(o - o.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    do = (Y - p) if slip == "wrong_sign" else (p - Y)
    dW2, db2 = h.T @ do, do.sum(0)
    dh = do @ W2.T
    da = dh if slip == "missing_activation" else dh * (1 - h ** 2)
    g = {"W1": X.T @ da, "b1": da.sum(0), "W2": dW2, "b2": db2}
    if slip == "transposed":
        g["W1"] = g["W1"].T
    if slip == "missing_batch_sum":
        g["b1"] = da
    if slip == "factor_batch":
        g["W2"] = dW2 / B
    return g


def rnn_loss(Wx, Wh, b, Wy):
    h = mb.zeros((B, H), dtype=np.float64)
    for t in range(T):
        h = mb.tanh(XS[t] @ Wx + h @ Wh + b)
    return 0.5 * ((h @ Wy - TARGET) ** 2).sum()


def rnn_backward(Wx, Wh, b, Wy, slip=None):
    hs = [np.zeros((B, H))]
    for t in range(T):
        hs.append(np.tanh(XS[t] @ Wx + hs[-1] @ Wh + b))
    dy = hs[-1] @ Wy - TARGET
    if slip == "wrong_sign":
        dy = -dy
    g = {"Wy": hs[-1].T @ dy, "Wx": np.zeros_like(Wx), "Wh": np.zeros_like(Wh), "b": np.zeros_like(b)}
    dh = dy @ Wy.T
    per_example_b = np.zeros((B, H))
    for t in range(T, 0, -1):
        da = dh if slip == "missing_activation" else dh * (1 - hs[t] ** 2)
        g["Wx"] += XS[t - 1].T @ da
        g["Wh"] += hs[t - 1].T @ da
        g["b"] += da.sum(0)
        per_example_b += da
        dh = da @ Wh.T
    if slip == "transposed":
        g["Wh"] = g["Wh"].T
    if slip == "missing_batch_sum":
        g["b"] = per_example_b
    if slip == "factor_batch":
        g["Wx"] = g["Wx"] / B
    return g


NETS = {"mlp": (mlp_loss, mlp_backward, MLP), "rnn": (rnn_loss, rnn_backward, RNN)}
WHERE = {"mlp": {"wrong_sign": {"W1", "b1", "W2", "b2"}, "missing_activation": {"W1", "b1"},
                 "transposed": {"W1"}, "missing_batch_sum": {"b1"}, "factor_batch": {"W2"}},
         "rnn": {"wrong_sign": {"Wx", "Wh", "b", "Wy"}, "missing_activation": {"Wx", "Wh", "b"},
                 "transposed": {"Wh"}, "missing_batch_sum": {"b"}, "factor_batch": {"Wx"}}}


@pytest.mark.parametrize("net", ["mlp", "rnn"])
def test_right_backward_pass_is_accepted(net):
    loss, backward, params = NETS[net]
    rep = mb.check_backprop(loss, params, backward(**params))
    assert rep.ok and bool(rep)
    assert all(r.verdict == "ok" and r.max_error < 1e-9 for r in rep.rows)


@pytest.mark.parametrize("net", ["mlp", "rnn"])
@pytest.mark.parametrize("slip", ["wrong_sign", "missing_activation", "transposed", "missing_batch_sum",
                                  "factor_batch"])
def test_each_slip_is_named(net, slip):
    loss, backward, params = NETS[net]
    rep = mb.check_backprop(loss, params, backward(**params, slip=slip), lang="ko")
    assert not rep.ok
    wrong = {r.name for r in rep.rows if r.verdict != "ok"}
    assert wrong == WHERE[net][slip]
    assert {rep[n].slip for n in wrong} == {slip}
    if slip == "factor_batch":
        assert rep[next(iter(wrong))].fields["k"] == B
    if slip == "missing_activation":
        assert rep[next(iter(wrong))].fields["act"] == "tanh"


def test_report_renderings():
    rep = mb.check_backprop(mlp_loss, MLP, mlp_backward(**MLP, slip="transposed"), lang="en")
    text = rep.text()
    assert "transposed" in text and "1 of 4" in text
    assert "전치" in rep.text("ko")
    assert "<table>" in rep._repr_html_() and "|" in rep._repr_markdown_() and "array" in rep.latex()
    d = rep.to_dict()
    json.dumps(d)
    assert d["ok"] is False and [r["slip"] for r in d["rows"]].count("transposed") == 1


def test_missing_and_unknown_names():
    g = mlp_backward(**MLP)
    del g["b2"]
    rep = mb.check_backprop(mlp_loss, MLP, g)
    assert rep["b2"].verdict == "missing"
    with pytest.raises(InputError):
        mb.check_backprop(mlp_loss, MLP, {**mlp_backward(**MLP), "W3": np.zeros(2)})
    with pytest.raises(InputError):
        mb.check_backprop(lambda **p: mb.tanh(X @ p["W1"]), MLP, mlp_backward(**MLP))


def test_other_factor_and_unknown_slip():
    g = mlp_backward(**MLP)
    g["W2"] = 2 * g["W2"]
    g["b2"] = g["b2"] + 1.0
    rep = mb.check_backprop(mlp_loss, MLP, g)
    assert rep["W2"].slip == "factor" and rep["W2"].fields["factor"] == "2"
    assert rep["b2"].slip == "unknown"
