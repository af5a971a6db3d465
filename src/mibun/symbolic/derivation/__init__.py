"""The Derivation: a derivative with its steps, verified against SymPy, rendered as text, LaTeX, HTML or a
JSON-ready dict in Korean or English (all words from the message catalogues in :mod:`mibun.i18n`).

    d = mb.diff("x^2 + 3xy + y - 3", "x")
    d.result          # 2*x + 3*y
    d.at(x=4, y=-2)   # 2
    print(d.text("ko"))

Modules: :mod:`.result` (Derivation, PointValue), :mod:`.api` (diff), :mod:`.simplify`, :mod:`.verify`
(against SymPy), :mod:`.printing` (expressions as text/LaTeX), :mod:`.render` (the step tree as text, LaTeX,
HTML, dict).
"""

from mibun.symbolic.derivation.api import _as_expr, as_symbol, derivation_for, diff
from mibun.symbolic.derivation.printing import TextPrinter, _dvar, _wrap, latex_of, text_of
from mibun.symbolic.derivation.result import Derivation, PointValue, _free
from mibun.symbolic.derivation.simplify import _nesting, _shortest, simplify
from mibun.symbolic.derivation.verify import (
    VerificationError,
    _difference_agree,
    _numeric_agree,
    _sympy_oracle,
    verify,
)

__all__ = ["Derivation", "PointValue", "VerificationError", "diff", "verify", "simplify", "text_of", "latex_of",
           "as_symbol", "derivation_for", "TextPrinter", "_as_expr", "_dvar", "_wrap", "_free", "_nesting",
           "_shortest", "_difference_agree", "_numeric_agree", "_sympy_oracle"]
