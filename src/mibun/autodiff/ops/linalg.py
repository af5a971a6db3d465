"""Matrix product. For Y = A B (batched, NumPy's matmul rules incl. 1-D operands):

    Ā = Ȳ Bᵀ,    B̄ = Aᵀ Ȳ        (summed over broadcast batch axes by the engine)
"""

from __future__ import annotations

import numpy as np

from mibun.autodiff.backends import raw
from mibun.autodiff.registry import defop


def _mT(ns, x):
    nd = raw(x).ndim
    perm = tuple(range(nd - 2)) + (nd - 1, nd - 2)
    return ns.transpose(x, perm)


def _vjp_a(ns, g, out, a, b):
    an, bn = raw(a).ndim, raw(b).ndim
    if an == 2 and bn == 2:                       # the common case, without the generic machinery
        return g @ b.T
    if an == 1 and bn == 1:
        return g * b
    if bn == 1:                                   # (..., m, k) @ (k,) -> (..., m)
        return ns.reshape(g, raw(g).shape + (1,)) * b
    if an == 1:                                   # (k,) @ (..., k, n) -> (..., n)
        gcol = ns.reshape(g, raw(g).shape + (1,))
        prod = ns.matmul(b, gcol)                # (..., k, 1)
        return ns.reshape(prod, raw(prod).shape[:-1])
    return ns.matmul(g, _mT(ns, b))


def _vjp_b(ns, g, out, a, b):
    an, bn = raw(a).ndim, raw(b).ndim
    if an == 2 and bn == 2:
        return a.T @ g
    if an == 1 and bn == 1:
        return g * a
    if an == 1:                                   # (k,) @ (..., k, n): B̄ = a ⊗ ḡ
        return ns.reshape(a, (raw(a).shape[0], 1)) * ns.reshape(g, raw(g).shape[:-1] + (1, raw(g).shape[-1]))
    if bn == 1:                                   # (..., m, k) @ (k,): b̄ = Aᵀ ḡ
        gcol = ns.reshape(g, raw(g).shape + (1,))
        prod = ns.matmul(_mT(ns, a), gcol)       # (..., k, 1)
        return ns.reshape(prod, raw(prod).shape[:-1])
    return ns.matmul(_mT(ns, a), g)


MATMUL = defop("matmul", np.matmul, (_vjp_a, _vjp_b),
               (lambda t, out, a, b: np.matmul(t, b), lambda t, out, a, b: np.matmul(a, t)),
               rule=("∂(AB)/∂A: Ā = Ȳ Bᵀ", "∂(AB)/∂B: B̄ = Aᵀ Ȳ"),
               rule_latex=(r"\bar A = \bar Y B^{\top}", r"\bar B = A^{\top} \bar Y"),
               template="{0} @ {1}", symbol="@",
               shape_hint="engine.hint.matmul_shapes")
