"""The Derivation (a derivative with its steps) and its value at a point, :class:`PointValue`.

    d = mb.diff("x^2 + 3xy + y - 3", "x")
    d.result          # 2*x + 3*y
    d.at(x=4, y=-2)   # 2
    print(d.text("ko"))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from mibun import budget as _budget
from mibun.errors import InputError, NotDifferentiableError
from mibun.report import Report, words
from mibun.report.document import Block
from mibun.symbolic.derivation import render
from mibun.symbolic.derivation.printing import text_of
from mibun.symbolic.parser import parse
from mibun.symbolic.rules import Step


@dataclass
class PointValue:
    """The derivative's value at a point: ``exact`` (SymPy) and ``value`` (float, complex or array)."""

    exact: Any
    value: Any

    def __float__(self) -> float:
        return float(self.value)

    def __eq__(self, other):
        if isinstance(other, PointValue):
            return self.exact == other.exact
        try:
            return bool(np.all(np.isclose(self.value, other)))
        except TypeError:
            return NotImplemented

    def __repr__(self) -> str:
        return f"{text_of(self.exact)} ≈ {self.value}" if self.exact != self.value else f"{self.value}"


class Derivation(Report):
    """A derivative with its steps. ``.result`` (SymPy), ``.steps`` (list of :class:`Step` trees),
    ``.text(lang)``, ``.latex(lang)``, ``.markdown(lang)``, ``.to_dict(lang)``, ``.to_json()``,
    ``.at(**values)``, Jupyter display. The step layout lives in ``derivation/blocks.py``; the report
    layer (``mibun.report``) renders it as text, LaTeX, HTML and Markdown."""

    #: the textbook's written form of the answer, set only where it differs (softmax Jacobian); render reads
    #: it with getattr
    answer_form: Any

    def __init__(self, expr, var, steps: list[Step], result, *, heading: tuple[str, dict] | None = None,
                 answer_lhs: tuple[str, str] | None = None, method: str = "rules", verified: bool | None = True,
                 partial: bool = False, notes: list | None = None, point: dict | None = None):
        self.expr = expr
        self.notes = list(notes or [])      # how the input was read (mibun.symbolic.parser.Note)
        self.point = point                  # f'(2): the requested point, its value shown with the answer
        self.var = var
        self.steps = steps
        self.result = result
        self.method = method
        self.verified = verified
        self.partial = partial
        self._heading = heading
        self._answer_lhs = answer_lhs

    # -- convenience
    def _sympy_(self):
        """``sympy.sympify(d)`` is the result, so a Derivation can be used where SymPy wants an expression."""
        return self.result

    @property
    def wrt(self):
        return self.var

    def rules(self) -> set[str]:
        """The names of all rules used."""
        out: set[str] = set()
        for s in self.steps:
            out |= s.rules()
        return out

    def __repr__(self) -> str:
        return f"<Derivation {self._lhs(False)} = {text_of(self.result)}>"

    def __str__(self) -> str:
        return self.text()

    # -- values
    def at(self, **values) -> PointValue:
        """The derivative at a point (``d.at(x=4, y=-2)``): exact where SymPy can, and as a number.

        Raises NotDifferentiableError at a corner of relu/|·|/max/min (where H(0) or sign(0) would appear)."""
        names = {s.name: s for s in _free(self.result) | _free(self.expr)}
        subs = {}
        for k, v in values.items():
            if k not in names:
                raise InputError("symbolic.err.not_variable_variables", k=k, expr=text_of(self.expr),
                                 names=", ".join(sorted(names)) or "—")
            subs[names[k]] = _exact(v)
        for h in _atoms(self.result, sp.Heaviside, sp.sign):
            arg = h.args[0].xreplace(subs)
            if arg.is_number and arg.is_zero:
                raise NotDifferentiableError(
                    "symbolic.err.not_differentiable_corner_left",
                    point=_where(values), arg=text_of(h.args[0]))
        exact = self.result.xreplace(subs)
        exact = exact.doit() if hasattr(exact, "doit") else exact
        if isinstance(exact, sp.MatrixBase):
            exact = exact.applyfunc(lambda v: sp.nsimplify(v) if v.is_Float else sp.simplify(v))
            vals = np.array([[_num(v) for v in exact.row(i)] for i in range(exact.rows)])
            return PointValue(exact, vals)
        if exact.free_symbols:
            return PointValue(exact, exact)
        exact = sp.simplify(exact) if sp.count_ops(exact) < 30 else exact
        if exact.has(sp.zoo, sp.nan) or exact.is_infinite:   # 1/x² at 0: no number to give
            raise NotDifferentiableError("symbolic.err.undefined_at", deriv=text_of(self.result),
                                         point=_where(values),
                                         expr=text_of(self.expr))
        exact = _shrink_huge(exact)
        return PointValue(exact, _num(exact))

    # -- rendering
    _css = "mibun-derivation"

    def blocks(self, lang: str) -> list[Block]:
        """The heading, the step tree and the answer (``derivation/blocks.py``); ``text(lang)``,
        ``latex``, ``markdown``, ``html`` and the notebook display all render these."""
        from mibun.symbolic.derivation.blocks import derivation_blocks

        return derivation_blocks(self, lang)
    @property
    def heading_message(self) -> tuple[str, dict] | None:
        """The catalogue key and fields of the heading the derivation was given (None: the default)."""
        return self._heading

    @property
    def answer_lhs(self) -> tuple[str, str] | None:
        """The left-hand side the derivation was given (text, LaTeX), e.g. dy/dx; None: d/dx (expr)."""
        return self._answer_lhs

    def lhs(self, latex: bool = False) -> str:
        """The left-hand side of the answer as text or LaTeX: d/dx (x^2), ∂f/∂x, dy/dx."""
        return render.lhs(self, latex)

    def _lhs(self, latex: bool) -> str:
        return render.lhs(self, latex)

    @words()
    def heading(self, lang=None, latex=False) -> str:
        return render.heading(self, lang, latex)

    def _repr_latex_(self) -> str:
        return f"$$\n{self.latex()}\n$$"

    # -- the JSON (mibun.report's one path): these fields, expressions as text; the heading and every step's
    # title and notes in the requested language (the same methods the blocks call); "var" is written "wrt"
    _dict_fields = ("expr", "var", "method", "partial", "steps", "result", "verified", "notes")
    _dict_names = {"var": "wrt"}
    _dict_lang = True

    def _dict_value(self, name: str, value: Any) -> Any:
        if name in ("expr", "var", "result"):
            return text_of(value)
        if name == "steps":
            return [render.StepView(s) for s in value]
        return value

    def _dict_extra(self) -> dict[str, Any]:
        from mibun.symbolic.derivation.printing import latex_of

        return {"expr_latex": latex_of(self.expr), "result_latex": latex_of(self.result),
                "sympy": sp.srepr(self.result) if isinstance(self.result, sp.Basic) else str(self.result)}


def _free(e) -> set:
    if isinstance(e, (list, tuple)):
        out = set()
        for v in e:
            out |= _free(v)
        return out
    return set(getattr(e, "free_symbols", set()))


def _atoms(e, *types):
    if isinstance(e, sp.MatrixBase):
        out = set()
        for v in e:
            out |= v.atoms(*types)
        return out
    return e.atoms(*types) if isinstance(e, sp.Basic) else set()


def _where(values: dict) -> str:
    """x = 0, y = 1.5 (floats as %g: 0, not 0.0)."""
    return ", ".join(f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}" for k, v in values.items())


def _exact(v):
    if isinstance(v, sp.Basic):
        return v
    if isinstance(v, bool):
        raise InputError("symbolic.err.value_number_not_bool")
    if isinstance(v, int):
        return sp.Integer(v)
    if isinstance(v, float):
        return sp.Float(v) if not float(v).is_integer() else sp.Integer(int(v))
    if isinstance(v, str):
        return parse(v)
    try:
        from fractions import Fraction

        if isinstance(v, Fraction):
            return sp.Rational(v.numerator, v.denominator)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(v, (np.integer,)):
        return sp.Integer(int(v))
    if isinstance(v, (np.floating,)):
        return sp.Float(float(v))
    raise InputError("symbolic.err.cannot_as_value_number", v=v)


def _shrink_huge(e):
    """Exact numbers over 1000 digits become 15-digit floats (1000·x^999 at x = 10^300): printing them is
    useless and Python refuses to (4300 digits); converted from the leading bits, so it is instant."""
    huge = [a for a in e.atoms(sp.Rational) if _budget.exact_digits(a) > 1000]
    if not huge:
        return e
    import mpmath

    def approx(r):
        sp_, sq = max(0, abs(r.p).bit_length() - 64), max(0, r.q.bit_length() - 64)
        top = abs(r.p) >> sp_
        m = mpmath.mpf(top if r.p >= 0 else -top) / mpmath.mpf(r.q >> sq)
        return sp.Float(mpmath.ldexp(m, sp_ - sq), 15)

    return sp.N(e.xreplace({a: approx(a) for a in huge}), 15)


def _num(v):
    c = complex(sp.N(v, 17))
    return c.real if abs(c.imag) <= 1e-14 * max(1.0, abs(c.real)) else c
