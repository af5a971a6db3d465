"""Helpers shared by the fused nn ops."""

from __future__ import annotations

from mibun.errors import GraphError


def F():
    """The differentiable namespace (imported late: it imports the engine)."""
    from mibun.autodiff import functions

    return functions


def no_double(name):
    raise GraphError("nn.err.double_backward", name=name)
