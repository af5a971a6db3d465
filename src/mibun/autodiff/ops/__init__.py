"""The primitives, by kind. Importing this package registers them all in ``mibun.autodiff.registry``."""

from mibun.autodiff.ops import elementwise, linalg, reductions, shape  # noqa: F401
