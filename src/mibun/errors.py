"""The MibunError hierarchy.

Every error a user can cause is a ``MibunError`` whose message says what was wrong, where, and what
to do. Each subclass is also a subclass of the matching built-in exception, so ``except ValueError``
keeps working.
"""

from __future__ import annotations


class MibunError(Exception):
    """Base class of every error mibun raises on bad input."""


class ParseError(MibunError, ValueError):
    """Text that could not be parsed into an expression (carries ``position`` and ``hint``)."""

    def __init__(self, message: str, position: int | None = None, hint: str | None = None):
        self.position = position
        self.hint = hint
        full = message
        if position is not None:
            full += f" (at position {position})"
        if hint:
            full += f" — {hint}"
        super().__init__(full)


class ShapeError(MibunError, ValueError):
    """Shapes that do not fit together (names the op and the shapes)."""


class DTypeError(MibunError, TypeError):
    """A dtype mibun cannot differentiate (object, strings, …)."""


class GraphError(MibunError, RuntimeError):
    """A misuse of the recorded graph (backward through a freed graph, non-scalar backward, …)."""


class NotDifferentiableError(MibunError, ValueError):
    """A point where the function has no derivative (left and right derivatives differ)."""

    def __init__(self, message: str, left: float | None = None, right: float | None = None):
        self.left = left
        self.right = right
        super().__init__(message)


class DomainError(MibunError, ValueError):
    """The function is not defined (NaN/inf/complex) where it must be evaluated."""


class InputError(MibunError, TypeError):
    """An argument of the wrong kind (not callable, not a number, unknown option, …)."""


__all__ = [
    "MibunError",
    "ParseError",
    "ShapeError",
    "DTypeError",
    "GraphError",
    "NotDifferentiableError",
    "DomainError",
    "InputError",
]
