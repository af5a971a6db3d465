"""Nested transforms: closures over outer traced values, perturbation confusion, grad of grad with
respect to another argument, jvp results differentiated again, forward-over-reverse HVPs; complex
refused; 0/0 corners (std of one value, norm at zero) give 0, never NaN."""

import numpy as np
import pytest

import mibun as mb
from mibun.errors import DTypeError, MibunError


def test_closure_over_outer_traced_value():
    # d/dx [x · grad(y ↦ x·y)(2)] = d/dx x² = 2x
    f = lambda x: x * mb.grad(lambda y: x * y)(2.0)  # noqa: E731
    assert mb.grad(f)(1.0) == pytest.approx(2.0)
    assert mb.grad(f)(3.0) == pytest.approx(6.0)


def test_closure_evaluated_at_a_traced_point():
    # d/dx [grad(y ↦ x·y²)(x)] = d/dx 2x² = 4x
    f = lambda x: mb.grad(lambda y: x * y * y)(x)  # noqa: E731
    assert mb.grad(f)(1.5) == pytest.approx(6.0)


def test_siskind_pearlmutter_perturbation_confusion():
    f = lambda x: x * mb.grad(lambda y: x + y)(1.0)  # noqa: E731
    assert mb.grad(f)(1.0) == pytest.approx(1.0)


def test_grad_of_grad_with_respect_to_another_argument():
    f = lambda x, y: x**2 * y**3  # noqa: E731
    d2 = mb.grad(lambda x, y: mb.grad(f, 1)(x, y), 0)(2.0, 3.0)
    assert isinstance(d2, float | np.floating | np.ndarray)
    assert float(d2) == pytest.approx(2 * 2 * 3 * 9)


def test_intermediate_closures_three_levels():
    # d/dx [x · d/dy [x·y · d/dz (x·y·z)]] at z=1,y=1: inner = x·y, middle = d/dy x²y² = 2x²y → 2x²,
    # outer = d/dx 2x³ = 6x²
    def outer(x):
        def mid(y):
            return x * y * mb.grad(lambda z: x * y * z)(1.0)
        return x * mb.grad(mid)(1.0)

    assert mb.grad(outer)(2.0) == pytest.approx(24.0)


def test_jvp_result_is_differentiable():
    f = lambda z: mb.sin(z) * z  # noqa: E731
    d = mb.grad(lambda x: mb.jvp(f, (x,), (1.0,))[1])(0.7)
    assert d == pytest.approx(2 * np.cos(0.7) - 0.7 * np.sin(0.7))


def test_forward_over_forward():
    assert mb.jvp(lambda x: mb.jvp(lambda z: z**3, (x,), (1.0,))[1], (2.0,), (1.0,))[1] == pytest.approx(12.0)


def test_forward_over_reverse_hessian_vector_product():
    f = lambda v: mb.sum(mb.sin(v) * v[::-1])  # noqa: E731
    x = np.array([0.3, -1.2, 2.0])
    v = np.array([1.0, 0.5, -2.0])
    H = mb.hessian(f)(x)
    _, hvp = mb.jvp(mb.grad(f), (x,), (v,))
    np.testing.assert_allclose(hvp, H @ v, rtol=1e-10, atol=1e-12)


def test_reverse_over_forward_hessian_vector_product():
    f = lambda v: mb.sum(mb.exp(v) * v)  # noqa: E731
    x = np.array([0.3, -1.2])
    v = np.array([1.0, 0.5])
    hvp = mb.grad(lambda x: mb.jvp(f, (x,), (v,))[1])(x)
    np.testing.assert_allclose(hvp, mb.hessian(f)(x) @ v, rtol=1e-10)


def test_closure_over_a_users_leaf_is_a_constant():
    x = mb.tensor(1.0, requires_grad=True)
    g = mb.grad(lambda y: x * y)(2.0)
    assert isinstance(g, np.ndarray | float | np.floating)


@pytest.mark.parametrize("f", [lambda x: x * 1j, lambda x: x + np.complex128(1j),
                               lambda x: x * np.array([1j, 2.0])])
def test_complex_constants_are_refused(f):
    with pytest.raises(DTypeError, match="complex"):
        mb.grad(lambda x: mb.sum(f(x)))(1.0)


def test_complex_inputs_and_tangents_are_refused():
    with pytest.raises(MibunError, match="complex"):
        mb.grad(lambda x: x * 2)(1j)
    with pytest.raises(MibunError, match="complex"):
        mb.jvp(lambda x: x * 2, (1.0,), (1j,))
    with pytest.raises(MibunError, match="complex"):
        mb.tensor([1j])


def test_std_of_one_value_and_length_one_axis():
    assert mb.grad(lambda x: mb.std(x))(np.array([3.0])) == pytest.approx(0.0)
    g = mb.grad(lambda x: mb.std(x, axis=1).sum())(np.ones((2, 1)))
    np.testing.assert_array_equal(g, 0.0)
    g = mb.grad(lambda x: mb.std(x))(np.full(4, 2.0))
    np.testing.assert_array_equal(g, 0.0)


def test_std_gradient_elsewhere_is_exact():
    x = np.array([1.0, 2.0, 4.0])
    g = mb.grad(lambda x: mb.std(x, ddof=1))(x)
    n = 3
    expected = (x - x.mean()) / ((n - 1) * np.std(x, ddof=1))
    np.testing.assert_allclose(g, expected, rtol=1e-12)


def test_norm_at_zero_and_its_hessian():
    np.testing.assert_array_equal(mb.grad(lambda x: mb.norm(x))(np.zeros(3)), 0.0)
    x = np.array([1.0, 2.0])
    r = np.linalg.norm(x)
    np.testing.assert_allclose(mb.hessian(lambda x: mb.norm(x))(x), (np.eye(2) - np.outer(x, x) / r**2) / r)
