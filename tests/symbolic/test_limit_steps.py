"""Limits with algebraic steps: the value (SymPy oracle), the textbook technique used, both languages, the
variable's own name, and a float x₀ next to a pole."""

import math
import re

import pytest
import sympy as sp

from mibun.symbolic import limit_steps

CASES = [
    # (expression, point, exact value, a rule that must be used)
    ("(x^2 - 1)/(x - 1)", 1, 2, "limit_factor"),
    ("(x^3 - 8)/(x - 2)", 2, 12, "limit_cancel"),
    ("(t^2 - 9)/(t + 3)", -3, -6, "limit_factor"),
    ("(√(x + 1) - 1)/x", 0, sp.Rational(1, 2), "limit_rationalize"),
    ("(√x - 2)/(x - 4)", 4, sp.Rational(1, 4), "limit_rationalize"),
    ("x/(√(x + 4) - 2)", 0, 4, "limit_rationalize"),
    ("sin(x)/x", 0, 1, "limit_standard"),
    ("sin(3x)/x", 0, 3, "limit_standard"),
    ("sin(2θ)/(5θ)", 0, sp.Rational(2, 5), "limit_standard"),
    ("tan(x)/x", 0, 1, "limit_standard"),
    ("(e^x - 1)/x", 0, 1, "limit_standard"),
    ("(e^(2x) - 1)/x", 0, 2, "limit_standard"),
    ("ln(1 + x)/x", 0, 1, "limit_standard"),
    ("(1 - cos x)/x^2", 0, sp.Rational(1, 2), "limit_standard"),
    ("(1 + 1/n)^n", "oo", sp.E, "limit_standard"),
    ("(1 + 2/n)^n", "∞", sp.exp(2), "limit_standard"),
    ("(1 + x)^(1/x)", 0, sp.E, "limit_standard"),
    ("(e^x - 1 - x)/x^2", 0, sp.Rational(1, 2), "lhopital"),
    ("ln(x)/x", "oo", 0, "lhopital"),
    ("x/e^x", "oo", 0, "lhopital"),
    ("(x - sin x)/x^3", 0, sp.Rational(1, 6), "lhopital"),
    ("x^2 sin(1/x)", 0, 0, "limit_squeeze"),
    ("x cos(1/x)", 0, 0, "limit_squeeze"),
    ("x^2 + 1", 2, 5, "limit_substitute"),
    ("sin(x)", "pi/2", 1, "limit_substitute"),
]


@pytest.mark.parametrize("expr,to,value,rule", CASES, ids=[c[0] for c in CASES])
def test_value_and_technique(expr, to, value, rule):
    d = limit_steps(expr, to=to)
    assert sp.simplify(d.result - value) == 0, (expr, d.result)
    assert rule in d.rules(), (expr, sorted(d.rules()))
    assert d.verified is True
    for lang in ("ko", "en"):
        text = d.text(lang)
        assert "lim_{" in text and not re.search(r"\boo\b|AccumBounds|Limit\(", text)


def test_variable_keeps_its_name():
    d = limit_steps("sin(2θ)/(5θ)", to=0)
    assert "lim_{θ→0}" in d.text("en").replace("theta", "θ") or "lim_{theta→0}" in d.text("en")
    d = limit_steps("(t^2 - 9)/(t + 3)", to=-3)
    assert "lim_{t→-3}" in d.text("ko") and "t = -3" in d.text("ko")


def test_lhopital_states_its_conditions():
    text = limit_steps("(e^x - 1 - x)/x^2", to=0).text("en")
    assert "0/0" in text and "g′ = 2·x is not 0 near x = 0" in text
    ko = limit_steps("(e^x - 1 - x)/x^2", to=0).text("ko")
    assert "로피탈" in ko and "0이 아니므로" in ko


def test_float_next_to_a_pole_is_recognised():
    d = limit_steps("tan(x)", to=math.pi / 2)
    assert d.result is sp.nan
    assert "π/2" in d.text("en") and "1.5707963267948966" in d.text("en")
    assert "존재하지 않습니다" in d.text("ko")
    d = limit_steps("1/(x - 0.1)", to=0.1)
    assert d.result is sp.nan


def test_one_sided_and_infinite():
    assert limit_steps("1/x", to=0, side="+").result == sp.oo
    assert "∞" in limit_steps("1/x", to=0, side="+").text("en")


def test_cli_limit_steps():
    from tests.cli.helpers import run

    out = run("limit", "(x^2-4)/(x-2)", "--to", "2", "--steps", "--lang", "ko", check_rc=0).stdout
    assert "인수분해" in out and "약분" in out
