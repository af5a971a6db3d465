"""Checkpoints as ``.npz`` files (NumPy arrays only — never pickle): the model's state dict, the
optimizer's state and hyperparameters, and any extra numbers. Loading uses ``allow_pickle=False``.

Writes are atomic: the archive is written to a temporary file in the same folder, flushed to disk, and
then renamed over the target (``os.replace``), so a crash mid-write never leaves a half-written
checkpoint in place of a good one. Values round-trip bit for bit.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

import numpy as np

from mibun.errors import InputError

_FORMAT = "mibun-checkpoint-1"


def _jsonable(v: Any) -> Any:
    if isinstance(v, tuple):
        return {"__tuple__": [_jsonable(x) for x in v]}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, (np.floating, np.integer, np.bool_)):
        return v.item()
    return v


def _unjson(v: Any) -> Any:
    if isinstance(v, dict) and "__tuple__" in v:
        return tuple(_unjson(x) for x in v["__tuple__"])
    if isinstance(v, list):
        return [_unjson(x) for x in v]
    return v


def pack(model: Any = None, optimizer: Any = None, extra: dict[str, Any] | None = None) -> dict[str, np.ndarray]:
    """The flat dict of arrays that a checkpoint file holds."""
    arrays: dict[str, np.ndarray] = {"__format__": np.array(_FORMAT)}
    if model is not None:
        for k, v in model.state_dict().items():
            arrays[f"model/{k}"] = v
    if optimizer is not None:
        sd = optimizer.state_dict()
        groups = [{k: _jsonable(v) for k, v in g.items()} for g in sd["param_groups"]]
        scalars: dict[str, dict[str, str]] = {}
        for i, st in sd["state"].items():
            for k, v in st.items():
                if isinstance(v, np.ndarray):
                    arrays[f"optim/state/{i}/{k}"] = v
                else:
                    arrays[f"optim/state/{i}/{k}"] = np.array(v)
                    scalars.setdefault(str(i), {})[k] = type(v).__name__
        meta = {"type": type(optimizer).__name__, "param_groups": groups, "scalars": scalars}
        arrays["optim/meta"] = np.array(json.dumps(meta))
    if extra:
        arrays["extra"] = np.array(json.dumps({k: _jsonable(v) for k, v in extra.items()}))
    return arrays


def save_checkpoint(path: str | os.PathLike, model: Any = None, optimizer: Any = None,
                    extra: dict[str, Any] | None = None) -> str:
    """Write model (and optimizer) state to ``path`` atomically; returns the path."""
    path = os.fspath(path)
    arrays = pack(model, optimizer, extra)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)  # type: ignore[arg-type]  # numpy's stub types **kwds as allow_pickle
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def load_checkpoint(path: str | os.PathLike, model: Any = None, optimizer: Any = None,
                    strict: bool = True) -> dict[str, Any]:
    """Restore ``model`` and ``optimizer`` from a checkpoint written by ``save_checkpoint``; returns the
    extra values (a dict)."""
    with np.load(os.fspath(path), allow_pickle=False) as z:
        files = {k: z[k] for k in z.files}
    if str(files.get("__format__", "")) != _FORMAT:
        raise InputError("train.err.not_checkpoint", path=path, marker=repr(_FORMAT))
    if model is not None:
        model_state = {k[len("model/"):]: v for k, v in files.items() if k.startswith("model/")}
        model.load_state_dict(model_state, strict=strict)
    if optimizer is not None:
        if "optim/meta" not in files:
            raise InputError("train.err.no_optimizer_state", path=path)
        meta = json.loads(str(files["optim/meta"]))
        if meta["type"] != type(optimizer).__name__:
            raise InputError("train.err.optimizer_type", path=path, saved=meta["type"], kind=type(optimizer).__name__)
        groups = [{k: _unjson(v) for k, v in g.items()} for g in meta["param_groups"]]
        state: dict[int, dict[str, Any]] = {}
        for k, v in files.items():
            if k.startswith("optim/state/"):
                _, _, i, name = k.split("/", 3)
                kind = meta["scalars"].get(i, {}).get(name)
                val: Any = v
                if kind is not None:
                    val = {"float": float, "int": int, "bool": bool}.get(kind, lambda a: a)(v.item())
                state.setdefault(int(i), {})[name] = val
        optimizer.load_state_dict({"state": state, "param_groups": groups})
    return _unjson(json.loads(str(files["extra"]))) if "extra" in files else {}


__all__ = ["save_checkpoint", "load_checkpoint", "pack"]
