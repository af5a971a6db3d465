"""partial / gradient / jacobian / hessian."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mibun.errors import InputError, NotDifferentiableError
from mibun.numeric import gradient, hessian, jacobian, partial


def rosen(v):
    return (1 - v[0]) ** 2 + 100 * (v[1] - v[0] ** 2) ** 2


def rosen_grad(x, y):
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


def rosen_hess(x, y):
    return np.array([[1200 * x * x - 400 * y + 2, -400 * x], [-400 * x, 200.0]])


@pytest.mark.parametrize("pt", [(1.0, 1.0), (-1.2, 1.0), (0.3, -0.7)])
def test_rosenbrock_gradient(pt):
    g = gradient(rosen, list(pt))
    exact = rosen_grad(*pt)
    assert g.value.shape == (2,) and g.kind == "gradient"
    assert np.all(np.abs(g.value - exact) <= g.error)
    assert np.all(np.abs(g.value - exact) <= 1e-9 * np.maximum(1, np.abs(exact)))


@pytest.mark.parametrize("pt", [(1.0, 1.0), (-1.2, 1.0), (0.3, -0.7)])
def test_rosenbrock_hessian_symmetric_stencil(pt):
    H = hessian(rosen, np.array(pt))
    exact = rosen_hess(*pt)
    assert H.value.shape == (2, 2)
    assert H.value[0, 1] == H.value[1, 0]  # symmetric by construction
    assert np.all(np.abs(H.value - exact) <= H.error + 1e-300)
    assert np.all(np.abs(H.value - exact) <= 1e-7 * np.maximum(1, np.abs(exact)))


def test_hessian_3d_mixed_terms():
    f = lambda v: np.exp(v[0] * v[1]) + np.sin(v[1]) * v[2] ** 2  # noqa: E731
    x = np.array([0.3, 0.5, 1.5])
    a, b, c = x
    exact = np.array([[b * b * np.exp(a * b), np.exp(a * b) * (1 + a * b), 0],
                      [np.exp(a * b) * (1 + a * b), a * a * np.exp(a * b) - np.sin(b) * c * c, 2 * c * np.cos(b)],
                      [0, 2 * c * np.cos(b), 2 * np.sin(b)]])
    H = hessian(f, x)
    assert np.all(np.abs(H.value - exact) <= H.error + 1e-12)
    assert np.allclose(H.value, H.value.T)


def test_partial_and_index_forms():
    f = lambda m: m[0, 1] ** 3 * m[1, 0]  # noqa: E731
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    r = partial(f, x, (0, 1))
    assert abs(r.value - 36.0) <= r.error and r.kind == "partial"
    assert abs(partial(f, x, 2).value - 8.0) < 1e-10
    with pytest.raises(InputError, match="out of range"):
        partial(f, x, 7)


def test_jacobian_shape_and_values():
    f = lambda v: np.array([[v[0] * v[1], np.sin(v[2])], [v[0], v[1] ** 2]])  # noqa: E731
    x = np.array([1.0, 2.0, 3.0])
    J = jacobian(f, x)
    assert J.value.shape == (2, 2, 3)
    exact = np.zeros((2, 2, 3))
    exact[0, 0] = [2.0, 1.0, 0.0]
    exact[0, 1] = [0.0, 0.0, np.cos(3.0)]
    exact[1, 0] = [1.0, 0.0, 0.0]
    exact[1, 1] = [0.0, 4.0, 0.0]
    assert np.all(np.abs(J.value - exact) <= J.error + 1e-300)


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3))
def test_jacobian_output_shapes(m, k, n):
    A = np.arange(1.0, m * k * n + 1).reshape(m, k, n) / 10
    f = lambda v: np.tensordot(A, np.tanh(v), axes=1)  # noqa: E731
    x = np.linspace(-0.5, 0.5, n)
    J = jacobian(f, x)
    assert J.value.shape == (m, k, n)
    assert np.all(np.abs(J.value - A * (1 - np.tanh(x) ** 2)) <= J.error + 1e-15)


def test_gradient_needs_scalar_and_kink():
    with pytest.raises(InputError, match="scalar"):
        gradient(lambda v: v * 2, [1.0, 2.0])
    with pytest.raises(NotDifferentiableError):
        gradient(lambda v: np.abs(v[0]) + v[1], [0.0, 1.0])


def test_counts_calls():
    calls = []

    def f(v):
        calls.append(1)
        return rosen(v)

    for fn in (gradient, hessian, jacobian):
        calls.clear()
        assert fn(f, [0.5, 0.5]).evaluations == len(calls)


def test_gradient_kink_flag_per_entry():
    g = gradient(lambda v: np.abs(v[0]) + v[1] ** 2, [0.0, 1.0], on_kink="flag")
    assert g.differentiable.tolist() == [False, True]
    assert g.left[0] == pytest.approx(-1.0) and g.right[0] == pytest.approx(1.0)
    assert np.isnan(g.value[0]) and g.value[1] == pytest.approx(2.0)
