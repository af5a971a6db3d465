"""``mb.linalg``: ``numpy.linalg`` on Tensors, differentiable (reverse and forward mode, any order).
The functions live in :mod:`mibun.autodiff.linalg_functions`; see its docstring for the conventions."""

from mibun.autodiff.linalg_functions import (
    cholesky,
    det,
    eigh,
    eigvalsh,
    inv,
    matrix_power,
    matrix_rank,
    multi_dot,
    norm,
    pinv,
    qr,
    slogdet,
    solve,
    svd,
)

__all__ = ["inv", "det", "slogdet", "solve", "cholesky", "eigh", "eigvalsh", "svd", "qr", "pinv", "matrix_power",
           "multi_dot", "norm", "matrix_rank"]
