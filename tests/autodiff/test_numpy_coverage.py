"""``np.<fn>(tensor)`` for every function of issue 14's list: NumPy's own function, called on a Tensor
being differentiated, keeps the graph (the gradient matches finite differences), or returns a plain
NumPy value (no derivative), or raises a MibunError naming the function — never a silent detach."""

import numpy as np
import pytest

import mibun as mb
from mibun.errors import MibunError
from tests.autodiff.checks import check_grads

X = np.array([[0.7, -1.3, 2.1], [0.4, 1.6, -0.8], [1.2, 0.3, 0.9]])
V = np.array([0.7, -1.3, 2.1, 0.4])
SPD = X @ X.T + 3 * np.eye(3)

KEEPS_GRAPH = {
    "einsum": lambda t: np.einsum("ij,jk->ik", t, t), "tensordot": lambda t: np.tensordot(t, t, 1),
    "dot": lambda t: np.dot(t, t), "vdot": lambda t: np.vdot(t, t), "inner": lambda t: np.inner(t, t),
    "outer": lambda t: np.outer(t, t), "kron": lambda t: np.kron(t, t), "prod": lambda t: np.prod(t, axis=0),
    "cumsum": lambda t: np.cumsum(t, axis=1), "cumprod": lambda t: np.cumprod(t, axis=0),
    "diff": lambda t: np.diff(t, axis=0), "repeat": lambda t: np.repeat(t, 2, axis=1),
    "tile": lambda t: np.tile(t, (2, 1)), "diag": lambda t: np.diag(t), "diagonal": lambda t: np.diagonal(t),
    "trace": lambda t: np.trace(t), "tril": lambda t: np.tril(t), "triu": lambda t: np.triu(t, 1),
    "flip": lambda t: np.flip(t, 0), "roll": lambda t: np.roll(t, 1), "rot90": lambda t: np.rot90(t),
    "pad": lambda t: np.pad(t, 1), "hstack": lambda t: np.hstack([t, t]), "vstack": lambda t: np.vstack([t, t]),
    "dstack": lambda t: np.dstack([t, t]), "column_stack": lambda t: np.column_stack([t, t]),
    "stack": lambda t: np.stack([t, t]), "concatenate": lambda t: np.concatenate([t, t]),
    "squeeze": lambda t: np.squeeze(t[None]), "expand_dims": lambda t: np.expand_dims(t, 0),
    "moveaxis": lambda t: np.moveaxis(t, 0, 1), "swapaxes": lambda t: np.swapaxes(t, 0, 1),
    "sort": lambda t: np.sort(t, axis=1), "partition": lambda t: np.partition(t, 1, axis=1),
    "take": lambda t: np.take(t, [0, 2], axis=1), "take_along_axis": lambda t: np.take_along_axis(
        t, np.argsort(X, axis=1), axis=1), "var": lambda t: np.var(t, ddof=1), "std": lambda t: np.std(t, axis=0),
    "average": lambda t: np.average(t, axis=0, weights=[1.0, 2.0, 3.0]), "median": lambda t: np.median(t, axis=0),
    "percentile": lambda t: np.percentile(t, 40), "quantile": lambda t: np.quantile(t, 0.3, axis=1),
    "nansum": lambda t: np.nansum(t), "nanmean": lambda t: np.nanmean(t, axis=0), "nanstd": lambda t: np.nanstd(t),
    "nanvar": lambda t: np.nanvar(t), "nanmax": lambda t: np.nanmax(t, axis=1), "nanmin": lambda t: np.nanmin(t),
    "nanprod": lambda t: np.nanprod(t), "log1p": lambda t: np.log1p(t * t), "expm1": np.expm1, "exp2": np.exp2,
    "cbrt": lambda t: np.cbrt(t + 3.0), "hypot": lambda t: np.hypot(t, 1.5), "arctan2": lambda t: np.arctan2(t, 2.0),
    "logaddexp": lambda t: np.logaddexp(t, 0.3), "sinc": np.sinc, "fmod": lambda t: np.fmod(t, 0.77),
    "remainder": lambda t: np.remainder(t, 0.77), "sign": lambda t: t * np.sign(t), "floor": lambda t: t * np.floor(t),
    "ceil": lambda t: t * np.ceil(t), "round": lambda t: t * np.round(t), "sum": np.sum, "mean": np.mean,
    "max": lambda t: np.max(t, axis=0), "min": np.min, "clip": lambda t: np.clip(t, -1.0, 1.0),
    "where": lambda t: np.where(X > 0, t, 2 * t), "maximum": lambda t: np.maximum(t, 0.5),
    "transpose": np.transpose, "reshape": lambda t: np.reshape(t, (9,)), "ravel": np.ravel,
    "matmul": lambda t: np.matmul(t, t), "linalg.inv": np.linalg.inv, "linalg.det": np.linalg.det,
    "linalg.slogdet": lambda t: np.linalg.slogdet(t)[1], "linalg.solve": lambda t: np.linalg.solve(t, X[0]),
    "linalg.cholesky": lambda t: np.linalg.cholesky(t @ t.T + 3 * np.eye(3)),
    "linalg.eigh": lambda t: np.linalg.eigh(t + t.T)[0], "linalg.svd": lambda t: np.linalg.svd(t)[1],
    "linalg.pinv": np.linalg.pinv, "linalg.norm": lambda t: np.linalg.norm(t, "nuc"),
    "linalg.qr": lambda t: np.linalg.qr(t)[1], "linalg.matrix_power": lambda t: np.linalg.matrix_power(t, 3),
}
PASSES_THROUGH = {
    "allclose": lambda t: np.allclose(t, X), "isfinite": np.isfinite, "argmax": np.argmax, "shape": np.shape,
    "array_equal": lambda t: np.array_equal(t, X), "greater": lambda t: t > 0.0, "isnan": np.isnan,
    "argsort": np.argsort, "nonzero": np.nonzero, "zeros_like": np.zeros_like, "count_nonzero": np.count_nonzero,
}
REFUSED = {"np.i0": np.i0, "np.linalg.eig": np.linalg.eig, "np.convolve": lambda t: np.convolve(t[0], t[1]),
           "np.interp": lambda t: np.interp(t, [0.0, 1.0], [0.0, 2.0])}


@pytest.mark.parametrize("name", sorted(KEEPS_GRAPH))
def test_keeps_the_graph(name):
    f = KEEPS_GRAPH[name]
    x = SPD if name in ("linalg.cholesky",) else X
    check_grads(f, x, order=1, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", sorted(PASSES_THROUGH))
def test_passes_a_non_differentiable_result_through(name):
    seen = []

    def f(t):
        r = PASSES_THROUGH[name](t)
        seen.append(r)
        return mb.sum(t)

    mb.grad(f)(X)
    assert not isinstance(seen[0], mb.Tensor) or not seen[0].requires_grad


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_by_name(name):
    with pytest.raises(MibunError) as e:
        mb.grad(lambda t: mb.sum(REFUSED[name](t)))(X[:2, :2] if "eig" in name else X)
    assert name in str(e.value)
