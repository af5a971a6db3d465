"""SymPy function classes for the functions SymPy lacks: σ (sigmoid), softplus, relu, and log_b kept with
its base. The function specs name them (``sympy=lambda sp: ...``) and import this module only when SymPy is
wanted; :mod:`mibun.symbolic.functions` re-exports them.

Each knows its derivative (``fdiff``), how to rewrite itself in elementary functions, and how to
print itself, so ``sympy.diff`` works on expressions that contain them and serves as the oracle:

    σ(u)        = 1 / (1 + e^{-u})        σ'(u)        = σ(u)(1 − σ(u))
    softplus(u) = ln(1 + e^{u})           softplus'(u) = σ(u)
    relu(u)     = max(0, u)               relu'(u)     = H(u)  (0 for u < 0, 1 for u > 0; undefined at 0)
"""

from __future__ import annotations

import sympy as sp


class sigmoid(sp.Function):  # noqa: N801 - named like SymPy's own functions
    """Logistic sigmoid σ(u) = 1/(1 + e^{-u})."""

    nargs = 1

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    @classmethod
    def eval(cls, arg):
        if arg.is_zero:
            return sp.Rational(1, 2)
        if arg is sp.oo:
            return sp.Integer(1)
        if arg is sp.S.NegativeInfinity:
            return sp.Integer(0)
        return None

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + sp.exp(-arg))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        if self.args[0].is_real:
            return True
        return None

    def _eval_evalf(self, prec):
        return (1 / (1 + sp.exp(-self.args[0])))._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        inner = printer._print(self.args[0])
        base = rf"\sigma\left({inner}\right)"
        return rf"{base}^{{{exp}}}" if exp else base

    def _sympystr(self, printer):
        return f"sigmoid({printer._print(self.args[0])})"

    def _pretty(self, printer):
        return printer._print_Function(self, func_name="σ")


class softplus(sp.Function):  # noqa: N801
    """softplus(u) = ln(1 + e^{u})."""

    nargs = 1

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    @classmethod
    def eval(cls, arg):
        if arg.is_zero:
            return sp.log(2)
        return None

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return sp.log(1 + sp.exp(arg))

    _eval_rewrite_as_log = _eval_rewrite_as_exp

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_evalf(self, prec):
        return sp.log(1 + sp.exp(self.args[0]))._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        inner = printer._print(self.args[0])
        base = rf"\operatorname{{softplus}}\left({inner}\right)"
        return rf"{base}^{{{exp}}}" if exp else base


class relu(sp.Function):  # noqa: N801
    """relu(u) = max(0, u); its derivative is the Heaviside step (undefined at u = 0)."""

    nargs = 1

    def fdiff(self, argindex=1):
        return sp.Heaviside(self.args[0])

    @classmethod
    def eval(cls, arg):
        if arg.is_number and arg.is_real:
            return sp.Max(0, arg)
        if arg.is_nonnegative:
            return arg
        if arg.is_nonpositive:
            return sp.Integer(0)
        return None

    def _eval_rewrite_as_Max(self, arg, **kwargs):
        return sp.Max(0, arg)

    def _eval_rewrite_as_Piecewise(self, arg, **kwargs):
        return sp.Piecewise((0, arg < 0), (arg, True))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_evalf(self, prec):
        return sp.Max(0, self.args[0])._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        inner = printer._print(self.args[0])
        base = rf"\operatorname{{ReLU}}\left({inner}\right)"
        return rf"{base}^{{{exp}}}" if exp else base


class log_base(sp.Function):  # noqa: N801
    """log_b(u) = ln(u)/ln(b), kept with its base (SymPy's ``log(u, b)`` divides at once)."""

    nargs = 2

    def fdiff(self, argindex=1):
        u, b = self.args
        if argindex == 1:
            return 1 / (u * sp.log(b))
        return -sp.log(u) / (b * sp.log(b) ** 2)

    @classmethod
    def eval(cls, u, b):
        if u.is_number and b.is_number and (u.is_zero or b.is_zero or b == 1):
            return sp.log(u) / sp.log(b)  # undefined: zoo or nan (the parser refuses it)
        if u == 1:
            return sp.Integer(0)
        if u == b:
            return sp.Integer(1)
        return None

    def _eval_rewrite_as_log(self, u, b, **kwargs):
        return sp.log(u) / sp.log(b)

    def _eval_is_real(self):
        u, b = self.args
        if u.is_positive and b.is_positive:
            return True
        return None

    def _eval_evalf(self, prec):
        u, b = self.args
        return (sp.log(u) / sp.log(b))._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        u, b = (printer._print(a) for a in self.args)
        base = rf"\log_{{{b}}}\left({u}\right)"
        return rf"{base}^{{{exp}}}" if exp else base

    def _sympystr(self, printer):
        return f"log({printer._print(self.args[0])}, {printer._print(self.args[1])})"


def rewrite_elementary(expr: sp.Expr) -> sp.Expr:
    """Replace σ, softplus and relu by elementary functions (for SymPy's algorithms that need them)."""
    return expr.replace(sigmoid, lambda a: 1 / (1 + sp.exp(-a))).replace(
        softplus, lambda a: sp.log(1 + sp.exp(a))
    ).replace(relu, lambda a: sp.Max(0, a)).replace(log_base, lambda a, b: sp.log(a) / sp.log(b))


__all__ = ["sigmoid", "softplus", "relu", "log_base", "rewrite_elementary"]
