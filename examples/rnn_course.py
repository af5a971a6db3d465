"""The course's recurrent network, by hand: two hidden units over a vocabulary of baseball words.

    h_t = tanh(W h_{t−1} + U x_t),   o_t = V h_t,   ŷ_t = softmax(o_t),   L = −Σ_t log ŷ_t[y_t]

Backpropagation through time gives ∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ (y_t one-hot). This script computes
that sum from the forward values and checks that it equals what ``backward()`` puts in ``V.grad``
(and likewise ∂L/∂W, ∂L/∂U by BPTT written out), then trains the network for a few steps.

    python examples/rnn_course.py
"""

from __future__ import annotations

import numpy as np

import mibun as mb
from mibun.i18n import t

VOCAB = ["baseball", "bat", "ball", "pitcher", "throws", "hits", "the", "."]
SENTENCE = "the pitcher throws the ball . the bat hits the ball .".split()


def one_hot(i: int, n: int) -> np.ndarray:
    v = np.zeros(n)
    v[i] = 1.0
    return v


def forward(W, U, V, xs):
    """Run the RNN over the one-hot inputs ``xs``; returns the hidden states and the predictions."""
    h = mb.tensor(np.zeros(W.shape[0]))
    hs, yhats = [], []
    for x in xs:
        h = mb.tanh(W @ h + U @ x)
        hs.append(h)
        yhats.append(mb.softmax(V @ h))
    return hs, yhats


def loss_of(yhats, targets):
    return -mb.sum(mb.stack([mb.log(yh[y]) for yh, y in zip(yhats, targets)]))


def hand_bptt(W, U, V, xs, targets, hs, yhats):
    """∂L/∂V, ∂L/∂W, ∂L/∂U written out (the course's equations)."""
    n = len(VOCAB)
    hs_ = [h.data for h in hs]
    dV = sum(np.outer(yh.data - one_hot(y, n), h) for yh, y, h in zip(yhats, targets, hs_))
    dW, dU = np.zeros_like(W.data), np.zeros_like(U.data)
    dh_next = np.zeros(W.shape[0])
    for k in reversed(range(len(xs))):
        dh = V.data.T @ (yhats[k].data - one_hot(targets[k], n)) + dh_next
        da = dh * (1 - hs_[k] ** 2)
        h_prev = hs_[k - 1] if k > 0 else np.zeros(W.shape[0])
        dW += np.outer(da, h_prev)
        dU += np.outer(da, xs[k])
        dh_next = W.data.T @ da
    return dV, dW, dU


def main(hidden: int = 2, steps: int = 200, lr: float = 0.1, seed: int = 0, lang: str | None = None,
         verbose: bool = True) -> dict:
    rng = np.random.default_rng(seed)
    n = len(VOCAB)
    ids = [VOCAB.index(w) for w in SENTENCE]
    xs = [one_hot(i, n) for i in ids[:-1]]
    targets = ids[1:]
    W = mb.tensor(rng.normal(0, 0.5, (hidden, hidden)), requires_grad=True)
    U = mb.tensor(rng.normal(0, 0.5, (hidden, n)), requires_grad=True)
    V = mb.tensor(rng.normal(0, 0.5, (n, hidden)), requires_grad=True)
    hs, yhats = forward(W, U, V, xs)
    loss = loss_of(yhats, targets)
    loss.backward()
    dV, dW, dU = hand_bptt(W, U, V, xs, targets, hs, yhats)
    err = max(np.abs(V.grad.data - dV).max(), np.abs(W.grad.data - dW).max(), np.abs(U.grad.data - dU).max())
    opt = mb.optim.SGD([W, U, V], lr=lr, momentum=0.9)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        hs, yhats = forward(W, U, V, xs)
        loss = loss_of(yhats, targets)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    if verbose:
        print(t("nn.example.rnn_identity", lang, err=err))
        print(t("nn.example.rnn_loss", lang, first=losses[0], last=losses[-1], steps=steps))
    return {"max_error": float(err), "losses": losses, "dV_hand": dV}


if __name__ == "__main__":
    main()
