"""mibun.numeric.derivative: exact values, methods, hard points (domain edges, kinks, noise), bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mibun as mb
from mibun.errors import DomainError, InputError, MibunError, NotDifferentiableError
from mibun.numeric import derivative


def real_only(f):
    """The same function, refusing complex input (forces the real-difference path)."""
    return lambda t: float(f(float(t)))


def check(r, exact, digits):
    err = abs(r.value - exact)
    assert err <= r.error, (r, exact)
    assert err <= 10.0 ** -digits * max(1.0, abs(exact)), (r, exact)


def test_x_squared_at_3():
    r = derivative(lambda x: x**2, 3.0)
    check(r, 6.0, 13)
    assert r.evaluations <= 15 and r.method in ("complex", "richardson")


@pytest.mark.parametrize("x0", [0.01, 1e-6])
@pytest.mark.parametrize("f,df", [(np.exp, np.exp), (np.sin, np.cos), (np.log, lambda x: 1 / x)])
def test_exp_sin_log_near_zero(f, df, x0):
    check(derivative(f, x0), df(x0), 12)


@pytest.mark.parametrize("x0,digits", [(0.01, 9), (1e-6, 6)])
def test_log_near_zero_real_path_never_nan(x0, digits):
    r = derivative(math.log, x0)  # math.log refuses complex: real differences, steps must avoid x < 0
    assert math.isfinite(r.value)
    check(r, 1 / x0, digits)
    assert any(k == "numeric.note.shortened" for k, _ in r.notes)  # the domain problem is reported


def test_sqrt_at_1e_4_both_paths():
    check(derivative(np.sqrt, 1e-4), 50.0, 12)
    check(derivative(math.sqrt, 1e-4), 50.0, 9)


@pytest.mark.parametrize("x0", [1e-3, -1e-2, 0.05])
def test_one_over_x_near_zero(x0):
    check(derivative(lambda x: 1 / x, x0), -1 / x0**2, 12)
    check(derivative(real_only(lambda x: 1 / x), x0), -1 / x0**2, 8)


def test_sigmoid_and_tanh():
    sig = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    for x0 in (-3.0, 0.0, 2.0):
        s = sig(x0)
        check(derivative(sig, x0), s * (1 - s), 13)
        check(derivative(real_only(sig), x0), s * (1 - s), 11)
        check(derivative(np.tanh, x0), 1 - np.tanh(x0) ** 2, 13)


def test_squire_trapp():
    f = lambda x: np.exp(x) / np.sqrt(np.sin(x) ** 3 + np.cos(x) ** 3)  # noqa: E731
    exact = 4.0534278938986206577
    r = derivative(f, 1.5)
    check(r, exact, 14)
    check(derivative(real_only(f), 1.5), exact, 11)


def test_methods_named():
    f = np.exp
    r = derivative(f, 1.0, method="complex")
    assert r.method == "complex" and r.evaluations == 2 and abs(r.value - math.e) < 1e-15
    r = derivative(f, 1.0, method="richardson")
    assert r.method == "richardson"
    check(r, math.e, 12)
    for m, order in (("central", 2), ("forward", 1), ("backward", 1)):
        r = derivative(f, 1.0, method=m, h=1e-3)
        assert r.method == m and r.h == pytest.approx(1e-3)
        err = abs(r.value - math.e)
        assert err <= r.error and err > 1e-12  # a fixed stencil has a visible truncation error
        assert err == pytest.approx(math.e * 1e-3 ** order / (6 if order == 2 else 2), rel=0.05)


@pytest.mark.parametrize("n,exact", [(1, math.cos(0.7)), (2, -math.sin(0.7)), (3, -math.cos(0.7)),
                                     (4, math.sin(0.7))])
def test_higher_orders(n, exact):
    r = derivative(np.sin, 0.7, n=n)
    assert abs(r.value - exact) <= r.error
    assert abs(r.value - exact) < 10.0 ** -(9 - n)


def test_vectorised_x_elementwise():
    xs = np.linspace(-2, 2, 7)
    r = derivative(np.sin, xs)
    assert r.value.shape == (7,) and np.all(np.abs(r.value - np.cos(xs)) <= r.error)
    grid = xs.reshape(7, 1) * np.ones((1, 2))
    assert derivative(np.exp, grid).value.shape == (7, 2)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-5, 5), min_size=1, max_size=6))
def test_vectorised_matches_scalar(xs):
    arr = np.array(xs)
    r = derivative(np.tanh, arr)
    assert r.value.shape == arr.shape
    exact = 1 - np.tanh(arr) ** 2
    assert np.all(np.abs(r.value - exact) <= r.error)


# --- hard points ----------------------------------------------------------------------------------

@pytest.mark.parametrize("f,left,right", [(abs, -1.0, 1.0), (np.abs, -1.0, 1.0),
                                          (lambda x: np.maximum(x, 0.0), 0.0, 1.0),
                                          (lambda x: max(x, 0.0), 0.0, 1.0),
                                          (lambda x: x + 1e-3 * abs(x), 0.999, 1.001)])
def test_kink_raises_with_left_and_right(f, left, right):
    with pytest.raises(NotDifferentiableError) as ei:
        derivative(f, 0.0)
    assert ei.value.left == pytest.approx(left, abs=1e-9)
    assert ei.value.right == pytest.approx(right, abs=1e-9)
    assert "not differentiable" in str(ei.value)


def test_kink_flag_option():
    r = derivative(abs, 0.0, on_kink="flag")
    assert r.differentiable is False and math.isnan(r.value)
    assert (r.left, r.right) == (pytest.approx(-1.0), pytest.approx(1.0))
    assert "kink" in r.text("en") and "미분가능하지 않습니다" in r.text("ko")
    rs = derivative(abs, np.array([-1.0, 0.0, 2.0]), on_kink="flag")
    assert rs.differentiable.tolist() == [True, False, True]
    assert rs.value[0] == pytest.approx(-1.0) and rs.value[2] == pytest.approx(1.0)


def test_abs_away_from_kink_not_fooled_by_complex_step():
    # np.abs of a complex number is its modulus: the complex step would say 0; real differences say 1
    r = derivative(np.abs, 1.0)
    assert r.value == pytest.approx(1.0, abs=1e-12) and r.method != "complex"
    assert any(k == "numeric.note.complex_rejected" for k, _ in r.notes)
    r = derivative(lambda x: x * np.conj(x), 2.0)  # |x|² written non-analytically
    assert r.value == pytest.approx(4.0, abs=1e-9) and r.method != "complex"


def test_domain_edge_one_sided_and_reported():
    f = lambda x: x ** 1.5 if x >= 0 else math.nan  # noqa: E731 - defined for x >= 0 only
    r = derivative(f, 1e-300 * 0, method="auto")
    assert r.method == "richardson-forward"
    assert abs(r.value) <= max(r.error, 1e-3)
    assert any(k == "numeric.note.one_sided_forward" for k, _ in r.notes)
    g = lambda x: math.sqrt(1 - x) * (1 - x) + x  # noqa: E731 - defined for x <= 1, g'(1) = 1
    r = derivative(g, 1.0)
    assert r.method == "richardson-backward" and abs(r.value - 1.0) <= r.error
    assert "backward" in r.text("en") and "후진" in r.text("ko")


def test_fixed_central_switches_to_one_sided_at_edge():
    r = derivative(lambda x: math.sqrt(x) * x, 0.0, method="central", h=1e-4)
    assert r.method == "forward" and any("one_sided" in k for k, _ in r.notes)


def test_noise_gives_large_error_not_confident_number():
    rng = np.random.default_rng(0)
    noisy = lambda x: float(np.sin(x)) + 1e-6 * rng.standard_normal()  # noqa: E731
    r = derivative(noisy, 1.0)
    err = abs(r.value - math.cos(1.0))
    assert r.error > 1e-8          # not claimed to machine precision
    assert err <= r.error          # and honest


# --- bad input ------------------------------------------------------------------------------------

def test_bad_input_messages():
    with pytest.raises(InputError, match="callable"):
        derivative(42, 1.0)
    with pytest.raises(InputError, match="must return a number"):
        derivative(lambda x: "hello", 1.0)
    with pytest.raises(DomainError, match="not defined"):
        derivative(math.log, -1.0)
    with pytest.raises(DomainError, match="not defined"):
        derivative(np.log, 0.0)
    with pytest.raises(InputError, match="method"):
        derivative(np.sin, 1.0, method="magic")
    with pytest.raises(InputError, match="n must be"):
        derivative(np.sin, 1.0, n=0)
    with pytest.raises(InputError, match="h must be"):
        derivative(np.sin, 1.0, h=-1)
    with pytest.raises(InputError, match="real number"):
        derivative(np.sin, "one")
    with pytest.raises(InputError, match="complex input"):
        derivative(math.sin, 1.0, method="complex")
    with pytest.raises(MibunError):
        derivative(np.sin, float("nan"))


def test_counts_every_call():
    calls = []

    def f(x):
        calls.append(x)
        return np.exp(x)

    for m in ("auto", "richardson", "central", "complex"):
        calls.clear()
        r = derivative(f, 0.3, method=m)
        assert r.evaluations == len(calls)
    calls.clear()
    r = derivative(f, np.array([0.1, 0.2, 0.3]))
    assert r.evaluations == len(calls)


def test_results_render_and_serialise():
    import json

    r = derivative(np.sin, 1.0)
    assert "f'(1)" in r.text("en") and "복소 스텝" in r.text("ko")
    d = json.loads(json.dumps(r.to_dict()))
    assert d["value"] == pytest.approx(math.cos(1.0)) and d["method"] == "complex"
    assert "DerivativeResult(value=" in repr(r) and "0.54030230586814" in r._repr_html_()
    assert r.markdown("en").startswith("f'(1)") and "\\text{" in r.latex("en")
    assert float(r) == pytest.approx(math.cos(1.0))


def test_sympy_expression_input():
    import sympy as sp

    x = sp.Symbol("x")
    r = derivative(sp.exp(x) * sp.sin(x), 0.5)
    check(r, math.exp(0.5) * (math.sin(0.5) + math.cos(0.5)), 13)


def test_import_stays_light():
    import subprocess
    import sys

    code = ("import sys, mibun, mibun.numeric; mibun.limit; "
            "print('sympy' in sys.modules, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    assert mb.limit is mb.numeric.limit


def test_float32_function_gets_float32_sized_error():
    f32 = lambda x: np.sin(np.asarray(x, dtype=np.float32))  # noqa: E731 - computes in float32
    for x0 in (0.3, 1.0, 7.0):
        r = derivative(f32, x0)
        err = abs(r.value - math.cos(x0))
        assert err <= r.error and r.error > 1e-9  # never claims float64 accuracy for a float32 f


def test_one_sided_smooth_is_accurate_and_slow_power_is_honest():
    r = derivative(lambda x: np.where(x >= 0, np.exp(x), np.nan), 0.0)
    assert r.method == "richardson-forward" and abs(r.value - 1) <= r.error < 1e-9
    r = derivative(lambda x: np.where(x >= 0, np.abs(x) ** 1.5, np.nan), 0.0)  # D(h) = √h: slow
    assert abs(r.value) <= r.error and r.error > 1e-6
