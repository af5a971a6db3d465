"""More elementwise NumPy ufuncs: hypot, arctan2, logaddexp, logaddexp2, fmod, remainder, and the step
functions sign, floor, ceil, rint, trunc (derivative 0 wherever it exists), cbrt and sinc. exp2 is a function spec
(``mibun.functions.elementary``), re-exported here. cbrt and sinc stay array ops for now: NumPy's cbrt is the
real cube root, whose SymPy counterpart (real_root) prints as a Piecewise the parser cannot read back (the
parser reads cbrt(u) as the principal root u^(1/3)); NumPy's sinc is the normalized sin(πu)/(πu), which
SymPy has no class for (sympy.sinc is sin(u)/u), so the steps could not name its rule. Both need a SymPy
function class of their own (as log_base) before they can be specs.

Local derivatives are written with ``np.*``: on Tensors NumPy hands the calls back to mibun, so the
same text serves second derivatives. The step functions stay array ops (their derivative is 0 wherever it
exists, so there is no formula for the parser and the steps to show).
"""

from __future__ import annotations

import numpy as np

from mibun.autodiff.backends import raw
from mibun.autodiff.registry import defop
from mibun.functions.elementary import EXP2  # noqa: F401 - re-exported
from mibun.functions.spec import rules_from_local


def unary(name, forward, local, *, safe=False, formula=None, derivative=None, rule="", rule_latex="",
          template=""):
    """Register y = f(x) with local derivative ``local(ns, out, x)``: vjp = ḡ·f′(x), jvp = ṫ·f′(x).
    (An array-op-tier registration; as FunctionSpecs these would also get parser names and printing.)"""
    vjp, jvp = rules_from_local(local, safe)
    return defop(name, forward, (vjp,), (jvp,), elementwise=True, formula=formula,
                 derivatives=None if derivative is None else (derivative,),
                 rule=(rule,), rule_latex=(rule_latex,), template=template)


CBRT = unary("cbrt", np.cbrt, lambda ns, out, x: 1.0 / (3.0 * out * out), safe=True,
             formula=lambda sp, u: sp.cbrt(u), derivative=lambda sp, u: 1 / (3 * sp.cbrt(u) ** 2),
             rule="d ∛u/du = 1/(3 ∛u²)", rule_latex=r"\frac{d \sqrt[3]{u}}{du} = \frac{1}{3\sqrt[3]{u^2}}",
             template="∛{0}")


def _sinc_local(ns, out, x):
    xd = raw(x)
    nz = xd != 0
    px = np.pi * np.where(nz, x, 1.0)
    d = (np.cos(px) - np.sin(px) / px) / np.where(nz, x, 1.0)
    return np.where(nz, d, 0.0)


SINC = unary("sinc", np.sinc, _sinc_local,
             formula=lambda sp, u: sp.sin(sp.pi * u) / (sp.pi * u),
             derivative=lambda sp, u: sp.cos(sp.pi * u) / u - sp.sin(sp.pi * u) / (sp.pi * u**2),
             rule="d sinc u/du = (cos πu − sinc u)/u (0 at u = 0)",
             rule_latex=r"\frac{d\,\mathrm{sinc}\,u}{du} = \frac{\cos \pi u - \mathrm{sinc}\,u}{u}",
             template="sinc({0})")


def _zero_local(ns, out, x):
    r = raw(x)
    return np.zeros_like(r, dtype=r.dtype if r.dtype.kind == "f" else np.float64)  # on x's device


def _step(name, fn):
    return unary(name, fn, _zero_local,
                 rule=f"d {name}(u)/du = 0 (where it exists; 0 is used at the jumps)",
                 rule_latex=rf"\frac{{d\,\mathrm{{{name}}}(u)}}{{du}} = 0", template=f"{name}({{0}})")


SIGN = _step("sign", np.sign)
FLOOR = _step("floor", np.floor)
CEIL = _step("ceil", np.ceil)
RINT = _step("rint", np.rint)
TRUNC = _step("trunc", np.trunc)


_LATEX = {
    "hypot": (r"\frac{\partial \sqrt{u^2+v^2}}{\partial u} = \frac{u}{\sqrt{u^2+v^2}}",
              r"\frac{\partial \sqrt{u^2+v^2}}{\partial v} = \frac{v}{\sqrt{u^2+v^2}}"),
    "arctan2": (r"\frac{\partial\,\mathrm{atan2}(u,v)}{\partial u} = \frac{v}{u^2+v^2}",
                r"\frac{\partial\,\mathrm{atan2}(u,v)}{\partial v} = -\frac{u}{u^2+v^2}"),
    "logaddexp": (r"\frac{\partial \ln(e^u+e^v)}{\partial u} = \frac{e^u}{e^u+e^v}",
                  r"\frac{\partial \ln(e^u+e^v)}{\partial v} = \frac{e^v}{e^u+e^v}"),
    "logaddexp2": (r"\frac{\partial \log_2(2^u+2^v)}{\partial u} = \frac{2^u}{2^u+2^v}",
                   r"\frac{\partial \log_2(2^u+2^v)}{\partial v} = \frac{2^v}{2^u+2^v}"),
    "fmod": (r"\frac{\partial\,\mathrm{fmod}(u,v)}{\partial u} = 1",
             r"\frac{\partial\,\mathrm{fmod}(u,v)}{\partial v} = -\mathrm{trunc}(u/v)"),
    "remainder": (r"\frac{\partial (u \bmod v)}{\partial u} = 1",
                  r"\frac{\partial (u \bmod v)}{\partial v} = -\lfloor u/v \rfloor"),
}


def _binary(name, fn, da, db, rules, template):
    return defop(name, fn, (lambda ns, g, out, a, b: g * da(out, a, b), lambda ns, g, out, a, b: g * db(out, a, b)),
                 (lambda t, out, a, b: t * da(out, a, b), lambda t, out, a, b: t * db(out, a, b)),
                 elementwise=True, rule=rules, rule_latex=_LATEX[name], template=template)


HYPOT = _binary("hypot", np.hypot,
                lambda out, a, b: a / np.where(raw(out) != 0, out, 1.0),
                lambda out, a, b: b / np.where(raw(out) != 0, out, 1.0),
                ("∂√(u²+v²)/∂u = u/√(u²+v²)", "∂√(u²+v²)/∂v = v/√(u²+v²)"), "hypot({0}, {1})")
HYPOT.formula = lambda sp, u, v: sp.sqrt(u**2 + v**2)
HYPOT.derivatives = (lambda sp, u, v: u / sp.sqrt(u**2 + v**2), lambda sp, u, v: v / sp.sqrt(u**2 + v**2))


def _r2(a, b):
    r = a * a + b * b
    return np.where(raw(r) != 0, r, 1.0)


ARCTAN2 = _binary("arctan2", np.arctan2, lambda out, a, b: b / _r2(a, b), lambda out, a, b: -a / _r2(a, b),
                  ("∂atan2(u, v)/∂u = v/(u²+v²)", "∂atan2(u, v)/∂v = −u/(u²+v²)"), "atan2({0}, {1})")
ARCTAN2.formula = lambda sp, u, v: sp.atan2(u, v)
ARCTAN2.derivatives = (lambda sp, u, v: v / (u**2 + v**2), lambda sp, u, v: -u / (u**2 + v**2))
LOGADDEXP = _binary("logaddexp", np.logaddexp, lambda out, a, b: np.exp(a - out), lambda out, a, b: np.exp(b - out),
                    ("∂ln(eᵘ+eᵛ)/∂u = eᵘ/(eᵘ+eᵛ)", "∂ln(eᵘ+eᵛ)/∂v = eᵛ/(eᵘ+eᵛ)"), "logaddexp({0}, {1})")
LOGADDEXP.formula = lambda sp, u, v: sp.log(sp.exp(u) + sp.exp(v))
LOGADDEXP.derivatives = (lambda sp, u, v: sp.exp(u) / (sp.exp(u) + sp.exp(v)),
                         lambda sp, u, v: sp.exp(v) / (sp.exp(u) + sp.exp(v)))
LOGADDEXP2 = _binary("logaddexp2", np.logaddexp2, lambda out, a, b: np.exp2(a - out),
                     lambda out, a, b: np.exp2(b - out),
                     ("∂log₂(2ᵘ+2ᵛ)/∂u = 2ᵘ/(2ᵘ+2ᵛ)", "∂log₂(2ᵘ+2ᵛ)/∂v = 2ᵛ/(2ᵘ+2ᵛ)"), "logaddexp2({0}, {1})")


def _quot(fn):
    def q(out, a, b):
        return -fn(raw(a), raw(b)).astype(np.result_type(raw(a), raw(b), np.float32), copy=False)
    return q


# fmod(u, v) = u − v·trunc(u/v), remainder(u, v) = u − v·floor(u/v): ∂/∂u = 1, ∂/∂v = −trunc/floor(u/v)
FMOD = _binary("fmod", np.fmod, lambda out, a, b: 1.0, _quot(lambda a, b: np.trunc(a / b)),
               ("∂fmod(u, v)/∂u = 1", "∂fmod(u, v)/∂v = −trunc(u/v)"), "fmod({0}, {1})")
REMAINDER = _binary("remainder", np.remainder, lambda out, a, b: 1.0, _quot(lambda a, b: np.floor(a / b)),
                    ("∂(u mod v)/∂u = 1", "∂(u mod v)/∂v = −⌊u/v⌋"), "{0} mod {1}")
