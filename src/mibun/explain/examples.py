"""Built-in examples to explain: the course's RNN and a small MLP, written with the engine's ops and
with named tensors, so that the explanation reads like the blackboard.

RNN (column vectors, as in the course):

    hₜ = tanh(W hₜ₋₁ + U xₜ),   oₜ = V hₜ,   ŷₜ = softmax(oₜ),   L = Σₜ −log ŷₜ[targetₜ]

over the vocabulary {baseball, bat, ball, glove}, 2 hidden units, on the sentence
"baseball bat ball glove" (each word predicts the next).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

VOCAB = ("baseball", "bat", "ball", "glove")
SENTENCE = ("baseball", "bat", "ball", "glove")


@dataclass
class Example:
    """A built-in example: the loss tensor (graph recorded), its parameters, named intermediates."""

    name: str
    loss: Any
    params: dict[str, Any]
    nodes: dict[str, Any] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)


def rnn_example(dtype: Any = np.float64) -> Example:
    """The course's RNN on "baseball bat ball glove": 3 time steps, 4 words, 2 hidden units."""
    import mibun as mb

    W = mb.tensor([[0.5, -0.3], [0.2, 0.4]], dtype=dtype, requires_grad=True, name="W")
    U = mb.tensor([[0.3, -0.1, 0.2, 0.0], [-0.2, 0.4, 0.1, 0.3]], dtype=dtype, requires_grad=True, name="U")
    V = mb.tensor([[0.6, -0.4], [0.1, 0.5], [-0.3, 0.2], [0.2, 0.3]], dtype=dtype, requires_grad=True, name="V")
    index = {w: i for i, w in enumerate(VOCAB)}
    ids = [index[w] for w in SENTENCE]
    h = mb.tensor(np.zeros(2, dtype=dtype), name="h0")
    nodes: dict[str, Any] = {}
    losses = []
    for step, (cur, nxt) in enumerate(zip(ids[:-1], ids[1:], strict=False), 1):
        x = mb.tensor(np.eye(len(VOCAB), dtype=dtype)[cur], name=f"x{step}")
        wh = W @ h
        wh.name = f"W·h{step - 1}"  # every node named as on the blackboard, so each gradient says whose it is
        ux = U @ x
        ux.name = f"U·x{step}"
        a = wh + ux
        a.name = f"a{step}"
        h = mb.tanh(a)
        h.name = f"h{step}"
        o = V @ h
        o.name = f"o{step}"
        yhat = mb.softmax(o)
        yhat.name = f"ŷ{step}"
        p_t = yhat[nxt]
        p_t.name = f"ŷ{step}[{VOCAB[nxt]}]"
        logp = mb.log(p_t)
        logp.name = f"ln ŷ{step}[{VOCAB[nxt]}]"
        loss_t = -logp
        loss_t.name = f"L{step}"
        nodes.update({a.name: a, h.name: h, o.name: o, yhat.name: yhat, loss_t.name: loss_t})
        losses.append(loss_t)
    L = losses[0]
    for k, lt in enumerate(losses[1:], 2):
        L = L + lt
        L.name = "(" + "+".join(f"L{i}" for i in range(1, k + 1)) + ")"
    L.name = "L"
    return Example("rnn", L, {"W": W, "U": U, "V": V}, nodes,
                   {"vocab": VOCAB, "sentence": SENTENCE, "targets": ids[1:], "inputs": ids[:-1]})


def mlp_example(dtype: Any = np.float64) -> Example:
    """x (2×3) → Linear(3→4) → sigmoid → Linear(4→2) → log_softmax + NLL (mean over the batch)."""
    import mibun as mb

    X = mb.tensor([[1.0, -0.5, 0.3], [0.2, 0.8, -1.0]], dtype=dtype, name="X")
    y = np.array([0, 1])
    W1 = mb.tensor([[0.2, -0.4, 0.1, 0.5], [0.3, 0.1, -0.2, 0.4], [-0.5, 0.2, 0.3, -0.1]], dtype=dtype,
                   requires_grad=True, name="W1")
    b1 = mb.tensor([0.1, 0.0, -0.1, 0.05], dtype=dtype, requires_grad=True, name="b1")
    W2 = mb.tensor([[0.3, -0.2], [-0.1, 0.4], [0.5, 0.1], [-0.3, 0.2]], dtype=dtype, requires_grad=True, name="W2")
    b2 = mb.tensor([0.0, 0.1], dtype=dtype, requires_grad=True, name="b2")
    z = X @ W1 + b1
    z.name = "z"
    h = mb.sigmoid(z)
    h.name = "h"
    o = h @ W2 + b2
    o.name = "o"
    logp = mb.log_softmax(o, axis=1)
    logp.name = "log ŷ"
    L = -mb.mean(logp[np.arange(2), y])
    L.name = "L"
    return Example("mlp", L, {"W1": W1, "b1": b1, "W2": W2, "b2": b2},
                   {"z": z, "h": h, "o": o, "log ŷ": logp}, {"targets": y.tolist()})


def layernorm_example(dtype: Any = np.float64) -> Example:
    """x (2×4) → LayerNorm(4) with γ, β set → L = Σ w ⊙ y, w a fixed weighting (so dy = w).
    Explain it with ``level="layer"``: ∂L/∂x = (1/σ)(g − mean(g) − x̂·mean(g⊙x̂)), g = γ⊙dy."""
    import mibun as mb
    from mibun import nn

    x = mb.tensor([[0.5, -1.0, 2.0, 0.3], [1.5, 0.2, -0.7, 0.9]], dtype=dtype, requires_grad=True, name="x")
    ln = nn.LayerNorm(4, dtype=dtype)
    ln.weight.data[...] = [1.0, 0.5, -2.0, 1.5]
    ln.bias.data[...] = [0.1, 0.0, -0.2, 0.3]
    ln.weight.name, ln.bias.name = "γ", "β"
    y = ln(x)
    y.name = "y"
    w = mb.tensor([[1.0, -2.0, 0.5, 3.0], [0.2, 1.0, -1.0, 0.4]], dtype=dtype, name="w")
    L = mb.sum(y * w)
    L.name = "L"
    return Example("layernorm", L, {"x": x, "γ": ln.weight, "β": ln.bias}, {"y": y}, {"level": "layer"})


def attention_example(dtype: Any = np.float64) -> Example:
    """One sequence of 3 positions with 2 features: O = softmax(Q Kᵀ/√2 + causal mask) V, L = Σ w ⊙ O.
    Explain it with ``level="layer"``: dV = Aᵀ dO, dA = dO Vᵀ, dS = A ⊙ (dA − rowsum(dA ⊙ A)), …"""
    import mibun as mb
    from mibun.nn.attention import scaled_dot_product_attention

    Q = mb.tensor([[1.0, 0.0], [0.5, -1.0], [-0.3, 0.8]], dtype=dtype, requires_grad=True, name="Q")
    K = mb.tensor([[0.2, 1.0], [-0.7, 0.4], [1.1, -0.5]], dtype=dtype, requires_grad=True, name="K")
    V = mb.tensor([[1.0, 2.0], [-1.0, 0.5], [0.3, -0.4]], dtype=dtype, requires_grad=True, name="V")
    out = scaled_dot_product_attention(Q, K, V, is_causal=True)
    out.name = "O"
    w = mb.tensor([[1.0, -1.0], [0.5, 2.0], [-1.5, 0.3]], dtype=dtype, name="w")
    L = mb.sum(out * w)
    L.name = "L"
    return Example("attention", L, {"Q": Q, "K": K, "V": V}, {"O": out}, {"level": "layer"})


EXAMPLES = {"rnn": rnn_example, "mlp": mlp_example, "layernorm": layernorm_example, "attention": attention_example}

__all__ = ["Example", "rnn_example", "mlp_example", "layernorm_example", "attention_example", "EXAMPLES", "VOCAB",
           "SENTENCE"]
