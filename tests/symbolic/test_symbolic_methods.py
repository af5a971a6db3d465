"""method='definition', gradient, jacobian (softmax), total differential, multivariable chain rule,
the worked identities, compile_expr on parsed input, and the verification that guards every result."""

import subprocess
import sys

import numpy as np
import pytest
import sympy as sp
from symbolic_helpers import agree

import mibun as mb
from mibun.errors import InputError, MibunError
from mibun.symbolic import compile_expr, identities, rules
from mibun.symbolic.derivation import VerificationError

x, y, t = sp.symbols("x y t")
S = mb.symbolic


@pytest.mark.parametrize("text,expected", [
    ("x^2", 2 * x), ("x^3 + 2x", 3 * x**2 + 2), ("3x^2 - 5x + 1", 6 * x - 5), ("1/x", -1 / x**2),
    ("x/(x+1)", 1 / (x + 1) ** 2), ("sqrt(x)", 1 / (2 * sp.sqrt(x))), ("e^x", sp.exp(x)), ("sin(x)", sp.cos(x)),
    ("cos(2x)", -2 * sp.sin(2 * x)), ("x^2 y", 2 * x * y), ("2 sqrt(x)", 1 / sp.sqrt(x)), ("x^5", 5 * x**4),
])
def test_definition(text, expected):
    d = mb.diff(text, "x", method="definition")
    assert sp.simplify(d.result - expected) == 0
    assert d.method == "definition" and d.rules() >= {"definition", "substitute"}
    assert d.rules() & {"limit", "known_limits"}
    assert "lim_{h→0}" in d.text("en") and "도함수의 정의" in d.text("ko")


def test_definition_polynomial_steps():
    d = mb.diff("x^3", method="definition")
    names = [s.rule for s in d.steps]
    assert names == ["definition", "substitute", "expand", "cancel", "limit", "simplify"]
    expand = d.steps[2]
    assert sp.expand(expand.result - (3 * x**2 * sp.Symbol("h") + 3 * x * sp.Symbol("h") ** 2
                                      + sp.Symbol("h") ** 3)) == 0


@pytest.mark.parametrize("text", ["sigmoid(x)", "x^x", "ln(x^2)", "|x|", "tan x", "sin(x^2)"])
def test_definition_refuses_what_it_cannot_do(text):
    with pytest.raises(MibunError, match="method='rules'"):
        mb.diff(text, method="definition")


def test_gradient():
    g = S.gradient("x^2 y + y^3", ["x", "y"])
    assert g.result == sp.Matrix([2 * x * y, x**2 + 3 * y**2])
    assert g.at(x=1, y=2).exact == sp.Matrix([4, 13])
    assert "gradient" in g.rules() and "partial" in g.rules()
    assert S.gradient(x**2 + y, [x, y]).result == sp.Matrix([2 * x, 1])
    assert S.gradient("x^2 + y").var == (x, y)  # variables default to the free symbols


def test_jacobian_softmax_cases():
    xs = sp.symbols("x_1 x_2 x_3")
    J = S.jacobian(S.softmax(xs), xs)
    assert "softmax_cases" in J.rules()
    s = [sp.exp(v) / sum(sp.exp(u) for u in xs) for v in xs]
    for i in range(3):
        for j in range(3):
            expected = s[i] * (1 - s[i]) if i == j else -s[i] * s[j]
            assert agree(J.result[i, j], expected)
    en = J.text("en")
    assert "i = j" in en and "i ≠ j" in en and "diag(s)" in en
    plain = S.jacobian(["x y", "x + y"], ["x", "y"])
    assert plain.result == sp.Matrix([[y, x], [1, 1]]) and "softmax_cases" not in plain.rules()


def test_total_differential():
    d = S.total_differential("x^2 y", ["x", "y"])
    dx, dy = sp.symbols("dx dy")
    assert sp.expand(d.result - (2 * x * y * dx + x**2 * dy)) == 0


def test_multivariable_chain():
    c = S.chain("x^2 + y^2", {"x": "cos t", "y": "sin t"}, "t")
    assert c.result == 0
    c = S.chain("x y", {"x": "t^2", "y": "e^t"}, "t")
    assert sp.simplify(c.result - sp.diff(t**2 * sp.exp(t), t)) == 0
    assert {"multichain", "partial", "inner_derivative", "back_substitute"} <= c.rules()
    with pytest.raises(InputError):
        S.chain("x y", {}, "t")


@pytest.mark.parametrize("name", identities.names())
def test_identities(name):
    d = identities.get(name)
    assert d.text("ko") and d.text("en") and d.latex("ko")
    assert len(d.steps) >= 3


def test_identity_results():
    s = mb.symbolic.sigmoid(x)
    assert identities.get("sigmoid_derivative").result == s * (1 - s)
    assert identities.get("sigmoid_symmetry").result == 1
    x1, x2 = sp.symbols("x_1 x_2")
    assert identities.get("softmax2_is_sigmoid").result == mb.symbolic.sigmoid(x1 - x2)
    ce = identities.get("softmax_cross_entropy", n=3, j=2)
    assert "Σ_{k≠j}" in ce.text("en")
    lin = identities.get("linear_layer_mse", n_in=2, n_out=1)
    assert lin.result.shape == (1, 2)
    assert identities.get("softmax_jacobian", n=2).result.shape == (2, 2)
    with pytest.raises(InputError):
        identities.get("nope")


def test_mismatch_raises(monkeypatch):
    """A wrong rule must never produce a silent wrong answer."""
    rules.registry_rule.cache_clear()
    real = rules.registry_rule

    def wrong(op, i=0):
        d, text, latex = real(op, i)
        return (d * 2 if op == "sin" else d), text, latex

    monkeypatch.setattr(rules, "registry_rule", wrong)
    with pytest.raises(VerificationError):
        mb.diff("sin(x^2)")
    mb.diff("cos(x)")  # the others still pass


def test_compile_parsed_expressions():
    f = compile_expr(mb.parse("log(x, 2) + |x| + sigmoid(x)"), ["x"])
    v = np.array([1.0, 4.0])
    expected = np.log2(v) + v + 1 / (1 + np.exp(-v))
    assert np.allclose(f(v), expected)
    g = compile_expr(mb.diff("x^x").result, ["x"])
    assert np.isclose(g(2.0), 4 * (np.log(2) + 1))


def test_mb_names():
    assert mb.parse is S.parse and mb.diff is S.diff


def test_import_mibun_does_not_import_sympy():
    code = "import mibun, sys; assert 'sympy' not in sys.modules; mibun.diff; assert 'sympy' in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
