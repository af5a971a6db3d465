"""The hard set for numerical derivatives: mibun vs numdifftools vs scipy.differentiate, case by case.

    pip install numdifftools scipy        # benchmark only, never mibun dependencies
    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/numeric_hard.py [--cases]

The set (tests/numeric/hard_cases.py, ~150 cases) is built from numdifftools' and scipy.differentiate's test
functions, Lyness & Moler's and Ridders' examples, and the issue's edge cases (poles, large x, flat and
step functions, jumps, one-sided infinite derivatives, points just off a kink). Each answer is scored by
``hard_cases.judge``: correct digits, whether the error estimate covers the actual error, and
"confident-wrong" = a number whose stated error does not cover its actual error (on a non-differentiable
point: any finite number with a finite error). scipy.differentiate computes first derivatives only (n/a for
n > 1); its ``success=False`` counts as a refusal.
"""

from __future__ import annotations

import math
import os
import sys
import warnings
from collections import Counter

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "src"))

from mibun.errors import MibunError  # noqa: E402
from mibun.numeric import derivative  # noqa: E402
from tests.numeric.hard_cases import cases, judge  # noqa: E402

warnings.filterwarnings("ignore")


def run_mibun(case):
    try:
        r = derivative(case.f, case.x, n=case.n, on_kink="flag")
    except MibunError:
        return judge(case, None, None, raised=True), "error"
    v, e = float(r.value), float(r.error)
    return judge(case, v, e, differentiable=bool(r.differentiable)), f"{v:.6g} ± {e:.1e}"


def run_numdifftools(case):
    import numdifftools as nd

    try:
        with np.errstate(all="ignore"):
            out = nd.Derivative(case.f, n=case.n, full_output=True)(case.x)
        val, err = (out.estimate, out.error_estimate) if hasattr(out, "estimate") else (out[0], out[1].error_estimate)
        v, e = float(np.asarray(val).ravel()[0]), float(np.asarray(err).ravel()[0])
    except Exception as exc:  # noqa: BLE001
        return judge(case, None, None, raised=True), type(exc).__name__
    return judge(case, v, e), f"{v:.6g} ± {e:.1e}"


def run_scipy(case):
    from scipy.differentiate import derivative as sd

    if case.n != 1:
        return None, "n/a"
    try:
        with np.errstate(all="ignore"):
            res = sd(case.f, case.x)
        v, e, ok = float(res.df), float(res.error), bool(res.success)
    except Exception as exc:  # noqa: BLE001
        return judge(case, None, None, raised=True), type(exc).__name__
    return judge(case, v, e, confident=ok), f"{v:.6g} ± {e:.1e}" + ("" if ok else " (no success)")


LIBS = {"mibun": run_mibun, "numdifftools": run_numdifftools, "scipy.differentiate": run_scipy}


def main(show_cases: bool = False) -> dict:
    cs = cases()
    results = {name: [run(c) for c in cs] for name, run in LIBS.items()}
    summary = {}
    print(f"### Hard set: {len(cs)} cases ({dict(Counter(c.kind for c in cs))})\n")
    print("| library | cases answered | confident-wrong | refused | median digits (smooth) | ≥ 6 digits (smooth) "
          "| estimate covers (smooth, answered) | vacuous estimates |")
    print("|---|---|---|---|---|---|---|---|")
    for name, res in results.items():
        vs = [(c, v) for c, (v, _) in zip(cs, res, strict=True) if v is not None]
        st = Counter(v.status for _, v in vs)
        sm = [v for c, v in vs if c.kind == "smooth" and v.status != "refused"]
        digits = [v.digits for v in sm]
        cov = [v.covered for v in sm]
        six = sum(d >= 6 for d in digits)
        n_smooth = sum(c.kind == "smooth" for c, _ in vs)
        summary[name] = {"n": len(vs), "confident_wrong": st["confident-wrong"], "refused": st["refused"],
                         "coverage": sum(cov) / max(1, len(cov)), "vacuous": sum(v.vacuous for v in sm),
                         "median_digits": float(np.median(digits)) if digits else math.nan,
                         "six_digits": six, "n_smooth": n_smooth}
        s = summary[name]
        print(f"| {name} | {s['n']} | **{s['confident_wrong']}** | {s['refused']} | {s['median_digits']:.1f} | "
              f"{six}/{n_smooth} | {100 * s['coverage']:.1f} % | {s['vacuous']} |")
    if show_cases:
        print("\n| case | source | " + " | ".join(LIBS) + " |")
        print("|---|---|" + "---|" * len(LIBS))
        for i, c in enumerate(cs):
            cells = []
            for name in LIBS:
                v, txt = results[name][i]
                shown = v is not None and c.kind == "smooth" and v.status != "refused"
                digits = f", {v.digits:.1f} d" if shown else ""
                cells.append("n/a" if v is None else f"{txt} — {v.status}{digits}")
            print(f"| {c.name} | {c.source} | " + " | ".join(cells) + " |")
    return summary


if __name__ == "__main__":
    main(show_cases="--cases" in sys.argv)
