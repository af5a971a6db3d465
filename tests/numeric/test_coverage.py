"""Error-estimate calibration over the 60-case smooth benchmark set (issue 4: ≥ 95 % coverage), for the
default method and for the real-difference path (functions that refuse complex input)."""

import functools
import math

import numpy as np

from mibun.numeric import derivative
from tests.numeric.smooth_cases import cases

_cases = functools.cache(cases)  # built when a test first runs, not at collection (every process collects)


def _run(real_only: bool):
    digits, covered, evals = [], 0, []
    for _, f, x0, exact in _cases():
        g = (lambda t, f=f: float(f(float(t)))) if real_only else f
        r = derivative(g, x0)
        err = abs(r.value - exact)
        assert math.isfinite(r.value) and math.isfinite(r.error)
        covered += err <= r.error
        digits.append(min(16.0, -math.log10(max(err / max(abs(exact), 1e-300), 1e-17))))
        evals.append(r.evaluations)
    return np.array(digits), covered / len(_cases()), np.array(evals)


def test_at_least_50_cases():
    assert len(_cases()) >= 50


def test_default_method_accuracy_cost_and_coverage():
    digits, coverage, evals = _run(real_only=False)
    assert coverage >= 0.95
    assert np.median(digits) >= 13.5 and digits.min() >= 10
    assert np.median(evals) <= 15


def test_real_differences_accuracy_cost_and_coverage():
    digits, coverage, evals = _run(real_only=True)
    assert coverage >= 0.95
    assert np.median(digits) >= 13.0 and digits.min() >= 10
    assert np.median(evals) <= 15
