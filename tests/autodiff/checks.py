"""``check_grads`` in the manner of HIPS autograd's ``autograd.test_util``: reverse and forward mode
against central finite differences along random directions, recursively to a given order."""

from __future__ import annotations

import numpy as np

import mibun as mb

EPS = 1e-6
RTOL = 1e-5
ATOL = 1e-6


def _val(v):
    return np.asarray(v.data if isinstance(v, mb.Tensor) else v, dtype=np.float64)


def _scalar_dot(a, b):
    return float(np.sum(_val(a) * _val(b)))


def _directional_fd(f, x, v):
    xp, xm = _val(x) + EPS * v, _val(x) - EPS * v
    return (_val(f(xp)) - _val(f(xm))) / (2 * EPS)


def check_grads(f, x, modes=("fwd", "rev"), order=2, seed=0, rtol=RTOL, atol=ATOL):
    """Assert that the derivatives of ``f`` (one array argument, Tensor result) match finite differences.

    rev: uᵀ J v from ``mb.vjp`` equals uᵀ · (f(x+εv) − f(x−εv))/2ε; fwd: J v from ``mb.jvp`` likewise.
    Then the same is checked for x ↦ uᵀJ (rev) and x ↦ Jv (fwd), down to ``order``.
    """
    rng = np.random.default_rng(seed)
    x = np.asarray(x, dtype=np.float64)
    y = _val(f(x))
    v = rng.standard_normal(x.shape)
    u = rng.standard_normal(y.shape)
    fd = _directional_fd(f, x, v)
    if "rev" in modes:
        _, vjp_fn = mb.vjp(f, x)
        (g,) = vjp_fn(u)
        lhs, rhs = _scalar_dot(g, v), _scalar_dot(u, fd)
        assert np.isclose(lhs, rhs, rtol=rtol, atol=atol), f"reverse mode: {lhs} vs finite differences {rhs}"
    if "fwd" in modes:
        _, jv = mb.jvp(f, (x,), (v,))
        np.testing.assert_allclose(_val(jv), fd, rtol=rtol, atol=atol, err_msg="forward mode vs finite differences")
    if order > 1:
        if "rev" in modes:
            def grad_f(z):
                return mb.vjp(f, z)[1](u)[0]

            check_grads(grad_f, x, modes, order - 1, seed + 1, rtol, atol)
        if "fwd" in modes:
            def jvp_f(z):
                return mb.jvp(f, (z,), (v,))[1]

            check_grads(jvp_f, x, modes, order - 1, seed + 2, rtol, atol)


def check_all_args(f, *args, **kw):
    """``check_grads`` with respect to each argument in turn (the others held fixed)."""
    for i in range(len(args)):
        def fi(z, i=i):
            a = list(args)
            a[i] = z
            return f(*a)

        check_grads(fi, args[i], **kw)
