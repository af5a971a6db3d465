"""Walking the recorded graph: which tensors lie on a path from the output to the requested inputs,
what each of them is called, and the chain rule as the engine applies it — edge by edge, with numbers.

Nothing here restates calculus. The value of every local step is the op's own VJP from the registry
(``op.vjps``), summed back to the input's shape by the engine's ``unbroadcast``; the rule shown next to
it is the op's ``rule``/``rule_latex``. For one edge u → y (u an input of the op that made y):

    contribution = unbroadcast(vjpᵤ(ḡ_y))        ḡ_y = ∂L/∂y, the upstream gradient

and for elementwise ops the local factor ∂y/∂u is vjpᵤ(1) (the VJP applied to ones), so the
contribution is ḡ_y ⊙ ∂y/∂u, summed over broadcast axes. Each path from L to an input multiplies
(composes) these steps; the gradient is the sum over paths (``enumerate_paths``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mibun.autodiff import graph as ag
from mibun.autodiff.backends import NP
from mibun.autodiff.backward import toposort, unbroadcast
from mibun.autodiff.devices import as_array, device_of, host_array, to_device
from mibun.autodiff.tensor import Tensor
from mibun.errors import GraphError, InputError
from mibun.report import fmt


# ---------------------------------------------------------------------------------------------- records
@dataclass
class Edge:
    """One input of a node, on a path to a requested input: the local rule and its numbers."""

    input: str                      # label of the input tensor
    index: int                      # position among the op's inputs
    rule: str                       # the op's derivative rule for this input (Unicode)
    rule_latex: str
    local: np.ndarray | None        # ∂y/∂u elementwise (elementwise ops, or scalar → scalar); else None
    contribution: np.ndarray        # ∂L/∂u along this edge: unbroadcast(vjp(ḡ))
    broadcast_summed: bool = False  # the contribution was summed over axes broadcasting added
    #: the full Jacobian ∂y/∂u (shape y.shape + u.shape) when it is small and not diagonal
    jacobian: np.ndarray | None = None
    #: for a matrix product, the other operand (its label and value): the local factor is "times it"
    other: tuple[str, np.ndarray] | None = None


@dataclass
class Step:
    """One tensor on a path from the output to a requested input, as the backward pass meets it."""

    label: str
    op: str | None                  # op name (None for leaves)
    expression: str                 # e.g. "tanh(v2)" (Unicode, from the op's template)
    shape: tuple[int, ...]
    value: np.ndarray
    upstream: np.ndarray            # ∂L/∂(this tensor), the sum of ``parts``
    parts: list[tuple[str, np.ndarray]] = field(default_factory=list)  # (consumer label, contribution)
    edges: list[Edge] = field(default_factory=list)
    is_leaf: bool = False
    is_wrt: bool = False
    rule_template: str = ""         # the op's template, for LaTeX


@dataclass
class Path:
    """One path from the output to a requested input and the product of its local steps."""

    wrt: str
    nodes: list[str]                # labels, output first
    contribution: np.ndarray


@dataclass
class Target:
    """A requested input: its gradient as the sum of path contributions, next to the engine's."""

    label: str
    shape: tuple[int, ...]
    value: np.ndarray
    gradient: np.ndarray            # Σ over paths (or over incoming edges when paths are not listed)
    engine: np.ndarray              # the engine's own backward, for comparison
    parts: list[tuple[str, np.ndarray]]
    n_paths: int
    paths: list[Path] | None        # None when there were too many to list

    @property
    def max_error(self) -> float:
        if self.gradient.size == 0:
            return 0.0
        return float(np.max(np.abs(self.gradient - self.engine)))

    @property
    def matches(self) -> bool:
        """Whether the sum over paths equals the engine's gradient up to rounding (the two add the same
        terms in different orders): relative 1e-8 in float64, 1e-4 in float32 and below."""
        if self.engine.size == 0:
            return True
        dt = self.engine.dtype
        rtol = 1e-8 if dt.kind != "f" or np.finfo(dt).bits >= 64 else 1e-4
        scale = max(1.0, float(np.max(np.abs(self.engine))))
        return bool(np.allclose(self.gradient, self.engine, rtol=rtol, atol=rtol * scale))


# ---------------------------------------------------------------------------------------------- graph
class Graph:
    """The recorded graph behind ``output``: tensors in order (inputs first), labels and consumers."""

    def __init__(self, output: Any, lang: str | None = None, names: dict[int, str] | None = None):
        if not isinstance(output, Tensor):
            raise InputError("explain.err.not_tensor", lang=lang, kind=type(output).__name__)
        if ag.is_freed(output):
            raise GraphError("explain.err.freed", lang=lang)
        if output.requires_grad and ag.op(output) is None:
            raise GraphError("explain.err.leaf", lang=lang, name=output.name or "tensor")
        if not output.requires_grad or ag.op(output) is None:
            raise GraphError("explain.err.no_graph", lang=lang)
        self.output = output
        self.order = toposort(output)
        for n in self.order:
            if ag.is_freed(n):
                raise GraphError("explain.err.freed", lang=lang)
        self.ids = {id(n): n for n in self.order}
        self.consumers: dict[int, list[tuple[Tensor, int]]] = {id(n): [] for n in self.order}
        for n in self.order:
            for i, p in enumerate(n.inputs):
                if isinstance(p, Tensor) and id(p) in self.consumers:
                    self.consumers[id(p)].append((n, i))
        self.labels = _labels(self.order, output, names or {})
        self.const_labels: dict[int, str] = {}

    # -- names
    def label(self, x: Any) -> str:
        """The name of a tensor of the graph, or a short rendering of a constant."""
        if isinstance(x, Tensor):
            if id(x) in self.labels:
                return self.labels[id(x)]
            if x.name:
                return x.name
            if x.size == 1:
                return _num(x.data.item())
            if id(x) not in self.const_labels:
                self.const_labels[id(x)] = f"c{len(self.const_labels) + 1}"
            return self.const_labels[id(x)]
        if isinstance(x, np.ndarray):
            return _num(x.item()) if x.size == 1 else f"const{tuple(x.shape)}"
        if isinstance(x, (int, float)) and not isinstance(x, bool):
            return _num(x)
        return str(x)

    def expression(self, n: Tensor) -> str:
        """How ``n`` was computed, in the op's own notation, with its inputs' labels."""
        op = ag.op(n)
        if op is None:
            return n.name or self.labels.get(id(n), "")
        args = [self.label(p) for p in n.inputs]
        tmpl = op.template or (op.name + "(" + ", ".join(f"{{{i}}}" for i in range(len(args))) + ")")
        try:
            params = {k: (_num(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
                      for k, v in n.params.items()}
            return tmpl.format(*args, **params)
        except (IndexError, KeyError, ValueError):
            return f"{op.name}({', '.join(args)})"

    # -- which tensors matter
    def reaching(self, targets: list[Tensor]) -> set[int]:
        """Ids of the tensors from which some target can be reached going backwards (the tensors on a
        path from the output to a target), targets included."""
        want = {id(x) for x in targets}
        rel: set[int] = set()
        for n in self.order:
            if id(n) in want or any(isinstance(p, Tensor) and id(p) in rel for p in n.inputs):
                rel.add(id(n))
        return rel


def _labels(order: list[Tensor], output: Tensor, names: dict[int, str]) -> dict[int, str]:
    """User names where set (t.name); unnamed leaves x1, x2, … and unnamed results v1, v2, … in
    discovery order; an unnamed output is L (a scalar) or y. Repeated names get a suffix."""
    used: set[str] = set()
    labels: dict[int, str] = {}
    for n in order:
        given = n.name or names.get(id(n))  # the tensor's own name, else its parameter name in a model
        if given:
            name = given
            k = 2
            while name in used:
                name = f"{given}#{k}"
                k += 1
            labels[id(n)] = name
            used.add(name)
    counters = {"x": 0, "v": 0}
    for n in order:
        if id(n) in labels:
            continue
        if n is output:
            base = "L" if n.size == 1 else "y"
            name, k = base, 2
            while name in used:
                name = f"{base}{k}"
                k += 1
        else:
            prefix = "x" if ag.op(n) is None else "v"
            while True:
                counters[prefix] += 1
                name = f"{prefix}{counters[prefix]}"
                if name not in used:
                    break
        labels[id(n)] = name
        used.add(name)
    return labels


def _num(v: Any) -> str:
    return fmt(v, 4) if isinstance(v, float) else str(v)


# ---------------------------------------------------------------------------------------------- chain rule
def edge_vjp(node: Tensor, i: int, g: np.ndarray) -> tuple[np.ndarray, bool]:
    """∂L/∂(input i of node) along the edge, given g = ∂L/∂node: the op's VJP, unbroadcast and cast
    exactly as the engine does. Returns (contribution, whether broadcast axes were summed)."""
    if type(g) is not type(node.data):  # a host cotangent for a device's graph (or the reverse): move it
        g = to_device(g, device_of(node.data))
    gi = ag.local_vjp(node, i, g, unbroadcast_to_input=False)
    p = ag.inputs(node)[i]
    summed = gi.shape != p.data.shape
    if summed:
        gi = as_array(unbroadcast(NP, gi, p.data.shape))
    if gi.dtype != p.data.dtype:
        gi = gi.astype(p.data.dtype)
    return gi, summed


def local_factor(node: Tensor, i: int) -> np.ndarray | None:
    """∂node/∂(input i) as numbers when it is diagonal (elementwise ops) or a single number: the
    op's VJP applied to ones, before summing over broadcast axes. None for a full Jacobian."""
    op = ag.op(node)
    if op is None:
        raise ValueError("local_factor: the node is a leaf (no op, no local factor)")
    p = ag.inputs(node)[i]
    if not (op.elementwise or (node.data.size == 1 and p.data.size == 1)):
        return None
    loc = ag.local_vjp(node, i, np.ones_like(node.data), unbroadcast_to_input=False)
    if loc.shape != node.data.shape:  # a VJP that already reduced (never for registry ops)
        try:
            loc = np.broadcast_to(loc, node.data.shape)
        except ValueError:
            return None
    return loc.astype(node.data.dtype, copy=False) if loc.dtype.kind in "fbiu" else loc


#: Jacobians with at most this many entries are computed and shown in full
SMALL_JACOBIAN = 16


def jacobian(node: Tensor, i: int) -> np.ndarray | None:
    """∂node/∂(input i) as a full matrix (shape node.shape + input.shape), built row by row from the op's
    VJP applied to unit cotangents; None when the op is elementwise (see ``local_factor``) or when the
    Jacobian would have more than SMALL_JACOBIAN entries."""
    op = ag.op(node)
    if op is None:
        raise ValueError("jacobian: the node is a leaf (no op, no Jacobian)")
    p = ag.inputs(node)[i]
    n_out, n_in = node.data.size, p.data.size
    if op.elementwise or n_out * n_in > SMALL_JACOBIAN or (n_out == 1 and n_in == 1):
        return None
    rows = []
    for k in range(n_out):
        e = np.zeros(node.data.shape, dtype=node.data.dtype)
        e.flat[k] = 1
        row, _ = edge_vjp(node, i, to_device(e, device_of(node.data)))  # the unit cotangent on node's device
        rows.append(host_array(row).reshape(-1))  # explain's tables are read on the host
    return np.array(rows).reshape(node.data.shape + p.data.shape)


def seed_for(output: Tensor) -> np.ndarray:
    """The cotangent the walk starts from: 1 for a scalar, ones (i.e. the gradient of Σ output) else."""
    return np.ones_like(output.data)


def backward_steps(graph: Graph, wrt: list[Tensor]) -> tuple[list[Step], dict[int, np.ndarray]]:
    """The backward pass over the tensors on a path from the output to ``wrt``, newest first, with each
    node's upstream gradient, the contributions that summed into it, and its edges."""
    rel = graph.reaching(wrt)
    wrt_ids = {id(x) for x in wrt}
    upstream: dict[int, np.ndarray] = {id(graph.output): seed_for(graph.output)}
    parts: dict[int, list[tuple[str, np.ndarray]]] = {id(n): [] for n in graph.order if id(n) in rel}
    steps: list[Step] = []
    for n in reversed(graph.order):
        if id(n) not in rel:
            continue
        g = upstream.get(id(n))
        if g is None:  # unreachable cannot happen for an ancestor of the output; keep it safe
            g = np.zeros_like(n.data)
        op = ag.op(n)
        step = Step(label=graph.labels[id(n)], op=None if op is None else op.name,
                    expression=graph.expression(n), shape=tuple(n.shape), value=n.data, upstream=g,
                    parts=parts[id(n)], is_leaf=op is None, is_wrt=id(n) in wrt_ids,
                    rule_template=op.template if op is not None else "")
        if op is not None:
            for i, p in enumerate(n.inputs):
                if not (isinstance(p, Tensor) and p.requires_grad and id(p) in rel):
                    continue
                contrib, summed = edge_vjp(n, i, g)
                edge = Edge(input=graph.labels[id(p)], index=i, rule=op.rule_for(i),
                            rule_latex=op.rule_for(i, latex=True), local=local_factor(n, i),
                            contribution=contrib, broadcast_summed=summed)
                if op.name == "matmul":
                    o = n.inputs[1 - i]
                    edge.other = (graph.label(o), host_array(o.data if isinstance(o, Tensor) else o))
                elif edge.local is None:
                    edge.jacobian = jacobian(n, i)
                step.edges.append(edge)
                parts[id(p)].append((step.label, contrib))
                upstream[id(p)] = contrib.copy() if id(p) not in upstream else upstream[id(p)] + contrib
        steps.append(step)
    return steps, upstream


def count_paths(graph: Graph, target: Tensor, rel: set[int]) -> int:
    """How many paths lead from the output to ``target`` (edges counted separately, so x·x has two)."""
    counts: dict[int, int] = {}
    for n in graph.order:
        if id(n) not in rel:
            continue
        c = 1 if n is target else 0
        if n is not target:
            for p in n.inputs:
                if isinstance(p, Tensor) and id(p) in counts:
                    c += counts[id(p)]
        counts[id(n)] = c
    return counts.get(id(graph.output), 0)


def enumerate_paths(graph: Graph, target: Tensor, limit: int) -> list[Path] | None:
    """Every path from the output to ``target``, each with the composition of its local steps (the
    "product of local factors") applied to the seed. None when there are more than ``limit``."""
    rel = graph.reaching([target])
    if count_paths(graph, target, rel) > limit:
        return None
    label = graph.labels
    paths: list[Path] = []
    stack: list[tuple[Tensor, np.ndarray, list[str]]] = [(graph.output, seed_for(graph.output),
                                                          [label[id(graph.output)]])]
    while stack:
        node, g, names = stack.pop()
        if node is target:
            paths.append(Path(wrt=label[id(target)], nodes=names, contribution=g))
            continue
        if ag.op(node) is None:
            continue
        items = []
        for i, p in enumerate(node.inputs):
            if isinstance(p, Tensor) and p.requires_grad and id(p) in rel:
                gi, _ = edge_vjp(node, i, g)
                items.append((p, gi, names + [label[id(p)]]))
        stack.extend(reversed(items))
    return paths


__all__ = ["Edge", "Step", "Path", "Target", "Graph", "edge_vjp", "local_factor", "backward_steps",
           "enumerate_paths", "count_paths", "seed_for", "jacobian",
           "SMALL_JACOBIAN"]
