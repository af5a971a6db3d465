"""``mibun.train``: ``fit`` (the training loop with a progress bar), ``History``, callbacks
(``EarlyStopping``, ``ModelCheckpoint``) and ``.npz`` checkpoints (``save_checkpoint`` /
``load_checkpoint``: atomic, no pickle, bit-exact)."""

from mibun.train.callbacks import Callback, EarlyStopping, ModelCheckpoint
from mibun.train.checkpoint import load_checkpoint, save_checkpoint
from mibun.train.fit import accuracy, evaluate, fit
from mibun.train.history import History
from mibun.train.resume import NonFiniteLossError

__all__ = ["fit", "evaluate", "accuracy", "History", "Callback", "EarlyStopping", "ModelCheckpoint",
           "save_checkpoint", "load_checkpoint", "NonFiniteLossError"]
