"""HIPS autograd as a second oracle: the same function written once against a NumPy-like module, run
with ``autograd.numpy`` and with ``mibun.numpy``, gives the same gradient and Hessian-vector product.
Skipped (only this comparison) when autograd is not installed: ``pip install mibun[oracle]``."""

import numpy as onp
import pytest

import mibun as mb
import mibun.numpy as mnp

autograd = pytest.importorskip("autograd", reason="autograd not installed: pip install 'mibun[oracle]'")
anp = pytest.importorskip("autograd.numpy")

R = onp.random.default_rng(3).standard_normal
A3 = R((3, 3)) + 3 * onp.eye(3)
SPD = A3 @ A3.T

FUNCS = {
    "dot_tanh": (lambda np, x: np.sum(np.tanh(np.dot(A3, x))), R(3)),
    "einsum": (lambda np, x: np.sum(np.einsum("ij,jk->ik", x, x) ** 2), R((3, 3))),
    "tensordot": (lambda np, x: np.sum(np.tensordot(x, x, axes=([1], [0])) * A3), R((3, 3))),
    "prod_cumsum": (lambda np, x: np.sum(np.cumsum(x, axis=0)) * np.prod(x[0]), R((3, 2))),
    "sort_take": (lambda np, x: np.sum(np.sort(x * x)[1:] ** 3), R(5)),
    "std_var": (lambda np, x: np.std(x, axis=1, ddof=1).sum() + np.var(x), R((3, 4))),
    "logsumexp_like": (lambda np, x: np.log(np.sum(np.exp(x))), R(4)),
    "inv_det": (lambda np, x: np.linalg.det(x) + np.sum(np.linalg.inv(x)), A3 + 0.1 * R((3, 3))),
    "solve": (lambda np, x: np.sum(np.linalg.solve(A3, x) ** 2), R((3, 2))),
    "slogdet": (lambda np, x: np.linalg.slogdet(x)[1], A3),
    "cholesky": (lambda np, x: np.sum(np.linalg.cholesky(np.dot(x, x.T) + 3 * np.eye(3))), R((3, 3))),
    "eigvals": (lambda np, x: np.sum(np.linalg.eigh(np.dot(x, x.T))[0] ** 2), R((3, 3))),
    "svd_s": (lambda np, x: np.sum(np.linalg.svd(x, full_matrices=False)[1] ** 3), R((4, 3))),
    "norms": (lambda np, x: np.linalg.norm(x) + np.linalg.norm(x, ord=3), R(4)),
    "stack_concat": (lambda np, x: np.sum(np.concatenate([x, np.stack([x, 2 * x])[1]]) ** 2), R(3)),
    "where_maximum": (lambda np, x: np.sum(np.where(x > 0, x**2, np.maximum(x, -0.5))), R(6)),
    "repeat_tile_roll": (lambda np, x: np.sum(np.roll(np.tile(np.repeat(x, 2), 2), 1) * np.arange(12.0)), R(3)),
    "triu_trace_diag": (lambda np, x: np.trace(np.triu(x) @ x) + np.sum(np.diag(x) ** 2), R((3, 3))),
    "flip_rot90": (lambda np, x: np.sum(np.rot90(x) * np.flipud(x.T)), R((3, 3))),
    "outer_kron": (lambda np, x: np.sum(np.outer(x, x) ** 2) + np.sum(np.kron(x, x[::-1])), R(3)),
}


@pytest.mark.parametrize("name", sorted(FUNCS))
def test_gradient_and_hvp_match_autograd(name):
    f, x = FUNCS[name]
    g_ag = autograd.grad(lambda v: f(anp, v))(x)
    g_mb = mb.grad(lambda v: f(mnp, v))(x)
    onp.testing.assert_allclose(g_mb, g_ag, rtol=1e-8, atol=1e-10)
    v = R(x.shape)
    hvp_ag = autograd.grad(lambda z: anp.sum(autograd.grad(lambda w: f(anp, w))(z) * v))(x)
    _, hvp_mb = mb.jvp(mb.grad(lambda w: f(mnp, w)), (x,), (v,))
    onp.testing.assert_allclose(hvp_mb, hvp_ag, rtol=1e-7, atol=1e-9)
