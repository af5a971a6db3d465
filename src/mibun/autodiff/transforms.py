"""Functional transforms in JAX's style: ``grad``, ``value_and_grad``, ``jacobian``, ``hessian``,
``vjp``, ``jvp``. ``f`` takes Tensors (arrays and numbers are converted) and returns a Tensor.

At top level the results are NumPy arrays. Called on Tensors that are themselves being differentiated
(``grad`` inside ``grad``, ``hessian = jacobian(grad(f))``), they return Tensors and record their own
backward pass, so derivatives of any order compose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from mibun.autodiff.backward import backprop
from mibun.autodiff.forward_mode import push_tangents
from mibun.autodiff.grad_mode import STATE, enable_grad
from mibun.autodiff.ops.elementwise import IDENTITY
from mibun.autodiff.tensor import Tensor, _wrap, apply1
from mibun.errors import GraphError, InputError, ShapeError

Argnums = int | Sequence[int]


def _argnums(argnums: Argnums, nargs: int) -> tuple[tuple[int, ...], bool]:
    single = isinstance(argnums, (int, np.integer))
    nums = (int(argnums),) if single else tuple(int(a) for a in argnums)
    for a in nums:
        if not -nargs <= a < nargs:
            raise InputError(f"argnums={argnums!r}, but f was called with {nargs} argument(s)")
    return tuple(a % nargs for a in nums), single


def _as_float_array(a: Any, where: str) -> np.ndarray:
    arr = np.asarray(a.data if isinstance(a, Tensor) else a)
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    if arr.dtype.kind != "f":
        raise InputError(f"{where}: the argument to differentiate must be numbers (floats), got dtype {arr.dtype}")
    return arr


def _wrt(args: tuple, nums: tuple[int, ...], where: str) -> tuple[list, list[Tensor], bool]:
    """Replace args[nums] by fresh tensors to differentiate with respect to. ``nested`` is True when
    an argument is already being differentiated (then the new tensors stay connected to it)."""
    args = list(args)
    nested = STATE.enabled and any(isinstance(args[i], Tensor) and args[i].requires_grad for i in nums)
    xs = []
    for i in nums:
        a = args[i]
        if nested and isinstance(a, Tensor) and a.requires_grad:
            x = apply1(IDENTITY, a)
        else:
            x = Tensor(_as_float_array(a, where), requires_grad=True)
        args[i] = x
        xs.append(x)
    return args, xs, nested


def _call(f: Callable, args: list, where: str) -> Tensor:
    with enable_grad():
        out = f(*args)
    if isinstance(out, Tensor):
        return out
    if isinstance(out, (int, float, np.number, np.ndarray)):
        raise GraphError(
            f"{where}: f returned a {type(out).__name__}, not a mibun Tensor, so its derivative cannot be "
            "traced; build f from mibun functions (mb.exp, mb.sum, @, …) instead of NumPy's")
    raise GraphError(f"{where}: f must return a Tensor, got {type(out).__name__}")


def _grads_of(out: Tensor, xs: list[Tensor], cot: Any, nested: bool, retain: bool) -> list[Any]:
    if not out.requires_grad:
        zeros = [np.zeros_like(x.data) for x in xs]
        return [_wrap(z) for z in zeros] if nested else zeros
    gs = backprop(out, cot, targets=xs, retain_graph=retain or nested, create_graph=nested)
    res = []
    for g, x in zip(gs, xs):
        if g is None:
            g = np.zeros_like(x.data)
            g = _wrap(g) if nested else g
        elif not nested and isinstance(g, Tensor):
            g = g.data
        res.append(g)
    return res


def value_and_grad(f: Callable, argnums: Argnums = 0) -> Callable:
    """``(f(*args), ∂f/∂args[argnums])``; f must return a scalar."""

    def wrapped(*args: Any):
        nums, single = _argnums(argnums, len(args))
        new_args, xs, nested = _wrt(args, nums, "grad")
        out = _call(f, new_args, "grad")
        if out.data.size != 1:
            raise ShapeError(f"grad: f must return a scalar, but it returned shape {out.shape}; "
                             "use mb.jacobian for vector outputs, or reduce with .sum() / .mean()")
        gs = _grads_of(out, xs, None, nested, retain=False)
        value = out if nested else out.data.item() if out.data.ndim == 0 else out.data.reshape(()).item()
        return value, (gs[0] if single else tuple(gs))

    wrapped.__name__ = f"value_and_grad({getattr(f, '__name__', 'f')})"
    return wrapped


def grad(f: Callable, argnums: Argnums = 0) -> Callable:
    """∇f at the arguments: an array shaped like args[argnums] (a tuple for a tuple of argnums)."""
    vg = value_and_grad(f, argnums)

    def wrapped(*args: Any):
        return vg(*args)[1]

    wrapped.__name__ = f"grad({getattr(f, '__name__', 'f')})"
    return wrapped


def _forward_mode_possible(out: Tensor) -> bool:
    """True when every recorded op that ``out`` depends on has JVPs (reverse-only ops, such as fused
    layers registered with vjps only, need the reverse-mode path)."""
    from mibun.autodiff.backward import toposort

    return all(t._op is None or t._op.jvps is not None for t in toposort(out))


def jacobian(f: Callable, argnums: Argnums = 0) -> Callable:
    """∂f/∂x with shape f(x).shape + x.shape (reverse mode row by row, or forward mode column by
    column when x has fewer elements than f(x))."""

    def wrapped(*args: Any):
        nums, single = _argnums(argnums, len(args))
        new_args, xs, nested = _wrt(args, nums, "jacobian")
        out = _call(f, new_args, "jacobian")
        jacs = []
        if (not nested and out.requires_grad and sum(x.data.size for x in xs) < out.data.size
                and _forward_mode_possible(out)):
            for x in xs:
                cols = []
                for j in range(x.data.size):
                    seed = np.zeros_like(x.data)
                    seed.flat[j] = 1.0
                    cols.append(push_tangents(out, {id(x): seed}))
                jac = np.stack(cols, axis=-1).reshape(out.shape + x.shape) if cols else \
                    np.zeros(out.shape + x.shape, dtype=out.data.dtype)
                jacs.append(jac)
        else:
            rows: list[list[Any]] = [[] for _ in xs]
            for i in range(out.data.size):
                cot = np.zeros_like(out.data)
                cot.flat[i] = 1.0
                gs = _grads_of(out, xs, cot, nested, retain=True)
                for k, g in enumerate(gs):
                    rows[k].append(g)
            for k, x in enumerate(xs):
                if nested:
                    from mibun.autodiff.functions import reshape, stack

                    jac = reshape(stack(rows[k], axis=0), out.shape + x.shape) if rows[k] else \
                        _wrap(np.zeros(out.shape + x.shape, dtype=x.data.dtype))
                else:
                    jac = np.stack(rows[k], axis=0).reshape(out.shape + x.shape) if rows[k] else \
                        np.zeros(out.shape + x.shape, dtype=x.data.dtype)
                jacs.append(jac)
        return jacs[0] if single else tuple(jacs)

    wrapped.__name__ = f"jacobian({getattr(f, '__name__', 'f')})"
    return wrapped


def hessian(f: Callable, argnums: Argnums = 0) -> Callable:
    """Matrix of second derivatives ∂²f/∂xᵢ∂xⱼ, shape x.shape + x.shape (f scalar):
    the Jacobian of the gradient, computed by differentiating the recorded backward pass."""
    if not isinstance(argnums, (int, np.integer)):
        nums = tuple(argnums)

        def wrapped_multi(*args: Any):
            g = grad(f, nums)
            return tuple(jacobian(lambda *a, i=i: g(*a)[i], nums)(*args) for i in range(len(nums)))

        return wrapped_multi
    return jacobian(grad(f, argnums), argnums)


def vjp(f: Callable, *primals: Any) -> tuple[Any, Callable]:
    """``(f(*primals), vjp_fn)`` where ``vjp_fn(v)`` returns vᵀ∂f/∂primalᵢ for each primal (a tuple)."""
    nums = tuple(range(len(primals)))
    new_args, xs, nested = _wrt(primals, nums, "vjp")
    out = _call(f, new_args, "vjp")

    def vjp_fn(cotangent: Any) -> tuple:
        cot = cotangent.data if isinstance(cotangent, Tensor) and not nested else cotangent
        if np.shape(cot) != out.shape:
            raise ShapeError(f"vjp_fn: the cotangent has shape {np.shape(cot)}, f's output has shape {out.shape}")
        return tuple(_grads_of(out, xs, cot, nested, retain=True))

    return (out if nested else out.data), vjp_fn


def jvp(f: Callable, primals: Sequence[Any], tangents: Sequence[Any]) -> tuple[Any, Any]:
    """``(f(*primals), ∂f·tangents)`` by forward mode: tangents pushed through each op's JVP."""
    primals, tangents = tuple(primals), tuple(tangents)
    if len(primals) != len(tangents):
        raise InputError(f"jvp: {len(primals)} primal(s) but {len(tangents)} tangent(s); give one tangent per primal")
    args = [Tensor(_as_float_array(p, "jvp"), requires_grad=True) for p in primals]
    seeds = {}
    for x, tan in zip(args, tangents):
        tv = np.asarray(tan.data if isinstance(tan, Tensor) else tan, dtype=x.data.dtype)
        if tv.shape != x.shape:
            raise ShapeError(f"jvp: a tangent has shape {tv.shape}, its primal has shape {x.shape}")
        seeds[id(x)] = tv
    out = _call(f, args, "jvp")
    return out.data, push_tangents(out, seeds)


__all__ = ["grad", "value_and_grad", "jacobian", "hessian", "vjp", "jvp"]
