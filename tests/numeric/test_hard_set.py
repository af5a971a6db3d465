"""The hard set (tests/numeric/hard_cases.py, from numdifftools' and scipy.differentiate's tests, Lyness &
Moler, Ridders, and the issue's edge cases): zero confident-wrong answers, an error estimate that covers the
true error in ≥ 95 % of the answered smooth cases and is never vacuous, and the documented answers at
kinks, jumps, infinite slopes and just off a kink. numdifftools/scipy are not needed here."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from mibun.errors import DomainError, MibunError, NotDifferentiableError
from mibun.numeric import derivative
from tests.numeric.hard_cases import cases, judge

CASES = cases()


def _run(case):
    try:
        r = derivative(case.f, case.x, n=case.n, on_kink="flag")
    except MibunError:
        return judge(case, None, None, raised=True), None
    return judge(case, float(r.value), float(r.error), differentiable=bool(r.differentiable)), r


@pytest.fixture(scope="module")
def verdicts():
    return [(c, *_run(c)) for c in CASES]


def test_the_set_is_large_and_varied():
    kinds = Counter(c.kind for c in CASES)
    assert len(CASES) >= 140 and kinds["kink"] >= 8 and kinds["jump"] >= 5 and kinds["domain"] >= 4


def test_zero_confident_wrong(verdicts):
    bad = [(c.name, r and (float(r.value), float(r.error))) for c, v, r in verdicts if v.status == "confident-wrong"]
    assert bad == []


def test_estimate_covers_and_is_never_vacuous(verdicts):
    answered = [v for c, v, _ in verdicts if c.kind == "smooth" and v.status != "refused"]
    assert len(answered) >= 125
    assert sum(v.covered for v in answered) / len(answered) >= 0.95
    assert [c.name for c, v, _ in verdicts if v.vacuous] == []


def test_non_differentiable_points_are_never_answered_with_a_number(verdicts):
    for c, v, _r in verdicts:
        if c.kind in ("kink", "jump", "domain"):
            assert v.status == "refused", c.name


@pytest.mark.parametrize("name", ["relu at 1e-9", "relu at −1e-9", "|x| at 1e-9", "|x| at −1e-9", "|x| at 1e-300",
                                  "log at 1e-8", "log at 1e-300", "√x at 1e-10", "arcsin at 1 − 1e-10",
                                  "sin at 1e12", "tan at fl(π/2) − 1e-9", "1/(x − 1) at 1 + 1e-7"])
def test_plainly_differentiable_points_get_six_digits(verdicts, name):
    c, v, r = next(t for t in verdicts if t[0].name == name)
    assert v.status == "ok" and v.digits >= 6, (name, r.value, r.error)


def test_sqrt_at_zero_infinite_right_slope():
    r = derivative(np.sqrt, 0.0, on_kink="flag")
    assert r.differentiable is False and r.left is None and r.right == math.inf and math.isnan(r.value)
    assert any(k == "numeric.note.infinite_slope" for k, _ in r.notes)
    with pytest.raises(NotDifferentiableError) as ei:
        derivative(np.sqrt, 0.0)
    assert ei.value.left is None and ei.value.right == math.inf
    one = derivative(np.sqrt, 0.0, side="+")
    assert one.value == math.inf
    with pytest.raises(DomainError):
        derivative(np.sqrt, 0.0, side="-")


def test_arcsin_at_one_and_vertical_tangent():
    r = derivative(np.arcsin, 1.0, on_kink="flag")
    assert (r.differentiable, r.left, r.right) == (False, math.inf, None)
    assert derivative(np.arcsin, 1.0, side="-").value == math.inf
    c = derivative(np.cbrt, 0.0, on_kink="flag")
    assert c.differentiable is False and c.left == c.right == c.value == math.inf


def test_kinks_jumps_and_oscillation():
    r = derivative(np.abs, 0.0, on_kink="flag")
    assert (r.left, r.right) == pytest.approx((-1.0, 1.0), abs=1e-9)
    j = derivative(np.floor, 1.0, on_kink="flag")
    assert j.differentiable is False and j.left == math.inf and j.right == pytest.approx(0.0, abs=1e-12)
    assert any(k == "numeric.note.jump" for k, _ in j.notes)
    osc = lambda x: 0.0 if x == 0 else x * math.sin(1 / x)  # noqa: E731
    o = derivative(osc, 0.0, on_kink="flag")
    assert o.differentiable is False and math.isnan(o.value)
    with pytest.raises(NotDifferentiableError, match="do not settle"):
        derivative(osc, 0.0)


def test_one_sided_request_on_a_smooth_function():
    r = derivative(np.exp, 1.0, side="+")
    assert r.value == pytest.approx(math.e, rel=1e-10) and abs(r.value - math.e) <= r.error
    with pytest.raises(MibunError):
        derivative(np.exp, 1.0, side="left")


def test_exact_answers_have_honest_small_estimates():
    for f, x in [(lambda t: 0 * t + 5.0, 1.0), (np.square, 3.0), (np.floor, 0.5)]:
        r = derivative(f, x)
        assert r.error <= 1e-12 * max(1.0, abs(r.value))
