"""Fused LSTM layer: each step's four gates in one matmul ([W_hh | W_ih | b] times [hₜ₋₁; xₜ; 1]), with
backpropagation through time written out in NumPy. Double backward is not supported (a ``GraphError``)."""

from __future__ import annotations

import threading

import numpy as np

from mibun.autodiff.backends import NP
from mibun.autodiff.devices import xp_of
from mibun.autodiff.registry import defop
from mibun.nn.ops._common import no_double


# The forward pass writes into one flat buffer: [h_1 … h_T, c_T | c_1 … c_T | tanh c_1 … tanh c_T | gate
# activations]. The op's output is a view of its first part, so the backward pass finds the saved cells and
# gates through ``out.base`` instead of running the forward again (PyTorch saves the same "reserve" for its
# fused LSTM). Inside, every step works on transposed states, (H, B) instead of (B, H): the four gates of a
# step are then four contiguous (H, B) blocks of one (4H, B) array, and NumPy's elementwise kernels run on
# contiguous memory (about 3× faster than on the (B, H) column slices of a (B, 4H) array).
def _lstm_layout(t_len, bsz, hid):
    n_out = (t_len + 1) * bsz * hid
    n_c = t_len * bsz * hid
    n_a = t_len * bsz * 4 * hid
    return n_out, n_c, n_c, n_a


def _lstm_views(buf, t_len, bsz, hid):
    """The reserve's parts: out (T+1, B, H); cells, tanh of the cells (T, H, B); gates (T, 4H, B)."""
    n_out, n_c, _, _ = _lstm_layout(t_len, bsz, hid)
    out = buf[:n_out].reshape(t_len + 1, bsz, hid)
    cs = buf[n_out:n_out + n_c].reshape(t_len, hid, bsz)
    tcs = buf[n_out + n_c:n_out + 2 * n_c].reshape(t_len, hid, bsz)
    acts = buf[n_out + 2 * n_c:].reshape(t_len, 4 * hid, bsz)
    return out, cs, tcs, acts


_SCRATCH = threading.local()


def _scratch(mod, name, shape, dt):
    """A work array that lives from one call to the next (per thread, one per name, up to 16 MiB each): a
    fresh multi-megabyte array would be new pages from the kernel on every step, page faults that cost about
    a tenth of a small LSTM's train step. Its contents are garbage; nothing it holds outlives the call that
    fills it. ``_lstm_clear()`` lets them go."""
    cache = _SCRATCH.__dict__
    a = cache.get(name)
    if a is None or a.shape != shape or a.dtype != dt or xp_of(a) is not mod:
        a = mod.empty(shape, dtype=dt)
        if a.nbytes <= _SCRATCH_MAX_BYTES:      # a large layer's work arrays are not held between calls
            cache[name] = a
        else:
            cache.pop(name, None)
    return a


_SCRATCH_MAX_BYTES = 16 << 20


_PERMS: dict = {}


def _perm(hid):
    """Row order [i, f, o, g] (the three sigmoid gates together) from PyTorch's [i, f, g, o]."""
    p = _PERMS.get(hid)
    if p is None:
        p = _PERMS[hid] = np.r_[0:2 * hid, 3 * hid:4 * hid, 2 * hid:3 * hid]
    return p


def _lstm_fwd(x, h0, c0, w_ih, w_hh, b):
    """Forward over time. x (T, B, I) → (T+1, B, H): every h_t, then c_T. Internally the gates are kept
    in the order [i, f, o, g], so the three sigmoids are one contiguous block:
        aₜ = W_ih xₜ + W_hh hₜ₋₁ + b,  cₜ = σ(f) ⊙ cₜ₋₁ + σ(i) ⊙ tanh(g),  hₜ = σ(o) ⊙ tanh(cₜ)."""
    t_len, bsz, _ = x.shape
    hid = w_hh.shape[1]
    dt = np.result_type(x, w_ih)
    mod = xp_of(x)                  # NumPy, or the device's module: every buffer is made on x's device
    buf = mod.empty(sum(_lstm_layout(t_len, bsz, hid)), dtype=dt)
    out, cs, tcs, acts = _lstm_views(buf, t_len, bsz, hid)
    perm = mod.asarray(_perm(hid))
    # σ(a) = ½(1 + tanh(a/2)): the sigmoid rows are pre-scaled by ½, then one tanh covers all gates
    scale = mod.full((4 * hid, 1), 0.5, dtype=dt)
    scale[3 * hid:] = 1.0
    n_in = x.shape[2]
    k = hid + n_in + (b is not None)
    w = mod.empty((4 * hid, k), dtype=dt)                  # [W_hh | W_ih | b]: rows [i, f, o, g], sigmoid rows ½
    np.multiply(w_hh[perm], scale, out=w[:, :hid])
    np.multiply(w_ih[perm], scale, out=w[:, hid:hid + n_in])
    if b is not None:
        np.multiply(b[perm], scale[:, 0], out=w[:, hid + n_in])
    z = _scratch(mod, "z", (t_len + 1, k, bsz), dt)        # [h_{t-1}; x_t; 1] for every step, transposed
    z[:t_len, hid:hid + n_in] = x.transpose(0, 2, 1)
    if b is not None:
        z[:, hid + n_in] = 1
    z[0, :hid] = h0.T
    c = c0.astype(dt, copy=False).T
    tmp = _scratch(mod, "tmp", (hid, bsz), dt)
    h2, h3 = 2 * hid, 3 * hid
    for t in range(t_len):
        act = acts[t]
        np.matmul(w, z[t], out=act)                        # four gates, input and bias in one matmul
        np.tanh(act, out=act)
        sg = act[:h3]
        sg *= 0.5
        sg += 0.5
        ct = cs[t]
        np.multiply(act[hid:h2], c, out=ct)                                   # f ⊙ c
        np.multiply(act[:hid], act[h3:], out=tmp)                             # i ⊙ g
        ct += tmp
        c = ct
        tc = tcs[t]
        np.tanh(ct, out=tc)
        np.multiply(act[h2:h3], tc, out=z[t + 1, :hid])                       # o ⊙ tanh c
    hs = z[1:, :hid]
    if t_len:
        out[:t_len] = hs.transpose(0, 2, 1)
        out[t_len] = cs[t_len - 1].T
    else:
        out[t_len] = c0
    return out


_LSTM_CACHE: dict = {}


def _lstm_bptt(g, out, x, h0, c0, w_ih, w_hh, b):
    """Backpropagation through time for the fused layer; returns the six input cotangents. What does not
    depend on the cotangents is computed for every step at once before the loop (fewer, larger NumPy
    calls), in PyTorch's gate order [i, f, g, o], so the gate cotangents multiply the weights as they are:
        kᵢ = g·σ'(i),  k_f = cₜ₋₁·σ'(f),  k_g = i·(1 − g²),  k_o = tanh cₜ·σ'(o),  p = o·(1 − tanh² cₜ);
        per step: dc += dh·p,  d(i, f, g) = dc·k,  d(o) = dh·k_o,  dhₜ₋₁ = W_hhᵀ daₜ,  dcₜ₋₁ = dc·f."""
    t_len, bsz, _ = x.shape
    hid = w_hh.shape[1]
    buf = out.base
    if buf is None or buf.ndim != 1 or buf.size != sum(_lstm_layout(t_len, bsz, hid)):
        buf = _lstm_fwd(x, h0, c0, w_ih, w_hh, b).base                       # saved values not found: recompute
    out, cs, tcs, acts = _lstm_views(buf, t_len, bsz, hid)
    dt = buf.dtype
    mod = xp_of(buf)
    g = g.astype(dt, copy=False)
    h2, h3 = 2 * hid, 3 * hid
    a_i, a_f, a_o, a_g = acts[:, :hid], acts[:, hid:h2], acts[:, h2:h3], acts[:, h3:]   # saved as [i, f, o, g]
    da = _scratch(mod, "da", (t_len, 4 * hid, bsz), dt)   # first the factors k, then the gate cotangents
    k_i, k_f, k_g, k_o = da[:, :hid], da[:, hid:h2], da[:, h2:h3], da[:, h3:]
    np.subtract(1, a_i, out=k_i)
    k_i *= a_i
    k_i *= a_g
    np.subtract(1, a_f, out=k_f)
    k_f *= a_f
    k_f[0] *= c0.astype(dt, copy=False).T
    k_f[1:] *= cs[:-1]
    np.multiply(a_g, a_g, out=k_g)
    np.subtract(1, k_g, out=k_g)
    k_g *= a_i
    np.subtract(1, a_o, out=k_o)
    k_o *= a_o
    k_o *= tcs
    p = _scratch(mod, "p", (t_len, hid, bsz), dt)
    np.multiply(tcs, tcs, out=p)
    np.subtract(1, p, out=p)
    p *= a_o
    gt = _scratch(mod, "gt", (t_len, hid, bsz), dt)                           # g as (T, H, B)
    gt[...] = g[:t_len].transpose(0, 2, 1)
    dh = mod.zeros((hid, bsz), dtype=dt)
    dc = mod.ascontiguousarray(g[t_len].T)
    tmp = _scratch(mod, "tmp", (hid, bsz), dt)
    wht = w_hh.T                                                              # (H, 4H)
    for t in range(t_len - 1, -1, -1):
        dh += gt[t]
        np.multiply(dh, p[t], out=tmp)           # dc += dh · o · (1 − tanh² c)
        dc += tmp
        d = da[t]
        d3 = d[:h3].reshape(3, hid, bsz)
        np.multiply(d3, dc, out=d3)              # di, df, dg = dc · (kᵢ, k_f, k_g)
        d[h3:] *= dh                             # do = dh · k_o
        np.matmul(wht, d, out=dh)
        dc *= a_f[t]
    a3 = _scratch(mod, "a3", (4 * hid, t_len, bsz), dt)
    a3[...] = da.transpose(1, 0, 2)
    a2 = a3.reshape(4 * hid, t_len * bsz)
    dx = (a2.T @ w_ih).reshape(x.shape)
    dw_ih = a2 @ x.reshape(t_len * bsz, -1)
    dw_hh = a3[:, 1:].reshape(4 * hid, (t_len - 1) * bsz) @ out[:t_len - 1].reshape((t_len - 1) * bsz, hid)
    dw_hh += da[0] @ h0.astype(dt, copy=False)
    db = a2.sum(axis=1)
    return dx, mod.ascontiguousarray(dh.T), mod.ascontiguousarray(dc.T), dw_ih, dw_hh, db


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
    """Drop the cached cotangents and this thread's work arrays."""
    _LSTM_CACHE.clear()
    _SCRATCH.__dict__.clear()


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
