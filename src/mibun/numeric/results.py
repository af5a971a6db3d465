"""Result objects of mibun.numeric: plain classes with a readable repr, ``.text(lang)`` (ko/en from
the message catalogue), ``.to_dict()`` (JSON-ready) and ``_repr_html_`` for notebooks."""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np

from mibun.i18n import display_width, rjust, t


def _num(v: Any) -> Any:
    """JSON-ready form of a number or array (inf/nan as strings, arrays as nested lists)."""
    if v is None:
        return None
    if isinstance(v, np.ndarray):
        if v.ndim == 0:
            return _num(v.item())
        return [_num(u) for u in v]
    if isinstance(v, (np.floating, np.integer)):
        v = v.item()
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v
    if isinstance(v, (int, bool, str)):
        return v
    if isinstance(v, (list, tuple)):
        return [_num(u) for u in v]
    return str(v)


def fmt(v: Any, digits: int = 15) -> str:
    """A number for display: up to ``digits`` significant digits, ±∞, NaN, arrays compactly."""
    if v is None:
        return "—"
    if isinstance(v, np.ndarray) and v.ndim > 0:
        return np.array2string(v, precision=min(digits, 8), separator=", ", threshold=20)
    if isinstance(v, np.ndarray):
        v = v.item()
    if isinstance(v, (float, np.floating, int, np.integer)):
        v = float(v)
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "∞" if v > 0 else "−∞"
        return f"{v:.{digits}g}"
    return str(v)


def _note_text(note: tuple[str, dict], lang: str | None) -> str:
    key, fields = note
    return t(key, lang, **{k: fmt(v, 6) if isinstance(v, (float, np.floating)) else v for k, v in fields.items()})


class Table:
    """A small table: ``columns`` (catalogue keys or literal headers) and ``rows`` (tuples of values)."""

    def __init__(self, columns: list[str], rows: list[tuple], title: str | None = None,
                 notes: list[tuple[str, dict]] | None = None, title_fields: dict | None = None):
        self.columns = list(columns)
        self.rows = [tuple(r) for r in rows]
        self.title = title
        self.title_fields = title_fields or {}
        self.notes = list(notes or [])

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list:
        """The values of one column, by its key."""
        i = self.columns.index(name)
        return [r[i] for r in self.rows]

    def headers(self, lang: str | None = None) -> list[str]:
        return [t(c, lang) for c in self.columns]

    def cells(self) -> list[list[str]]:
        """The rows as formatted strings (as the text table shows them)."""
        return self._cells()

    def _cells(self) -> list[list[str]]:
        digits = [3 if ("error" in c or "order" in c) else 12 for c in self.columns]

        def cell(v, d, col):
            if isinstance(v, str):
                return v
            if "order" in col and isinstance(v, float) and math.isnan(v):
                return "—"  # no order for the first row (or where an error is 0)
            return fmt(v, d)

        return [[cell(v, d, c) for v, d, c in zip(r, digits, self.columns)] for r in self.rows]

    def text(self, lang: str | None = None) -> str:
        heads = self.headers(lang)
        cells = self._cells()
        widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(heads)]
        lines = []
        if self.title:
            lines.append(t(self.title, lang, **self.title_fields))
        lines.append("  ".join(rjust(h, w) for h, w in zip(heads, widths)))
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(rjust(c, w) for c, w in zip(r, widths)) for r in cells]
        lines += [_note_text(n, lang) for n in self.notes]
        return "\n".join(lines)

    def _repr_html_(self, lang: str | None = None) -> str:
        e = html.escape
        out = ["<table class='mibun-table'>"]
        if self.title:
            out.append(f"<caption>{e(t(self.title, lang, **self.title_fields))}</caption>")
        out.append("<tr>" + "".join(f"<th>{e(h)}</th>" for h in self.headers(lang)) + "</tr>")
        for r in self._cells():
            out.append("<tr>" + "".join(f"<td style='text-align:right'>{e(c)}</td>" for c in r) + "</tr>")
        out.append("</table>")
        out += [f"<p>{e(_note_text(n, lang))}</p>" for n in self.notes]
        return "".join(out)

    def to_dict(self) -> dict:
        return {"columns": self.columns, "rows": [[_num(v) for v in r] for r in self.rows],
                "title": self.title, "notes": [t(k, "en", **f) for k, f in self.notes]}

    def __repr__(self) -> str:
        return self.text("en")

    __str__ = __repr__


class DerivativeResult:
    """A numerical derivative (or partial/gradient/Jacobian/Hessian) with its error estimate.

    ``value`` and ``error`` are floats (scalar x) or arrays; ``|true − value| ≤ error`` is what the
    estimate claims. ``differentiable`` is False (and ``left``/``right`` set) only for results asked for
    with ``on_kink="flag"``; by default a kink raises NotDifferentiableError.
    """

    def __init__(self, value: Any, error: Any, evaluations: int, h: Any, method: str, *, n: int = 1,
                 x: Any = None, kind: str = "derivative", differentiable: Any = True,
                 left: Any = None, right: Any = None, notes: list[tuple[str, dict]] | None = None):
        self.value = value
        self.error = error
        self.evaluations = int(evaluations)
        self.h = h
        self.method = method
        self.n = n
        self.x = x
        self.kind = kind
        self.differentiable = differentiable
        self.left = left
        self.right = right
        self.notes = list(notes or [])

    def __float__(self) -> float:
        return float(np.asarray(self.value))

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.value, dtype=dtype)

    def text(self, lang: str | None = None) -> str:
        key = {"derivative": "numeric.summary.derivative"}.get(self.kind, "numeric.summary.multi")
        fname = "f" + ("'" * self.n if self.n <= 3 else f"^({self.n})")
        lines = [t(key, lang, fname=fname, x=fmt(self.x, 10), value=fmt(self.value), error=fmt(self.error, 2),
                   method=t(f"numeric.method.{self.method}", lang),
                   evaluations=self.evaluations, what=t(f"numeric.kind.{self.kind}", lang))]
        if not np.all(np.asarray(self.differentiable, dtype=bool)):
            lines.append(t("numeric.kink", lang, left=fmt(self.left), right=fmt(self.right)))
        lines += [_note_text(n, lang) for n in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "n": self.n, "x": _num(np.asarray(self.x)) if self.x is not None else None,
                "value": _num(np.asarray(self.value)), "error": _num(np.asarray(self.error)),
                "evaluations": self.evaluations, "h": _num(np.asarray(self.h)), "method": self.method,
                "differentiable": _num(np.asarray(self.differentiable)), "left": _num(self.left),
                "right": _num(self.right), "notes": [t(k, "en", **f) for k, f in self.notes]}

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(self.text()) + "</pre>"

    def __repr__(self) -> str:
        extra = "" if np.all(np.asarray(self.differentiable, dtype=bool)) else \
            f", differentiable=False, left={fmt(self.left)}, right={fmt(self.right)}"
        return (f"{type(self).__name__}(value={fmt(self.value)}, error={fmt(self.error, 2)}, "
                f"evaluations={self.evaluations}, method={self.method!r}{extra})")


class LimitResult:
    """A numerical limit, classified: ``kind`` is one of "finite", "infinite", "jump", "oscillating",
    "undefined" (f not defined on a requested side) or "unbounded" (sides go to different infinities).

    ``exists`` is True only for a finite limit (a limit of ±∞ has ``value`` ±inf but ``exists`` False:
    the function diverges); when no limit exists ``value`` is NaN. ``left``/``right`` are the one-sided
    limits (None when that side was not asked for), ``table`` the values approaching x₀, ``symbolic`` the
    SymPy limit when f was an expression.
    """

    def __init__(self, value: float, exists: bool, left: float | None, right: float | None, table: Table,
                 *, x0: float, side: str, kind: str, error: float, evaluations: int, symbolic: Any = None,
                 left_kind: str | None = None, right_kind: str | None = None,
                 notes: list[tuple[str, dict]] | None = None):
        self.value = value
        self.exists = exists
        self.left = left
        self.right = right
        self.table = table
        self.x0 = x0
        self.side = side
        self.kind = kind
        self.error = error
        self.evaluations = evaluations
        self.symbolic = symbolic
        self.left_kind = left_kind
        self.right_kind = right_kind
        self.notes = list(notes or [])

    def __float__(self) -> float:
        return float(self.value)

    def _where(self) -> str:
        x0 = fmt(self.x0, 12)
        return {"both": x0, "+": x0 + "⁺", "-": x0 + "⁻"}[self.side] if math.isfinite(self.x0) else x0

    def text(self, lang: str | None = None) -> str:
        fields = dict(x0=self._where(), value=fmt(self.value, 12), error=fmt(self.error, 2),
                      left=fmt(self.left, 12), right=fmt(self.right, 12))
        lines = [t(f"numeric.limit.{self.kind}", lang, **fields)]
        if self.symbolic is not None:
            lines.append(t("numeric.limit.symbolic", lang, value=str(self.symbolic)))
        lines += [_note_text(n, lang) for n in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"x0": _num(self.x0), "side": self.side, "kind": self.kind, "value": _num(self.value),
                "exists": self.exists, "left": _num(self.left), "right": _num(self.right),
                "left_kind": self.left_kind, "right_kind": self.right_kind, "error": _num(self.error),
                "evaluations": self.evaluations,
                "symbolic": None if self.symbolic is None else str(self.symbolic),
                "table": self.table.to_dict(), "notes": [t(k, "en", **f) for k, f in self.notes]}

    def _repr_html_(self) -> str:
        return "<p>" + html.escape(self.text()).replace("\n", "<br>") + "</p>" + self.table._repr_html_()

    def __repr__(self) -> str:
        return (f"LimitResult(value={fmt(self.value, 12)}, exists={self.exists}, kind={self.kind!r}, "
                f"left={fmt(self.left, 12)}, right={fmt(self.right, 12)}, error={fmt(self.error, 2)}"
                + (f", symbolic={self.symbolic}" if self.symbolic is not None else "") + ")")


__all__ = ["DerivativeResult", "LimitResult", "Table", "fmt"]
