"""Every scalar spec as the other layers read it: the parser (every name and LaTeX command), the
rule-based derivation (its steps use the spec's rule and agree with SymPy), the printers (text and LaTeX
name the function as the spec says: arcsin, never asin), compile-to-NumPy on both backends, explain's and
the catalogue's words, and the plots."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import mibun as mb
from mibun.functions import name_tables, rule_words, scalar_specs
from mibun.symbolic.compile import compile_expr
from mibun.symbolic.derivation.printing import latex_of, text_of
from mibun.symbolic.rules import KINKED

SCALARS = scalar_specs()
IDS = [s.name for s in SCALARS]
X = sympy.Symbol("x")
TABLES = name_tables()
PARSE_NAMES = sorted((n, s.name) for n, s in TABLES["names"].items())
LATEX_NAMES = sorted((n, s.name) for n, s in TABLES["latex"].items())


def expected(s, arg=X):
    return s.sympy_function()(arg)


@pytest.mark.parametrize(("name", "spec"), PARSE_NAMES, ids=[n for n, _ in PARSE_NAMES])
def test_every_parser_name_reads_as_its_function(name, spec):
    s = mb.functions.get(spec)
    for text in (f"{name}(x)", f"{name}(2*x + 1)"):
        arg = X if text.endswith("(x)") else 2 * X + 1
        assert sympy.simplify(mb.parse(text) - expected(s, arg)) == 0, text


@pytest.mark.parametrize(("name", "spec"), LATEX_NAMES, ids=[n for n, _ in LATEX_NAMES])
def test_every_latex_command_reads_as_its_function(name, spec):
    s = mb.functions.get(spec)
    for text in (rf"\{name}(x)", rf"\operatorname{{{name}}}(x)"):
        assert sympy.simplify(mb.parse(text) - expected(s)) == 0, text


@pytest.mark.parametrize("s", SCALARS, ids=IDS)
def test_printed_text_and_latex_parse_back(s):
    e = expected(s, 3 * X)
    assert sympy.simplify(mb.parse(text_of(e)) - e) == 0, text_of(e)
    assert sympy.simplify(mb.parse(latex_of(e)) - e) == 0, latex_of(e)


@pytest.mark.parametrize("s", [s for s in SCALARS if s.family in ("trig", "hyperbolic", "special")],
                         ids=lambda s: s.name)
def test_printers_use_the_specs_names(s):
    e = expected(s)
    assert text_of(e) == f"{s.text}(x)"
    assert latex_of(e).startswith(s.latex + "{")
    assert "asin" not in text_of(e) and "asin" not in latex_of(e)


def test_arcsinh_is_never_x_times_asin_h():
    assert mb.parse("arcsinh(x)") == sympy.asinh(X)
    assert mb.parse("sech x") == sympy.sech(X)
    assert text_of(mb.parse("arcsinh(x)")) == "arcsinh(x)"


@pytest.mark.parametrize("s", [s for s in SCALARS if s.parse_names], ids=lambda s: s.name)
def test_the_steps_use_the_specs_rule_and_agree_with_sympy(s):
    name = s.parse_names[0]
    d = mb.diff(f"{name}(x^2)")
    p = sympy.Symbol("p", positive=True)
    oracle = sympy.diff(expected(s, p**2), p).subs(p, X)
    lo, hi = s.sample
    for v in np.linspace(max(lo, 0.3), min(hi, 0.9) if hi > 0.3 else hi, 3):
        a = complex(d.result.subs(X, v).rewrite(sympy.exp).evalf())
        b = complex(oracle.subs(X, v).rewrite(sympy.exp).evalf())
        assert abs(a - b) < 1e-9, (s.name, v)
    rule = s.rule_name or s.name
    assert rule in d.rules()
    if rule not in KINKED:  # a kink's rule has words: the catalogue says them in each language
        assert s.rule[0] in d.text("en") or rule == "log_base"
    for lang in ("en", "ko"):
        words = rule_words(rule, lang)
        assert words and not words.startswith("rule."), (rule, lang, words)
        assert words in d.text(lang)


@pytest.mark.parametrize("s", SCALARS, ids=IDS)
def test_compile_evaluates_every_function_on_both_backends(s):
    e = expected(s)
    x = np.linspace(*s.sample, 5)
    np.testing.assert_allclose(compile_expr(e, [X])(x), s.forward(x), rtol=1e-12)
    t = mb.tensor(x, requires_grad=True)
    y = compile_expr(e, [X], backend="mibun")(t)
    y.sum().backward()
    np.testing.assert_allclose(y.numpy(), s.forward(x), rtol=1e-12)
    assert t.grad is not None


@pytest.mark.parametrize("s", SCALARS, ids=IDS)
def test_explain_names_the_op_in_both_languages(s):
    x = mb.tensor(np.linspace(*s.sample, 3), requires_grad=True, name="x")
    y = getattr(mb, s.name)(x).sum()
    for lang in ("en", "ko"):
        text = mb.explain(y).text(lang)
        assert s.name_in(lang) in text, (s.name, lang)
        assert s.rule[0] in text or s.name in KINKED


def test_plot_draws_every_new_function():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mibun import plot

    for name in ("arcsin(x)", "arcsinh(x)", "sech(x)", "erf(x)", "log2(x)", "coth(x)"):
        fig = plot.function_and_derivative(name, lang="en")
        assert fig is not None
        plt.close(fig)
