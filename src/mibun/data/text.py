"""A text corpus for character-level language models: the Book of Genesis, King James Version (1611,
public domain), 197,408 characters, 70 distinct; taken from Debian's ``bible-kjv-text`` package (see
files/README.md)."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from mibun.errors import InputError

CORPORA = {"genesis": "files/genesis_kjv.txt.gz"}


def load_text(name: str = "genesis") -> str:
    """The whole corpus as one string."""
    if name not in CORPORA:
        raise InputError("data.err.corpus", name=repr(name), known=sorted(CORPORA))
    with resources.files("mibun.data").joinpath(CORPORA[name]).open("rb") as fh:
        return gzip.decompress(fh.read()).decode("utf-8")


@dataclass
class CharCorpus:
    """A text encoded as character ids. ``vocab``: the sorted distinct characters; ``train`` / ``test``:
    int64 id arrays (the first part of the text and the last ``test_fraction`` of it)."""

    text: str
    vocab: list[str]
    train: np.ndarray
    test: np.ndarray
    index: dict[str, int] = field(repr=False, default_factory=dict)

    @property
    def vocab_size(self) -> int:
        return len(self.vocab)

    def encode(self, s: str) -> np.ndarray:
        try:
            return np.array([self.index[c] for c in s], dtype=np.int64)
        except KeyError as exc:
            raise InputError("data.err.vocab", char=repr(exc.args[0])) from None

    def decode(self, ids: Any) -> str:
        return "".join(self.vocab[int(i)] for i in np.asarray(ids).ravel())

    def unigram_entropy(self) -> float:
        """−Σ_c p(c) ln p(c) in nats over the training text: the loss of a model that ignores context."""
        p = np.bincount(self.train, minlength=self.vocab_size) / len(self.train)
        p = p[p > 0]
        return float(-(p * np.log(p)).sum())


def load_char_corpus(name: str = "genesis", test_fraction: float = 0.1, limit: int | None = None) -> CharCorpus:
    """The corpus encoded per character, split into a training part and a test part (the end).
    ``limit``: use only the first ``limit`` characters (for quick runs)."""
    text = load_text(name)
    if limit is not None:
        text = text[: int(limit)]
    if not 0.0 <= test_fraction < 1.0:
        raise InputError("data.err.test_fraction_open", value=test_fraction)
    vocab = sorted(set(text))
    index = {c: i for i, c in enumerate(vocab)}
    ids = np.array([index[c] for c in text], dtype=np.int64)
    cut = len(ids) - int(len(ids) * test_fraction)
    return CharCorpus(text, vocab, ids[:cut], ids[cut:], index)


def char_batches(ids: np.ndarray, seq_len: int, batch_size: int, rng: np.random.Generator | None = None,
                 num_batches: int | None = None):
    """Yield (x, y) int arrays of shape (batch, seq_len): random windows of ``ids`` and the same windows
    shifted by one character (the next-character targets)."""
    rng = np.random.default_rng() if rng is None else rng
    if len(ids) <= seq_len + 1:
        raise InputError("data.err.text_short", n=len(ids), need=seq_len + 1)
    n = num_batches if num_batches is not None else max(1, len(ids) // (seq_len * batch_size))
    offs = np.arange(seq_len)
    for _ in range(n):
        starts = rng.integers(0, len(ids) - seq_len - 1, size=batch_size)
        win = starts[:, None] + offs
        yield ids[win], ids[win + 1]


__all__ = ["load_text", "load_char_corpus", "CharCorpus", "char_batches", "CORPORA"]
