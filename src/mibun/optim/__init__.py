"""``mibun.optim``: torch.optim's optimizers — the same names, hyperparameters, defaults and update
equations (each class's docstring writes them out), so the same start and gradients give the same
trajectory. ``mibun.optim.lr_scheduler`` has StepLR, ExponentialLR and CosineAnnealingLR."""

from mibun.optim import lr_scheduler
from mibun.optim.adam import Adam, Adamax, AdamW, NAdam
from mibun.optim.adaptive import Adadelta, Adagrad, RMSprop
from mibun.optim.optimizer import Optimizer
from mibun.optim.sgd import SGD

__all__ = ["Optimizer", "SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW", "Adamax", "NAdam",
           "lr_scheduler"]
