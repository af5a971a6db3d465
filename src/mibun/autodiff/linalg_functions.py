"""``mb.linalg``: ``numpy.linalg`` on Tensors, differentiable (reverse and forward mode, any order).

Batched over leading axes like NumPy. Decompositions return tuples of Tensors (``eigh`` → (w, V),
``svd`` → (U, s, Vᵀ) thin, ``qr`` → (Q, R) reduced, ``slogdet`` → (sign, log|det|), sign constant).
Where a derivative does not exist (repeated eigenvalues or singular values, the norm at zero) mibun
uses the documented conventions in docs/autodiff.md: 0 for the undefined part, never NaN from 0/0.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.autodiff import functions as F
from mibun.autodiff.devices import as_array
from mibun.autodiff.functions import _t
from mibun.autodiff.np_array import moveaxis
from mibun.autodiff.ops import decomp as D
from mibun.autodiff.recording import apply
from mibun.autodiff.tensor import Tensor, _wrap
from mibun.errors import InputError, ShapeError

ArrayLike = Any


def _square(name: str, a: Tensor) -> None:
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ShapeError("engine.err.linalg_square", name=name, shape=a.shape)


def inv(a: ArrayLike) -> Tensor:
    """A⁻¹."""
    at = _t(a)
    _square("inv", at)
    return apply(D.INV, at)


def det(a: ArrayLike) -> Tensor:
    """det A; ∂/∂A = det A · A⁻ᵀ."""
    at = _t(a)
    _square("det", at)
    return apply(D.DET, at)


def slogdet(a: ArrayLike) -> tuple[Tensor, Tensor]:
    """(sign, log|det A|); the sign is a constant, ∂log|det A|/∂A = A⁻ᵀ."""
    at = _t(a)
    _square("slogdet", at)
    sign = np.linalg.slogdet(at.data)[0]
    return _wrap(as_array(sign)), apply(D.LOGDET, at)


def solve(a: ArrayLike, b: ArrayLike) -> Tensor:
    """X with A X = B (b a vector or matrices)."""
    at, bt = _t(a), _t(b)
    _square("solve", at)
    return apply(D.SOLVE, at, bt)


def cholesky(a: ArrayLike, upper: bool = False) -> Tensor:
    """L with A = L Lᵀ (lower triangular); ``upper=True`` gives Lᵀ."""
    at = _t(a)
    _square("cholesky", at)
    lo = apply(D.CHOLESKY, at)
    return F.transpose(lo, tuple(range(lo.ndim - 2)) + (lo.ndim - 1, lo.ndim - 2)) if upper else lo


def eigh(a: ArrayLike, UPLO: str = "L") -> tuple[Tensor, Tensor]:  # noqa: N803 - NumPy's name
    """(w, V) of a symmetric matrix, ascending eigenvalues. The gradient treats A as symmetric."""
    at = _t(a)
    _square("eigh", at)
    return apply(D.EIGH_W, at, UPLO=UPLO), apply(D.EIGH_V, at, UPLO=UPLO)


def eigvalsh(a: ArrayLike, UPLO: str = "L") -> Tensor:  # noqa: N803
    at = _t(a)
    _square("eigvalsh", at)
    return apply(D.EIGH_W, at, UPLO=UPLO)


def svd(a: ArrayLike, full_matrices: bool = True, compute_uv: bool = True, hermitian: bool = False):
    """Thin SVD (U, s, Vᵀ) with A = U diag(s) Vᵀ; ``compute_uv=False`` gives s. Differentiable for the
    thin form (``full_matrices=False``), which square matrices always have."""
    at = _t(a)
    if at.ndim < 2:
        raise ShapeError("engine.err.linalg_matrix", name="svd", shape=at.shape)
    if not compute_uv:
        return apply(D.SVD_S, at)
    if full_matrices and at.shape[-1] != at.shape[-2] and at.requires_grad:
        raise InputError("engine.err.svd_full")
    return apply(D.SVD_U, at), apply(D.SVD_S, at), apply(D.SVD_VT, at)


def qr(a: ArrayLike, mode: str = "reduced") -> tuple[Tensor, Tensor]:
    """Reduced QR (m ≥ n for gradients)."""
    at = _t(a)
    if mode != "reduced":
        raise InputError("engine.err.not_differentiable_option", name="linalg.qr", option="mode", value=mode,
                         allowed="mode='reduced'")
    if at.ndim < 2 or (at.requires_grad and at.shape[-2] < at.shape[-1]):
        raise ShapeError("engine.err.qr_shape", shape=at.shape)
    return apply(D.QR_Q, at), apply(D.QR_R, at)


def pinv(a: ArrayLike, rcond: float = 1e-15) -> Tensor:
    """Moore–Penrose pseudo-inverse V diag(1/s) Uᵀ (singular values below rcond·max s dropped)."""
    at = _t(a)
    u, s, vt = svd(at, full_matrices=False)
    cutoff = rcond * np.max(s.data, axis=-1, keepdims=True)
    keep = s.data > cutoff
    sinv = F.where(keep, 1.0 / F.where(keep, s, 1.0), 0.0)
    return F.matmul(F.transpose(vt, _swap(vt.ndim)) * F.expand_dims(sinv, -2), F.transpose(u, _swap(u.ndim)))


def _swap(nd: int) -> tuple[int, ...]:
    return tuple(range(nd - 2)) + (nd - 1, nd - 2)


def matrix_power(a: ArrayLike, n: int) -> Tensor:
    """Aⁿ by repeated squaring (n < 0: (A⁻¹)^|n|, n = 0: I)."""
    at = _t(a)
    _square("matrix_power", at)
    if n < 0:
        at, n = inv(at), -n
    if n == 0:
        return _wrap(np.broadcast_to(np.eye(at.shape[-1], dtype=at.dtype), at.shape).copy())
    result = None
    base = at
    while n:
        if n & 1:
            result = base if result is None else F.matmul(result, base)
        n >>= 1
        if n:
            base = F.matmul(base, base)
    assert result is not None
    return result


def multi_dot(arrays) -> Tensor:
    out = _t(arrays[0])
    for b in arrays[1:]:
        out = F.matmul(out, b)
    return out


def _vector_norm(x: Tensor, ord: Any, axis: int, keepdims: bool) -> Tensor:  # noqa: A002
    if ord is None or ord == 2:
        return F.norm(x, axis=axis, keepdims=keepdims)
    ax = F.UNARY["abs"](x)
    if ord == np.inf:
        return F.max(ax, axis=axis, keepdims=keepdims)
    if ord == -np.inf:
        return F.min(ax, axis=axis, keepdims=keepdims)
    if ord == 0:
        return _wrap(as_array(np.sum(x.data != 0, axis=axis, keepdims=keepdims)).astype(x.dtype))
    if ord == 1:
        return F.sum(ax, axis=axis, keepdims=keepdims)
    p = float(ord)
    return F.pow(F.sum(F.pow(ax, p), axis=axis, keepdims=keepdims), 1.0 / p)


def _matrix_norm(x: Tensor, ord: Any, axes: tuple[int, int], keepdims: bool) -> Tensor:  # noqa: A002
    r, c = (a % x.ndim for a in axes)
    m = moveaxis(x, (r, c), (-2, -1))
    if ord in (None, "fro"):
        out = F.norm(m, axis=(-2, -1))
    elif ord == "nuc":
        out = F.sum(svd(m, compute_uv=False), axis=-1)
    elif ord in (2, -2):
        s = svd(m, compute_uv=False)
        out = F.max(s, axis=-1) if ord == 2 else F.min(s, axis=-1)
    elif ord in (1, -1):
        col = F.sum(F.UNARY["abs"](m), axis=-2)
        out = F.max(col, axis=-1) if ord == 1 else F.min(col, axis=-1)
    elif ord in (np.inf, -np.inf):
        row = F.sum(F.UNARY["abs"](m), axis=-1)
        out = F.max(row, axis=-1) if ord == np.inf else F.min(row, axis=-1)
    else:
        raise InputError("engine.err.norm_ord", ord=ord, kind="matrix")
    if keepdims:
        shape = list(x.shape)
        shape[r] = shape[c] = 1
        out = F.reshape(out, tuple(shape))
    return out


def norm(x: ArrayLike, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A002
    """``np.linalg.norm`` with every ``ord``: vectors 2 (default), 1, ∞, −∞, 0 (a count, constant), any p;
    matrices 'fro' (default), 'nuc', 2, −2, 1, −1, ∞, −∞. At x = 0 the gradient of the 2-norm is 0."""
    xt = _t(x)
    if axis is None:
        if ord is None:
            out = F.norm(xt)
            return F.reshape(out, (1,) * xt.ndim) if keepdims else out
        if xt.ndim == 1:
            return _vector_norm(xt, ord, 0, keepdims)
        if xt.ndim == 2:
            return _matrix_norm(xt, ord, (0, 1), keepdims)
        raise ShapeError("engine.err.ord_needs_d_d", ord=ord, shape=xt.shape)
    if isinstance(axis, (tuple, list)):
        if len(axis) == 2:
            return _matrix_norm(xt, ord, (int(axis[0]), int(axis[1])), keepdims)
        if len(axis) != 1:
            raise ShapeError("engine.err.axis_int_pair", axis=axis)
        axis = axis[0]
    return _vector_norm(xt, ord, int(axis), keepdims)


def matrix_rank(a: ArrayLike, *args: Any, **kwargs: Any) -> np.ndarray:
    """An integer (no derivative): passes through to NumPy."""
    return np.linalg.matrix_rank(np.asarray(a.data if isinstance(a, Tensor) else a), *args, **kwargs)


__all__ = ["inv", "det", "slogdet", "solve", "cholesky", "eigh", "eigvalsh", "svd", "qr", "pinv", "matrix_power",
           "multi_dot", "norm", "matrix_rank"]
