"""Small formatting helpers shared by the diagnose reports: numbers, aligned text tables, HTML tables."""

from __future__ import annotations

import html as _html
import math
from collections.abc import Sequence
from typing import Any

from mibun.i18n import display_width, ljust, rjust


def num(v: Any, digits: int = 3) -> str:
    """1.23e-05, 0.25, 12.3, NaN, inf, and '—' for None."""
    if v is None:
        return "—"
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    if 1e-3 <= abs(v) < 1e4:
        return f"{v:.{digits}g}"
    return f"{v:.{max(digits - 1, 0)}e}"


def text_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], first_left: bool = True) -> str:
    """An aligned plain-text table (wide Hangul characters count as two columns)."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(r):
        return "  ".join((ljust if (i == 0 and first_left) else rjust)(c, w) for i, (c, w) in enumerate(zip(r, widths)))

    out = [line(list(headers)), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out)


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
    """A float for JSON: None for NaN, the strings 'inf'/'-inf' for infinities."""
    if v is None:
        return None
    v = float(v)
    if math.isnan(v):
        return None
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v
