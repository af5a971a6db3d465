"""Limits speak of the student's own variable (lim_{t→0}, not lim_{x→0} and "the variable") and print
SymPy's answer as a student reads it (∞, e, an interval of oscillation — never oo or AccumBounds)."""

import mibun as mb
from tests.cli.helpers import run


def test_the_variable_keeps_its_name():
    r = mb.limit("sin(3t)/t", 0)
    assert r.var == "t" and r.to_dict()["var"] == "t"
    assert r.text("en").splitlines()[0].startswith("lim_{t→0} f(t) = 3")
    assert mb.limit(lambda x: x * x, 0).var == "x"


def test_the_command_names_the_variable_in_both_languages():
    en = run("limit", "(1+1/n)^n", "--to", "inf", check_rc=0).stdout
    assert en.splitlines()[0] == "limit of (1 + 1/n)^n as n → ∞"
    assert "lim_{n→∞} f(n)" in en and "SymPy's exact limit: e" in en
    ko = run("--lang", "ko", "limit", "sin(3t)/t", "--to", "0", check_rc=0).stdout
    assert ko.splitlines()[0] == "t → 0일 때 sin(3·t)/t의 극한" and "변수" not in ko


def test_sympy_answers_are_printed_for_students():
    inf = mb.limit("1/x^2", 0).text("en")
    assert "SymPy's exact limit: ∞" in inf and "oo" not in inf
    osc = mb.limit("sin(x)", float("inf"))
    for lang, words in (("en", "within [-1, 1] (no limit)"), ("ko", "[-1, 1] 안에서 계속 움직이므로")):
        text = osc.text(lang)
        assert words in text and "AccumBounds" not in text
    assert osc.to_dict()["symbolic"] == "[-1, 1]"
