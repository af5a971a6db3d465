"""Benchmark: mibun.numeric.derivative vs numdifftools and scipy.differentiate (run by hand).

    pip install numdifftools        # benchmark only, never a mibun dependency
    PYTHONPATH=src python benchmarks/numeric.py

Same 60 smooth cases as tests/numeric/test_coverage.py (SymPy expressions, exact derivatives at 30 digits)
plus hard points. Per library: median/min correct digits, evaluations of f (every point counted),
error-estimate coverage (|error| ≤ estimate), NaN results and confident-wrong results (error more than
10× the estimate and above 10⁻⁶ relative). Prints Markdown tables.
"""

from __future__ import annotations

import math
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "numeric"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

from smooth_cases import cases  # noqa: E402

from mibun.errors import MibunError, NotDifferentiableError  # noqa: E402
from mibun.numeric import derivative  # noqa: E402

warnings.filterwarnings("ignore")


class Counted:
    def __init__(self, f):
        self.f, self.n = f, 0

    def __call__(self, x):
        self.n += int(np.size(x))
        return self.f(x)


def run_mibun(f, x, real_only=False):
    g = (lambda t: float(f(float(t)))) if real_only else f
    try:
        r = derivative(g, x)
        return float(r.value), float(r.error), r.evaluations, None
    except NotDifferentiableError as e:
        return math.nan, math.nan, 0, f"kink reported (left {e.left:.3g}, right {e.right:.3g})"
    except MibunError as e:
        return math.nan, math.nan, 0, f"{type(e).__name__}"


def run_numdifftools(f, x):
    import numdifftools as nd

    c = Counted(f)
    try:
        out = nd.Derivative(c, full_output=True)(x)
        val, info = (out.estimate, out) if hasattr(out, "estimate") else out
        return float(val), float(info.error_estimate), c.n, None
    except Exception as e:  # noqa: BLE001
        return math.nan, math.nan, c.n, type(e).__name__


def run_scipy(f, x):
    from scipy.differentiate import derivative as sd

    c = Counted(f)
    try:
        res = sd(c, x)
        return float(res.df), float(res.error), c.n, None
    except Exception as e:  # noqa: BLE001
        return math.nan, math.nan, c.n, type(e).__name__


LIBS = {
    "mibun (auto)": run_mibun,
    "mibun (real differences only)": lambda f, x: run_mibun(f, x, real_only=True),
    "numdifftools 0.11 (default)": run_numdifftools,
    "scipy.differentiate (default)": run_scipy,
}


def digits(val, exact):
    if not math.isfinite(val):
        return 0.0
    err = abs(val - exact) / (abs(exact) if exact != 0 else 1.0)  # absolute error where the truth is 0
    return min(16.0, -math.log10(max(err, 1e-17)))


def smooth_table():
    cs = cases()
    rows = []
    for name, run in LIBS.items():
        d, ev, cov, nan, wrong = [], [], 0, 0, 0
        for _, f, x, exact in cs:
            val, err, n, _ = run(f, x)
            d.append(digits(val, exact))
            ev.append(n)
            e = abs(val - exact)
            if not math.isfinite(val):
                nan += 1
                continue
            cov += e <= err
            if e > 10 * err and e > 1e-6 * max(1, abs(exact)):
                wrong += 1
        rows.append((name, np.median(d), np.min(d), np.median(ev), np.max(ev), 100 * cov / len(cs), nan, wrong))
    print(f"### Smooth cases ({len(cs)})\n")
    print("| library | median digits | min digits | median evals | max evals | error estimate covers | NaN | confident wrong |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]:.1f} | {r[2]:.1f} | {r[3]:.0f} | {r[4]:.0f} | {r[5]:.0f} % | {r[6]} | {r[7]} |")


def hard_table():
    rng = np.random.default_rng(1)
    relu = lambda x: np.maximum(x, 0.0)  # noqa: E731
    edge = lambda x: np.where(x >= 0, np.abs(x) ** 1.5, np.nan)  # noqa: E731 - defined for x >= 0
    hard = [
        ("abs(x) at 0 (kink)", np.abs, 0.0, None),
        ("relu at 0 (kink)", relu, 0.0, None),
        ("log at 1e-3", np.log, 1e-3, 1e3),
        ("log at 1e-6", np.log, 1e-6, 1e6),
        ("1/x at 1e-3", lambda x: 1 / x, 1e-3, -1e6),
        ("√x at 1e-4", np.sqrt, 1e-4, 50.0),
        ("x^1.5 at 0 (domain edge)", edge, 0.0, 0.0),
        ("sin + 1e-8 noise at 1", lambda x: np.sin(x) + 1e-8 * rng.standard_normal(np.shape(x)), 1.0, math.cos(1)),
        ("abs(x) at 1 (complex step would say 0)", np.abs, 1.0, 1.0),
    ]
    print("\n### Hard points (value ± estimate; correct digits)\n")
    print("| case | " + " | ".join(LIBS) + " |")
    print("|---|" + "---|" * len(LIBS))
    for label, f, x, exact in hard:
        cells = []
        for run in LIBS.values():
            val, err, n, msg = run(f, x)
            if msg:
                cells.append(msg)
            elif exact is None:
                flag = "silent" if (math.isfinite(err) and err < 1e-3) else "large error"
                cells.append(f"{val:.6g} ± {err:.1e} ({flag})")
            else:
                cells.append(f"{val:.6g} ± {err:.1e}; {digits(val, exact):.1f} d" if math.isfinite(val) else "NaN")
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    smooth_table()
    hard_table()
