"""The NumPy-breadth ops (mibun.autodiff.np_array / np_math, mb.linalg, the extra ufuncs): reverse and
forward mode to second order against finite differences (``check_grads``), in float64."""

import numpy as np
import pytest

import mibun as mb
import mibun.numpy as mnp
from tests.autodiff.checks import check_all_args

rng = np.random.default_rng(1)


def r(*shape, lo=-2.0, hi=2.0):
    return rng.uniform(lo, hi, shape)


def pos(*shape):
    return rng.uniform(0.5, 2.0, shape)


def spd(n, batch=()):
    a = rng.standard_normal(batch + (n, n))
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


def well(n, batch=()):
    return rng.standard_normal(batch + (n, n)) + 3 * np.eye(n)


def sym_eigh(f):
    """eigh's gradient treats A as symmetric: feed it (A + Aᵀ)/2 so finite differences agree."""
    return lambda a: f((a + mnp.swapaxes(a, -1, -2)) / 2)


def _eigvec_loss(a):
    w, v = mb.linalg.eigh(a)
    return w * 1.0 + mb.sum(v * v[:1], axis=0)   # sign-invariant in each eigenvector


def _svd_loss(a):
    u, s, vt = mb.linalg.svd(a, full_matrices=False)
    return mb.sum(u * u[:1], axis=0) + s + mb.sum(vt * vt[:, :1], axis=1)


def _qr_loss(a):
    q, rr = mb.linalg.qr(a)
    return mb.sum(q * q, axis=0) * mnp.sign(mnp.diagonal(rr)) + rr * rr


ARRAY_CASES = {
    "cumsum": (lambda a: mnp.cumsum(a, axis=1), [r(3, 4)]),
    "cumsum_flat": (lambda a: mnp.cumsum(a), [r(2, 3)]),
    "cumprod": (lambda a: mnp.cumprod(a, axis=0), [r(4, 2)]),
    "prod": (lambda a: mnp.prod(a, axis=1), [r(3, 4)]),
    "prod_all_keep": (lambda a: mnp.prod(a, keepdims=True), [r(2, 3)]),
    "einsum_matmul": (lambda a, b: mnp.einsum("ij,jk->ik", a, b), [r(2, 3), r(3, 4)]),
    "einsum_ellipsis": (lambda a, b: mnp.einsum("...ij,...jk", a, b), [r(2, 2, 3), r(3, 2)]),
    "einsum_trace": (lambda a: mnp.einsum("ii->", a), [r(3, 3)]),
    "einsum_sum_out": (lambda a, b: mnp.einsum("ij,k->i", a, b), [r(2, 3), r(4)]),
    "dot_nd": (lambda a, b: mnp.dot(a, b), [r(2, 3, 4), r(2, 4, 3)]),
    "dot_scalar": (lambda a: mnp.dot(2.5, a), [r(3)]),
    "tensordot": (lambda a, b: mnp.tensordot(a, b, axes=([1, 2], [0, 1])), [r(2, 3, 4), r(3, 4, 2)]),
    "inner_outer_kron": (lambda a, b: mnp.inner(a, b) + mnp.outer(a, b).sum() + mnp.kron(a, b).sum(),
                         [r(3), r(3)]),
    "vdot": (lambda a, b: mnp.vdot(a, b), [r(2, 2), r(2, 2)]),
    "exp2_cbrt_sinc": (lambda a: mnp.exp2(a) + mnp.cbrt(a) + mnp.sinc(a), [pos(4)]),
    "hypot_arctan2": (lambda a, b: mnp.hypot(a, b) + mnp.arctan2(a, b), [r(3), pos(3)]),
    "logaddexp": (lambda a, b: mnp.logaddexp(a, b) + mnp.logaddexp2(a, b), [r(3), r(3)]),
    "fmod_remainder": (lambda a, b: mnp.fmod(a, b) + mnp.remainder(a, b),
                       [np.array([2.3, -1.7, 5.2]), np.array([0.7, 0.9, 1.1])]),
    "steps": (lambda a: a * (mnp.sign(a) + mnp.floor(a) + mnp.ceil(a) + mnp.rint(a) + mnp.trunc(a)),
              [np.array([0.3, -1.2, 2.6])]),
    "inv": (lambda a: mb.linalg.inv(a), [well(3)]),
    "det": (lambda a: mb.linalg.det(a), [well(3, (2,))]),
    "slogdet": (lambda a: mb.linalg.slogdet(a)[1], [well(3)]),
    "solve": (lambda a, b: mb.linalg.solve(a, b), [well(3), r(3, 2)]),
    "solve_vec": (lambda a, b: mb.linalg.solve(a, b), [well(3), r(3)]),
    "cholesky": (sym_eigh(lambda a: mb.linalg.cholesky(a)), [spd(3)]),
    "eigh": (sym_eigh(_eigvec_loss), [spd(3)]),
    "svd": (_svd_loss, [r(4, 3)]),
    "svd_wide": (_svd_loss, [r(2, 4)]),
    "qr": (_qr_loss, [r(4, 3)]),
    "pinv": (lambda a: mb.linalg.pinv(a), [r(4, 3)]),
    "matrix_power": (lambda a: mb.linalg.matrix_power(a, 3) + mb.linalg.matrix_power(a, -2), [well(2)]),
}

NORM_ORDS = [(None, None), (2, None), (1, None), (np.inf, None), (-np.inf, None), (3, None), (0.5, None),
             ("fro", (0, 1)), ("nuc", (0, 1)), (2, (0, 1)), (-2, (0, 1)), (1, (0, 1)), (-1, (0, 1)),
             (np.inf, (0, 1)), (-np.inf, (0, 1))]


@pytest.mark.parametrize("name", sorted(ARRAY_CASES))
def test_array_op_reverse_and_forward_to_second_order(name):
    f, inputs = ARRAY_CASES[name]
    check_all_args(f, *inputs)


@pytest.mark.parametrize("ord_,axis", NORM_ORDS, ids=str)
def test_norm_every_ord(ord_, axis):
    x = np.array([[1.3, -0.4, 2.2], [0.5, 1.7, -0.9]]) if axis else np.array([1.3, -0.4, 2.2, -0.7])
    f = lambda a: mb.linalg.norm(a, ord=ord_, axis=axis)  # noqa: E731
    np.testing.assert_allclose(f(x).data, np.linalg.norm(x, ord=ord_, axis=axis))
    check_all_args(f, x, order=1 if ord_ in (np.inf, -np.inf, 1, -1) else 2)


SHAPE_CASES = {
    "stacks": lambda a, b: mnp.hstack([a[0], b]) * 1.0 + mnp.vstack([a, b]).sum() + mnp.dstack([a[:1], b[None]]).sum()
    + mnp.column_stack([a[0], b]).sum(),
    "axes": lambda a, b: mnp.moveaxis(a[None] * b, 0, -1).sum(axis=-1) + mnp.swapaxes(a[None], 0, 1)[:, 0],
    "moves": lambda a, b: mnp.flip(a, 0) * mnp.roll(b, 1) + mnp.rot90(a[:, :2] * b[:2, None]).sum()
    + mnp.repeat(a, 2, axis=1)[:, ::2] + mnp.tile(b[:2], (1, 1)).sum(),
    "diag_tri": lambda a, b: mnp.trace(a[:, :2] * b[:2]) + mnp.diag(b) @ mnp.ones(3)
    + mnp.tril(a[:, :2] * b[:2, None]).sum() + mnp.triu(a[:, :2]).sum() + mnp.diagonal(a).sum(),
    "sort_take": lambda a, b: mnp.sort(a * b, axis=0)[0] + mnp.take(b, [2, 0]).sum()
    + mnp.take_along_axis(a, np.array([[1], [0]]), axis=1).sum() + mnp.partition(b, 1)[1],
    "pad_modes": lambda a, b: mnp.pad(a, ((1, 0), (0, 2)), mode="reflect").sum(axis=0)[:3] * b
    + mnp.pad(b, 2, mode="edge")[:3] + mnp.pad(b, 1, mode="wrap")[1:4] + mnp.pad(b, (1, 2), constant_values=2.0)[:3],
    "stats": lambda a, b: mnp.average(a, axis=0, weights=mnp.exp(b[:2])) + mnp.median(b) + mnp.percentile(a, 30)
    + mnp.var(a, axis=0, ddof=1) + mnp.std(a, ddof=1) + mnp.ptp(b),
    "nan_fns": lambda a, b: mnp.nansum(a, axis=0) + mnp.nanmean(b) + mnp.nanstd(b) + mnp.nanmax(b)
    + mnp.nanprod(b[:2]) + mnp.nancumsum(b)[-1],
    "diff_cross": lambda a, b: mnp.diff(b, n=2) + mnp.cross(b, a[0]).sum(),
}


@pytest.mark.parametrize("name", sorted(SHAPE_CASES))
def test_array_function_reverse_and_forward_to_second_order(name):
    check_all_args(SHAPE_CASES[name], np.array([[0.3, -1.1, 2.0], [1.4, 0.6, -0.8]]), np.array([0.9, -0.2, 1.6]))


def test_prod_and_cumprod_with_zeros_are_exact():
    x = np.array([2.0, 0.0, 3.0, 4.0])
    np.testing.assert_allclose(mb.grad(lambda a: mnp.prod(a))(x), [0.0, 24.0, 0.0, 0.0])
    g = mb.grad(lambda a: mnp.cumprod(a).sum())(x)
    np.testing.assert_allclose(g, [1.0, 2 + 6 + 24, 0.0, 0.0])


def test_dot_follows_numpy():
    a, b = r(2, 3, 4), r(5, 4, 2)
    np.testing.assert_allclose(mb.dot(a, b).data, np.dot(a, b))
    np.testing.assert_allclose(mb.dot(3.0, b).data, np.dot(3.0, b))
    np.testing.assert_allclose(mb.dot(r(4), r(4)).data.shape, ())
