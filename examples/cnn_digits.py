"""A small convolutional network on the 8×8 digits: Conv2d → ReLU → MaxPool2d, twice, then Linear.

    python examples/cnn_digits.py
"""

from __future__ import annotations

import time

import mibun as mb
from mibun.i18n import t

nn = mb.nn


def make_model(channels: int = 16) -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, channels, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),            # 8×8 → 4×4
        nn.Conv2d(channels, 2 * channels, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 4×4 → 2×2
        nn.Flatten(), nn.Linear(2 * channels * 4, 10))


def main(epochs: int = 15, channels: int = 16, batch_size: int = 32, seed: int = 0, lang: str | None = None,
         verbose: bool = True, progress: bool = False) -> dict:
    nn.init.manual_seed(seed)
    (xt, yt), (xs, ys) = mb.data.load_digits(seed=seed, images=True)
    mu, sd = xt.mean(), xt.std()                      # standardise with the training set's statistics
    xt, xs = (xt - mu) / sd, (xs - mu) / sd
    model = make_model(channels)
    opt = mb.optim.Adam(model.parameters(), lr=3e-3)
    start = time.perf_counter()
    hist = mb.train.fit(model, nn.CrossEntropyLoss(), opt, (xt, yt), epochs=epochs, batch_size=batch_size,
                        metrics=["accuracy"], seed=seed, progress=progress, lang=lang)
    seconds = time.perf_counter() - start
    acc = mb.train.evaluate(model, nn.CrossEntropyLoss(), (xs, ys), metrics=["accuracy"])["accuracy"]
    if verbose:
        print(model)
        print(t("nn.example.cnn_result", lang, acc=acc, epochs=epochs, seconds=seconds))
    return {"accuracy": acc, "seconds": seconds, "history": hist, "model": model}


if __name__ == "__main__":
    main(progress=True)
