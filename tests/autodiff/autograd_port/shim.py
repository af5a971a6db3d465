"""A thin stand-in for ``autograd.test_util`` and autograd's ``numpy_utils``: the port's tests call
``check_grads(fun)(*args)`` and ``combo_check(fun, argnums)(*arg_lists, **kwarg_lists)`` as autograd's
do, and the checks run on mibun (reverse and forward mode, to second order, against finite differences)."""

from __future__ import annotations

import itertools

import numpy as onp

import mibun.numpy as np
from tests.autodiff.checks import check_grads as _check_one


def _flat(out):
    """A tuple or list of outputs as one vector, so one check covers all of them."""
    if isinstance(out, (tuple, list)):
        return np.concatenate([np.ravel(o) for o in out])
    return out


def check_grads(fun, modes=("fwd", "rev"), order=2, argnum=None, rtol=1e-5, atol=1e-6):
    def check(*args):
        nums = range(len(args)) if argnum is None else ([argnum] if isinstance(argnum, int) else argnum)
        for i in nums:
            if isinstance(args[i], (tuple, list)) and any(onp.ndim(v) for v in args[i]):
                for j in range(len(args[i])):      # a sequence of arrays: each element in turn
                    def fij(z, i=i, j=j):
                        a = list(args)
                        seq = list(args[i])
                        seq[j] = z
                        a[i] = type(args[i])(seq)
                        return _flat(fun(*a))

                    _check_one(fij, onp.asarray(args[i][j], dtype=onp.float64), modes=modes, order=order,
                               rtol=rtol, atol=atol)
                continue

            def fi(z, i=i):
                a = list(args)
                a[i] = z
                return _flat(fun(*a))

            _check_one(fi, onp.asarray(args[i], dtype=onp.float64), modes=modes, order=order, rtol=rtol, atol=atol)

    return check


def combo_check(fun, argnums, modes=("fwd", "rev"), order=2):
    """Every combination of the given argument values and keyword values, checked for ``argnums``."""
    def check(*arg_lists, **kwarg_lists):
        keys = list(kwarg_lists)
        for args in itertools.product(*arg_lists):
            for vals in itertools.product(*[kwarg_lists[k] for k in keys]):
                kw = dict(zip(keys, vals, strict=True))
                for i in argnums:
                    if isinstance(args[i], str):
                        continue
                    check_grads(lambda *a, kw=kw: fun(*a, **kw), modes, order, argnum=i)(*args)

    return check


def unary_ufunc_check(fun, lims=(-2.0, 2.0), seed=0):
    rng = onp.random.default_rng(seed)
    lo, hi = lims
    for shape in [(), (1,), (3,), (2, 3)]:
        x = rng.uniform(lo, hi, shape)
        check_grads(fun)(x)
        check_grads(lambda v: fun(v) * 1.5)(x)


def binary_ufunc_check(fun, lims_a=(-2.0, 2.0), lims_b=(-2.0, 2.0), same_args=True, seed=0):
    rng = onp.random.default_rng(seed)
    shapes = [(), (1,), (3,), (1, 3), (2, 3), (2, 1)]
    for sa, sb in itertools.product(shapes, repeat=2):
        try:
            onp.broadcast_shapes(sa, sb)
        except ValueError:
            continue
        a, b = rng.uniform(*lims_a, sa), rng.uniform(*lims_b, sb)
        check_grads(fun)(a, b)
    if same_args:
        x = rng.uniform(*lims_a, (3,))
        check_grads(lambda v: fun(v, v))(x)


def stat_check(fun, test_complex=False, seed=0):
    rng = onp.random.default_rng(seed)
    x = rng.standard_normal((3, 4)) + 0.1
    check_grads(fun)(x)
    for axis in (None, 0, 1, -1):
        for keepdims in (False, True):
            check_grads(lambda v, a=axis, k=keepdims: fun(v, axis=a, keepdims=k))(x)
    check_grads(fun)(rng.standard_normal(5))
