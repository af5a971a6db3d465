"""An ``Explanation``'s parts as the report layer's records (``mibun.report.Record``): what its JSON holds per
step, edge, pattern, target, path and layer. Arrays are ``Summary``s (shape, dtype and values, or statistics
when large); the words — an op's title, an edge's rule, a pattern's description, a layer's name and note —
are ``@words`` methods that call the same functions the blocks call (``render.py``, ``layer_render.py``), in
the requested language."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from mibun.explain.render import SMALL, _pattern_words, op_title, rule_text
from mibun.i18n import catalogue
from mibun.report import Record, Summary, words


def _summary(a: Any, limit: int = SMALL) -> Summary | None:
    return None if a is None else Summary(a, limit)


def _finite_or_text(v: float) -> float | str:
    """A largest error: the number, or "nan"/"inf" as text (how explanations have always written it)."""
    v = float(v)
    return v if math.isfinite(v) else str(v)


@dataclass(frozen=True)
class EdgeView(Record):
    """One input edge of an op: its rule (the catalogue's words in ``lang``, and the registry's), local
    factor, Jacobian or other matrix operand ("times"), and contribution."""

    op: str | None
    edge: Any

    _dict_fields = ("input", "index", "rule_registry", "rule_latex", "local", "jacobian", "times", "contribution",
                    "broadcast_summed")
    input = property(lambda self: self.edge.input)
    index = property(lambda self: self.edge.index)
    rule_registry = property(lambda self: self.edge.rule)
    rule_latex = property(lambda self: self.edge.rule_latex)
    local = property(lambda self: _summary(self.edge.local))
    jacobian = property(lambda self: _summary(self.edge.jacobian, 16))
    contribution = property(lambda self: Summary(self.edge.contribution))
    broadcast_summed = property(lambda self: self.edge.broadcast_summed)

    @property
    def times(self) -> dict[str, Any] | None:
        other = self.edge.other
        if other is None:
            return None
        return {"label": other[0], "value": Summary(other[1]), "side": "right" if self.edge.index == 0 else "left"}

    @words()
    def rule(self, lang: str | None = None) -> str:
        return rule_text(self.op, self.edge, lang or "en")


@dataclass(frozen=True)
class StepView(Record):
    """One node on a path: label, op (and its title in ``lang``), expression, value, upstream gradient, the
    contributions summed into it ("parts") and its input edges."""

    step: Any

    _dict_fields = ("label", "op", "expression", "shape", "value", "upstream", "is_leaf", "is_wrt", "parts",
                    "edges")
    label = property(lambda self: self.step.label)
    op = property(lambda self: self.step.op)
    expression = property(lambda self: self.step.expression)
    shape = property(lambda self: self.step.shape)
    value = property(lambda self: Summary(self.step.value))
    upstream = property(lambda self: Summary(self.step.upstream))
    is_leaf = property(lambda self: self.step.is_leaf)
    is_wrt = property(lambda self: self.step.is_wrt)
    parts = property(lambda self: [{"from": src, "contribution": Summary(v)} for src, v in self.step.parts])
    edges = property(lambda self: [EdgeView(self.step.op, e) for e in self.step.edges])

    @words()
    def op_title(self, lang: str | None = None) -> str:
        return op_title(self.step.op, lang or "en")


@dataclass(frozen=True)
class PatternView(Record):
    """A recognised composite pattern: kind, where, its description in ``lang``, formula and values."""

    pattern: Any

    _dict_fields = ("kind", "at", "formula", "formula_latex", "values")
    kind = property(lambda self: self.pattern.kind)
    at = property(lambda self: self.pattern.at)
    formula = property(lambda self: self.pattern.formula)
    formula_latex = property(lambda self: self.pattern.formula_latex)
    values = property(lambda self: {k: Summary(v) for k, v in self.pattern.values.items()})

    @words()
    def description(self, lang: str | None = None) -> str:
        return _pattern_words(self.pattern, lang or "en")


@dataclass(frozen=True)
class TargetView(Record):
    """One requested input: the gradient as the sum over paths, the engine's, whether they match, the paths."""

    target: Any

    _dict_fields = ("label", "shape", "gradient", "engine", "matches", "max_error", "n_paths", "paths")
    label = property(lambda self: self.target.label)
    shape = property(lambda self: self.target.shape)
    gradient = property(lambda self: Summary(self.target.gradient))
    engine = property(lambda self: Summary(self.target.engine))
    matches = property(lambda self: self.target.matches)
    max_error = property(lambda self: _finite_or_text(self.target.max_error))
    n_paths = property(lambda self: self.target.n_paths)

    @property
    def paths(self) -> list[dict[str, Any]] | None:
        if self.target.paths is None:
            return None
        return [{"nodes": p.nodes, "contribution": Summary(p.contribution)} for p in self.target.paths]


def _plain(v: Any) -> Any:
    """A layer's parameter for JSON: numbers, text, lists of numbers, arrays (masks, running statistics)."""
    if isinstance(v, (bool, int, float, str)) or v is None:
        return v
    if isinstance(v, (tuple, list)) and all(isinstance(x, (int, float)) for x in v):
        return list(v)
    if isinstance(v, np.ndarray):
        return Summary(v)
    return None


@dataclass(frozen=True)
class LayerView(Record):
    """One layer (``level="layer"``): kind and name in ``lang``, inputs, parameters, upstream gradient, the
    forward and backward terms (each backward term next to the engine's), and its note in ``lang``."""

    layer: Any

    _dict_fields = ("kind", "label", "depth", "inputs", "upstream", "matches", "params", "forward", "backward")
    kind = property(lambda self: self.layer.kind)
    label = property(lambda self: self.layer.label)
    depth = property(lambda self: self.layer.depth)
    inputs = property(lambda self: dict(self.layer.inputs))
    upstream = property(lambda self: Summary(self.layer.upstream))
    matches = property(lambda self: self.layer.matches)
    params = property(lambda self: {k: p for k, v in self.layer.params.items() if (p := _plain(v)) is not None})
    forward = property(lambda self: [{"name": x.name, "formula": x.formula, "value": Summary(x.value)}
                                     for x in self.layer.forward])

    @property
    def backward(self) -> list[dict[str, Any]]:
        return [{"name": x.name, "formula": x.formula, "value": Summary(x.value), "role": x.role,
                 "engine": _summary(x.engine), "matches": x.matches, "max_error": x.max_error}
                for x in self.layer.backward]

    @words()
    def name(self, lang: str | None = None) -> str:
        from mibun.explain.layer_render import layer_name

        return layer_name(self.layer.kind, lang or "en")

    @words()
    def note(self, lang: str | None = None) -> str:
        return catalogue(lang or "en").get(f"explain.layer.note.{self.layer.kind}", "")


__all__ = ["StepView", "EdgeView", "PatternView", "TargetView", "LayerView"]
