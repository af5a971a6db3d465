"""Named regions of the recorded graph: "these ops were one LayerNorm", so that explanations can speak
at the level of layers as well as of primitive ops.

A layer's forward marks its result once it is computed::

    y = d / F.sqrt(var + eps) * weight + bias
    mark_region("layer_norm", y, {"x": x, "weight": weight, "bias": bias}, axes=axes, eps=eps)

The region is the set of recorded ops between its inputs (by role) and its output. Nothing is marked
when the output was not recorded (no input requires grad, or ``no_grad``). The engine itself never reads
regions: they are annotations kept beside the graph (dropped with the output), so
backward is unchanged and a layer call costs one small record. A region holds its input tensors (a
data batch that does not require grad is not kept by the graph itself) until its output is freed.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mibun.autodiff.tensor import Tensor


@dataclass(eq=False)
class Region:
    """One marked layer: ``kind`` (e.g. "layer_norm", "attention"), its inputs by role (Tensors or
    None, e.g. a missing bias), its parameters (eps=, scale=, mask arrays, …) and a serial number
    (regions marked later — enclosing layers — have larger ones)."""

    kind: str
    serial: int
    params: dict[str, Any] = field(default_factory=dict)
    _inputs: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def inputs(self) -> dict[str, Tensor | None]:
        """The input tensors by role (None where the role is empty)."""
        return dict(self._inputs)


_REGIONS: dict[int, list[Region]] = {}
_REFS: dict[int, weakref.ref] = {}
_SERIAL = itertools.count(1)


def _drop(key: int) -> None:
    _REGIONS.pop(key, None)
    _REFS.pop(key, None)


def _dropper(key: int) -> Callable[[weakref.ref], None]:
    return lambda _ref: _drop(key)


def mark_region(kind: str, output: Any, inputs: dict[str, Any], **params: Any) -> Any:
    """Record that ``output`` is the result of one layer of ``kind`` applied to ``inputs`` (role →
    Tensor, or None); ``params`` are the layer's constants. Returns ``output``. Does nothing when the
    output was not recorded."""
    if not (isinstance(output, Tensor) and output.requires_grad and output._op is not None):
        return output
    key = id(output)
    if _REFS.get(key) is None or _REFS[key]() is not output:
        _REGIONS[key] = []
        _REFS[key] = weakref.ref(output, _dropper(key))
    held = {role: (t if isinstance(t, Tensor) else None) for role, t in inputs.items()}
    _REGIONS[key].append(Region(kind, next(_SERIAL), dict(params), held))
    return output


def regions(node: Any) -> list[Region]:
    """The regions whose output is ``node``, innermost first (a Linear inside MultiheadAttention can end
    where the attention ends)."""
    key = id(node)
    ref = _REFS.get(key)
    if ref is None or ref() is not node:
        return []
    return list(_REGIONS.get(key, ()))


__all__ = ["Region", "mark_region", "regions"]
