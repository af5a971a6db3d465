"""One BLAS thread for the whole test session: small matrices are faster single-threaded, and on a 2-core
machine shared with other work multi-threaded BLAS is much slower. The environment variables (set in
tests/conftest.py before NumPy loads) do it; threadpoolctl, when installed (the ``test`` extra), also
pins a BLAS that was already loaded."""

import os

import pytest

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def pin_environment() -> None:
    for var in THREAD_VARS:
        os.environ.setdefault(var, "1")


@pytest.fixture(autouse=True, scope="session")
def one_blas_thread():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield
