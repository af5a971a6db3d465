"""How a function prints, read from its spec (:mod:`mibun.functions`): plain text ``arcsin(x)`` and LaTeX
``\\arcsin{\\left(x \\right)}``, never SymPy's ``asin``. The printers of :mod:`mibun.symbolic` call these
from their ``_print_Function``."""

from __future__ import annotations

from functools import cache

import sympy as sp

from mibun.functions import FunctionSpec, by_sympy

# families whose functions print as name(argument); the others have their own notation (e^x, |x|, √x)
_BY_NAME = ("trig", "hyperbolic", "special", "activations", "elementary")


@cache
def _by_name() -> dict[type, FunctionSpec]:
    return {cls: s for cls, s in by_sympy().items() if s.family in _BY_NAME}


def _spec_of(cls: type) -> FunctionSpec | None:
    return _by_name().get(cls)


def function_text(e: sp.Basic, arg_texts: list[str]) -> str | None:
    """``name(args)`` for a function with a spec, else None."""
    s = _spec_of(type(e))
    if s is None:
        return None
    return f"{s.text}({', '.join(arg_texts)})"


def function_latex(e: sp.Basic, arg_latex: list[str], exp: str | None = None) -> str | None:
    """``\\name{\\left(args \\right)}`` (with ``^{exp}`` after the name) for a function with a spec, else None."""
    s = _spec_of(type(e))
    if s is None:
        return None
    name = s.latex if exp is None else f"{s.latex}^{{{exp}}}"
    return rf"{name}{{\left({', '.join(arg_latex)} \right)}}"


__all__ = ["function_text", "function_latex"]
