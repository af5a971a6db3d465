"""NumPy calls on Tensors keep the graph, pass non-differentiable results through, or raise naming the
function — never a silent detach. ``mibun.numpy`` mirrors autograd.numpy."""

import numpy as np
import pytest

import mibun as mb
import mibun.numpy as mnp
from mibun.errors import GraphError, MibunError

W = np.array([[1.0, 2.0], [3.0, 4.0]])


@pytest.mark.parametrize("f, x, expected", [
    (lambda t: np.sin(t), 0.0, 1.0),
    (lambda t: np.sum(np.dot(W, t)), np.ones(2), [4.0, 6.0]),
    (lambda t: np.sum(np.concatenate([t, t * 2])), np.ones(2), [3.0, 3.0]),
    (lambda t: np.sum(t), np.ones(3), [1.0, 1.0, 1.0]),
    (lambda t: np.mean(mnp.array([t, t + 2])), 1.0, 1.0),
    (lambda t: mnp.mean([t, t + 2]), 1.0, 1.0),
    (lambda t: mnp.linalg.norm([t, 2 * t]), 1.0, np.sqrt(5)),
    (lambda t: np.linalg.det(t), np.array([[2.0, 1.0], [1.0, 3.0]]), [[3.0, -1.0], [-1.0, 2.0]]),
    (lambda t: np.add.reduce(t * t), np.array([1.0, 2.0]), [2.0, 4.0]),
    (lambda t: np.sum(W * t), np.ones(2), [4.0, 6.0]),          # ndarray * Tensor
    (lambda t: np.einsum("ij,j->", W, t), np.ones(2), [4.0, 6.0]),
    (lambda t: np.max(np.maximum(t, 0.5)), np.array([0.2, 1.0]), [0.0, 1.0]),
    (lambda t: np.linalg.norm(t, ord=1), np.array([1.0, -2.0]), [1.0, -1.0]),
    (lambda t: np.prod(t), np.array([2.0, 3.0]), [3.0, 2.0]),
    (lambda t: np.std(t), np.array([3.0]), [0.0]),
])
def test_numpy_calls_keep_the_graph(f, x, expected):
    np.testing.assert_allclose(mb.grad(f)(x), expected, rtol=1e-12)


def test_non_differentiable_results_pass_through():
    t = mb.tensor([1.0, 3.0], requires_grad=True)
    assert np.allclose(t, [1.0, 3.0]) is True or np.allclose(t, [1.0, 3.0])
    assert np.argmax(t) == 1
    assert np.shape(t) == (2,)
    assert np.isfinite(t).all()
    assert isinstance(np.greater(t, 2.0), np.ndarray)
    assert np.array_equal(t, [1.0, 3.0])
    assert isinstance(np.zeros_like(t), np.ndarray)


def test_a_differentiable_function_mibun_lacks_is_named():
    with pytest.raises(MibunError, match=r"np\.i0"):
        mb.grad(lambda t: np.i0(t))(1.0)
    with pytest.raises(MibunError, match=r"np\.linalg\.eig\b"):
        mb.grad(lambda t: np.sum(np.linalg.eig(t)[0]))(np.eye(2))
    # without a gradient to lose, it simply runs
    assert np.i0(mb.tensor(0.0)) == 1.0


def test_a_list_of_traced_tensors_given_to_numpy_is_refused_not_detached():
    with pytest.raises(GraphError, match="silently drop"):
        mb.grad(lambda x: np.mean([x, x + 2]))(1.0)


def test_mnp_mirrors_autograd_numpy():
    for name in ("sum", "mean", "dot", "einsum", "tensordot", "concatenate", "stack", "linalg", "zeros", "pi",
                 "float64", "newaxis", "cumsum", "prod", "where", "array", "random"):
        assert hasattr(mnp, name), name
    assert mnp.linalg is mb.linalg


def test_lists_of_tensors_keep_the_graph_in_mibun_functions():
    g = mb.grad(lambda x, y: mb.sum(mnp.array([[x, y], [y, x]]) ** 2), argnums=(0, 1))(1.0, 2.0)
    assert g == pytest.approx((4.0, 8.0))
    assert mb.grad(lambda x: mb.sum([x, x * 3]))(1.0) == pytest.approx(4.0)


def test_dot_follows_numpy_semantics():
    a = mb.tensor([1.0, 2.0])
    assert mb.dot(2.0, a).tolist() == [2.0, 4.0]
    assert mb.dot(a, a).item() == 5.0
    assert a.dot(a).item() == 5.0
    b = np.arange(24.0).reshape(2, 3, 4)
    c = np.arange(24.0).reshape(3, 4, 2)
    np.testing.assert_allclose(mb.dot(b, c).data, np.dot(b, c))
