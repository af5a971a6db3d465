"""Hyperbolic functions and their inverses."""

from __future__ import annotations

import math

import numpy as np

from mibun.functions.spec import Domain
from mibun.functions.spec import scalar as _scalar

NONZERO = Domain(excluded=lambda np_, x: x == 0, text="x ≠ 0")


def scalar(name, forward, local, **info):
    return _scalar(name, forward, local, family="hyperbolic", **info)


def _op(name):
    return rf"\operatorname{{{name}}}"


SINH = scalar("sinh", np.sinh, lambda ns, out, x: ns.cosh(x),
              sympy=lambda sp: sp.sinh, derivative=lambda sp, u: sp.cosh(u),
              rule="d sinh u/du = cosh u", rule_latex=r"\frac{d \sinh u}{du} = \cosh u",
              latex_names=("sinh",), latex=r"\sinh", names={"ko": "쌍곡사인", "en": "hyperbolic sine"})
COSH = scalar("cosh", np.cosh, lambda ns, out, x: ns.sinh(x),
              sympy=lambda sp: sp.cosh, derivative=lambda sp, u: sp.sinh(u),
              rule="d cosh u/du = sinh u", rule_latex=r"\frac{d \cosh u}{du} = \sinh u",
              latex_names=("cosh",), latex=r"\cosh", names={"ko": "쌍곡코사인", "en": "hyperbolic cosine"})
TANH = scalar("tanh", np.tanh, lambda ns, out, x: 1.0 - out * out,
              sympy=lambda sp: sp.tanh, derivative=lambda sp, u: 1 - sp.tanh(u) ** 2,
              rule="d tanh u/du = 1 − tanh²u", rule_latex=r"\frac{d \tanh u}{du} = 1 - \tanh^2 u",
              latex_names=("tanh",), latex=r"\tanh", names={"ko": "쌍곡탄젠트", "en": "hyperbolic tangent"})
SECH = scalar("sech", lambda x: 1.0 / np.cosh(x), lambda ns, out, x: -out * ns.tanh(x),
              sympy=lambda sp: sp.sech, derivative=lambda sp, u: -sp.sech(u) * sp.tanh(u),
              rule="d sech u/du = −sech u·tanh u", rule_latex=r"\frac{d \operatorname{sech} u}{du} = "
              r"-\operatorname{sech} u \tanh u", latex_names=("sech",), latex=_op("sech"),
              names={"ko": "쌍곡시컨트", "en": "hyperbolic secant"})
CSCH = scalar("csch", lambda x: 1.0 / np.sinh(x), lambda ns, out, x: -out * ns.coth(x), safe=True,
              sympy=lambda sp: sp.csch, derivative=lambda sp, u: -sp.csch(u) * sp.coth(u),
              rule="d csch u/du = −csch u·coth u", rule_latex=r"\frac{d \operatorname{csch} u}{du} = "
              r"-\operatorname{csch} u \coth u", latex_names=("csch",), latex=_op("csch"), domain=NONZERO,
              sample=(0.3, 2.0), names={"ko": "쌍곡코시컨트", "en": "hyperbolic cosecant"})
COTH = scalar("coth", lambda x: 1.0 / np.tanh(x), lambda ns, out, x: 1.0 - out * out, safe=True,
              sympy=lambda sp: sp.coth, derivative=lambda sp, u: 1 - sp.coth(u) ** 2,
              rule="d coth u/du = 1 − coth²u = −csch²u", rule_latex=r"\frac{d \coth u}{du} = 1 - \coth^2 u",
              latex_names=("coth",), latex=r"\coth", domain=NONZERO, sample=(0.3, 2.0),
              names={"ko": "쌍곡코탄젠트", "en": "hyperbolic cotangent"})
ARCSINH = scalar("arcsinh", np.arcsinh, lambda ns, out, x: 1.0 / ns.sqrt(x * x + 1.0),
                 sympy=lambda sp: sp.asinh, derivative=lambda sp, u: 1 / sp.sqrt(u**2 + 1),
                 rule="d arcsinh u/du = 1/√(u² + 1)",
                 rule_latex=r"\frac{d \operatorname{arcsinh} u}{du} = \frac{1}{\sqrt{u^{2}+1}}",
                 parse_names=("arcsinh", "asinh", "arsinh"), latex_names=("arcsinh", "asinh", "arsinh"),
                 latex=_op("arcsinh"), sample=(-3.0, 3.0),
                 names={"ko": "역쌍곡사인", "en": "inverse hyperbolic sine"})
ARCCOSH = scalar("arccosh", np.arccosh, lambda ns, out, x: 1.0 / ns.sqrt(x * x - 1.0), safe=True,
                 sympy=lambda sp: sp.acosh, derivative=lambda sp, u: 1 / sp.sqrt(u**2 - 1),
                 rule="d arccosh u/du = 1/√(u² − 1)",
                 rule_latex=r"\frac{d \operatorname{arccosh} u}{du} = \frac{1}{\sqrt{u^{2}-1}}",
                 parse_names=("arccosh", "acosh", "arcosh"), latex_names=("arccosh", "acosh", "arcosh"),
                 latex=_op("arccosh"), domain=Domain(1.0, math.inf, closed=(True, False), text="[1, ∞)"),
                 sample=(1.2, 3.0), names={"ko": "역쌍곡코사인", "en": "inverse hyperbolic cosine"})
ARCTANH = scalar("arctanh", np.arctanh, lambda ns, out, x: 1.0 / (1.0 - x * x), safe=True,
                 sympy=lambda sp: sp.atanh, derivative=lambda sp, u: 1 / (1 - u**2),
                 rule="d arctanh u/du = 1/(1 − u²)",
                 rule_latex=r"\frac{d \operatorname{arctanh} u}{du} = \frac{1}{1-u^{2}}",
                 parse_names=("arctanh", "atanh", "artanh"), latex_names=("arctanh", "atanh", "artanh"),
                 latex=_op("arctanh"), domain=Domain(-1.0, 1.0, text="(−1, 1)"), sample=(-0.9, 0.9),
                 names={"ko": "역쌍곡탄젠트", "en": "inverse hyperbolic tangent"})
