"""grad, value_and_grad, jacobian, hessian, vjp, jvp, gradcheck."""

import numpy as np
import pytest

import mibun as mb
from mibun.errors import GraphError, InputError, ShapeError


def rosenbrock(v):
    return (1 - v[0]) ** 2 + 100 * (v[1] - v[0] ** 2) ** 2


def test_grad_of_rosenbrock_closed_form():
    x, y = 0.3, -0.7
    g = mb.grad(rosenbrock)(np.array([x, y]))
    expected = [-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)]
    np.testing.assert_allclose(g, expected, rtol=1e-13)
    assert isinstance(g, np.ndarray)


def test_hessian_of_rosenbrock_closed_form():
    x, y = 0.3, -0.7
    H = mb.hessian(rosenbrock)(np.array([x, y]))
    expected = [[2 - 400 * (y - x**2) + 800 * x**2, -400 * x], [-400 * x, 200]]
    np.testing.assert_allclose(H, expected, rtol=1e-12)


def test_third_derivative_of_x5_by_nested_grad():
    d1 = mb.grad(lambda x: x**5)
    d2 = mb.grad(d1)
    d3 = mb.grad(d2)
    assert d3(2.0) == pytest.approx(60 * 2.0**2)
    assert mb.grad(mb.grad(mb.grad(mb.grad(lambda x: x**5))))(2.0) == pytest.approx(120 * 2.0)


def test_higher_derivatives_of_known_functions():
    d2 = mb.grad(mb.grad(lambda x: mb.sin(x) * mb.exp(x)))
    x = 0.4
    assert d2(x) == pytest.approx(2 * np.exp(x) * np.cos(x), rel=1e-12)
    d2t = mb.grad(mb.grad(mb.tanh))
    t = np.tanh(0.3)
    assert d2t(0.3) == pytest.approx(-2 * t * (1 - t * t), rel=1e-12)
    d2s = mb.grad(mb.grad(mb.sigmoid))
    s = 1 / (1 + np.exp(-0.8))
    assert d2s(0.8) == pytest.approx(s * (1 - s) * (1 - 2 * s), rel=1e-12)


def test_hessian_of_logsumexp_and_softmax_networks_match_finite_differences():
    rng = np.random.default_rng(1)
    W = rng.standard_normal((3, 4))

    def f(x):
        return mb.logsumexp(mb.tanh(x @ W)) + (mb.softmax(x) * x).sum()

    x0 = rng.standard_normal(3)
    H = mb.hessian(f)(x0)
    g = mb.grad(f)
    eps = 1e-5
    num = np.stack([(g(x0 + eps * e) - g(x0 - eps * e)) / (2 * eps) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(H, num, atol=1e-7)
    np.testing.assert_allclose(H, H.T, atol=1e-12)


def test_jacobian_of_softmax_is_diag_s_minus_ssT():
    z = np.array([0.2, -1.0, 2.0, 0.5])
    J = mb.jacobian(mb.softmax)(z)
    s = np.exp(z) / np.exp(z).sum()
    np.testing.assert_allclose(J, np.diag(s) - np.outer(s, s), atol=1e-15)


def test_jacobian_shape_and_both_modes_agree():
    rng = np.random.default_rng(2)
    A = rng.standard_normal((5, 2, 3))
    wide = mb.jacobian(lambda x: mb.tanh(A @ x))(rng.standard_normal(3))   # forward mode (3 < 10)
    assert wide.shape == (5, 2, 3)
    x = rng.standard_normal((2, 3))
    J = mb.jacobian(lambda v: (v * v).sum(axis=1))(x)                     # reverse mode (2 < 6)
    assert J.shape == (2, 2, 3)
    np.testing.assert_allclose(J[0, 0], 2 * x[0])
    np.testing.assert_allclose(J[0, 1], 0)


def test_argnums_tuple_and_value_and_grad():
    def f(a, b, c):
        return (a * b).sum() + c

    va, (ga, gb) = mb.value_and_grad(f, argnums=(0, 1))(np.array([1.0, 2.0]), np.array([3.0, 4.0]), 5.0)
    assert va == pytest.approx(16.0)
    np.testing.assert_allclose(ga, [3, 4])
    np.testing.assert_allclose(gb, [1, 2])
    assert mb.grad(f, argnums=-1)(np.ones(2), np.ones(2), 1.0) == 1.0


def test_vjp_and_jvp_agree_with_jacobian():
    rng = np.random.default_rng(3)
    M = rng.standard_normal((3, 3))

    def f(x, y):
        return mb.sigmoid(x @ M) * y

    x, y = rng.standard_normal(3), rng.standard_normal(3)
    out, vjp_fn = mb.vjp(f, x, y)
    v = rng.standard_normal(3)
    gx, gy = vjp_fn(v)
    Jx, Jy = mb.jacobian(f, argnums=(0, 1))(x, y)
    np.testing.assert_allclose(gx, v @ Jx, atol=1e-14)
    np.testing.assert_allclose(gy, v @ Jy, atol=1e-14)
    gx2, _ = vjp_fn(v)  # callable more than once
    np.testing.assert_allclose(gx2, gx)
    tx, ty = rng.standard_normal(3), rng.standard_normal(3)
    out2, tan = mb.jvp(f, (x, y), (tx, ty))
    np.testing.assert_allclose(out2, out)
    np.testing.assert_allclose(tan, Jx @ tx + Jy @ ty, atol=1e-14)


def test_jvp_through_every_kind_of_op():
    rng = np.random.default_rng(4)

    def f(x):
        a = mb.concatenate([x, x[::-1] * 2.0])
        b = mb.reshape(a, (2, 3)).T @ mb.softmax(mb.stack([x, x * x]), axis=0)
        return mb.logsumexp(b, axis=0) + mb.max(b, axis=0) + mb.log_softmax(b, axis=1).sum(axis=0) \
            + mb.where(x.data > 0, mb.relu(x), mb.abs(x)) + mb.mean(mb.broadcast_to(x, (2, 3)), axis=0)

    x = rng.standard_normal(3)
    J = mb.jacobian(f)(x)  # forward mode (3 inputs ≤ 3 outputs → reverse); compare both explicitly
    for k in range(3):
        _, col = mb.jvp(f, (x,), (np.eye(3)[k],))
        np.testing.assert_allclose(col, J[:, k], atol=1e-12)


def test_grad_of_constant_function_is_zero_and_non_tensor_output_is_refused():
    assert mb.grad(lambda x: mb.tensor(3.0))(1.0) == 0.0
    with pytest.raises(GraphError, match="silently drop its gradient"):   # caught at np.asarray
        mb.grad(lambda x: np.sin(np.asarray(x)))(1.0)
    with pytest.raises(GraphError, match="not a mibun Tensor"):
        mb.grad(lambda x: np.sin(1.0))(1.0)


def test_grad_requires_scalar_output():
    with pytest.raises(ShapeError, match="jacobian"):
        mb.grad(lambda x: x * 2.0)(np.ones(3))


def test_bad_argnums():
    with pytest.raises(InputError, match="argnums"):
        mb.grad(lambda x: x, argnums=3)(1.0)


def test_gradcheck_report_fails_for_a_wrong_derivative():
    from mibun.autodiff.recording import apply
    from mibun.autodiff.registry import REGISTRY, defop

    name = "test_wrong_square"
    op = REGISTRY.get(name) or defop(name, lambda x: x * x, (lambda ns, g, out, x: g * 3.0 * x,),
                                     rule=("wrong",), rule_latex=("wrong",), template="{0}²")
    report = mb.gradcheck(lambda x: apply(op, x).sum(), np.array([1.0, 2.0]))
    assert not report
    assert report.inputs[0].max_abs_error == pytest.approx(2.0, rel=1e-6)
    assert "FAIL" in report.text()
    REGISTRY.pop(name)


def test_gradcheck_passes_non_float_inputs_through():
    def nll(logits, target):
        return -mb.log_softmax(logits, axis=1)[np.arange(2), target].sum()

    report = mb.gradcheck(nll, np.random.default_rng(0).standard_normal((2, 3)), np.array([0, 2]))
    assert report and len(report.inputs) == 1
