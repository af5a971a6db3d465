"""``fit``: the training loop — shuffled mini-batches, forward, loss, backward, optimizer step; then
evaluation on ``val_data``; per-epoch values into a ``History``; callbacks; a progress bar (rich)."""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mibun.autodiff.devices import host_array, to_device
from mibun.autodiff.grad_mode import no_grad
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError
from mibun.train.history import History
from mibun.train.resume import NonFiniteLossError, check_loss, load_state, restore_callbacks, save_state


def accuracy(output: Any, target: Any) -> float:
    """Fraction of rows whose largest output is the target class (targets: indices or one-hot rows)."""
    out = host_array(output.data if isinstance(output, Tensor) else output, copy=False)  # read on the host
    tgt = host_array(target.data if isinstance(target, Tensor) else target, copy=False)
    if tgt.ndim == out.ndim:
        tgt = tgt.argmax(axis=-1)
    return float((out.argmax(axis=-1) == tgt).mean())


METRICS: dict[str, Callable[[Any, Any], float]] = {"accuracy": accuracy, "acc": accuracy}


@dataclass
class TrainState:
    """What callbacks see."""

    model: Any
    optimizer: Any
    history: History
    epoch: int = 0
    stop_training: bool = False
    logs: dict[str, float] = field(default_factory=dict)


def _metric_fns(metrics: Any) -> dict[str, Callable[[Any, Any], float]]:
    if metrics is None:
        return {}
    if isinstance(metrics, dict):
        return dict(metrics)
    if isinstance(metrics, str) or callable(metrics):
        metrics = [metrics]
    out = {}
    for m in metrics:
        if isinstance(m, str):
            if m not in METRICS:
                raise InputError("train.err.metric_name", name=repr(m), known=sorted(METRICS))
            out["accuracy" if m == "acc" else m] = METRICS[m]
        elif callable(m):
            out[getattr(m, "__name__", "metric")] = m
        else:
            raise InputError("train.err.metric_type", kind=type(m).__name__)
    return out


def _is_arrays(data: Any) -> bool:
    return isinstance(data, tuple) and len(data) == 2 and all(
        isinstance(a, (np.ndarray, Tensor, list)) for a in data)


def _device(model: Any) -> str:
    """The device of the model's first parameter ("cpu" without parameters)."""
    params = getattr(model, "parameters", None)
    first = next(iter(params()), None) if callable(params) else None
    return first.device if first is not None else "cpu"


def _batches(data: Any, batch_size: int, shuffle: bool, rng: np.random.Generator,
             device: str = "cpu") -> tuple[Iterable, int | None]:
    """(iterable of (x, y) batches, number of batches if known); array inputs x are moved to ``device``
    (the targets y stay where they are: the losses take host targets)."""
    if _is_arrays(data):
        x, y = (host_array(a.data if isinstance(a, Tensor) else a, copy=False) for a in data)
        n = len(x)
        if len(y) != n:
            raise InputError("train.err.rows", n=n, m=len(y))
        order = rng.permutation(n) if shuffle else np.arange(n)
        nb = (n + batch_size - 1) // batch_size
        return ((to_device(x[order[i:i + batch_size]], device), y[order[i:i + batch_size]])
                for i in range(0, n, batch_size)), nb
    if callable(data):
        data = data()
    try:
        return data, len(data)
    except TypeError:
        return data, None


def _run_epoch_eval(model: Any, loss_fn: Any, data: Any, batch_size: int, mfns: dict) -> dict[str, float]:
    was = model.training
    model.eval()
    tot: dict[str, float] = {}
    count = 0
    try:
        with no_grad():
            batches, _ = _batches(data, batch_size, False, np.random.default_rng(0), _device(model))
            for xb, yb in batches:
                out = model(xb)
                n = len(yb)
                tot["loss"] = tot.get("loss", 0.0) + float(loss_fn(out, yb).item()) * n
                for k, f in mfns.items():
                    tot[k] = tot.get(k, 0.0) + float(f(out, yb)) * n
                count += n
    finally:
        model.train(was)
    return {k: v / max(count, 1) for k, v in tot.items()}


def fit(model: Any, loss_fn: Callable[[Any, Any], Tensor], optimizer: Any, train_data: Any, val_data: Any = None,
        epochs: int = 1, batch_size: int = 32, metrics: Any = None, callbacks: Any = None, shuffle: bool = True,
        seed: int | None = None, progress: bool = True, lang: str | None = None,
        resume: str | os.PathLike | None = None) -> History:
    """Train ``model`` and return a ``History``.

    ``train_data`` / ``val_data``: a pair of arrays ``(x, y)`` (split into mini-batches of ``batch_size``,
    shuffled each epoch when ``shuffle``, reproducibly with ``seed``), or an iterable of ``(x, y)``
    batches (re-iterable, or a function returning a fresh iterable each epoch). Each step:
    ``optimizer.zero_grad(); loss = loss_fn(model(x), y); loss.backward(); optimizer.step()``.
    ``metrics``: names (``"accuracy"``) or functions ``f(output, target) -> float``, averaged over the
    examples of each epoch. ``callbacks``: ``EarlyStopping``, ``ModelCheckpoint``, …
    ``progress``: a progress bar per epoch with the running loss (rich; shown only on a terminal).
    ``resume``: a training-state file: when it exists, training continues from it (model, optimizer,
    shuffling and Dropout generators, epoch counter, History, callbacks' states), so a resumed run equals
    an uninterrupted one (an early-stopped run stays stopped); after every epoch the state is saved there
    (atomically, with a checksum).
    A NaN or infinite loss stops training with :class:`NonFiniteLossError` before the step that would
    spread it, leaving the last saved checkpoint as it was.
    """
    if int(epochs) < 1 or int(batch_size) < 1:
        raise InputError("train.err.epochs", epochs=epochs, batch_size=batch_size)
    mfns = _metric_fns(metrics)
    cbs = list(callbacks or [])
    rng = np.random.default_rng(seed)
    history = History()
    first = 1
    saved: dict = {}
    if resume is not None:
        from mibun.files import output_path

        output_path(resume, lang=lang)  # checked before training starts
        if os.path.exists(resume):
            done, history, saved = load_state(resume, model, optimizer, rng, lang=lang)
            first = int(epochs) + 1 if saved.get("stopped") else done + 1
    kept = os.fspath(resume) if resume is not None and os.path.exists(resume) else None
    state = TrainState(model, optimizer, history)
    show = bool(progress) and sys.stdout.isatty()
    bars = _Bars(lang) if show else None
    for cb in cbs:
        cb.on_train_begin(state)
    restore_callbacks(cbs, saved.get("callbacks"))  # after on_train_begin, which resets them
    one_shot = not _is_arrays(train_data) and not callable(train_data) and iter(train_data) is train_data
    if one_shot and epochs > 1:
        raise InputError("train.err.one_shot")
    for epoch in range(first, int(epochs) + 1):
        state.epoch = epoch
        model.train()
        batches, nb = _batches(train_data, int(batch_size), shuffle, rng, _device(model))
        if bars is not None:
            bars.start(epoch, int(epochs), nb)
        tot: dict[str, float] = {}
        count = 0
        for ib, (xb, yb) in enumerate(batches, 1):
            optimizer.zero_grad()
            out = model(xb)
            loss = loss_fn(out, yb)
            lv = float(loss.item())
            if not math.isfinite(lv):
                if bars is not None:
                    bars.close()
                kept = kept or _last_saved(cbs)
                check_loss(lv, epoch, ib, history, kept, lang)
            loss.backward()
            optimizer.step()
            n = len(yb)
            tot["loss"] = tot.get("loss", 0.0) + lv * n
            for k, f in mfns.items():
                tot[k] = tot.get(k, 0.0) + float(f(out, yb)) * n
            count += n
            if bars is not None:
                bars.step(tot["loss"] / count)
        logs = {k: v / max(count, 1) for k, v in tot.items()}
        if val_data is not None:
            logs.update({f"val_{k}": v for k, v in _run_epoch_eval(model, loss_fn, val_data, int(batch_size),
                                                                   mfns).items()})
        if bars is not None:
            bars.finish(logs)
        history.record(epoch, logs)
        state.logs = logs
        for cb in cbs:
            cb.on_epoch_end(epoch, logs, state)
        if resume is not None:
            save_state(resume, model, optimizer, rng, epoch, history, lang=lang, callbacks=cbs,
                       stopped=state.stop_training)
            kept = os.fspath(resume)
        if state.stop_training:
            break
    if bars is not None:
        bars.close()
    for cb in cbs:
        cb.on_train_end(state)
    return history


def _last_saved(callbacks: list) -> str | None:
    for cb in callbacks:
        saved = getattr(cb, "saved", None)
        if saved:
            return saved[-1]
    return None


class _Bars:
    """One rich progress bar per epoch: batches done, elapsed time, running loss, then the epoch's logs."""

    def __init__(self, lang: str | None):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from mibun.i18n import t

        self.t, self.lang = t, lang
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("{task.fields[info]}"))
        self.progress.start()
        self.task: Any = None

    def start(self, epoch: int, epochs: int, total: int | None) -> None:
        self.task = self.progress.add_task(self.t("train.epoch", self.lang, epoch=epoch, epochs=epochs),
                                           total=total, info="")

    def step(self, loss: float) -> None:
        self.progress.update(self.task, advance=1, info=f"{self.t('train.loss', self.lang)} {loss:.4f}")

    def finish(self, logs: dict[str, float]) -> None:
        self.progress.update(self.task, info="  ".join(f"{k} {v:.4f}" for k, v in logs.items()))

    def close(self) -> None:
        self.progress.stop()


def evaluate(model: Any, loss_fn: Callable[[Any, Any], Tensor], data: Any, batch_size: int = 256,
             metrics: Any = None) -> dict[str, float]:
    """Loss and metrics of ``model`` on ``data`` (evaluation mode, no graph recorded)."""
    return _run_epoch_eval(model, loss_fn, data, int(batch_size), _metric_fns(metrics))


__all__ = ["NonFiniteLossError", "fit", "evaluate", "accuracy", "TrainState", "METRICS"]
