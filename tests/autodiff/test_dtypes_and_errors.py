"""float32 stays float32 through forward and backward; errors say what, where and what to do."""

import numpy as np
import pytest

import mibun as mb
from mibun.errors import DTypeError, MibunError, ShapeError


def test_python_numbers_follow_numpy():
    assert mb.tensor(1.0).dtype == np.float64
    assert mb.tensor([1, 2]).dtype == np.int64
    assert mb.tensor(np.ones(2, np.float32)).dtype == np.float32


def test_float32_graph_stays_float32_forward_and_backward():
    rng = np.random.default_rng(0)
    x = mb.tensor(rng.standard_normal((4, 3)).astype(np.float32), requires_grad=True)
    w = mb.tensor(rng.standard_normal((3, 2)).astype(np.float32), requires_grad=True)
    scale = np.float64(2.0)        # NumPy 2 would upcast float32 * np.float64 → float64
    zero_d = np.array(0.5)         # a 0-d float64 array, too
    h = mb.tanh(x @ w) * scale + zero_d
    y = (mb.sigmoid(h) ** 2 / 3.0 + mb.softmax(h) + mb.log_softmax(h) + mb.softplus(h) + mb.sqrt(mb.exp(h))
         + mb.logsumexp(h, axis=1, keepdims=True) + mb.maximum(h, 0.1) + mb.where(h.data > 0, h, -h)
         + mb.mean(h) + mb.var(h, axis=0)).sum()
    for t in mb.toposort(y):
        assert t.dtype == np.float32, (t.op, t.dtype)
    y.backward()
    assert x.grad.dtype == np.float32 and w.grad.dtype == np.float32


def test_float32_parameter_with_float64_constant_array_gets_float32_grad():
    w = mb.tensor(np.ones(3, np.float32), requires_grad=True)
    (w * np.array([1.0, 2.0, 3.0])).sum().backward()   # float64 constant: forward upcasts, grad does not
    assert w.grad.dtype == np.float32


@pytest.mark.parametrize("bad", [["a", "b"], [object()], np.array(["x"]), [1 + 0j, "s"]])
def test_unsupported_dtypes_refused_with_reason(bad):
    with pytest.raises(DTypeError, match="cannot make a tensor"):
        mb.tensor(bad)


def test_complex_data_refused():
    with pytest.raises(DTypeError, match="complex"):
        mb.tensor([1 + 2j])


def test_int_tensor_cannot_require_grad():
    with pytest.raises(DTypeError, match="floating-point"):
        mb.tensor([1, 2], requires_grad=True)


def test_shape_mismatch_names_op_and_both_shapes():
    a = mb.tensor(np.ones((2, 3)))
    with pytest.raises(ShapeError, match=r"add: shapes \(2, 3\) and \(4,\)"):
        a + np.ones(4)
    with pytest.raises(ShapeError, match=r"matmul: shapes \(2, 3\) and \(2, 3\).*last axis"):
        a @ a
    with pytest.raises(ShapeError, match="reshape"):
        mb.reshape(a, (4, 2))
    with pytest.raises(ShapeError, match="axis 2 is out of range"):
        mb.sum(a, axis=2)
    with pytest.raises(ShapeError, match="concatenate"):
        mb.concatenate([a, mb.tensor(np.ones((3, 3)))], axis=1)


def test_errors_are_also_builtin_exceptions():
    with pytest.raises(ValueError):
        mb.tensor(np.ones(2)) + np.ones(3)
    with pytest.raises(TypeError):
        mb.tensor(["s"])
    assert issubclass(ShapeError, MibunError)


def test_tensor_api_surface():
    t = mb.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    assert t.shape == (2, 2) and t.ndim == 2 and t.size == 4
    np.testing.assert_array_equal(np.asarray(t), t.numpy())
    assert t[0, 1].item() == 2.0 and isinstance(t[0, 1].item(), float)
    np.testing.assert_array_equal(t.T.data, t.data.T)
    np.testing.assert_allclose(t.sum(axis=0).data, [4, 6])
    assert "requires_grad=True" in repr(t)
    assert (t > 2).data.tolist() == [[False, False], [True, True]]
    assert len(list(t)) == 2
    np.testing.assert_allclose((np.ones(2) * t).data, t.data)   # ndarray on the left defers to Tensor
    with pytest.raises(ShapeError, match="item"):
        t.item()
