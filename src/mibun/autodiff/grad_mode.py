"""Whether operations record a graph: ``no_grad()``, ``enable_grad()``, ``set_grad_enabled(b)``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _GradState:
    __slots__ = ("enabled",)

    def __init__(self) -> None:
        self.enabled = True


STATE = _GradState()


def is_grad_enabled() -> bool:
    """True when new operations are recorded for backward."""
    return STATE.enabled


class set_grad_enabled:  # noqa: N801 - a context manager named like PyTorch's
    """Context manager (and decorator) that turns recording on or off."""

    def __init__(self, mode: bool) -> None:
        self.mode = bool(mode)
        self.prev = STATE.enabled
        STATE.enabled = self.mode

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        STATE.enabled = self.prev


class _Switch:
    mode = True

    def __enter__(self) -> None:
        self.prev = STATE.enabled
        STATE.enabled = self.mode

    def __exit__(self, *exc: object) -> None:
        STATE.enabled = self.prev

    def __call__(self, fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.__class__():
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


class no_grad(_Switch):  # noqa: N801
    """``with mb.no_grad(): ...`` — operations inside record nothing (results have requires_grad False)."""

    mode = False


class enable_grad(_Switch):  # noqa: N801
    """``with mb.enable_grad(): ...`` — recording on, even inside ``no_grad``."""

    mode = True


__all__ = ["STATE", "is_grad_enabled", "set_grad_enabled", "no_grad", "enable_grad"]
