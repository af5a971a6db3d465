"""One-variable routes: the function with its derivative and steps, a point's tangent, the difference
quotient for a chosen h, and a limit — each a call into ``mb.parse``/``mb.diff``/``mibun.numeric``."""

from __future__ import annotations

import math
import threading
import warnings
from functools import lru_cache
from typing import Any

import numpy as np

from mibun.serve.api import ApiError, Params, clean

_PARSE_LOCK = threading.Lock()  # warnings.catch_warnings is process-wide: one parse at a time records them


@lru_cache(maxsize=512)
def parsed(text: str) -> tuple[Any, tuple[str, ...]]:
    """``mb.parse(text)`` and the warnings the parser gave (as text)."""
    from mibun.symbolic import parse

    with _PARSE_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        expr = parse(text)
    return expr, tuple(str(w.message) for w in caught)


def variables(expr: Any) -> list[Any]:
    """The expression's variables, x before y, else alphabetical."""
    return sorted(expr.free_symbols, key=lambda s: (s.name not in ("x", "y"), s.name))


def one_variable(expr: Any) -> Any:
    import sympy as sp

    from mibun.symbolic.derivation import text_of

    vs = variables(expr)
    if len(vs) > 1:
        raise ApiError("explorer.err.vars_one", expr=text_of(expr), vars=", ".join(v.name for v in vs))
    return vs[0] if vs else sp.Symbol("x")


@lru_cache(maxsize=256)
def derivation(text: str) -> Any:
    """The rule-by-rule ``mb.diff`` of a one-variable function."""
    from mibun.symbolic import diff

    expr, _ = parsed(text)
    return diff(expr, one_variable(expr))


@lru_cache(maxsize=256)
def compiled(text: str) -> tuple[Any, Any]:
    """NumPy callables of f and f′ (``compile_expr``, no eval)."""
    from mibun.symbolic import compile_expr

    d = derivation(text)
    var = one_variable(d.expr)
    return compile_expr(d.expr, [var]), compile_expr(d.result, [var])


@lru_cache(maxsize=256)
def compiled_f(text: str) -> Any:
    """A NumPy callable of f alone (for views that need no derivative, such as limits)."""
    from mibun.symbolic import compile_expr

    expr, _ = parsed(text)
    return compile_expr(expr, [one_variable(expr)])


def sample(fn: Any, xs: np.ndarray) -> np.ndarray:
    """fn on the grid, real values only (NaN where undefined or complex)."""
    with np.errstate(all="ignore"):
        ys = np.asarray(fn(xs))
        if np.iscomplexobj(ys):
            ys = np.where(np.abs(ys.imag) < 1e-12, ys.real, np.nan)
        ys = np.broadcast_to(ys.astype(float), xs.shape)
    return np.where(np.isfinite(ys), ys, np.nan)


def value_at(fn: Any, x0: float) -> float:
    return float(sample(fn, np.array([x0]))[0])


def window(p: Params, x0: float) -> tuple[float, float]:
    lo = p.number("xmin", x0 - 5.0)
    hi = p.number("xmax", x0 + 5.0)
    if not hi > lo:
        raise ApiError("explorer.err.range", name="xmax", lo=lo, hi="∞", value=hi)
    return lo, hi


def _point(text: str, x0: float, lang: str) -> dict:
    from mibun.errors import MibunError
    from mibun.numeric import derivative as numeric_derivative
    from mibun.symbolic.derivation import latex_of, text_of

    d = derivation(text)
    f, _df = compiled(text)
    fx0 = value_at(f, x0)
    out: dict[str, Any] = {"x0": x0, "value": fx0, "slope": None, "slope_exact": None, "slope_latex": None,
                           "slope_numeric": None, "slope_numeric_error": None, "point_error": None}
    try:
        pv = d.at(**{one_variable(d.expr).name: x0})
        out["slope"] = float(pv.value)
        out["slope_exact"] = text_of(pv.exact)
        out["slope_latex"] = latex_of(pv.exact)
    except (MibunError, TypeError, ValueError) as exc:
        from mibun.serve.api import error_body

        out["point_error"] = error_body(exc, lang)["error"]["message"]
    try:
        num = numeric_derivative(d.expr, x0)
        out["slope_numeric"] = num.value
        out["slope_numeric_error"] = num.error
    except MibunError:
        pass
    if out["slope"] is not None and np.isfinite(fx0):
        s = out["slope"]
        out["tangent"] = {"text": f"y = {fx0!r} + {s!r}·(x − {x0!r})", "intercept": fx0 - s * x0, "slope": s}
    return out


def point(p: Params) -> dict:
    """``/api/point?f=&x0=``: f(x0), the exact slope f′(x0) (``Derivation.at``), the numerical one
    (``mibun.numeric.derivative``) and the tangent line y = f(x0) + f′(x0)(x − x0)."""
    return _point(p.text("f"), p.number("x0", 1.0), p.lang)


@lru_cache(maxsize=256)
def rendered(text: str, lang: str) -> dict:
    """The parts of ``/api/function`` that depend on the function and the language only (cached)."""
    from mibun.symbolic.derivation import latex_of, text_of

    expr, warned = parsed(text)
    d = derivation(text)
    return {"input": text, "expr": text_of(expr), "latex": latex_of(expr), "var": one_variable(expr).name,
            "warnings": list(warned), "derivative": text_of(d.result), "derivative_latex": latex_of(d.result),
            "heading": d.heading(lang), "steps": clean(d.to_dict(lang)["steps"]), "steps_latex": d.latex(lang),
            "steps_text": d.text(lang)}


@lru_cache(maxsize=256)
def samples(text: str, lo: float, hi: float, n: int) -> dict:
    """f and f′ on n points of [lo, hi] (cached; JSON-ready lists)."""
    f, df = compiled(text)
    xs = np.linspace(lo, hi, n)
    return clean({"x": xs, "f": sample(f, xs), "df": sample(df, xs)})


def function(p: Params) -> dict:
    """``/api/function?f=&x0=&xmin=&xmax=``: the parsed function, its derivative with the steps (text,
    LaTeX, tree), f and f′ sampled for drawing, and the point data of ``/api/point``."""
    text = p.text("f")
    x0 = p.number("x0", 1.0)
    lo, hi = window(p, x0)
    n = p.integer("n", 401, 11, 2001)
    return {**rendered(text, p.lang), "samples": samples(text, lo, hi, n), **_point(text, x0, p.lang)}


@lru_cache(maxsize=128)
def _error_curve(text: str, x0: float, exact: float) -> dict:
    from mibun.numeric import difference_table

    hs = [10.0 ** (-k / 4) for k in range(0, 61)]  # 1 … 1e-15, four per decade
    tab = difference_table(derivation(text).expr, x0, hs=hs, exact=exact)
    return {"h": hs, "error": [float(e) for e in tab.column("numeric.col.forward_error")]}


def quotient(p: Params) -> dict:
    """``/api/quotient?f=&x0=&h=``: the forward difference quotient (``difference_quotient``), its error
    against the exact derivative, the secant's end points, and the error for h = 1 … 1e-15 (the V)."""
    from mibun.numeric import difference_quotient

    text = p.text("f")
    x0 = p.number("x0", 1.0)
    h = p.number("h", 0.1, 1e-300, 1e6)
    if p.raw.get("sign") == "-":
        h = -h
    d = derivation(text)
    f, _ = compiled(text)
    pt = _point(text, x0, p.lang)
    q = float(difference_quotient(d.expr, x0, h))
    exact = pt["slope"]
    out = {**pt, "h": h, "quotient": q, "error": abs(q - exact) if exact is not None else None,
           "secant": {"x": [x0, x0 + h], "y": [pt["value"], value_at(f, x0 + h)]}}
    if exact is not None:
        out["curve"] = _error_curve(text, x0, exact)
    return out


def limit(p: Params) -> dict:
    """``/api/limit?f=&x0=&side=``: ``mb.limit`` — the value, the one-sided values and verdicts, the
    table of the approach (columns in the page's language), and f sampled around x0."""
    from mibun.numeric import limit as mb_limit
    from mibun.symbolic.derivation import latex_of, text_of

    text = p.text("f")
    raw = str(p.raw.get("x0", "")).strip().lower().replace("∞", "inf").replace("oo", "inf")
    x0 = {"inf": math.inf, "+inf": math.inf, "-inf": -math.inf}.get(raw)
    if x0 is None:
        x0 = p.number("x0", 0.0)
    side = {"both": "both", "+": "+", "-": "-", "left": "-", "right": "+"}.get(p.raw.get("side") or "both")
    if side is None:
        raise ApiError("explorer.err.choice", name="side", choices="both, +, -", value=str(p.raw.get("side")))
    expr, warned = parsed(text)
    var = one_variable(expr)
    res = mb_limit(expr, x0, side=side, var=var)
    data = res.to_dict()
    tab = res.table
    f = compiled_f(text)
    if math.isinf(x0):  # x → ±∞: draw f on [1, 100] (or [−100, −1])
        lo, hi = (1.0, 100.0) if x0 > 0 else (-100.0, -1.0)
    else:
        lo, hi = window(p, x0)
    xs = np.linspace(lo, hi, 400)
    return {
        "input": text, "expr": text_of(expr), "latex": latex_of(expr), "var": var.name, "warnings": list(warned),
        "x0": x0 if math.isfinite(x0) else ("inf" if x0 > 0 else "-inf"), "side": side, "value": data["value"],
        "exists": data["exists"], "left": data["left"],
        "right": data["right"], "kind": data["kind"], "left_kind": data.get("left_kind"),
        "right_kind": data.get("right_kind"), "symbolic": data.get("symbolic"),
        "text": res.text(p.lang), "columns": tab.headers(p.lang), "rows": [list(r) for r in tab.rows],
        "samples": {"x": xs, "f": sample(f, xs)},
    }
