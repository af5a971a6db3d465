"""Property tests for the array ops: VJP and JVP against central differences in float64 on random
shapes, broadcasting and axis arguments (``check_grads``: reverse and forward mode; second order for
the smooth ones)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mibun.numpy as mnp
from tests.autodiff.checks import check_all_args, check_grads

SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
shapes = st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple)


def arr(shape, seed, lo=-2.0, hi=2.0):
    return np.random.default_rng(seed).uniform(lo, hi, shape)


@st.composite
def shape_and_axis(draw):
    shape = draw(shapes)
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    return shape, axis


@st.composite
def broadcast_pair(draw):
    shape = draw(shapes)
    other = tuple(draw(st.sampled_from([1, s])) for s in shape[draw(st.integers(0, len(shape) - 1)):])
    return shape, other


@SETTINGS
@given(shape_and_axis(), st.integers(0, 2**16))
def test_cumulative_and_reductions_along_an_axis(sa, seed):
    shape, axis = sa
    x = arr(shape, seed, 0.5, 1.5)
    check_grads(lambda a: mnp.cumsum(a, axis=axis), x)
    check_grads(lambda a: mnp.cumprod(a, axis=axis), x)
    check_grads(lambda a: mnp.prod(a, axis=axis, keepdims=True), x)
    check_grads(lambda a: mnp.var(a, axis=axis, ddof=0) + mnp.mean(a, axis=axis), x)
    check_grads(lambda a: mnp.diff(a, axis=axis), x, order=1)
    check_grads(lambda a: mnp.flip(a, axis) * mnp.roll(a, 1, axis=axis), x)


@SETTINGS
@given(shape_and_axis(), st.integers(0, 2**16))
def test_moving_numbers(sa, seed):
    shape, axis = sa
    x = arr(shape, seed)
    check_grads(lambda a: mnp.repeat(a, 2, axis=axis), x, order=1)
    check_grads(lambda a: mnp.tile(a, (2,) + (1,) * (len(shape) - 1)), x, order=1)
    check_grads(lambda a: mnp.moveaxis(a, axis, 0) ** 2, x)
    check_grads(lambda a: mnp.sort(a, axis=axis) ** 3, x, order=1)
    check_grads(lambda a: mnp.pad(a, 1, mode="reflect" if min(shape) > 1 else "edge") ** 2, x)


@SETTINGS
@given(broadcast_pair(), st.integers(0, 2**16))
def test_binary_ufuncs_with_broadcasting(pair, seed):
    sa, sb = pair
    a, b = arr(sa, seed), arr(sb, seed + 1, 0.5, 2.0)
    for f in (mnp.hypot, mnp.arctan2, mnp.logaddexp, mnp.logaddexp2, lambda u, v: u * v ** 2, mnp.maximum):
        check_all_args(f, a, b, order=1 if f is mnp.maximum else 2)


@SETTINGS
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(1, 2), st.integers(0, 2**16))
def test_contractions(m, k, n, batch, seed):
    a, b = arr((batch, m, k), seed), arr((k, n), seed + 1)
    check_all_args(lambda u, v: mnp.einsum("...ij,jk->...ik", u, v), a, b)
    check_all_args(lambda u, v: mnp.tensordot(u, v, axes=([2], [0])), a, b)
    check_all_args(lambda u, v: mnp.dot(u, v), a, b)
    check_all_args(lambda u, v: mnp.matmul(u, v), a, b)


@SETTINGS
@given(st.integers(2, 4), st.integers(0, 2**16))
def test_linalg_on_random_sizes(n, seed):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, n)) + n * np.eye(n)
    check_grads(lambda x: mnp.linalg.inv(x), a)
    check_grads(lambda x: mnp.linalg.det(x), a)
    check_grads(lambda x: mnp.linalg.solve(x, np.arange(1.0, n + 1)), a)
    check_grads(lambda x: mnp.linalg.svd(x, compute_uv=False), a, rtol=1e-4, atol=1e-5)
