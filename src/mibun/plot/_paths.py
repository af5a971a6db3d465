"""Optimizer paths for ``mibun.plot.descent_paths``: the optimizers of :mod:`mibun.optim` themselves (the same
numbers as training with them), with gradients from mibun's reverse mode. The equations follow torch.optim
(same names, defaults and forms; cf. Ruder, "An overview of gradient descent optimization algorithms",
arXiv:1609.04747). θ is the point, g = ∇f(θ) at step t = 1, 2, …, η the learning rate; squares, roots and
divisions are elementwise.

============  ===================================================================================
gd            θ ← θ − η g
momentum      v ← μ v + g;  θ ← θ − η v                               (μ = 0.9; torch SGD momentum)
nag           v ← μ v + g;  θ ← θ − η (g + μ v)                       (Nesterov, torch's form)
adagrad       G ← G + g²;  θ ← θ − η g / (√G + ε)                     (ε = 1e-10)
rmsprop       s ← α s + (1 − α) g²;  θ ← θ − η g / (√s + ε)           (α = 0.99, ε = 1e-8)
adadelta      s ← ρ s + (1 − ρ) g²;  Δ = √(u + ε) / √(s + ε) · g;
              u ← ρ u + (1 − ρ) Δ²;  θ ← θ − η Δ                       (ρ = 0.9, ε = 1e-6, η = 1)
adam          m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²;
              m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ);  θ ← θ − η m̂ / (√v̂ + ε)   (β = 0.9, 0.999; ε = 1e-8)
nadam         m, v as Adam;  μₜ = β₁ (1 − ½·0.96^(tψ));  v̂ = v / (1 − β₂ᵗ);
              θ ← θ − η (1 − μₜ) g / ((1 − Πᵢ≤ₜ μᵢ)(√v̂ + ε)) − η μₜ₊₁ m / ((1 − Πᵢ≤ₜ₊₁ μᵢ)(√v̂ + ε))
              (ψ = 0.004, torch's NAdam)
============  ===================================================================================

Adam's first step: m̂ = g and v̂ = g², so each coordinate moves by η·g/(|g| + ε) ≈ ±η whatever the
size of the gradient — a property the tests check.

``optimizer_paths(f, start, names, steps, lr)`` returns ``{name: array of shape (steps + 1, 2)}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from mibun.errors import InputError

OPTIMIZERS = ("gd", "momentum", "nag", "adagrad", "rmsprop", "adadelta", "adam", "nadam")

#: torch.optim's defaults for the hyper-parameters other than lr
DEFAULTS: dict[str, dict[str, float]] = {
    "gd": {},
    "momentum": {"momentum": 0.9},
    "nag": {"momentum": 0.9},
    "adagrad": {"eps": 1e-10},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8},
    "adadelta": {"rho": 0.9, "eps": 1e-6},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    "nadam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "momentum_decay": 4e-3},
}


def make_grad(f: Callable) -> Callable[[np.ndarray], np.ndarray]:
    """∇f at a point θ = (x, y) by mibun's reverse mode; f takes the coordinates as separate arguments
    (f(x, y)) and is built from operations mibun can trace."""
    import mibun as mb

    def grad(theta: np.ndarray) -> np.ndarray:
        xs = [mb.tensor(float(v), requires_grad=True) for v in theta]
        try:
            out = f(*xs)
        except (TypeError, ValueError) as exc:
            raise InputError("plot.err.paths_trace_failed", detail=str(exc)) from exc
        if not isinstance(out, mb.Tensor) or out.ndim != 0:
            raise InputError("plot.err.paths_trace")
        out.backward()
        return np.array([0.0 if x.grad is None else float(x.grad.item()) for x in xs])

    return grad


def _optimizer(name: str, p: Any, lr: float, h: Mapping[str, float]) -> Any:
    """The mibun.optim optimizer that ``name`` stands for, on the one parameter ``p`` (the point θ)."""
    from mibun import optim as O

    if name == "gd":
        return O.SGD([p], lr=lr)
    if name in ("momentum", "nag"):
        return O.SGD([p], lr=lr, momentum=h["momentum"], nesterov=name == "nag")
    if name == "adagrad":
        return O.Adagrad([p], lr=lr, eps=h["eps"])
    if name == "rmsprop":
        return O.RMSprop([p], lr=lr, alpha=h["alpha"], eps=h["eps"])
    if name == "adadelta":
        return O.Adadelta([p], lr=lr, rho=h["rho"], eps=h["eps"])
    betas = (h["beta1"], h["beta2"])
    if name == "adam":
        return O.Adam([p], lr=lr, betas=betas, eps=h["eps"])
    return O.NAdam([p], lr=lr, betas=betas, eps=h["eps"], momentum_decay=h["momentum_decay"])


def optimizer_paths(f: Callable, start: Sequence[float], names: Sequence[str] = OPTIMIZERS,
                    steps: int = 200, lr: float | Mapping[str, float] = 1e-3,
                    hyper: Mapping[str, Mapping[str, float]] | None = None,
                    grad: Callable[[np.ndarray], np.ndarray] | None = None,
                    max_norm: float = 1e6) -> dict[str, np.ndarray]:
    """Run each optimizer in ``names`` from ``start`` for ``steps`` steps on f (a function f(x, y) of
    mibun-traceable operations, or give ``grad``). ``lr`` is one number or {name: lr}. A path that leaves
    the region |θ| < max_norm or becomes non-finite stops there (its array is shorter).
    Returns {name: array (n_points, len(start))}, the first row being ``start``."""
    x0 = np.asarray(start, dtype=float)
    if x0.ndim != 1:
        raise InputError("plot.err.paths_start", got=repr(start))
    steps = int(steps)
    if steps < 1:
        raise InputError("plot.err.paths_steps", steps=steps)
    import mibun as mb

    grad = grad or make_grad(f)
    out: dict[str, np.ndarray] = {}
    for name in names:
        key = str(name).lower()
        if key not in DEFAULTS:
            raise InputError("plot.err.paths_optimizer", name=repr(name), known=", ".join(OPTIMIZERS))
        rate = lr.get(key) if isinstance(lr, Mapping) else lr
        if rate is None:
            raise InputError("plot.err.paths_lr", name=repr(key))
        p = mb.tensor(x0.copy(), requires_grad=True)
        opt = _optimizer(key, p, float(rate), {**DEFAULTS[key], **(hyper or {}).get(key, {})})
        pts = [x0.copy()]
        for _ in range(steps):
            p.grad = mb.tensor(grad(p.numpy().copy()))
            opt.step()
            th = p.numpy().copy()
            if not np.all(np.isfinite(th)) or np.max(np.abs(th)) > max_norm:
                break
            pts.append(th)
        out[key] = np.array(pts)
    return out


__all__ = ["optimizer_paths", "OPTIMIZERS", "DEFAULTS", "make_grad"]
