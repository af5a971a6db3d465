"""Composite patterns that a course teaches as one step, recognised on the recorded graph and checked
against the numbers the walk computed (a pattern is only reported when its formula reproduces them):

* ``softmax_cross_entropy``: ŷ = softmax(o) (or log_softmax) followed by a loss linear in log ŷ with
  non-negative weights — cross-entropy, L = −s·Σ yᵢ log ŷᵢ — gives ∂L/∂o = s·(ŷ − y). A fused
  cross-entropy op (any registered op whose name contains ``cross_entropy``) is named too;
* ``linear``: Y = XW (+ b) with a row-vector batch gives ∂L/∂W = Xᵀδ, ∂L/∂b = Σ_rows δ; y = Wx (+ b)
  with column vectors gives ∂L/∂W = δxᵀ (δ = ∂L/∂Y);
* ``shared_parameter``: a parameter used several times (an RNN's weights at every time step) gets the
  sum of the contributions of its uses: ∂L/∂W = Σₜ ∂L/∂W|ₜ;
* ``sigmoid_chain``: k sigmoids on one path: each σ' ≤ 1/4, so the product can be as small as (1/4)ᵏ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mibun.autodiff import graph as ag
from mibun.autodiff.devices import host_array
from mibun.autodiff.tensor import Tensor
from mibun.explain.walk import Graph, Step, edge_vjp


@dataclass
class Pattern:
    """A recognised composite pattern: ``kind`` selects its words in the catalogue
    (``explain.pattern.<kind>``), ``formula``/``formula_latex`` the math, ``values`` its numbers."""

    kind: str
    at: str                               # label of the node where it applies
    formula: str
    formula_latex: str
    values: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)  # words filled into the catalogue message


def find_patterns(graph: Graph, steps: list[Step], upstream: dict[int, np.ndarray],
                  wrt: list[Tensor]) -> list[Pattern]:
    """All patterns found among the tensors on a path from the output to ``wrt``."""
    on_path = {s.label for s in steps}
    found: list[Pattern] = []
    for n in reversed(graph.order):
        lab = graph.labels[id(n)]
        op = ag.op(n)
        if lab not in on_path or op is None:
            continue
        name = op.name
        if name in ("softmax", "log_softmax"):
            p = _softmax_ce(graph, n, upstream)
            if p:
                found.append(p)
        elif "cross_entropy" in name:
            values = {}
            o = n.inputs[0] if n.inputs else None
            if isinstance(o, Tensor) and o.requires_grad and id(n) in upstream:
                contrib, _ = edge_vjp(n, 0, upstream[id(n)])
                values[f"∂L/∂{graph.label(o)}"] = contrib
            found.append(Pattern("fused_cross_entropy", lab, "∂L/∂o = ŷ − y", r"\frac{\partial L}{\partial o} = "
                                 r"\hat y - y", values, fields={"op": name}))
        elif name == "matmul":
            p = _linear(graph, n, upstream, on_path)
            if p:
                found.append(p)
    found.extend(_output_weights(found, steps))
    found.extend(_shared(graph, steps, wrt))
    p = _sigmoid_chain(graph, steps, wrt)
    if p:
        found.append(p)
    return found


def _op_name(n: Tensor) -> str | None:
    """The name of the op that made ``n``; None for a leaf."""
    op = ag.op(n)
    return None if op is None else op.name


# ---------------------------------------------------------------------------------------------- softmax + CE
def _feeds_log(graph: Graph, n: Tensor, depth: int = 3) -> bool:
    """Whether ``n`` reaches a ``log`` through at most ``depth`` indexing/reshaping steps."""
    frontier = [n]
    for _ in range(depth):
        nxt = []
        for m in frontier:
            for c, _i in graph.consumers.get(id(m), []):
                if _op_name(c) == "log":
                    return True
                if _op_name(c) in ("getitem", "reshape", "transpose"):
                    nxt.append(c)
        frontier = nxt
    return False


def _softmax_ce(graph: Graph, n: Tensor, upstream: dict[int, np.ndarray]) -> Pattern | None:
    o = n.inputs[0]
    if not (isinstance(o, Tensor) and id(o) in upstream) or id(n) not in upstream:
        return None
    axis = n.params.get("axis", -1)
    g = host_array(upstream[id(n)])  # the patterns are checked on the host
    if _op_name(n) == "log_softmax":
        yhat = np.exp(host_array(n.data))
        q = g                                      # ∂L/∂log ŷ = −s·y
    else:
        if not _feeds_log(graph, n):
            return None
        yhat = host_array(n.data)
        q = g * yhat                               # ∂L/∂ŷ ⊙ ŷ = −s·y
    s = -np.sum(q, axis=axis, keepdims=True)
    if not np.all(s > 1e-12):
        return None
    y = -q / s
    if np.min(y) < -1e-9:
        return None
    y = np.clip(y, 0.0, None)
    diff = yhat - y
    # the claim must reproduce the engine's step: ∂L/∂o = s·(ŷ − y)
    contrib = host_array(edge_vjp(n, 0, g)[0])
    if not np.allclose(contrib, s * diff, rtol=1e-5, atol=1e-8):
        return None
    s_flat = np.unique(np.round(s.ravel(), 12))
    scale = float(s_flat[0]) if s_flat.size == 1 else None
    onehot = bool(np.all(np.isclose(y, 0) | np.isclose(y, 1)))
    o_lab = graph.label(o)
    values = {"ŷ": yhat, "y": y, "ŷ − y": diff, f"∂L/∂{o_lab}": contrib}
    if scale is None or abs(scale - 1.0) > 1e-12:
        formula = "∂L/∂o = s·(ŷ − y)"
        latex = r"\frac{\partial L}{\partial o} = s\,(\hat y - y)"
        values["s"] = s if scale is None else np.asarray(scale)
    else:
        formula = "∂L/∂o = ŷ − y"
        latex = r"\frac{\partial L}{\partial o} = \hat y - y"
    fields = {"o": o_lab, "yhat": graph.labels[id(n)], "op": _op_name(n)}
    if onehot:
        fields["classes"] = ", ".join(str(int(k)) for k in np.ravel(np.argmax(y, axis=axis)))
    return Pattern("softmax_cross_entropy", o_lab, formula, latex, values, fields)


# ---------------------------------------------------------------------------------------------- linear layer
def _is_param(x: Any) -> bool:
    return isinstance(x, Tensor) and ag.op(x) is None and x.requires_grad


def _linear(graph: Graph, n: Tensor, upstream: dict[int, np.ndarray], on_path: set[str]) -> Pattern | None:
    a, b = n.inputs
    bias = None
    top = n
    for c, i in graph.consumers.get(id(n), []):
        if _op_name(c) == "add":
            other = c.inputs[1 - i]
            if _is_param(other):
                bias, top = other, c
                break
    if id(top) not in upstream:
        return None
    delta = host_array(upstream[id(top)])
    lab = graph.label
    ad, bd = host_array(a.data if isinstance(a, Tensor) else a), host_array(b.data if isinstance(b, Tensor) else b)
    values: dict[str, Any] = {"δ": delta}
    if _is_param(b) and ad.ndim >= 1 and bd.ndim == 2:
        # row-vector batch: Y = X W
        X, W = lab(a), lab(b)
        grad_w = ad.reshape(-1, ad.shape[-1]).T @ host_array(upstream[id(n)]).reshape(-1, bd.shape[-1])
        formula = f"{lab(top)} = {X} {W}" + (f" + {lab(bias)}" if bias is not None else "")
        formula += f":  ∂L/∂{W} = {X}ᵀ δ" + (f",  ∂L/∂{lab(bias)} = Σ_rows δ" if bias is not None else "")
        formula += f",  ∂L/∂{X} = δ {W}ᵀ"
        latex = (rf"\frac{{\partial L}}{{\partial {_tex(W)}}} = {_tex(X)}^{{\top}} \delta")
        kind = "linear_rows"
        values[f"∂L/∂{W}"] = grad_w
    elif _is_param(a) and ad.ndim == 2 and bd.ndim in (1, 2):
        # column vectors: y = W x
        W, X = lab(a), lab(b)
        g = host_array(upstream[id(n)])
        grad_w = np.outer(g, bd) if bd.ndim == 1 else g @ bd.T
        formula = f"{lab(top)} = {W} {X}" + (f" + {lab(bias)}" if bias is not None else "")
        formula += f":  ∂L/∂{W} = δ {X}ᵀ" + (f",  ∂L/∂{lab(bias)} = δ" if bias is not None else "")
        formula += f",  ∂L/∂{X} = {W}ᵀ δ"
        latex = rf"\frac{{\partial L}}{{\partial {_tex(W)}}} = \delta\, {_tex(X)}^{{\top}}"
        kind = "linear_cols"
        values[f"∂L/∂{W}"] = grad_w
    else:
        return None
    w_index = 1 if kind == "linear_rows" else 0
    contrib = host_array(edge_vjp(n, w_index, upstream[id(n)])[0])
    if contrib.shape != grad_w.shape or not np.allclose(contrib, grad_w, rtol=1e-5, atol=1e-8):
        return None
    return Pattern(kind, lab(n), formula, latex, values, {"W": W, "x": X, "top": lab(top)})


def _tex(name: str) -> str:
    from mibun.files import latex_escape

    return latex_escape(name) if len(name) == 1 else r"\mathrm{" + latex_escape(name) + "}"


# ---------------------------------------------------------------------------------------------- output weights
def _output_weights(found: list[Pattern], steps: list[Step]) -> list[Pattern]:
    """A weight whose every use is a linear layer feeding softmax + cross-entropy: the course's formula
    ∂L/∂V = Σₜ (ŷₜ − yₜ) hₜᵀ (column vectors) or ∂L/∂W = hᵀ(ŷ − y) (row-vector batches), with s = 1/N
    for a batch mean. Reported only when the terms add up to the whole gradient of the weight."""
    ce = {p.at: p for p in found if p.kind == "softmax_cross_entropy"}
    uses: dict[str, list[Pattern]] = {}
    for p in found:
        if p.kind in ("linear_rows", "linear_cols"):
            uses.setdefault(p.fields["W"], []).append(p)
    by_label = {s.label: s for s in steps}
    out = []
    for w, lins in uses.items():
        step = by_label.get(w)
        if step is None or not all(lp.fields["top"] in ce for lp in lins):
            continue
        lins = lins[::-1]                       # found newest first; time steps read oldest first
        total = sum(lp.values[f"∂L/∂{w}"] for lp in lins)
        if len(lins) != len(step.parts) or not np.allclose(total, step.upstream, rtol=1e-6, atol=1e-9):
            continue
        terms = []
        for lp in lins:
            c = ce[lp.fields["top"]]
            k = "".join(ch for ch in lp.fields["top"] if ch.isdigit())
            diff = f"(ŷ{k} − y{k})" if "s" not in c.values else f"s·(ŷ{k} − y{k})"
            x = lp.fields["x"]
            terms.append(f"{diff} {x}ᵀ" if lp.kind == "linear_cols" else f"{x}ᵀ {diff}")
        formula = f"∂L/∂{w} = " + " + ".join(terms)
        if len(lins) > 1 and lins[0].kind == "linear_cols":
            formula = f"∂L/∂{w} = Σₜ (ŷₜ − yₜ) hₜᵀ = " + " + ".join(terms)
        latex = (rf"\frac{{\partial L}}{{\partial {_tex(w)}}} = \sum_t (\hat y_t - y_t)\, h_t^{{\top}}"
                 if lins[0].kind == "linear_cols" else
                 rf"\frac{{\partial L}}{{\partial {_tex(w)}}} = h^{{\top}} (\hat y - y)")
        out.append(Pattern("output_weights", w, formula, latex, {f"∂L/∂{w}": total},
                           {"W": w, "n": len(lins)}))
    return out


# ---------------------------------------------------------------------------------------------- shared parameters
def _shared(graph: Graph, steps: list[Step], wrt: list[Tensor]) -> list[Pattern]:
    out = []
    by_label = {s.label: s for s in steps}
    for x in wrt:
        s = by_label.get(graph.labels[id(x)])
        if s is None or len(s.parts) < 2:
            continue
        n = len(s.parts)
        values = {f"∂L/∂{s.label} ← {src}": v for src, v in s.parts}
        values[f"Σ = ∂L/∂{s.label}"] = s.upstream
        out.append(Pattern("shared_parameter", s.label, f"∂L/∂{s.label} = Σₜ ∂L/∂{s.label}|ₜ",
                           rf"\frac{{\partial L}}{{\partial {_tex(s.label)}}} = \sum_{{t}} "
                           rf"\frac{{\partial L}}{{\partial {_tex(s.label)}}}\Big|_{{t}}",
                           values, {"x": s.label, "n": n}))
    return out


# ---------------------------------------------------------------------------------------------- sigmoid chain
def _sigmoid_chain(graph: Graph, steps: list[Step], wrt: list[Tensor]) -> Pattern | None:
    """The most sigmoids on one path from the output to a requested input (longest path by sigmoid
    count, over the tensors on a path)."""
    on_path = {s.label for s in steps}
    best: dict[int, tuple[int, list[Tensor]]] = {}
    for n in graph.order:  # inputs first: best chain from a requested input up to n
        if graph.labels[id(n)] not in on_path:
            continue
        cand: tuple[int, list[Tensor]] = (0, [])
        for p in n.inputs:
            if isinstance(p, Tensor) and id(p) in best and best[id(p)][0] > cand[0]:
                cand = best[id(p)]
        if _op_name(n) == "sigmoid":
            cand = (cand[0] + 1, cand[1] + [n])
        best[id(n)] = cand
    k, chain = best.get(id(graph.output), (0, []))
    if k < 2:
        return None
    maxima = np.array([float(np.max(host_array(s.data) * (1 - host_array(s.data)))) for s in chain])
    values = {"max σ′": maxima, "(1/4)^k": np.asarray(0.25 ** k), "Π max σ′": np.asarray(float(np.prod(maxima)))}
    formula = f"σ′(u) = σ(u)(1 − σ(u)) ≤ 1/4  ⇒  Π ≤ (1/4)^{k}"
    return Pattern("sigmoid_chain", graph.labels[id(chain[-1])], formula,
                   rf"\sigma'(u) \le \tfrac14 \Rightarrow \prod \le (\tfrac14)^{{{k}}}", values,
                   {"k": k, "bound": f"{0.25 ** k:.3g}", "nodes": ", ".join(graph.labels[id(c)] for c in chain)})


__all__ = ["Pattern", "find_patterns"]
