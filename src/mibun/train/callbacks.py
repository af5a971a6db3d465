"""Callbacks for ``fit``: ``EarlyStopping`` and ``ModelCheckpoint`` (and the ``Callback`` base)."""

from __future__ import annotations

import math
import os
import re
from typing import Any

from mibun.errors import InputError
from mibun.train.checkpoint import save_checkpoint

_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?\}")


def fill_path(template: str, **values: Any) -> str:
    """Fill ``{epoch}``, ``{val_loss:.3f}``, … in a checkpoint path: only those plain placeholders whose
    name is a known value, with a numeric format spec. The path is data, never a format string: other
    braces (a folder named ``{data}``, ``{0.__class__}``) stay as written, and nothing is looked up."""

    def sub(m: re.Match) -> str:
        name, spec = m.group(1), m.group(2) or ""
        if name not in values or not re.fullmatch(r"[0-9.,+\- _]*[deEfFgG%]?", spec):
            return m.group(0)
        try:
            return format(values[name], spec)
        except (ValueError, TypeError):
            return m.group(0)

    return _FIELD.sub(sub, template)


class Callback:
    """Hooks called by ``fit``; ``state`` has ``model``, ``optimizer``, ``history`` and ``stop_training``.

    ``state_dict()``/``load_state_dict(state)``: what ``fit(resume=path)`` saves after every epoch and puts
    back on resume (numbers, strings, lists, dicts and NumPy arrays; arrays bit-exact). A callback that
    holds a learning-rate scheduler returns ``{"scheduler": self.scheduler.state_dict()}``."""

    def state_dict(self) -> dict[str, Any]:
        return {}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        pass

    def on_train_begin(self, state: Any) -> None:
        pass

    def on_epoch_end(self, epoch: int, logs: dict[str, float], state: Any) -> None:
        pass

    def on_train_end(self, state: Any) -> None:
        pass


class _Monitor(Callback):
    def __init__(self, monitor: str, mode: str, min_delta: float = 0.0) -> None:
        if mode == "auto":
            mode = "max" if any(w in monitor for w in ("acc", "auc", "precision", "recall", "f1")) else "min"
        if mode not in ("min", "max"):
            raise InputError("train.err.mode", mode=repr(mode))
        self.monitor, self.mode, self.min_delta = monitor, mode, abs(float(min_delta))
        self.best = math.inf if mode == "min" else -math.inf
        self.best_epoch = 0

    def state_dict(self) -> dict[str, Any]:
        return {"best": self.best, "best_epoch": self.best_epoch}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.best = float(state.get("best", self.best))
        self.best_epoch = int(state.get("best_epoch", self.best_epoch))

    def _value(self, logs: dict[str, float]) -> float:
        if self.monitor not in logs:
            raise InputError("train.err.monitor", cb=type(self).__name__, monitor=repr(self.monitor),
                             known=sorted(logs))
        return float(logs[self.monitor])

    def _improved(self, v: float) -> bool:
        if self.mode == "min":
            return v < self.best - self.min_delta
        return v > self.best + self.min_delta


class EarlyStopping(_Monitor):
    """Stop when ``monitor`` has not improved by more than ``min_delta`` for ``patience`` epochs;
    ``restore_best_weights`` puts back the parameters of the best epoch."""

    def __init__(self, monitor: str = "val_loss", min_delta: float = 0.0, patience: int = 0, mode: str = "auto",
                 restore_best_weights: bool = False, verbose: bool = False, lang: str | None = None) -> None:
        super().__init__(monitor, mode, min_delta)
        self.patience, self.restore_best_weights, self.verbose, self.lang = int(patience), restore_best_weights, \
            verbose, lang
        self.wait = 0
        self.stopped_epoch: int | None = None
        self._best_state: dict | None = None

    def state_dict(self) -> dict[str, Any]:
        return {**super().state_dict(), "wait": self.wait, "stopped_epoch": self.stopped_epoch,
                "best_state": self._best_state}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        super().load_state_dict(state)
        self.wait = int(state.get("wait", self.wait))
        self.stopped_epoch = state.get("stopped_epoch", self.stopped_epoch)
        self._best_state = state.get("best_state", self._best_state)

    def on_train_begin(self, state: Any) -> None:
        self.wait = 0
        self.best = math.inf if self.mode == "min" else -math.inf
        self.stopped_epoch = None

    def on_epoch_end(self, epoch: int, logs: dict[str, float], state: Any) -> None:
        v = self._value(logs)
        if self._improved(v):
            self.best, self.best_epoch, self.wait = v, epoch, 0
            if self.restore_best_weights:
                self._best_state = state.model.state_dict()
            return
        self.wait += 1
        if self.wait >= self.patience:
            state.stop_training = True
            self.stopped_epoch = epoch
            if self.verbose:
                from mibun.i18n import t

                print(t("train.early_stop", self.lang, monitor=self.monitor, patience=self.patience,
                        best=self.best, best_epoch=self.best_epoch))

    def on_train_end(self, state: Any) -> None:
        if self.restore_best_weights and self._best_state is not None:
            state.model.load_state_dict(self._best_state)


class ModelCheckpoint(_Monitor):
    """Save model and optimizer state to ``filepath`` (an ``.npz``; ``{epoch}`` is filled in) after each
    epoch, or only when ``monitor`` improved (``save_best_only=True``). Writes are atomic."""

    def __init__(self, filepath: str | os.PathLike, monitor: str = "val_loss", save_best_only: bool = True,
                 mode: str = "auto", save_optimizer: bool = True, verbose: bool = False,
                 lang: str | None = None) -> None:
        super().__init__(monitor, mode)
        self.filepath, self.save_best_only, self.save_optimizer = os.fspath(filepath), save_best_only, save_optimizer
        from mibun.files import output_path

        output_path(fill_path(self.filepath, epoch=0), lang=lang)  # checked before training starts
        self.verbose, self.lang = verbose, lang
        self.saved: list[str] = []

    def state_dict(self) -> dict[str, Any]:
        return {**super().state_dict(), "saved": list(self.saved)}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        super().load_state_dict(state)
        self.saved = [str(p) for p in state.get("saved", self.saved)]

    def on_epoch_end(self, epoch: int, logs: dict[str, float], state: Any) -> None:
        if self.save_best_only:
            v = self._value(logs)
            if not self._improved(v):
                return
            self.best, self.best_epoch = v, epoch
        path = fill_path(self.filepath, epoch=epoch, **logs)
        save_checkpoint(path, state.model, state.optimizer if self.save_optimizer else None,
                        extra={"epoch": epoch, **{k: float(v) for k, v in logs.items()}})
        self.saved.append(path)
        if self.verbose:
            from mibun.i18n import t

            print(t("train.checkpoint_saved", self.lang, path=path, monitor=self.monitor,
                    value=float(logs.get(self.monitor, float("nan")))))


__all__ = ["Callback", "EarlyStopping", "ModelCheckpoint", "fill_path"]
