"""Fused ``conv2d`` (im2col: the sliding windows become the rows of a matrix, the convolution one matmul),
``max_pool2d`` and ``avg_pool2d``. Double backward is not supported for them (a ``GraphError``)."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from mibun.autodiff.backends import NP
from mibun.autodiff.devices import is_foreign, xp_of
from mibun.autodiff.registry import defop
from mibun.nn.ops._common import no_double


def _out_size(n, k, s, p, d):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def _windows(xp, kh, kw, stride, dilation, oh, ow):
    """View of the padded input as (N, C, OH, OW, kh, kw) windows (no copy)."""
    n, c, _, _ = xp.shape
    sn, sc, sh, sw = xp.strides
    shape = (n, c, oh, ow, kh, kw)
    strides = (sn, sc, sh * stride[0], sw * stride[1], sh * dilation[0], sw * dilation[1])
    if type(xp) is not np.ndarray and is_foreign(xp):  # a device's array: its module's as_strided (CuPy has one)
        return xp_of(xp).lib.stride_tricks.as_strided(xp, shape, strides)
    return as_strided(xp, shape, strides, writeable=False)


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
    dxp = np.zeros_like(dcols, shape=(n, c, h + 2 * ph, wd + 2 * pw), dtype=dtype)  # on dcols' device
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
        no_double("conv2d")
    n, c, h, wd, o, kh, kw, oh, ow = _conv_geom(x, w, stride, padding, dilation)
    dcols = _g2(g) @ w.reshape(o, -1)
    return _col2im(dcols, x.shape, kh, kw, stride, padding, dilation, oh, ow, x.dtype)


def _conv_vw(ns, g, out, x, w, *b, stride, padding, dilation):
    if ns is not NP:
        no_double("conv2d")
    n, c, h, wd, o, kh, kw, oh, ow = _conv_geom(x, w, stride, padding, dilation)
    cols = _im2col(x, kh, kw, stride, padding, dilation, oh, ow)
    return (_g2(g).T @ cols).reshape(w.shape)


def _conv_vb(ns, g, out, x, w, b, stride, padding, dilation):
    if ns is not NP:
        no_double("conv2d")
    return g.sum(axis=(0, 2, 3))


CONV2D = defop("conv2d", _conv_fwd, (_conv_vx, _conv_vw, _conv_vb),
               rule=("x̄ = col2im(Ȳ W)", "W̄ = Ȳᵀ · im2col(x)", "b̄ = Σ Ȳ"),
               rule_latex=(r"\bar x = \mathrm{col2im}(\bar Y W)", r"\bar W = \bar Y^{\top}\,\mathrm{im2col}(x)",
                           r"\bar b = \sum \bar Y"),
               template="conv2d({0}, {1})",
               shape_hint="engine.hint.conv2d_shapes")
CONV2D_NOBIAS = defop("conv2d_nobias", _conv_fwd, (_conv_vx, _conv_vw),
                      rule=("x̄ = col2im(Ȳ W)", "W̄ = Ȳᵀ · im2col(x)"),
                      rule_latex=(r"\bar x = \mathrm{col2im}(\bar Y W)",
                                  r"\bar W = \bar Y^{\top}\,\mathrm{im2col}(x)"),
                      template="conv2d({0}, {1})",
                      shape_hint="engine.hint.conv2d_shapes")


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
        no_double("max_pool2d")
    win, oh, ow = _maxpool_windows(x, kernel, stride, padding)
    idx = win.argmax(axis=-1)                      # first maximum, as PyTorch
    kh, kw = kernel
    onehot = (idx[..., None] == xp_of(idx).arange(kh * kw)) * g[..., None]
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
        no_double("avg_pool2d")
    n, c, h, w, oh, ow = _pool_geom(x, kernel, stride, padding)
    kh, kw = kernel
    k = g.transpose(0, 2, 3, 1)[..., None] * (1.0 / (kh * kw))
    cols = np.broadcast_to(k, (n, oh, ow, c, kh * kw)).reshape(n * oh * ow, -1)
    return _col2im(cols, x.shape, kh, kw, stride, padding, (1, 1), oh, ow, x.dtype)


AVG_POOL2D = defop("avg_pool2d", _avgpool_fwd, (_avgpool_vjp,),
                   rule=("each element of a window receives ḡ / (kh·kw)",),
                   rule_latex=(r"\bar x_j = \bar y / (k_h k_w)",), template="avg_pool2d({0})")

__all__ = ["CONV2D", "CONV2D_NOBIAS", "MAX_POOL2D", "AVG_POOL2D"]
