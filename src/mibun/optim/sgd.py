"""Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from mibun.errors import InputError
from mibun.optim.optimizer import Optimizer, check_range, sub_scaled_


class SGD(Optimizer):
    r"""torch.optim.SGD. For each step t (g_t the gradient, θ the parameter, γ = lr, λ = weight_decay,
    μ = momentum, τ = dampening):

        g_t ← g_t + λ θ_{t−1}                               (if λ ≠ 0)
        b_t ← g_t                                            (t = 1, if μ ≠ 0)
        b_t ← μ b_{t−1} + (1 − τ) g_t                        (t > 1)
        g_t ← g_t + μ b_t   (nesterov)   or   g_t ← b_t      (if μ ≠ 0)
        θ_t ← θ_{t−1} − γ g_t        (θ_{t−1} + γ g_t with maximize=True)

    Plain (mini-batch) gradient descent is momentum=0; "Momentum" and "NAG" in the course are
    momentum=μ and nesterov=True.
    """

    def __init__(self, params: Iterable[Any], lr: float = 1e-3, momentum: float = 0.0, dampening: float = 0.0,
                 weight_decay: float = 0.0, nesterov: bool = False, *, maximize: bool = False) -> None:
        check_range("momentum", momentum)
        check_range("weight_decay", weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise InputError("optim.err.nesterov")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov, maximize=maximize))

    def _update(self, p: np.ndarray, g: np.ndarray, state: dict, group: dict) -> None:
        lr, mu, wd = float(group["lr"]), float(group["momentum"]), float(group["weight_decay"])
        if wd:
            g = g + wd * p
        if mu:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = g.copy()
            else:
                buf *= mu
                damp = float(group["dampening"])
                if damp:
                    buf += (1.0 - damp) * g
                else:
                    buf += g                                  # no temporary array
            g = g + mu * buf if group["nesterov"] else buf
        sub_scaled_(p, lr, g)


__all__ = ["SGD"]
