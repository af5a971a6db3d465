"""Shape primitives: reshape, transpose, broadcast_to, indexing and its adjoint (scatter-add), and
concatenate. Their derivatives only move numbers: the VJP is the inverse movement of ḡ."""

from __future__ import annotations

import numpy as np

from mibun.autodiff.backends import np_index_grad, raw
from mibun.autodiff.registry import defop

RESHAPE = defop("reshape", lambda x, shape: np.reshape(x, shape),
                (lambda ns, g, out, x, shape: ns.reshape(g, raw(x).shape),),
                (lambda t, out, x, shape: np.reshape(t, shape),),
                rule=("reshape moves numbers: ḡ is reshaped back",),
                rule_latex=(r"\bar u = \mathrm{reshape}(\bar y, \mathrm{shape}(u))",), template="reshape({0})")
TRANSPOSE = defop("transpose", lambda x, axes=None: np.transpose(x, axes),
                  (lambda ns, g, out, x, axes=None:
                   ns.transpose(g, None if axes is None else tuple(np.argsort(axes))),),
                  (lambda t, out, x, axes=None: np.transpose(t, axes),),
                  rule=("transpose moves numbers: ḡ is transposed back",),
                  rule_latex=(r"\bar u = \bar y^{\top}",), template="{0}ᵀ")
# The engine sums ḡ over the broadcast axes ("unbroadcast"), so the VJP itself is the identity.
BROADCAST_TO = defop("broadcast_to", lambda x, shape: np.broadcast_to(x, shape),
                     (lambda ns, g, out, x, shape: g,), (lambda t, out, x, shape: np.broadcast_to(t, shape),),
                     rule=("copies of u: ḡ is summed over the copied axes",),
                     rule_latex=(r"\bar u = \textstyle\sum_{\text{copies}} \bar y",),
                     template="broadcast({0})")
GETITEM = defop("getitem", lambda x, index: x[index],
                (lambda ns, g, out, x, index: ns.index_grad(g, index, raw(x).shape),),
                (lambda t, out, x, index: t[index],),
                rule=("∂u[idx]/∂u: ḡ goes back to the positions taken (added where taken twice)",),
                rule_latex=(r"\bar u[\mathrm{idx}] \mathrel{+}= \bar y",), template="{0}[…]")
INDEX_GRAD = defop("index_grad", np_index_grad,
                   (lambda ns, g, out, x, index, shape: g[index],),
                   (lambda t, out, x, index, shape: np_index_grad(t, index, shape),),
                   rule=("adjoint of indexing: ḡ is read back at the positions",),
                   rule_latex=(r"\bar u = \bar y[\mathrm{idx}]",), template="scatter({0})")


def _concat_slices(i, inputs, axis):
    """The index that selects input ``i``'s part of a concatenation along ``axis``."""
    sizes = [raw(a).shape[axis] for a in inputs]
    start = sum(sizes[:i])
    nd = raw(inputs[0]).ndim
    ax = axis % nd
    return (slice(None),) * ax + (slice(start, start + sizes[i]),)


CONCATENATE = defop(
    "concatenate", lambda *xs, axis=0: np.concatenate(xs, axis=axis),
    (lambda ns, g, out, i, *xs, axis=0: g[_concat_slices(i, xs, axis)],),
    (lambda t, out, i, *xs, axis=0: np_index_grad(t, _concat_slices(i, xs, axis), out.shape),),
    nary=True, rule=("each input receives its own slice of ḡ",),
    rule_latex=(r"\bar u_k = \bar y[\text{slice}_k]",), template="concat(…)")
