"""Every result class renders through the one report layer (issue 13, item 4): its text, Markdown and HTML
show the same values its JSON holds. For each class a few values are read from ``to_dict()`` (the JSON),
formatted as the report formats them, and found in all three renderings."""

from __future__ import annotations

import html
import json

import numpy as np
import pytest

import mibun as mb
from mibun.report import Report
from mibun.report.numbers import fmt

nn = mb.nn


def _everywhere(report: Report, shown: list[str], lang: str = "en") -> None:
    text, md, page = report.text(lang), report.markdown(lang), report.html(lang)
    for s in shown:
        assert s in text, (type(report).__name__, "text", s)
        assert s in md, (type(report).__name__, "markdown", s)
        assert html.escape(s) in page, (type(report).__name__, "html", s)
    assert page.startswith("<div class=") and page.endswith("</div>")
    assert report.latex(lang).startswith("\\begin{")


def _json(report: Report, *args) -> dict:
    return json.loads(json.dumps(report.to_dict(*args)))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_explanation_op_level(lang):
    from mibun.explain.render import fmt as ex_fmt

    x = mb.tensor([1.0, 2.0], requires_grad=True, name="x")
    w = mb.tensor(0.5, requires_grad=True, name="w")
    ex = mb.explain(mb.sum(mb.tanh(x * w)), lang=lang)
    d = _json(ex)
    shown = [ex_fmt(np.array(tg["gradient"]["values"]), lang) for tg in d["targets"]]
    shown += [s["expression"] for s in d["steps"] if not s["is_leaf"]]
    _everywhere(ex, shown, lang)
    assert ex.latex().startswith("\\begin{aligned}") and "mibun-explain" in ex.html()


def test_explanation_layer_level():
    from mibun.explain.render import fmt as ex_fmt

    nn.init.manual_seed(0)
    layer = nn.LayerNorm(3, dtype="float64")
    x = mb.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True, name="x")
    ex = mb.explain(mb.sum(layer(x) * mb.tensor([1.0, -2.0, 0.5])), level="layer", lang="en")
    d = _json(ex)
    assert d["level"] == "layer" and d["layers"]
    target = next(tg for tg in d["targets"] if tg["label"] == "x")
    _everywhere(ex, [ex_fmt(np.array(target["engine"]["values"]).reshape(2, 3), "en")])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_derivation(lang):
    dv = mb.diff("x^2 sin(x)")
    d = _json(dv, lang)
    _everywhere(dv, [d["heading"]] + [s["title"] for s in d["steps"]], lang)
    assert d["result"] in dv.text(lang)
    assert d["result_latex"] in dv.markdown(lang) and html.escape(d["result_latex"]) in dv.html(lang)
    assert d["result_latex"] in dv.latex(lang)


def test_answer_check_with_its_worked_steps():
    r = mb.check_answer("x^3", "3x", lang="en")
    d = _json(r)
    assert d["correct"] is False and d["steps"] is not None
    _everywhere(r, [d["explanation"].splitlines()[0], d["steps"]["heading"]])
    assert d["expected_latex"] in r.markdown() and d["steps"]["result_latex"] in r.latex()


def test_practice_problem():
    from mibun.answers.practice import practice

    p = practice("chain_rule", n=1, seed=1)[0]
    d = _json(p)
    assert set(d) >= {"task", "answer", "question", "hints"}
    _everywhere(p, [d["question"]])


def test_numeric_derivative_and_gradcheck():
    r = mb.numeric.derivative(np.sin, 1.0)
    d = _json(r)
    _everywhere(r, [fmt(d["value"], 14)])
    g = mb.gradcheck(lambda v: mb.sum(v ** 3), mb.tensor([1.0, 2.0], requires_grad=True))
    gd = _json(g)
    assert gd["passed"] is True
    _everywhere(g, [fmt(gd["eps"]), str(tuple(gd["inputs"][0]["shape"]))])


def test_gradient_flow_and_hidden_gradients():
    from mibun.diagnose import hidden_gradients
    from mibun.diagnose._fmt import num
    from mibun.diagnose.demo import sigmoid_mlp

    nn.init.manual_seed(0)
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(16, 64)), rng.integers(0, 10, size=16)
    flow = mb.diagnose.gradient_flow(sigmoid_mlp(4, 32), (X, y), nn.functional.cross_entropy)
    d = _json(flow)
    _everywhere(flow, [lay["name"] for lay in d["layers"]] + [num(lay["grad_norm"]) for lay in d["layers"]])

    layer = nn.RNN(3, 4)
    res = hidden_gradients(layer, rng.normal(size=(8, 2, 3)), lambda out: out[0][-1].sum())
    hd = _json(res)
    assert hd["steps"] == 8 and len(hd["norms"]) == 8 and "lang" not in hd
    _everywhere(res, [num(hd["norms"][0]), num(hd["norms"][-1]), num(hd["first_to_last"])])


def test_every_report_class_renders_from_blocks_not_its_own_layout():
    """No result class outside mibun.report writes its own text, HTML or LaTeX layout any more."""
    import ast
    from pathlib import Path

    src = Path(mb.__file__).parent
    own = []
    for path in src.rglob("*.py"):
        if "report" in path.relative_to(src).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(getattr(b, "id", None) == "Report" for b in node.bases):
                names = {f.name for f in node.body if isinstance(f, ast.FunctionDef)}
                own += [f"{path.name}:{node.name}.{n}" for n in names & {"html", "latex", "_repr_html_", "markdown"}]
    assert own == []


#: classes that may write their own ``to_dict``: plain data containers with no words and no renderings
OWN_JSON_ALLOWED = {
    # fit's History: {metric name: [value per epoch]}, Keras' shape; numbers only, nothing to say in a language
    "history.py:History": "plain per-epoch lists",
}


def test_every_json_comes_from_the_report_layer():
    """No class outside mibun.report writes its own ``to_dict``/``to_json`` (the JSON of a result is built from
    its declared fields by the report layer; only the plain data containers above are allowed), and the JSON
    hooks of a report (``_dict_value``, ``_dict_extra``) say no words: a language-dependent field is a
    ``@words`` method, the same one the text shows."""
    import ast
    from pathlib import Path

    src = Path(mb.__file__).parent
    own, wordy = [], []
    for path in src.rglob("*.py"):
        if "report" in path.relative_to(src).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            for f in node.body:
                if not isinstance(f, ast.FunctionDef):
                    continue
                where = f"{path.name}:{node.name}"
                if f.name in ("to_dict", "to_json") and where not in OWN_JSON_ALLOWED:
                    own.append(f"{where}.{f.name}")
                if f.name in ("_dict_value", "_dict_extra"):
                    calls = {getattr(c.func, "id", getattr(c.func, "attr", "")) for c in ast.walk(f)
                             if isinstance(c, ast.Call)}
                    wordy += [f"{where}.{f.name} calls {c}" for c in calls & {"t", "catalogue", "say", "resolve_lang"}]
    assert own == [], "build the JSON from declared fields (mibun.report.Record), not by hand"
    assert wordy == [], "a language-dependent JSON field is a @words method"


def test_limit_and_crosscheck():
    r = mb.numeric.limit(lambda x: np.sin(x) / x, 0.0)
    d = _json(r)
    assert d["exists"] is True
    _everywhere(r, [fmt(d["value"], 12)])
    row = fmt(d["table"]["rows"][0][1], 12)  # the approach table: rich forms only (the text is one line)
    assert row in r.markdown() and row in r.html()
    c = mb.check("x^2 sin(x)", at={"x": 1.0})
    cd = _json(c)
    assert cd["agree"] is True
    _everywhere(c, [fmt(cd["symbolic"][0], 12), fmt(cd["value"], 12)])
