"""Which variables the running transforms (``grad``, ``jacobian``, ``jvp``, …) differentiate with
respect to. Kept apart so that ``tensor.py`` can ask "is a transform tracing this?" without importing
the transforms."""

from __future__ import annotations

from typing import Any

#: id -> the variable of a transform whose function is running now (set and cleared around the call)
ACTIVE: dict[int, Any] = {}


def tracing() -> bool:
    """True while a transform is running (its function is being traced)."""
    return len(ACTIVE) > 0


__all__ = ["ACTIVE", "tracing"]
