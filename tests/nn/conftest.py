"""One BLAS thread while these tests run (see tests/blas.py)."""

from tests.blas import one_blas_thread  # noqa: F401  (an autouse fixture)
