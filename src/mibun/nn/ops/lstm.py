"""Fused LSTM layer: all inputs projected in one matmul, the four gates in one matmul per step, with
backpropagation through time written out in NumPy. Double backward is not supported (a ``GraphError``)."""

from __future__ import annotations

import numpy as np

from mibun.autodiff.backends import NP
from mibun.autodiff.devices import xp_of
from mibun.autodiff.registry import defop
from mibun.nn.ops._common import no_double


# The forward pass writes into one flat buffer: [h_1 … h_T, c_T | c_1 … c_T | gate activations]. The op's
# output is a view of its first part, so the backward pass finds the saved cells and gates through
# ``out.base`` instead of running the forward again (PyTorch saves the same "reserve" for its fused LSTM).
def _lstm_layout(t_len, bsz, hid):
    n_out = (t_len + 1) * bsz * hid
    n_c = t_len * bsz * hid
    n_a = t_len * bsz * 4 * hid
    return n_out, n_c, n_a


def _lstm_views(buf, t_len, bsz, hid):
    n_out, n_c, n_a = _lstm_layout(t_len, bsz, hid)
    out = buf[:n_out].reshape(t_len + 1, bsz, hid)
    cs = buf[n_out:n_out + n_c].reshape(t_len, bsz, hid)
    acts = buf[n_out + n_c:].reshape(t_len, bsz, 4 * hid)
    return out, cs, acts


def _perm(hid):
    """Row order [i, f, o, g] (the three sigmoid gates together) from PyTorch's [i, f, g, o]."""
    return np.r_[0:2 * hid, 3 * hid:4 * hid, 2 * hid:3 * hid]


def _lstm_fwd(x, h0, c0, w_ih, w_hh, b):
    """Forward over time. x (T, B, I) → (T+1, B, H): every h_t, then c_T. Internally the gates are kept
    in the order [i, f, o, g], so the three sigmoids are one contiguous block."""
    t_len, bsz, _ = x.shape
    hid = w_hh.shape[1]
    dt = np.result_type(x, w_ih)
    mod = xp_of(x)                  # NumPy, or the device's module: every buffer is made on x's device
    buf = mod.empty(sum(_lstm_layout(t_len, bsz, hid)), dtype=dt)
    out, cs, acts = _lstm_views(buf, t_len, bsz, hid)
    perm = mod.asarray(_perm(hid))
    # σ(a) = ½(1 + tanh(a/2)): the sigmoid rows are pre-scaled by ½, then one tanh covers all gates
    scale = mod.full((4 * hid, 1), 0.5, dtype=dt)
    scale[3 * hid:] = 1.0
    wi = w_ih[perm] * scale
    wh = mod.ascontiguousarray((w_hh[perm] * scale).T)                        # (H, 4H)
    xp = (x.reshape(t_len * bsz, -1) @ wi.T).reshape(t_len, bsz, 4 * hid)    # all steps in one matmul
    if b is not None:
        xp += b[perm] * scale[:, 0]
    h, c = h0.astype(dt, copy=False), c0.astype(dt, copy=False)
    tmp = mod.empty((bsz, hid), dtype=dt)
    h3 = 3 * hid
    for t in range(t_len):
        act = acts[t]
        np.matmul(h, wh, out=act)                                             # four gates in one matmul
        act += xp[t]
        np.tanh(act, out=act)
        sg = act[:, :h3]
        sg *= 0.5
        sg += 0.5
        ct = cs[t]
        np.multiply(act[:, hid:2 * hid], c, out=ct)                            # f ⊙ c
        np.multiply(act[:, :hid], act[:, h3:], out=tmp)                         # i ⊙ g
        ct += tmp
        c = ct
        ht = out[t]
        np.tanh(c, out=ht)
        ht *= act[:, 2 * hid:h3]                                                # o ⊙ tanh c
        h = ht
    out[t_len] = cs[t_len - 1] if t_len else c0
    return out


_LSTM_CACHE: dict = {}


def _lstm_bptt(g, out, x, h0, c0, w_ih, w_hh, b):
    """Backpropagation through time for the fused layer; returns the six input cotangents. The saved
    gates are in the internal order [i, f, o, g]; the gate cotangents ``da`` are in PyTorch's order
    [i, f, g, o], so they multiply W_ih and W_hh as they are."""
    t_len, bsz, _ = x.shape
    hid = w_hh.shape[1]
    buf = out.base
    if buf is None or buf.ndim != 1 or buf.size != sum(_lstm_layout(t_len, bsz, hid)):
        buf = _lstm_fwd(x, h0, c0, w_ih, w_hh, b).base                       # saved values not found: recompute
    hs_all, cs, acts = _lstm_views(buf, t_len, bsz, hid)
    hs = hs_all[:t_len]
    dt = buf.dtype
    g = g.astype(dt, copy=False)
    c0 = c0.astype(dt, copy=False)
    dh_out = g[:t_len]
    mod = xp_of(buf)
    dh = mod.zeros((bsz, hid), dtype=dt)
    dc = g[t_len].copy()
    da = mod.empty((t_len, bsz, 4 * hid), dtype=dt)
    tc = mod.empty((bsz, hid), dtype=dt)
    tmp = mod.empty((bsz, hid), dtype=dt)
    for t in range(t_len - 1, -1, -1):
        act = acts[t]
        i, f, o, gg = act[:, :hid], act[:, hid:2 * hid], act[:, 2 * hid:3 * hid], act[:, 3 * hid:]
        np.tanh(cs[t], out=tc)
        dh += dh_out[t]
        # dc += dh · o · (1 − tanh² c)
        np.multiply(tc, tc, out=tmp)
        np.subtract(1, tmp, out=tmp)
        tmp *= o
        tmp *= dh
        dc += tmp
        c_prev = cs[t - 1] if t > 0 else c0
        d = da[t]
        di, df, dg, do = d[:, :hid], d[:, hid:2 * hid], d[:, 2 * hid:3 * hid], d[:, 3 * hid:]
        np.subtract(1, i, out=di)                # di = dc · g · i (1 − i)
        di *= i
        di *= gg
        di *= dc
        np.subtract(1, f, out=df)                # df = dc · c_prev · f (1 − f)
        df *= f
        df *= c_prev
        df *= dc
        np.multiply(gg, gg, out=dg)              # dg = dc · i · (1 − g²)
        np.subtract(1, dg, out=dg)
        dg *= i
        dg *= dc
        np.subtract(1, o, out=do)                # do = dh · tanh c · o (1 − o)
        do *= o
        do *= tc
        do *= dh
        np.matmul(d, w_hh, out=dh)
        dc *= f
    da2 = da.reshape(t_len * bsz, 4 * hid)
    dx = (da2 @ w_ih).reshape(x.shape)
    dw_ih = da2.T @ x.reshape(t_len * bsz, -1)
    dw_hh = da2[bsz:].T @ hs[:-1].reshape((t_len - 1) * bsz, hid)
    dw_hh += da[0].T @ h0.astype(dt, copy=False)
    db = da2.sum(axis=0)
    return dx, dh, dc, dw_ih, dw_hh, db


def _lstm_vjp_k(k):
    def vjp(ns, g, out, x, h0, c0, w_ih, w_hh, *b):
        if ns is not NP:
            no_double("lstm")
        key = _LSTM_CACHE.get("key")
        if key is None or key[0] is not g or key[1] is not out:
            _LSTM_CACHE["key"] = (g, out)
            _LSTM_CACHE["val"] = _lstm_bptt(g, out, x, h0, c0, w_ih, w_hh, b[0] if b else None)
        res = _LSTM_CACHE["val"][k]
        if k == 4 + len(b):                      # the last input: drop the cached cotangents
            _LSTM_CACHE.clear()
        return res

    return vjp


def _lstm_clear():
    _LSTM_CACHE.clear()


LSTM_LAYER = defop(
    "lstm_layer", lambda x, h0, c0, w_ih, w_hh, b: _lstm_fwd(x, h0, c0, w_ih, w_hh, b),
    tuple(_lstm_vjp_k(k) for k in range(6)),
    rule=("backpropagation through time: ḡ flows back through every step's gates",),
    rule_latex=(r"\text{BPTT}",), template="lstm({0})")
LSTM_LAYER_NOBIAS = defop(
    "lstm_layer_nobias", lambda x, h0, c0, w_ih, w_hh: _lstm_fwd(x, h0, c0, w_ih, w_hh, None),
    tuple(_lstm_vjp_k(k) for k in range(5)),
    rule=("backpropagation through time: ḡ flows back through every step's gates",),
    rule_latex=(r"\text{BPTT}",), template="lstm({0})")

__all__ = ["LSTM_LAYER", "LSTM_LAYER_NOBIAS"]
