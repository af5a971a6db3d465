"""Numerical limits lim_{x→x₀} f(x), classified and (for expressions) confirmed by SymPy.

Each requested side is approached geometrically, x = x₀ ± s·10⁻ᵏ (k = 1…8, s = max(1, |x₀|)), never at x₀
itself; for x₀ = ±∞ the points are x = ±10ᵏ (t = 1/x → 0⁺). The values are extrapolated to d → 0
(Richardson, ratio 10, error c₁d + c₂d² + …, best tableau entry by Ridders' estimate), which also
sidesteps the round-off of the smallest d. Each side is then classified as

    finite       the tableau converged (error ≤ 10⁻⁵·max(1, |L|)) and the values contract toward L
    infinite     the values keep one sign and grow in size without their steps shrinking
    oscillating  neither (sin(1/x) at 0): no limit
    undefined    f is NaN/undefined on that side
    unresolved   monotone but too slow to decide (x^0.1 at 0⁺): no answer is claimed

and the sides are combined: equal finite limits → the limit; different → a jump; ±∞ on both → ±∞
(``exists`` False: the function diverges); otherwise no limit. For a SymPy expression (or text) SymPy's
``limit`` is asked too; where it disagrees (catastrophic cancellation in floating point) its exact
answer is used and the disagreement is noted.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from mibun.budget import budgeted
from mibun.errors import InputError, MibunError
from mibun.numeric.evaluation import DOMAIN_EXCEPTIONS, as_function, as_point
from mibun.numeric.extrapolation import extrapolate
from mibun.numeric.results import LimitResult, Table, fmt

_LEVELS = 8
_SIDES = {"both": "both", "+-": "both", "-+": "both", "+": "+", "right": "+", "-": "-", "left": "-"}


class _Eval:
    def __init__(self, f):
        self.f, self.calls, self.ok = f, 0, False

    def __call__(self, x: float) -> float:
        self.calls += 1
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                out = self.f(x)
        except MibunError:
            raise
        except OverflowError:
            return math.inf  # too large to represent; its sign is read from the values before it
        except DOMAIN_EXCEPTIONS:
            return math.nan
        except Exception as exc:  # noqa: BLE001
            if not self.ok:  # f has never worked: a bug or a wrong kind of f, not a domain question
                raise InputError("numeric.err.limit_calling_f_failed",
                                 x=fmt(x), type=type(exc).__name__, exc=exc) from None
            return math.nan
        if hasattr(out, "numpy") and not isinstance(out, np.ndarray):
            out = out.numpy()
        arr = np.asarray(out) if not isinstance(out, (str, bytes)) else np.asarray(None, dtype=object)
        if arr.dtype.kind not in "biufc" or arr.size != 1:
            raise InputError("numeric.err.limit_f_returned_f", x=fmt(x), type=type(out).__name__, out=out)
        v = complex(arr.reshape(-1)[0]) if arr.dtype.kind == "c" else float(arr.reshape(-1)[0])
        if isinstance(v, complex):
            v = v.real if abs(v.imag) <= 1e-12 * abs(v.real) else math.nan
        self.ok = True
        return v


def _side(ds: list[float], vs: list[float]) -> dict:
    """Classify one side from the distances ds (shrinking) and values vs.

    A sudden jump after shrinking changes (|Δₖ| > 100·|Δₖ₋₁|) is floating-point cancellation, not the
    function: the values from there on are dropped (and the drop reported as ``cut``)."""
    fin_run = all(math.isfinite(v) for v in vs)
    if fin_run and len(vs) >= 5:
        dv = [vs[i + 1] - vs[i] for i in range(len(vs) - 1)]
        for k in range(2, len(dv)):
            a, b, c = abs(dv[k - 2]), abs(dv[k - 1]), abs(dv[k])
            if b < a and c > 100 * b and c > 1e-12 * max(1.0, abs(vs[k])):
                res = _side_core(ds[:k + 1], vs[:k + 1])
                if res["kind"] == "finite":
                    res["cut"] = k + 1
                    return res
                break
    return _side_core(ds, vs)


def _side_core(ds: list[float], vs: list[float]) -> dict:
    n = len(vs)
    fin = [math.isfinite(v) for v in vs]
    last = [v for v in vs if math.isfinite(v)]
    if last and any(math.isinf(v) for v in vs):  # overflow: keep the sign of the values before it
        vs = [math.copysign(math.inf, last[-1]) if math.isinf(v) else v for v in vs]
    out = {"kind": "oscillating", "value": math.nan, "error": math.inf}
    if not any(fin[-3:]):
        tail = [v for v in vs[-3:] if not math.isnan(v)]
        if len(tail) == 3 and (all(v == math.inf for v in tail) or all(v == -math.inf for v in tail)):
            return {"kind": "infinite", "value": tail[-1], "error": 0.0}
        if not any(fin):
            return {"kind": "undefined", "value": math.nan, "error": math.inf}
    # the last run of finite values
    end = max(i for i in range(n) if fin[i]) + 1
    start = end
    while start > 0 and fin[start - 1]:
        start -= 1
    run_d, run_v = ds[start:end], vs[start:end]
    if len(run_v) >= 3:
        it = iter((np.asarray(v), np.asarray(2.2e-16 * abs(v))) for v in run_v)
        tab = extrapolate(lambda h: next(it), run_d[0], 10.0, 1, 1, max_levels=len(run_v),
                          min_levels=len(run_v))
        val, err = float(tab.value), 2.0 * float(tab.error)
        k = run_d.index(min(run_d, key=lambda d: abs(d - float(tab.h))))
        contract = k >= 2 and abs(run_v[k] - run_v[k - 1]) < abs(run_v[k - 1] - run_v[k - 2]) + 1e-300 \
            or (k >= 1 and abs(run_v[k] - run_v[k - 1]) <= 1e-12 * max(1.0, abs(val)))
        if math.isfinite(val) and err <= 1e-5 * max(1.0, abs(val)) and contract:
            return {"kind": "finite", "value": val, "error": err}
    # divergence: one sign, growing, steps not shrinking fast
    tail = [v for v in vs if not math.isnan(v)][-4:]
    if len(tail) == 4 and (all(v > 0 for v in tail) or all(v < 0 for v in tail)):
        mags = [abs(v) for v in tail]
        steps = [mags[i + 1] - mags[i] for i in range(3)]
        if all(s > 0 for s in steps) and all(steps[i + 1] >= 0.8 * steps[i] for i in range(2)):
            return {"kind": "infinite", "value": math.copysign(math.inf, tail[-1]), "error": 0.0}
    # slow (power-law) convergence, e.g. √d → 0: the steps shrink by a steady ratio ρ < 0.8;
    # the geometric tail gives L ≈ v + Δ·ρ/(1 − ρ) (Aitken), with that whole correction as the error
    if len(run_v) >= 4:
        dv = [run_v[i + 1] - run_v[i] for i in range(len(run_v) - 1)][-3:]
        if all(d != 0 for d in dv) and (all(d > 0 for d in dv) or all(d < 0 for d in dv)):
            r1, r2 = dv[1] / dv[0], dv[2] / dv[1]
            if 0 < r1 < 0.8 and 0 < r2 < 0.8 and abs(r1 - r2) <= 0.3 * max(r1, r2):
                corr = dv[2] * r2 / (1 - r2)
                val = run_v[-1] + corr
                err = 2 * abs(corr) + abs(r1 - r2) * abs(dv[2]) / (1 - max(r1, r2)) ** 2
                if err <= 1e-3 * max(1.0, abs(val)):
                    return {"kind": "finite", "value": val, "error": err}
    fv = [v for v in vs if math.isfinite(v)][-5:]
    dv = [fv[i + 1] - fv[i] for i in range(len(fv) - 1)]
    if len(dv) >= 3 and (all(d > 0 for d in dv) or all(d < 0 for d in dv)):
        # monotone but neither settled nor clearly growing: too slow to decide numerically
        return {"kind": "unresolved", "value": math.nan, "error": math.inf}
    return out


def _sympy_limit(sym: tuple, x0: float, x0_orig: Any, side: str) -> Any:
    import sympy as sp

    expr, v = sym
    if math.isinf(x0):
        target = sp.oo if x0 > 0 else -sp.oo
    elif type(x0_orig).__module__.startswith("sympy"):
        target = x0_orig
    else:
        target = sp.nsimplify(x0, rational=True)
    try:
        return sp.limit(expr, v, target, dir=side)
    except Exception:  # noqa: BLE001 - SymPy may refuse or fail; the numeric answer stands alone then
        return None


def _sym_kind(s: Any) -> tuple[str, float] | None:
    import sympy as sp

    if s is None or isinstance(s, sp.Limit) or s.has(sp.Limit):
        return None
    if isinstance(s, sp.AccumBounds):
        return "oscillating", math.nan
    if s is sp.oo or s is -sp.oo:
        return "infinite", float(s)
    if s is sp.zoo or s is sp.nan:
        return None
    if s.is_number:
        try:
            c = complex(s)
        except (TypeError, ValueError):
            return None
        if c.imag == 0 and math.isfinite(c.real):
            return "finite", c.real
    return None


@budgeted  # the whole call under the time budget (mb.set_budget); SymPy's part is guarded below
def limit(f_or_expr: Any, x0: Any, side: str = "both", var: Any = None) -> LimitResult:
    """lim_{x→x₀} f(x) from ``side`` "both", "+" (right) or "-" (left); x₀ may be ±math.inf or SymPy ±oo.

    Returns a LimitResult: ``.value`` (±inf for an infinite limit, NaN when there is none), ``.exists``
    (finite limit only), ``.left``/``.right``, ``.kind``, ``.table`` (the values approaching x₀) and
    ``.symbolic`` (SymPy's answer for an expression). f is never evaluated at x₀.
    """
    fn, sym = as_function(f_or_expr, var, what="limit: f")
    x0_orig = x0
    x0 = as_point(x0, "limit: x0", allow_inf=True)
    if not isinstance(side, str) or side.strip().lower() not in _SIDES:
        raise InputError("numeric.err.limit_side", got=repr(side))
    side = _SIDES[side.strip().lower()]
    ev = _Eval(fn)
    notes: list = []
    results: dict[str, dict] = {}
    if math.isinf(x0):
        sign = 1.0 if x0 > 0 else -1.0
        xs = [sign * 10.0 ** k for k in range(1, _LEVELS + 1)]
        vs = [ev(x) for x in xs]
        key = "-" if x0 > 0 else "+"
        results[key] = _side([1.0 / abs(x) for x in xs], vs)
        table = Table(["numeric.col.x", "numeric.col.fx"], list(zip(xs, vs, strict=True)),
                      title="numeric.limit.table_title", title_fields={"x0": fmt(x0), "var": var_name(sym, var)})
        side = "both"
    else:
        s = max(1.0, abs(x0))
        ds = [s * 10.0 ** -k for k in range(1, _LEVELS + 1)]
        cols, colvals = [], []
        for sd in ("-", "+") if side == "both" else (side,):
            sgn = -1.0 if sd == "-" else 1.0
            xs = [x0 + sgn * d for d in ds]
            ds_eff = [abs(x - x0) for x in xs]
            vs = [ev(x) for x in xs]
            results[sd] = _side(ds_eff, vs)
            cols += ["numeric.col.x_left" if sd == "-" else "numeric.col.x_right", "numeric.col.fx"]
            colvals += [xs, vs]
        table = Table(cols, list(zip(*colvals, strict=True)), title="numeric.limit.table_title",
                      title_fields={"x0": fmt(x0, 12), "var": var_name(sym, var)})
    for sd, r in results.items():
        if "cut" in r:
            x_cut = table.rows[r["cut"]][0 if (math.isinf(x0) or side != "both" or sd == "-") else 2]
            notes.append(("numeric.note.cancellation", {"x": fmt(x_cut, 6)}))
    # combine the sides
    left, right = results.get("-"), results.get("+")
    if math.isinf(x0) or side != "both":  # one side was computed
        only = left or right
        assert only is not None
        kind, value, err = only["kind"], only["value"], only["error"]
    else:
        assert left is not None and right is not None  # both sides were computed
        kl, kr = left["kind"], right["kind"]
        if kl == kr == "finite":
            tol = 3 * (left["error"] + right["error"]) + 1e-12 * max(1.0, abs(left["value"]))
            if abs(left["value"] - right["value"]) <= tol:
                kind = "finite"
                wl, wr = 1 / max(left["error"], 1e-300), 1 / max(right["error"], 1e-300)
                value = (wl * left["value"] + wr * right["value"]) / (wl + wr)
                err = max(left["error"], right["error"])
            else:
                kind, value, err = "jump", math.nan, math.inf
        elif kl == kr == "infinite":
            same = left["value"] == right["value"]
            kind, value, err = ("infinite", left["value"], 0.0) if same else ("unbounded", math.nan, math.inf)
        elif "undefined" in (kl, kr):
            kind, value, err = "undefined", math.nan, math.inf
        elif "oscillating" in (kl, kr):
            kind, value, err = "oscillating", math.nan, math.inf
        elif "unresolved" in (kl, kr):
            kind, value, err = "unresolved", math.nan, math.inf
        elif "infinite" in (kl, kr):
            kind, value, err = "unbounded", math.nan, math.inf
        else:
            kind, value, err = "jump", math.nan, math.inf
    symbolic = None
    if sym is not None:
        sides = ["-" if x0 > 0 else "+"] if math.isinf(x0) else (["-", "+"] if side == "both" else [side])
        from mibun import budget

        # SymPy's limit can run for minutes in one call: the budget's deadline reaches inside it
        with budget.guarded("reliability.what.limit"):
            sres = {sd: _sympy_limit(sym, x0, x0_orig, sd) for sd in sides}
        kinds = {sd: _sym_kind(sv) for sd, sv in sres.items()}
        known = {sd: k for sd, k in kinds.items() if k is not None}
        if len(known) == len(kinds):
            vals = list(sres.values())
            if all(v == vals[0] for v in vals):
                symbolic = vals[0]
            confirmed = True
            for sd, (sk, sv) in known.items():
                num = results[sd] if sd in results else (left or right)
                assert num is not None
                agree = sk == num["kind"] and (sk != "finite" or abs(sv - num["value"])
                                                <= max(3 * num["error"], 1e-9 * max(1.0, abs(sv))))
                if not agree:
                    confirmed = False
                    notes.append(("numeric.note.symbolic_override",
                                  {"numeric": fmt(num["value"], 12) if num["kind"] == "finite"
                                   else num["kind"], "symbolic": sym_text(sres[sd])}))
                    results[sd] = {"kind": sk, "value": sv, "error": 0.0}
            if notes:  # re-combine with SymPy's sides
                vals = [results[sd] for sd in sides]
                if len(vals) == 1:
                    kind, value, err = vals[0]["kind"], vals[0]["value"], vals[0]["error"]
                else:
                    a, b = vals
                    if a["kind"] == b["kind"] and a["value"] == b["value"]:
                        kind, value, err = a["kind"], a["value"], 0.0
                    elif a["kind"] == b["kind"] == "finite":
                        kind, value, err = "jump", math.nan, math.inf
                    elif a["kind"] == b["kind"] == "infinite":
                        kind, value, err = "unbounded", math.nan, math.inf
                    else:
                        kind = "oscillating" if "oscillating" in (a["kind"], b["kind"]) else "jump"
                        value, err = math.nan, math.inf
                left, right = results.get("-", left), results.get("+", right)
            if symbolic is not None and kind == "finite":
                # the exact value (symbolic is sres[sides[0]]), confirmed or corrected
                value, err = known[sides[0]][1], 0.0
                if confirmed:
                    notes.append(("numeric.note.symbolic_confirmed", {"symbolic": sym_text(symbolic)}))
    if kind == "undefined":
        defined = [(sd, r) for sd, r in results.items() if r["kind"] != "undefined"]
        for sd, r in defined:
            notes.append(("numeric.note.one_side_only_" + ("right" if sd == "+" else "left"),
                          {"value": fmt(r["value"], 12)}))
    lval = None if left is None else left["value"]
    rval = None if right is None else right["value"]
    if math.isinf(x0):
        lval, rval = (lval, None) if x0 > 0 else (None, rval)
    return LimitResult(value, kind == "finite", lval, rval, table, x0=x0, side=side, kind=kind, error=err,
                       evaluations=ev.calls, symbolic=symbolic, var=var_name(sym, var),
                       left_kind=None if left is None else left["kind"],
                       right_kind=None if right is None else right["kind"], notes=notes)


def var_name(sym: Any, var: Any) -> str:
    """The limit variable's name as the student wrote it (t in lim_{t→0}), else x."""
    if isinstance(sym, tuple):          # (expression, its variable) from as_function
        return str(sym[1])
    if var is not None:
        return str(getattr(var, "name", var)).strip() or "x"
    return "x"


def sym_text(value: Any) -> str:
    """SymPy's limit as a student reads it: ∞, π, [−1, 1] — never oo or AccumBounds."""
    from mibun.symbolic.derivation.printing import text_of

    return text_of(value)


__all__ = ["limit", "var_name", "sym_text"]
