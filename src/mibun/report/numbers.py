"""The one number formatter of mibun: every report, table and command prints numbers through ``fmt``.

    fmt(0.1 + 0.2)            '0.3'    (15 significant digits by default)
    fmt(2/3, 4)               '0.6667'
    fmt(math.inf)             '∞'      fmt(-math.inf) '−∞'     fmt(math.nan) 'NaN'     fmt(None) '—'
    fmt(1.2e-5, 3, compact=True)  '1.20e-05'  (plain between 1e-3 and 1e4, scientific outside)
    fmt(np.array([1.0, 2.5]))  '[1. , 2.5]'
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

NONE = "—"


def _scalar(v: float, digits: int, compact: bool, ascii_inf: bool) -> str:
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        if ascii_inf:
            return "inf" if v > 0 else "-inf"
        return "∞" if v > 0 else "−∞"
    if v == 0 or f"{v:.{digits}g}" in ("-0", "0"):
        return "0"  # no "-0" for a value that rounds to zero
    if compact:
        if not 1e-3 <= abs(v) < 1e4:
            return f"{v:.{max(digits - 1, 0)}e}"
    return f"{v:.{digits}g}"


def fmt(v: Any, digits: int = 15, *, compact: bool = False, ascii_inf: bool = False,
        array_digits: int | None = None) -> str:
    """``v`` for display: ``digits`` significant digits (``compact``: scientific outside [1e-3, 1e4)),
    ±∞ (or ``inf``/``-inf`` with ``ascii_inf``), NaN, ``—`` for None; arrays compactly (``array_digits``
    decimals, default min(digits, 8)); anything else by ``str``."""
    if v is None:
        return NONE
    if isinstance(v, (list, tuple)) and v and all(isinstance(u, (int, float, np.number)) for u in v):
        v = np.asarray(v, dtype=float)
    if isinstance(v, np.ndarray):
        if v.ndim == 0:
            v = v.item()
        else:
            prec = min(digits, 8) if array_digits is None else array_digits
            return np.array2string(v, precision=prec, separator=", ", threshold=20)
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)) and not compact:
        return str(int(v))
    if isinstance(v, (float, int, np.floating, np.integer)):
        return _scalar(float(v), digits, compact, ascii_inf)
    if isinstance(v, complex):
        return str(v)
    return str(v)


def fmt_sci(v: Any, digits: int = 2) -> str:
    """A small error or difference: ``1.23e-05`` (``digits`` decimals of the mantissa)."""
    if v is None:
        return NONE
    x = float(np.asarray(v, dtype=float).max()) if np.ndim(v) else float(v)
    if math.isnan(x) or math.isinf(x):
        return _scalar(x, digits, False, False)
    return f"{x:.{digits}e}"


__all__ = ["fmt", "fmt_sci", "NONE"]
