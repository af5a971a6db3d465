"""HIPS autograd's tests/test_scalar_ops.py and test_binary_ops.py, rewritten for mibun: each function and
the gradient of it (``mb.grad``, a nested transform) are checked against finite differences."""

import itertools

import numpy as onp
import pytest

import mibun as mb
import mibun.numpy as np
from mibun.autodiff.np_namespace import DIFFERENTIABLE
from tests.autodiff.autograd_port.shim import check_grads

npr = onp.random.default_rng(1)

SCALAR = {
    "abs": (lambda x: 3.0 * np.abs(x), [1.1, -1.1]),
    "sin": (lambda x: 3.0 * np.sin(x), [npr.standard_normal()]),
    "sign": (lambda x: 3.0 * np.sign(x), [1.1, -1.1]),
    "exp": (lambda x: 3.0 * np.exp(x), [npr.standard_normal()]),
    "log": (lambda x: 3.0 * np.log(x), [abs(npr.standard_normal()) + 0.1]),
    "neg": (lambda x: 3.0 * -x, [npr.standard_normal()]),
    "cos": (lambda x: 3.0 * np.cos(x), [npr.standard_normal()]),
    "tan": (lambda x: 3.0 * np.tan(x), [0.4]),
    "cosh": (lambda x: 3.0 * np.cosh(x), [npr.standard_normal()]),
    "sinh": (lambda x: 3.0 * np.sinh(x), [npr.standard_normal()]),
    "tanh": (lambda x: 3.0 * np.tanh(x), [npr.standard_normal()]),
    "arccos": (lambda x: 3.0 * np.arccos(x), [0.1]),
    "arcsin": (lambda x: 3.0 * np.arcsin(x), [0.1]),
    "arctan": (lambda x: 3.0 * np.arctan(x), [0.2]),
    "sqrt": (lambda x: 3.0 * np.sqrt(x), [10.0]),
    "power_arg0": (lambda x: np.power(x, 3.3), [1.7]),
    "power_arg1": (lambda y: np.power(1.7, y), [3.3]),
    "mod_arg0": (lambda x: np.mod(x, 1.3), [1.7]),
    "mod_arg1": (lambda y: np.mod(1.7, y), [1.3]),
    "divide_arg0": (lambda x: np.divide(x, 1.3), [1.7]),
    "divide_arg1": (lambda y: np.divide(1.7, y), [1.3]),
    "multiply_arg0": (lambda x: np.multiply(x, 1.3), [1.7]),
    "true_divide": (lambda y: np.true_divide(1.7, y), [1.3]),
    "reciprocal": (lambda x: np.reciprocal(x), [2.5]),
    "negative": (lambda x: np.negative(x), [2.5]),
    "rad2deg": (lambda x: np.rad2deg(x), [1.2]),
    "deg2rad": (lambda x: np.deg2rad(x), [30.0]),
    "degrees": (lambda x: np.degrees(x), [1.2]),
    "radians": (lambda x: np.radians(x), [30.0]),
    "arcsinh": (lambda x: np.arcsinh(x), [npr.standard_normal()]),
    "arccosh": (lambda x: np.arccosh(x), [1.4]),
    "arctanh": (lambda x: np.arctanh(x), [0.2]),
    "sinc": (lambda x: np.sinc(x), [0.4]),
    "log2": (lambda x: np.log2(x), [1.3]),
    "log10": (lambda x: np.log10(x), [1.3]),
    "log1p": (lambda x: np.log1p(x), [0.4]),
    "expm1": (lambda x: np.expm1(x), [0.4]),
    "exp2": (lambda x: np.exp2(x), [0.4]),
}
SPECS = "arrives with the specs engineer's function specs (mibun.functions); refused by name until then"
SCALAR_XFAIL = {n: SPECS for n in ("cosh", "sinh", "arccos", "arcsin", "arctan", "arcsinh", "arccosh", "arctanh",
                                   "log2", "log10") if n not in DIFFERENTIABLE}


@pytest.mark.parametrize("name", sorted(SCALAR))
def test_scalar_op(name):
    if name in SCALAR_XFAIL:
        pytest.xfail(SCALAR_XFAIL[name])
    fun, points = SCALAR[name]
    for x in points:
        check_grads(fun)(x)
        check_grads(mb.grad(fun), order=1)(x)


def _arg_pairs():
    scalar, vector, mat, mat2 = 2.0, npr.standard_normal(6), npr.standard_normal((7, 6)), npr.standard_normal((1, 6))
    return list(itertools.product([scalar, vector, mat, mat2], repeat=2))


BINARY = {
    "mul": (lambda x, y: x * y, lambda a: a, lambda b: b),
    "add": (lambda x, y: x + y, lambda a: a, lambda b: b),
    "sub": (lambda x, y: x - y, lambda a: a, lambda b: b),
    "div": (lambda x, y: x / y, lambda a: onp.sqrt(onp.square(a) + 0.5), lambda b: onp.sqrt(onp.square(b) + 0.5)),
    "pow": (lambda x, y: x**y, lambda a: onp.abs(a) + 1.1, onp.round),
    "mod": (lambda x, y: x % y, lambda a: a, lambda b: onp.abs(b) + 0.37),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("k", range(16))
def test_binary_op(name, k):
    fun, fa, fb = BINARY[name]
    a, b = _arg_pairs()[k]
    a, b = fa(onp.asarray(a)), fb(onp.asarray(b))
    if name == "mod" and onp.any(onp.abs(onp.asarray(a) / b - onp.round(a / b)) < 0.05):
        a = a + 0.1
    def to_scalar(v):
        return np.sum(np.sin(v))
    f = lambda x, y: to_scalar(fun(x, y))  # noqa: E731
    check_grads(f)(a, b)
    check_grads(lambda x, y: to_scalar(mb.grad(f, 0)(x, y)), order=1)(a, b)
    check_grads(lambda x, y: to_scalar(mb.grad(f, 1)(x, y)), order=1)(a, b)
