"""A character-level LSTM language model on the Book of Genesis (KJV, shipped with mibun).

The model reads characters through an Embedding, an LSTM and a Linear layer, and learns to predict
the next character. Its loss (nats per character) falls well below the unigram entropy — the loss of
the best model that ignores context — and it then writes text one character at a time.

    python examples/char_lstm.py
"""

from __future__ import annotations

import time

import numpy as np

import mibun as mb
from mibun.i18n import t

nn = mb.nn
F = nn.functional


class CharLSTM(nn.Module):
    def __init__(self, vocab: int, embed: int = 32, hidden: int = 128, layers: int = 1) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, embed)
        self.lstm = nn.LSTM(embed, hidden, num_layers=layers, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, ids, state=None):
        out, state = self.lstm(self.embed(ids), state)
        return self.head(out), state                        # logits (batch, seq, vocab)


def sequence_loss(logits, targets):
    b, s, v = logits.shape
    return F.cross_entropy(logits.reshape(b * s, v), np.asarray(targets).reshape(-1))


def evaluate(model: CharLSTM, ids: np.ndarray, seq_len: int = 64, batch: int = 32, batches: int = 4) -> float:
    rng = np.random.default_rng(123)
    model.eval()
    with mb.no_grad():
        losses = [sequence_loss(model(x)[0], y).item()
                  for x, y in mb.data.char_batches(ids, seq_len, batch, rng, batches)]
    model.train()
    return float(np.mean(losses))


def sample(model: CharLSTM, corpus, start: str = "And God said", length: int = 200, temperature: float = 0.7,
           seed: int = 0) -> str:
    """Generate ``length`` characters after ``start`` (temperature < 1: more conservative)."""
    rng = np.random.default_rng(seed)
    model.eval()
    out = list(start)
    with mb.no_grad():
        logits, state = model(corpus.encode(start)[None, :])
        for _ in range(length):
            z = logits.data[0, -1].astype(np.float64) / temperature
            p = np.exp(z - z.max())
            p /= p.sum()
            nxt = int(rng.choice(len(p), p=p))
            out.append(corpus.vocab[nxt])
            logits, state = model(np.array([[nxt]]), state)
    model.train()
    return "".join(out)


def main(steps: int = 1500, seq_len: int = 64, batch_size: int = 32, hidden: int = 128, lr: float = 3e-3,
         seed: int = 0, sample_length: int = 300, lang: str | None = None, verbose: bool = True) -> dict:
    nn.init.manual_seed(seed)
    corpus = mb.data.load_char_corpus()
    model = CharLSTM(corpus.vocab_size, hidden=hidden)
    opt = mb.optim.Adam(model.parameters(), lr=lr)
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    losses = []
    for x, y in mb.data.char_batches(corpus.train, seq_len, batch_size, rng, steps):
        opt.zero_grad()
        loss = sequence_loss(model(x)[0], y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    seconds = time.perf_counter() - start
    test_loss = evaluate(model, corpus.test, seq_len)
    unigram = corpus.unigram_entropy()
    text = sample(model, corpus, length=sample_length, seed=seed)
    if verbose:
        print(t("nn.example.char_result", lang, loss=test_loss, unigram=unigram, seconds=seconds))
        print(t("nn.example.char_sample", lang))
        print(text)
    return {"test_loss": test_loss, "unigram": unigram, "losses": losses, "sample": text, "seconds": seconds}


if __name__ == "__main__":
    main()
