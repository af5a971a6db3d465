"""Reverse mode: an iterative topological sort and one loop over the recorded ops, newest first.

For each tensor t (made by op with inputs uᵢ) whose cotangent ḡ = ∂L/∂t is known:
    ūᵢ += unbroadcast(vjpᵢ(ḡ), shape(uᵢ))
No recursion anywhere, so a chain of 100,000 ops is fine.
"""

from __future__ import annotations

from heapq import heappop, heappush
from typing import Any, overload

import numpy as np

from mibun.autodiff.backends import NP
from mibun.autodiff.devices import xp_of
from mibun.autodiff.grad_mode import STATE
from mibun.autodiff.guards import GUARD, check_backward, check_saved, mark_written
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
    if type(g) is np.ndarray:  # raw NumPy: the methods, without np.sum's and np.reshape's Python wrappers
        return (g.sum(axis=axes, keepdims=True) if axes else g).reshape(shape)
    if axes:
        g = ns.sum(g, axis=axes, keepdims=True)
    return ns.reshape(g, shape)


def _root_grad(root: Tensor, grad: Any, create_graph: bool) -> Any:
    if grad is None:
        if root.data.size != 1:
            raise GraphError(
                "engine.err.backward_tensor_shape_needs", shape=root.shape)
        g = xp_of(root.data).ones_like(root.data)  # the seed, on the root's device
    else:
        g = grad.data if isinstance(grad, Tensor) else xp_of(root.data).asarray(grad, dtype=root.data.dtype)
        if g.shape != root.shape:
            raise ShapeError("engine.err.grad_has_shape_tensor", shape=g.shape, shape2=root.shape)
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
            "engine.err.tensor_does_not_require")
    if root._op is not None and root._inputs is None:
        raise GraphError("engine.err.graph_freed")
    if create_graph:
        from mibun.autodiff.functions import TS as ns
    else:
        ns = NP
    ovr = _check_overrides(overrides)
    if targets is None and not create_graph and ovr is None and not GUARD.anomaly:
        _backprop_plain(root, _root_grad(root, grad, False), retain_graph)
        return None
    # Without targets the nodes are visited newest first through a heap of their sequence numbers (each
    # recorded tensor is numbered when made, after its inputs, so every consumer of a tensor is visited
    # before it) and no topological sort is needed; a chain never touches the heap (``single``). With
    # targets, a topological sort also finds which nodes reach a target (``live``): only those are visited.
    order: list[Tensor] | None = None
    live = target_ids = None
    if targets is not None:
        order = toposort(root)
        target_ids = {id(t): i for i, t in enumerate(targets)}
        live = _reaching(order, target_ids)
    results: list[Any] = [None] * (len(targets) if targets is not None else 0)
    heap: list[int] = []
    pending: dict[int, Tensor] = {}
    leaves: list[Tensor] = []
    single: Tensor | None = None if order is not None else root
    root._g = _root_grad(root, grad, create_graph)
    prev = STATE.enabled
    STATE.enabled = create_graph
    anomaly = GUARD.anomaly
    # ids of the tensors whose pending cotangent is a sum this pass allocated (no VJP returned it, no one
    # else holds it), so further contributions are added in place; only on raw arrays (not create_graph)
    owned: set[int] | None = None if create_graph else set()
    try:
        while True:
            # popping drops our reference to each tensor once it is processed, so intermediate values
            # nobody else holds are freed during the backward pass, not after it
            if single is not None:
                t, single = single, None
            elif order is not None:
                if not order:
                    break
                t = order.pop()
            elif heap:
                t = pending.pop(-heappop(heap))
            else:
                break
            g = t._g
            if g is None:
                continue
            t._g = None
            if owned:
                owned.discard(id(t))
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
                raise GraphError("engine.err.graph_freed")
            if GUARD.clock > t._seq:  # written in place since this op ran: were its saved values?
                check_saved(t)
            if create_graph:
                args, out = inputs, t
            else:
                args, out = t._saved, t.data
            params = t._params
            fs = op.vjps if ovr is None else ovr.get(op.name, op.vjps)
            nary = op.nary
            for i, p in enumerate(inputs):
                if not (isinstance(p, Tensor) and p.requires_grad):
                    continue
                if live is not None and id(p) not in live:
                    continue
                if nary:
                    gi = fs[0](ns, g, out, i, *args, **params)
                elif params:
                    gi = fs[i](ns, g, out, *args, **params)
                else:
                    gi = fs[i](ns, g, out, *args)
                if anomaly:
                    check_backward(t, i, g, gi)
                pdata = p.data
                if gi.shape != pdata.shape:
                    gi = unbroadcast(ns, gi, pdata.shape)
                gdt = gi.dtype
                if gdt is not pdata.dtype and gdt != pdata.dtype:
                    gi = ns.astype(gi, pdata.dtype)
                pg = p._g
                if pg is None:
                    p._g = gi
                    if order is None:             # schedule p: newest first
                        if p._op is None:
                            leaves.append(p)
                        elif single is None and not heap:
                            single = p
                        else:
                            if single is not None:
                                pending[single._seq] = single
                                heappush(heap, -single._seq)
                                single = None
                            pending[p._seq] = p
                            heappush(heap, -p._seq)
                elif owned is not None and id(p) in owned:
                    pg += gi                      # a buffer this pass allocated: accumulate in place
                else:
                    pg = p._g = pg + gi
                    if owned is not None and type(pg) is np.ndarray:
                        owned.add(id(p))
            if not retain_graph:
                t._inputs = None
                t._saved = None
        for t in leaves:
            g, t._g = t._g, None
            _accumulate(t, g, create_graph)
    finally:
        STATE.enabled = prev
        for rest in (order or (), pending.values(), leaves, (single,) if single is not None else ()):
            for t in rest:
                t._g = None
    return results if targets is not None else None


def _backprop_plain(root: Tensor, g0: Any, retain_graph: bool) -> None:
    """``backprop`` for the common case (``.backward()``: no targets, no graph of the gradient, no
    overrides, anomaly mode off): the same visit, newest first, with the version-counter check, the
    freeing of saved values and the in-place accumulation, without the branches the other cases need."""
    heap: list[int] = []
    pending: dict[int, Tensor] = {}
    leaves: list[Tensor] = []
    owned: set[int] = set()
    single: Tensor | None = root
    root._g = g0
    prev = STATE.enabled
    STATE.enabled = False
    ns = NP
    clock = GUARD.clock  # no in-place write happens during the pass but a retained .grad's (re-read then)
    try:
        while True:
            if single is not None:
                t = single
                single = None
            elif heap:
                t = pending.pop(-heappop(heap))
            else:
                break
            g = t._g
            if g is None:
                continue
            t._g = None
            op = t._op
            if op is None:
                _accumulate(t, g, False)
                clock = GUARD.clock
                continue
            if t._retain:
                _accumulate(t, g, False)
                clock = GUARD.clock
            args = t._saved
            if args is None:
                raise GraphError("engine.err.graph_freed")
            if clock > t._seq:  # written in place since this op ran: were its saved values?
                check_saved(t)
            out = t.data
            params = t._params
            fs = op.vjps
            # VJPs of one or two inputs are called with their arguments spelt out: a call through *args
            # costs about three times as much as the call itself, and this is once per recorded op
            nargs = -1 if params or op.nary else len(args)
            if nargs == 2:
                a0, a1 = args
            elif nargs == 1:
                a0 = args[0]
            i = -1
            for p in t._inputs:
                i += 1
                if not (isinstance(p, Tensor) and p.requires_grad):
                    continue
                if nargs == 2:
                    gi = fs[i](ns, g, out, a0, a1)
                elif nargs == 1:
                    gi = fs[0](ns, g, out, a0)
                elif op.nary:
                    gi = fs[0](ns, g, out, i, *args, **params)
                else:
                    gi = fs[i](ns, g, out, *args, **params)
                pdata = p.data
                if gi.shape != pdata.shape:
                    gi = unbroadcast(ns, gi, pdata.shape)
                gdt = gi.dtype
                if gdt is not pdata.dtype and gdt != pdata.dtype:
                    gi = gi.astype(pdata.dtype)
                pg = p._g
                if pg is None:
                    p._g = gi
                    if p._op is None:
                        leaves.append(p)
                    elif single is None and not heap:
                        single = p
                    else:
                        if single is not None:
                            pending[single._seq] = single
                            heappush(heap, -single._seq)
                            single = None
                        pending[p._seq] = p
                        heappush(heap, -p._seq)
                elif id(p) in owned:
                    pg += gi
                else:
                    pg = p._g = pg + gi
                    if type(pg) is np.ndarray:
                        owned.add(id(p))
            if not retain_graph:
                t._inputs = None
                t._saved = None
        for t in leaves:
            g, t._g = t._g, None
            _accumulate(t, g, False)
    finally:
        STATE.enabled = prev
        for rest in (pending.values(), leaves, (single,) if single is not None else ()):
            for t in rest:
                t._g = None


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
            raise InputError("engine.err.backprop_overrides_no_op", name=name, known=', '.join(sorted(REGISTRY)))
        vj = tuple(vjps) if isinstance(vjps, (tuple, list)) else (vjps,)
        if len(vj) != len(op.vjps) or not all(callable(f) for f in vj):
            raise InputError("engine.err.op_needs_vjp_function", name=name, n_vjps=len(op.vjps), vjps=vjps)
        out[name] = vj
    return out


def _accumulate(t: Tensor, g: Any, create_graph: bool) -> None:
    if create_graph:
        gt = g if isinstance(g, Tensor) else _wrap(g)
        t.grad = gt if t.grad is None else t.grad + gt
    else:
        grad = t.grad
        if grad is None:
            if g.flags.writeable:
                t.grad = _wrap(g)
            else:
                t.grad = _own(g.copy())
        elif getattr(grad, "_gbuf", None) is grad.data and grad.data.shape == g.shape:
            grad.data += g                    # the engine's own buffer from an earlier pass: in place,
            mark_written(grad.data)           # moving the version clock, in case a graph saved this .grad
        else:
            t.grad = _own(grad.data + g)


def _own(buf: Any) -> Tensor:
    """A gradient Tensor around a buffer the engine allocated: later passes may accumulate into it in place
    (as long as its ``.data`` is still that buffer; a user's array or a view of one is never written)."""
    gt = _wrap(buf)
    if type(buf) is np.ndarray and buf.flags.writeable and buf.flags.owndata:
        gt._gbuf = buf
    return gt



def backward(root: Tensor, grad: Any = None, retain_graph: bool = False, create_graph: bool = False) -> None:
    """``root.backward(...)``: accumulate gradients into the leaves (PyTorch semantics)."""
    backprop(root, grad, retain_graph=retain_graph, create_graph=create_graph)


__all__ = ["backprop", "backward", "toposort", "unbroadcast"]
