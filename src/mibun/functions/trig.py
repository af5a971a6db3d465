"""Trigonometric functions and their inverses."""

from __future__ import annotations

import math

import numpy as np

from mibun.functions.spec import Domain
from mibun.functions.spec import scalar as _scalar

UNIT = Domain(-1.0, 1.0, closed=(True, True), text="[−1, 1]")


def scalar(name, forward, local, **info):
    return _scalar(name, forward, local, family="trig", **info)


def _near(np_, x, offset):
    """x is (numerically) at offset + kπ."""
    k = np_.round((x - offset) / math.pi)
    return np_.abs(x - offset - k * math.pi) < 1e-12


def _cos_zero(np_, x):
    return _near(np_, x, math.pi / 2)


def _sin_zero(np_, x):
    return _near(np_, x, 0.0)


SIN = scalar("sin", np.sin, lambda ns, out, x: ns.cos(x),
             sympy=lambda sp: sp.sin, derivative=lambda sp, u: sp.cos(u),
             rule="d sin u/du = cos u", rule_latex=r"\frac{d \sin u}{du} = \cos u",
             latex_names=("sin",), latex=r"\sin", names={"ko": "사인", "en": "sine"})
COS = scalar("cos", np.cos, lambda ns, out, x: -ns.sin(x),
             sympy=lambda sp: sp.cos, derivative=lambda sp, u: -sp.sin(u),
             rule="d cos u/du = −sin u", rule_latex=r"\frac{d \cos u}{du} = -\sin u",
             latex_names=("cos",), latex=r"\cos", names={"ko": "코사인", "en": "cosine"})
TAN = scalar("tan", np.tan, lambda ns, out, x: 1.0 + out * out,
             sympy=lambda sp: sp.tan, derivative=lambda sp, u: 1 + sp.tan(u) ** 2,
             rule="d tan u/du = 1 + tan²u = sec²u", rule_latex=r"\frac{d \tan u}{du} = 1 + \tan^2 u",
             latex_names=("tan",), latex=r"\tan", domain=Domain(excluded=_cos_zero, text="cos x ≠ 0"),
             sample=(-1.2, 1.2), names={"ko": "탄젠트", "en": "tangent"})
SEC = scalar("sec", lambda x: 1.0 / np.cos(x), lambda ns, out, x: out * ns.tan(x),
             sympy=lambda sp: sp.sec, derivative=lambda sp, u: sp.sec(u) * sp.tan(u),
             rule="d sec u/du = sec u·tan u", rule_latex=r"\frac{d \sec u}{du} = \sec u \tan u",
             latex_names=("sec",), latex=r"\sec", domain=Domain(excluded=_cos_zero, text="cos x ≠ 0"),
             sample=(-1.2, 1.2), names={"ko": "시컨트", "en": "secant"})
CSC = scalar("csc", lambda x: 1.0 / np.sin(x), lambda ns, out, x: -out * ns.cot(x), safe=True,
             sympy=lambda sp: sp.csc, derivative=lambda sp, u: -sp.csc(u) * sp.cot(u),
             rule="d csc u/du = −csc u·cot u", rule_latex=r"\frac{d \csc u}{du} = -\csc u \cot u",
             latex_names=("csc", "cosec"), latex=r"\csc", domain=Domain(excluded=_sin_zero, text="sin x ≠ 0"),
             sample=(0.3, 2.8), names={"ko": "코시컨트", "en": "cosecant"})
COT = scalar("cot", lambda x: 1.0 / np.tan(x), lambda ns, out, x: -(1.0 + out * out), safe=True,
             sympy=lambda sp: sp.cot, derivative=lambda sp, u: -1 - sp.cot(u) ** 2,
             rule="d cot u/du = −(1 + cot²u) = −csc²u", rule_latex=r"\frac{d \cot u}{du} = -\csc^{2} u",
             latex_names=("cot",), latex=r"\cot", domain=Domain(excluded=_sin_zero, text="sin x ≠ 0"),
             sample=(0.3, 2.8), names={"ko": "코탄젠트", "en": "cotangent"})
ARCSIN = scalar("arcsin", np.arcsin, lambda ns, out, x: 1.0 / ns.sqrt(1.0 - x * x), safe=True,
                sympy=lambda sp: sp.asin, derivative=lambda sp, u: 1 / sp.sqrt(1 - u**2),
                rule="d arcsin u/du = 1/√(1 − u²)", rule_latex=r"\frac{d \arcsin u}{du} = \frac{1}{\sqrt{1-u^{2}}}",
                parse_names=("arcsin", "asin"), latex_names=("arcsin",), latex=r"\arcsin", domain=UNIT,
                sample=(-0.9, 0.9), rule_name="asin", names={"ko": "아크사인", "en": "arcsine"})
ARCCOS = scalar("arccos", np.arccos, lambda ns, out, x: -1.0 / ns.sqrt(1.0 - x * x), safe=True,
                sympy=lambda sp: sp.acos, derivative=lambda sp, u: -1 / sp.sqrt(1 - u**2),
                rule="d arccos u/du = −1/√(1 − u²)",
                rule_latex=r"\frac{d \arccos u}{du} = -\frac{1}{\sqrt{1-u^{2}}}",
                parse_names=("arccos", "acos"), latex_names=("arccos",), latex=r"\arccos", domain=UNIT,
                sample=(-0.9, 0.9), rule_name="acos", names={"ko": "아크코사인", "en": "arccosine"})
ARCTAN = scalar("arctan", np.arctan, lambda ns, out, x: 1.0 / (1.0 + x * x),
                sympy=lambda sp: sp.atan, derivative=lambda sp, u: 1 / (1 + u**2),
                rule="d arctan u/du = 1/(1 + u²)", rule_latex=r"\frac{d \arctan u}{du} = \frac{1}{1+u^{2}}",
                parse_names=("arctan", "atan"), latex_names=("arctan",), latex=r"\arctan",
                sample=(-3.0, 3.0), rule_name="atan", names={"ko": "아크탄젠트", "en": "arctangent"})
