"""``import mibun.numpy as mnp``: NumPy's namespace, differentiable — the counterpart of
``autograd.numpy``, so autograd code ports by changing the import.

Every NumPy name is here. The differentiable ones (``DIFFERENTIABLE``) take Tensors, arrays, numbers
or (nested) lists of them and return Tensors that keep the graph; the rest (``zeros``, ``arange``,
``argmax``, ``allclose``, dtypes, constants…) are NumPy's own and return arrays. ``mnp.linalg`` is
``mibun.linalg``; ``mnp.random`` is ``numpy.random``.
"""

from __future__ import annotations

from numpy import *  # noqa: F403  (NumPy's namespace; the differentiable names are replaced below)
from numpy import random  # noqa: F401

from mibun import linalg as _linalg
from mibun.autodiff.np_namespace import DIFFERENTIABLE

globals().update(DIFFERENTIABLE)
globals()["linalg"] = _linalg     # mnp.linalg is mibun.linalg
