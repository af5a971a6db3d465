"""Rendering: Korean and English text from the catalogues, LaTeX, HTML, JSON, values at a point."""

import functools
import json
import re
from pathlib import Path

import pytest
import sympy as sp
from symbolic_corpus import HAND
from symbolic_helpers import has_hangul

import mibun as mb
from mibun.errors import InputError, NotDifferentiableError
from mibun.i18n import catalogue
from mibun.symbolic import identities
from mibun.symbolic.derivation import text_of

x, y = sp.symbols("x y")


@functools.cache
def _all_derivations() -> tuple:
    """The derivations the rendering tests read, built when the first of them runs (not at collection)."""
    out = [mb.diff(text, v) for text, v, _ in HAND[::3]]
    out.append(mb.diff("x^3", method="definition"))
    out.append(mb.diff("sqrt(x)", method="definition"))
    out.append(mb.diff("sin(x)", method="definition"))
    S = mb.symbolic
    out += [S.gradient("x^2 y", ["x", "y"]), S.jacobian(S.softmax(["a", "b"]), ["a", "b"]),
            S.total_differential("x y^2", "x, y"), S.chain("x y", {"x": "cos t", "y": "t^2"}, "t")]
    out += [identities.get(n) for n in identities.names()]
    return tuple(out)


def test_korean_has_hangul_english_has_none():
    for d in _all_derivations():
        ko, en = d.text("ko"), d.text("en")
        assert has_hangul(ko), ko
        assert not has_hangul(en), en
        assert not has_hangul(d.latex("en")) and has_hangul(d.latex("ko"))
        assert not has_hangul(json.dumps(d.to_dict("en"), ensure_ascii=False))


def test_korean_has_no_english_words():
    allowed = {"sin", "cos", "tan", "sec", "csc", "cot", "exp", "log", "sinh", "cosh", "tanh", "relu", "ReLU",
               "softplus", "softmax", "sign", "asin", "acos", "atan", "arcsin", "arccos", "arctan", "lim", "max",
               "min", "diag", "SymPy"}
    for d in _all_derivations():
        words = set(re.findall(r"[A-Za-z]{3,}", d.text("ko"))) - allowed
        assert not words, (words, d.text("ko"))


def test_korean_reads_like_a_textbook():
    cases = {
        "x/(x+1)": "몫의 미분법", "x sin x": "곱의 미분법", "(2x-4)^3": "연쇄법칙", "3x^2": "상수배 법칙",
        "x^2 + x": "합과 차의 미분법", "x^5": "거듭제곱 법칙", "x^x": "로그 미분법", "ln x": "자연로그의 미분",
    }
    for text, word in cases.items():
        assert word in mb.diff(text).text("ko"), (text, word)
    ko = mb.diff("x^2 + 3xy", "x").text("ko")
    assert "편미분" in ko and "상수로 취급" in ko and "정리" in ko and "답" in ko


def test_english_names_rules():
    en = mb.diff("x/(x+1)").text("en")
    assert "quotient rule" in en and "Answer" in en
    assert "let u = " in mb.diff("(2x-4)^3").text("en")


def test_every_rule_title_is_in_both_catalogues():
    used = set()
    for d in _all_derivations():
        for s in d.steps:
            used |= s.rules()
    for lang in ("ko", "en"):
        for r in used:
            assert f"rule.{r}" in catalogue(lang), (lang, r)


def test_catalogue_block_is_contiguous_and_complete():
    """The symbolic side's texts live in its area files per language (i18n/<lang>/symbolic*.py: the texts,
    and symbolic_errors.py for the errors)."""
    en, ko = catalogue("en"), catalogue("ko")
    assert set(en) == set(ko)
    root = Path(mb.__file__).parent / "i18n"
    for lang in ("en", "ko"):
        text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((root / lang).glob("symbolic*.py")))
        here = set(re.findall(r'^\s*"([\w.]+)":', text, flags=re.M))
        cat = catalogue(lang)
        ours = {k for k in cat if k.startswith(("rule.", "symbolic."))}
        assert ours and ours <= here, sorted(ours - here)[:5]
    for key in en:
        if key.startswith(("rule.", "symbolic.")):
            assert set(re.findall(r"{(\w+)", en[key])) == set(re.findall(r"{(\w+)", ko[key])), key


def test_latex_html_and_json():
    d = mb.diff(r"\frac{7xy}{e^{x^2+y^2}}", "x")
    tex = d.latex("ko")
    assert tex.startswith("\\begin{array}") and "\\frac" in tex and "\\partial" in tex
    assert d._repr_latex_().startswith("$$")
    html = d._repr_html_()
    assert "<ul>" in html and "mibun-derivation" in html
    data = json.loads(json.dumps(d.to_dict("ko")))
    assert data["wrt"] == "x" and data["partial"] is True and data["verified"] is True
    assert data["steps"][0]["rule"] == "partial"
    assert data["steps"][-1]["rule"] == "simplify"
    assert sp.simplify(mb.parse(data["result"].replace("·", "*")) - d.result) == 0
    for d in _all_derivations():
        json.dumps(d.to_dict("en"))
        d._repr_html_()
        d.latex("ko")


def test_at_point():
    d = mb.diff("x^2 + 3xy + y - 3", "x")
    v = d.at(x=4, y=-2)
    assert v.exact == 2 and float(v) == 2.0 and v == 2
    assert mb.diff("sin x").at(x="pi/3").exact == sp.Rational(1, 2)
    assert mb.diff("x^3").at(x=0.5).value == pytest.approx(0.75)
    assert mb.diff("e^x").at(x=1).exact == sp.E
    with pytest.raises(NotDifferentiableError):
        mb.diff("relu(x)").at(x=0)
    with pytest.raises(NotDifferentiableError):
        mb.diff("|x - 1|").at(x=1)
    assert mb.diff("relu(x)").at(x=2).exact == 1
    with pytest.raises(InputError):
        d.at(q=1)
    partial = d.at(x=1)
    assert partial.exact == 2 + 3 * y


def test_text_printing():
    assert text_of(sp.exp(2 * x)) == "e^(2·x)"
    assert text_of(x**2 * y) == "x^2·y"
    assert text_of(mb.parse("log(x, 2)")) == "log_2(x)"
    assert text_of(sp.Abs(x)) == "|x|"


def test_bad_arguments():
    with pytest.raises(InputError):
        mb.diff("x^2", method="magic")
    with pytest.raises(InputError):
        mb.diff([1, 2])
    with pytest.raises(mb.ParseError):
        mb.diff("x^", "x")
    with pytest.raises(InputError):
        mb.diff("x^2", wrt="x+y")


def test_lang_default_and_unknown(monkeypatch):
    d = mb.diff("x^2")
    monkeypatch.setenv("MIBUN_LANG", "ko")
    assert has_hangul(d.text())
    monkeypatch.setenv("MIBUN_LANG", "en")
    assert not has_hangul(d.text()) and str(d) == d.text()
    with pytest.raises(InputError):
        d.text("fr")


def test_partial_steps_name_the_variable_actually_used():
    text = mb.diff("x^2 + 3xy + y - 3", "y").text("en")
    assert "d/dy y = 1" in text and "d/dy c = 0" in text and "d/dx" not in text
