"""Symbolic differentiation on SymPy: a safe parser, rule-by-rule derivations (ko/en), gradients,
Jacobians, total differentials, the multivariable chain rule, and compiled NumPy functions.

    import mibun as mb
    d = mb.diff("x^2 + 3xy + y - 3", "x")     # a Derivation
    d.result, d.at(x=4, y=-2), print(d.text("ko"))
"""

from mibun.symbolic.compile import compile_expr
from mibun.symbolic.derivation import Derivation, PointValue, VerificationError, diff
from mibun.symbolic.functions import log_base, relu, sigmoid, softplus
from mibun.symbolic.multivar import chain, gradient, jacobian, softmax, total_differential
from mibun.symbolic.parser import Parsed, parse, parse_with_notes


def limit_steps(expr, var=None, to=0, side="both") -> Derivation:
    """lim_{var → to} expr with the algebraic steps (see :mod:`mibun.symbolic.limit_algebra`)."""
    from mibun.symbolic.limit_algebra import limit_steps as _limit_steps

    return _limit_steps(expr, var, to, side)


__all__ = ["parse", "parse_with_notes", "Parsed", "diff", "limit_steps", "gradient", "jacobian", "total_differential",
           "chain", "softmax", "Derivation", "PointValue", "VerificationError", "compile_expr", "sigmoid", "softplus",
           "relu", "log_base"]
