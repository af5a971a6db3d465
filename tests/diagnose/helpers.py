"""Small models and utilities shared by the diagnose tests."""

import re

import numpy as np

import mibun as mb

nn = mb.nn
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def png_ok(fig, path):
    """Save ``fig`` and check that a non-trivial PNG was written."""
    import matplotlib.pyplot as plt

    fig.savefig(path, dpi=60)
    plt.close(fig)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000
    return data


def all_texts(fig):
    """Every title, axis label, tick label and legend text of a figure."""
    out = []
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        leg = ax.get_legend()
        if leg is not None:
            out += [tx.get_text() for tx in leg.get_texts()]
    return [s for s in out if s]


def tiny_cnn(channels=4, seed=0, act=None, dtype=np.float64):
    nn.init.manual_seed(seed)
    act = act or nn.ReLU
    return nn.Sequential(nn.Conv2d(1, channels, 3, padding=1, dtype=dtype), act(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(channels * 16, 10, dtype=dtype))


def digits(n=32, images=False, seed=0):
    (xt, yt), _ = mb.data.load_digits(seed=seed, images=images, dtype=np.float64)
    return xt[:n], yt[:n]
