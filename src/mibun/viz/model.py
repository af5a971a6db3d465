"""What a drawing of the computational graph shows, independent of how it is drawn: value nodes
(tensors, with data and ∂output/∂node), op nodes, edges, and which of them lie on the highlighted
path(s) from the output to chosen inputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mibun.autodiff import graph as ag
from mibun.autodiff.backward import backprop
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError
from mibun.explain.render import op_title
from mibun.explain.walk import Graph, seed_for
from mibun.i18n import t


@dataclass
class Node:
    id: str
    kind: str                 # "value" (a tensor of the graph), "const" (a constant input) or "op"
    lines: list[str]
    highlighted: bool = False
    param: bool = False       # a leaf that requires grad (a parameter or an input being differentiated)
    output: bool = False


@dataclass
class Model:
    nodes: list[Node]
    edges: list[tuple[str, str, bool]]     # (from id, to id, highlighted)
    title: str
    legend: str = ""
    by_id: dict[str, Node] = field(default_factory=dict)

    def __post_init__(self):
        self.by_id = {n.id: n for n in self.nodes}


def _short(a: Any, lang: str, *, grad: bool = False) -> str:
    a = np.asarray(a)
    key = "viz.grad" if grad else "viz.data"
    word = t(key, lang)
    if a.size == 1:
        v = float(a.reshape(()).real) if a.dtype.kind != "b" else float(a.reshape(()))
        return f"{word} {v:.4g}"
    norm = float(np.linalg.norm(np.asarray(a, dtype=np.float64).ravel()))
    shape = "×".join(str(s) for s in a.shape)
    return f"{word} [{shape}] ‖·‖={norm:.4g}"


def build(output: Tensor, highlight: Any = None, lang: str = "en") -> Model:
    graph = Graph(output, lang)
    from mibun import budget

    budget.check_size(len(graph.order), budget.MAX_NODES, "reliability.what.nodes")  # before drawing
    out_label = graph.labels[id(output)]
    targets: list[Tensor] = []
    if highlight is not None:
        items = list(highlight) if isinstance(highlight, (list, tuple)) else [highlight]
        for x in items:
            if not isinstance(x, Tensor) or id(x) not in graph.ids:
                raise InputError("viz.err.highlight", lang=lang, out=out_label, kind=type(x).__name__ if not
                                   isinstance(x, Tensor) else (x.name or "tensor"))
            targets.append(x)
    rel = graph.reaching(targets) if targets else set()
    grads = backprop(output, seed_for(output), targets=graph.order, retain_graph=True)
    nodes: list[Node] = []
    edges: list[tuple[str, str, bool]] = []
    consts: dict[int, str] = {}
    for n, g in zip(graph.order, grads, strict=False):
        vid = f"v{id(n)}"
        lab = graph.labels[id(n)]
        lines = [lab, _short(n.data, lang)]
        lines.append(_short(np.zeros_like(n.data) if g is None else g, lang, grad=True))
        op = ag.op(n)
        nodes.append(Node(vid, "value", lines, highlighted=id(n) in rel, param=op is None,
                          output=n is output))
        if op is None:
            continue
        oid = f"o{id(n)}"
        sym = op.symbol or op.name  # the op's spec says how it is drawn
        title = op_title(op.name, lang)
        nodes.append(Node(oid, "op", [sym] if title == sym else [sym, title], highlighted=id(n) in rel))
        edges.append((oid, vid, id(n) in rel))
        for k, p in enumerate(n.inputs):
            if isinstance(p, Tensor) and id(p) in graph.ids:
                edges.append((f"v{id(p)}", oid, id(p) in rel and id(n) in rel))
                continue
            # a constant operand: a Tensor that does not require grad, or a raw number/array
            key = id(p) if isinstance(p, Tensor) else id(n) * 31 + k
            if key not in consts:
                cid = f"c{len(consts)}_{key}"
                consts[key] = cid
                data = p.data if isinstance(p, Tensor) else np.asarray(p)
                nodes.append(Node(cid, "const", [graph.label(p), _short(data, lang)] if data.size > 1
                                  else [graph.label(p)]))
            edges.append((consts[key], oid, False))
    legend = ""
    if targets:
        legend = t("viz.legend_path", lang, out=out_label,
                   targets=", ".join(graph.labels[id(x)] for x in targets))
    return Model(nodes, edges, t("viz.title", lang, out=out_label), legend)


__all__ = ["Node", "Model", "build"]
