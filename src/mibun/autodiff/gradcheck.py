"""``gradcheck``: reverse-mode derivatives against central differences, in float64.

For each input element j:  (f(x + ε eⱼ) − f(x − ε eⱼ)) / 2ε  vs  the analytic ∂f/∂xⱼ (all outputs).
An element passes when |analytic − numeric| ≤ atol + rtol·|numeric|.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mibun.autodiff.grad_mode import no_grad
from mibun.autodiff.tensor import Tensor
from mibun.autodiff.transforms import jacobian
from mibun.errors import InputError
from mibun.i18n import t
from mibun.report import Para, Report, Table, TableBlock, fmt, words
from mibun.report.document import Block


@dataclass(eq=False)
class InputCheck:
    """The comparison for one input."""

    index: int
    shape: tuple[int, ...]
    max_abs_error: float
    max_rel_error: float
    worst: tuple[int, ...]          # (output index…, input index…) of the largest violation
    analytic: float                  # values at the worst element
    numeric: float
    passed: bool


@dataclass(eq=False)
class GradcheckReport(Report):
    """Truthy when every input passes. ``inputs`` holds one InputCheck per checked input."""

    inputs: list[InputCheck] = field(default_factory=list)
    eps: float = 1e-6
    atol: float = 1e-5
    rtol: float = 1e-3

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.inputs)

    def __bool__(self) -> bool:
        return self.passed

    _dict_also = ("passed",)

    def table(self, lang: str | None = None) -> Table:
        """One row per checked input: shape, largest errors, where, the two values there, verdict."""
        rows = [(c.index, str(c.shape), fmt(c.max_abs_error, 3, compact=True), fmt(c.max_rel_error, 3, compact=True),
                 str(c.worst), fmt(c.analytic, 9), fmt(c.numeric, 9),
                 t("gradcheck.ok" if c.passed else "gradcheck.fail", lang))
                for c in self.inputs]
        return Table(["gradcheck.col.input", "gradcheck.col.shape", "gradcheck.col.abs", "gradcheck.col.rel",
                      "gradcheck.col.worst", "gradcheck.col.analytic", "gradcheck.col.numeric",
                      "gradcheck.col.verdict"], rows)

    @words()
    def summary(self, lang: str | None = None) -> str:
        """Passed or failed, with eps, atol and rtol, in ``lang`` (the text's first line)."""
        key = "gradcheck.passed" if self.passed else "gradcheck.failed"
        return t(key, lang, eps=fmt(self.eps, 3), atol=fmt(self.atol, 3), rtol=fmt(self.rtol, 3))

    def blocks(self, lang: str) -> list[Block]:
        return [Para(self.summary(lang), strong=not self.passed), TableBlock(self.table(lang))]

    def __repr__(self) -> str:
        return self.text()


def gradcheck(f: Callable[..., Any], *inputs: Any, eps: float = 1e-6, atol: float = 1e-5,
              rtol: float = 1e-3) -> GradcheckReport:
    """Compare reverse-mode derivatives of ``f`` with central differences at ``inputs`` (converted to
    float64). Non-float inputs (integer targets, …) are passed through and not checked."""
    if not callable(f):
        raise InputError("engine.err.gradcheck_not_callable", type=type(f).__name__)
    if not inputs:
        raise InputError("engine.err.gradcheck_no_input")
    arrays: list[Any] = []
    checked: list[int] = []
    for i, a in enumerate(inputs):
        arr = np.asarray(a.data if isinstance(a, Tensor) else a)
        if arr.dtype.kind == "f":
            arrays.append(arr.astype(np.float64))
            checked.append(i)
        else:
            arrays.append(a)
    if not checked:
        raise InputError("engine.err.gradcheck_no_float")

    def call(vals: list[Any]) -> np.ndarray:
        with no_grad():
            out = f(*[Tensor(v) if k in checked else v for k, v in enumerate(vals)])
        return np.asarray(out.data if isinstance(out, Tensor) else out, dtype=np.float64)

    analytic = jacobian(f, tuple(checked))(*arrays)
    report = GradcheckReport(eps=eps, atol=atol, rtol=rtol)
    out_shape = call(arrays).shape
    for k, i in enumerate(checked):
        x = arrays[i]
        num = np.zeros(out_shape + x.shape)
        for j in range(x.size):
            plus, minus = x.copy(), x.copy()
            plus.flat[j] += eps
            minus.flat[j] -= eps
            vp = list(arrays)
            vp[i] = plus
            vm = list(arrays)
            vm[i] = minus
            d = (call(vp) - call(vm)) / (2 * eps)
            num.reshape(out_shape + (x.size,))[..., j] = d
        ana = np.asarray(analytic[k], dtype=np.float64).reshape(num.shape)
        err = np.abs(ana - num)
        bad = err - (atol + rtol * np.abs(num))
        rel = err / np.maximum(np.maximum(np.abs(num), np.abs(ana)), 1e-12)
        worst = np.unravel_index(int(np.argmax(bad)), num.shape) if num.size else ()
        report.inputs.append(InputCheck(
            index=i, shape=x.shape, max_abs_error=float(err.max(initial=0.0)),
            max_rel_error=float(rel.max(initial=0.0)), worst=tuple(int(w) for w in worst),
            analytic=float(ana[worst]) if num.size else 0.0, numeric=float(num[worst]) if num.size else 0.0,
            passed=bool(np.all(np.isfinite(ana)) and np.all(bad <= 0))))
    return report


__all__ = ["gradcheck", "GradcheckReport", "InputCheck"]
