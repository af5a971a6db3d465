"""Formatting for the diagnose reports, through the report layer (``mibun.report``): numbers, aligned text
tables, HTML tables, JSON numbers."""

from __future__ import annotations

import html as _html
from collections.abc import Sequence
from typing import Any

from mibun.report import fmt, render_table, to_jsonable


def num(v: Any, digits: int = 3) -> str:
    """1.23e-05, 0.25, 12.3, NaN, inf, and '—' for None (the report layer's ``fmt``, compact)."""
    return fmt(None if v is None else float(v), digits, compact=True, ascii_inf=True)


def text_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], first_left: bool = True) -> str:
    """An aligned plain-text table (the report layer's ``render_table``)."""
    return render_table(headers, rows, first_left=first_left)


def html_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None,
               notes: Sequence[str] = ()) -> str:
    e = _html.escape
    parts = ['<div class="mibun-diagnose">']
    if title:
        parts.append(f"<h4>{e(title)}</h4>")
    parts.append("<table><thead><tr>" + "".join(f"<th>{e(str(h))}</th>" for h in headers) + "</tr></thead><tbody>")
    for r in rows:
        parts.append("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>")
    parts.append("</tbody></table>")
    for n in notes:
        parts.append(f"<p>{e(n)}</p>")
    parts.append("</div>")
    return "".join(parts)


def finite_or_none(v: Any) -> Any:
    """A float for JSON (the report layer's ``to_jsonable``): None for NaN, 'inf'/'-inf' for infinities."""
    return None if v is None else to_jsonable(float(v))
