"""The SymPy function classes mibun adds (σ, softplus, relu, log_b); defined with the function specs in
:mod:`mibun.functions.sympy_classes` and re-exported here."""

from mibun.functions.sympy_classes import log_base, relu, rewrite_elementary, sigmoid, softplus

__all__ = ["sigmoid", "softplus", "relu", "log_base", "rewrite_elementary"]
