"""``check_backprop(forward, params, student_grads)``: a student's hand-written backward pass, checked against
mibun's automatic differentiation parameter by parameter, with the likely slip named for a learner:
transposed, missing sum over the batch, wrong sign, missing activation derivative, off by a factor (such as
1/B).

    report = mb.check_backprop(lambda W, b: loss(W, b), {"W": W, "b": b}, {"W": dW, "b": db})
    report.ok; print(report.text("ko"))

Each slip is recognised by *producing* it from the right gradient (its transpose, its negative, the gradient
of a backward pass with the activation's derivative replaced by 1, …) and comparing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mibun.errors import InputError
from mibun.i18n import resolve_lang, t
from mibun.report import Heading, Para, Record, Report, Table, TableBlock, fmt_sci, words

#: elementwise activations whose derivative a student may leave out (the engine's op names)
ACTIVATIONS = ("tanh", "sigmoid", "relu", "leaky_relu", "softplus", "exp")


@dataclass
class BackpropRow(Record):
    """One parameter: its ``name``, ``shape``, largest absolute error, ``verdict`` ("ok", "wrong" or "missing"),
    and the ``slip`` (a key of ``answers.bp.slip.*`` or None) with its ``fields``."""

    name: str
    shape: tuple
    max_error: float
    verdict: str
    slip: str | None = None
    fields: dict = field(default_factory=dict)

    _dict_skip = ("fields",)  # the JSON: name, shape, max_error (null when missing), verdict, slip, slip_text

    @words()
    def verdict_text(self, lang: str | None = None) -> str:
        """"ok", "wrong" or "missing" in words, in ``lang`` (the table's verdict cell)."""
        return t(f"answers.bp.{self.verdict}", lang)

    @words()
    def slip_text(self, lang: str | None = None) -> str:
        return t(f"answers.bp.slip.{self.slip}", lang, **self.fields) if self.slip else ""


class _Table(Table):
    first_left = True


@dataclass
class BackpropReport(Report):
    """The check of a backward pass: ``rows`` (one per parameter), ``ok`` (all correct), ``reference`` (the
    right gradients)."""

    rows: list[BackpropRow]
    reference: dict[str, np.ndarray]
    lang: str = "en"

    # -- the JSON: ok, the rows (each a record: its words in the same language), the summary, lang
    _dict_fields = ("rows",)
    _dict_also = ("ok",)
    _dict_lang = True

    @property
    def ok(self) -> bool:
        return all(r.verdict == "ok" for r in self.rows)

    def __bool__(self) -> bool:
        return self.ok

    def __getitem__(self, name: str) -> BackpropRow:
        for r in self.rows:
            if r.name == name:
                return r
        raise KeyError(name)

    columns = ("param", "shape", "maxerr", "verdict", "slip")

    def table(self, lang: str | None = None) -> list[list[str]]:
        """The rows as text in ``lang``: name, shape, largest error, verdict, likely slip."""
        lang = resolve_lang(lang or self.lang)
        return [[r.name, "×".join(map(str, r.shape)) or "()", fmt_sci(r.max_error) if np.isfinite(r.max_error)
                 else "—", r.verdict_text(lang), r.slip_text(lang)] for r in self.rows]

    @words()
    def summary(self, lang: str | None = None) -> str:
        lang = resolve_lang(lang or self.lang)
        bad = sum(r.verdict != "ok" for r in self.rows)
        if not bad:
            err = max((r.max_error for r in self.rows), default=0.0)
            return t("answers.bp.all_ok", lang, n=len(self.rows), err=fmt_sci(err))
        return t("answers.bp.some_bad", lang, bad=bad, n=len(self.rows))

    def blocks(self, lang: str) -> list:
        """A gradient-check table named for a learner, then the summary (rendered by mibun.report)."""
        tab = _Table([f"answers.bp.col.{c}" for c in self.columns], self.table(lang))
        return [Heading(t("answers.bp.title", lang)), TableBlock(tab), Para(self.summary(lang), strong=True)]


def check_backprop(forward: Callable[..., Any], params: Mapping[str, Any], student_grads: Mapping[str, Any],
                   lang: str | None = None, rtol: float = 1e-4, atol: float = 1e-6) -> BackpropReport:
    """Compare ``student_grads`` with the gradients of ``forward(**params)`` (a scalar loss) by mibun's engine.
    ``params`` and ``student_grads`` are dicts of arrays keyed by the same names (the data is closed over by
    ``forward``)."""
    lang = resolve_lang(lang)
    if not isinstance(params, Mapping) or not isinstance(student_grads, Mapping):
        raise InputError("answers.err.params", lang=lang, names="—")
    names = list(params)
    unknown = sorted(set(student_grads) - set(names))
    if unknown:
        raise InputError("answers.err.params", lang=lang, names=", ".join(unknown))
    arrays = {k: np.array(params[k], dtype=np.float64) for k in names}
    ref = _gradients(forward, arrays)
    assert ref is not None
    alts = {act: g for act in ACTIVATIONS if (g := _gradients(forward, arrays, skip=act)) is not None
            and any(not np.allclose(g[k], ref[k], rtol=1e-12, atol=0) for k in names)}
    rows = []
    for k in names:
        r = ref[k]
        if k not in student_grads:
            rows.append(BackpropRow(k, r.shape, float("nan"), "missing"))
            continue
        s = np.asarray(student_grads[k], dtype=np.float64)
        rows.append(_row(k, s, r, {a: g[k] for a, g in alts.items()}, rtol, atol))
    return BackpropReport(rows, ref, lang)


def _gradients(forward, arrays: dict[str, np.ndarray], skip: str | None = None) -> dict[str, np.ndarray] | None:
    """The gradients of forward(**arrays); with ``skip``, the backward pass treats that op's derivative as 1."""
    import mibun as mb
    from mibun.autodiff.backward import backprop

    tensors = {k: mb.tensor(v, requires_grad=True) for k, v in arrays.items()}
    loss = forward(**tensors)
    if not isinstance(loss, mb.Tensor) or int(np.prod(loss.shape)) != 1:
        raise InputError("answers.err.forward", shape=getattr(loss, "shape", type(loss).__name__))
    overrides = None
    if skip is not None:
        from mibun.autodiff.registry import REGISTRY

        if skip not in REGISTRY:
            return None
        n = len(REGISTRY[skip].vjps)
        overrides = {skip: tuple(_identity for _ in range(n))}
    gs = backprop(loss, targets=list(tensors.values()), overrides=overrides) or []
    out = {}
    for k, g in zip(tensors, gs, strict=True):
        out[k] = np.zeros_like(arrays[k]) if g is None else np.asarray(getattr(g, "data", g), dtype=np.float64)
    return out


def _identity(ns, g, out, *args, **params):
    return g


def _close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    if a.shape != b.shape:
        return False
    scale = max(1.0, float(np.max(np.abs(b)))) if b.size else 1.0
    return bool(np.allclose(a, b, rtol=rtol, atol=atol * scale))


def _row(name, s, r, alts, rtol, atol) -> BackpropRow:
    def row(slip, err=None, **fields):
        e = float(np.max(np.abs(s - r))) if err is None and s.shape == r.shape and s.size else (err or float("nan"))
        return BackpropRow(name, r.shape, e, "wrong", slip, fields)

    if s.shape != r.shape:
        if s.ndim == 2 and s.T.shape == r.shape and _close(s.T, r, rtol, atol):
            return row("transposed")
        if s.ndim == r.ndim + 1 and s.shape[1:] == r.shape:
            if _close(s.sum(axis=0), r, rtol, atol):
                return row("missing_batch_sum")
            if _close(s.mean(axis=0), r, rtol, atol):
                return row("missing_batch_sum")
        if s.size == r.size and _close(s.reshape(r.shape), r, rtol, atol):
            return BackpropRow(name, r.shape, 0.0, "wrong", "shape", {"got": s.shape, "want": r.shape})
        return row("shape", float("nan"), got=s.shape, want=r.shape)
    err = float(np.max(np.abs(s - r))) if s.size else 0.0
    if _close(s, r, rtol, atol):
        return BackpropRow(name, r.shape, err, "ok")
    if s.ndim == 2 and s.shape[0] == s.shape[1] and _close(s, r.T, rtol, atol):
        return row("transposed")
    if _close(s, -r, rtol, atol):
        return row("wrong_sign")
    for act, g in alts.items():
        if _close(s, g, rtol, atol):
            return row("missing_activation", act=act)
    rr = float(np.vdot(r, r))
    if rr > 0:
        c = float(np.vdot(s, r)) / rr
        if abs(c - 1) > 1e-6 and _close(s, c * r, rtol, atol):
            if 0 < c < 1 and abs(1 / c - round(1 / c)) < 1e-6 * (1 / c):
                k = round(1 / c)
                return row("factor_batch", factor=f"1/{k}", k=k)
            if c > 1 and abs(c - round(c)) < 1e-6 * c:
                return row("factor", factor=str(round(c)))
            return row("factor", factor=f"{c:.4g}")
    return row("unknown")


__all__ = ["check_backprop", "BackpropReport", "BackpropRow", "ACTIVATIONS"]
