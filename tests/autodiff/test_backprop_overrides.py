"""backprop(overrides=...): a VJP replaced for one pass, the registry untouched."""

import numpy as np
import pytest

import mibun as mb
from mibun.autodiff.backward import backprop
from mibun.autodiff.registry import REGISTRY
from mibun.errors import InputError


def test_override_used_for_one_pass_only():
    x = mb.tensor(np.array([-1.0, 0.5, 2.0]), requires_grad=True)
    y = (mb.tanh(x) * 3.0).sum()
    twice = (lambda ns, g, out, a: 2.0 * g,)
    (g,) = backprop(y, targets=[x], retain_graph=True, overrides={"tanh": twice})
    np.testing.assert_allclose(g, np.full(3, 6.0))
    (g2,) = backprop(y, targets=[x])
    np.testing.assert_allclose(g2, 3.0 * (1 - np.tanh(x.data) ** 2))
    assert REGISTRY["tanh"].vjps[0] is not twice[0]


def test_override_accumulates_into_grad_and_works_with_create_graph():
    x = mb.tensor(np.array([1.0, -2.0]), requires_grad=True)
    y = mb.relu(x * 2.0).sum()
    backprop(y, overrides={"relu": lambda ns, g, out, a: g * 5.0}, create_graph=True)
    np.testing.assert_allclose(x.grad.data, [10.0, 10.0])


def test_override_errors():
    x = mb.tensor(1.0, requires_grad=True)
    y = mb.tanh(x)
    with pytest.raises(InputError, match="no op named"):
        backprop(y, overrides={"no_such_op": lambda *a: a[1]})
    with pytest.raises(InputError, match="needs 2 VJP"):
        backprop(y, overrides={"mul": (lambda *a: a[1],)})
