import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mibun as mb
from mibun.errors import GraphError, ShapeError

nn = mb.nn
F = nn.functional
RNG = np.random.default_rng(0)


def test_linear_matches_hand_derived_gradients():
    lin = nn.Linear(4, 3, dtype=np.float64)
    x = RNG.standard_normal((5, 4))
    y = lin(x)
    np.testing.assert_allclose(y.data, x @ lin.weight.data.T + lin.bias.data)
    g = RNG.standard_normal((5, 3))
    y.backward(g)
    np.testing.assert_allclose(lin.weight.grad.data, g.T @ x)
    np.testing.assert_allclose(lin.bias.grad.data, g.sum(0))


def test_course_linear_layer_squared_error():
    # L = Σ (ŷᵢ − yᵢ)², ŷ = W x:  ∂L/∂w_ij = 2 (ŷᵢ − yᵢ) x_j
    lin = nn.Linear(3, 2, bias=False, dtype=np.float64)
    x = np.array([1.0, -2.0, 0.5])
    y = np.array([0.3, -0.7])
    yhat = lin(x)
    F.mse_loss(yhat, y, reduction="sum").backward()
    np.testing.assert_allclose(lin.weight.grad.data, 2 * np.outer(yhat.data - y, x))


def test_linear_init_bounds():
    lin = nn.Linear(100, 50)
    assert np.abs(lin.weight.data).max() <= 0.1 + 1e-7
    assert np.abs(lin.bias.data).max() <= 0.1 + 1e-7


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 4), i=st.integers(1, 5), o=st.integers(1, 4), lead=st.integers(0, 1))
def test_linear_shapes_and_gradcheck(n, i, o, lead):
    shape = (2,) * lead + (n, i)
    x = RNG.standard_normal(shape)
    w = RNG.standard_normal((o, i))
    b = RNG.standard_normal(o)
    assert F.linear(mb.tensor(x), mb.tensor(w), mb.tensor(b)).shape == shape[:-1] + (o,)
    assert mb.gradcheck(lambda x, w, b: F.linear(x, w, b), x, w, b)


def _conv_ref(x, w, b, stride, pad):
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh = (h + 2 * pad - kh) // stride + 1
    ow = (wd + 2 * pad - kw) // stride + 1
    out = np.zeros((n, o, oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3]))
    return out + b[None, :, None, None]


@settings(max_examples=15, deadline=None)
@given(n=st.integers(1, 2), c=st.integers(1, 3), o=st.integers(1, 3), h=st.integers(3, 7), w=st.integers(3, 7),
       k=st.integers(1, 3), stride=st.integers(1, 2), pad=st.integers(0, 1))
def test_conv2d_matches_loops_shapes_and_gradcheck(n, c, o, h, w, k, stride, pad):
    x = RNG.standard_normal((n, c, h, w))
    wt = RNG.standard_normal((o, c, k, k))
    b = RNG.standard_normal(o)
    y = F.conv2d(mb.tensor(x), mb.tensor(wt), mb.tensor(b), stride=stride, padding=pad)
    ref = _conv_ref(x, wt, b, stride, pad)
    assert y.shape == ref.shape == (n, o, (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1)
    np.testing.assert_allclose(y.data, ref, atol=1e-12)
    assert mb.gradcheck(lambda x, wt, b: F.conv2d(x, wt, b, stride=stride, padding=pad), x, wt, b)


def test_conv2d_module_pytorch_layout_and_errors():
    conv = nn.Conv2d(3, 8, 3, padding=1)
    assert conv.weight.shape == (8, 3, 3, 3) and conv.bias.shape == (8,)
    assert conv(np.zeros((2, 3, 8, 8))).shape == (2, 8, 8, 8)
    with pytest.raises(ShapeError) as e:
        conv(np.zeros((2, 4, 8, 8)))
    assert "Conv2d(3→8)" in str(e.value) and "(2, 4, 8, 8)" in str(e.value)


def test_pooling_forward_and_gradients():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    y = F.max_pool2d(mb.tensor(x, requires_grad=True), 2)
    np.testing.assert_array_equal(y.data[0, 0], [[5, 7], [13, 15]])
    a = F.avg_pool2d(x, 2)
    np.testing.assert_array_equal(a.data[0, 0], [[2.5, 4.5], [10.5, 12.5]])
    xr = RNG.standard_normal((2, 2, 5, 5))
    assert mb.gradcheck(lambda x: F.max_pool2d(x, 2, stride=1, padding=1), xr)
    assert mb.gradcheck(lambda x: F.avg_pool2d(x, 3, stride=2, padding=1), xr)
    assert nn.MaxPool2d(2)(np.zeros((1, 1, 8, 8))).shape == (1, 1, 4, 4)
    assert nn.AvgPool2d(2)(np.zeros((1, 1, 8, 8))).shape == (1, 1, 4, 4)


def test_maxpool_ties_go_to_first_element():
    x = mb.tensor(np.ones((1, 1, 2, 2)), requires_grad=True)
    F.max_pool2d(x, 2).sum().backward()
    np.testing.assert_array_equal(x.grad.data[0, 0], [[1, 0], [0, 0]])


def test_fused_conv_refuses_double_backward_clearly():
    x = mb.tensor(RNG.standard_normal((1, 1, 4, 4)), requires_grad=True)
    w = mb.tensor(RNG.standard_normal((1, 1, 2, 2)), requires_grad=True)
    y = (F.conv2d(x, w) ** 2).sum()
    with pytest.raises(GraphError, match="double backward"):
        y.backward(create_graph=True)


def test_flatten_embedding_dropout_activations():
    assert nn.Flatten()(np.zeros((2, 3, 4, 5))).shape == (2, 60)
    emb = nn.Embedding(10, 4, dtype=np.float64)
    idx = np.array([[1, 2, 1]])
    out = emb(idx)
    assert out.shape == (1, 3, 4)
    out.sum().backward()
    assert emb.weight.grad.data[1].tolist() == [2.0] * 4 and emb.weight.grad.data[0].tolist() == [0.0] * 4
    with pytest.raises(nn.TargetError):
        emb(np.array([10]))
    d = nn.Dropout(0.5)
    x = np.ones((1000,), dtype=np.float32)
    y = d(x).data
    assert set(np.unique(y)) <= {0.0, 2.0} and 0.4 < (y == 0).mean() < 0.6
    d.eval()
    np.testing.assert_array_equal(d(x).data, x)
    z = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(nn.ReLU()(z).data, [0, 0, 2])
    np.testing.assert_allclose(nn.Tanh()(z).data, np.tanh(z))
    np.testing.assert_allclose(nn.Sigmoid()(z).data, 1 / (1 + np.exp(-z)))
    np.testing.assert_allclose(nn.Softmax(dim=0)(z).data.sum(), 1.0)
    np.testing.assert_allclose(nn.LeakyReLU(0.1)(z).data, [-0.1, 0, 2])


def test_init_functions():
    w = nn.Parameter(np.zeros((200, 100), dtype=np.float32))
    nn.init.xavier_uniform_(w)
    assert np.abs(w.data).max() <= np.sqrt(6 / 300) + 1e-6
    nn.init.kaiming_normal_(w, nonlinearity="relu")
    assert abs(w.data.std() - np.sqrt(2 / 100)) < 0.01
    nn.init.zeros_(w)
    assert not w.data.any()
    nn.init.manual_seed(3)
    a = nn.Linear(3, 3).weight.data.copy()
    nn.init.manual_seed(3)
    np.testing.assert_array_equal(a, nn.Linear(3, 3).weight.data)


def test_embedding_gradient_accumulates_repeated_rows_and_double_backward():
    w = RNG.standard_normal((6, 3))
    idx = np.array([[0, 5, 5], [2, 0, 5]])
    assert mb.gradcheck(lambda w: F.embedding(idx, w) ** 2, w)
    wt = mb.tensor(w, requires_grad=True)
    g = RNG.standard_normal((2, 3, 3))
    F.embedding(idx, wt).backward(g)
    expect = np.zeros_like(w)
    np.add.at(expect, idx, g)
    np.testing.assert_allclose(wt.grad.data, expect, rtol=1e-12)
    H = mb.hessian(lambda w: (F.embedding(idx, w) ** 2).sum())(w)
    assert H.shape == (6, 3, 6, 3) and H[5, 0, 5, 0] == 6.0
