"""The Adam family: Adam (with AMSGrad), AdamW, Adamax, NAdam — torch.optim's equations."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from mibun.optim.optimizer import Optimizer, check_range


def _check_betas(betas: tuple[float, float], eps: float, weight_decay: float) -> tuple[float, float]:
    b1, b2 = betas
    check_range("beta1", b1, 0.0, 1.0)
    check_range("beta2", b2, 0.0, 1.0)
    check_range("eps", eps)
    check_range("weight_decay", weight_decay)
    return float(b1), float(b2)


class Adam(Optimizer):
    r"""torch.optim.Adam (Kingma & Ba 2015). γ = lr, β₁, β₂ = betas, λ = weight_decay, ε = eps:

        g_t ← g_t + λ θ_{t−1}                                  (if λ ≠ 0)
        m_t ← β₁ m_{t−1} + (1 − β₁) g_t
        v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
        v̂_max ← max(v̂_max, v_t)                                (amsgrad; then v_t ← v̂_max below)
        θ_t ← θ_{t−1} − (γ / (1 − β₁ᵗ)) · m_t / (√v_t / √(1 − β₂ᵗ) + ε)
    """

    decoupled = False

    def __init__(self, params: Iterable[Any], lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0, amsgrad: bool = False, *,
                 maximize: bool = False) -> None:
        _check_betas(betas, eps, weight_decay)
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                                      amsgrad=amsgrad, maximize=maximize))

    def _update(self, p: np.ndarray, g: np.ndarray, state: dict, group: dict) -> None:
        if not state:
            state["step"] = 0.0
            state["exp_avg"] = np.zeros_like(p)
            state["exp_avg_sq"] = np.zeros_like(p)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = np.zeros_like(p)
        state["step"] += 1
        t = state["step"]
        lr, wd, eps = float(group["lr"]), float(group["weight_decay"]), float(group["eps"])
        b1, b2 = (float(b) for b in group["betas"])
        if wd:
            if self.decoupled:
                p *= 1 - lr * wd
            else:
                g = g + wd * p
        m, v = state["exp_avg"], state["exp_avg_sq"]
        # the same arithmetic, in the same order, as m += (1 − β₁)(g − m); v = β₂ v + (1 − β₂) g g;
        # p −= step · m / (√v / √(1 − β₂ᵗ) + ε), through one scratch array instead of five temporaries
        tmp = np.subtract(g, m, dtype=m.dtype)   # = β₁ m + (1 − β₁) g  (torch's lerp)
        tmp *= 1 - b1
        m += tmp
        v *= b2
        np.multiply(g, 1 - b2, out=tmp)
        tmp *= g
        v += tmp
        step_size = lr / (1 - b1 ** t)
        bc2_sqrt = math.sqrt(1 - b2 ** t)
        if group["amsgrad"]:
            vmax = state["max_exp_avg_sq"]
            np.maximum(vmax, v, out=vmax)
            np.sqrt(vmax, out=tmp)
        else:
            np.sqrt(v, out=tmp)
        tmp /= bc2_sqrt
        tmp += eps
        np.divide(m, tmp, out=tmp)
        tmp *= step_size
        p -= tmp


class AdamW(Adam):
    r"""torch.optim.AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay,

        θ_{t−1} ← θ_{t−1} (1 − γ λ)        then the Adam step without λ in the gradient.
    """

    decoupled = True

    def __init__(self, params: Iterable[Any], lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 1e-2, amsgrad: bool = False, *,
                 maximize: bool = False) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize)


class Adamax(Optimizer):
    r"""torch.optim.Adamax (Adam with the infinity norm):

        g_t ← g_t + λ θ_{t−1}                       (if λ ≠ 0)
        m_t ← β₁ m_{t−1} + (1 − β₁) g_t
        u_t ← max(β₂ u_{t−1}, |g_t| + ε)
        θ_t ← θ_{t−1} − γ m_t / ((1 − β₁ᵗ) u_t)
    """

    def __init__(self, params: Iterable[Any], lr: float = 2e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0, *, maximize: bool = False) -> None:
        _check_betas(betas, eps, weight_decay)
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                                      maximize=maximize))

    def _update(self, p: np.ndarray, g: np.ndarray, state: dict, group: dict) -> None:
        if not state:
            state["step"] = 0.0
            state["exp_avg"] = np.zeros_like(p)
            state["exp_inf"] = np.zeros_like(p)
        state["step"] += 1
        t = state["step"]
        lr, wd, eps = float(group["lr"]), float(group["weight_decay"]), float(group["eps"])
        b1, b2 = (float(b) for b in group["betas"])
        if wd:
            g = g + wd * p
        m, u = state["exp_avg"], state["exp_inf"]
        m += (1 - b1) * (g - m)
        np.maximum(u * b2, np.abs(g) + eps, out=u)
        p -= (lr / (1 - b1 ** t)) * (m / u)


class NAdam(Optimizer):
    r"""torch.optim.NAdam (Dozat 2016: Adam with Nesterov momentum), ψ = momentum_decay:

        g_t ← g_t + λ θ_{t−1}                 (or θ_{t−1} ← θ_{t−1}(1 − γλ) with decoupled_weight_decay)
        μ_t = β₁ (1 − ½ · 0.96^{t ψ}),   μ_{t+1} = β₁ (1 − ½ · 0.96^{(t+1) ψ})
        m_t ← β₁ m_{t−1} + (1 − β₁) g_t,    v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
        d = √(v_t / (1 − β₂ᵗ)) + ε
        θ_t ← θ_{t−1} − γ (1 − μ_t) / (1 − Π_{i≤t} μ_i) · g_t / d − γ μ_{t+1} / (1 − Π_{i≤t+1} μ_i) · m_t / d
    """

    def __init__(self, params: Iterable[Any], lr: float = 2e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0, momentum_decay: float = 4e-3, *,
                 decoupled_weight_decay: bool = False, maximize: bool = False) -> None:
        _check_betas(betas, eps, weight_decay)
        check_range("momentum_decay", momentum_decay)
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay,
                                      decoupled_weight_decay=decoupled_weight_decay, maximize=maximize))

    def _update(self, p: np.ndarray, g: np.ndarray, state: dict, group: dict) -> None:
        if not state:
            state["step"] = 0.0
            state["mu_product"] = 1.0
            state["exp_avg"] = np.zeros_like(p)
            state["exp_avg_sq"] = np.zeros_like(p)
        state["step"] += 1
        t = state["step"]
        lr, wd, eps = float(group["lr"]), float(group["weight_decay"]), float(group["eps"])
        b1, b2 = (float(b) for b in group["betas"])
        psi = float(group["momentum_decay"])
        if wd:
            if group["decoupled_weight_decay"]:
                p *= 1 - lr * wd
            else:
                g = g + wd * p
        mu = b1 * (1.0 - 0.5 * 0.96 ** (t * psi))
        mu_next = b1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
        state["mu_product"] *= mu
        mu_prod = state["mu_product"]
        m, v = state["exp_avg"], state["exp_avg_sq"]
        m += (1 - b1) * (g - m)
        v *= b2
        v += (1 - b2) * g * g
        denom = np.sqrt(v / (1 - b2 ** t)) + eps
        p -= (lr * (1.0 - mu) / (1.0 - mu_prod)) * (g / denom)
        p -= (lr * mu_next / (1.0 - mu_prod * mu_next)) * (m / denom)


__all__ = ["Adam", "AdamW", "Adamax", "NAdam"]
