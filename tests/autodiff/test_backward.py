"""backward() semantics (PyTorch's), graph freeing, retain_grad, no_grad, create_graph, long chains."""

import numpy as np
import pytest

import mibun as mb
from mibun.errors import GraphError, MibunError, ShapeError


def test_leaf_grad_accumulates_and_nonleaf_grad_is_not_kept():
    x = mb.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * x
    y.sum().backward()
    np.testing.assert_allclose(x.grad.data, [2, 4, 6])
    assert y.grad is None
    (x * 3.0).sum().backward()
    np.testing.assert_allclose(x.grad.data, [5, 7, 9])
    assert isinstance(x.grad, mb.Tensor)


def test_retain_grad_keeps_nonleaf_grad():
    x = mb.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2.0
    y.retain_grad()
    (y * y).sum().backward()
    np.testing.assert_allclose(y.grad.data, [4, 8])
    np.testing.assert_allclose(x.grad.data, [8, 16])


def test_second_backward_through_freed_graph_says_retain_graph():
    x = mb.tensor(2.0, requires_grad=True)
    y = mb.exp(x) * x
    y.backward()
    with pytest.raises(GraphError, match="retain_graph=True"):
        y.backward()


def test_retain_graph_allows_second_backward():
    x = mb.tensor(2.0, requires_grad=True)
    y = x**3
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.item() == pytest.approx(2 * 12.0)


def test_nonscalar_backward_needs_grad():
    x = mb.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2.0
    with pytest.raises(GraphError, match="needs grad="):
        y.backward()
    y.backward(grad=np.array([1.0, 10.0]))
    np.testing.assert_allclose(x.grad.data, [2, 20])


def test_backward_grad_of_wrong_shape():
    x = mb.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ShapeError, match="grad has shape"):
        (x * 2.0).backward(grad=np.ones(3))


def test_backward_on_tensor_without_grad():
    with pytest.raises(GraphError, match="requires_grad=True"):
        mb.tensor(1.0).backward()


def test_detach_and_no_grad_cut_the_graph():
    x = mb.tensor([1.0, 2.0], requires_grad=True)
    d = x.detach()
    assert not d.requires_grad and np.shares_memory(d.data, x.data)
    with mb.no_grad():
        y = x * 2.0
    assert not y.requires_grad and y.is_leaf
    z = (x * d).sum()
    z.backward()
    np.testing.assert_allclose(x.grad.data, [1.0, 2.0])  # d is a constant


def test_no_grad_as_decorator_and_enable_grad_inside():
    @mb.no_grad()
    def f(t):
        with mb.enable_grad():
            inner = t * 2.0
        return t * 2.0, inner

    x = mb.tensor(1.0, requires_grad=True)
    outer, inner = f(x)
    assert not outer.requires_grad and inner.requires_grad
    assert mb.is_grad_enabled()


def test_requires_grad_():
    x = mb.tensor([1.0])
    assert not (x * 2.0).requires_grad
    x.requires_grad_()
    assert (x * 2.0).requires_grad
    with pytest.raises(MibunError, match="floating-point"):
        mb.tensor([1, 2]).requires_grad_()


def test_create_graph_gives_differentiable_gradients():
    x = mb.tensor(1.5, requires_grad=True)
    y = mb.sin(x) * x**2
    y.backward(create_graph=True)
    g = x.grad  # 2x sin x + x² cos x, itself a graph
    assert g.requires_grad
    x.grad = None
    g.backward()
    expected = 2 * np.sin(1.5) + 4 * 1.5 * np.cos(1.5) - 1.5**2 * np.sin(1.5)
    assert x.grad.item() == pytest.approx(expected, rel=1e-12)


def test_chain_of_100000_ops_backward_without_recursion_error():
    x = mb.tensor(np.ones(2), requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0000001
    y.sum().backward()
    np.testing.assert_allclose(x.grad.data, 1.0000001**100_000, rtol=1e-9)
    del y  # freeing a deep graph must not crash either


def test_chain_of_100000_ops_create_graph():
    x = mb.tensor(0.5, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y + x * 1e-5
    (g,) = mb.autodiff.backprop(y, targets=[x], create_graph=True)
    assert g.item() == pytest.approx(2.0)


def test_shared_subexpression_gradients_sum_over_paths():
    x = mb.tensor(3.0, requires_grad=True)
    a = x * x
    y = a * a + a  # x⁴ + x²
    y.backward()
    assert x.grad.item() == pytest.approx(4 * 27 + 6)


def test_integer_array_indexing_with_repeated_indices_accumulates():
    x = mb.tensor(np.arange(4.0), requires_grad=True)
    idx = np.array([0, 2, 2, 2, 3])
    (x[idx] * np.array([1.0, 1.0, 2.0, 3.0, 1.0])).sum().backward()
    np.testing.assert_allclose(x.grad.data, [1, 0, 6, 1])


def test_indexing_with_a_tensor_of_indices_and_boolean_mask():
    x = mb.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    y = x[mb.tensor([1, 1])].sum() + x[x.data > 2].sum()
    y.backward()
    np.testing.assert_allclose(x.grad.data, [[0, 0, 0], [3, 3, 3]])


def test_where_does_not_leak_nan_from_unselected_branch():
    x = mb.tensor([-1.0, 0.0, 4.0], requires_grad=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        y = mb.where(x.data > 0, mb.sqrt(x), 0.0) + mb.where(x.data != 0, 1.0 / x, 0.0)
        y.sum().backward()
    assert np.all(np.isfinite(x.grad.data))
    np.testing.assert_allclose(x.grad.data, [-1.0, 0.0, 0.25 - 1 / 16])


def test_stable_functions_at_extreme_inputs():
    big = mb.tensor([-1000.0, -30.0, 0.0, 30.0, 1000.0], requires_grad=True)
    s = mb.sigmoid(big)
    assert np.all(np.isfinite(s.data)) and s.data[0] == 0.0 and s.data[-1] == 1.0
    sp = mb.softplus(big)
    np.testing.assert_allclose(sp.data[[0, 2, 4]], [0.0, np.log(2), 1000.0])
    lse = mb.logsumexp(big)
    assert lse.item() == pytest.approx(1000.0)
    sm = mb.softmax(big)
    ls = mb.log_softmax(big)
    assert np.all(np.isfinite(sm.data)) and np.all(np.isfinite(ls.data))
    (s.sum() + sp.sum() + lse + ls.sum()).backward()
    assert np.all(np.isfinite(big.grad.data))


def test_softmax_of_minus_infinity_entries():
    x = mb.tensor([[-np.inf, 0.0, 1.0]], requires_grad=True)
    s = mb.softmax(x)
    assert s.data[0, 0] == 0.0 and np.isclose(s.data.sum(), 1.0)
    s[0, 2].backward()
    assert np.all(np.isfinite(x.grad.data))


def test_maximum_tie_shares_gradient():
    a = mb.tensor([1.0, 2.0], requires_grad=True)
    b = mb.tensor([1.0, 3.0], requires_grad=True)
    mb.maximum(a, b).sum().backward()
    np.testing.assert_allclose(a.grad.data, [0.5, 0])
    np.testing.assert_allclose(b.grad.data, [0.5, 1])


def test_max_reduction_ties_share_gradient():
    x = mb.tensor([[1.0, 3.0, 3.0], [0.0, -1.0, 2.0]], requires_grad=True)
    mb.max(x, axis=1).sum().backward()
    np.testing.assert_allclose(x.grad.data, [[0, 0.5, 0.5], [0, 0, 1]])
