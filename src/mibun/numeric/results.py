"""Result objects of mibun.numeric: dataclasses on the report layer (``mibun.report``) — a readable repr,
``.text(lang)`` (ko/en from the message catalogue), ``.markdown``, ``.latex``, ``_repr_html_`` for
notebooks and ``.to_dict()`` (JSON-ready), all from one renderer."""

from __future__ import annotations

import math
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import numpy as np

from mibun.i18n import t
from mibun.report import Para, Report, TableBlock, fmt, note_text, words
from mibun.report import Table as _ReportTable
from mibun.report.document import Block


def _note_text(note: tuple[str, dict], lang: str | None) -> str:
    return note_text(note, lang)


class Table(_ReportTable):
    """A small table: ``columns`` (catalogue keys or literal headers) and ``rows`` (tuples of values);
    errors and orders are shown with 3 digits, other numbers with 12."""

    def format_cell(self, value: Any, column: str) -> str:
        if isinstance(value, str):
            return value
        if "order" in column and isinstance(value, float) and math.isnan(value):
            return "—"  # no order for the first row (or where an error is 0)
        return fmt(value, 3 if ("error" in column or "order" in column) else 12)


@dataclass(repr=False, eq=False)
class DerivativeResult(Report):
    """A numerical derivative (or partial/gradient/Jacobian/Hessian) with its error estimate.

    ``value`` and ``error`` are floats (scalar x) or arrays; ``|true − value| ≤ error`` is what the
    estimate claims. ``differentiable`` is False (and ``left``/``right`` set) only for results asked for
    with ``on_kink="flag"``; by default a kink raises NotDifferentiableError.
    """

    value: Any
    error: Any
    evaluations: int
    h: Any
    method: str
    _: KW_ONLY
    n: int = 1
    x: Any = None
    kind: str = "derivative"
    differentiable: Any = True
    left: Any = None
    right: Any = None
    notes: list[tuple[str, dict]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.evaluations = int(self.evaluations)
        self.notes = list(self.notes or [])

    def __float__(self) -> float:
        return float(np.asarray(self.value))

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.value, dtype=dtype)

    def blocks(self, lang: str) -> list[Block]:
        key = {"derivative": "numeric.summary.derivative"}.get(self.kind, "numeric.summary.multi")
        fname = "f" + ("'" * self.n if self.n <= 3 else f"^({self.n})")
        lines = [t(key, lang, fname=fname, x=fmt(self.x, 10), value=fmt(self.value), error=fmt(self.error, 2),
                   method=t(f"numeric.method.{self.method}", lang),
                   evaluations=self.evaluations, what=t(f"numeric.kind.{self.kind}", lang))]
        if not np.all(np.asarray(self.differentiable, dtype=bool)):
            lines.append(t("numeric.kink", lang, left=fmt(self.left), right=fmt(self.right)))
        lines += self.note_lines(lang)
        return [Para("\n".join(lines))]

    @words("notes")
    def note_lines(self, lang: str | None = None) -> list[str]:
        """The notes as text in ``lang`` (the text's last lines; in the JSON, ``"notes"``)."""
        return [note_text(n, lang) for n in self.notes]

    def __repr__(self) -> str:
        extra = "" if np.all(np.asarray(self.differentiable, dtype=bool)) else \
            f", differentiable=False, left={fmt(self.left)}, right={fmt(self.right)}"
        return (f"{type(self).__name__}(value={fmt(self.value)}, error={fmt(self.error, 2)}, "
                f"evaluations={self.evaluations}, method={self.method!r}{extra})")


@dataclass(repr=False, eq=False)
class LimitResult(Report):
    """A numerical limit, classified: ``kind`` is one of "finite", "infinite", "jump", "oscillating",
    "undefined" (f not defined on a requested side) or "unbounded" (sides go to different infinities).

    ``exists`` is True only for a finite limit (a limit of ±∞ has ``value`` ±inf but ``exists`` False:
    the function diverges); when no limit exists ``value`` is NaN. ``left``/``right`` are the one-sided
    limits (None when that side was not asked for), ``table`` the values approaching x₀, ``symbolic`` the
    SymPy limit when f was an expression.
    """

    value: float
    exists: bool
    left: float | None
    right: float | None
    table: Table
    _: KW_ONLY
    x0: float
    side: str
    kind: str
    error: float
    evaluations: int
    symbolic: Any = None
    left_kind: str | None = None
    right_kind: str | None = None
    notes: list[tuple[str, dict]] = field(default_factory=list)
    var: str = "x"

    def __post_init__(self) -> None:
        self.notes = list(self.notes or [])

    def __float__(self) -> float:
        return float(self.value)

    def _where(self) -> str:
        x0 = fmt(self.x0, 12)
        return {"both": x0, "+": x0 + "⁺", "-": x0 + "⁻"}[self.side] if math.isfinite(self.x0) else x0

    def blocks(self, lang: str) -> list[Block]:
        fields = dict(x0=self._where(), value=fmt(self.value, 12), error=fmt(self.error, 2),
                      left=fmt(self.left, 12), right=fmt(self.right, 12), var=self.var)
        lines = [t(f"numeric.limit.{self.kind}", lang, **fields)]
        if self.symbolic is not None:
            from mibun.numeric.limits import sym_text

            bounds = type(self.symbolic).__name__ == "AccumulationBounds"   # oscillates within [a, b]
            lines.append(t("numeric.limit.symbolic_bounds" if bounds else "numeric.limit.symbolic", lang,
                           value=sym_text(self.symbolic)))
        lines += self.note_lines(lang)
        return [Para("\n".join(lines)), TableBlock(self.table, in_text=False)]

    @words("notes")
    def note_lines(self, lang: str | None = None) -> list[str]:
        """The notes as text in ``lang`` (the text's last lines; in the JSON, ``"notes"``)."""
        return [note_text(n, lang) for n in self.notes]

    def _dict_value(self, name: str, value: Any) -> Any:
        if name == "symbolic":
            from mibun.numeric.limits import sym_text

            return None if value is None else sym_text(value)
        return super()._dict_value(name, value)

    def __repr__(self) -> str:
        return (f"LimitResult(value={fmt(self.value, 12)}, exists={self.exists}, kind={self.kind!r}, "
                f"left={fmt(self.left, 12)}, right={fmt(self.right, 12)}, error={fmt(self.error, 2)}"
                + (f", symbolic={self.symbolic}" if self.symbolic is not None else "") + ")")


__all__ = ["DerivativeResult", "LimitResult", "Table", "fmt"]
