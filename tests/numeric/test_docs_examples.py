"""The examples shown in docs/numeric.md and docs/readme-sections/numeric.md, with the outputs they claim."""

import math

import numpy as np
import pytest

import mibun as mb
from mibun.errors import NotDifferentiableError
from mibun.numeric import derivative, difference_quotient, difference_table


def test_readme_examples():
    r = derivative(np.sin, 1.0)
    assert r.text("en").startswith("f'(1) ≈ 0.54030230586814 ± ") and r.evaluations == 10
    assert "복소 스텝, f 계산 10회" in r.text("ko")
    with pytest.raises(NotDifferentiableError, match="left derivative is -1 and the right derivative is 1"):
        derivative(abs, 0.0)
    tab = difference_table(np.exp, 1.0, exact=math.e)
    assert tab.exact_source == "given" and len(tab.rows) == 12
    t = mb.limit(lambda x: (x * x - 1) / (x - 1), 1).table
    assert [round(r[1], 3) for r in t.rows[:3]] == [1.9, 1.99, 1.999]
    assert [round(r[3], 3) for r in t.rows[:3]] == [2.1, 2.01, 2.001]
    assert mb.limit(lambda n: (1 + 3 / n) ** n, math.inf).value == pytest.approx(math.exp(3), rel=1e-9)
    assert difference_quotient(lambda x: x**2, 3, 0.01) == pytest.approx(6.01)


def test_numeric_md_claims():
    r = mb.limit(lambda x: x * x * (math.sqrt(x**4 + 1) - x * x), math.inf)
    assert f"{r.value:.6g}" == "0.500004" and r.error < 1e-5
    assert mb.limit(lambda x: abs(x) / x, 0).text("ko").endswith("다릅니다")
    assert derivative(np.tanh, np.linspace(-2, 2, 5)).value.shape == (5,)
    assert derivative(np.exp, 0.7, n=3).method == "richardson"
