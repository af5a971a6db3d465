"""Argument checks shared by the reduction functions."""

from __future__ import annotations

from mibun.errors import ShapeError


def check_axis(name: str, x, axis) -> None:
    """Raise ShapeError naming the op when ``axis`` does not exist in ``x``."""
    if axis is None:
        return
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    nd = x.ndim
    for a in axes:
        if not isinstance(a, int) and not hasattr(a, "__index__"):
            raise ShapeError("engine.err.axis_int_tuple_ints", name=name, a=a)
        if not -max(nd, 1) <= int(a) < max(nd, 1):
            raise ShapeError("engine.err.reduce_axis_out_of_range", name=name, a=a, shape=x.shape, nd=nd, last=nd - 1)
