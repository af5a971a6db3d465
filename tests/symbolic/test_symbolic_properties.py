"""Property tests: random expression trees printed and re-parsed are the same expression, and the derivative
of parsed random expressions equals sympy.diff."""

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from symbolic_helpers import agree, sympy_derivative

import mibun as mb
from mibun.symbolic import functions as mf
from mibun.symbolic.derivation import text_of
from mibun.symbolic.parser import evaluate, parse

x, y = sp.symbols("x y")

leaves = st.sampled_from([x, y, x, sp.Integer(1), sp.Integer(2), sp.Integer(3), sp.Rational(1, 2), sp.pi])
UNARY = [sp.sin, sp.cos, sp.exp, sp.tanh, sp.atan, sp.sinh, mf.sigmoid, mf.softplus,
         lambda u: sp.log(u**2 + 1), lambda u: sp.sqrt(u**2 + 1), lambda u: mf.log_base(u**2 + 1, 2)]


def _extend(children):
    return st.one_of(
        st.tuples(children, children).map(lambda p: p[0] + p[1]),
        st.tuples(children, children).map(lambda p: p[0] - p[1]),
        st.tuples(children, children).map(lambda p: p[0] * p[1]),
        st.tuples(children, children).map(lambda p: p[0] / (p[1] ** 2 + 1)),
        st.tuples(children, st.integers(2, 3)).map(lambda p: p[0] ** p[1]),
        st.tuples(st.sampled_from(UNARY), children).map(lambda p: p[0](p[1])),
    )


exprs = st.recursive(leaves, _extend, max_leaves=7)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(exprs)
def test_text_round_trip(e):
    """mibun's plain-text printing (x^2, 3·x, e^(…), ln, log_2, σ) parses back to the same expression."""
    back = evaluate(parse(text_of(e)))
    assert back == e or agree(back, e), (e, text_of(e), back)


@SETTINGS
@given(exprs)
def test_python_syntax_round_trip(e):
    """SymPy's own str() (Python syntax) parses back too."""
    back = evaluate(parse(sp.sstr(e)))
    assert back == e or agree(back, e), (e, sp.sstr(e), back)


@SETTINGS
@given(exprs)
def test_latex_round_trip(e):
    """SymPy's LaTeX printing parses back (\\frac, \\left(, \\log, \\operatorname, …)."""
    text = sp.latex(e)
    back = evaluate(parse(text))
    assert back == e or agree(back, e), (e, text, back)


@SETTINGS
@given(exprs)
def test_derivative_equals_sympy(e):
    if x not in e.free_symbols:
        e = e + x
    d = mb.diff(text_of(e), "x")
    assert agree(d.result, sympy_derivative(e, x)), (e, d.result)


ALPHABET = "xyze2301.+-*/^()[]{}|, !=_'\\σπ√²" + "sincoexplgqrtahbmfd"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_any_text_parses_or_raises_parse_error(text):
    """Random text never escapes as anything but a ParseError (no IndexError, RecursionError, SymPy errors)."""
    try:
        e = parse(text)
    except mb.ParseError:
        return
    assert isinstance(e, sp.Basic)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="xy2301+-*/^()|" + "sincoexplgqrt ", min_size=1, max_size=25))
def test_any_parsed_text_differentiates_or_raises_mibun_error(text):
    try:
        e = parse(text)
    except mb.ParseError:
        return
    try:
        d = mb.diff(e, "x")
    except mb.MibunError:
        return
    if d.verified:
        assert agree(d.result, sympy_derivative(e, x))
