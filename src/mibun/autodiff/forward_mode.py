"""Forward mode: push tangents through a recorded graph, inputs to output, with each op's JVPs.

    ṫ(y) = Σᵢ jvpᵢ(ṫ(uᵢ))        (broadcast to y's shape)
"""

from __future__ import annotations

import numpy as np

from mibun.autodiff.backward import toposort
from mibun.autodiff.tensor import Tensor
from mibun.errors import GraphError, InputError


def push_tangents(output: Tensor, seeds: dict[int, np.ndarray]) -> np.ndarray:
    """The tangent of ``output`` given tangents of some leaves (``id(leaf) -> array``)."""
    if not output.requires_grad:
        return np.zeros_like(output.data)
    tangents: dict[int, np.ndarray] = dict(seeds)
    for t in toposort(output):
        if t._op is None or id(t) in seeds:
            continue
        op = t._op
        if op.jvps is None:
            raise InputError("engine.err.op_has_no_jvp", name=op.name)
        acc = None
        saved, inputs = t._saved, t._inputs
        if saved is None or inputs is None:
            raise GraphError("engine.err.graph_was_freed_earlier")
        for i, p in enumerate(inputs):
            if not isinstance(p, Tensor):
                continue
            tp = tangents.get(id(p))
            if tp is None:
                continue
            c = op.jvp(i, tp, t.data, saved, t._params)
            c = np.asarray(c)
            if c.shape != t.data.shape:
                c = np.broadcast_to(c, t.data.shape)
            acc = c if acc is None else acc + c
        if acc is not None:
            tangents[id(t)] = acc.astype(t.data.dtype, copy=False) if acc.dtype != t.data.dtype else acc
    out = tangents.get(id(output))
    return np.zeros_like(output.data) if out is None else out


__all__ = ["push_tangents"]
