"""Fused ``linear``: y = x Wᵀ + b;  x̄ = ȳ W,  W̄ = ȳᵀ x,  b̄ = Σ_batch ȳ."""

from __future__ import annotations

from mibun.autodiff.backends import NP, raw
from mibun.autodiff.registry import defop


def _linear_fwd(x, w, b=None):
    if x.ndim > 2:      # one matrix product over every leading axis: NumPy's stacked matmul is ~1.6× slower
        y = (x.reshape(-1, x.shape[-1]) @ w.T).reshape(*x.shape[:-1], w.shape[0])
    else:
        y = x @ w.T
    if b is not None:
        y += b
    return y


def _flat2(ns, a):
    shape = raw(a).shape
    return a if len(shape) == 2 else ns.reshape(a, (-1, shape[-1]))


def _lin_vx(ns, g, out, x, w, *b):
    if ns is NP:
        if g.ndim > 2:
            return (g.reshape(-1, g.shape[-1]) @ w).reshape(*g.shape[:-1], w.shape[1])
        return g @ w
    return ns.matmul(g, w)


def _lin_vw(ns, g, out, x, w, *b):
    if ns is NP:                                  # the fast path: plain NumPy calls
        if g.ndim == 2:
            return g.T @ x
        return g.reshape(-1, g.shape[-1]).T @ x.reshape(-1, x.shape[-1])
    g2, x2 = _flat2(ns, g), _flat2(ns, x)
    return ns.matmul(ns.transpose(g2, (1, 0)), x2)


def _lin_vb(ns, g, out, x, w, b):
    if ns is NP:
        return g.sum(axis=0) if g.ndim == 2 else g.reshape(-1, g.shape[-1]).sum(axis=0)
    g2 = _flat2(ns, g)
    return ns.sum(g2, axis=0)


LINEAR = defop("linear", lambda x, w, b: _linear_fwd(x, w, b), (_lin_vx, _lin_vw, _lin_vb),
               rule=("x̄ = ȳ W", "W̄ = ȳᵀ x", "b̄ = Σ_batch ȳ"),
               rule_latex=(r"\bar x = \bar y W", r"\bar W = \bar y^{\top} x", r"\bar b = \sum_n \bar y_n"),
               template="linear({0}, {1}, {2})",
               shape_hint="engine.hint.linear_shapes")
LINEAR_NOBIAS = defop("linear_nobias", lambda x, w: _linear_fwd(x, w), (_lin_vx, _lin_vw),
                      rule=("x̄ = ȳ W", "W̄ = ȳᵀ x"),
                      rule_latex=(r"\bar x = \bar y W", r"\bar W = \bar y^{\top} x"),
                      template="linear({0}, {1})",
                      shape_hint="engine.hint.linear_shapes")

__all__ = ["LINEAR", "LINEAR_NOBIAS"]
