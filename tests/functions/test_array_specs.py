"""The array-op tier of mibun.functions (arithmetic, selection, leaky ReLU): every op's VJP and JVP, input by
input, against central differences, and its SymPy formula (where it has one) against SymPy's diff."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import mibun as mb
from mibun.functions import specs

rng = np.random.default_rng(1)
ARRAY_OPS = [op for op in specs() if not op.is_scalar]
COND = np.array([True, False, True, True])

# op name -> (inputs, params): inputs away from kinks and ties
CASES = {
    "neg": ([rng.normal(size=4)], {}),
    "add": ([rng.normal(size=4), rng.normal(size=4)], {}),
    "sub": ([rng.normal(size=4), rng.normal(size=4)], {}),
    "mul": ([rng.normal(size=4), rng.normal(size=4)], {}),
    "div": ([rng.normal(size=4), rng.uniform(0.5, 2, 4)], {}),
    "pow": ([rng.uniform(0.5, 2, 4), rng.normal(size=4)], {}),
    "pow_const": ([rng.uniform(0.5, 2, 4)], {"p": 3}),
    "maximum": ([np.array([1.0, -2.0, 3.0, 0.1]), np.array([0.5, 0.5, 4.0, -1.0])], {}),
    "minimum": ([np.array([1.0, -2.0, 3.0, 0.1]), np.array([0.5, 0.5, 4.0, -1.0])], {}),
    "where": ([rng.normal(size=4), rng.normal(size=4)], {"cond": COND}),
    "clip": ([np.array([-1.0, -0.2, 0.3, 2.0])], {"lo": -0.5, "hi": 0.5}),
    "astype": ([rng.normal(size=4)], {"dtype": np.dtype(np.float64)}),
    "identity": ([rng.normal(size=4)], {}),
    "leaky_relu": ([np.array([-1.0, -0.2, 0.3, 2.0])], {"negative_slope": 0.1}),
}


def test_every_array_op_has_a_case():
    assert {op.name for op in ARRAY_OPS} <= set(CASES), sorted({op.name for op in ARRAY_OPS} - set(CASES))


@pytest.mark.parametrize("op", ARRAY_OPS, ids=lambda op: op.name)
def test_vjp_and_jvp_of_every_input_match_central_differences(op):
    inputs, params = CASES[op.name]
    for i in range(len(inputs)):
        def f(x, i=i):
            args = [mb.tensor(a) for a in inputs]
            args[i] = x
            return mb.apply(op, *args, **params)

        x0 = inputs[i]
        h = 1e-6
        fd = np.stack([(f(mb.tensor(x0 + h * e)).numpy() - f(mb.tensor(x0 - h * e)).numpy()) / (2 * h)
                       for e in np.eye(x0.size)], axis=-1)  # J[out, in]
        g = mb.grad(lambda t: f(t).sum())(x0)
        np.testing.assert_allclose(g, fd.sum(axis=0), rtol=1e-6, atol=1e-8, err_msg=f"{op.name} vjp {i}")
        t = rng.normal(size=x0.shape)
        _, jt = mb.jvp(f, (x0,), (t,))
        np.testing.assert_allclose(np.asarray(jt), fd @ t, rtol=1e-6, atol=1e-8, err_msg=f"{op.name} jvp {i}")


@pytest.mark.parametrize("op", [op for op in ARRAY_OPS if op.formula is not None], ids=lambda op: op.name)
def test_formula_derivatives_are_sympys(op):
    syms = sympy.symbols("u v", real=True)[: len(op.derivatives)]
    f = op.formula(sympy, *syms)
    for i, s in enumerate(syms):
        rule = sympy.sympify(op.derivatives[i](sympy, *syms))
        for pt in [(0.7, 1.3), (1.9, 0.4)]:
            subs = dict(zip(syms, pt[: len(syms)], strict=False))
            a = complex(sympy.N(rule.subs(subs).rewrite(sympy.exp)))
            b = complex(sympy.N(sympy.diff(f, s).subs(subs).rewrite(sympy.exp)))
            assert abs(a - b) < 1e-10, (op.name, i, pt)


@pytest.mark.parametrize("op", ARRAY_OPS, ids=lambda op: op.name)
def test_every_array_op_has_its_rule_and_template(op):
    assert op.rule and op.rule_latex and op.template, op.name
    assert op.family in ("arithmetic", "activations")
