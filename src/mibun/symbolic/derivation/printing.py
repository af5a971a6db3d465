"""Printing expressions for students: plain text (x^2, 3·x·y, e^(2·x), ln(x), σ(x), |x|) and LaTeX."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from mibun.symbolic.rules import Math
from mibun.symbolic.spec_printing import function_latex, function_text


def positive_first(e: sp.Add) -> sp.Add | None:
    """The sum with its terms in SymPy's order, except that a sum whose first term is negative starts with its
    first positive term (``1 − y·cos(x·y)``, ``e^y − x``, ``cos(x) − sin(x)``, as textbooks write them; a
    polynomial in one variable keeps its descending powers, −x² + 4x − 3):
    an unevaluated Add to print with ``order="none"``, or None when the order is already right."""
    signs = {a.could_extract_minus_sign() for a in e.args}
    if len(signs) < 2:                                   # all terms of one sign: nothing to bring forward
        return None
    if len(e.free_symbols) == 1 and e.is_polynomial():   # −x² + 4x − 3: descending powers, as printed
        return None
    terms = e.as_ordered_terms()
    if not terms[0].could_extract_minus_sign():
        return None
    first = next((i for i, a in enumerate(terms) if not a.could_extract_minus_sign()), None)
    if first is None:
        return None
    return sp.Add(terms[first], *terms[:first], *terms[first + 1:], evaluate=False)


class TextPrinter(StrPrinter):
    """Plain-text math for students: x^2, 3·x·y, e^(2·x), ln(x), log_2(x), σ(x), |x|."""

    printmethod = "_mibun_text"

    def _print_Add(self, e, order=None):
        rotated = positive_first(e) if order is None else None
        return super()._print_Add(e, order) if rotated is None else super()._print_Add(rotated, order="none")

    def _print_exp(self, e):
        a = e.args[0]
        s = self._print(a)
        simple = (a.is_Symbol and len(a.name) == 1) or (a.is_Integer and a >= 0)
        return f"e^{s}" if simple else f"e^({s})"

    def _print_log(self, e):
        return f"ln({self._print(e.args[0])})"

    def _print_log_base(self, e):
        return f"log_{self._print(e.args[1])}({self._print(e.args[0])})"

    def _print_Function(self, e):  # every function with a spec prints as its spec says: arcsin(x), σ(x)
        return function_text(e, [self._print(a) for a in e.args]) or super()._print_Function(e)

    # inverse functions (asin, asinh, …) fall to _print_Function and print as their specs say (arcsin,
    # arcsinh); σ, softplus and relu print the same way
    _print_sigmoid = _print_softplus = _print_relu = _print_Function

    def _print_acot(self, e):  # no spec (yet): written like the others, arccot
        return f"arccot({self._print(e.args[0])})"

    def _print_Pi(self, e):
        return "π"

    def _print_Infinity(self, e):
        return "∞"

    def _print_NegativeInfinity(self, e):
        return "-∞"

    def _print_ComplexInfinity(self, e):
        return "∞"

    def _print_NaN(self, e):
        return "∄"

    def _print_Exp1(self, e):
        return "e"

    def _print_AccumulationBounds(self, e):
        return f"[{self._print(e.min)}, {self._print(e.max)}]"

    def _print_Abs(self, e):
        return f"|{self._print(e.args[0])}|"

    def _print_Max(self, e):
        return f"max({', '.join(self._print(a) for a in e.args)})"

    def _print_Min(self, e):
        return f"min({', '.join(self._print(a) for a in e.args)})"

    def _print_Heaviside(self, e):
        return f"H({self._print(e.args[0])})"

    def _print_Pow(self, e, rational=False):
        if e.exp.is_Rational and e.exp.is_negative and e.exp != -1 and not e.base.is_Number:
            return f"1/{self.parenthesize(sp.Pow(e.base, -e.exp, evaluate=False), 50)}"   # 1/x^2, not x^(-2)
        if isinstance(e.base, sp.exp) and e.exp != -1:
            return f"({self._print(e.base)})**{self.parenthesize(e.exp, 60)}"
        return super()._print_Pow(e, rational)

    def _print_Limit(self, e):
        expr, z, z0 = e.args[:3]
        return f"lim_{{{self._print(z)}→{self._print(z0)}}} ({self._print(expr)})"

    def _print_Relational(self, e):
        op = {"==": "=", "!=": "≠", "<=": "≤", ">=": "≥"}.get(e.rel_op, e.rel_op)
        return f"{self._print(e.lhs)} {op} {self._print(e.rhs)}"

    def _print_ImmutableDenseMatrix(self, m):
        rows = ["[" + ", ".join(self._print(v) for v in m.row(i)) + "]" for i in range(m.rows)]
        return "[" + ", ".join(rows) + "]" if m.cols > 1 else "[" + ", ".join(self._print(v) for v in m) + "]"

    _print_MutableDenseMatrix = _print_ImmutableDenseMatrix


_TP = TextPrinter()


def text_of(e: Any) -> str:
    """An expression as plain text (x^2, 3·x·y, e^(2·x))."""
    if isinstance(e, Math):
        return e.text
    if isinstance(e, (list, tuple)):
        return ", ".join(text_of(v) for v in e)
    if not isinstance(e, sp.Basic) and not isinstance(e, sp.MatrixBase):
        return str(e)
    if isinstance(e, sp.Basic):
        hit = _TEXT_CACHE.get(e)
        if hit is None:
            if len(_TEXT_CACHE) >= _CACHE_SIZE:
                _TEXT_CACHE.clear()
            hit = _TEXT_CACHE[e] = _text(e)
        return hit
    return _text(e)


_CACHE_SIZE = 4096
_TEXT_CACHE: dict = {}
_LATEX_CACHE: dict = {}


def _text(e: Any) -> str:
    s = _TP.doprint(e)
    return s.replace("**", "^").replace("*", "·").replace("sqrt(", "√(")


def latex_of(e: Any) -> str:
    if isinstance(e, Math):
        return e.latex
    if isinstance(e, (list, tuple)):
        return ", ".join(latex_of(v) for v in e)
    if not isinstance(e, sp.Basic) and not isinstance(e, sp.MatrixBase):
        return str(e)
    if isinstance(e, sp.Basic):   # the same step expressions are printed for text, LaTeX, HTML and dict
        hit = _LATEX_CACHE.get(e)
        if hit is None:
            if len(_LATEX_CACHE) >= _CACHE_SIZE:
                _LATEX_CACHE.clear()
            hit = _LATEX_CACHE[e] = _LP.doprint(e)
        return hit
    return _LP.doprint(e)


class _Latex(LatexPrinter):
    def _print_Add(self, e, order=None):
        rotated = positive_first(e) if order is None else None
        return super()._print_Add(e, order) if rotated is None else super()._print_Add(rotated, order="none")

    def _print_Function(self, e, exp=None):  # \arcsin, \operatorname{arcsinh}: as the function's spec says
        if not hasattr(e, "_latex"):
            out = function_latex(e, [self._print(a) for a in e.args], exp)
            if out is not None:
                return out
        return super()._print_Function(e, exp)

    def _print_Heaviside(self, e, exp=None):
        s = rf"H\left({self._print(e.args[0])}\right)"
        return rf"{s}^{{{exp}}}" if exp else s


_LP = _Latex({"ln_notation": True, "inv_trig_style": "full"})


def _dvar(var, partial: bool, latex: bool, name_only: bool = False) -> str:
    v = latex_of(var) if latex else text_of(var)
    if latex:
        return rf"\frac{{\partial}}{{\partial {v}}}" if partial else rf"\frac{{d}}{{d{v}}}"
    return f"∂/∂{v}" if partial else f"d/d{v}"


def _wrap(s: str, e: sp.Basic) -> str:
    simple = (e.is_Atom and not (e.is_Number and e.is_negative)) or isinstance(e, sp.Function)
    return s if simple else f"({s})"

