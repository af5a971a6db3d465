"""Implicit differentiation answers as textbooks print them (Stewart, Calculus §3.5 and its exercises; the
Korean 미적분 textbooks' 음함수의 미분법), the order of terms in printed sums, equations written like
definitions (y = x^y, x = sin y) and second and third derivatives of implicit functions."""

import pytest
import sympy as sp

import mibun as mb
from mibun.symbolic.derivation import text_of
from mibun.symbolic.parser import evaluate, parse

x, y = sp.symbols("x y")

# (student's input, the textbook's printed answer)
FIRST = [
    ("x^2 + y^2 = 25, dy/dx", "-x/y"),
    ("x^3 + y^3 = 6xy, dy/dx", "(x^2 - 2·y)/(2·x - y^2)"),          # folium of Descartes: (2y − x²)/(y² − 2x)
    ("x^2 y + y^3 = 5, dy/dx", "-2·x·y/(x^2 + 3·y^2)"),
    ("sin(xy) = x, dy/dx", "(1 - y·cos(x·y))/(x·cos(x·y))"),
    ("e^y = xy, dy/dx", "y/(e^y - x)"),
    ("x^2/9 + y^2/4 = 1, dy/dx", "-4·x/(9·y)"),
    ("x y^2 + x^2 y = 2, dy/dx", "-(2·x·y + y^2)/(x^2 + 2·x·y)"),
    ("tan(y) = x, dy/dx", "cos(y)^2"),                                # 1/sec²y
    ("ln(y) = x y, dy/dx", "y^2/(1 - x·y)"),
    ("y sin(x) = x cos(y), dy/dx", "(cos(y) - y·cos(x))/(x·sin(y) + sin(x))"),
    ("x = sin(y), dy/dx", "1/cos(y)"),                               # written like a definition of x
    ("y = x^y, dy/dx", "x^(y - 1)·y/(1 - x^y·ln(x))"),               # y on both sides: an equation
]

HIGHER = [
    ("x^2 + y^2 = 25, d²y/dx²", "-25/y^3"),                          # the equation shortens −(x² + y²)/y³
    ("x^4 + y^4 = 16, d²y/dx²", "-48·x^2/y^7"),                      # Stewart §3.5 example 4
    ("x^2 + xy + y^2 = 3, d²y/dx²", "-18/(x + 2·y)^3"),
    ("x^3 + y^3 = 1, y''", "-2·x/y^5"),
    ("y^2 = 4x, d^2y/dx^2", "-4/y^3"),
    ("x^2 - y^2 = 1, d^3y/dx^3", "3·x/y^5"),
]


@pytest.mark.parametrize(("text", "printed"), FIRST, ids=[c[0] for c in FIRST])
def test_first_derivative_is_printed_as_in_the_textbook(text, printed):
    d = mb.diff(text)
    assert d.verified is True
    assert text_of(d.result) == printed
    assert d.text("en").splitlines()[-1] == f"Answer: dy/dx = {printed}"


@pytest.mark.parametrize(("text", "printed"), HIGHER, ids=[c[0] for c in HIGHER])
def test_higher_implicit_derivatives(text, printed):
    d = mb.diff(text)
    assert d.verified is True and text_of(d.result) == printed
    n = 3 if ("3" in text.split(",")[1] or "'''" in text) else 2
    sup = "²³"[n - 2]
    assert d.text("en").splitlines()[-1] == f"Answer: d{sup}y/dx{sup} = {printed}"


def test_second_derivative_oracle_on_the_circle():
    # y = √(25 − x²) on the upper half: y″ = −25/(25 − x²)^{3/2}, which −25/y³ equals there
    d = mb.diff("x^2 + y^2 = 25, d²y/dx²")
    upper = sp.sqrt(25 - x**2)
    assert sp.simplify(d.result.subs(y, upper) - sp.diff(upper, x, 2)) == 0


def test_the_equation_step_is_shown_in_both_languages():
    d = mb.diff("x^2 + y^2 = 25, d²y/dx²")
    en, ko = d.text("en"), d.text("ko")
    assert "−(x^2 + y^2)/y^3".replace("−", "-") in en and "on the curve x^2 + y^2 = 25" in en
    assert "곡선 위에서는 x^2 + y^2 = 25이므로" in ko and "한 번 더 미분" in ko
    assert "2·x + 2·y·dy/dx = 0" in en                                # no brackets around a product


def test_sums_start_with_a_positive_term_when_there_is_one():
    assert text_of(1 - y * sp.cos(x * y)) == "1 - y·cos(x·y)"
    assert text_of(sp.cos(x) - sp.sin(x)) == "cos(x) - sin(x)"
    assert text_of(sp.exp(y) - x) == "e^y - x"
    assert text_of(-x - y) == "-x - y"                               # nothing positive to bring forward
    assert mb.diff("cos x + x").text("en").splitlines()[-1].endswith("= 1 - sin(x)")


@pytest.mark.parametrize("text", [t for t, _ in FIRST + HIGHER])
def test_printed_answers_read_back_as_the_same_expression(text):
    d = mb.diff(text)
    again = evaluate(parse(text_of(d.result)))
    assert sp.simplify(again - evaluate(d.result)) == 0
