"""Two-variable routes: the surface with partial slices and the gradient field (``mb.diff`` per variable,
``compile_expr`` for the grid), and optimizer paths run by ``mibun.optim`` on the engine."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from mibun.serve.api import ENGINE_LOCK, ApiError, Params
from mibun.serve.calc import parsed, sample, variables

#: classic test functions of the descent view (typed into the function box like any other)
PRESETS: dict[str, str] = {
    "rosenbrock": "(1 - x)^2 + 100*(y - x^2)^2",
    "beale": "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
    "saddle": "x^2 - y^2",
    "bowl": "x^2 + 10*y^2",
}

#: name in the page → (mibun.optim class, extra keyword arguments)
OPTIMIZERS: dict[str, tuple[str, dict[str, Any]]] = {
    "gd": ("SGD", {}),
    "momentum": ("SGD", {"momentum": 0.9}),
    "nag": ("SGD", {"momentum": 0.9, "nesterov": True}),
    "adagrad": ("Adagrad", {}),
    "rmsprop": ("RMSprop", {}),
    "adadelta": ("Adadelta", {}),
    "adam": ("Adam", {}),
    "adamw": ("AdamW", {}),
    "adamax": ("Adamax", {}),
    "nadam": ("NAdam", {}),
}


#: optimizers compared on one map at most
MAX_RUNS = 4


def two_variables(expr: Any) -> list[Any]:
    import sympy as sp

    from mibun.symbolic.derivation import text_of

    vs = variables(expr)
    if len(vs) > 2:
        raise ApiError("explorer.err.vars_two", expr=text_of(expr), vars=", ".join(v.name for v in vs))
    names = [v.name for v in vs]
    for extra in ("x", "y", "z"):
        if len(vs) == 2:
            break
        if extra not in names:
            vs.append(sp.Symbol(extra))
    return vs


@lru_cache(maxsize=128)
def partials(text: str) -> tuple[Any, list[Any], list[Any], Any, list[Any]]:
    """(expr, [x, y], [∂f/∂x, ∂f/∂y] as Derivations, f compiled, gradient compiled)."""
    from mibun.symbolic import compile_expr, diff

    expr, _ = parsed(text)
    vs = two_variables(expr)
    ds = [diff(expr, v) for v in vs]
    return expr, vs, ds, compile_expr(expr, vs), [compile_expr(d.result, vs) for d in ds]


def _box(p: Params) -> tuple[float, float, float, float]:
    box = (p.number("xmin", -3.0), p.number("xmax", 3.0), p.number("ymin", -3.0), p.number("ymax", 3.0))
    if not (box[1] > box[0] and box[3] > box[2]):
        raise ApiError("explorer.err.range", name="xmax/ymax", lo="min", hi="∞", value=f"{box[1]}, {box[3]}")
    return box


def grid(fn: Any, box: tuple[float, float, float, float], n: int) -> dict:
    """fn on an n×n grid over box (rows are y, columns x), NaN where undefined."""
    xs = np.linspace(box[0], box[1], n)
    ys = np.linspace(box[2], box[3], n)
    gx, gy = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        z = np.asarray(fn(gx, gy))
        if np.iscomplexobj(z):
            z = np.where(np.abs(z.imag) < 1e-12, z.real, np.nan)
        z = np.broadcast_to(z.astype(float), gx.shape)
    return {"x": xs, "y": ys, "z": np.where(np.isfinite(z), z, np.nan)}


def surface(p: Params) -> dict:
    """``/api/surface?f=&x0=&y0=``: z = f(x, y) on a grid, the partial derivatives (formula, exact and
    numeric value at the point), the slices f(x, y0) and f(x0, y), and the gradient field."""
    from mibun.symbolic.derivation import latex_of, text_of

    text = p.text("f")
    x0, y0 = p.number("x0", 1.0), p.number("y0", 1.0)
    box = _box(p)
    n = p.integer("n", 41, 5, 121)
    expr, vs, ds, f, grads = partials(text)
    at = {vs[0].name: x0, vs[1].name: y0}
    parts = []
    for v, d in zip(vs, ds, strict=True):
        pv = d.at(**at)
        parts.append({"var": v.name, "formula": text_of(d.result), "latex": latex_of(d.result),
                      "value": float(pv.value), "exact": text_of(pv.exact), "steps_latex": d.latex(p.lang)})
    xs = np.linspace(box[0], box[1], 201)
    ys = np.linspace(box[2], box[3], 201)
    fx = np.linspace(box[0], box[1], 15)
    fy = np.linspace(box[2], box[3], 15)
    gx, gy = np.meshgrid(fx, fy)
    with np.errstate(all="ignore"):
        u = np.broadcast_to(np.asarray(grads[0](gx, gy), dtype=float), gx.shape)
        w = np.broadcast_to(np.asarray(grads[1](gx, gy), dtype=float), gx.shape)
    with np.errstate(all="ignore"):
        value = float(np.asarray(f(np.array(x0), np.array(y0)), dtype=float))
    return {
        "input": text, "expr": text_of(expr), "latex": latex_of(expr), "vars": [v.name for v in vs],
        "warnings": list(parsed(text)[1]), "x0": x0, "y0": y0, "value": value, "partials": parts,
        "gradient": [parts[0]["value"], parts[1]["value"]],
        "grid": grid(f, box, n),
        "slice_x": {"x": xs, "z": sample(lambda a: f(a, np.full_like(a, y0)), xs), "slope": parts[0]["value"]},
        "slice_y": {"y": ys, "z": sample(lambda b: f(np.full_like(b, x0), b), ys), "slope": parts[1]["value"]},
        "field": {"x": fx, "y": fy, "u": np.where(np.isfinite(u), u, np.nan), "v": np.where(np.isfinite(w), w, np.nan)},
    }


def run_optimizer(text: str, opt: str, lr: float, steps: int, start: tuple[float, float]) -> dict:
    """The optimizer's path on f, computed by the engine: each step f(θ).backward() then opt.step()."""
    import mibun as mb
    from mibun import optim
    from mibun.symbolic import compile_expr

    expr, _ = parsed(text)
    vs = two_variables(expr)
    fn = compile_expr(expr, vs, backend="mibun")
    cls_name, extra = OPTIMIZERS[opt]
    path, losses, grads = [list(start)], [], []
    with ENGINE_LOCK, mb.enable_grad(), np.errstate(all="ignore"):
        theta = mb.tensor(np.array(start, dtype=np.float64), requires_grad=True)
        optimizer = getattr(optim, cls_name)([theta], lr=lr, **extra)
        for _ in range(steps + 1):
            optimizer.zero_grad()
            loss = fn(theta[0], theta[1])
            if not isinstance(loss, mb.Tensor) or not loss.requires_grad:  # a constant function
                loss = (theta * 0.0).sum() + loss
            loss.backward()
            lv = float(loss.item())
            g = np.asarray(theta.grad).astype(float).tolist()
            losses.append(lv)
            grads.append(g)
            if not (np.isfinite(lv) and np.all(np.isfinite(g))) or len(path) > steps:
                break
            optimizer.step()
            path.append(np.asarray(theta).astype(float).tolist())
    diverged = not (np.isfinite(losses[-1]) and np.all(np.isfinite(path[-1])))
    return {"optimizer": opt, "class": cls_name, "kwargs": {"lr": lr, **extra}, "path": path, "loss": losses,
            "grad": grads, "diverged": bool(diverged), "final": path[-1], "final_loss": losses[-1]}


def descent(p: Params) -> dict:
    """``/api/descent?f=&preset=&opt=&lr=&steps=&x0=&y0=``: the optimizer's path (mibun.optim), the
    losses, and the surface grid to draw it on. ``opt`` may list up to four optimizers (``opt=gd,adam``):
    ``runs`` has one path each, and the first one's fields are also at the top level."""
    from mibun.symbolic.derivation import latex_of, text_of

    preset = p.choice("preset", "typed", ("typed", *PRESETS))
    text = PRESETS[preset] if preset != "typed" else p.text("f")
    names = [o.strip().lower() for o in str(p.raw.get("opt") or "gd").split(",") if o.strip()][:MAX_RUNS] or ["gd"]
    for name in names:
        if name not in OPTIMIZERS:
            raise ApiError("explorer.err.choice", name="opt", choices=", ".join(OPTIMIZERS), value=name[:40])
    lr = p.number("lr", 0.01, 1e-8, 100.0)
    steps = p.integer("steps", 100, 1, 2000)
    start = (p.number("x0", -1.5), p.number("y0", 1.5))
    box = _box(p)
    expr, vs, _ds, f, _g = partials(text)
    runs = [run_optimizer(text, name, lr, steps, start) for name in dict.fromkeys(names)]
    return {"input": text, "preset": preset, "expr": text_of(expr), "latex": latex_of(expr),
            "vars": [v.name for v in vs], "grid": grid(f, box, p.integer("n", 61, 5, 121)), **runs[0],
            "runs": runs}
