import numpy as np

import mibun as mb


def test_digits_shapes_labels_and_split():
    x, y = mb.data.load_digits(split=False)
    assert x.shape == (1797, 64) and x.dtype == np.float32 and 0 <= x.min() and x.max() == 1.0
    assert np.bincount(y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    (xt, yt), (xs, ys) = mb.data.load_digits(seed=0)
    assert len(xt) + len(xs) == 1797 and abs(len(xs) - 360) <= 5
    (xt2, _), (xs2, _) = mb.data.load_digits(seed=0)
    np.testing.assert_array_equal(xs, xs2)
    assert np.all(np.abs(np.bincount(ys) / len(ys) - np.bincount(y) / 1797) < 0.01)   # stratified
    imgs, _ = mb.data.load_digits(split=False, images=True, dtype=np.float64, scale=False)
    assert imgs.shape == (1797, 1, 8, 8) and imgs.max() == 16


def test_char_corpus():
    c = mb.data.load_char_corpus()
    assert len(c.text) >= 100_000 and c.text.startswith("Genesis 1\nIn the beginning God created")
    assert c.vocab_size == 70 and c.decode(c.encode("In the beginning")) == "In the beginning"
    assert len(c.train) + len(c.test) == len(c.text)
    assert 2.5 < c.unigram_entropy() < 3.5
    x, y = next(mb.data.char_batches(c.train, 16, 4, np.random.default_rng(0)))
    assert x.shape == y.shape == (4, 16)
    np.testing.assert_array_equal(x[:, 1:], y[:, :-1])
