"""The primitives, by kind. Importing this package registers them all in ``mibun.autodiff.registry``."""

from mibun.autodiff.ops import array_ops, decomp, elementwise, linalg, reductions, scalar, shape  # noqa: F401
