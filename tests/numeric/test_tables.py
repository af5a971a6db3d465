"""difference_quotient and the teaching difference_table."""

import json
import math

import numpy as np
import pytest

import mibun.symbolic
from mibun.errors import DomainError, InputError
from mibun.numeric import difference_quotient, difference_table


def test_x_squared_quotient_is_6_01():
    q = difference_quotient(lambda x: x**2, 3, 0.01)
    assert q == pytest.approx(6.01, abs=1e-12) and q != pytest.approx(6.0, abs=1e-3)
    assert np.allclose(difference_quotient(lambda x: x**2, np.array([1.0, 3.0]), 0.01), [2.01, 6.01])


def test_quotient_errors():
    with pytest.raises(InputError):
        difference_quotient(lambda x: x, 1.0, 0)
    with pytest.raises(DomainError, match="x \\+ h"):
        difference_quotient(np.log, 0.001, -0.01)


def test_table_v_shape_and_orders():
    tab = difference_table(np.exp, 1.0, exact=math.e)
    h = tab.column("numeric.col.h")
    ef = tab.column("numeric.col.forward_error")
    ec = tab.column("numeric.col.central_error")
    assert len(h) == 12 and tab.exact_source == "given"
    # V shape: the error falls, then rises again as round-off takes over
    i = int(np.argmin(ef))
    assert 0 < i < len(h) - 1 and ef[0] > ef[i] < ef[-1]
    j = int(np.argmin(ec))
    assert 0 < j < len(h) - 1 and ec[0] > ec[j] < ec[-1]
    assert 1e-10 < tab.best_h_forward < 1e-6 and 1e-7 < tab.best_h_central < 1e-3
    orders = [r[3] for r in tab.rows]
    assert orders[1] == pytest.approx(1.0, abs=0.05)     # forward: first order
    assert [r[6] for r in tab.rows][1] == pytest.approx(2.0, abs=0.05)  # central: second order
    assert "V" in tab.text("en") and "V자" in tab.text("ko")
    assert "<table" in tab._repr_html_()
    json.dumps(tab.to_dict())


def test_table_exact_from_sympy_expression():
    import sympy as sp

    x = sp.Symbol("x")
    tab = difference_table(sp.sin(x) * x, 2.0, hs=[0.1, 0.01])
    assert tab.exact_source == "symbolic"
    assert tab.exact == pytest.approx(math.sin(2) + 2 * math.cos(2), abs=1e-15)
    assert tab.rows[0][1] == pytest.approx((math.sin(2.1) * 2.1 - math.sin(2) * 2) / 0.1)


def test_table_without_exact_uses_marked_reference():
    tab = difference_table(lambda t: t**3, 2.0, hs=[0.1, 0.01, 0.001])
    assert tab.exact_source == "numeric" and tab.exact == pytest.approx(12.0, abs=1e-10)
    assert "not exact" in tab.text("en")


def test_table_bad_hs():
    with pytest.raises(InputError):
        difference_table(np.sin, 1.0, hs=[0.1, -0.01])


@pytest.mark.skipif(not hasattr(mibun.symbolic, "parse"), reason="parser lands with issue 5")
def test_table_from_text():
    tab = difference_table("x^2", 3, hs=[0.01])
    assert tab.exact == 6.0 and tab.rows[0][1] == pytest.approx(6.01)
