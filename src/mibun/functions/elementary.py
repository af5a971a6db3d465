"""Exponentials, logarithms, roots and the absolute value."""

from __future__ import annotations

import math

import numpy as np

from mibun.functions.numpy_ns import raw
from mibun.functions.spec import Domain
from mibun.functions.spec import scalar as _scalar

LN2, LN10 = math.log(2.0), math.log(10.0)
POSITIVE = Domain(0.0, math.inf, text="(0, ∞)")


def scalar(name, forward, local, **info):
    return _scalar(name, forward, local, family="elementary", **info)


def _log_base(b):
    def make(sp):
        from mibun.functions.sympy_classes import log_base

        return lambda u: log_base(u, b)

    return make


EXP = scalar("exp", np.exp, lambda ns, out, x: out, safe=True,
             sympy=lambda sp: sp.exp, derivative=lambda sp, u: sp.exp(u),
             rule="d eᵘ/du = eᵘ", rule_latex=r"\frac{d e^{u}}{du} = e^{u}",
             parse_names=("exp",), latex_names=("exp",), text="exp", latex=r"\exp",
             names={"ko": "지수함수", "en": "exponential"})
LOG = scalar("log", np.log, lambda ns, out, x: 1.0 / x, safe=True,
             sympy=lambda sp: sp.log, derivative=lambda sp, u: 1 / u,
             rule="d ln u/du = 1/u", rule_latex=r"\frac{d \ln u}{du} = \frac{1}{u}", template="ln({0})",
             parse_names=("ln", "log"), latex_names=("ln", "log"), text="ln", latex=r"\ln",
             domain=POSITIVE, sample=(0.2, 3.0), rule_name="ln",
             names={"ko": "자연로그", "en": "natural logarithm"})
LOG1P = scalar("log1p", np.log1p, lambda ns, out, x: 1.0 / (1.0 + x), safe=True,
               sympy=lambda sp: lambda u: sp.log(1 + u), derivative=lambda sp, u: 1 / (1 + u),
               rule="d ln(1+u)/du = 1/(1+u)", rule_latex=r"\frac{d \ln(1+u)}{du} = \frac{1}{1+u}",
               template="ln(1+{0})", parse_names=(), text="log1p", latex=r"\operatorname{log1p}",
               domain=Domain(-1.0, math.inf, text="(−1, ∞)"), sample=(-0.5, 2.0),
               names={"ko": "1을 더한 값의 자연로그", "en": "natural logarithm of 1 + x"})
EXPM1 = scalar("expm1", np.expm1, lambda ns, out, x: out + 1.0, safe=True,
               sympy=lambda sp: lambda u: sp.exp(u) - 1, derivative=lambda sp, u: sp.exp(u),
               rule="d(eᵘ−1)/du = eᵘ", rule_latex=r"\frac{d (e^{u}-1)}{du} = e^{u}", template="exp({0})−1",
               parse_names=(), text="expm1", latex=r"\operatorname{expm1}",
               names={"ko": "지수함수에서 1을 뺀 값", "en": "exponential minus 1"})
SQRT = scalar("sqrt", np.sqrt, lambda ns, out, x: 0.5 / out, safe=True,
              sympy=lambda sp: sp.sqrt, derivative=lambda sp, u: 1 / (2 * sp.sqrt(u)),
              rule="d √u/du = 1/(2√u)", rule_latex=r"\frac{d \sqrt{u}}{du} = \frac{1}{2\sqrt{u}}",
              template="√{0}", parse_names=("sqrt",), latex_names=(), text="√", latex=r"\sqrt",
              domain=Domain(0.0, math.inf, closed=(True, False), text="[0, ∞)"), sample=(0.2, 3.0),
              names={"ko": "제곱근", "en": "square root"})
ABS = scalar("abs", np.abs, lambda ns, out, x: np.sign(raw(x)),
             sympy=lambda sp: sp.Abs, derivative=lambda sp, u: sp.sign(u),
             rule="d|u|/du = sign(u) (0 is used at u = 0)",
             rule_latex=r"\frac{d|u|}{du} = \operatorname{sign}(u)", template="|{0}|",
             parse_names=("abs", "Abs"), text="abs", latex=r"\left|\cdot\right|",
             sample=(0.3, 2.0), names={"ko": "절댓값", "en": "absolute value"})
EXP2 = scalar("exp2", np.exp2, lambda ns, out, x: out * LN2, safe=True,
              sympy=lambda sp: lambda u: 2**u, derivative=lambda sp, u: 2**u * sp.log(2),
              rule="d 2ᵘ/du = 2ᵘ ln 2", rule_latex=r"\frac{d 2^{u}}{du} = 2^{u}\ln 2", template="2^{0}",
              # the parser reads a name followed by digits as a subscript or argument (sin2x = sin(2x)), so exp2
              # has no parse name: 2^u is how it is typed
              parse_names=(), text="exp2", latex=r"\operatorname{exp2}",
              names={"ko": "밑이 2인 지수함수", "en": "base-2 exponential"})
LOG2 = scalar("log2", np.log2, lambda ns, out, x: 1.0 / (x * LN2), safe=True,
              sympy=_log_base(2), derivative=lambda sp, u: 1 / (u * sp.log(2)),
              rule="d log₂u/du = 1/(u·ln 2)", rule_latex=r"\frac{d \log_{2} u}{du} = \frac{1}{u \ln 2}",
              template="log₂({0})", parse_names=("log2",), text="log_2", latex=r"\log_{2}",
              domain=POSITIVE, sample=(0.2, 3.0), rule_name="log_base",
              names={"ko": "밑이 2인 로그", "en": "base-2 logarithm"})
LOG10 = scalar("log10", np.log10, lambda ns, out, x: 1.0 / (x * LN10), safe=True,
               sympy=_log_base(10), derivative=lambda sp, u: 1 / (u * sp.log(10)),
               rule="d log₁₀u/du = 1/(u·ln 10)", rule_latex=r"\frac{d \log_{10} u}{du} = \frac{1}{u \ln 10}",
               template="log₁₀({0})", parse_names=("log10",), text="log_10", latex=r"\log_{10}",
               domain=POSITIVE, sample=(0.2, 3.0), rule_name="log_base",
               names={"ko": "상용로그", "en": "common logarithm"})

