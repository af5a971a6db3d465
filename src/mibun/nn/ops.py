"""Fused primitives for neural networks, registered in the engine's op registry like every other op.

Each is one node in the graph with a hand-written VJP, because the fused form is faster and more
accurate than the composition of its parts:

* ``linear``:  y = x Wᵀ + b;            x̄ = ȳ W,  W̄ = ȳᵀ x,  b̄ = Σ_batch ȳ
* ``cross_entropy`` (class indices): ℓᵢ = −Σ_c qᵢc log softmax(zᵢ)_c with q = (1−ε)·onehot(yᵢ) + ε/C;
  z̄ᵢ = (softmax(zᵢ) − qᵢ) · ḡᵢ  (÷ the number of counted rows for reduction='mean')
* ``bce_with_logits``: ℓ = max(z,0) − z·y + log(1 + e^{−|z|});  z̄ = (σ(z) − y)·ḡ
* ``binary_cross_entropy``: ℓ = −(y log p + (1−y) log(1−p)), logs clamped at −100 (as PyTorch)
* ``conv2d`` (im2col: the sliding windows become the rows of a matrix, the convolution one matmul),
  ``max_pool2d``, ``avg_pool2d``
* ``lstm``: a whole LSTM layer over time (all inputs projected in one matmul, the four gates in one
  matmul per step) with backpropagation through time written out in NumPy.

The VJPs of ``linear``, ``cross_entropy``, ``bce_with_logits`` and ``binary_cross_entropy`` also work
on the differentiable namespace (``create_graph=True``); conv, pooling and the fused LSTM raise a
``GraphError`` there (double backward is not supported for them).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from mibun.autodiff.backends import NP, raw
from mibun.autodiff.registry import defop
from mibun.errors import GraphError


def _F():
    from mibun.autodiff import functions

    return functions


def _no_double(name):
    raise GraphError("nn.err.double_backward", name=name)


# ---------------------------------------------------------------------------------------- linear
def _linear_fwd(x, w, b=None):
    y = x @ w.T
    if b is not None:
        y += b
    return y


def _flat2(ns, a):
    shape = raw(a).shape
    return a if len(shape) == 2 else ns.reshape(a, (-1, shape[-1]))


def _lin_vx(ns, g, out, x, w, *b):
    if ns is NP:
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
               shape_hint="Linear needs the last axis of the input to equal in_features")
LINEAR_NOBIAS = defop("linear_nobias", lambda x, w: _linear_fwd(x, w), (_lin_vx, _lin_vw),
                      rule=("x̄ = ȳ W", "W̄ = ȳᵀ x"),
                      rule_latex=(r"\bar x = \bar y W", r"\bar W = \bar y^{\top} x"),
                      template="linear({0}, {1})",
                      shape_hint="Linear needs the last axis of the input to equal in_features")


# ---------------------------------------------------------------------------------------- cross entropy
def _shifted(z):
    """z − max z per row (exact in floating point for the largest entries)."""
    return z - z.max(axis=1, keepdims=True)


def np_log_softmax(z):
    """(z − m) − log Σ exp(z − m): keeps full relative precision even for logits of ±1e4 in float32."""
    s = _shifted(z)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def np_softmax(z):
    e = np.exp(_shifted(z))
    return e / e.sum(axis=1, keepdims=True)


def _ce_fwd(z, target, valid, count, label_smoothing, reduction, weight=None):
    """ℓᵢ = logΣexp(zᵢ) − (1−ε) z_{i,yᵢ} − (ε/C) Σ_c z_ic, computed on z − max z. ``valid``: None when no
    row is ignored, else the mask of counted rows; ``count``: the divisor of 'mean' (rows counted, or
    the sum of their class weights). With class weights w: ℓᵢ = (1−ε) w_{yᵢ} (lse − z_{i,yᵢ}) +
    (ε/C) Σ_c w_c (lse − z_ic), as PyTorch."""
    n, c = z.shape
    s = _shifted(z)
    lse = np.log(np.exp(s).sum(axis=1))
    rows = np.arange(n)
    if weight is None:
        loss = lse - (1.0 - label_smoothing) * s[rows, target]
        if label_smoothing:
            loss -= (label_smoothing / c) * s.sum(axis=1)
    else:
        wy = weight[target]
        loss = (1.0 - label_smoothing) * wy * (lse - s[rows, target])
        if label_smoothing:
            loss += (label_smoothing / c) * (lse * weight.sum() - s @ weight)
    if valid is not None:
        loss = np.where(valid, loss, 0)
    loss = loss.astype(z.dtype, copy=False)
    if reduction == "none":
        return loss
    total = loss.sum()
    if reduction == "sum":
        return total
    return (total / count if count else np.float64(np.nan)).astype(z.dtype)


def _ce_coefficients(target, n, c, dtype, label_smoothing, weight):
    """(a, Q) with z̄ᵢ = aᵢ softmax(zᵢ) − Qᵢ: a = (1−ε) w_y + (ε/C) Σw,  Q = (1−ε) w_y onehot(y) + (ε/C) w."""
    rows = np.arange(n)
    wy = weight[target]
    a = ((1.0 - label_smoothing) * wy + (label_smoothing / c) * weight.sum()).astype(dtype, copy=False)
    q = np.zeros((n, c), dtype=dtype)
    if label_smoothing:
        q += (label_smoothing / c) * weight
    q[rows, target] += (1.0 - label_smoothing) * wy
    return a, q


def _ce_vjp(ns, g, out, z, target, valid, count, label_smoothing, reduction, weight=None):
    """z̄ = (softmax(z) − q) · ḡ,  q = (1−ε) onehot(y) + ε/C  (÷ count for 'mean'; 0 on ignored rows);
    with class weights z̄ᵢ = (aᵢ softmax(zᵢ) − Qᵢ) · ḡ (see ``_ce_coefficients``)."""
    zr = raw(z)
    n, c = zr.shape
    rows = np.arange(n)
    scale = (1.0 / count if count else float("nan")) if reduction == "mean" else 1.0
    if ns is NP:
        d = np_softmax(zr)
        if weight is None:
            if label_smoothing:
                d -= label_smoothing / c
            d[rows, target] -= 1.0 - label_smoothing
        else:
            a, q = _ce_coefficients(target, n, c, zr.dtype, label_smoothing, weight)
            d *= a[:, None]
            d -= q
        if valid is not None:
            d[~valid] = 0
        if reduction == "none":
            d *= g[:, None]
        else:
            d *= g * scale if reduction == "mean" else g
        return d
    F = _F()
    if weight is None:
        a, q = None, np.zeros((n, c), dtype=zr.dtype)
        q[rows, target] = 1.0 - label_smoothing
        if label_smoothing:
            q += label_smoothing / c
        d = F.softmax(z, axis=1) - q
    else:
        a, q = _ce_coefficients(target, n, c, zr.dtype, label_smoothing, weight)
        d = F.softmax(z, axis=1) * a[:, None] - q
    if valid is not None:
        d = d * valid[:, None].astype(zr.dtype)
    if reduction == "none":
        return d * F.reshape(g, (n, 1))
    return d * (g * scale if reduction == "mean" else g)


CROSS_ENTROPY = defop("cross_entropy", _ce_fwd, (_ce_vjp,),
                      rule=("∂ℓ/∂z = softmax(z) − q (q: the one-hot target, smoothed)",),
                      rule_latex=(r"\frac{\partial \ell}{\partial z} = \mathrm{softmax}(z) - y",),
                      template="cross_entropy({0})")


# ---------------------------------------------------------------------------------------- binary CE
def _bcel_fwd(z, y):
    return np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))


def _bcel_vz(ns, g, out, z, y):
    return (ns.sigmoid(z) - y) * g


def _bcel_vy(ns, g, out, z, y):
    return -z * g


BCE_WITH_LOGITS = defop("bce_with_logits", _bcel_fwd, (_bcel_vz, _bcel_vy),
                        rule=("∂ℓ/∂z = σ(z) − y", "∂ℓ/∂y = −z"),
                        rule_latex=(r"\frac{\partial \ell}{\partial z} = \sigma(z) - y",
                                    r"\frac{\partial \ell}{\partial y} = -z"),
                        template="bce_with_logits({0}, {1})")


def _bce_fwd(p, y):
    with np.errstate(divide="ignore"):
        lp = np.maximum(np.log(p), -100)
        l1p = np.maximum(np.log1p(-p), -100)
    return -(y * lp + (1 - y) * l1p)


def _bce_vp(ns, g, out, p, y):
    # PyTorch: (p − y) / max(p(1 − p), 1e-12)
    if ns is NP:
        return g * (p - y) / np.maximum(p * (1 - p), 1e-12)
    F = _F()
    return g * (p - y) / F.maximum(p * (1 - p), 1e-12)


def _bce_vy(ns, g, out, p, y):
    if ns is NP:
        with np.errstate(divide="ignore"):
            return g * (np.maximum(np.log1p(-p), -100) - np.maximum(np.log(p), -100))
    F = _F()
    return g * (F.maximum(F.log1p(-p), -100.0) - F.maximum(F.log(p), -100.0))


BINARY_CROSS_ENTROPY = defop("binary_cross_entropy", _bce_fwd, (_bce_vp, _bce_vy),
                             rule=("∂ℓ/∂p = (p − y) / (p(1 − p))", "∂ℓ/∂y = log(1−p) − log p"),
                             rule_latex=(r"\frac{\partial \ell}{\partial p} = \frac{p-y}{p(1-p)}",
                                         r"\frac{\partial \ell}{\partial y} = \log(1-p) - \log p"),
                             template="bce({0}, {1})")


# ---------------------------------------------------------------------------------------- conv2d
def _out_size(n, k, s, p, d):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def _windows(xp, kh, kw, stride, dilation, oh, ow):
    """View of the padded input as (N, C, OH, OW, kh, kw) windows (no copy)."""
    n, c, _, _ = xp.shape
    sn, sc, sh, sw = xp.strides
    return as_strided(xp, (n, c, oh, ow, kh, kw),
                      (sn, sc, sh * stride[0], sw * stride[1], sh * dilation[0], sw * dilation[1]),
                      writeable=False)


def _pad(x, padding, value=0.0):
    ph, pw = padding
    if ph == 0 and pw == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=value)


def _conv_geom(x, w, stride, padding, dilation):
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    oh = _out_size(h, kh, stride[0], padding[0], dilation[0])
    ow = _out_size(wd, kw, stride[1], padding[1], dilation[1])
    return n, c, h, wd, o, kh, kw, oh, ow


def _im2col(x, kh, kw, stride, padding, dilation, oh, ow):
    """(N·OH·OW, C·kh·kw) matrix of the windows."""
    xp = _pad(x, padding)
    win = _windows(xp, kh, kw, stride, dilation, oh, ow)          # N C OH OW kh kw
    return win.transpose(0, 2, 3, 1, 4, 5).reshape(x.shape[0] * oh * ow, -1)


def _conv_fwd(x, w, *b, stride, padding, dilation):
    n, c, h, wd, o, kh, kw, oh, ow = _conv_geom(x, w, stride, padding, dilation)
    cols = _im2col(x, kh, kw, stride, padding, dilation, oh, ow)
    y = cols @ w.reshape(o, -1).T                                   # (N·OH·OW, O)
    if b:
        y += b[0]
    return y.reshape(n, oh, ow, o).transpose(0, 3, 1, 2)


def _col2im(dcols, xshape, kh, kw, stride, padding, dilation, oh, ow, dtype):
    """Adjoint of im2col: add each window's gradient back where it was read."""
    n, c, h, wd = xshape
    ph, pw = padding
    dxp = np.zeros((n, c, h + 2 * ph, wd + 2 * pw), dtype=dtype)
    d6 = dcols.reshape(n, oh, ow, c, kh, kw)
    for i in range(kh):
        hi = i * dilation[0]
        for j in range(kw):
            wj = j * dilation[1]
            dxp[:, :, hi:hi + stride[0] * (oh - 1) + 1:stride[0], wj:wj + stride[1] * (ow - 1) + 1:stride[1]] += \
                d6[:, :, :, :, i, j].transpose(0, 3, 1, 2)
    return dxp[:, :, ph:ph + h, pw:pw + wd]


def _g2(g):
    return g.transpose(0, 2, 3, 1).reshape(-1, g.shape[1])          # (N·OH·OW, O)


def _conv_vx(ns, g, out, x, w, *b, stride, padding, dilation):
    if ns is not NP:
        _no_double("conv2d")
    n, c, h, wd, o, kh, kw, oh, ow = _conv_geom(x, w, stride, padding, dilation)
    dcols = _g2(g) @ w.reshape(o, -1)
    return _col2im(dcols, x.shape, kh, kw, stride, padding, dilation, oh, ow, x.dtype)


def _conv_vw(ns, g, out, x, w, *b, stride, padding, dilation):
    if ns is not NP:
        _no_double("conv2d")
    n, c, h, wd, o, kh, kw, oh, ow = _conv_geom(x, w, stride, padding, dilation)
    cols = _im2col(x, kh, kw, stride, padding, dilation, oh, ow)
    return (_g2(g).T @ cols).reshape(w.shape)


def _conv_vb(ns, g, out, x, w, b, stride, padding, dilation):
    if ns is not NP:
        _no_double("conv2d")
    return g.sum(axis=(0, 2, 3))


CONV2D = defop("conv2d", _conv_fwd, (_conv_vx, _conv_vw, _conv_vb),
               rule=("x̄ = col2im(Ȳ W)", "W̄ = Ȳᵀ · im2col(x)", "b̄ = Σ Ȳ"),
               rule_latex=(r"\bar x = \mathrm{col2im}(\bar Y W)", r"\bar W = \bar Y^{\top}\,\mathrm{im2col}(x)",
                           r"\bar b = \sum \bar Y"),
               template="conv2d({0}, {1})",
               shape_hint="Conv2d needs input (N, C_in, H, W) with C_in = in_channels")
CONV2D_NOBIAS = defop("conv2d_nobias", _conv_fwd, (_conv_vx, _conv_vw),
                      rule=("x̄ = col2im(Ȳ W)", "W̄ = Ȳᵀ · im2col(x)"),
                      rule_latex=(r"\bar x = \mathrm{col2im}(\bar Y W)",
                                  r"\bar W = \bar Y^{\top}\,\mathrm{im2col}(x)"),
                      template="conv2d({0}, {1})",
                      shape_hint="Conv2d needs input (N, C_in, H, W) with C_in = in_channels")


# ---------------------------------------------------------------------------------------- pooling
def _pool_geom(x, kernel, stride, padding, dilation=(1, 1)):
    n, c, h, w = x.shape
    oh = _out_size(h, kernel[0], stride[0], padding[0], dilation[0])
    ow = _out_size(w, kernel[1], stride[1], padding[1], dilation[1])
    return n, c, h, w, oh, ow


def _maxpool_windows(x, kernel, stride, padding):
    n, c, h, w, oh, ow = _pool_geom(x, kernel, stride, padding)
    xp = _pad(x, padding, value=-np.inf)
    win = _windows(xp, kernel[0], kernel[1], stride, (1, 1), oh, ow)
    return win.reshape(n, c, oh, ow, -1), oh, ow


def _maxpool_fwd(x, kernel, stride, padding):
    win, _, _ = _maxpool_windows(x, kernel, stride, padding)
    return win.max(axis=-1)


def _maxpool_vjp(ns, g, out, x, kernel, stride, padding):
    if ns is not NP:
        _no_double("max_pool2d")
    win, oh, ow = _maxpool_windows(x, kernel, stride, padding)
    idx = win.argmax(axis=-1)                      # first maximum, as PyTorch
    kh, kw = kernel
    onehot = (idx[..., None] == np.arange(kh * kw)) * g[..., None]
    return _col2im(onehot.transpose(0, 2, 3, 1, 4).reshape(x.shape[0] * oh * ow, -1), x.shape, kh, kw,
                   stride, padding, (1, 1), oh, ow, x.dtype)


MAX_POOL2D = defop("max_pool2d", _maxpool_fwd, (_maxpool_vjp,),
                   rule=("ḡ goes to the largest element of each window",),
                   rule_latex=(r"\bar x_j = \bar y\,[x_j = \max_{\text{window}} x]",),
                   template="max_pool2d({0})")


def _avgpool_fwd(x, kernel, stride, padding):
    n, c, h, w, oh, ow = _pool_geom(x, kernel, stride, padding)
    win = _windows(_pad(x, padding), kernel[0], kernel[1], stride, (1, 1), oh, ow)
    return win.mean(axis=(-2, -1)).astype(x.dtype, copy=False)


def _avgpool_vjp(ns, g, out, x, kernel, stride, padding):
    if ns is not NP:
        _no_double("avg_pool2d")
    n, c, h, w, oh, ow = _pool_geom(x, kernel, stride, padding)
    kh, kw = kernel
    k = g.transpose(0, 2, 3, 1)[..., None] * (1.0 / (kh * kw))
    cols = np.broadcast_to(k, (n, oh, ow, c, kh * kw)).reshape(n * oh * ow, -1)
    return _col2im(cols, x.shape, kh, kw, stride, padding, (1, 1), oh, ow, x.dtype)


AVG_POOL2D = defop("avg_pool2d", _avgpool_fwd, (_avgpool_vjp,),
                   rule=("each element of a window receives ḡ / (kh·kw)",),
                   rule_latex=(r"\bar x_j = \bar y / (k_h k_w)",), template="avg_pool2d({0})")


# ---------------------------------------------------------------------------------------- embedding
def np_scatter_rows(g, idx, n_rows):
    """Σ of the rows of ``g`` (…, D) that share an index: (n_rows, D). Sort + reduceat, much faster
    than np.add.at for many repeated indices."""
    flat = idx.reshape(-1)
    gg = g.reshape(flat.shape[0], -1)
    out = np.zeros((n_rows, gg.shape[1]), dtype=g.dtype)
    if flat.size == 0:
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


# ---------------------------------------------------------------------------------------- fused LSTM layer
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
    buf = np.empty(sum(_lstm_layout(t_len, bsz, hid)), dtype=dt)
    out, cs, acts = _lstm_views(buf, t_len, bsz, hid)
    perm = _perm(hid)
    # σ(a) = ½(1 + tanh(a/2)): the sigmoid rows are pre-scaled by ½, then one tanh covers all gates
    scale = np.full((4 * hid, 1), 0.5, dtype=dt)
    scale[3 * hid:] = 1.0
    wi = w_ih[perm] * scale
    wh = np.ascontiguousarray((w_hh[perm] * scale).T)                        # (H, 4H)
    xp = (x.reshape(t_len * bsz, -1) @ wi.T).reshape(t_len, bsz, 4 * hid)    # all steps in one matmul
    if b is not None:
        xp += b[perm] * scale[:, 0]
    h, c = h0.astype(dt, copy=False), c0.astype(dt, copy=False)
    tmp = np.empty((bsz, hid), dtype=dt)
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
    dh = np.zeros((bsz, hid), dtype=dt)
    dc = g[t_len].copy()
    da = np.empty((t_len, bsz, 4 * hid), dtype=dt)
    tc = np.empty((bsz, hid), dtype=dt)
    tmp = np.empty((bsz, hid), dtype=dt)
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
            _no_double("lstm")
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

__all__ = ["EMBEDDING", "np_scatter_rows", "LINEAR", "LINEAR_NOBIAS", "CROSS_ENTROPY", "BCE_WITH_LOGITS",
           "BINARY_CROSS_ENTROPY", "CONV2D",
           "CONV2D_NOBIAS", "MAX_POOL2D", "AVG_POOL2D", "LSTM_LAYER", "LSTM_LAYER_NOBIAS"]
