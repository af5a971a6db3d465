"""A small character-level transformer, trained in mibun on the bundled text, then handed to PyTorch.

    python examples/char_transformer.py                 # train in mibun, export, continue in both, compare
    python examples/char_transformer.py --steps 50      # a quick run

The model: token embedding + sinusoidal positions → TransformerEncoderLayer blocks with a causal mask →
LayerNorm → Linear to the vocabulary. After ``--steps`` mibun steps the weights go to an identical torch
model (``mb.interop.to_torch_module(model, into=TorchCharTransformer(...))``); then both continue with
fresh Adam optimisers on the same batches, and the script prints the two loss curves side by side.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import mibun as mb

nn = mb.nn


class CharTransformer(nn.Module):
    """Next-character model: logits (B, T, V) for ids (B, T)."""

    def __init__(self, vocab: int, d_model: int = 64, nhead: int = 4, layers: int = 2, ff: int = 128,
                 max_len: int = 256, dtype=np.float32) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model, dtype=dtype)
        self.pos = nn.PositionalEncoding(d_model, max_len, dropout=0.0, batch_first=True, dtype=dtype)
        self.blocks = nn.ModuleList([nn.TransformerEncoderLayer(d_model, nhead, ff, dropout=0.0, batch_first=True,
                                                                norm_first=True, dtype=dtype) for _ in range(layers)])
        self.norm = nn.LayerNorm(d_model, dtype=dtype)
        self.head = nn.Linear(d_model, vocab, dtype=dtype)

    def forward(self, ids):
        t = np.shape(ids)[1]
        mask = ~np.tril(np.ones((t, t), dtype=bool))  # True = may not attend (the future)
        h = self.pos(self.embed(ids))
        for block in self.blocks:
            h = block(h, src_mask=mask)
        return self.head(self.norm(h))


def torch_twin(vocab: int, d_model: int = 64, nhead: int = 4, layers: int = 2, ff: int = 128, max_len: int = 256):
    """The same architecture in torch.nn, with the same sub-module names (so the state dict moves as is)."""
    import torch

    from mibun.interop.torch_extras import torch_positional_encoding

    class TorchCharTransformer(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embed = torch.nn.Embedding(vocab, d_model)
            self.pos = torch_positional_encoding(d_model, max_len, 0.0, True)
            self.blocks = torch.nn.ModuleList([torch.nn.TransformerEncoderLayer(
                d_model, nhead, ff, dropout=0.0, batch_first=True, norm_first=True) for _ in range(layers)])
            self.norm = torch.nn.LayerNorm(d_model)
            self.head = torch.nn.Linear(d_model, vocab)

        def forward(self, ids):
            t = ids.shape[1]
            mask = ~torch.tril(torch.ones(t, t, dtype=torch.bool))
            h = self.pos(self.embed(ids))
            for block in self.blocks:
                h = block(h, src_mask=mask)
            return self.head(self.norm(h))

    return TorchCharTransformer()


def mibun_steps(model, batches, lr: float) -> list[float]:
    opt = mb.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for x, y in batches:
        logits = model(x)
        loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def torch_steps(tmodel, batches, lr: float) -> list[float]:
    import torch

    opt = torch.optim.Adam(tmodel.parameters(), lr=lr)
    losses = []
    for x, y in batches:
        logits = tmodel(torch.from_numpy(x))
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), torch.from_numpy(y).reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
    return losses


def run(steps: int = 600, more: int = 5, seq: int = 32, batch: int = 16, lr: float = 3e-3, seed: int = 0,
        limit: int | None = 60_000, verbose: bool = True) -> dict:
    corpus = mb.data.load_char_corpus(limit=limit)
    rng = np.random.default_rng(seed)
    mb.nn.init.manual_seed(seed)
    model = CharTransformer(corpus.vocab_size)
    t0 = time.perf_counter()
    train = mibun_steps(model, mb.data.char_batches(corpus.train, seq, batch, rng, num_batches=steps), lr)
    secs = time.perf_counter() - t0
    test_x, test_y = next(mb.data.char_batches(corpus.test, seq, 64, np.random.default_rng(99), num_batches=1))
    with mb.no_grad():
        logits = model(test_x)
        test_loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), test_y.reshape(-1)).item()
    # hand over to torch, then continue both on the same batches with fresh Adam optimisers
    tmodel = mb.interop.to_torch_module(model, into=torch_twin(corpus.vocab_size))
    cont = list(mb.data.char_batches(corpus.train, seq, batch, np.random.default_rng(seed + 1), num_batches=more))
    m_more = mibun_steps(model, cont, lr)
    t_more = torch_steps(tmodel, cont, lr)
    out = dict(train=train, test_loss=test_loss, unigram=corpus.unigram_entropy(), mibun_more=m_more,
               torch_more=t_more, seconds=secs, ms_per_step=1000 * secs / max(steps, 1))
    if verbose:
        print(f"mibun: {steps} steps in {secs:.1f} s ({out['ms_per_step']:.1f} ms/step); train loss "
              f"{np.mean(train[:10]):.3f} → {np.mean(train[-10:]):.3f} nats/char; test loss {test_loss:.3f} "
              f"(unigram entropy {out['unigram']:.3f})")
        print("after the hand-over, the same batches:   mibun      torch      |difference|")
        for i, (a, b) in enumerate(zip(m_more, t_more, strict=True)):
            print(f"  step {steps + i + 1:5d}                        {a:.6f}   {b:.6f}   {abs(a - b):.1e}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--more", type=int, default=5)
    a = ap.parse_args()
    run(a.steps, a.more)


if __name__ == "__main__":
    main()
