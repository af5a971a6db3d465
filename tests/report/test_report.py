"""The report layer: one formatter, one JSON encoder, one table, and every result class rendering text,
Markdown, HTML, LaTeX and JSON from the same fields."""

import json
import math
from dataclasses import dataclass

import numpy as np
import pytest

import mibun as mb
from mibun.report import Math, Para, Report, Table, TableBlock, dumps, fmt, render_table, to_jsonable

HANGUL = "가"


@pytest.mark.parametrize(("value", "kwargs", "shown"), [
    (0.1 + 0.2, {}, "0.3"), (2 / 3, {"digits": 4}, "0.6667"), (math.inf, {}, "∞"), (-math.inf, {}, "−∞"),
    (math.nan, {}, "NaN"), (None, {}, "—"), (1.2e-5, {"digits": 3, "compact": True}, "1.20e-05"),
    (0.25, {"digits": 3, "compact": True}, "0.25"), (math.inf, {"ascii_inf": True}, "inf"),
    (-1e-20, {"digits": 4}, "-1e-20"), (-0.0, {}, "0"), (np.float32(0.5), {}, "0.5"), (7, {}, "7"),
    (np.array([1.0, 2.5]), {}, "[1. , 2.5]"), ("text", {}, "text"),
])
def test_one_formatter(value, kwargs, shown):
    assert fmt(value, **kwargs) == shown


def test_one_json_encoder():
    data = {"a": np.arange(3), "b": np.float32(1.5), "c": math.nan, "d": (math.inf, -math.inf), 1: np.bool_(True),
            "e": 2 + 1j}
    out = to_jsonable(data)
    assert out == {"a": [0, 1, 2], "b": 1.5, "c": None, "d": ["inf", "-inf"], "1": True,
                   "e": {"real": 2.0, "imag": 1.0}}
    assert json.loads(dumps(data)) == out


def test_one_table_printer_aligns_wide_hangul():
    text = render_table(["이름", "x"], [["가나", "1"], ["a", "22"]], first_left=True)
    lines = text.splitlines()
    assert lines[0] == "이름   x" and lines[2] == "가나   1" and lines[3] == "a     22"


def test_table_has_named_columns_rows_and_renders_everywhere():
    tab = Table(["check.method.symbolic", "plain"], [(1.0, "a"), (2.5, "b")], title="check.method.numeric")
    assert tab.column("plain") == ["a", "b"] and len(tab) == 2
    assert tab.headers("ko")[0] == "기호 미분" and tab.headers("en")[0] == "symbolic"
    assert "symbolic" in tab.text("en") and "<table>" in tab.html("en") and "|---:|" in tab.markdown("en")
    assert tab.latex("en").startswith("\\begin{array}{rr}")
    assert json.loads(json.dumps(tab.to_dict()))["rows"] == [[1.0, "a"], [2.5, "b"]]


def test_to_pandas_when_pandas_is_installed():
    pd = pytest.importorskip("pandas", reason="pip install pandas to test Table.to_pandas")
    df = Table(["h", "v"], [(0.1, 1.0), (0.01, 2.0)]).to_pandas()
    assert isinstance(df, pd.DataFrame) and list(df.columns) == ["h", "v"] and df["v"].sum() == 3.0


@dataclass
class Demo(Report):
    value: float
    values: np.ndarray
    lang: str | None = None

    def blocks(self, lang):
        tab = Table(["value"], [(v,) for v in self.values])
        return [Para(f"value {fmt(self.value)}", strong=True), Math("x^2", "x^{2}", label="f ="), TableBlock(tab)]


def test_a_dataclass_report_gets_every_rendering_from_its_fields():
    r = Demo(1.5, np.array([1.0, math.nan]))
    assert r.text().splitlines()[:2] == ["value 1.5", "f = x^2"]
    assert "**value 1.5**" in r.markdown() and "$$ x^{2} $$" in r.markdown() == r._repr_markdown_()
    assert r._repr_html_().startswith("<div class='mibun-report'>") and "\\(x^{2}\\)" in r.html()
    assert "x^{2}" in r.latex() and r.latex().startswith("\\begin{array}{l}")
    assert r.to_dict() == {"value": 1.5, "values": [1.0, None], "lang": None}
    assert json.loads(r.to_json())["values"] == [1.0, None]
    assert str(r) == r.text()


def _results():
    x = mb.tensor([0.5, -1.0], requires_grad=True)
    return {
        "DerivativeResult": mb.numeric.derivative(np.sin, 1.0),
        "LimitResult": mb.limit("sin(x)/x", 0),
        "DifferenceTable": mb.numeric.difference_table(np.exp, 0.0),
        "CheckReport": mb.check("x^2*y", at={"x": 1.0, "y": 2.0}),
        "GradcheckReport": mb.gradcheck(lambda t: mb.tanh(t).sum(), np.array([0.3, 0.7])),
        "Explanation": mb.explain(mb.sum(mb.tanh(x)), x),
        "Derivation": mb.diff("x^2*sin(x)"),
        "GradientFlow": mb.diagnose.gradient_flow(
            mb.nn.Sequential(mb.nn.Linear(3, 4), mb.nn.Tanh(), mb.nn.Linear(4, 2)),
            (np.ones((5, 3), np.float32), np.array([0, 1, 0, 1, 0])), mb.nn.CrossEntropyLoss()),
    }


@pytest.mark.parametrize("name", list(_results()))
def test_every_result_renders_in_both_languages_and_serialises(name):
    r = _results()[name]
    en, ko = r.text("en"), r.text("ko")
    assert en and HANGUL not in en and ko != en
    html = r._repr_html_()
    assert html.startswith("<") and ("<table" in html or "<p>" in html or "<pre>" in html)
    json.dumps(r.to_dict())
    if isinstance(r, Report):
        assert r.markdown("en") and r.latex("en") and r._repr_markdown_()
    else:
        assert isinstance(r, Table)


def test_summary_writes_small_arrays_whole_and_large_ones_as_statistics():
    from mibun.report import Summary

    small = to_jsonable({"a": Summary(np.array([1, 2], dtype=np.int64)), "b": Summary(np.array([np.nan, np.inf]))})
    assert small == {"a": {"shape": [2], "dtype": "int64", "values": [1.0, 2.0]},
                     "b": {"shape": [2], "dtype": "float64", "values": ["nan", "inf"]}}
    big = Summary(np.arange(24.0).reshape(4, 6)).to_dict()
    assert big["shape"] == [4, 6] and all(type(n) is int for n in big["shape"]) and "values" not in big
    assert (big["mean"], big["min"], big["max"]) == (11.5, 0.0, 23.0)
    assert big["norm"] == pytest.approx(math.sqrt(sum(k * k for k in range(24))))
