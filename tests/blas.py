"""Small matrices are faster with one BLAS thread (and a 2-core machine shared with other work makes
multi-threaded BLAS much slower): limit it while these tests run, when threadpoolctl is available."""

import pytest


@pytest.fixture(autouse=True, scope="module")
def one_blas_thread():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield
