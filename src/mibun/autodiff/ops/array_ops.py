"""Array primitives beyond the basics: cumsum, cumprod, prod, einsum.

Their VJPs and JVPs are written with ``np.*`` calls. On raw arrays (the fast path) these are NumPy;
when the backward pass is recorded the arguments are Tensors and NumPy hands the calls to mibun
through ``Tensor.__array_function__`` / ``__array_ufunc__``, so the same text gives second
derivatives (the HIPS-autograd idea).

    cumsum:  ū = reverse-cumsum(ḡ)                 prod:    ū = ḡ · Π/uᵢ  (Π of the others at zeros)
    cumprod: ū = reverse-cumsum(ḡ ⊙ y) / u        einsum:  ūₖ = einsum(ḡ, the other operands → uₖ)
"""

from __future__ import annotations

import numpy as np

from mibun.autodiff.backends import raw
from mibun.autodiff.registry import defop


def _rev_cumsum(g, axis):
    idx = (slice(None),) * axis + (slice(None, None, -1),)
    return np.cumsum(g[idx], axis=axis)[idx]


def _cumsum_fwd(x, axis):
    return np.cumsum(x, axis=axis)


CUMSUM = defop("cumsum", _cumsum_fwd, (lambda ns, g, out, x, axis: _rev_cumsum(g, axis),),
               (lambda t, out, x, axis: np.cumsum(t, axis=axis),),
               rule=("∂(Σ_{j≤i} uⱼ)/∂uₖ = [k ≤ i]: ḡ summed from the end",),
               rule_latex=(r"\bar u_k = \sum_{i \ge k} \bar y_i",), template="cumsum({0})")


def _cumprod_vjp(ns, g, out, x, axis):
    if np.all(raw(x) != 0):
        return _rev_cumsum(g * out, axis) / x
    # with zeros: ∂yᵢ/∂uₖ = Π_{j≤i, j≠k} uⱼ, built explicitly (first order)
    xd, gd = np.moveaxis(raw(x), axis, -1), np.moveaxis(raw(g), axis, -1)
    n = xd.shape[-1]
    res = np.zeros_like(xd)
    for k in range(n):
        others = xd.copy()
        others[..., k] = 1.0
        res[..., k] = np.sum(gd[..., k:] * np.cumprod(others, axis=-1)[..., k:], axis=-1)
    return np.moveaxis(res, -1, axis)


def _cumprod_jvp(t, out, x, axis):
    if np.all(raw(x) != 0):
        return out * np.cumsum(t / x, axis=axis)
    return _cumprod_vjp_dense_jvp(t, x, axis)


def _cumprod_vjp_dense_jvp(t, x, axis):
    xd, td = np.moveaxis(raw(x), axis, -1), np.moveaxis(raw(t), axis, -1)
    res = np.zeros_like(xd)
    for k in range(xd.shape[-1]):
        others = xd.copy()
        others[..., k] = td[..., k]
        part = np.cumprod(others, axis=-1)
        part[..., :k] = 0
        res += part
    return np.moveaxis(res, -1, axis)


CUMPROD = defop("cumprod", lambda x, axis: np.cumprod(x, axis=axis), (_cumprod_vjp,), (_cumprod_jvp,),
                rule=("∂(Π_{j≤i} uⱼ)/∂uₖ = Π_{j≤i, j≠k} uⱼ for k ≤ i",),
                rule_latex=(r"\frac{\partial y_i}{\partial u_k} = \prod_{j \le i, j \ne k} u_j",),
                template="cumprod({0})")


def _expand(v, x, axis, keepdims):
    if keepdims or axis is None and np.ndim(raw(v)) == raw(x).ndim:
        return v
    if axis is None:
        return np.reshape(v, (1,) * raw(x).ndim)
    return np.expand_dims(v, axis)


def _prod_others(x, axis):
    """Π of the other elements along ``axis`` for every element (exact with zeros), as an array."""
    xd = raw(x)
    if axis is None:
        flat = xd.reshape(-1)
        left = np.concatenate([[1.0], np.cumprod(flat)[:-1]]).astype(xd.dtype)
        right = np.concatenate([np.cumprod(flat[::-1])[:-1][::-1], [1.0]]).astype(xd.dtype)
        return (left * right).reshape(xd.shape)
    m = np.moveaxis(xd, axis, -1)
    ones = np.ones_like(xd, shape=m.shape[:-1] + (1,))  # on xd's device
    left = np.concatenate([ones, np.cumprod(m, axis=-1)[..., :-1]], axis=-1)
    right = np.concatenate([np.cumprod(m[..., ::-1], axis=-1)[..., :-1][..., ::-1], ones], axis=-1)
    return np.moveaxis(left * right, -1, axis)


def _prod_vjp(ns, g, out, x, axis=None, keepdims=False):
    ge = _expand(g, x, axis, keepdims)
    if np.all(raw(x) != 0):
        return ge * _expand(out, x, axis, keepdims) / x
    return ge * _prod_others(x, axis)


def _prod_jvp(t, out, x, axis=None, keepdims=False):
    return np.sum(t * _prod_others(x, axis), axis=axis, keepdims=keepdims)


PROD = defop("prod", lambda x, axis=None, keepdims=False: np.prod(x, axis=axis, keepdims=keepdims),
             (_prod_vjp,), (_prod_jvp,),
             rule=("∂(Π uᵢ)/∂uₖ = Π_{i≠k} uᵢ",),
             rule_latex=(r"\frac{\partial \prod_i u_i}{\partial u_k} = \prod_{i \ne k} u_i",), template="Π {0}")


# ---------------------------------------------------------------- einsum
def parse_subscripts(subscripts: str, shapes) -> tuple[list[str], str]:
    """Explicit subscripts: '...' replaced by letters, the implicit output made explicit."""
    subs = subscripts.replace(" ", "")
    if "->" in subs:
        ins, out = subs.split("->")
    else:
        ins, out = subs, None
    parts = ins.split(",")
    used = set(subs) - set(".,->")
    free = [c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in used]
    nell = 0
    for p, shp in zip(parts, shapes, strict=True):
        if "..." in p:
            nell = max(nell, len(shp) - (len(p) - 3))
    ell = "".join(free[:nell])
    res = []
    for p, shp in zip(parts, shapes, strict=True):
        if "..." in p:
            k = len(shp) - (len(p) - 3)
            p = p.replace("...", ell[nell - k:] if k else "")
        res.append(p)
    if out is None:
        letters = "".join(res)
        out = ell + "".join(sorted(c for c in set(letters) if letters.count(c) == 1 and c not in ell))
    elif "..." in out:
        out = out.replace("...", ell)
    return res, out


def _einsum_fwd(*xs, subs):
    ins, out = subs
    return np.einsum(",".join(ins) + "->" + out, *xs)


def _einsum_vjp(ns, g, out, i, *xs, subs):
    ins, osub = subs
    target = ins[i]
    unique = "".join(dict.fromkeys(target))
    others = [(s, x) for k, (s, x) in enumerate(zip(ins, xs, strict=True)) if k != i]
    present = set(osub).union(*[set(s) for s, _ in others]) if others else set(osub)
    kept = "".join(c for c in unique if c in present)
    spec = ",".join([osub] + [s for s, _ in others]) + "->" + kept
    red = np.einsum(spec, g, *[x for _, x in others])
    shape = raw(xs[i]).shape
    size = {c: shape[target.index(c)] for c in unique}
    if kept != unique:          # letters only in this operand: the gradient is constant along them
        red = np.reshape(red, tuple(size[c] if c in kept else 1 for c in unique))
        red = np.broadcast_to(red, tuple(size[c] for c in unique))
    if unique == target:
        return red
    # repeated letters (a diagonal, 'ii->'): put the values on the diagonal positions, zeros elsewhere
    grids = np.indices(shape, sparse=True)
    first = {c: target.index(c) for c in unique}
    mask = np.ones(shape, dtype=bool)
    for pos, c in enumerate(target):
        mask = mask & (grids[pos] == grids[first[c]])
    idx = tuple(grids[first[c]] for c in unique)
    return red[idx] * mask


def _einsum_jvp(t, out, i, *xs, subs):
    ins, osub = subs
    args = list(xs)
    args[i] = t
    return np.einsum(",".join(ins) + "->" + osub, *args)


EINSUM = defop("einsum", _einsum_fwd, (_einsum_vjp,), (_einsum_jvp,), nary=True,
               rule=("each operand's ḡ is the einsum of ḡ with the other operands",),
               rule_latex=(r"\bar u_k = \mathrm{einsum}(\bar y, u_{j \ne k})",), template="einsum(…)")
