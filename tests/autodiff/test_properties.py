"""Property-based tests: random shapes, broadcasts and axes."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import mibun as mb

shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)


@given(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4),
       st.sampled_from(["add", "sub", "mul", "div", "maximum"]), st.integers(0, 2**31 - 1))
def test_binary_op_gradients_unbroadcast_to_input_shapes(bshapes, opname, seed):
    rng = np.random.default_rng(seed)
    s1, s2 = bshapes.input_shapes
    a = rng.uniform(0.5, 2.0, s1)
    b = rng.uniform(0.5, 2.0, s2) + (0.1 if opname == "maximum" else 0.0)
    f = {"add": mb.add, "sub": mb.sub, "mul": mb.mul, "div": mb.div, "maximum": mb.maximum}[opname]
    A, B = mb.tensor(a, requires_grad=True), mb.tensor(b, requires_grad=True)
    out = f(A, B)
    assert out.shape == bshapes.result_shape
    w = rng.standard_normal(out.shape)
    (out * w).sum().backward()
    assert A.grad.shape == a.shape and B.grad.shape == b.shape
    assert mb.gradcheck(lambda x, y: (f(x, y) * w).sum(), a, b, atol=1e-6, rtol=1e-5)


@given(shapes, st.data())
def test_reductions_over_random_axes(shape, data):
    ndim = len(shape)
    axis = data.draw(st.one_of(st.none(), st.integers(-ndim, ndim - 1) if ndim else st.none()))
    keepdims = data.draw(st.booleans())
    x = np.random.default_rng(len(shape)).standard_normal(shape)
    for fn, ref in ((mb.sum, np.sum), (mb.mean, np.mean), (mb.max, np.max)):
        out = fn(x, axis=axis, keepdims=keepdims)
        np.testing.assert_allclose(out.data, ref(x, axis=axis, keepdims=keepdims))
        assert mb.gradcheck(lambda t, fn=fn: (fn(t, axis=axis, keepdims=keepdims) * 1.5).sum(), x)
    lse = mb.logsumexp(x, axis=axis, keepdims=keepdims)
    m = np.max(x, axis=axis, keepdims=True)
    ref = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    np.testing.assert_allclose(lse.data, ref if keepdims else np.squeeze(ref, axis=axis) if axis is not None
                               else ref.reshape(()))


@given(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), st.integers(0, 1000))
def test_softmax_rows_sum_to_one_and_gradient_matches(shape, seed):
    x = np.random.default_rng(seed).standard_normal(shape) * 5
    s = mb.softmax(x, axis=-1)
    np.testing.assert_allclose(s.data.sum(axis=-1), 1.0)
    np.testing.assert_allclose(mb.log_softmax(x).data, np.log(s.data), atol=1e-12)
    w = np.random.default_rng(seed + 1).standard_normal(shape)
    assert mb.gradcheck(lambda t: (mb.softmax(t) * w).sum() + (mb.log_softmax(t) * w).sum(), x)


@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.integers(0, 3), st.integers(0, 99))
def test_matmul_gradients_with_batches(m, k, n, batch, seed):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(((batch,) if batch else ()) + (m, k))
    b = rng.standard_normal((k, n))
    assert mb.gradcheck(lambda x, y: ((x @ y) ** 2).sum(), a, b)


@given(hnp.array_shapes(min_dims=1, max_dims=3, max_side=5), st.data())
def test_indexing_gradient_matches_scatter(shape, data):
    x = np.random.default_rng(0).standard_normal(shape)
    idx = data.draw(hnp.integer_array_indices(shape, result_shape=hnp.array_shapes(max_dims=2, max_side=4)))
    X = mb.tensor(x, requires_grad=True)
    out = X[idx]
    np.testing.assert_array_equal(out.data, x[idx])
    w = np.random.default_rng(1).standard_normal(out.shape)
    (out * w).sum().backward()
    expected = np.zeros_like(x)
    np.add.at(expected, idx, w)
    np.testing.assert_allclose(X.grad.data, expected)


@given(hnp.array_shapes(min_dims=1, max_dims=4, max_side=3), st.randoms(use_true_random=False))
def test_transpose_and_reshape_round_trip(shape, rnd):
    x = np.random.default_rng(0).standard_normal(shape)
    perm = list(range(len(shape)))
    rnd.shuffle(perm)
    out = mb.transpose(x, perm)
    np.testing.assert_array_equal(out.data, np.transpose(x, perm))
    w = np.random.default_rng(2).standard_normal(out.shape)
    assert mb.gradcheck(lambda t: (mb.reshape(mb.transpose(t, perm), (-1,)) * w.reshape(-1)).sum(), x)
