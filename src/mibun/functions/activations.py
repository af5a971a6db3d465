"""The activation functions of deep learning: σ, softplus, ReLU, leaky ReLU."""

from __future__ import annotations

import numpy as np

from mibun.functions.numpy_ns import NP, np_sigmoid, raw
from mibun.functions.spec import defop
from mibun.functions.spec import scalar as _scalar


def scalar(name, forward, local, **info):
    return _scalar(name, forward, local, family="activations", **info)


def _mf(name):
    """``sympy=`` for a SymPy class mibun defines (imported only when SymPy is wanted)."""

    def make(sp):
        from mibun.functions import sympy_classes

        return getattr(sympy_classes, name)

    return make


SIGMOID = scalar("sigmoid", np_sigmoid, lambda ns, out, x: out * (1.0 - out),
                 sympy=_mf("sigmoid"), derivative=lambda sp, u: _mf("sigmoid")(sp)(u) * (1 - _mf("sigmoid")(sp)(u)),
                 rule="d σ(u)/du = σ(u)(1 − σ(u))",
                 rule_latex=r"\frac{d \sigma(u)}{du} = \sigma(u)\,(1 - \sigma(u))", template="σ({0})",
                 parse_names=("sigmoid", "sigma", "σ"), latex_names=("sigma",), text="σ", latex=r"\sigma",
                 names={"ko": "시그모이드", "en": "sigmoid"}, complex_forward=lambda u: 1.0 / (1.0 + np.exp(-u)))
SOFTPLUS = scalar("softplus", lambda x: np.logaddexp(0, x), lambda ns, out, x: ns.sigmoid(x),
                  sympy=_mf("softplus"), derivative=lambda sp, u: _mf("sigmoid")(sp)(u),
                  rule="d softplus(u)/du = σ(u)", rule_latex=r"\frac{d \ln(1+e^{u})}{du} = \sigma(u)",
                  latex=r"\operatorname{softplus}", latex_names=("softplus",),
                  names={"ko": "소프트플러스", "en": "softplus"}, complex_forward=lambda u: np.log(1.0 + np.exp(u)))
RELU = scalar("relu", lambda x: np.maximum(x, 0), lambda ns, out, x: raw(x) > 0,
              sympy=_mf("relu"), derivative=lambda sp, u: sp.Heaviside(u),
              rule="d relu(u)/du = 1 if u > 0, 0 if u < 0 (0 is used at u = 0)",
              rule_latex=r"\frac{d\,\mathrm{relu}(u)}{du} = \begin{cases}1 & u>0\\0 & u<0\end{cases}",
              parse_names=("relu", "ReLU", "Relu"), latex_names=("relu", "ReLU"), latex=r"\operatorname{ReLU}",
              sample=(-1.9, 2.1),
              names={"ko": "렐루 함수", "en": "ReLU"})


def _leaky_local(ns, out, x, negative_slope):
    xd = raw(x)
    return np.where(xd > 0, 1.0, negative_slope).astype(xd.dtype, copy=False)


LEAKY_RELU = defop(
    "leaky_relu", lambda x, negative_slope: np.where(x > 0, x, x * negative_slope),
    (lambda ns, g, out, x, negative_slope: g * _leaky_local(ns, out, x, negative_slope),),
    (lambda t, out, x, negative_slope: t * _leaky_local(NP, out, x, negative_slope),),
    elementwise=True, rule=("d leaky_relu(u)/du = 1 if u > 0, else α",),
    rule_latex=(r"\frac{d}{du}\mathrm{leaky\_relu}(u) = \begin{cases}1 & u>0\\ \alpha & u \le 0\end{cases}",),
    template="leaky_relu({0})", family="activations")
