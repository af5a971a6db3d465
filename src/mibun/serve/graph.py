"""Backprop routes: the typed expression run on the engine as a computational graph, explained by
``mb.explain`` (value, local derivative and gradient of every node, the rule of every edge), and the
vanishing-gradient demonstration of ``mibun.diagnose`` (sigmoid versus ReLU as depth grows)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from mibun.serve.api import ENGINE_LOCK, ApiError, Params
from mibun.serve.calc import parsed, variables

MAX_VARS = 6

#: small networks a student can start from (typed into the function box like any other function)
EXAMPLES = {
    "neuron": "sigmoid(w*x + b)",
    "neuron_loss": "(sigmoid(w*x + b) - y)^2",
    "two_layers": "tanh(v*tanh(w*x + b) + c)",
    "logistic": "ln(1 + exp(-y*(w*x + b)))",
}


def point_value(p: Params, name: str, first: bool) -> float:
    """The value of one variable: ``at_<name>``, else ``x0``/``y0`` for x/y (``x0`` also for a lone
    first variable with another name), else 1."""
    if f"at_{name}" in p.raw:
        return p.number(f"at_{name}", 1.0)
    if name == "x" or (first and "x0" in p.raw and name != "y"):
        return p.number("x0", 1.0)
    if name == "y":
        return p.number("y0", 1.0)
    return 1.0


def _scalar(enc: dict | None) -> Any:
    """The number inside an ``explain`` encoding (a scalar here: every node of a typed expression is)."""
    if enc is None:
        return None
    v = enc.get("values")
    while isinstance(v, list) and len(v) == 1:
        v = v[0]
    return v


def backprop(p: Params) -> dict:
    """``/api/backprop?f=&x0=&y0=``: the graph of f at the point. Nodes carry value and gradient
    ∂f/∂node (the upstream gradient); edges carry the local derivative ∂node/∂input, the rule (Unicode
    and LaTeX) and the contribution. ``gradient`` is the engine's; ``symbolic`` is ``mb.diff``'s."""
    import mibun as mb
    from mibun.symbolic import compile_expr
    from mibun.symbolic.derivation import latex_of, text_of

    text = p.text("f")
    expr, warned = parsed(text)
    vs = variables(expr)
    if len(vs) > MAX_VARS:
        raise ApiError("explorer.err.vars_two", expr=text_of(expr), vars=", ".join(v.name for v in vs))
    if not vs:
        import sympy as sp

        vs = [sp.Symbol("x")]
    has_x = any(v.name == "x" for v in vs)
    point = {v.name: point_value(p, v.name, i == 0 and not has_x) for i, v in enumerate(vs)}
    fn = compile_expr(expr, vs, backend="mibun")
    with ENGINE_LOCK, mb.enable_grad():
        leaves = []
        for v in vs:
            t = mb.tensor(point[v.name], requires_grad=True)
            t.name = v.name
            leaves.append(t)
        out = fn(*leaves)
        if not isinstance(out, mb.Tensor) or not out.requires_grad:
            out = out + 0.0 * leaves[0]
        ex = mb.explain(out, leaves, lang=p.lang)
        data = ex.to_dict(p.lang)
    nodes, edges = [], []
    for s in data["steps"]:
        nodes.append({"id": s["label"], "op": s["op"], "title": s["op_title"], "expression": s["expression"],
                      "value": _scalar(s["value"]), "grad": _scalar(s["upstream"]), "leaf": s["is_leaf"]})
        for e in s["edges"]:
            edges.append({"from": e["input"], "to": s["label"], "rule": e["rule"], "rule_latex": e["rule_latex"],
                          "local": _scalar(e["local"]), "contribution": _scalar(e["contribution"])})
    symbolic: dict[str, float | None] = {}
    from mibun.errors import MibunError
    from mibun.symbolic import diff

    for v in vs:
        try:
            symbolic[v.name] = float(diff(expr, v).at(**point).value)
        except (MibunError, TypeError, ValueError):
            symbolic[v.name] = None
    return {"input": text, "expr": text_of(expr), "latex": latex_of(expr), "warnings": list(warned),
            "vars": [v.name for v in vs], "point": point, "output": data["output"], "value": _scalar(data["value"]),
            "nodes": nodes, "edges": edges,
            "gradient": {tg["label"]: _scalar(tg["gradient"]) for tg in data["targets"]},
            "matches": all(tg["matches"] for tg in data["targets"]), "symbolic": symbolic,
            "text": ex.text(p.lang), "examples": EXAMPLES}


@lru_cache(maxsize=64)
def _demo(depth: int) -> Any:
    from mibun.diagnose import vanishing_demo

    with ENGINE_LOCK:
        return vanishing_demo(depth=depth, width=16, rnn=False, seed=0)


def vanish(p: Params) -> dict:
    """``/api/vanish?depth=``: per-layer gradient norms relative to the output layer for a deep sigmoid
    MLP and a ReLU MLP with He initialisation (``mibun.diagnose.vanishing_demo``), with the 0.25ⁿ bound."""
    depth = p.integer("depth", 10, 2, 40)
    demo = _demo(depth)
    data = demo.to_dict(p.lang)
    nets = data["networks"]
    out = {"depth": depth, "bound": data["theory"]["bound_0_25_pow_n"], "networks": {}}
    for key, name in (("sigmoid", "sigmoid"), ("relu_he", "relu")):
        net = nets[key]
        out["networks"][name] = {"relative": net["relative"], "first_to_last": net["first_to_last"],
                                 "verdict": net["verdict"],
                                 "grad_norm": [layer["grad_norm"] for layer in net["flow"]["layers"]]}
    return out
