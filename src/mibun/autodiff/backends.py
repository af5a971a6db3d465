"""The two namespaces a VJP is written against.

``NP`` holds raw NumPy functions (the fast path: no graph is built while differentiating); it is defined
with the function specs (:mod:`mibun.functions.numpy_ns`), which add every scalar function to it. ``TS``
(made in ``functions.py``) holds mibun's differentiable functions of the same names and signatures, used
when the backward pass itself must be recorded (``create_graph=True``). A VJP written once as
``ns.exp(x) * g`` therefore serves both.
"""

from __future__ import annotations

import mibun.functions  # noqa: F401  (fills NP with every scalar function)
from mibun.functions.numpy_ns import NP, is_basic_index, np_index_grad, np_safe_mul, np_sigmoid, raw

__all__ = ["NP", "raw", "np_sigmoid", "np_index_grad", "np_safe_mul", "is_basic_index"]
