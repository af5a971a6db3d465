"""Every op's gradient against central differences (float64), and every registered SymPy rule
against SymPy's derivative of the op's formula, and the VJP against that rule."""

import numpy as np
import pytest
import sympy

import mibun as mb
from mibun.autodiff.registry import REGISTRY, elementwise_ops
from mibun.functions import REALS, scalar_specs

rng = np.random.default_rng(0)


def r(*shape, lo=-2.0, hi=2.0):
    return rng.uniform(lo, hi, shape)


def pos(*shape):
    return rng.uniform(0.3, 2.0, shape)


CASES = {
    "add": (lambda a, b: a + b, [r(3, 4), r(4)]),
    "sub": (lambda a, b: a - b, [r(3, 1), r(1, 4)]),
    "mul": (lambda a, b: a * b, [r(2, 3), r(3)]),
    "div": (lambda a, b: a / b, [r(2, 3), pos(2, 3)]),
    "pow": (lambda a, b: a**b, [pos(3), r(3)]),
    "pow_const": (lambda a: a**3, [r(4)]),
    "pow_half": (lambda a: a**0.5, [pos(4)]),
    "pow_neg": (lambda a: a**-2, [pos(4)]),
    "neg": (lambda a: -a, [r(3)]),
    "abs": (lambda a: mb.abs(a), [np.array([-1.5, 0.7, 2.0])]),
    "exp": (mb.exp, [r(3, 2)]),
    "log": (mb.log, [pos(3)]),
    "log1p": (mb.log1p, [pos(3)]),
    "expm1": (mb.expm1, [r(3)]),
    "sqrt": (mb.sqrt, [pos(3)]),
    "sin": (mb.sin, [r(3)]),
    "cos": (mb.cos, [r(3)]),
    "tan": (mb.tan, [r(3, lo=-1, hi=1)]),
    "tanh": (mb.tanh, [r(3)]),
    "sigmoid": (mb.sigmoid, [r(5)]),
    "relu": (mb.relu, [np.array([-1.0, -0.2, 0.3, 2.0])]),
    "leaky_relu": (lambda a: mb.leaky_relu(a, 0.1), [np.array([-1.0, -0.2, 0.3, 2.0])]),
    "softplus": (mb.softplus, [r(5)]),
    "maximum": (mb.maximum, [np.array([1.0, -2.0, 3.0]), np.array([0.5, 0.5, 4.0])]),
    "minimum": (mb.minimum, [np.array([1.0, -2.0, 3.0]), np.array([0.5, 0.5, 4.0])]),
    "where": (lambda a, b: mb.where(np.array([True, False, True]), a, b), [r(3), r(2, 3)]),
    "clip": (lambda a: mb.clip(a, -0.5, 0.5), [np.array([-1.0, -0.2, 0.3, 2.0])]),
    "sum": (lambda a: mb.sum(a, axis=1), [r(3, 4)]),
    "sum_tuple": (lambda a: mb.sum(a, axis=(0, 2), keepdims=True), [r(2, 3, 4)]),
    "mean": (lambda a: mb.mean(a, axis=0), [r(3, 4)]),
    "max": (lambda a: mb.max(a, axis=1), [r(3, 4)]),
    "min": (lambda a: mb.min(a), [r(3, 4)]),
    "logsumexp": (lambda a: mb.logsumexp(a, axis=-1), [r(3, 4)]),
    "softmax": (lambda a: mb.softmax(a, axis=0), [r(3, 4)]),
    "log_softmax": (lambda a: mb.log_softmax(a), [r(3, 4)]),
    "reshape": (lambda a: mb.reshape(a, (4, 3)) * np.arange(12.0).reshape(4, 3), [r(3, 4)]),
    "transpose": (lambda a: mb.transpose(a, (2, 0, 1)) * np.arange(24.0).reshape(4, 2, 3), [r(2, 3, 4)]),
    "broadcast_to": (lambda a: mb.broadcast_to(a, (2, 3, 4)) * np.arange(24.0).reshape(2, 3, 4), [r(3, 1)]),
    "getitem": (lambda a: a[1:, ::-1][:, None, 0] * 3.0, [r(3, 4)]),
    "getitem_int_array": (lambda a: a[np.array([0, 2, 0, 0])] * np.arange(4.0)[:, None], [r(3, 2)]),
    "index_grad": (lambda a: mb.index_grad(a, (slice(1, 3),), (4, 2)) * np.arange(8.0).reshape(4, 2), [r(2, 2)]),
    "concatenate": (lambda a, b: mb.concatenate([a, b, a], axis=1) * np.arange(21.0).reshape(3, 7), [r(3, 2), r(3, 3)]),
    "stack": (lambda a, b: mb.stack([a, b], axis=1) * np.arange(12.0).reshape(3, 2, 2), [r(3, 2), r(3, 2)]),
    "split": (lambda a: mb.split(a, [1, 3], axis=1)[1] * 2.0 + mb.split(a, 2, axis=0)[0].sum(), [r(2, 4)]),
    "matmul": (lambda a, b: a @ b, [r(3, 4), r(4, 2)]),
    "matmul_batched": (lambda a, b: a @ b, [r(2, 3, 4), r(4, 5)]),
    "matmul_vec_right": (lambda a, b: a @ b, [r(2, 3, 4), r(4)]),
    "matmul_vec_left": (lambda a, b: a @ b, [r(4), r(2, 4, 3)]),
    "matmul_dot": (lambda a, b: a @ b, [r(4), r(4)]),
    # through float32 and back: finite differences need a large step to see past float32's rounding
    "astype": (lambda a: mb.astype(a, np.float32).astype(np.float64) * 2.0, [r(3)], dict(eps=1e-2, atol=1e-5)),
    "var_std_norm": (lambda a: mb.var(a, axis=0) + mb.std(a) + mb.norm(a, axis=1).sum(), [r(3, 4)]),
    "pad": (lambda a: mb.pad(a, ((1, 0), (2, 1)), value=3.0) * np.arange(20.0).reshape(4, 5), [r(3, 2)]),
    "take": (lambda a: mb.take(a, np.array([2, 2, 0]), axis=1), [r(2, 3)]),
    "rpow": (lambda a: 2.0 ** a, [r(3)]),
    "rsub_rdiv": (lambda a: 1.0 - 2.0 / a, [pos(3)]),
}
# every scalar function spec (arcsin, erf, …) sampled inside its domain
for _s in scalar_specs():
    CASES.setdefault(_s.name, (getattr(mb, _s.name), [r(4, lo=_s.sample[0], hi=_s.sample[1])]))


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_central_differences(name):
    f, inputs, *opts = CASES[name]
    report = mb.gradcheck(f, *inputs, **(opts[0] if opts else dict(atol=1e-6, rtol=1e-5)))
    assert report, report.text()


def test_every_registered_op_is_exercised_by_a_gradient_case():
    from tests.autodiff.test_array_ops import ARRAY_CASES

    exercised = set()
    for f, inputs, *_ in [*CASES.values(), *ARRAY_CASES.values()]:
        xs = [mb.tensor(a, requires_grad=True) for a in inputs]
        out = f(*xs)
        exercised |= {t.op.name for t in mb.toposort(out) if t.op is not None}
    missing = {n for n in REGISTRY if not n.startswith("test_")} - exercised - {"identity"}  # test_*: made by tests
    nn_ops = {n for n, op in REGISTRY.items() if op.forward.__module__.startswith("mibun.nn")}
    assert not (missing - nn_ops), f"ops without a gradient test: {sorted(missing - nn_ops)}"


@pytest.mark.parametrize("op", elementwise_ops(), ids=lambda op: op.name)
def test_registered_rule_is_sympys_derivative_of_the_formula(op):
    syms = sympy.symbols("u v", real=True)[: len(op.derivatives)]
    f = op.formula(sympy, *syms)
    for i, s in enumerate(syms):
        rule = sympy.sympify(op.derivatives[i](sympy, *syms))
        diff = sympy.diff(f, s)
        # compare at several points (Heaviside/sign rules are equal away from the kink)
        for pt in [(0.7, 1.3), (1.9, 0.4), (-0.8, 1.1), (2.5, -1.7)]:
            subs = dict(zip(syms, pt[: len(syms)], strict=False))
            if op.name in ("log", "sqrt", "log1p", "pow") and any(v <= 0 for v in subs.values()):
                continue
            a = complex(sympy.N(rule.subs(subs).rewrite(sympy.exp)))
            b = complex(sympy.N(diff.subs(subs).rewrite(sympy.exp)))
            assert abs(a - b) < 1e-10, (op.name, i, pt, a, b)


@pytest.mark.parametrize("op", elementwise_ops(), ids=lambda op: op.name)
def test_vjp_agrees_with_the_registered_rule(op):
    """The VJP with ḡ = 1 equals the symbolic rule evaluated at random points."""
    syms = sympy.symbols("u v", real=True)[: len(op.derivatives)]
    lo, hi = op.sample if op.is_scalar and op.domain is not REALS else (0.3, 1.7)  # inside arcsin's domain
    pts = [rng.uniform(lo, hi, 5) for _ in syms]
    xs = [mb.tensor(p, requires_grad=True) for p in pts]
    out = mb.apply(op, *xs)
    out.sum().backward()
    for i in range(len(syms)):
        rule = sympy.sympify(op.derivatives[i](sympy, *syms))
        for k in range(5):
            at = {sy: float(p[k]) for sy, p in zip(syms, pts, strict=False)}
            val = complex(sympy.N(rule.subs(at).rewrite(sympy.exp)))
            assert abs(xs[i].grad.data[k] - val.real) < 1e-9, (op.name, i, k)


def test_every_op_has_a_rule_text_for_explanations():
    for op in REGISTRY.values():
        if op.name.startswith("test_"):  # ops that tests register for themselves
            continue
        assert op.rule and op.rule_latex, op.name
        assert op.template, op.name
