"""One numerical-derivative problem: f sampled around a point x, each point evaluated once.

``Point(g, x, f(x))`` caches f(x + offset); ``quotient(n, kind)`` is the difference quotient
D(h) = Σ wᵢ f(x + sᵢh)/hⁿ of a stencil with its rounding error 4ε·Σ|wᵢ f(x + sᵢh)|/hⁿ; ``find_step`` finds
the first step (h₀, then shorter) whose stencil stays inside f's domain.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from mibun.numeric.evaluation import Counter
from mibun.numeric.extrapolation import EPS
from mibun.numeric.stencils import stencil


class Point:
    """One derivative problem: g(t) (a Counter over a scalar→array function) at the point x."""

    def __init__(self, g: Counter, x: float, fx: np.ndarray):
        self.g, self.x, self.fx = g, x, fx
        self.cache: dict[float, np.ndarray] = {0.0: fx}
        self.notes: list[tuple[str, dict]] = []

    def at(self, offset: float) -> np.ndarray:
        """f(x + offset), each point evaluated (and counted) once."""
        if offset not in self.cache:
            self.cache[offset] = self.g.real(self.x + offset)
        return self.cache[offset]

    def step(self, h: float) -> float:
        """h adjusted so that x + h is exactly representable (h = (x + h) − x)."""
        return (self.x + h) - self.x

    def quotient(self, n: int, kind: str) -> Callable[[float], tuple[np.ndarray, np.ndarray]]:
        offs, ws = stencil(n, kind)

        def q(h: float):
            h = self.step(h)  # so that x ± s·h are the points actually evaluated (h₀/2ᵏ may not be)
            vals = [self.at(s * h) for s in offs]
            d = sum(w * v for w, v in zip(ws, vals, strict=True)) / h ** n
            eps = self.g.eps
            r = 4 * eps * sum(abs(w) * np.abs(v) for w, v in zip(ws, vals, strict=True)) / h ** n
            if eps > EPS and n == 1:  # a low-precision f also rounds its input x + sh: error ≈ f'·ε·|x|
                r = r + 4 * eps * abs(self.x) * np.abs(d) * sum(abs(w) for w in ws) / h
            return d, r

        return q

    def defined(self, n: int, kind: str, h: float) -> bool:
        offs, _ = stencil(n, kind)
        return all(np.all(np.isfinite(self.at(s * h))) for s in offs)

    def scale(self) -> np.ndarray:
        """A size for f'(x) when it is 0: the largest |f| seen so far over max(1, |x|)."""
        vals = [np.abs(v) for v in self.cache.values() if np.all(np.isfinite(v))]
        return np.max(vals, axis=0) / max(1.0, abs(self.x))


def base_step(x: float) -> float:
    return 0.5 * max(1.0, abs(x)) ** 0.5 if abs(x) < 1e8 else 1e-4 * abs(x)


def find_step(p: Point, n: int, kind: str, h0: float) -> float | None:
    """The first step (h₀, then shorter) at which the stencil stays inside f's domain."""
    h = p.step(h0)
    for _ in range(6):
        if h > 0 and p.defined(n, kind, h):
            return h
        h = p.step(abs(p.x) / 2 if (p.x != 0 and abs(p.x) < h) else h / 8)
    return None


__all__ = ["Point", "base_step", "find_step"]
