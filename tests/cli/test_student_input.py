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


@pytest.mark.parametrize(("formula", "point", "words"), [
    ("1/x", "x=0", "is not a real number at x = 0: x = 0 is outside the domain of 1/x"),
    ("ln(x)", "x=-2", "outside the domain of ln(x)"),          # 1/x = −1/2 there, but ln(−2) is not real
    ("sqrt(x)", "x=-1", "outside the domain of √(x)"),
    ("sqrt(x)", "x=0", "is not defined at x = 0: √(x) has no derivative there"),
    ("abs(x)", "x=0", "not differentiable at x = 0"),
])
def test_a_point_without_a_derivative_is_one_clear_line(formula, point, words):
    proc = run("diff", formula, "--at", point, "--budget", "60", check_rc=2)
    assert proc.stderr.startswith("mibun: error: ") and words in proc.stderr and "internal error" not in proc.stderr
    ko = run("--lang", "ko", "diff", formula, "--at", point, "--budget", "60", check_rc=2).stderr
    assert ko.startswith("mibun: 오류: ") and "internal" not in ko


def test_the_python_api_refuses_an_undefined_value():
    import mibun as mb
    from mibun.errors import NotDifferentiableError

    with pytest.raises(NotDifferentiableError) as err:
        mb.diff("x^(1/3)").at(x=0)
    assert err.value.key == "symbolic.err.undefined_at" and "x = 0" in err.value.message("en")
    assert "x = 0에서 정의되지 않으므로" in err.value.message("ko")
