"""mibun.limit / mibun.numeric.limit: every classification, x0 at ±∞, SymPy confirmation, bad input."""

import json
import math

import numpy as np
import pytest
import sympy as sp

import mibun as mb
import mibun.symbolic
from mibun.errors import InputError
from mibun.numeric import limit

x = sp.Symbol("x")


def test_removable_singularity_and_class_table():
    r = limit(lambda t: (t * t - 1) / (t - 1), 1)
    assert r.exists and r.kind == "finite" and abs(r.value - 2) <= max(r.error, 1e-12)
    left = r.table.column("numeric.col.x_left")
    right = r.table.column("numeric.col.x_right")
    fx = [row[1] for row in r.table.rows], [row[3] for row in r.table.rows]
    assert left[:3] == pytest.approx([0.9, 0.99, 0.999]) and right[:3] == pytest.approx([1.1, 1.01, 1.001])
    assert fx[0][:3] == pytest.approx([1.9, 1.99, 1.999]) and fx[1][:3] == pytest.approx([2.1, 2.01, 2.001])
    assert "1.999" in r.table.text("ko") and "왼쪽" in r.table.text("ko")


def test_never_evaluates_at_x0():
    seen = []

    def f(t):
        seen.append(t)
        if t == 1:
            raise AssertionError("evaluated at x0")
        return (t * t - 1) / (t - 1)

    r = limit(f, 1)
    assert 1.0 not in seen and r.evaluations == len(seen)


def test_piecewise_value_differs_from_limit():
    r = limit(lambda t: 5.0 if t == 1 else t + 1, 1)
    assert r.exists and r.value == pytest.approx(2.0, abs=1e-10)


@pytest.mark.parametrize("f,x0,exact,tol", [
    (lambda t: math.sin(t) / t, 0, 1.0, 1e-12),
    (lambda t: (t - math.sin(t)) / t**3, 0, 1 / 6, 1e-7),
    (lambda n: (1 + 3 / n) ** n, math.inf, math.exp(3), 1e-8),
    (lambda t: math.sqrt(t * t + t) - t, math.inf, 0.5, 1e-9),
    (lambda t: t * math.sin(1 / t), 0, 0.0, 1e-6),
])
def test_finite_limits(f, x0, exact, tol):
    r = limit(f, x0)
    assert r.exists and r.kind == "finite"
    assert abs(r.value - exact) <= r.error and abs(r.value - exact) <= tol


def test_jump():
    r = limit(lambda t: abs(t) / t, 0)
    assert not r.exists and r.kind == "jump" and math.isnan(r.value)
    assert r.left == pytest.approx(-1) and r.right == pytest.approx(1)
    assert limit(lambda t: abs(t) / t, 0, side="+").value == pytest.approx(1)
    assert limit(lambda t: abs(t) / t, 0, side="-").value == pytest.approx(-1)
    assert "좌극한" in r.text("ko") and "jump" in r.text("en")


def test_one_over_x_at_zero():
    r = limit(lambda t: 1 / t, 0)
    assert not r.exists and r.kind == "unbounded" and math.isnan(r.value)
    assert r.left == -math.inf and r.right == math.inf
    r = limit(lambda t: 1 / t, 0, side="+")
    assert r.value == math.inf and r.kind == "infinite" and not r.exists
    r = limit(lambda t: 1 / t**2, 0)
    assert r.value == math.inf and r.kind == "infinite"
    assert limit(lambda t: math.exp(1 / t), 0, side="+").value == math.inf  # through overflow


def test_sin_one_over_x_does_not_exist():
    r = limit(lambda t: math.sin(1 / t), 0)
    assert not r.exists and r.kind == "oscillating" and math.isnan(r.value)
    r = limit(sp.sin(1 / x), 0)
    assert r.kind == "oscillating" and isinstance(r.symbolic, sp.AccumBounds)


def test_infinity_inputs():
    for inf in (math.inf, sp.oo):
        r = limit(lambda n: (1 + 3 / n) ** n, inf)
        assert r.value == pytest.approx(math.exp(3), rel=1e-9)
    r = limit(lambda t: t**3, -math.inf)
    assert r.value == -math.inf and r.kind == "infinite"
    r = limit(lambda t: math.exp(t), -sp.oo)
    assert r.exists and abs(r.value) < 1e-6


def test_sympy_confirms_and_corrects():
    r = limit(sp.sqrt(x**2 + x) - x, sp.oo)
    assert r.symbolic == sp.Rational(1, 2) and r.value == 0.5 and r.exists
    assert any(k == "numeric.note.symbolic_confirmed" for k, _ in r.notes)
    r = limit((x - sp.sin(x)) / x**3, 0)
    assert r.symbolic == sp.Rational(1, 6) and r.value == pytest.approx(1 / 6, abs=1e-16)
    r = limit((1 + 3 / x) ** x, sp.oo)
    assert r.symbolic == sp.exp(3) and r.value == pytest.approx(math.exp(3), rel=1e-15)


def test_symbolic_value_used_when_confirmed():
    r = limit((1 - sp.cos(x)) / x**2, 0)
    assert r.value == 0.5 and r.symbolic == sp.Rational(1, 2)


def test_domain_one_side():
    r = limit(np.sqrt, 0)
    assert not r.exists and r.kind == "undefined" and r.right == pytest.approx(0, abs=1e-3)
    r = limit(np.sqrt, 0, side="+")
    assert r.exists and abs(r.value) <= r.error
    assert limit(np.log, 0, side="+").value == -math.inf


def test_bad_input():
    with pytest.raises(InputError, match="callable"):
        limit(3, 0)
    with pytest.raises(InputError, match="side"):
        limit(np.sin, 0, side="up")
    with pytest.raises(InputError, match="one number"):
        limit(lambda t: "a", 0)
    with pytest.raises(InputError, match="several variables"):
        limit(x * sp.Symbol("y"), 0)
    with pytest.raises(InputError):
        limit(np.sin, float("nan"))


def test_result_forms_and_mb_limit():
    r = mb.limit(lambda t: math.sin(t) / t, 0)
    assert r.value == pytest.approx(1.0)
    d = json.loads(json.dumps(r.to_dict()))
    assert d["exists"] is True and d["kind"] == "finite" and len(d["table"]["rows"]) == 8
    assert "LimitResult(" in repr(r) and "<table" in r._repr_html_()
    assert "lim" in r.text("ko") and "lim" in r.text("en")


@pytest.mark.skipif(not hasattr(mibun.symbolic, "parse"), reason="parser lands with issue 5")
def test_text_input():
    r = limit("sin(x)/x", 0)
    assert r.value == 1.0 and r.symbolic == 1


def test_cancellation_tail_dropped_and_reported():
    # x²(√(x⁴+1) − x²) → 1/2, but in floating point it is exactly 0 from x = 10⁴ on
    r = limit(lambda t: t * t * (math.sqrt(t**4 + 1) - t * t), math.inf)
    assert r.exists and abs(r.value - 0.5) <= r.error < 1e-4
    assert any(k == "numeric.note.cancellation" for k, _ in r.notes)
    # the same as a SymPy expression: exact 1/2, and the float disagreement is said
    r = limit(x**2 * (sp.sqrt(x**4 + 1) - x**2), sp.oo)
    assert r.value == 0.5 and r.symbolic == sp.Rational(1, 2)
    r = limit(x**29 * ((x**30 + 1) ** sp.Rational(1, 30) - x), sp.oo)
    assert r.value == pytest.approx(1 / 30) and any(k == "numeric.note.symbolic_override" for k, _ in r.notes)


def test_broken_f_is_an_input_error_not_a_traceback():
    with pytest.raises(InputError, match="TypeError"):
        limit(lambda t: t["a"], 0)
    with pytest.raises(InputError, match="one number"):
        limit(lambda t: [t, t], 1)


@pytest.mark.parametrize("f,x0,exact", [
    (lambda t: (1 - math.cos(t)) / t**2, 0, 0.5),
    (lambda t: (math.exp(t) - 1) / t, 0, 1.0),
    (lambda t: (1 + t) ** (1 / t), 0, math.e),
    (lambda t: (math.sqrt(1 + t) - 1) / t, 0, 0.5),
    (lambda t: (t**3 - 8) / (t - 2), 2, 12.0),
    (lambda t: math.atan(t), math.inf, math.pi / 2),
    (lambda t: (2 * t + 1) / (t - 3), math.inf, 2.0),
    (lambda t: (3**t - 2**t) / t, 0, math.log(1.5)),
])
def test_limit_error_estimates_cover(f, x0, exact):
    r = limit(f, x0)
    assert r.exists and abs(r.value - exact) <= r.error < 1e-5


def test_one_sided_domain_limits_classified():
    assert limit(lambda t: t * math.log(t), 0).kind == "undefined"
    r = limit(lambda t: t * math.log(t), 0, side="+")
    assert r.exists and abs(r.value) <= max(r.error, 1e-6)
