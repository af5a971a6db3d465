"""Arithmetic and selection (the array-op tier, with their calculus): −u, u ± v, u·v, u/v, uᵛ, uⁿ, max, min,
where, clip, casts and the identity. Each binary rule is tested against ``sympy.diff`` of its formula.
"""

from __future__ import annotations

import numpy as np

from mibun.functions.numpy_ns import NP, raw
from mibun.functions.spec import defop as _defop

#: how each op is drawn in a picture of the graph (mibun.viz)
SYMBOLS = {"neg": "−", "add": "+", "sub": "−", "mul": "×", "div": "÷", "pow": "^", "pow_const": "^"}


def defop(name, forward, vjps, jvps=None, **info):
    return _defop(name, forward, vjps, jvps, family="arithmetic", symbol=SYMBOLS.get(name, ""), **info)


NEG = defop("neg", np.negative, (lambda ns, g, out, x: -g,), (lambda t, out, x: -t,), elementwise=True,
            formula=lambda sp, u: -u, derivatives=(lambda sp, u: -1,),
            rule=("d(−u)/du = −1",), rule_latex=(r"\frac{d(-u)}{du} = -1",), template="−{0}")

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
    m = np.ones_like(xd, dtype=bool)  # on xd's device
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
