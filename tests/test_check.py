"""mb.check: symbolic, reverse, forward and numerical derivatives in one report."""

import json
import re

import numpy as np
import pytest
import sympy as sp

import mibun as mb
from mibun.autodiff.recording import apply
from mibun.autodiff.registry import REGISTRY, defop
from mibun.errors import InputError

x, y = sp.symbols("x y")


def test_course_example_partial_derivatives():
    rep = mb.check(x**2 + 3 * x * y + y - 3, at={"x": 4, "y": -2})
    assert rep
    assert rep.variables == ["x", "y"]
    for column in (rep.symbolic, rep.reverse, rep.forward, rep.numeric):
        np.testing.assert_allclose([float(column[0]), float(column[1])], [2.0, 13.0], rtol=1e-9)
    assert rep.max_rel_diff < 1e-9
    assert str(rep.symbolic_exprs[0]) == "2*x + 3*y"
    assert "all four agree" in rep.text("en")
    assert re.search(r"[\uac00-\ud7a3]", rep.text("ko"))


def test_function_of_tensors_with_an_array_point():
    f = lambda v: (mb.tanh(v) * v).sum()  # noqa: E731
    v = np.array([0.1, -0.4, 2.0])
    rep = mb.check(f, at=v)
    assert rep and rep.symbolic is None
    t = np.tanh(v)
    np.testing.assert_allclose(rep.reverse[0], t + v * (1 - t * t), rtol=1e-12)
    np.testing.assert_allclose(rep.numeric[0], rep.reverse[0], rtol=1e-9)
    json.dumps(rep.to_dict())


def test_named_arguments_of_a_function():
    rep = mb.check(lambda w, b: mb.sigmoid(w * 2.0 + b), at={"w": 0.3, "b": -0.1})
    s = 1 / (1 + np.exp(-0.5))
    assert rep and float(rep.reverse[0]) == pytest.approx(2 * s * (1 - s))


def test_a_wrong_custom_derivative_is_flagged():
    name = "test_check_wrong_cube"
    op = REGISTRY.get(name) or defop(name, lambda a: a**3, (lambda ns, g, out, a: g * 2.0 * a * a,),
                                     (lambda t, out, a: t * 3.0 * a * a,),
                                     rule=("wrong",), rule_latex=("wrong",), template="{0}³")
    try:
        rep = mb.check(lambda t: apply(op, t).sum(), at=np.array([1.5]))
    finally:
        REGISTRY.pop(name)
    assert not rep
    assert ("reverse", "x") in [(m, v) for m, v, _ in rep.disagreements]
    assert "DISAGREE" in rep.text("en") and "역방향" in rep.text("ko")


def test_bad_input():
    with pytest.raises(InputError, match="no value for y"):
        mb.check(x * y, at={"x": 1})
    with pytest.raises(InputError, match="expected text"):
        mb.check(42, at={})


def test_variables_follow_the_order_of_at():
    rep = mb.check("w*b^2", at={"w": 2.0, "b": 3.0})
    assert rep.variables == ["w", "b"]
    np.testing.assert_allclose([float(v) for v in rep.reverse], [9.0, 12.0])
