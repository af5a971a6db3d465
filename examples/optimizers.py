"""The gradient-descent family side by side (survey: Sun et al., arXiv:1903.03614): plain GD, Momentum,
NAG, Adagrad, RMSprop, Adadelta, Adam, NAdam — on the Rosenbrock function
f(x, y) = (1 − x)² + 100 (y − x²)² from (−1.5, 2), and training an MLP on the digits.

    python examples/optimizers.py [--plot]       (--plot needs matplotlib; writes optimizers.png)
"""

from __future__ import annotations

import sys

import numpy as np

import mibun as mb
from mibun.i18n import t

nn = mb.nn
optim = mb.optim

# name → (optimizer class, keyword arguments for Rosenbrock, keyword arguments for the digits MLP)
CONFIGS = {
    "GD": (optim.SGD, dict(lr=1e-3), dict(lr=0.1)),
    "Momentum": (optim.SGD, dict(lr=1e-3, momentum=0.9), dict(lr=0.05, momentum=0.9)),
    "NAG": (optim.SGD, dict(lr=1e-3, momentum=0.9, nesterov=True), dict(lr=0.05, momentum=0.9, nesterov=True)),
    "Adagrad": (optim.Adagrad, dict(lr=0.5), dict(lr=0.05)),
    "RMSprop": (optim.RMSprop, dict(lr=1e-2), dict(lr=1e-3)),
    "Adadelta": (optim.Adadelta, dict(lr=10.0), dict(lr=1.0)),
    "Adam": (optim.Adam, dict(lr=0.05), dict(lr=1e-3)),
    "NAdam": (optim.NAdam, dict(lr=0.05), dict(lr=2e-3)),
}


def rosenbrock(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def run_rosenbrock(name: str, steps: int) -> list[float]:
    cls, kw, _ = CONFIGS[name]
    p = nn.Parameter(np.array([-1.5, 2.0]))
    opt = cls([p], **kw)
    values = []
    for _ in range(steps):
        opt.zero_grad()
        f = rosenbrock(p)
        f.backward()
        opt.step()
        values.append(f.item())
    values.append(rosenbrock(p).item())
    return values


def run_digits(name: str, epochs: int, seed: int = 0) -> list[float]:
    _, _, kw = CONFIGS[name]
    cls = CONFIGS[name][0]
    nn.init.manual_seed(seed)
    (xt, yt), _ = mb.data.load_digits(seed=seed)
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    hist = mb.train.fit(model, nn.CrossEntropyLoss(), cls(model.parameters(), **kw), (xt, yt), epochs=epochs,
                        batch_size=32, seed=seed, progress=False)
    return hist["loss"]


def main(steps: int = 3000, epochs: int = 10, names: list[str] | None = None, plot: bool = False,
         lang: str | None = None, verbose: bool = True, out: str = "optimizers.png") -> dict:
    names = names or list(CONFIGS)
    rosen = {n: run_rosenbrock(n, steps) for n in names}
    digits = {n: run_digits(n, epochs) for n in names}
    if verbose:
        for n in names:
            print(t("nn.example.opt_rosenbrock", lang, name=n, steps=steps, value=rosen[n][-1]))
        for n in names:
            print(t("nn.example.opt_digits", lang, name=n, epochs=epochs, value=digits[n][-1]))
    if plot:
        try:
            import matplotlib.pyplot as plt
        except ImportError:
            print(t("train.no_matplotlib", lang))
            return {"rosenbrock": rosen, "digits": digits}

        fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
        for n in names:
            a.semilogy(rosen[n], label=n)
            b.plot(range(1, epochs + 1), digits[n], marker="o", label=n)
        a.set_title("Rosenbrock f(x, y)")
        a.set_xlabel("step")
        b.set_title("digits MLP training loss")
        b.set_xlabel("epoch")
        a.legend()
        fig.tight_layout()
        fig.savefig(out, dpi=120)
        plt.close(fig)
    return {"rosenbrock": rosen, "digits": digits}


if __name__ == "__main__":
    main(plot="--plot" in sys.argv)
