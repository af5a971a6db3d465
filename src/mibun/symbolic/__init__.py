"""Symbolic differentiation on SymPy: a safe parser, rule-by-rule derivations (ko/en), gradients,
Jacobians, total differentials, the multivariable chain rule, and compiled NumPy functions."""

from mibun.symbolic.compile import compile_expr

__all__ = ["compile_expr"]
