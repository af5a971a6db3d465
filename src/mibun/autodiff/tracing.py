"""Which variables the running transforms (``grad``, ``jacobian``, ``jvp``, …) differentiate with
respect to. Kept apart so that ``tensor.py`` can ask "is a transform tracing this?" without importing
the transforms."""

from __future__ import annotations

import weakref
from typing import Any

#: id -> the fresh variable of a transform that is still running (weak: a variable nobody holds is gone)
ACTIVE: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()


def tracing() -> bool:
    """True while a transform is running (its function is being traced)."""
    return len(ACTIVE) > 0


__all__ = ["ACTIVE", "tracing"]
