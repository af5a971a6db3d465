"""Training state for ``fit(resume=path)``: everything a resumed run needs to continue exactly as an
uninterrupted one would — model and optimizer state, the shuffling generator, the generator Dropout and the
initialisers draw from (``mibun.nn.init``), the epoch counter and the History so far — saved atomically
with a checksum after every epoch (``mibun.train.checkpoint``). Also the stop on a non-finite loss."""

from __future__ import annotations

import math
import os
import sys
from typing import Any

import numpy as np

from mibun.errors import MibunError
from mibun.train.checkpoint import load_checkpoint, save_checkpoint
from mibun.train.history import History

_KIND = "mibun-fit-state-1"


class NonFiniteLossError(MibunError, ArithmeticError):
    """The training loss became NaN or infinite; ``.epoch``, ``.batch``, ``.value``, ``.history`` and
    ``.checkpoint`` (the last good checkpoint's path, or None) say where and what is kept."""


def _init_rng() -> Any:
    mod = sys.modules.get("mibun.nn.init")  # Dropout/initialisers' generator, if they are in use
    return None if mod is None else mod


def save_state(path: str | os.PathLike, model: Any, optimizer: Any, rng: np.random.Generator, epoch: int,
               history: History, lang: str | None = None) -> str:
    """Write the training state after ``epoch`` to ``path`` (atomic, checksummed)."""
    init = _init_rng()
    extra = {"kind": _KIND, "epoch": int(epoch), "history": history.to_dict(), "epochs_seen": list(history.epoch),
             "rng": rng.bit_generator.state,
             "init_rng": None if init is None else init.get_rng().bit_generator.state}
    return save_checkpoint(path, model, optimizer, extra=extra, lang=lang)


def load_state(path: str | os.PathLike, model: Any, optimizer: Any, rng: np.random.Generator,
               lang: str | None = None) -> tuple[int, History]:
    """Restore a state saved by :func:`save_state` into ``model``, ``optimizer`` and ``rng``; returns
    (last finished epoch, History so far)."""
    from mibun._rtext import error
    from mibun.errors import InputError

    extra = load_checkpoint(path, model, optimizer, lang=lang)
    if extra.get("kind") != _KIND:
        raise error(InputError, "reliability.fit.not_state", lang, path=os.fspath(path))
    rng.bit_generator.state = extra["rng"]
    if extra.get("init_rng") is not None:
        import mibun.nn.init as init

        init.get_rng().bit_generator.state = extra["init_rng"]
    history = History()
    hist = extra.get("history", {})
    for i, e in enumerate(extra.get("epochs_seen", [])):
        history.record(int(e), {k: v[i] for k, v in hist.items() if i < len(v)})
    return int(extra["epoch"]), history


def check_loss(value: float, epoch: int, batch: int, history: History, kept: str | None,
               lang: str | None = None) -> None:
    """Raise :class:`NonFiniteLossError` when ``value`` is NaN or infinite (before backward and the
    optimizer step, so the parameters and the last saved checkpoint stay as they were)."""
    if math.isfinite(value):
        return
    from mibun._rtext import error

    if kept:
        exc = error(NonFiniteLossError, "reliability.fit.nonfinite_kept", lang, value=value, epoch=epoch,
                    batch=batch, path=kept)
    else:
        exc = error(NonFiniteLossError, "reliability.fit.nonfinite", lang, value=value, epoch=epoch, batch=batch)
    exc.epoch, exc.batch, exc.value, exc.history, exc.checkpoint = (  # type: ignore[attr-defined]
        epoch, batch, value, history, kept)
    raise exc


__all__ = ["NonFiniteLossError", "save_state", "load_state", "check_loss"]
