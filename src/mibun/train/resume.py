"""Training state for ``fit(resume=path)``: everything a resumed run needs to continue exactly as an
uninterrupted one would — model and optimizer state, the shuffling generator, the generator Dropout and the
initialisers draw from (``mibun.nn.init``), the epoch counter, the History so far and each callback's state
(``Callback.state_dict()``: EarlyStopping's best value and patience counter, ModelCheckpoint's best score,
a scheduler a callback holds) — saved atomically with a checksum after every epoch
(``mibun.train.checkpoint``). Files written before callback states were saved still load (the callbacks
then start fresh). Also the stop on a non-finite loss."""

from __future__ import annotations

import base64
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


def _encode(v: Any) -> Any:
    """A callback's state as JSON: arrays bit-exact (dtype, shape, base64 bytes), containers recursively."""
    if isinstance(v, np.ndarray):
        a = np.ascontiguousarray(v)
        return {"__ndarray__": a.dtype.str, "shape": list(a.shape), "b64": base64.b64encode(a.tobytes()).decode()}
    if isinstance(v, dict):
        return {"__dict__": [[_encode(k), _encode(x)] for k, x in v.items()]}
    if isinstance(v, (list, tuple)):
        return {"__seq__": [_encode(x) for x in v], "tuple": isinstance(v, tuple)}
    if isinstance(v, (np.floating, np.integer, np.bool_)):
        return v.item()
    return v


def _decode(v: Any) -> Any:
    if isinstance(v, dict):
        if "__ndarray__" in v:
            raw = base64.b64decode(v["b64"])
            return np.frombuffer(raw, dtype=np.dtype(v["__ndarray__"])).reshape(v["shape"]).copy()
        if "__dict__" in v:
            return {_decode(k): _decode(x) for k, x in v["__dict__"]}
        if "__seq__" in v:
            items = [_decode(x) for x in v["__seq__"]]
            return tuple(items) if v.get("tuple") else items
    return v


def callback_states(callbacks: list) -> list[dict[str, Any]]:
    """Each callback's ``state_dict()`` with its class name, JSON-ready."""
    out = []
    for cb in callbacks:
        get = getattr(cb, "state_dict", None)
        out.append({"type": type(cb).__name__, "state": _encode(get() if callable(get) else {})})
    return out


def restore_callbacks(callbacks: list, saved: list[dict[str, Any]] | None) -> None:
    """Load saved states into the callbacks, matched by position and class name (a callback added or
    replaced since the state was saved starts fresh)."""
    for cb, item in zip(callbacks, saved or [], strict=False):
        load = getattr(cb, "load_state_dict", None)
        if callable(load) and isinstance(item, dict) and item.get("type") == type(cb).__name__:
            load(_decode(item.get("state", {})))


def save_state(path: str | os.PathLike, model: Any, optimizer: Any, rng: np.random.Generator, epoch: int,
               history: History, lang: str | None = None, callbacks: list | None = None,
               stopped: bool = False) -> str:
    """Write the training state after ``epoch`` to ``path`` (atomic, checksummed)."""
    init = _init_rng()
    extra = {"kind": _KIND, "epoch": int(epoch), "history": history.to_dict(), "epochs_seen": list(history.epoch),
             "rng": rng.bit_generator.state,
             "init_rng": None if init is None else init.get_rng().bit_generator.state,
             "callbacks": callback_states(callbacks or []), "stopped": bool(stopped)}
    return save_checkpoint(path, model, optimizer, extra=extra, lang=lang)


def load_state(path: str | os.PathLike, model: Any, optimizer: Any, rng: np.random.Generator,
               lang: str | None = None) -> tuple[int, History, dict[str, Any]]:
    """Restore a state saved by :func:`save_state` into ``model``, ``optimizer`` and ``rng``; returns
    (last finished epoch, History so far, {"callbacks": saved states for :func:`restore_callbacks`,
    "stopped": whether a callback had stopped training})."""
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
    saved = extra.get("callbacks")
    return int(extra["epoch"]), history, {"callbacks": saved if isinstance(saved, list) else [],
                                          "stopped": bool(extra.get("stopped", False))}


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


__all__ = ["NonFiniteLossError", "save_state", "load_state", "check_loss", "callback_states", "restore_callbacks"]
