"""Answers printed as textbooks print them (issue 15, item 2), for the cases found by trying mibun as a
student: the chain rule's bracket kept (d/dx (2x − 1)² = 4(2x − 1), Stewart §3.4), negative powers as
fractions (sec²x's 1/cos²x, −1/x²), polynomials in descending powers and other sums starting positive."""

import pytest
import sympy as sp

import mibun as mb
from mibun.symbolic.derivation import text_of

x, y = sp.symbols("x y")


@pytest.mark.parametrize(("question", "printed"), [
    ("(2x-1)^2", "4·(2·x - 1)"),
    ("(3x+1)^2", "6·(3·x + 1)"),
    ("(x+1)^2", "2·(x + 1)"),
    ("3(x+1)^2", "6·(x + 1)"),
    ("(x^2+1)^2", "4·x·(x^2 + 1)"),
    ("(2x-4)^3", "6·(2·x - 4)^2"),
    ("sin(x)/cos(x)", "1/cos(x)^2"),
    ("-1/x", "1/x^2"),
    ("1/x", "-1/x^2"),
    ("1/sqrt(x)", "-1/(2·x^(3/2))"),
    ("-x^3/3 + 2x^2 - 3x", "-x^2 + 4·x - 3"),
    ("cos x + x", "1 - sin(x)"),
    ("sin x + cos x", "cos(x) - sin(x)"),
])
def test_printed_like_the_textbook(question, printed):
    d = mb.diff(question, "x")
    assert text_of(d.result) == printed
    assert sp.simplify(d.result - sp.diff(d.expr, x)) == 0


def test_a_bracket_of_a_quotient_is_not_kept_for_its_own_sake():
    assert mb.diff("(sin x)/(cos x)").result == sp.cos(x) ** -2


def test_negative_powers_print_as_fractions():
    assert text_of(x ** -2) == "1/x^2" and text_of(3 * x ** -2) == "3/x^2" and text_of((x + 1) ** -3) == "1/(x + 1)^3"
    assert text_of(y * x ** -2) == "y/x^2" and text_of(x ** -1) == "1/x" and text_of(2 ** -x) == "2^(-x)"
