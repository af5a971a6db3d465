"""The op registry of the engine. The ops are described in :mod:`mibun.functions` (one home per
function); this module keeps the engine's historical names working: ``defop``, ``Op``, ``REGISTRY``,
``get``. An op registered here with ``defop`` is an array op like any other (see
:mod:`mibun.functions.spec` for the meaning of every field).
"""

from __future__ import annotations

import mibun.functions  # noqa: F401  (registers the described functions first)
from mibun.functions.spec import REGISTRY, FunctionSpec, Op, defop, get


def elementwise_ops() -> list[Op]:
    """The ops that act elementwise and carry a SymPy formula and derivative."""
    return [op for op in REGISTRY.values() if op.elementwise and op.formula is not None]


__all__ = ["Op", "FunctionSpec", "REGISTRY", "defop", "get", "elementwise_ops"]
