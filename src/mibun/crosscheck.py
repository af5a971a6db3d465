"""``mb.check``: one derivative computed four ways — symbolic, reverse mode, forward mode, numerical —
in one report, with the agreement stated.

    mb.check("x^2 + 3xy + y - 3", at={"x": 4, "y": -2})    # text, a SymPy expression, or a function
    mb.check(lambda x: mb.tanh(x).sum(), at=np.array([0.1, 0.2]))

Verdict: reverse and forward mode must match the symbolic value (or each other) to ~1e-9 relative; the
numerical value must lie within its own error estimate (with a floor of 1e-7 relative). Any other
outcome is reported as a disagreement, naming the method and the variable.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mibun.errors import InputError
from mibun.i18n import resolve_lang, t
from mibun.report import Math, Para, Report, Table, TableBlock, fmt, fmt_sci, words
from mibun.report.document import Block

EXACT_RTOL = 1e-9
NUMERIC_FLOOR = 1e-7


@dataclass(repr=False, eq=False)
class CheckReport(Report):
    """The derivative of one function at one point, four ways. Truthy when all agree."""

    variables: list[str]
    point: dict[str, Any]
    value: float | np.ndarray
    reverse: list[np.ndarray]
    forward: list[np.ndarray]
    numeric: list[np.ndarray]
    numeric_error: list[np.ndarray]
    symbolic: list[np.ndarray] | None = None
    symbolic_exprs: list[Any] | None = None
    expr: Any = None
    disagreements: list[tuple[str, str, float]] = field(default_factory=list)
    max_rel_diff: float = 0.0
    #: variables at which f has no derivative at the point: (name, left, right, why) — why is "kink",
    #: "jump", "infinite_slope" or "undetermined"; the four methods are not compared there
    not_differentiable: list[tuple[str, Any, Any, str]] = field(default_factory=list)

    @property
    def agree(self) -> bool:
        return not self.disagreements and not self.not_differentiable

    def __bool__(self) -> bool:
        return self.agree

    def methods(self) -> list[tuple[str, list[np.ndarray]]]:
        """(method name, values per variable) for each method that ran: symbolic, automatic, numerical."""
        return self._methods()

    def _methods(self) -> list[tuple[str, list[np.ndarray]]]:
        rows = []
        if self.symbolic is not None:
            rows.append(("symbolic", self.symbolic))
        rows += [("reverse", self.reverse), ("forward", self.forward), ("numeric", self.numeric)]
        return rows

    def table(self) -> Table:
        """One row per variable ∂f/∂v, one column per method, and the numerical error estimate."""
        methods = self._methods()
        rows = [(f"∂f/∂{name}", *(_value(vals[i]) for _, vals in methods),
                 fmt(self.numeric_error[i], 2))
                for i, name in enumerate(self.variables)]
        table = Table(["", *(f"check.method.{m}" for m, _ in methods), "check.numeric_error"], rows)
        table.first_left = True
        return table

    def blocks(self, lang: str) -> list[Block]:
        head = []
        if self.expr is not None:
            head.append(t("check.function", lang, f=str(self.expr)))
        pt = ", ".join(f"{k} = {fmt(v, 12)}" for k, v in self.point.items())
        head.append(t("check.point", lang, point=pt, value=fmt(self.value, 12)))
        if self.not_differentiable:
            return [Para("\n".join(head)), Para(self.verdict(lang), strong=True)]
        out: list[Block] = [Para("\n".join(head)), TableBlock(self.table())]
        if self.symbolic_exprs is not None:
            for name, e in zip(self.variables, self.symbolic_exprs, strict=True):
                out.append(Math(_expr_text(e), _expr_latex(e), label=f"∂f/∂{name} ="))
        out.append(Para(t("check.maxdiff", lang, d=fmt_sci(self.max_rel_diff))))
        out.append(Para(self.verdict(lang), strong=True))
        return out

    @words()
    def verdict(self, lang: str | None = None) -> str:
        """The verdict in ``lang`` (the text's bold lines): all agree, which method disagrees where, or where
        f has no derivative."""
        code = resolve_lang(lang)
        if self.not_differentiable:
            return "\n".join(not_differentiable_text(nd, self.point, code) for nd in self.not_differentiable)
        if self.agree:
            return t("check.agree", code)
        return "\n".join(t("check.disagree", code, method=t(f"check.method.{m}", code), var=v, d=fmt_sci(rel))
                         for m, v, rel in self.disagreements)

    def __repr__(self) -> str:
        return f"<CheckReport {'agree' if self.agree else 'DISAGREE'} max_rel_diff={self.max_rel_diff:.2e}>"

    # -- the JSON (mibun.report's one path): the fields, "expr" written "function" and the formulas as text,
    # the tuples of a disagreement or a missing derivative as named entries
    _dict_fields = ("expr", "point", "value", "variables", "symbolic", "symbolic_exprs", "reverse", "forward",
                    "numeric", "numeric_error", "max_rel_diff", "not_differentiable", "agree", "disagreements")
    _dict_names = {"expr": "function", "symbolic_exprs": "symbolic_formulas"}

    def _dict_value(self, name: str, value: Any) -> Any:
        if name == "expr":
            return None if value is None else str(value)
        if name == "symbolic_exprs":
            return None if value is None else [str(e) for e in value]
        if name == "not_differentiable":
            return [{"variable": n, "left": _json_side(lf), "right": _json_side(rt), "why": w}
                    for n, lf, rt, w in value]
        if name == "disagreements":
            return [{"method": m, "variable": v, "rel_diff": d} for m, v, d in value]
        return value


def _value(v: Any) -> Any:
    a = np.asarray(v, dtype=float)
    return float(a) if a.ndim == 0 else a


def not_differentiable_text(nd: tuple[str, Any, Any, str], point: dict, lang: str) -> str:
    """One line: f has no derivative with respect to ``name`` at the point, and why."""
    name, left, right, why = nd
    at = ", ".join(f"{k} = {fmt(v, 12)}" for k, v in point.items())
    return t(f"check.nondiff.{why}", lang, var=name, at=at, left=_side_text(left), right=_side_text(right))


def _json_side(v: Any) -> Any:
    return None if v is None else float(np.asarray(v).reshape(-1)[0])


def _side_text(v: Any) -> str:
    if v is None:
        return "—"
    return fmt(float(np.asarray(v).reshape(-1)[0]), 10)


def _expr_text(e: Any) -> str:
    from mibun.symbolic.derivation import text_of

    return text_of(e)


def _expr_latex(e: Any) -> str | None:
    try:
        import sympy as sp

        return sp.latex(e)
    except Exception:  # a formula SymPy cannot print in LaTeX: the text form is shown instead
        return None


def _from_expression(expr: Any, at: Any, wrt: Any):
    import sympy as sp

    from mibun.symbolic.compile import compile_expr

    if wrt is not None:
        syms = [sp.Symbol(w) if isinstance(w, str) else w for w in (wrt if isinstance(wrt, (list, tuple)) else [wrt])]
    else:
        syms = sorted(expr.free_symbols, key=lambda s: s.name)
        if isinstance(at, Mapping):  # keep the order the user gave the point in
            order = {name: i for i, name in enumerate(at)}
            syms.sort(key=lambda s: order.get(s.name, len(order)))
    if not syms:
        raise InputError("check.err.no_variable", expr=str(expr))
    if not isinstance(at, Mapping):
        given = np.atleast_1d(np.asarray(at, dtype=float))
        if given.size != len(syms):
            raise InputError("check.err.count", n=len(syms), names=", ".join(map(str, syms)), m=given.size)
        at = {str(s): float(v) for s, v in zip(syms, given, strict=True)}
    missing = [s.name for s in expr.free_symbols if s.name not in at]
    if missing:
        raise InputError("check.err.missing", names=", ".join(sorted(missing)),
                         example="{" + ", ".join(repr(m) + ": 1.0" for m in sorted(missing)) + "}")
    consts = {s: at[s.name] for s in expr.free_symbols if s not in syms}
    expr_v = expr.subs({s: sp.Float(v) for s, v in consts.items()}) if consts else expr
    names = [s.name for s in syms]
    vals: list[np.ndarray] = [np.asarray(float(at[n])) for n in names]
    f_tensor = compile_expr(expr_v, syms, backend="mibun")
    f_numpy = compile_expr(expr_v, syms)
    from mibun.symbolic import diff

    derivs = [diff(expr, s).result for s in syms]  # simplified, and verified against sympy.diff
    subs = {sp.Symbol(k): sp.nsimplify(v) if float(v).is_integer() else sp.Float(v) for k, v in at.items()}
    sym_vals = []
    for d in derivs:
        v = complex(sp.N(d.subs(subs), 17))
        sym_vals.append(np.asarray(v.real if abs(v.imag) < 1e-14 * max(1.0, abs(v.real)) else np.nan))
    return names, vals, f_tensor, f_numpy, sym_vals, derivs, {n: at[n] for n in names}


def _from_callable(f: Callable, at: Any):
    import mibun as mb

    if isinstance(at, Mapping):
        names = list(at)
        vals = [np.asarray(at[n], dtype=float) for n in names]
        try:
            params = inspect.signature(f).parameters
            by_name = all(n in params for n in names)
        except (TypeError, ValueError):
            by_name = False

        def f_tensor(*xs):
            return f(**dict(zip(names, xs, strict=False))) if by_name else f(*xs)
    else:
        names = ["x"]
        vals = [np.asarray(at, dtype=float)]
        f_tensor = f

    def f_numpy(*xs):
        with mb.no_grad():
            out = f_tensor(*[mb.tensor(np.asarray(x, dtype=float)) for x in xs])
        return np.asarray(out.data if isinstance(out, mb.Tensor) else out, dtype=float)

    return names, vals, f_tensor, f_numpy, {n: v for n, v in zip(names, vals, strict=False)}


def _nondifferentiable(names: list[str], vals: list[np.ndarray], f_numpy: Callable) -> list:
    """(name, left, right, why) for each scalar variable along which f has no derivative at the point."""
    from mibun import numeric

    out = []
    for i, (name, v) in enumerate(zip(names, vals, strict=True)):
        if v.size != 1:
            continue

        def along(xi, i=i):
            args = list(vals)
            args[i] = np.asarray(xi, dtype=float).reshape(vals[i].shape)
            return float(np.asarray(f_numpy(*args)).reshape(-1)[0])

        r = numeric.derivative(along, float(v.reshape(-1)[0]), on_kink="flag")
        if r.differentiable is False:
            keys = {k for k, _ in r.notes}
            why = next((w for w in ("jump", "infinite_slope", "undetermined") if f"numeric.note.{w}" in keys), "kink")
            out.append((name, r.left, r.right, why))
    return out


def check(expr_or_f: Any, at: Any, wrt: Any = None, lang: str | None = None) -> CheckReport:
    """The derivative (gradient) of ``expr_or_f`` at ``at``, symbolic (for expressions), reverse mode,
    forward mode and numerical, compared. ``at``: {name: value} or the point itself."""
    import mibun as mb
    from mibun import numeric

    resolve_lang(lang)
    expr = None
    sym_vals = derivs = None
    if isinstance(expr_or_f, str):
        from mibun.symbolic import parse

        expr_or_f = parse(expr_or_f)
    if hasattr(expr_or_f, "free_symbols") and not callable(getattr(expr_or_f, "backward", None)):
        expr = expr_or_f
        names, vals, f_tensor, f_numpy, sym_vals, derivs, point = _from_expression(expr, at, wrt)
    elif callable(expr_or_f):
        names, vals, f_tensor, f_numpy, point = _from_callable(expr_or_f, at)
    else:
        raise InputError("check.err.kind", kind=type(expr_or_f).__name__)

    with np.errstate(all="ignore"):
        f0 = np.asarray(f_numpy(*vals), dtype=float)
    if not np.all(np.isfinite(f0)):
        from mibun.errors import DomainError

        pt = ", ".join(f"{k} = {fmt(v, 12)}" for k, v in point.items())
        raise DomainError("check.err.domain", point=pt, value=_side_text(f0))
    nondiff = _nondifferentiable(names, vals, f_numpy)
    if nondiff:
        return CheckReport(variables=names, point=point, value=f0 if f0.ndim else float(f0), reverse=[],
                           forward=[], numeric=[], numeric_error=[], symbolic=None, symbolic_exprs=derivs,
                           expr=expr, not_differentiable=nondiff)
    argnums = tuple(range(len(vals)))
    with np.errstate(all="ignore"):
        value, rev = mb.value_and_grad(f_tensor, argnums=argnums)(*vals)
    rev = [np.asarray(r, dtype=float) for r in rev]
    fwd = []
    for i, v in enumerate(vals):
        col = np.zeros(v.shape)
        for j in range(max(v.size, 1)):
            tangents = [np.zeros(u.shape) for u in vals]
            tangents[i].reshape(-1)[j] = 1.0
            _, tan = mb.jvp(f_tensor, vals, tangents)
            col.reshape(-1)[j] = float(np.asarray(tan).reshape(-1)[0])
        fwd.append(col)
    num, err = [], []
    for i, v in enumerate(vals):
        def along(xi, i=i, v=v):
            args = list(vals)
            args[i] = np.asarray(xi).reshape(v.shape)
            return f_numpy(*args)

        res = numeric.gradient(along, v.reshape(-1) if v.ndim else v.reshape(1))
        num.append(np.asarray(res.value, dtype=float).reshape(v.shape))
        err.append(np.asarray(res.error, dtype=float).reshape(v.shape))

    report = CheckReport(variables=names, point=point, value=value, reverse=rev, forward=fwd, numeric=num,
                         numeric_error=err, symbolic=sym_vals, symbolic_exprs=derivs, expr=expr)
    ref = sym_vals if sym_vals is not None else rev
    ref_name = "symbolic" if sym_vals is not None else "reverse"
    worst = 0.0
    for i, name in enumerate(names):
        r = np.asarray(ref[i], dtype=float)
        scale = np.maximum(np.abs(r), 1.0)
        for method, vals_m in (("reverse", rev), ("forward", fwd)):
            if method == ref_name:
                continue
            d = float(np.max(np.abs(vals_m[i] - r) / scale))
            worst = max(worst, d)
            if not d <= EXACT_RTOL:
                report.disagreements.append((method, name, d))
        d_abs = np.abs(num[i] - r)
        d = float(np.max(d_abs / scale))
        worst = max(worst, d)
        allowed = np.maximum(3.0 * err[i], NUMERIC_FLOOR * scale)
        if not np.all(d_abs <= allowed):
            # the numeric value disagrees with the reference: blame the exact side if numeric agrees
            # with the other exact method, else the numeric value
            culprit = "numeric"
            if ref_name == "reverse" and np.all(np.abs(num[i] - fwd[i]) <= allowed):
                culprit = "reverse"
            report.disagreements.append((culprit, name, d))
    report.max_rel_diff = worst
    return report


__all__ = ["check", "CheckReport"]
