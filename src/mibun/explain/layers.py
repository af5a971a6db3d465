"""Explanations at the level of layers (``mb.explain(loss, level="layer")``).

A layer's forward marks its result on the graph (``mibun.autodiff.graph.mark_region``). Here each marked
layer on a path from the output to the requested inputs becomes a ``LayerStep``: its forward equations with
their values, the upstream gradient dy = ∂L/∂y arriving at its output, and its backward equations in closed
form (``layer_rules.py``) with their values, each gradient set next to the engine's: the op-by-op backward
restricted to the ops inside the layer, from the same dy. They agree, or the explanation says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mibun.autodiff import graph as ag
from mibun.autodiff.devices import host_array
from mibun.autodiff.tensor import Tensor
from mibun.explain.layer_rules import RULES, Term
from mibun.explain.walk import Graph, edge_vjp


@dataclass
class LayerStep:
    """One layer as the backward pass meets it (outermost first where layers end on the same tensor)."""

    kind: str                         # "layer_norm", "attention", …: the catalogue's ``explain.layer.<kind>``
    label: str                        # label of the layer's output tensor
    depth: int                        # how many marked layers enclose this one
    inputs: dict[str, str]            # role → label of the input tensor
    params: dict[str, Any]
    upstream: np.ndarray              # dy = ∂L/∂y at the layer's output
    forward: list[Term] = field(default_factory=list)
    backward: list[Term] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return all(t.matches for t in self.backward)

    def term(self, name: str) -> Term:
        """The forward or backward term called ``name`` (e.g. "∂L/∂x")."""
        for t in (*self.backward, *self.forward):
            if t.name == name:
                return t
        raise KeyError(name)


def _internal(out: Tensor, stop: set[int]) -> set[int]:
    """Ids of the recorded tensors between the layer's inputs (``stop``) and its output, output included."""
    seen: set[int] = set()
    stack = [out]
    while stack:
        n = stack.pop()
        if id(n) in seen or id(n) in stop or ag.op(n) is None:
            continue
        seen.add(id(n))
        stack.extend(p for p in ag.inputs(n) if isinstance(p, Tensor) and p.requires_grad)
    return seen


def region_backward(graph: Graph, out: Tensor, inside: set[int], dy: np.ndarray) -> dict[int, np.ndarray]:
    """The engine's backward from dy at ``out`` through the ops inside the layer only: ∂L/∂t for every
    tensor inside and for the layer's inputs (by id), each op's own VJP as in ``backward``."""
    up: dict[int, np.ndarray] = {id(out): dy}
    for n in reversed(graph.order):
        if id(n) not in inside or id(n) not in up:
            continue
        g = up[id(n)]
        for i, p in enumerate(ag.inputs(n)):
            if isinstance(p, Tensor) and p.requires_grad:
                c, _ = edge_vjp(n, i, g)
                up[id(p)] = c if id(p) not in up else up[id(p)] + c
    return up


def _values(inputs: dict[str, Tensor | None]) -> dict[str, Any]:
    return {role: (None if t is None else host_array(ag.value(t))) for role, t in inputs.items()}


def _residual_terms(params: dict[str, Any], up: dict[int, np.ndarray], x: Tensor | None) -> list[Term]:
    """A transformer layer: ∂L/∂x = ∂L/∂u (the residual path u = x + sublayer(·)) + the sub-layer's part."""
    ref = params.get("skip")
    skip = ref() if callable(ref) else None
    if skip is None or x is None or id(skip) not in up or id(x) not in up:
        return []
    du, dx = host_array(up[id(skip)]), host_array(up[id(x)])
    return [Term("∂L/∂u", "u = x + SelfAttn(·)", du),
            Term("∂L/∂x", "∂L/∂u + ∂L/∂u · ∂SelfAttn/∂x", dx, "x", engine=dx)]


def layer_steps(graph: Graph, upstream: dict[int, np.ndarray]) -> list[LayerStep]:
    """Every marked layer whose output lies on a path from the output to the requested inputs."""
    found: list[tuple[Tensor, Any]] = []
    for n in graph.order:
        if id(n) in upstream:
            found.extend((n, r) for r in ag.regions(n))
    regions = []
    for out, reg in found:
        inputs = reg.inputs
        stop = {id(t) for t in inputs.values() if t is not None}
        regions.append((out, reg, inputs, _internal(out, stop)))
    steps: list[tuple[int, int, LayerStep]] = []
    position = {id(n): k for k, n in enumerate(graph.order)}
    for out, reg, inputs, inside in regions:
        depth = sum(1 for o2, r2, _, in2 in regions if r2 is not reg and id(out) in in2 and
                    (o2 is not out or r2.serial > reg.serial))
        dy = host_array(upstream[id(out)])  # the layer formulas are evaluated on the host
        step = LayerStep(kind=reg.kind, label=graph.labels[id(out)], depth=depth,
                         inputs={r: graph.label(t) for r, t in inputs.items() if t is not None},
                         params=dict(reg.params), upstream=dy)
        up = region_backward(graph, out, inside, upstream[id(out)])  # the engine's VJPs, on its device
        rule = RULES.get(reg.kind)
        if rule is not None:
            step.forward, step.backward = rule(_values(inputs), reg.params, dy)
            _attach_engine(step, inputs, up)
        elif reg.kind == "transformer_encoder_layer":
            step.backward = _residual_terms(reg.params, up, inputs.get("x"))
        steps.append((position[id(out)], reg.serial, step))
    steps.sort(key=lambda s: (-s[0], -s[1]))
    return [s for _, _, s in steps]


def _attach_engine(step: LayerStep, inputs: dict[str, Tensor | None], up: dict[int, np.ndarray]) -> None:
    """Set each gradient term's ``engine``; where one tensor plays several roles (self-attention: query =
    key = value), add its total, the sum of the roles' terms, next to the engine's single gradient."""
    by_tensor: dict[int, list[Term]] = {}
    for t in step.backward:
        x = inputs.get(t.role) if t.role else None
        if x is None or not x.requires_grad:
            continue
        by_tensor.setdefault(id(x), []).append(t)
    for tid, terms in by_tensor.items():
        engine = up.get(tid)
        if engine is None:
            continue
        if len(terms) == 1:
            terms[0].engine = host_array(engine)
            continue
        label = step.inputs[terms[0].role or ""]
        total = sum((t.value for t in terms[1:]), terms[0].value)
        step.backward.append(Term(f"∂L/∂{label}", " + ".join(t.name for t in terms), host_array(total),
                                  terms[0].role, host_array(engine)))


__all__ = ["LayerStep", "layer_steps", "region_backward"]
