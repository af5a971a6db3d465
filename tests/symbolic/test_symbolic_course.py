"""The course examples, exactly as the material states them."""

import sympy as sp

import mibun as mb

x, y = sp.symbols("x y")


def test_partials_at_point():
    f = "x^2 + 3xy + y - 3"
    dx, dy = mb.diff(f, "x"), mb.diff(f, "y")
    assert sp.simplify(dx.result - (2 * x + 3 * y)) == 0
    assert sp.simplify(dy.result - (3 * x + 1)) == 0
    assert dx.at(x=4, y=-2).exact == 2 and float(dx.at(x=4, y=-2)) == 2.0
    assert dy.at(x=4, y=-2).exact == 13
    assert "partial" in dx.rules() and "partial" in dy.rules()


def test_cubic_mixed():
    d = mb.diff("x^3 + xy - y", "x")
    assert sp.simplify(d.result - (3 * x**2 + y)) == 0
    d = mb.diff("x^3 + xy - y", "y")
    assert sp.simplify(d.result - (x - 1)) == 0


def test_quotient_with_exponential_both_variables():
    f = 7 * x * y / sp.exp(x**2 + y**2)
    for v in (x, y):
        d = mb.diff(r"\frac{7xy}{e^{x^2+y^2}}", str(v))
        assert sp.simplify(d.result - sp.diff(f, v)) == 0
        assert {"quotient", "chain", "exp", "constant_multiple"} <= d.rules()


def test_chain_power_and_exp():
    d = mb.diff("(2x-4)^3")
    assert sp.expand(d.result - 6 * (2 * x - 4) ** 2) == 0
    assert {"chain", "power"} <= d.rules()
    d = mb.diff("e^(2x)")
    assert sp.simplify(d.result - 2 * sp.exp(2 * x)) == 0
    assert {"chain", "exp"} <= d.rules()
