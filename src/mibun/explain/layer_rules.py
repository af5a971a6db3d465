"""The forward and backward equations of each layer, in closed form, on raw arrays.

These are the formulas a course writes on the board; ``layers.py`` computes them on the numbers of a
recorded layer and sets them next to what the engine's op-by-op backward gave for the same layer (they
must agree). One function per layer kind: ``rule(values, params, dy) -> (forward, backward)``, each a
list of ``Term``; ``role`` names the layer input a backward term is the gradient of.

* linear:      y = x Wᵀ + b;            ∂L/∂x = dy W,  ∂L/∂W = Σₙ dyₙᵀ xₙ,  ∂L/∂b = Σₙ dyₙ
* layer_norm:  x̂ = (x − μ)/σ, y = γ⊙x̂ + β;  g = γ⊙dy,  ∂L/∂x = (1/σ)(g − mean(g) − x̂⊙mean(g⊙x̂)),
               ∂L/∂γ = Σ dy⊙x̂,  ∂L/∂β = Σ dy        (batch_norm: the same, means over the batch axes)
* gelu, silu:  ∂L/∂x = dy ⊙ y′(x)
* attention:   S = s·QKᵀ + M, A = softmax(S), O = AV;  ∂L/∂V = Aᵀ dO, dA = dO Vᵀ,
               dS = A ⊙ (dA − rowsum(dA ⊙ A)),  ∂L/∂Q = s·dS K,  ∂L/∂K = s·dSᵀ Q
* multihead_attention: the projections (linear) around one attention per head.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from mibun.autodiff.backends import NP
from mibun.autodiff.backward import unbroadcast


@dataclass
class Term:
    """One line of a layer's equations: ``name = formula = value``; for a gradient, ``role`` is the input
    it belongs to and ``engine`` (filled in by ``layers.py``) what the engine's backward gave."""

    name: str
    formula: str
    value: np.ndarray
    role: str | None = None
    engine: np.ndarray | None = None

    @property
    def max_error(self) -> float:
        if self.engine is None or self.value.size == 0:
            return 0.0
        return float(np.max(np.abs(np.asarray(self.value, dtype=np.float64) - self.engine)))

    @property
    def matches(self) -> bool:
        """Closed form and engine agree up to rounding (relative 1e-8 in float64, 1e-4 below)."""
        if self.engine is None:
            return True
        dt = np.asarray(self.engine).dtype
        rtol = 1e-8 if dt.kind != "f" or np.finfo(dt).bits >= 64 else 1e-4
        scale = max(1.0, float(np.max(np.abs(self.engine))) if self.engine.size else 1.0)
        return bool(np.allclose(self.value, self.engine, rtol=rtol, atol=rtol * scale))


Rule = Callable[[dict[str, Any], dict[str, Any], np.ndarray], tuple[list[Term], list[Term]]]


def _sum_to(a: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return np.asarray(unbroadcast(NP, np.asarray(a), tuple(shape)))


def _mT(a: np.ndarray) -> np.ndarray:
    return np.swapaxes(a, -1, -2)


def linear(v: dict[str, Any], p: dict[str, Any], dy: np.ndarray) -> tuple[list[Term], list[Term]]:
    x, W, b = v["x"], v["weight"], v.get("bias")
    y = x @ W.T + (0 if b is None else b)
    fw = [Term("y", "x Wᵀ" + (" + b" if b is not None else ""), y)]
    rows_dy, rows_x = dy.reshape(-1, W.shape[0]), x.reshape(-1, W.shape[1])
    bw = [Term("∂L/∂W", "Σₙ dyₙᵀ xₙ", rows_dy.T @ rows_x, "weight")]
    if b is not None:
        bw.append(Term("∂L/∂b", "Σₙ dyₙ", rows_dy.sum(axis=0), "bias"))
    bw.append(Term("∂L/∂x", "dy W", dy @ W, "x"))
    return fw, bw


def _normalized(x: np.ndarray, axes: tuple[int, ...], eps: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mu = np.mean(x, axis=axes, keepdims=True)
    sigma = np.sqrt(np.mean((x - mu) ** 2, axis=axes, keepdims=True) + eps)
    return mu, sigma, (x - mu) / sigma


def _norm_backward(v: dict[str, Any], dy: np.ndarray, xh: np.ndarray, sigma: np.ndarray, axes: tuple[int, ...],
                   gshape: tuple[int, ...], mean_word: str, batch_stats: bool = True) -> list[Term]:
    gamma = v.get("weight")
    gam = np.ones(()) if gamma is None else np.reshape(gamma, gshape)
    g = gam * dy
    bw = []
    if gamma is not None:
        bw.append(Term("g", "γ ⊙ dy", g))
    if batch_stats:
        dx = (g - np.mean(g, axis=axes, keepdims=True) - xh * np.mean(g * xh, axis=axes, keepdims=True)) / sigma
        bw.append(Term("∂L/∂x", f"(1/σ)(g − {mean_word}(g) − x̂ ⊙ {mean_word}(g ⊙ x̂))", dx, "x"))
    else:
        bw.append(Term("∂L/∂x", "g / σ", g / sigma, "x"))
    if gamma is not None:
        bw.append(Term("∂L/∂γ", "Σ dy ⊙ x̂", _sum_to(dy * xh, gshape).reshape(np.shape(gamma)), "weight"))
    if v.get("bias") is not None:
        bw.append(Term("∂L/∂β", "Σ dy", _sum_to(dy, gshape).reshape(np.shape(v["bias"])), "bias"))
    return bw


def _affine(v: dict[str, Any], xh: np.ndarray, gshape: tuple[int, ...]) -> np.ndarray:
    y = xh
    if v.get("weight") is not None:
        y = y * np.reshape(v["weight"], gshape)
    if v.get("bias") is not None:
        y = y + np.reshape(v["bias"], gshape)
    return y


def layer_norm(v: dict[str, Any], p: dict[str, Any], dy: np.ndarray) -> tuple[list[Term], list[Term]]:
    x, axes = v["x"], tuple(p["axes"])
    mu, sigma, xh = _normalized(x, axes, p["eps"])
    gshape = tuple(x.shape[a] for a in axes)
    fw = [Term("μ", "mean(x)", mu), Term("σ", "√(mean((x − μ)²) + ε)", sigma), Term("x̂", "(x − μ)/σ", xh),
          Term("y", "γ ⊙ x̂ + β", _affine(v, xh, gshape))]
    return fw, _norm_backward(v, dy, xh, sigma, axes, gshape, "mean")


def batch_norm(v: dict[str, Any], p: dict[str, Any], dy: np.ndarray) -> tuple[list[Term], list[Term]]:
    x, axes = v["x"], tuple(p["axes"])
    gshape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    if p.get("batch_stats", True):
        mu, sigma, xh = _normalized(x, axes, p["eps"])
        fw = [Term("μ", "mean_B(x)", mu), Term("σ", "√(mean_B((x − μ)²) + ε)", sigma)]
    else:
        mu = np.reshape(p["running_mean"], gshape)
        sigma = np.sqrt(np.reshape(p["running_var"], gshape) + p["eps"])
        xh = (x - mu) / sigma
        fw = [Term("μ", "running_mean", mu), Term("σ", "√(running_var + ε)", sigma)]
    fw += [Term("x̂", "(x − μ)/σ", xh), Term("y", "γ ⊙ x̂ + β", _affine(v, xh, gshape))]
    return fw, _norm_backward(v, dy, xh, sigma, axes, gshape, "mean_B", bool(p.get("batch_stats", True)))


_SQRT_2PI = math.sqrt(2.0 * math.pi)


def gelu(v: dict[str, Any], p: dict[str, Any], dy: np.ndarray) -> tuple[list[Term], list[Term]]:
    x = v["x"]
    if p.get("approximate", "none") == "tanh":
        c = math.sqrt(2.0 / math.pi)
        th = np.tanh(c * (x + 0.044715 * x ** 3))
        d = 0.5 * (1 + th) + 0.5 * x * (1 - th ** 2) * c * (1 + 3 * 0.044715 * x ** 2)
        fw = [Term("y", "½x(1 + tanh(√(2/π)(x + 0.044715x³)))", 0.5 * x * (1 + th))]
        formula = "dy ⊙ (½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)),  t = tanh(√(2/π)(x + 0.044715x³))"
    else:
        Phi = 0.5 * (1 + np.asarray(NP.erf(x / math.sqrt(2.0))))
        phi = np.exp(-0.5 * x * x) / _SQRT_2PI
        d = Phi + x * phi
        fw = [Term("Φ(x)", "½(1 + erf(x/√2))", Phi), Term("y", "x Φ(x)", x * Phi)]
        formula = "dy ⊙ (Φ(x) + x φ(x)),  φ(x) = e^(−x²/2)/√(2π)"
    return fw, [Term("∂L/∂x", formula, dy * d, "x")]


def silu(v: dict[str, Any], p: dict[str, Any], dy: np.ndarray) -> tuple[list[Term], list[Term]]:
    x = v["x"]
    s = 1.0 / (1.0 + np.exp(-x))
    fw = [Term("σ(x)", "1/(1 + e^(−x))", s), Term("y", "x σ(x)", x * s)]
    return fw, [Term("∂L/∂x", "dy ⊙ σ(x)(1 + x(1 − σ(x)))", dy * s * (1 + x * (1 - s)), "x")]


def _softmax(S: np.ndarray) -> np.ndarray:
    e = np.exp(S - np.max(S, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def attention_core(Q: np.ndarray, K: np.ndarray, V: np.ndarray, s: float, M: Any,
                   dO: np.ndarray) -> dict[str, np.ndarray]:
    """Every intermediate of softmax(s·QKᵀ + M) V and of its backward from dO."""
    S = s * (Q @ _mT(K)) + (0 if M is None else M)
    A = _softmax(S)
    dA = dO @ _mT(V)
    dS = A * (dA - np.sum(dA * A, axis=-1, keepdims=True))
    return {"S": S, "A": A, "O": A @ V, "dV": _sum_to(_mT(A) @ dO, V.shape), "dA": dA, "dS": dS,
            "dQ": _sum_to(s * (dS @ K), Q.shape), "dK": _sum_to(s * (_mT(dS) @ Q), K.shape)}


def attention(v: dict[str, Any], p: dict[str, Any], dy: np.ndarray) -> tuple[list[Term], list[Term]]:
    s, M = p["scale"], p.get("bias")
    r = attention_core(v["query"], v["key"], v["value"], s, M, dy)
    sw = f"{s:.4g}"
    fw = [Term("S", f"s·Q Kᵀ{' + M' if M is not None else ''}   (s = {sw})", r["S"]),
          Term("A", "softmax(S)   (" + ("M = −∞ ⇒ A = 0" if M is not None else "Σⱼ Aᵢⱼ = 1") + ")",
               r["A"]),
          Term("O", "A V", r["O"])]
    bw = [Term("∂L/∂V", "Aᵀ dO", r["dV"], "value"), Term("dA", "dO Vᵀ", r["dA"]),
          Term("dS", "A ⊙ (dA − rowsum(dA ⊙ A))" + ("   (M = −∞ ⇒ dS = 0)" if M is not None else ""), r["dS"]),
          Term("∂L/∂Q", "s · dS K", r["dQ"], "query"), Term("∂L/∂K", "s · dSᵀ Q", r["dK"], "key")]
    return fw, bw


def multihead_attention(v: dict[str, Any], p: dict[str, Any], dy: np.ndarray) -> tuple[list[Term], list[Term]]:
    h = int(p["num_heads"])

    def to_lne(a: np.ndarray) -> np.ndarray:  # the module's layout → (L, N, E)
        return a[:, None] if p["unbatched"] else (np.swapaxes(a, 0, 1) if p["batch_first"] else a)

    def from_lne(a: np.ndarray) -> np.ndarray:
        return a[:, 0] if p["unbatched"] else (np.swapaxes(a, 0, 1) if p["batch_first"] else a)

    q, k, val = (to_lne(v[r]) for r in ("query", "key", "value"))
    W, Wo = v["in_proj_weight"], v["out_proj.weight"]
    E = W.shape[1]
    d = E // h
    b = v.get("in_proj_bias")
    b = np.zeros(3 * E, dtype=W.dtype) if b is None else b
    Ws, bs = (W[:E], W[E:2 * E], W[2 * E:]), (b[:E], b[E:2 * E], b[2 * E:])
    P = [x @ w.T + bb for x, w, bb in zip((q, k, val), Ws, bs, strict=True)]
    N = q.shape[1]

    def heads(t: np.ndarray) -> np.ndarray:  # (n, N, E) → (N, h, n, d)
        return t.reshape(t.shape[0], N, h, d).transpose(1, 2, 0, 3)

    def merge(t: np.ndarray) -> np.ndarray:  # (N, h, n, d) → (n, N, E)
        return t.transpose(2, 0, 1, 3).reshape(t.shape[2], N, E)

    dyl = to_lne(dy)
    bo = v.get("out_proj.bias")
    dC = dyl @ Wo
    M = p.get("bias")
    r = attention_core(heads(P[0]), heads(P[1]), heads(P[2]), 1.0 / math.sqrt(d), M, heads(dC))
    C = merge(r["O"])
    y = C @ Wo.T + (0 if bo is None else bo)
    dP = [merge(r["dQ"]), merge(r["dK"]), merge(r["dV"])]
    fw = [Term("Q, K, V", "q W_qᵀ + b_q,  k W_kᵀ + b_k,  v W_vᵀ + b_v   ([W_q; W_k; W_v] = in_proj_weight)",
               np.stack(P) if P[0].shape == P[1].shape == P[2].shape else P[0]),
          Term("A", f"softmax(Qᵢ Kᵢᵀ/√d{' + M' if M is not None else ''}),  i = 1…h   (h = {h}, d = E/h = {d})",
               r["A"]),
          Term("y", "concat(A₁V₁, …, A_hV_h) W_oᵀ + b_o", from_lne(y))]
    rows = lambda a: a.reshape(-1, a.shape[-1])  # noqa: E731
    bw = [Term("dC", "dy W_o", dC),
          Term("∂L/∂W_o", "Σₙ dyₙᵀ Cₙ", rows(dyl).T @ rows(C), "out_proj.weight")]
    if bo is not None:
        bw.append(Term("∂L/∂b_o", "Σₙ dyₙ", rows(dyl).sum(axis=0), "out_proj.bias"))
    bw.append(Term("dS", "Aᵢ ⊙ (dAᵢ − rowsum(dAᵢ ⊙ Aᵢ)),  dAᵢ = dCᵢ Vᵢᵀ,  i = 1…h", r["dS"]))
    bw.append(Term("∂L/∂in_proj_weight", "[Σ dQᵀ q; Σ dKᵀ k; Σ dVᵀ v],  dQᵢ = dSᵢ Kᵢ/√d, dKᵢ = dSᵢᵀ Qᵢ/√d, "
                   "dVᵢ = Aᵢᵀ dCᵢ", np.concatenate([rows(g).T @ rows(x) for g, x in zip(dP, (q, k, val),
                                                                                          strict=True)]),
                   "in_proj_weight"))
    if v.get("in_proj_bias") is not None:
        bw.append(Term("∂L/∂in_proj_bias", "[Σ dQ; Σ dK; Σ dV]",
                       np.concatenate([rows(g).sum(axis=0) for g in dP]), "in_proj_bias"))
    for name, g, w, role in (("q", dP[0], Ws[0], "query"), ("k", dP[1], Ws[1], "key"), ("v", dP[2], Ws[2], "value")):
        bw.append(Term(f"∂L/∂{name}", f"d{name.upper()} W_{name}", from_lne(g @ w), role))
    return fw, bw


RULES: dict[str, Rule] = {"linear": linear, "layer_norm": layer_norm, "batch_norm": batch_norm, "gelu": gelu,
                          "silu": silu, "attention": attention, "multihead_attention": multihead_attention}

__all__ = ["Term", "RULES", "attention_core"]
