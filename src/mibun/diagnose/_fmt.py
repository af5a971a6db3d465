"""Numbers for the diagnose reports, through the report layer (``mibun.report``: tables and every
rendering come from there)."""

from __future__ import annotations

from typing import Any

from mibun.report import fmt


def num(v: Any, digits: int = 3) -> str:
    """1.23e-05, 0.25, 12.3, NaN, inf, and '—' for None (the report layer's ``fmt``, compact)."""
    return fmt(None if v is None else float(v), digits, compact=True, ascii_inf=True)
