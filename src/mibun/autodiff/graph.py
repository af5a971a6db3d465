"""The recorded graph, read-only, for the layers that explain it (``mibun.explain``, ``mibun.viz``,
``mibun.diagnose``): they read nodes through these functions and never a private attribute of a Tensor.

A node is a Tensor. A node made by an op has ``op(n)`` (its :class:`~mibun.functions.Op` spec, with the
derivative rule, template and names), ``inputs(n)`` (Tensors or constants), ``input_values(n)`` (the
arrays the op saw), ``params(n)`` and ``value(n)``; a leaf has ``op(n) is None``. ``local_vjp`` applies the
op's own VJP on one edge, exactly as backward does.

    for n in graph.nodes(L):
        print(graph.op(n), [graph.value(p) for p in graph.inputs(n)])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mibun.autodiff.backends import NP
from mibun.autodiff.backward import toposort, unbroadcast
from mibun.autodiff.devices import as_array
from mibun.autodiff.regions import Region, mark_region, regions  # layers marked on the graph
from mibun.autodiff.tensor import Tensor
from mibun.functions.spec import Op


def nodes(root: Tensor) -> list[Tensor]:
    """The tensors ``root`` depends on through recorded ops (requiring grad), inputs before outputs."""
    return toposort(root)


def op(node: Tensor) -> Op | None:
    """The op (spec) that made ``node``; None for a leaf."""
    return node._op


def is_leaf(node: Tensor) -> bool:
    return node._op is None


def inputs(node: Tensor) -> tuple:
    """The recorded inputs (Tensors or constants) of the op that made ``node`` (empty for a leaf)."""
    return node._inputs or ()


def input_values(node: Tensor) -> tuple:
    """The input arrays the op computed ``node`` from (empty for a leaf or once the graph was freed)."""
    return node._saved or ()


def params(node: Tensor) -> dict:
    """The op's parameters (axis=, p=, …)."""
    return dict(node._params)


def value(node: Any) -> Any:
    """The node's array (a constant input: itself)."""
    return node.data if isinstance(node, Tensor) else node


def grad(node: Tensor) -> Tensor | None:
    """The node's accumulated gradient (leaves and retained tensors), or None."""
    return node.grad


def is_freed(node: Tensor) -> bool:
    """True when backward already freed what the op saved (a second backward needs retain_graph=True)."""
    return node._op is not None and node._inputs is None


def local_vjp(node: Tensor, i: int, g: Any, *, unbroadcast_to_input: bool = True) -> np.ndarray:
    """ḡ·∂node/∂(input i) on raw arrays, the op's own VJP, summed over broadcast axes and cast to the
    input's dtype exactly as backward does (``unbroadcast_to_input=False``: as the VJP returns it)."""
    o = node._op
    if o is None or node._saved is None:
        raise ValueError("local_vjp: the node has no recorded op (a leaf, or its graph was freed)")
    gi = as_array(o.vjp(i, NP, g, node.data, node._saved, node._params))
    if unbroadcast_to_input:
        p = node._inputs[i] if node._inputs is not None else None
        if isinstance(p, Tensor):
            if gi.shape != p.data.shape:
                gi = as_array(unbroadcast(NP, gi, p.data.shape))
            if gi.dtype != p.data.dtype:
                gi = gi.astype(p.data.dtype)
    return gi


__all__ = ["Region", "mark_region", "regions", "nodes", "op", "is_leaf", "inputs", "input_values", "params", "value",
           "grad", "is_freed", "local_vjp"]
