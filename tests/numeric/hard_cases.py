"""The hard benchmark set for numerical derivatives (issue 15, item 4), shared by
tests/numeric/test_hard_set.py and benchmarks/numeric_hard.py.

Sources (each case names its own):
* numdifftools' example functions (``numdifftools/example_functions.py``, tested at x = 0.5 for orders
  1–4 in ``tests/test_example_functions.py``);
* scipy.differentiate's tests (``scipy/differentiate/tests/test_differentiate.py``): the normal CDF
  ``special.ndtr`` on [−0.05, 1.05], ``x**99 − 1`` at 7, polynomials ``2xⁿ`` at 1.5, the saddle
  ``(x − 1)³`` at 1 and its piecewise variant (gh-18811), distribution CDFs at median + 0.1;
* Lyness & Moler (1967) / Squire & Trapp (1998): eˣ/√(sin³x + cos³x) at 1.5;
* Ridders (1982) as used in Numerical Recipes' ``dfridr`` and its ports: tan near π/2 (π/2.01) and at 1,
  eˣ/(sin x − x²) at 1;
* the issue's own list: poles and a float x₀ next to a pole, large x, flat and step functions, jumps
  (floor, sign), one-sided infinite derivatives (√x at 0, arcsin at 1), cusps, points just off a kink
  (relu/|x| at ±1e-9), log at 1e-8.

Exact values come from mpmath (SymPy's arbitrary-precision library) at 50 digits at the float x given,
or are stated by hand where f is not analytic.

``kind``:
    "smooth"  differentiable, ``exact`` is f⁽ⁿ⁾(x)
    "kink"    one-sided derivatives ``left`` ≠ ``right`` (finite or infinite; None: f undefined on that side)
    "jump"    f jumps at x: no derivative, the quotients grow like 1/h
    "domain"  f is undefined (NaN/±inf) at x itself: the only honest answers are an error or NaN
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np

HALF_PI = math.pi / 2  # the float next to π/2: tan(HALF_PI) = 1.6e16 is finite


@dataclass
class Case:
    name: str
    f: Any
    x: float
    kind: str = "smooth"
    n: int = 1
    exact: float | None = None
    left: float | None = None
    right: float | None = None
    source: str = "issue 15"
    mp: Any = None      # mpmath function for the oracle (smooth cases)
    scale: float = 0.0  # absolute size below which an error in f^(n) counts as zero (exact 0 derivatives)
    fscale: float = 0.0  # max |f| on x ± ½, over max(1, |x|): what an estimate of f′ = 0 is measured against

    def __post_init__(self):
        if self.kind != "domain":
            with np.errstate(all="ignore"):
                fs = [float(np.asarray(self.f(self.x + d)).reshape(-1)[0]) for d in (0.0, -0.5, 0.5)]
            fs = [abs(v) for v in fs if math.isfinite(v)]
            self.fscale = max(fs, default=0.0) / max(1.0, abs(self.x))
        if self.kind == "smooth" and self.exact is None:
            with mpmath.workdps(50):
                self.exact = float(mpmath.diff(self.mp, mpmath.mpf(self.x), self.n))


def _mp(df, x: float) -> float:
    """An exact derivative formula evaluated by mpmath at 50 digits at the float x."""
    with mpmath.workdps(50):
        return float(df(mpmath.mpf(x)))


def _sec2(t):
    return 1 / mpmath.cos(t) ** 2


def _relu(x):
    return np.maximum(x, 0.0)


def _floor(x):
    return np.floor(np.real(x)) if np.iscomplexobj(x) else np.floor(x)


def _cbrt(x):
    return np.cbrt(np.real(x)) if np.iscomplexobj(x) else np.cbrt(x)


def _x23(x):  # x^(2/3), a cusp at 0
    return np.cbrt(np.real(x) if np.iscomplexobj(x) else x) ** 2


def _xsin1x(x):
    x = np.asarray(x, dtype=float)
    with np.errstate(all="ignore"):
        return np.where(x == 0, 0.0, x * np.sin(1 / np.where(x == 0, 1.0, x)))


def _x2sin1x(x):
    x = np.asarray(x, dtype=float)
    with np.errstate(all="ignore"):
        return np.where(x == 0, 0.0, x * x * np.sin(1 / np.where(x == 0, 1.0, x)))


def _step(x):
    return np.where(np.real(x) >= 0, 1.0, 0.0)


def _sign(x):
    return np.sign(np.real(x))


def _saddle_piecewise(x):
    return np.where(np.real(x) > 1, (x - 1) ** 5, (x - 1) ** 3)


def _const(x):
    return 0.0 * x + 5.0


def _ndtr(x):
    from math import erf, sqrt

    x = np.asarray(x, dtype=float)
    return 0.5 * (1 + np.vectorize(erf)(x / sqrt(2)))


def _mp_ndtr(t):
    return mpmath.ncdf(t)


def _logistic_cdf(x):
    return 1 / (1 + np.exp(-x))


def _cauchy_cdf(x):
    return 0.5 + np.arctan(x) / np.pi


def _nd_cases() -> list[Case]:
    """numdifftools' example functions at x = 0.5, orders 1–4."""
    fs = {
        "sin": (np.sin, mpmath.sin), "cos": (np.cos, mpmath.cos), "tan": (np.tan, mpmath.tan),
        "sinh": (np.sinh, mpmath.sinh), "cosh": (np.cosh, mpmath.cosh), "tanh": (np.tanh, mpmath.tanh),
        "arcsinh": (np.arcsinh, mpmath.asinh), "exp": (np.exp, mpmath.exp), "expm1": (np.expm1, mpmath.expm1),
        "exp2": (np.exp2, lambda t: mpmath.power(2, t)), "square": (np.square, lambda t: t * t),
        "sqrt": (np.sqrt, mpmath.sqrt), "log": (np.log, mpmath.log), "log1p": (np.log1p, mpmath.log1p),
        "log10": (np.log10, mpmath.log10), "log2": (np.log2, lambda t: mpmath.log(t, 2)),
        "arcsin": (np.arcsin, mpmath.asin), "arccos": (np.arccos, mpmath.acos), "arctan": (np.arctan, mpmath.atan),
        "arctanh": (np.arctanh, mpmath.atanh),
    }
    out = []
    for name, (f, m) in fs.items():
        for n in (1, 2, 3, 4):
            if name == "square" and n > 2:
                out.append(Case(f"{name}⁽{n}⁾ at 0.5", f, 0.5, n=n, exact=0.0, scale=1e-6,
                                source="numdifftools example_functions"))
                continue
            out.append(Case(f"{name}⁽{n}⁾ at 0.5", f, 0.5, n=n, mp=m, source="numdifftools example_functions"))
    return out


def cases() -> list[Case]:
    sp_ = "scipy.differentiate tests"
    out = _nd_cases()
    out += [Case(f"Φ(x) (ndtr) at {x:g}", _ndtr, x, mp=_mp_ndtr, source=sp_)
            for x in (-0.05, 0.25, 0.6, 0.8, 1.05)]
    out += [
        Case("x**99 − 1 at 7", lambda x: x ** 99 - 1, 7.0, mp=lambda t: t ** 99 - 1, source=sp_),
        Case("(x − 1)³ at 1 (saddle, f′ = 0)", lambda x: (x - 1) ** 3, 1.0, exact=0.0, scale=1e-8,
             source=sp_ + " gh-18811"),
        Case("(x−1)⁵ if x > 1 else (x−1)³ at 1", _saddle_piecewise, 1.0, exact=0.0, scale=1e-8,
             source=sp_ + " gh-18811"),
        Case("logistic CDF at median + 0.1", _logistic_cdf, 0.1,
             mp=lambda t: 1 / (1 + mpmath.exp(-t)), source=sp_ + " (distcont)"),
        Case("Cauchy CDF at median + 0.1", _cauchy_cdf, 0.1,
             mp=lambda t: mpmath.mpf(1) / 2 + mpmath.atan(t) / mpmath.pi, source=sp_ + " (distcont)"),
    ]
    out += [Case(f"2x^{k} at 1.5", (lambda x, k=k: 2 * x ** k), 1.5, mp=(lambda t, k=k: 2 * t ** k), source=sp_)
            for k in (2, 3, 4, 5)]
    out += [
        Case("eˣ/√(sin³x + cos³x) at 1.5", lambda x: np.exp(x) / np.sqrt(np.sin(x) ** 3 + np.cos(x) ** 3), 1.5,
             mp=lambda t: mpmath.exp(t) / mpmath.sqrt(mpmath.sin(t) ** 3 + mpmath.cos(t) ** 3),
             source="Lyness & Moler 1967; Squire & Trapp 1998"),
        Case("same, 2nd derivative", lambda x: np.exp(x) / np.sqrt(np.sin(x) ** 3 + np.cos(x) ** 3), 1.5, n=2,
             mp=lambda t: mpmath.exp(t) / mpmath.sqrt(mpmath.sin(t) ** 3 + mpmath.cos(t) ** 3),
             source="Lyness & Moler 1967"),
        Case("tan at π/2.01 (steep)", np.tan, math.pi / 2.01, mp=mpmath.tan, source="Ridders 1982 (TI nder1)"),
        Case("tan at 1", np.tan, 1.0, mp=mpmath.tan, source="Ridders 1982 (TI nder1)"),
        Case("eˣ/(sin x − x²) at 1", lambda x: np.exp(x) / (np.sin(x) - x ** 2), 1.0,
             mp=lambda t: mpmath.exp(t) / (mpmath.sin(t) - t ** 2), source="Ridders 1982 (Numerical Recipes dfridr)"),
        # poles and points next to them
        Case("1/x at 1e-3 (near a pole)", lambda x: 1 / x, 1e-3, mp=lambda t: 1 / t),
        Case("1/x at −1e-6", lambda x: 1 / x, -1e-6, mp=lambda t: 1 / t),
        Case("tan at fl(π/2) (float next to the pole)", np.tan, HALF_PI, exact=_mp(_sec2, HALF_PI)),
        Case("tan at fl(π/2) − 1e-9", np.tan, HALF_PI - 1e-9, exact=_mp(_sec2, HALF_PI - 1e-9)),
        Case("1/(x − 1) at 1 + 1e-7", lambda x: 1 / (x - 1), 1 + 1e-7, mp=lambda t: 1 / (t - 1)),
        Case("1/x at 0 (pole)", lambda x: 1 / x, 0.0, kind="domain"),
        Case("1/(x − 0.1) at 0.1 (pole in floats)", lambda x: 1 / (x - 0.1), 0.1, kind="domain"),
        Case("log at 0", np.log, 0.0, kind="domain"),
        Case("log at −1", np.log, -1.0, kind="domain"),
        # large x
        Case("sin at 1e6", np.sin, 1e6, mp=mpmath.sin),
        Case("sin at 1e12", np.sin, 1e12, mp=mpmath.sin),
        Case("x² at 1e10", np.square, 1e10, mp=lambda t: t * t),
        Case("√x at 1e12", np.sqrt, 1e12, mp=mpmath.sqrt),
        Case("log at 1e300", np.log, 1e300, exact=1e-300),
        Case("exp at 700", np.exp, 700.0, mp=mpmath.exp),
        Case("x·eˣ at −700", lambda x: x * np.exp(x), -700.0, mp=lambda t: t * mpmath.exp(t)),
        Case("sigmoid at −40", lambda x: 1 / (1 + np.exp(-x)), -40.0, mp=lambda t: 1 / (1 + mpmath.exp(-t))),
        Case("tanh at 20 (flat in floats)", np.tanh, 20.0, mp=mpmath.tanh, scale=1e-15),
        Case("sin(1e4·x) at 0.3 (fast)", lambda x: np.sin(1e4 * x), 0.3, mp=lambda t: mpmath.sin(10 ** 4 * t)),
        # flat and step functions (derivative exactly 0 away from the jump)
        Case("constant 5 at 1", _const, 1.0, exact=0.0, scale=1e-12),
        Case("x² at 0 (f′ = 0)", np.square, 0.0, exact=0.0, scale=1e-12),
        Case("cos at 0 (f′ = 0)", np.cos, 0.0, exact=0.0, scale=1e-12),
        Case("floor at 0.5 (flat)", _floor, 0.5, exact=0.0, scale=1e-12),
        Case("floor at 3.25 (flat)", _floor, 3.25, exact=0.0, scale=1e-12),
        Case("step at 0.3 (flat)", _step, 0.3, exact=0.0, scale=1e-12),
        Case("x²·sin(1/x) at 0 (f′ = 0, wiggly)", _x2sin1x, 0.0, exact=0.0, scale=1e-6),
        # jumps
        Case("floor at 1 (jump)", _floor, 1.0, kind="jump"),
        Case("floor at 0 (jump)", _floor, 0.0, kind="jump"),
        Case("sign at 0 (jump)", _sign, 0.0, kind="jump"),
        Case("step at 0 (jump)", _step, 0.0, kind="jump"),
        Case("x·sin(1/x) at 0 (no derivative, oscillates)", _xsin1x, 0.0, kind="jump"),
        # kinks, cusps, infinite one-sided derivatives
        Case("|x| at 0", np.abs, 0.0, kind="kink", left=-1.0, right=1.0),
        Case("relu at 0", _relu, 0.0, kind="kink", left=0.0, right=1.0),
        Case("|x − 2| at 2", lambda x: np.abs(x - 2), 2.0, kind="kink", left=-1.0, right=1.0),
        Case("√x at 0", np.sqrt, 0.0, kind="kink", left=None, right=math.inf),
        Case("arcsin at 1", np.arcsin, 1.0, kind="kink", left=math.inf, right=None),
        Case("arccos at −1", np.arccos, -1.0, kind="kink", left=None, right=-math.inf),
        Case("∛x at 0 (vertical tangent)", _cbrt, 0.0, kind="kink", left=math.inf, right=math.inf),
        Case("x^(2/3) at 0 (cusp)", _x23, 0.0, kind="kink", left=-math.inf, right=math.inf),
        # just off a kink / near the edge of the domain: plainly differentiable, answer wanted
        Case("relu at 1e-9", _relu, 1e-9, exact=1.0),
        Case("relu at −1e-9", _relu, -1e-9, exact=0.0, scale=1e-9),
        Case("|x| at 1e-9", np.abs, 1e-9, exact=1.0),
        Case("|x| at −1e-9", np.abs, -1e-9, exact=-1.0),
        Case("|x| at 1e-300", np.abs, 1e-300, exact=1.0),
        Case("log at 1e-8", np.log, 1e-8, exact=_mp(lambda t: 1 / t, 1e-8)),
        Case("log at 1e-300", np.log, 1e-300, exact=_mp(lambda t: 1 / t, 1e-300)),
        Case("√x at 1e-10", np.sqrt, 1e-10, exact=_mp(lambda t: 1 / (2 * mpmath.sqrt(t)), 1e-10)),
        Case("arcsin at 1 − 1e-10", np.arcsin, 1 - 1e-10, exact=_mp(lambda t: 1 / mpmath.sqrt(1 - t * t), 1 - 1e-10)),
        Case("x·|x| at 0 (f′ = 0)", lambda x: x * np.abs(x), 0.0, exact=0.0, scale=1e-12),
    ]
    return out


def smooth(case: Case) -> bool:
    return case.kind == "smooth"


__all__ = ["Case", "cases", "smooth"]


@dataclass
class Verdict:
    """How one library did on one case. ``status``: "ok" (right within its estimate), "wrong-flagged"
    (wrong, but its estimate or a flag says so), "refused" (an error, NaN, or a not-differentiable flag),
    "confident-wrong" (a number whose error estimate does not cover its actual error), "n/a"."""

    status: str
    digits: float = 0.0
    covered: bool | None = None
    vacuous: bool = False


def judge(case: Case, value: float | None, error: float | None, *, differentiable: bool = True,
          raised: bool = False, confident: bool = True) -> Verdict:
    """Score one answer. ``confident=False`` for a library that says it did not converge (scipy's
    ``success``); ``differentiable=False`` for a flag saying there is no derivative."""
    finite = value is not None and math.isfinite(value)
    err = math.inf if (error is None or not math.isfinite(error)) else abs(error)
    if case.kind == "smooth":
        assert case.exact is not None
        size = max(abs(case.exact), case.scale, 1e-300)
        if raised or not finite or not differentiable:
            return Verdict("refused")
        e = abs(value - case.exact)
        digits = min(16.0, -math.log10(max(e / size, 1e-17)))
        covered = e <= err
        # an estimate claiming fewer than 3 digits of an answer that has 10 (size: f′, or f's own scale)
        vacuous = digits >= 10 and err > 1e-3 * max(size, case.fscale)
        if e <= 1e-6 * size:
            return Verdict("ok", digits, covered, vacuous)
        if covered or not confident:
            return Verdict("wrong-flagged", digits, covered)
        return Verdict("confident-wrong", digits, covered)
    if raised or not differentiable or not finite or not confident:
        return Verdict("refused")
    if case.kind == "kink":
        sides = [s for s in (case.left, case.right) if s is not None]
        if any(math.isinf(s) for s in sides) or len(sides) < 2:
            return Verdict("confident-wrong" if err < math.inf else "wrong-flagged")
        gap = abs(sides[1] - sides[0]) / 2
        return Verdict("confident-wrong" if err < gap else "wrong-flagged")
    if case.kind == "jump":
        return Verdict("confident-wrong" if err < max(abs(value) / 2, 0.5) else "wrong-flagged")
    return Verdict("confident-wrong" if err < math.inf else "wrong-flagged")  # domain


__all__ += ["Verdict", "judge"]
