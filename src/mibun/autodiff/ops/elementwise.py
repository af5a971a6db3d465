"""Elementwise primitives: arithmetic and the activation functions, each with its SymPy rule.

For a unary op y = f(x) the VJP is ḡ·f'(x) and the JVP ṫ·f'(x): both come from one ``local``
function f'(x) (written with ``ns`` so it also works on Tensors), registered with ``unary``.
"""

from __future__ import annotations

import numpy as np

from mibun.autodiff.backends import NP, np_sigmoid, raw
from mibun.autodiff.registry import defop


def _sym(name):
    """A function of the SymPy module returning mibun's SymPy function ``name`` (σ, softplus, relu)."""

    def get(sp):
        from mibun.symbolic import functions

        return getattr(functions, name)

    return get


def unary(name, forward, local, *, safe=False, formula=None, derivative=None, rule="", rule_latex="",
          template=""):
    """Register y = f(x) with local derivative ``local(ns, out, x)``: vjp = ḡ·f'(x), jvp = ṫ·f'(x).
    ``safe``: f' may be ±inf/NaN where the branch is unused, so multiply with ``ns.safe_mul``."""
    if safe:
        def vjp(ns, g, out, x):
            return ns.safe_mul(g, local(ns, out, x))
    else:
        def vjp(ns, g, out, x):
            return g * local(ns, out, x)

    def jvp(t, out, x):
        return t * local(NP, out, x)

    return defop(name, forward, (vjp,), (jvp,), elementwise=True, formula=formula,
                 derivatives=None if derivative is None else (derivative,),
                 rule=(rule,), rule_latex=(rule_latex,), template=template)


# ---------------------------------------------------------------- unary functions
NEG = defop("neg", np.negative, (lambda ns, g, out, x: -g,), (lambda t, out, x: -t,), elementwise=True,
            formula=lambda sp, u: -u, derivatives=(lambda sp, u: -1,),
            rule=("d(−u)/du = −1",), rule_latex=(r"\frac{d(-u)}{du} = -1",), template="−{0}")
EXP = unary("exp", np.exp, lambda ns, out, x: out, safe=True,
            formula=lambda sp, u: sp.exp(u), derivative=lambda sp, u: sp.exp(u),
            rule="d eᵘ/du = eᵘ", rule_latex=r"\frac{d e^{u}}{du} = e^{u}", template="exp({0})")
LOG = unary("log", np.log, lambda ns, out, x: 1.0 / x, safe=True,
            formula=lambda sp, u: sp.log(u), derivative=lambda sp, u: 1 / u,
            rule="d ln u/du = 1/u", rule_latex=r"\frac{d \ln u}{du} = \frac{1}{u}", template="ln({0})")
LOG1P = unary("log1p", np.log1p, lambda ns, out, x: 1.0 / (1.0 + x), safe=True,
              formula=lambda sp, u: sp.log(1 + u), derivative=lambda sp, u: 1 / (1 + u),
              rule="d ln(1+u)/du = 1/(1+u)", rule_latex=r"\frac{d \ln(1+u)}{du} = \frac{1}{1+u}",
              template="ln(1+{0})")
EXPM1 = unary("expm1", np.expm1, lambda ns, out, x: out + 1.0, safe=True,
              formula=lambda sp, u: sp.exp(u) - 1, derivative=lambda sp, u: sp.exp(u),
              rule="d(eᵘ−1)/du = eᵘ", rule_latex=r"\frac{d (e^{u}-1)}{du} = e^{u}", template="exp({0})−1")
SQRT = unary("sqrt", np.sqrt, lambda ns, out, x: 0.5 / out, safe=True,
             formula=lambda sp, u: sp.sqrt(u), derivative=lambda sp, u: 1 / (2 * sp.sqrt(u)),
             rule="d √u/du = 1/(2√u)", rule_latex=r"\frac{d \sqrt{u}}{du} = \frac{1}{2\sqrt{u}}",
             template="√{0}")
SIN = unary("sin", np.sin, lambda ns, out, x: ns.cos(x),
            formula=lambda sp, u: sp.sin(u), derivative=lambda sp, u: sp.cos(u),
            rule="d sin u/du = cos u", rule_latex=r"\frac{d \sin u}{du} = \cos u", template="sin({0})")
COS = unary("cos", np.cos, lambda ns, out, x: -ns.sin(x),
            formula=lambda sp, u: sp.cos(u), derivative=lambda sp, u: -sp.sin(u),
            rule="d cos u/du = −sin u", rule_latex=r"\frac{d \cos u}{du} = -\sin u", template="cos({0})")
TAN = unary("tan", np.tan, lambda ns, out, x: 1.0 + out * out,
            formula=lambda sp, u: sp.tan(u), derivative=lambda sp, u: 1 + sp.tan(u) ** 2,
            rule="d tan u/du = 1 + tan²u = sec²u", rule_latex=r"\frac{d \tan u}{du} = 1 + \tan^2 u",
            template="tan({0})")
TANH = unary("tanh", np.tanh, lambda ns, out, x: 1.0 - out * out,
             formula=lambda sp, u: sp.tanh(u), derivative=lambda sp, u: 1 - sp.tanh(u) ** 2,
             rule="d tanh u/du = 1 − tanh²u", rule_latex=r"\frac{d \tanh u}{du} = 1 - \tanh^2 u",
             template="tanh({0})")
SIGMOID = unary("sigmoid", np_sigmoid, lambda ns, out, x: out * (1.0 - out),
                formula=lambda sp, u: _sym("sigmoid")(sp)(u),
                derivative=lambda sp, u: _sym("sigmoid")(sp)(u) * (1 - _sym("sigmoid")(sp)(u)),
                rule="d σ(u)/du = σ(u)(1 − σ(u))",
                rule_latex=r"\frac{d \sigma(u)}{du} = \sigma(u)\,(1 - \sigma(u))", template="σ({0})")
SOFTPLUS = unary("softplus", lambda x: np.logaddexp(0, x), lambda ns, out, x: ns.sigmoid(x),
                 formula=lambda sp, u: _sym("softplus")(sp)(u), derivative=lambda sp, u: _sym("sigmoid")(sp)(u),
                 rule="d softplus(u)/du = σ(u)",
                 rule_latex=r"\frac{d \ln(1+e^{u})}{du} = \sigma(u)", template="softplus({0})")
RELU = unary("relu", lambda x: np.maximum(x, 0), lambda ns, out, x: raw(x) > 0,
             formula=lambda sp, u: _sym("relu")(sp)(u), derivative=lambda sp, u: sp.Heaviside(u),
             rule="d relu(u)/du = 1 if u > 0, 0 if u < 0 (0 is used at u = 0)",
             rule_latex=r"\frac{d\,\mathrm{relu}(u)}{du} = \begin{cases}1 & u>0\\0 & u<0\end{cases}",
             template="relu({0})")
ABS = unary("abs", np.abs, lambda ns, out, x: np.sign(raw(x)),
            formula=lambda sp, u: sp.Abs(u), derivative=lambda sp, u: sp.sign(u),
            rule="d|u|/du = sign(u) (0 is used at u = 0)",
            rule_latex=r"\frac{d|u|}{du} = \operatorname{sign}(u)", template="|{0}|")


def _leaky_local(ns, out, x, negative_slope):
    xd = raw(x)
    return np.where(xd > 0, 1.0, negative_slope).astype(xd.dtype, copy=False)


LEAKY_RELU = defop(
    "leaky_relu", lambda x, negative_slope: np.where(x > 0, x, x * negative_slope),
    (lambda ns, g, out, x, negative_slope: g * _leaky_local(ns, out, x, negative_slope),),
    (lambda t, out, x, negative_slope: t * _leaky_local(NP, out, x, negative_slope),),
    elementwise=True, rule=("d leaky_relu(u)/du = 1 if u > 0, else α",),
    rule_latex=(r"\frac{d}{du}\mathrm{leaky\_relu}(u) = \begin{cases}1 & u>0\\ \alpha & u \le 0\end{cases}",),
    template="leaky_relu({0})")


def _cast_vjp(ns, g, out, x, dtype):
    return ns.astype(g, raw(x).dtype)


ASTYPE = defop("astype", lambda x, dtype: x.astype(dtype), (_cast_vjp,),
               (lambda t, out, x, dtype: t.astype(dtype),), elementwise=True,
               rule=("d cast(u)/du = 1",), rule_latex=(r"\frac{d\,u}{du} = 1",), template="{0}")

# ---------------------------------------------------------------- binary arithmetic
ADD = defop("add", np.add, (lambda ns, g, out, a, b: g, lambda ns, g, out, a, b: g),
            (lambda t, out, a, b: t, lambda t, out, a, b: t), elementwise=True,
            formula=lambda sp, u, v: u + v, derivatives=(lambda sp, u, v: 1, lambda sp, u, v: 1),
            rule=("∂(u+v)/∂u = 1", "∂(u+v)/∂v = 1"),
            rule_latex=(r"\frac{\partial (u+v)}{\partial u} = 1", r"\frac{\partial (u+v)}{\partial v} = 1"),
            template="{0} + {1}")
SUB = defop("sub", np.subtract, (lambda ns, g, out, a, b: g, lambda ns, g, out, a, b: -g),
            (lambda t, out, a, b: t, lambda t, out, a, b: -t), elementwise=True,
            formula=lambda sp, u, v: u - v, derivatives=(lambda sp, u, v: 1, lambda sp, u, v: -1),
            rule=("∂(u−v)/∂u = 1", "∂(u−v)/∂v = −1"),
            rule_latex=(r"\frac{\partial (u-v)}{\partial u} = 1", r"\frac{\partial (u-v)}{\partial v} = -1"),
            template="{0} − {1}")
MUL = defop("mul", np.multiply, (lambda ns, g, out, a, b: g * b, lambda ns, g, out, a, b: g * a),
            (lambda t, out, a, b: t * b, lambda t, out, a, b: a * t), elementwise=True,
            formula=lambda sp, u, v: u * v, derivatives=(lambda sp, u, v: v, lambda sp, u, v: u),
            rule=("∂(u·v)/∂u = v", "∂(u·v)/∂v = u"),
            rule_latex=(r"\frac{\partial (uv)}{\partial u} = v", r"\frac{\partial (uv)}{\partial v} = u"),
            template="{0} · {1}")
DIV = defop("div", np.divide,
            (lambda ns, g, out, a, b: ns.safe_mul(g, 1.0 / b),
             lambda ns, g, out, a, b: ns.safe_mul(-g, out / b)),
            (lambda t, out, a, b: t / b, lambda t, out, a, b: -t * out / b), elementwise=True,
            formula=lambda sp, u, v: u / v, derivatives=(lambda sp, u, v: 1 / v, lambda sp, u, v: -u / v**2),
            rule=("∂(u/v)/∂u = 1/v", "∂(u/v)/∂v = −u/v²"),
            rule_latex=(r"\frac{\partial (u/v)}{\partial u} = \frac{1}{v}",
                        r"\frac{\partial (u/v)}{\partial v} = -\frac{u}{v^2}"),
            template="{0} / {1}")


def _log_pos(ns, x):
    """ln x where x > 0, 0 elsewhere (used where the factor it multiplies is 0 or undefined)."""
    xd = raw(x)
    return ns.log(ns.where(xd > 0, x, 1.0))


POW = defop("pow", np.power,
            (lambda ns, g, out, a, b: ns.safe_mul(g, b * a ** (b - 1.0)),
             lambda ns, g, out, a, b: ns.safe_mul(g, out * _log_pos(ns, a))),
            (lambda t, out, a, b: t * b * a ** (b - 1.0), lambda t, out, a, b: t * out * _log_pos(NP, a)),
            elementwise=True, formula=lambda sp, u, v: u**v,
            derivatives=(lambda sp, u, v: v * u ** (v - 1), lambda sp, u, v: u**v * sp.log(u)),
            rule=("∂(uᵛ)/∂u = v·uᵛ⁻¹", "∂(uᵛ)/∂v = uᵛ·ln u"),
            rule_latex=(r"\frac{\partial u^{v}}{\partial u} = v\,u^{v-1}",
                        r"\frac{\partial u^{v}}{\partial v} = u^{v}\ln u"),
            template="{0} ^ {1}")


def _pow_const_local(ns, x, p):
    if p == 2:
        return 2.0 * x
    if p == 1:
        return 1.0
    return p * x ** (p - 1)


POW_CONST = defop(
    "pow_const", lambda x, p: np.power(x, p),
    (lambda ns, g, out, x, p: 0.0 * g if p == 0 else ns.safe_mul(g, _pow_const_local(ns, x, p)),),
    (lambda t, out, x, p: t * _pow_const_local(NP, x, p),), elementwise=True,
    rule=("d uⁿ/du = n·uⁿ⁻¹",), rule_latex=(r"\frac{d u^{n}}{du} = n\,u^{n-1}",), template="{0}^{p}")


def _max_weights(a, b, greater):
    ad, bd = raw(a), raw(b)
    win = (ad > bd) if greater else (ad < bd)
    w = win + 0.5 * (ad == bd)
    dtype = np.result_type(ad, bd)
    return w.astype(dtype if dtype.kind == "f" else np.float64, copy=False)


MAXIMUM = defop("maximum", np.maximum,
                (lambda ns, g, out, a, b: g * _max_weights(a, b, True),
                 lambda ns, g, out, a, b: g * _max_weights(b, a, True)),
                (lambda t, out, a, b: t * _max_weights(a, b, True),
                 lambda t, out, a, b: t * _max_weights(b, a, True)),
                elementwise=True, formula=lambda sp, u, v: sp.Max(u, v),
                derivatives=(lambda sp, u, v: sp.Heaviside(u - v), lambda sp, u, v: sp.Heaviside(v - u)),
                rule=("∂max(u,v)/∂u = 1 if u > v, 0 if u < v (½ each on a tie)", "∂max(u,v)/∂v = 1 if v > u"),
                rule_latex=(r"\frac{\partial \max(u,v)}{\partial u} = [u > v]",
                            r"\frac{\partial \max(u,v)}{\partial v} = [v > u]"),
                template="max({0}, {1})")
MINIMUM = defop("minimum", np.minimum,
                (lambda ns, g, out, a, b: g * _max_weights(a, b, False),
                 lambda ns, g, out, a, b: g * _max_weights(b, a, False)),
                (lambda t, out, a, b: t * _max_weights(a, b, False),
                 lambda t, out, a, b: t * _max_weights(b, a, False)),
                elementwise=True, formula=lambda sp, u, v: sp.Min(u, v),
                derivatives=(lambda sp, u, v: sp.Heaviside(v - u), lambda sp, u, v: sp.Heaviside(u - v)),
                rule=("∂min(u,v)/∂u = 1 if u < v, 0 if u > v (½ each on a tie)", "∂min(u,v)/∂v = 1 if v < u"),
                rule_latex=(r"\frac{\partial \min(u,v)}{\partial u} = [u < v]",
                            r"\frac{\partial \min(u,v)}{\partial v} = [v < u]"),
                template="min({0}, {1})")

# ---------------------------------------------------------------- selection
WHERE = defop("where", lambda a, b, cond: np.where(cond, a, b),
              (lambda ns, g, out, a, b, cond: ns.where(cond, g, 0.0),
               lambda ns, g, out, a, b, cond: ns.where(cond, 0.0, g)),
              (lambda t, out, a, b, cond: np.where(cond, t, 0.0), lambda t, out, a, b, cond: np.where(cond, 0.0, t)),
              elementwise=True,
              rule=("∂where(c, u, v)/∂u = 1 where c, else 0", "∂where(c, u, v)/∂v = 1 where not c, else 0"),
              rule_latex=(r"\frac{\partial}{\partial u} = [c]", r"\frac{\partial}{\partial v} = [\lnot c]"),
              template="where(c, {0}, {1})")


def _clip_mask(x, lo, hi):
    xd = raw(x)
    m = np.ones(xd.shape, dtype=bool)
    if lo is not None:
        m &= xd >= lo
    if hi is not None:
        m &= xd <= hi
    return m


CLIP = defop("clip", lambda x, lo, hi: np.clip(x, lo, hi),
             (lambda ns, g, out, x, lo, hi: g * _clip_mask(x, lo, hi),),
             (lambda t, out, x, lo, hi: t * _clip_mask(x, lo, hi),), elementwise=True,
             rule=("d clip(u)/du = 1 where lo ≤ u ≤ hi, else 0",),
             rule_latex=(r"\frac{d\,\mathrm{clip}(u)}{du} = [lo \le u \le hi]",), template="clip({0})")

# ---------------------------------------------------------------- identity (a fresh node for transforms)
IDENTITY = defop("identity", lambda x: x, (lambda ns, g, out, x: g,), (lambda t, out, x: t,), elementwise=True,
                 formula=lambda sp, u: u, derivatives=(lambda sp, u: 1,),
                 rule=("du/du = 1",), rule_latex=(r"\frac{du}{du} = 1",), template="{0}")
