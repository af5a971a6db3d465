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
            raise ShapeError(f"{name}: axis must be an int or a tuple of ints, got {a!r}")
        if not -max(nd, 1) <= int(a) < max(nd, 1):
            raise ShapeError(f"{name}: axis {a} is out of range for a tensor of shape {x.shape} "
                             f"({nd} axes: use 0..{nd - 1} or -{nd}..-1)")
