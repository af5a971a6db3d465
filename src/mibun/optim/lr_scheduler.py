"""Learning-rate schedules (torch.optim.lr_scheduler): call ``scheduler.step()`` once per epoch, after
``optimizer.step()``. Each sets ``group['lr']`` from the epoch count e and the initial rate η₀:

* ``StepLR(step_size, gamma=0.1)``:      η_e = η₀ · γ^⌊e / step_size⌋
* ``ExponentialLR(gamma)``:              η_e = η₀ · γ^e
* ``CosineAnnealingLR(T_max, eta_min)``: η_e = η_min + (η₀ − η_min)(1 + cos(π e / T_max)) / 2
"""

from __future__ import annotations

import math
from typing import Any

from mibun.errors import InputError
from mibun.optim.optimizer import Optimizer


class LRScheduler:
    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        if not isinstance(optimizer, Optimizer):
            raise InputError("optim.err.scheduler_optimizer", sched=type(self).__name__, kind=type(optimizer).__name__)
        self.optimizer = optimizer
        for g in optimizer.param_groups:
            g.setdefault("initial_lr", g["lr"])
        self.base_lrs = [float(g["initial_lr"]) for g in optimizer.param_groups]
        self.last_epoch = last_epoch
        self.step()

    def lr_at(self, base: float, epoch: int) -> float:
        raise NotImplementedError

    def step(self) -> None:
        self.last_epoch += 1
        for g, base in zip(self.optimizer.param_groups, self.base_lrs, strict=False):
            g["lr"] = self.lr_at(base, self.last_epoch)
        self._last_lr = [g["lr"] for g in self.optimizer.param_groups]

    def get_last_lr(self) -> list[float]:
        return list(self._last_lr)

    def state_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


class StepLR(LRScheduler):
    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1) -> None:
        if int(step_size) < 1:
            raise InputError("optim.err.at_least_one", sched="StepLR", name="step_size", value=step_size)
        self.step_size, self.gamma = int(step_size), float(gamma)
        super().__init__(optimizer, last_epoch)

    def lr_at(self, base: float, epoch: int) -> float:
        return base * self.gamma ** (epoch // self.step_size)


class ExponentialLR(LRScheduler):
    def __init__(self, optimizer: Optimizer, gamma: float, last_epoch: int = -1) -> None:
        self.gamma = float(gamma)
        super().__init__(optimizer, last_epoch)

    def lr_at(self, base: float, epoch: int) -> float:
        return base * self.gamma ** epoch


class CosineAnnealingLR(LRScheduler):
    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1) -> None:  # noqa: N803
        if int(T_max) < 1:
            raise InputError("optim.err.at_least_one", sched="CosineAnnealingLR", name="T_max", value=T_max)
        self.T_max, self.eta_min = int(T_max), float(eta_min)
        super().__init__(optimizer, last_epoch)

    def lr_at(self, base: float, epoch: int) -> float:
        return self.eta_min + (base - self.eta_min) * (1 + math.cos(math.pi * epoch / self.T_max)) / 2


__all__ = ["LRScheduler", "StepLR", "ExponentialLR", "CosineAnnealingLR"]
