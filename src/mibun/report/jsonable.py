"""The one JSON encoder of mibun: ``to_jsonable`` turns results into plain JSON data, ``dumps`` writes it.

Arrays become nested lists, NumPy scalars Python numbers, NaN ``null`` and ±∞ the strings ``"inf"`` and
``"-inf"`` (JSON has neither), reports and records their ``to_dict(lang)`` (their words in ``lang``), tables
their ``to_dict(lang)``, dataclasses their fields, SymPy and other objects their ``str``. ``Summary(a)``
writes an array as its shape, dtype and values, or summary statistics when it is large.
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import numpy as np


class Summary:
    """An array shown in JSON as ``{"shape", "dtype", "values"}`` (at most ``limit`` elements) or, when
    larger, ``{"shape", "dtype", "mean", "min", "max", "norm"}``."""

    __slots__ = ("array", "limit")

    def __init__(self, array: Any, limit: int = 12) -> None:
        self.array = np.asarray(array)
        self.limit = limit

    def to_dict(self) -> dict[str, Any]:
        a = self.array
        d: dict[str, Any] = {"shape": list(a.shape), "dtype": str(a.dtype)}
        if a.dtype.kind == "b":
            a = a.astype(np.float64)
        if a.size <= self.limit:
            d["values"] = _finite_or_text(a.tolist())
        else:
            b = np.asarray(a, dtype=np.float64)
            stats = {"mean": np.mean(b), "min": np.min(b), "max": np.max(b), "norm": np.linalg.norm(b.ravel())}
            d.update({k: _finite_or_text(v) for k, v in stats.items()})
        return d


def _finite_or_text(x: Any) -> Any:
    """Numbers in a ``Summary``: NaN and ±∞ as the strings "nan", "inf", "-inf"."""
    if isinstance(x, list):
        return [_finite_or_text(v) for v in x]
    if isinstance(x, (float, np.floating, int, np.integer)) and not isinstance(x, (bool, np.bool_)):
        v = float(x)
        return v if math.isfinite(v) else str(v)
    return x


def to_jsonable(v: Any, lang: str | None = None) -> Any:
    """``v`` as JSON-safe data (dicts with str keys, lists, str, int, float, bool, None); the words of
    reports, records and tables in ``lang``."""
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
        return {str(k): to_jsonable(u, lang) for k, u in v.items()}
    if isinstance(v, (list, tuple, set, frozenset)):
        return [to_jsonable(u, lang) for u in v]
    if isinstance(v, Summary):
        return v.to_dict()
    to_dict = getattr(v, "to_dict", None)
    if callable(to_dict) and not isinstance(v, type):
        if getattr(v, "_words_in_json", False):
            # a report, record or table (mibun.report): its words in ``lang``, already encoded by this function
            return to_dict(lang)
        return to_jsonable(to_dict(), lang)
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: to_jsonable(getattr(v, f.name), lang) for f in dataclasses.fields(v)
                if not f.name.startswith("_")}
    if isinstance(v, complex):
        return {"real": to_jsonable(v.real), "imag": to_jsonable(v.imag)}
    return str(v)


def dumps(v: Any, indent: int | None = 2) -> str:
    """JSON text of ``v`` (through ``to_jsonable``; Korean and symbols kept as they are)."""
    return json.dumps(to_jsonable(v), ensure_ascii=False, indent=indent)


__all__ = ["to_jsonable", "dumps", "Summary"]
