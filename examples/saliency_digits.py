"""Saliency maps and guided backpropagation on the digits CNN of ``cnn_digits.py``: train it, then show
which pixels each test image's class score depends on.

    python examples/saliency_digits.py            # writes saliency_digits.png
"""

from __future__ import annotations

import importlib.util
import pathlib

import mibun as mb
from mibun.i18n import t


def _cnn_example():
    path = pathlib.Path(__file__).with_name("cnn_digits.py")
    spec = importlib.util.spec_from_file_location("cnn_digits_example", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(epochs: int = 5, channels: int = 8, n: int = 6, path: str = "saliency_digits.png", seed: int = 0,
         lang: str | None = None, verbose: bool = True) -> dict:
    r = _cnn_example().main(epochs=epochs, channels=channels, seed=seed, lang=lang, verbose=False)
    model = r["model"]
    (xt, _), (xs, ys) = mb.data.load_digits(seed=seed, images=True)
    mu, sd = xt.mean(), xt.std()                      # the same standardisation as in training
    x, y = (xs[:n] - mu) / sd, ys[:n]
    pred = model(x).data.argmax(axis=1)
    maps = mb.diagnose.saliency(model, x, pred)        # explain the class the model chose
    guided = mb.diagnose.guided_backprop(model, x, pred)
    labels = [t("diagnose.example.label", lang, true=int(a), pred=int(b)) for a, b in zip(y, pred)]
    fig = mb.diagnose.plot_saliency(x, maps, guided, labels=labels, lang=lang)
    fig.savefig(path, dpi=110)
    if verbose:
        print(t("nn.example.cnn_result", lang, acc=r["accuracy"], epochs=epochs, seconds=r["seconds"]))
        print(t("diagnose.cli.plot_written", lang, path=path))
    return {"accuracy": r["accuracy"], "saliency": maps, "guided": guided, "figure": fig, "path": path}


if __name__ == "__main__":
    main()
