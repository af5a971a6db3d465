"""Reverse mode: an iterative topological sort and one loop over the recorded ops, newest first.

For each tensor t (made by op with inputs uᵢ) whose cotangent ḡ = ∂L/∂t is known:
    ūᵢ += unbroadcast(vjpᵢ(ḡ), shape(uᵢ))
No recursion anywhere, so a chain of 100,000 ops is fine.
"""

from __future__ import annotations

from typing import Any, overload

import numpy as np

from mibun.autodiff.backends import NP
from mibun.autodiff.devices import xp_of
from mibun.autodiff.grad_mode import STATE
from mibun.autodiff.guards import GUARD, check_backward, check_saved
from mibun.autodiff.tensor import Tensor, _wrap
from mibun.errors import GraphError, ShapeError


def toposort(root: Tensor) -> list[Tensor]:
    """Tensors that ``root`` depends on through recorded ops (requiring grad), inputs before outputs.
    Among a node's inputs the first is discovered first, so the order follows how the code was written."""
    order: list[Tensor] = []
    seen: set[int] = set()
    push = (stack := [(root, False)]).append
    pop = stack.pop
    add = seen.add
    while stack:
        node, done = pop()
        if done:
            order.append(node)
            continue
        nid = id(node)
        if nid in seen:
            continue
        add(nid)
        push((node, True))
        inputs = node._inputs
        if inputs:
            for p in reversed(inputs):
                if isinstance(p, Tensor) and p.requires_grad and id(p) not in seen:
                    push((p, False))
    return order


def unbroadcast(ns: Any, g: Any, shape: tuple[int, ...]) -> Any:
    """Sum ``g`` over the axes that broadcasting added or stretched, so it has ``shape``."""
    gshape = g.shape
    if gshape == shape:
        return g
    lead = len(gshape) - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and gshape[i + lead] != 1)
    if axes:
        g = ns.sum(g, axis=axes, keepdims=True)
    return ns.reshape(g, shape)


def _root_grad(root: Tensor, grad: Any, create_graph: bool) -> Any:
    if grad is None:
        if root.data.size != 1:
            raise GraphError(
                f"backward() on a tensor of shape {root.shape} needs grad=: pass the cotangent (an array of "
                f"shape {root.shape}, the v in vᵀJ), or reduce to a scalar first, e.g. y.sum().backward()")
        g = xp_of(root.data).ones_like(root.data)  # the seed, on the root's device
    else:
        g = grad.data if isinstance(grad, Tensor) else np.asarray(grad, dtype=root.data.dtype)
        if g.shape != root.shape:
            raise ShapeError(f"backward(grad=...): grad has shape {g.shape} but the tensor has shape {root.shape}")
        if g.dtype != root.data.dtype:
            g = g.astype(root.data.dtype)
        if create_graph and isinstance(grad, Tensor):
            return grad
    return _wrap(g) if create_graph else g


@overload
def backprop(root: Tensor, grad: Any = None, *, targets: list[Tensor], retain_graph: bool = False,
             create_graph: bool = False, overrides: dict[str, Any] | None = None) -> list[Any]: ...


@overload
def backprop(root: Tensor, grad: Any = None, *, targets: None = None, retain_graph: bool = False,
             create_graph: bool = False, overrides: dict[str, Any] | None = None) -> None: ...


def backprop(root: Tensor, grad: Any = None, *, targets: list[Tensor] | None = None,
             retain_graph: bool = False, create_graph: bool = False,
             overrides: dict[str, Any] | None = None) -> list[Any] | None:
    """Propagate cotangents from ``root``. Without ``targets``: accumulate into leaves' (and retained
    tensors') ``.grad``. With ``targets``: return their cotangents (None where unreachable) and touch no
    ``.grad``. ``create_graph``: cotangents are Tensors whose computation is itself recorded.
    ``overrides``: ``{op name: vjps}`` used instead of the registry's VJPs for this one pass (same
    calling convention, one function per input, or one for n-ary ops); the registry is not changed.
    This is how modified backward passes such as guided backpropagation are run."""
    if not root.requires_grad:
        raise GraphError(
            "this tensor does not require grad, so nothing was recorded to differentiate: create the inputs "
            "with requires_grad=True (and not under mb.no_grad())")
    if root._op is not None and root._inputs is None:
        raise GraphError(_FREED)
    if create_graph:
        from mibun.autodiff.functions import TS as ns
    else:
        ns = NP
    ovr = _check_overrides(overrides)
    order = toposort(root)
    target_ids = None if targets is None else {id(t): i for i, t in enumerate(targets)}
    live = None if target_ids is None else _reaching(order, target_ids)
    results: list[Any] = [None] * (len(targets) if targets is not None else 0)
    root._g = _root_grad(root, grad, create_graph)
    prev = STATE.enabled
    STATE.enabled = create_graph
    anomaly = GUARD.anomaly
    try:
        while order:
            # popping (rather than iterating) drops our reference to each tensor once it is processed,
            # so intermediate values nobody else holds are freed during the backward pass, not after it
            t = order.pop()
            g = t._g
            if g is None:
                continue
            t._g = None
            if target_ids is not None:
                k = target_ids.get(id(t))
                if k is not None:
                    results[k] = g
            op = t._op
            if op is None or t._retain:
                if target_ids is None:
                    _accumulate(t, g, create_graph)
                if op is None:
                    continue
            inputs = t._inputs
            if inputs is None:
                raise GraphError(_FREED)
            if GUARD.clock:  # some tensor was written in place: were this op's saved values?
                check_saved(t)
            if create_graph:
                args, out = inputs, t
            else:
                args, out = t._saved, t.data
            params = t._params
            vjps = None if ovr is None else ovr.get(op.name)
            for i, p in enumerate(inputs):
                if not (isinstance(p, Tensor) and p.requires_grad):
                    continue
                if live is not None and id(p) not in live:
                    continue
                gi = op.vjp(i, ns, g, out, args, params, vjps)
                if anomaly:
                    check_backward(t, i, g, gi)
                pshape = p.data.shape
                if gi.shape != pshape:
                    gi = unbroadcast(ns, gi, pshape)
                if gi.dtype != p.data.dtype:
                    gi = ns.astype(gi, p.data.dtype)
                pg = p._g
                p._g = gi if pg is None else pg + gi
            if not retain_graph:
                t._inputs = None
                t._saved = None
    finally:
        STATE.enabled = prev
        for t in order:
            t._g = None
    return results if targets is not None else None


def _reaching(order: list[Tensor], target_ids: dict[int, int]) -> set[int]:
    """Ids of the tensors in ``order`` (inputs first) from which a target can be reached: only their
    cotangents are needed when backprop is asked for the targets' gradients."""
    live: set[int] = set()
    for t in order:
        if id(t) in target_ids:
            live.add(id(t))
            continue
        inputs = t._inputs
        if inputs and any(isinstance(p, Tensor) and id(p) in live for p in inputs):
            live.add(id(t))
    return live


def _check_overrides(overrides: dict[str, Any] | None) -> dict[str, tuple] | None:
    if not overrides:
        return None
    from mibun.autodiff.registry import REGISTRY
    from mibun.errors import InputError

    out = {}
    for name, vjps in overrides.items():
        op = REGISTRY.get(name)
        if op is None:
            raise InputError(f"backprop(overrides=...): no op named {name!r}; known ops: {', '.join(sorted(REGISTRY))}")
        vj = tuple(vjps) if isinstance(vjps, (tuple, list)) else (vjps,)
        if len(vj) != len(op.vjps) or not all(callable(f) for f in vj):
            raise InputError(f"backprop(overrides=...): op {name!r} needs {len(op.vjps)} VJP function(s) "
                             f"vjp(ns, g, out, *inputs, **params), got {vjps!r}")
        out[name] = vj
    return out


def _accumulate(t: Tensor, g: Any, create_graph: bool) -> None:
    if create_graph:
        gt = g if isinstance(g, Tensor) else _wrap(g)
        t.grad = gt if t.grad is None else t.grad + gt
    else:
        if t.grad is None:
            t.grad = _wrap(g if g.flags.writeable else g.copy())
        else:
            t.grad = _wrap(t.grad.data + g)


_FREED = ("trying to backward through the graph a second time (its saved values were freed after the first "
          "backward): pass retain_graph=True to the first backward() if you need to go through it again")


def backward(root: Tensor, grad: Any = None, retain_graph: bool = False, create_graph: bool = False) -> None:
    """``root.backward(...)``: accumulate gradients into the leaves (PyTorch semantics)."""
    backprop(root, grad, retain_graph=retain_graph, create_graph=create_graph)


__all__ = ["backprop", "backward", "toposort", "unbroadcast"]
