"""HIPS autograd's tests/test_linalg.py, rewritten for mibun. autograd checks these in reverse mode only;
mibun checks reverse and forward mode, to second order."""

import numpy as onp
import pytest

import mibun.numpy as np
from tests.autodiff.autograd_port.shim import check_grads

npr = onp.random.default_rng(1)
R = npr.standard_normal


def T(A):
    return np.swapaxes(A, -1, -2)


def rand_psd(D):
    m = R((D, D))
    return m @ m.T


def symmetric(fun):
    """autograd's check_symmetric_matrix_grads: differentiate through symmetrize(A) = (L + Lᵀ)/2."""
    def new(A, *rest):
        L = np.tril(A)
        return fun((L + T(L)) / 2.0, *rest)
    return new


def _tuple(f):
    return lambda x: f(x)


D8 = R((8, 8))
CASES = {
    "inv": (lambda x: np.linalg.inv(x), [D8 @ D8 + np.eye(8)]),
    "inv_3d": (lambda x: np.linalg.inv(x), [R((4, 4, 4)) + 5 * onp.eye(4)]),
    "inv_4d": (lambda x: np.linalg.inv(x), [R((2, 3, 4, 4)) + 5 * onp.eye(4)]),
    "solve_arg1": (lambda a: np.linalg.solve(a, B87), [R((8, 8)) + 10 * onp.eye(8)]),
    "solve_arg1_1d": (lambda a: np.linalg.solve(a, B8), [R((8, 8)) + 10 * onp.eye(8)]),
    "solve_arg2": (lambda b: np.linalg.solve(A6, b), [R((6, 5))]),
    "solve_arg1_3d": (lambda a: np.linalg.solve(a, B54[..., None])[..., 0], [R((5, 4, 4)) + 5 * onp.eye(4)]),
    "solve_arg1_3d_3d": (lambda a: np.linalg.solve(a, B546), [R((5, 4, 4)) + 5 * onp.eye(4)]),
    "det": (lambda x: np.linalg.det(x), [R((6, 6))]),
    "det_3d": (lambda x: np.linalg.det(x), [R((3, 3, 3))]),
    "slogdet": (lambda x: np.linalg.slogdet(x)[1], [R((6, 6))]),
    "slogdet_neg": (lambda x: np.linalg.slogdet(-x)[1], [R((6, 6))]),
    "slogdet_3d": (lambda x: np.sum(np.linalg.slogdet(x)[1]),
                   [onp.stack([rand_psd(5) + 5 * onp.eye(5) for _ in range(3)])]),
    "vector_2norm": (lambda x: np.linalg.norm(x), [R(6)]),
    "frobenius_norm": (lambda x: np.linalg.norm(x), [R((6, 5))]),
    "frobenius_norm_axis": (lambda x: np.linalg.norm(x, axis=(0, 1)), [R((6, 5, 4))]),
    "vector_norm_ord_2": (lambda x: np.linalg.norm(x, ord=2), [R(6)]),
    "vector_norm_ord_3": (lambda x: np.linalg.norm(x, ord=3), [R(6)]),
    "vector_norm_ord_4": (lambda x: np.linalg.norm(x, ord=4), [R(6)]),
    "norm_axis_0": (lambda x: np.linalg.norm(x, axis=0), [R((6, 5, 4))]),
    "norm_axis_1": (lambda x: np.linalg.norm(x, axis=1), [R((6, 5, 4))]),
    "norm_axis_2": (lambda x: np.linalg.norm(x, axis=2), [R((6, 5, 4))]),
    "norm_nuclear": (lambda x: np.linalg.norm(x, ord="nuc"), [R((6, 5))]),
    "norm_nuclear_axis": (lambda x: np.linalg.norm(x, ord="nuc", axis=(0, 1)), [R((6, 5, 4))]),
    "eigh_lower": (symmetric(lambda x: _eig_signless(np.linalg.eigh(x))), [rand_psd(6)]),
    "eigh_upper": (symmetric(lambda x: _eig_signless(np.linalg.eigh(x, "U"))), [rand_psd(6)]),
    "eigh_lower_broadcasting": (symmetric(lambda x: _eig_signless(np.linalg.eigh(x))),
                                [onp.einsum("...ij,...kj->...ik", M := R((2, 3, 6, 6)) + 10 * onp.eye(6), M)]),
    "cholesky": (symmetric(lambda A: np.linalg.cholesky(A)), [rand_psd(6)]),
    "cholesky_broadcast": (symmetric(lambda A: np.linalg.cholesky(A)), [onp.stack([rand_psd(6) for _ in range(3)])]),
    "cholesky_reparameterization_trick": (
        symmetric(lambda A: np.linalg.norm(np.dot(np.linalg.cholesky(A), R6))), [rand_psd(6)]),
    "svd_wide_2d": (lambda x: _svd_signless(x), [R((3, 5))]),
    "svd_wide_3d": (lambda x: _svd_signless(x), [R((4, 3, 5))]),
    "svd_square_2d": (lambda x: _svd_signless(x), [R((4, 4))]),
    "svd_square_3d": (lambda x: _svd_signless(x), [R((3, 4, 4))]),
    "svd_tall_2d": (lambda x: _svd_signless(x), [R((5, 3))]),
    "svd_tall_3d": (lambda x: _svd_signless(x), [R((4, 5, 3))]),
    "svd_only_s_2d": (lambda x: np.linalg.svd(x, full_matrices=False, compute_uv=False), [R((5, 3))]),
    "svd_only_s_3d": (lambda x: np.linalg.svd(x, full_matrices=False, compute_uv=False), [R((4, 5, 3))]),
    "pinv": (lambda x: np.linalg.pinv(x), [R((5, 3))]),
    "qr": (lambda x: (lambda q, r: (q * np.sign(np.diagonal(r, axis1=-2, axis2=-1))[..., None, :], r))(
        *np.linalg.qr(x)), [R((5, 3))]),
    "matrix_power": (lambda x: np.linalg.matrix_power(x, 3), [R((3, 3))]),
}
B87, B8, A6, B54, B546, R6 = R((8, 7)), R(8), R((6, 6)) + onp.eye(6), R((5, 4)), R((5, 4, 6)), R(6)


def _eig_signless(wv):
    """(w, V) as autograd checks them; V's columns are defined up to sign, so V ⊙ sign(V[0])."""
    w, v = wv
    return w, v * np.sign(v[..., :1, :])


def _svd_signless(x):
    u, s, vt = np.linalg.svd(x, full_matrices=False)
    sg = np.sign(u[..., :1, :])
    return u * sg, s, vt * np.swapaxes(sg, -1, -2)


@pytest.mark.parametrize("name", sorted(CASES))
def test_linalg(name):
    fun, args = CASES[name]
    check_grads(fun, rtol=1e-4, atol=1e-5)(*args)
