"""``mb.explain``: the chain rule along a recorded graph, rule by rule, with the numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mibun.autodiff import graph as ag
from mibun.autodiff.backward import backprop
from mibun.autodiff.devices import host_array
from mibun.autodiff.tensor import Tensor
from mibun.errors import GraphError, InputError
from mibun.explain.layers import LayerStep, layer_steps
from mibun.explain.patterns import Pattern, find_patterns
from mibun.explain.walk import Graph, Step, Target, backward_steps, count_paths, enumerate_paths, seed_for
from mibun.i18n import resolve_lang
from mibun.nn.module import Module
from mibun.report import Report, Summary
from mibun.report.document import Block

#: more paths than this to one input are not listed one by one (the per-node sums still are)
MAX_PATHS = 256


@dataclass(repr=False, eq=False)
class Explanation(Report):
    """The chain rule as the engine applied it, from the output back to the requested inputs.

    ``steps``: one ``Step`` per tensor on a path (newest first) with its upstream gradient ∂L/∂node,
    the contributions summed into it where the graph branches, and per input edge the op's rule, the
    local factor and the contribution. ``targets``: per requested input the gradient as the sum over
    paths (``paths``, each the product of its local steps) next to the engine's own. ``patterns``:
    composite patterns recognised (softmax + cross-entropy, linear layers, …).
    """

    output: str
    output_value: np.ndarray
    scalar_output: bool
    steps: list[Step]
    targets: list[Target]
    patterns: list[Pattern]
    lang: str | None = None
    _by_id: dict[int, str] = field(default_factory=dict, repr=False)
    #: "op" (node by node) or "layer" (grouped into the layers that recorded the graph, ``layers``)
    level: str = "op"
    layers: list[LayerStep] = field(default_factory=list)

    # -- numbers
    def target(self, wrt: Any) -> Target:
        """The record of one requested input, by tensor or by label."""
        label = self._by_id.get(id(wrt)) if isinstance(wrt, Tensor) else wrt
        for tg in self.targets:
            if tg.label == label:
                return tg
        known = ", ".join(tg.label for tg in self.targets)
        raise InputError("explain.err.unknown_target", lang=self.lang, name=str(label), known=known)

    def gradient(self, wrt: Any = None) -> np.ndarray | dict[str, np.ndarray]:
        """∂output/∂wrt as the explanation computed it: the sum over paths of the product of local
        factors. ``wrt`` a tensor or label; None gives a dict for all requested inputs."""
        if wrt is None:
            return {tg.label: tg.gradient for tg in self.targets}
        return self.target(wrt).gradient

    @property
    def matches(self) -> bool:
        """Whether every path sum agrees with the engine's backward."""
        return all(tg.matches for tg in self.targets)

    # -- renderings: blocks (explain/blocks.py) through the report layer's one renderer
    _css = "mibun-explain"
    _latex_env = "aligned"

    def blocks(self, lang: str) -> list[Block]:
        """Node by node (``explain/blocks.py``) or, at ``level="layer"``, layer by layer
        (``explain/layer_render.py``)."""
        if self.level == "layer":
            from mibun.explain.layer_render import layer_blocks

            return layer_blocks(self, lang)
        from mibun.explain.blocks import explanation_blocks

        return explanation_blocks(self, lang)

    def layer(self, kind: str, k: int = 0) -> LayerStep:
        """The ``k``-th layer of ``kind`` ("layer_norm", "attention", …) in backward order
        (``level="layer"``)."""
        found = [s for s in self.layers if s.kind == kind]
        if k >= len(found):
            raise InputError("explain.err.no_layer", lang=self.lang, kind=kind,
                             known=", ".join(sorted({s.kind for s in self.layers})) or "-")
        return found[k]

    # -- the JSON (mibun.report's one path): the output and its value, every step, pattern, target and layer
    # as records (explain/views.py: arrays as shape, dtype and values or statistics; the words in the
    # requested language, by the functions the blocks use)
    _dict_fields = ("output", "output_value", "scalar_output", "steps", "patterns", "targets", "level", "layers")
    _dict_names = {"output_value": "value"}
    _dict_lang = True

    def _dict_value(self, name: str, value: Any) -> Any:
        from mibun.explain import views

        if name == "output_value":
            return Summary(value)
        view = {"steps": views.StepView, "patterns": views.PatternView, "targets": views.TargetView,
                "layers": views.LayerView}.get(name)
        return value if view is None else [view(v) for v in value]

    def _repr_latex_(self) -> str:
        return "$$" + self.latex() + "$$"

    def __repr__(self) -> str:
        return (f"<Explanation of {self.output}: {len(self.steps)} steps, "
                f"wrt {', '.join(tg.label for tg in self.targets)}>")


def _wrt_list(graph: Graph, wrt: Any, lang: str | None) -> list[Tensor]:
    if wrt is None:
        leaves = [n for n in graph.order if ag.op(n) is None]
        if not leaves:  # pragma: no cover - an op result requiring grad always has a leaf below
            raise GraphError("explain.err.no_graph", lang=lang)
        return leaves
    items = list(wrt) if isinstance(wrt, (list, tuple)) else [wrt]
    if not items:
        raise InputError("explain.err.wrt_empty", lang=lang)
    out: list[Tensor] = []
    for k, x in enumerate(items):
        if not isinstance(x, Tensor):
            raise InputError("explain.err.wrt_not_tensor", lang=lang, k=k, kind=type(x).__name__)
        if not x.requires_grad:
            raise GraphError("explain.err.wrt_no_grad", lang=lang, name=x.name or f"#{k}")
        if id(x) not in graph.ids:
            raise GraphError("explain.err.wrt_not_in_graph", lang=lang, name=x.name or f"#{k}",
                               out=graph.labels[id(graph.output)])
        if all(x is not y for y in out):
            out.append(x)
    return out


def explain(output: Any, wrt: Any = None, lang: str | None = None, *, max_paths: int = MAX_PATHS,
            level: str = "op") -> Explanation:
    """Explain how backpropagation computes ∂output/∂wrt on the recorded graph of ``output``.

    ``wrt``: a tensor, a list of tensors, a model (``mb.nn.Module``: its parameters, named as in
    ``model.named_parameters()``), or None for every leaf that requires grad (named by
    ``t.name`` where set, else x1, x2, … in the order they are met). Call it before ``backward()`` (or
    after ``backward(retain_graph=True)``): a freed graph cannot be explained. A non-scalar output is
    explained as Σ output (backward from ones). ``lang``: "ko" or "en" (default: $MIBUN_LANG, the
    locale, else English); ``.text(lang)`` etc. can switch later. ``level="layer"`` groups the ops into
    the layers of ``mibun.nn`` that recorded them (LayerNorm, attention, …) and shows each layer's forward
    and backward equations in closed form with their numbers, next to the engine's (``.layers``).
    """
    if lang is not None:
        lang = resolve_lang(lang)
    if level not in ("op", "layer"):
        raise InputError("explain.err.level", lang=lang, level=repr(level))
    names = None
    if isinstance(wrt, Module):  # a model: its parameters, labelled by their names in it ("0.weight", …)
        names = {id(p): n for n, p in wrt.named_parameters()}
    graph = Graph(output, lang, names)
    if names is not None:
        wrt = [p for p in graph.order if id(p) in names and p.requires_grad] or list(wrt.parameters())
    wrt_list = _wrt_list(graph, wrt, lang)
    steps, upstream = backward_steps(graph, wrt_list)
    engine = backprop(output, seed_for(output), targets=wrt_list, retain_graph=True)
    by_label = {s.label: s for s in steps}
    targets = []
    for x, eng in zip(wrt_list, engine, strict=False):
        lab = graph.labels[id(x)]
        rel = graph.reaching([x])
        n_paths = count_paths(graph, x, rel)
        paths = enumerate_paths(graph, x, max_paths)
        step = by_label[lab]
        if paths is not None:
            total = np.zeros_like(x.data)
            for p in paths:
                total = total + p.contribution
        else:
            total = step.upstream
        # the explanation's numbers are read on the host (a device's arrays are copied here, explicitly)
        eng = np.zeros(x.shape, dtype=x.dtype) if eng is None else host_array(eng)
        targets.append(Target(label=lab, shape=tuple(x.shape), value=host_array(x.data), gradient=host_array(total),
                              engine=eng, parts=step.parts, n_paths=n_paths, paths=paths))
    patterns = find_patterns(graph, steps, upstream, wrt_list)
    layers = layer_steps(graph, upstream) if level == "layer" else []
    return Explanation(output=graph.labels[id(output)], output_value=host_array(output.data),
                       scalar_output=output.size == 1, steps=steps, targets=targets, patterns=patterns,
                       lang=lang, _by_id=dict(graph.labels), level=level, layers=layers)


__all__ = ["explain", "Explanation", "MAX_PATHS"]
