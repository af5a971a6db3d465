"""``mibun demo``: backprop through a small network, each gradient next to its finite-difference check."""

from __future__ import annotations

import numpy as np

from mibun.cli.args import common, seed
from mibun.i18n import t


def register(sub) -> None:
    p = sub.add_parser("demo", help="differentiate a small network and check it by finite differences")
    p.add_argument("--seed", type=seed, default=0)
    common(p)
    p.set_defaults(func=run)


def run(args) -> int:
    import mibun as mb

    lang = args.lang
    rng = np.random.default_rng(args.seed)
    x = rng.standard_normal((4, 3))
    y = np.array([0, 1, 1, 0])
    params = {
        "W1": rng.standard_normal((3, 5)) * 0.5, "b1": np.zeros(5),
        "W2": rng.standard_normal((5, 2)) * 0.5, "b2": np.zeros(2),
    }
    names = list(params)

    def loss(W1, b1, W2, b2):
        h = mb.tanh(mb.tensor(x) @ W1 + b1)
        logits = h @ W2 + b2
        return -mb.log_softmax(logits, axis=1)[np.arange(4), y].mean()

    grads = mb.grad(loss, argnums=(0, 1, 2, 3))(*params.values())
    report = mb.gradcheck(loss, *params.values())
    print(t("demo.title", lang))
    print(t("demo.network", lang))
    print()
    head = f"{t('demo.param', lang):>8}  {'':>3}  {t('demo.autodiff', lang):>14}  {t('demo.numeric', lang):>14}"
    print(head)
    worst = 0.0
    eps = 1e-6
    for name, g in zip(names, grads, strict=False):
        arr = params[name]
        for j in range(min(arr.size, 3)):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name].flat[j] += eps
            minus[name].flat[j] -= eps
            with mb.no_grad():
                num = (loss(**plus).item() - loss(**minus).item()) / (2 * eps)
            print(f"{name:>8}  [{j}]  {g.flat[j]:>14.9f}  {num:>14.9f}")
    for c in report.inputs:
        worst = max(worst, c.max_rel_error if c.max_abs_error > 1e-10 else 0.0)
    print()
    print(f"{t('demo.maxerr', lang)}: {max(c.max_abs_error for c in report.inputs):.2e}")
    key = "demo.verdict_ok" if report else "demo.verdict_bad"
    print(t(key, lang, n=sum(p.size for p in params.values()), err=worst))
    return 0 if report else 1
