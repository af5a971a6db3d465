"""Fused ``embedding``: y = W[idx];  W̄[i] = Σ of ḡ over the positions holding index i."""

from __future__ import annotations

import numpy as np

from mibun.autodiff.backends import NP, raw
from mibun.autodiff.devices import is_foreign
from mibun.autodiff.registry import defop


def np_scatter_rows(g, idx, n_rows):
    """Σ of the rows of ``g`` (…, D) that share an index: (n_rows, D). Sort + reduceat, much faster
    than np.add.at for many repeated indices."""
    flat = idx.reshape(-1)
    gg = g.reshape(flat.shape[0], -1)
    out = np.zeros_like(gg, shape=(n_rows, gg.shape[1]))  # on g's device
    if flat.size == 0:
        return out
    if type(gg) is not np.ndarray and is_foreign(gg):  # a device's array: a scatter-add there (CuPy: cupy.add.at)
        np.add.at(out, flat, gg)
        return out
    order = np.argsort(flat, kind="stable")
    s = flat[order]
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
    out[s[starts]] = np.add.reduceat(gg[order], starts, axis=0)
    return out


def _emb_vjp(ns, g, out, w, indices):
    if ns is NP:
        return np_scatter_rows(g, indices, w.shape[0])
    return ns.index_grad(g, indices, raw(w).shape)


EMBEDDING = defop("embedding", lambda w, indices: w[indices], (_emb_vjp,),
                  (lambda t, out, w, indices: t[indices],),
                  rule=("W̄[i] = Σ of ḡ over the positions holding index i",),
                  rule_latex=(r"\bar W_i = \sum_{p:\,\mathrm{idx}_p = i} \bar y_p",), template="embedding({0})")

__all__ = ["EMBEDDING", "np_scatter_rows"]
