"""The one JSON encoder of mibun: ``to_jsonable`` turns results into plain JSON data, ``dumps`` writes it.

Arrays become nested lists, NumPy scalars Python numbers, NaN ``null`` and ±∞ the strings ``"inf"`` and
``"-inf"`` (JSON has neither), reports their ``to_dict()``, dataclasses their fields, SymPy and other
objects their ``str``.
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import numpy as np


def to_jsonable(v: Any) -> Any:
    """``v`` as JSON-safe data (dicts with str keys, lists, str, int, float, bool, None)."""
    if v is None or isinstance(v, (str, bool)):
        return v
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        x = float(v)
        if math.isnan(x):
            return None
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x
    if isinstance(v, np.ndarray):
        return to_jsonable(v.tolist()) if v.ndim else to_jsonable(v.item())
    if isinstance(v, dict):
        return {str(k): to_jsonable(u) for k, u in v.items()}
    if isinstance(v, (list, tuple, set, frozenset)):
        return [to_jsonable(u) for u in v]
    to_dict = getattr(v, "to_dict", None)
    if callable(to_dict) and not isinstance(v, type):
        return to_jsonable(to_dict())
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: to_jsonable(getattr(v, f.name)) for f in dataclasses.fields(v) if not f.name.startswith("_")}
    if isinstance(v, complex):
        return {"real": to_jsonable(v.real), "imag": to_jsonable(v.imag)}
    return str(v)


def dumps(v: Any, indent: int | None = 2) -> str:
    """JSON text of ``v`` (through ``to_jsonable``; Korean and symbols kept as they are)."""
    return json.dumps(to_jsonable(v), ensure_ascii=False, indent=indent)


__all__ = ["to_jsonable", "dumps"]
