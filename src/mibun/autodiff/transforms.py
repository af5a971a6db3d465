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

from mibun.autodiff.backends import raw
from mibun.autodiff.backward import backprop, toposort
from mibun.autodiff.devices import as_array, device_of, to_device
from mibun.autodiff.forward_mode import push_tangents
from mibun.autodiff.grad_mode import STATE, enable_grad
from mibun.autodiff.ops.elementwise import IDENTITY
from mibun.autodiff.recording import apply1
from mibun.autodiff.tensor import Tensor, _wrap
from mibun.autodiff.tracing import ACTIVE
from mibun.errors import DTypeError, GraphError, InputError, ShapeError

Argnums = int | Sequence[int]


def _argnums(argnums: Argnums, nargs: int) -> tuple[tuple[int, ...], bool]:
    nums: tuple[int, ...]
    if isinstance(argnums, (int, np.integer)):
        single, nums = True, (int(argnums),)
    else:
        single, nums = False, tuple(int(a) for a in argnums)
    for a in nums:
        if not -nargs <= a < nargs:
            raise InputError("engine.err.argnums_f_was_called", argnums=argnums, nargs=nargs)
    return tuple(a % nargs for a in nums), single


def _as_float_array(a: Any, where: str) -> np.ndarray:
    arr = np.asarray(a.data if isinstance(a, Tensor) else a)
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    if arr.dtype.kind == "c":
        _refuse_complex(arr, where)
    if arr.dtype.kind != "f":
        raise InputError("engine.err.argument_differentiate_numbers_floats", where=where, dtype=arr.dtype)
    return arr


def _wrt(primals: tuple, nums: tuple[int, ...], where: str) -> tuple[list, list[Tensor]]:
    """Replace args[nums] by fresh tensors to differentiate with respect to. An argument that is itself
    being differentiated (an outer transform's traced value) stays connected to it through an identity
    node, so the derivative can be differentiated again."""
    args = list(primals)
    xs = []
    for i in nums:
        a = args[i]
        if STATE.enabled and isinstance(a, Tensor) and a.requires_grad:
            x = apply1(IDENTITY, a)
        else:
            x = Tensor(_as_float_array(a, where), requires_grad=True)
        args[i] = x
        xs.append(x)
    return args, xs


#: the variables of the transforms whose function is running now (pushed and popped around the call):
#: a function that closes over one of them (an outer ``grad``'s x inside an inner ``grad``) must have
#: its derivative recorded, so that the outer transform can differentiate it
_ACTIVE = ACTIVE


def _nested(out: Tensor, xs: list[Tensor], extra: Sequence[Any] = ()) -> bool:
    """True when the derivative of ``out`` must itself be recorded: recording is on and an argument was
    a traced tensor (the outer transform's variable, or any tensor with requires_grad), or ``out``
    reaches the variable of an outer transform that is still running (a closure), or an ``extra``
    operand (a tangent, a cotangent) is traced. This keeps ``d/dx [x · grad(y ↦ x·y)(2)]`` equal to 2x.
    A closure over a user's own tensor with requires_grad (not an argument) is a constant here, as in
    ``torch.autograd.grad`` without ``create_graph``: pass it as an argument to differentiate through."""
    if not STATE.enabled:
        return False
    if any(isinstance(e, Tensor) and e.requires_grad for e in extra):
        return True
    own = {id(x) for x in xs}
    if any(k not in own for k in list(_ACTIVE.keys())):
        return True       # inside an outer transform: results are Tensors (constants when independent)
    if not out.requires_grad:
        return False
    for t in toposort(out):
        if t._op is None and id(t) not in own and id(t) in _ACTIVE:
            return True
        if t._op is IDENTITY and id(t) in own:
            return True
    return False


def _call(f: Callable, args: list, where: str, xs: list[Tensor]) -> Tensor:
    fresh = [x for x in xs if x._op is None and id(x) not in _ACTIVE]
    for x in fresh:
        _ACTIVE[id(x)] = x
    try:
        with enable_grad():
            out = f(*args)
    finally:
        for x in fresh:
            _ACTIVE.pop(id(x), None)
    if isinstance(out, Tensor):
        return out
    if isinstance(out, (int, float, np.number, np.ndarray)):
        raise GraphError(
            "engine.err.f_returned_not_mibun", where=where, type=type(out).__name__)
    raise GraphError("engine.err.f_return_tensor", where=where, type=type(out).__name__)


def _grads_of(out: Tensor, xs: list[Tensor], cot: Any, nested: bool, retain: bool) -> list[Any]:
    if not out.requires_grad:
        zeros = [np.zeros_like(x.data) for x in xs]
        return [_wrap(z) for z in zeros] if nested else zeros
    gs = backprop(out, cot, targets=xs, retain_graph=retain or nested, create_graph=nested)
    res = []
    for g, x in zip(gs, xs, strict=True):
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
        new_args, xs = _wrt(args, nums, "grad")
        out = _call(f, new_args, "grad", xs)
        nested = _nested(out, xs)
        if out.data.size != 1:
            raise ShapeError("engine.err.f_return_scalar_returned", shape=out.shape)
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
    return all(t._op is None or t._op.jvps is not None for t in toposort(out))


def jacobian(f: Callable, argnums: Argnums = 0) -> Callable:
    """∂f/∂x with shape f(x).shape + x.shape (reverse mode row by row, or forward mode column by
    column when x has fewer elements than f(x))."""

    def wrapped(*args: Any):
        nums, single = _argnums(argnums, len(args))
        new_args, xs = _wrt(args, nums, "jacobian")
        out = _call(f, new_args, "jacobian", xs)
        nested = _nested(out, xs)
        jacs: list[Tensor | np.ndarray] = []
        jac: Tensor | np.ndarray
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
    new_args, xs = _wrt(primals, nums, "vjp")
    out = _call(f, new_args, "vjp", xs)
    nested_out = _nested(out, xs)

    def vjp_fn(cotangent: Any) -> tuple:
        nested = nested_out or _nested(out, xs, (cotangent,))
        cot = cotangent.data if isinstance(cotangent, Tensor) and not nested else cotangent
        if np.shape(raw(cot)) != out.shape:
            raise ShapeError("engine.err.cotangent_has_shape_f", shape=out.shape, cot_shape=np.shape(raw(cot)))
        _refuse_complex(cot, "vjp_fn")
        res = tuple(_grads_of(out, xs, cot, nested, retain=True))
        return res

    return (out if nested_out else out.data), vjp_fn


def _refuse_complex(v: Any, where: str) -> None:
    if np.iscomplexobj(raw(v)):
        raise DTypeError("engine.err.complex", where=where, dtype=str(as_array(raw(v)).dtype))


def jvp(f: Callable, primals: Sequence[Any], tangents: Sequence[Any]) -> tuple[Any, Any]:
    """``(f(*primals), ∂f·tangents)``, the Jacobian-vector product J·v.

    At top level the tangents are pushed forward through each op's JVP (forward mode). When the result
    must itself be differentiable (jvp inside grad, jvp of jvp, forward-over-reverse Hessian-vector
    products), J·v is computed as the derivative of the linear map u ↦ uᵀJ·v with respect to u, on
    recorded graphs, so it composes with every other transform to any order."""
    primals, tangents = tuple(primals), tuple(tangents)
    if len(primals) != len(tangents):
        raise InputError("engine.err.primal_s_tangent_s", n_primals=len(primals), n_tangents=len(tangents))
    new_args, xs = _wrt(primals, tuple(range(len(primals))), "jvp")
    tans = []
    for x, tan in zip(xs, tangents, strict=True):
        _refuse_complex(tan, "jvp")
        if isinstance(tan, Tensor) and tan.requires_grad and STATE.enabled:
            tv: Any = tan if tan.dtype == x.dtype else tan.astype(x.dtype)
        else:
            tv = to_device(as_array(raw(tan)), device_of(x.data)).astype(x.data.dtype, copy=False)  # on x's device
        if tv.shape != x.shape:
            raise ShapeError("engine.err.tangent_has_shape_primal", shape=tv.shape, shape2=x.shape)
        tans.append(tv)
    out = _call(f, new_args, "jvp", xs)
    nested = _nested(out, xs, tans)
    if not out.requires_grad:
        z = np.zeros_like(out.data)
        return (out, _wrap(z)) if nested else (out.data, z)
    if not nested and _forward_mode_possible(out):
        return out.data, push_tangents(out, {id(x): t for x, t in zip(xs, tans, strict=True)})
    # J·v = ∂/∂u ⟨uᵀJ, v⟩: the VJP is linear in u, so differentiating it once more gives the JVP
    u = Tensor(np.ones_like(out.data), requires_grad=True)
    with enable_grad():
        gs = backprop(out, u, targets=xs, retain_graph=True, create_graph=True)
        total = None
        for g, t in zip(gs, tans, strict=True):
            if g is None or not isinstance(g, Tensor):
                continue
            term = (g * t).sum()
            total = term if total is None else total + term
    if total is None or not total.requires_grad:
        z = np.zeros_like(out.data)
        return (out, _wrap(z)) if nested else (out.data, z)
    (jv,) = backprop(total, None, targets=[u], retain_graph=nested, create_graph=nested)
    if jv is None:
        jv = np.zeros_like(out.data)
        jv = _wrap(jv) if nested else jv
    if nested:
        return out, jv
    return out.data, raw(jv)


__all__ = ["grad", "value_and_grad", "jacobian", "hessian", "vjp", "jvp"]
