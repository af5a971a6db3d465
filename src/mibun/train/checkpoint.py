"""Checkpoints as ``.npz`` files (NumPy arrays only — never pickle): the model's state dict, the
optimizer's state and hyperparameters, and any extra numbers. Loading uses ``allow_pickle=False``.

Writes are atomic: the archive is written to a temporary file in the same folder, flushed to disk, and
then renamed over the target (``os.replace``), so a crash mid-write never leaves a half-written
checkpoint in place of a good one. Values round-trip bit for bit. A SHA-256 checksum over every array and
the metadata is stored with them and verified on loading: a truncated or tampered file is refused with a
clear error.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

import numpy as np

from mibun.autodiff.devices import host_array, is_foreign
from mibun.errors import InputError

_FORMAT = "mibun-checkpoint-2"
_FORMATS = ("mibun-checkpoint-1", _FORMAT)  # version 1 (no checksum) still loads
_CHECKSUM = "__checksum__"


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
            arrays[f"model/{k}"] = host_array(v, copy=False)  # a device model's arrays are saved from the host
    if optimizer is not None:
        sd = optimizer.state_dict()
        groups = [{k: _jsonable(v) for k, v in g.items()} for g in sd["param_groups"]]
        scalars: dict[str, dict[str, str]] = {}
        for i, st in sd["state"].items():
            for k, v in st.items():
                if isinstance(v, np.ndarray) or is_foreign(v):
                    arrays[f"optim/state/{i}/{k}"] = host_array(v, copy=False)
                else:
                    arrays[f"optim/state/{i}/{k}"] = np.array(v)
                    scalars.setdefault(str(i), {})[k] = type(v).__name__
        meta = {"type": type(optimizer).__name__, "param_groups": groups, "scalars": scalars}
        arrays["optim/meta"] = np.array(json.dumps(meta))
    if extra:
        arrays["extra"] = np.array(json.dumps({k: _jsonable(v) for k, v in extra.items()}))
    return arrays


def checksum(arrays: dict[str, np.ndarray]) -> str:
    """SHA-256 over every array's name, dtype, shape and bytes (in name order), metadata included."""
    h = hashlib.sha256()
    for k in sorted(arrays):
        if k == _CHECKSUM:
            continue
        a = np.ascontiguousarray(arrays[k])
        h.update(k.encode("utf-8") + b"\0" + a.dtype.str.encode() + b"\0" + repr(a.shape).encode() + b"\0")
        h.update(a.tobytes())
    return h.hexdigest()


def save_checkpoint(path: str | os.PathLike, model: Any = None, optimizer: Any = None,
                    extra: dict[str, Any] | None = None, lang: str | None = None) -> str:
    """Write model (and optimizer) state to ``path`` atomically, with a checksum; returns the path.

    The path is checked first (a folder, an unwritable place → InputError); the archive goes to a
    temporary file in the same folder, is flushed to disk and renamed over ``path``, so a process killed
    while saving leaves the previous checkpoint as it was."""
    from mibun.files import atomic_write

    arrays = pack(model, optimizer, extra)
    arrays[_CHECKSUM] = np.array(checksum(arrays))
    with atomic_write(path, "wb", lang=lang) as fh:
        np.savez(fh, **arrays)  # type: ignore[arg-type]  # numpy types **kwds as allow_pickle
    return os.fspath(path)


def read_checkpoint(path: str | os.PathLike, lang: str | None = None) -> dict[str, np.ndarray]:
    """Every array of a checkpoint file, verified (format marker and checksum). A missing, truncated,
    tampered or foreign file raises a clear MibunError (never BadZipFile)."""
    from mibun._rtext import error
    from mibun.errors import MibunError

    p = os.fspath(path)
    if not os.path.isfile(p):
        raise error(InputError, "reliability.checkpoint.missing", lang, path=p)
    try:
        with np.load(p, allow_pickle=False) as z:
            files = {k: z[k] for k in z.files}
    except MibunError:
        raise
    except Exception as exc:  # BadZipFile, zlib.error, EOFError, ValueError, OSError, KeyError, …
        raise error(InputError, "reliability.checkpoint.unreadable", lang, path=p,
                    reason=f"{type(exc).__name__}: {exc}"[:160]) from None
    fmt = str(files.get("__format__", ""))
    if fmt not in _FORMATS:
        raise error(InputError, "reliability.checkpoint.unreadable", lang, path=p,
                    reason=f"no {_FORMAT!r} marker")
    if fmt != "mibun-checkpoint-1":  # version 1 files carry no checksum
        stored = str(files.get(_CHECKSUM, ""))
        if stored != checksum(files):
            raise error(InputError, "reliability.checkpoint.checksum", lang, path=p)
    return files


def load_checkpoint(path: str | os.PathLike, model: Any = None, optimizer: Any = None,
                    strict: bool = True, lang: str | None = None) -> dict[str, Any]:
    """Restore ``model`` and ``optimizer`` from a checkpoint written by ``save_checkpoint``; returns the
    extra values (a dict). The checksum is verified first."""
    files = read_checkpoint(path, lang)
    try:
        meta_extra = _unjson(json.loads(str(files["extra"]))) if "extra" in files else {}
    except ValueError as exc:
        from mibun._rtext import error

        raise error(InputError, "reliability.checkpoint.unreadable", lang, path=os.fspath(path),
                    reason=str(exc)[:160]) from None
    if model is not None:
        model_state = {k[len("model/"):]: v for k, v in files.items() if k.startswith("model/")}
        model.load_state_dict(model_state, strict=strict)
    if optimizer is not None:
        if "optim/meta" not in files:
            raise InputError("train.err.no_optimizer_state", lang=lang, path=path)
        meta = json.loads(str(files["optim/meta"]))
        if meta["type"] != type(optimizer).__name__:
            raise InputError("train.err.optimizer_type", lang=lang, path=path, saved=meta["type"],
                             kind=type(optimizer).__name__)
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
    return meta_extra


__all__ = ["save_checkpoint", "load_checkpoint", "read_checkpoint", "checksum", "pack"]
