"""What a student types on the command line: a formula that starts with a minus (``mibun diff "-x^2"``) is
the formula, not an unknown option; negative numbers and options keep their meaning."""

import pytest

from mibun.cli import _formula_not_option
from tests.cli.helpers import run


@pytest.mark.parametrize(("typed", "answer"), [
    ("-x^2", "= -2·x"), ("-1/x", "= 1/x^2"), ("-x", "= -1"), ("-3x^2+2", "= -6·x"), ("-sin x", "= -cos(x)"),
])
def test_a_formula_starting_with_a_minus(typed, answer):
    proc = run("diff", typed, check_rc=0)
    assert proc.stdout.strip().splitlines()[-1].endswith(answer)


def test_options_and_negative_numbers_stay():
    for arg in ("-h", "-o", "--wrt", "--at=x=-1", "-3", "-0.5", "-1e-3"):
        assert _formula_not_option(arg) == arg
    assert _formula_not_option("-x^2") == " -x^2"
    proc = run("quotient", "x^2", "--at", "-3", "--h", "0.01", check_rc=0)
    assert "-5.99" in proc.stdout
