"""Per-coordinate adaptive learning rates: Adagrad, Adadelta, RMSprop (torch.optim's equations)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from mibun.optim.optimizer import Optimizer, check_range


class Adagrad(Optimizer):
    r"""torch.optim.Adagrad (Duchi et al. 2011). γ = lr, η = lr_decay, λ = weight_decay, ε = eps:

        γ̃ ← γ / (1 + (t − 1) η)
        g_t ← g_t + λ θ_{t−1}                    (if λ ≠ 0)
        s_t ← s_{t−1} + g_t²                      (s_0 = initial_accumulator_value)
        θ_t ← θ_{t−1} − γ̃ g_t / (√s_t + ε)
    """

    def __init__(self, params: Iterable[Any], lr: float = 1e-2, lr_decay: float = 0.0, weight_decay: float = 0.0,
                 initial_accumulator_value: float = 0.0, eps: float = 1e-10, *, maximize: bool = False) -> None:
        for n, v in (("lr_decay", lr_decay), ("weight_decay", weight_decay), ("eps", eps),
                     ("initial_accumulator_value", initial_accumulator_value)):
            check_range(n, v)
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value, eps=eps,
                                      maximize=maximize))

    def _update(self, p: np.ndarray, g: np.ndarray, state: dict, group: dict) -> None:
        if not state:
            state["step"] = 0.0
            state["sum"] = np.full_like(p, float(group["initial_accumulator_value"]))
        state["step"] += 1
        step = state["step"]
        wd = float(group["weight_decay"])
        if wd:
            g = g + wd * p
        clr = float(group["lr"]) / (1 + (step - 1) * float(group["lr_decay"]))
        s = state["sum"]
        s += g * g
        p -= clr * (g / (np.sqrt(s) + float(group["eps"])))


class Adadelta(Optimizer):
    r"""torch.optim.Adadelta (Zeiler 2012). ρ = rho, γ = lr, λ = weight_decay, ε = eps:

        g_t ← g_t + λ θ_{t−1}                                  (if λ ≠ 0)
        v_t ← ρ v_{t−1} + (1 − ρ) g_t²
        Δθ_t ← √(u_{t−1} + ε) / √(v_t + ε) · g_t
        u_t ← ρ u_{t−1} + (1 − ρ) Δθ_t²
        θ_t ← θ_{t−1} − γ Δθ_t
    """

    def __init__(self, params: Iterable[Any], lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0.0, *, maximize: bool = False) -> None:
        check_range("rho", rho, 0.0, 1.0, open_hi=False)
        check_range("eps", eps)
        check_range("weight_decay", weight_decay)
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize))

    def _update(self, p: np.ndarray, g: np.ndarray, state: dict, group: dict) -> None:
        if not state:
            state["step"] = 0.0
            state["square_avg"] = np.zeros_like(p)
            state["acc_delta"] = np.zeros_like(p)
        state["step"] += 1
        rho, eps, wd = float(group["rho"]), float(group["eps"]), float(group["weight_decay"])
        if wd:
            g = g + wd * p
        v, u = state["square_avg"], state["acc_delta"]
        v *= rho
        v += (1 - rho) * g * g
        delta = np.sqrt(u + eps) / np.sqrt(v + eps) * g
        u *= rho
        u += (1 - rho) * delta * delta
        p -= float(group["lr"]) * delta


class RMSprop(Optimizer):
    r"""torch.optim.RMSprop (Hinton's lecture 6e). α = alpha, γ = lr, μ = momentum, λ = weight_decay:

        g_t ← g_t + λ θ_{t−1}                                 (if λ ≠ 0)
        v_t ← α v_{t−1} + (1 − α) g_t²
        centered:  ḡ_t ← α ḡ_{t−1} + (1 − α) g_t,   ṽ_t = v_t − ḡ_t²   (else ṽ_t = v_t)
        μ > 0:     b_t ← μ b_{t−1} + g_t / (√ṽ_t + ε),    θ_t ← θ_{t−1} − γ b_t
        μ = 0:     θ_t ← θ_{t−1} − γ g_t / (√ṽ_t + ε)
    """

    def __init__(self, params: Iterable[Any], lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum: float = 0.0, centered: bool = False, *,
                 maximize: bool = False) -> None:
        for n, v in (("alpha", alpha), ("eps", eps), ("weight_decay", weight_decay), ("momentum", momentum)):
            check_range(n, v)
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum,
                                      centered=centered, maximize=maximize))

    def _update(self, p: np.ndarray, g: np.ndarray, state: dict, group: dict) -> None:
        mu = float(group["momentum"])
        if not state:
            state["step"] = 0.0
            state["square_avg"] = np.zeros_like(p)
            if mu > 0:
                state["momentum_buffer"] = np.zeros_like(p)
            if group["centered"]:
                state["grad_avg"] = np.zeros_like(p)
        state["step"] += 1
        alpha, eps = float(group["alpha"]), float(group["eps"])
        wd, lr = float(group["weight_decay"]), float(group["lr"])
        if wd:
            g = g + wd * p
        v = state["square_avg"]
        v *= alpha
        v += (1 - alpha) * g * g
        if group["centered"]:
            ga = state["grad_avg"]
            ga *= alpha
            ga += (1 - alpha) * g
            avg = np.sqrt(v - ga * ga) + eps
        else:
            avg = np.sqrt(v) + eps
        if mu > 0:
            buf = state["momentum_buffer"]
            buf *= mu
            buf += g / avg
            p -= lr * buf
        else:
            p -= lr * (g / avg)


__all__ = ["Adagrad", "Adadelta", "RMSprop"]
