"""The notation corpus: every student-written input is read as intended, with a note where the reading is
ambiguous and none where it is not; the helpful errors say what to write. Hypothesis: no input raises
anything but a MibunError."""

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from notation_corpus import N

import mibun as mb
from mibun.errors import MibunError, ParseError
from mibun.symbolic.parser import evaluate, parse, parse_with_notes


def test_corpus_is_large_enough():
    assert len(N) >= 150
    assert sum(1 for _, _, x in N if "note" in x) >= 30


def _same(a, b) -> bool:
    a, b = evaluate(a), evaluate(b)
    if a == b:
        return True
    return sp.simplify(a - b) == 0


@pytest.mark.parametrize("typed,reading,extra", N, ids=[f"{i}:{c[0][:24]}" for i, c in enumerate(N)])
def test_reading(typed, reading, extra):
    kw = {"symbols": extra.get("symbols"), "wrt": extra.get("wrt")}
    if "error" in extra:
        with pytest.raises(ParseError) as info:
            parse_with_notes(typed, **kw)
        assert extra["error"] in str(info.value).lower()
        return
    p = parse_with_notes(typed, **kw)
    if extra.get("equation"):
        assert p.equation is not None
        assert isinstance(parse(typed), sp.Equality)
    else:
        names = list(kw["symbols"] or []) + ([kw["wrt"]] if kw["wrt"] else [])
        expected = parse(reading, symbols=names or None)
        assert _same(p.expr, expected), (typed, p.expr, expected)
    kinds = [n.kind for n in p.notes]
    if "note" in extra:
        assert extra["note"] in kinds, (typed, kinds)
    else:
        assert not kinds, (typed, kinds)
    if "var" in extra:
        assert p.var == extra["var"]
    assert p.order == extra.get("order", 0)
    if "at" in extra:
        assert p.at is not None
        (value,) = p.at.values()
        assert _same(value, parse(str(extra["at"])))


def test_notes_in_both_languages_say_both_readings():
    p = parse_with_notes("1/2x")
    (n,) = p.notes
    assert "(1/2)·x" in n.text("en") and "1/(2x)" in n.text("en")
    assert "(1/2)·x로" in n.text("ko") and "1/(2x)를" in n.text("ko")


def test_parse_still_returns_a_sympy_expression():
    assert mb.parse("1/2x") == parse("x/2")
    assert isinstance(mb.parse("d/dx x^2"), sp.Derivative)


def test_diff_follows_the_request():
    assert mb.diff("d/dx x^2").result == 2 * sp.Symbol("x")
    assert mb.diff("d²/dx² sin x").result == -sp.sin(sp.Symbol("x"))
    d = mb.diff("f(x) = x^3; f'(2)")
    assert d.at(x=2) == 12 and "12" in d.text("en")
    assert str(mb.diff("t^2").var) == "t"
    e = sp.Symbol("e")
    assert mb.diff("e^2", wrt="e").result == 2 * e


def test_implicit_differentiation_with_steps():
    x, y = sp.symbols("x y")
    d = mb.diff("x^2 + y^2 = 25, dy/dx")
    assert sp.simplify(d.result + x / y) == 0
    assert "implicit" in d.rules() and "dy/dx" in d.text("en")
    assert "음함수" in d.text("ko")
    d = mb.diff("x^3 + y^3 = 6xy", "x")
    assert sp.simplify(d.result - (2 * y - x**2) / (y**2 - 2 * x)) == 0


def test_notes_travel_on_the_derivation():
    d = mb.diff("e^2x")
    assert [n.kind for n in d.notes] == ["power_implicit"]
    assert "e^(2x)" in d.text("en") and "e^(2x)" in d.to_dict("ko")["notes"][0]["text"]
    assert "※" in d.latex("ko") and "mibun-note" in d._repr_html_()


def test_wrt_conflicting_with_the_request_is_an_error():
    with pytest.raises(MibunError):
        mb.diff("d/dy (x y)", wrt="x")


def test_error_positions_point_at_what_was_typed():
    with pytest.raises(ParseError) as info:
        parse("２ｘ＋sinn(x)")
    assert info.value.position == 3


_ALPHABET = st.sampled_from(list("xyte0123456789+-*/^()|.,=' ") + ["sin", "ln", "log_2", "d/dx", "dy/dx", "√",
                            "∛", "½", "²", "⁻¹", "ˣ", "ｘ", "（", "）", "·", "×", "÷", "\\frac{", "}{", "}", "e^",
                            "π", "σ", "1e-3", "일 때", "f(x)", "f'(", "dx", "₂", "Ln", "sinn", "arcsin", "∂/∂x"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, min_size=0, max_size=14).map("".join))
def test_parser_raises_only_mibun_errors(text):
    try:
        p = parse_with_notes(text)
        for n in p.notes:
            n.text("ko")
            n.text("en")
    except MibunError:
        pass
