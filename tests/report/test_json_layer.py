"""JSON is the fifth rendering of the one report layer (issue 13, item 4). For every result class — each class in
``src/mibun`` built on ``Report`` or ``Record``, found by AST so a new one cannot be missed — one instance is
built; in Korean and English every language-dependent field of its JSON (``@words``, its own and its parts')
is the same text its text, Markdown and HTML renderings show, and its numbers are the numbers it holds."""

from __future__ import annotations

import ast
import html
import json
from pathlib import Path

import numpy as np
import pytest

import mibun as mb
from mibun.report import Record, Report
from mibun.report.fields import parts, shown, words_in

nn = mb.nn
SRC = Path(mb.__file__).parent


def _record_classes() -> set[str]:
    """Names of the classes in src/mibun (outside mibun.report) whose bases include Report or Record, and
    of the classes built on those (one level of local inheritance is enough for mibun)."""
    found: set[str] = set()
    bases: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        if "report" in path.relative_to(SRC).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
    changed = True
    while changed:
        changed = False
        for name, bs in bases.items():
            if name not in found and bs & ({"Report", "Record"} | found):
                found.add(name)
                changed = True
    return found


def _backprop():
    X = np.array([[1.0, 2.0], [3.0, 4.0], [0.1, 0.2]])
    W = np.array([[1.0, 2.0], [0.5, -1.0]])

    def loss(W, b):
        return mb.sum(mb.tanh(mb.tensor(X) @ W + b))

    ref = mb.check_backprop(loss, {"W": W, "b": np.zeros(2)}, {}).reference
    return mb.check_backprop(loss, {"W": W, "b": np.zeros(2)}, {"W": ref["W"].T, "b": -ref["b"]})


def _explanation(level: str):
    nn.init.manual_seed(0)
    if level == "layer":
        layer = nn.LayerNorm(3, dtype="float64")
        x = mb.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True, name="x")
        return mb.explain(mb.sum(layer(x) * mb.tensor([1.0, -2.0, 0.5])), level="layer")
    x = mb.tensor([[0.5, -1.0, 2.0]], requires_grad=True, name="x")
    w = mb.tensor([[0.1], [0.2], [-0.3]], requires_grad=True, name="w")
    h = mb.tanh(x @ w)
    return mb.explain(mb.sum(h * h + h))   # a branch, a matrix product, an elementwise op


def _callback():
    from mibun.diagnose import GradientFlowCallback
    from mibun.train import fit

    nn.init.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    cb = GradientFlowCallback()
    X, y = np.random.default_rng(0).normal(size=(8, 3)), np.array([0, 1] * 4)
    fit(model, nn.CrossEntropyLoss(), mb.optim.SGD(model.parameters(), lr=0.1), (X, y), epochs=2, callbacks=[cb],
        progress=False, seed=0)
    return cb


def _flow():
    nn.init.manual_seed(0)
    from mibun.diagnose.demo import sigmoid_mlp

    rng = np.random.default_rng(0)
    return mb.diagnose.gradient_flow(sigmoid_mlp(8, 8), (rng.normal(size=(8, 64)), rng.integers(0, 10, 8)),
                                     nn.functional.cross_entropy)


FACTORIES = {
    "AnswerCheck": lambda: mb.check_answer("x^2*sin(x)", "2x*cos(x)"),
    "AnswerCheck/limit": lambda: mb.check_answer("sin(x)/x", "0", kind="limit", to=0),
    "Problem": lambda: mb.practice("chain_rule", n=1, seed=1)[0],
    "BackpropReport": _backprop,
    "Derivation": lambda: mb.diff("2x/3y + x^2 sin(x)", "x"),
    "Explanation": lambda: _explanation("op"),
    "Explanation/layer": lambda: _explanation("layer"),
    "CheckReport": lambda: mb.check("x^2*y", at={"x": 1.0, "y": 2.0}),
    "CheckReport/kink": lambda: mb.check("abs(x)", at={"x": 0.0}),
    "GradcheckReport": lambda: mb.gradcheck(lambda t: mb.tanh(t).sum(), np.array([0.3, 0.7])),
    "GradientFlow": _flow,
    "GradientFlowCallback": _callback,
    "VanishingDemo": lambda: mb.diagnose.vanishing_demo(depth=4, width=8, steps=6, seed=0),
    "HiddenGradients": lambda: mb.diagnose.hidden_gradients(nn.RNN(3, 4), np.ones((5, 2, 3)),
                                                           lambda out: out[0][-1].sum()),
    "DerivativeResult": lambda: mb.numeric.derivative(np.abs, 0.0, on_kink="flag"),
    "LimitResult": lambda: mb.limit("sin(x)/x", 0),
}


@pytest.fixture(scope="module")
def results() -> dict[str, Report]:
    return {name: make() for name, make in FACTORIES.items()}


def _lines(v) -> list[str]:
    """The non-empty lines of a words value (text, or a list of texts)."""
    items = v if isinstance(v, list) else [v]
    return [ln.strip() for s in items if isinstance(s, str) for ln in s.splitlines() if ln.strip()]


def _shown(name: str, rec: Record) -> bool:
    """Whether a part's words are in the result's text: an explanation lists its leaves (inputs) without a
    line of their own, and at level="layer" shows the layers, not the op-by-op steps its JSON also holds."""
    kind = type(rec).__name__
    if kind == "StepView" and getattr(rec, "is_leaf", False):
        return False
    return not (name == "Explanation/layer" and kind in ("StepView", "EdgeView", "PatternView"))


def _strings(d) -> set[str]:
    if isinstance(d, dict):
        return set().union(*(_strings(v) for v in d.values())) if d else set()
    if isinstance(d, list):
        return set().union(*(_strings(v) for v in d)) if d else set()
    return {d} if isinstance(d, str) else set()


def test_every_report_and_record_class_is_built_here(results):
    """Each class built on Report or Record is either built by a factory above or is a part of one that is
    (reached through its JSON), so the checks below cover every class."""
    seen = {type(r).__name__ for r in results.values()}
    for r in results.values():
        seen |= {type(p).__name__ for p in parts(r)}
    missing = _record_classes() - seen
    assert not missing, f"add a factory (or a report that holds it) for: {sorted(missing)}"


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", list(FACTORIES))
def test_json_words_are_the_words_every_rendering_shows(results, name, lang):
    top = results[name]
    in_json = _strings(json.loads(top.to_json(lang=lang)))
    assert json.loads(top.to_json(lang=lang)) == json.loads(json.dumps(top.to_dict(lang)))
    said_anywhere = []
    # the result and every result nested in it (GradientFlow in a VanishingDemo): each one's words against its
    # own renderings, and all of them in the outer JSON
    for r in [top, *(p for p in parts(top) if isinstance(p, Report))]:
        said = words_in(r, lang)
        said_anywhere += said
        _check_words(name, r, said, in_json, lang)
    if lang == "ko" and said_anywhere:
        assert any("가" <= ch <= "힣" for _, _, v in said_anywhere for s in _lines(v) for ch in s), name


def _check_words(name: str, r: Report, said: list, in_json: set[str], lang: str) -> None:
    text, md, page = r.text(lang), r.markdown(lang), r.html(lang)
    for rec, key, value in said:
        if value is None:
            continue
        if isinstance(value, str):
            assert value in in_json, (name, type(rec).__name__, key)
        else:
            assert all(s in in_json for s in value), (name, type(rec).__name__, key)
        if not _shown(name, rec) or not shown(rec, key):
            continue
        for ln in _lines(value):
            assert ln in text, (name, type(rec).__name__, key, ln)
            assert ln in md, (name, type(rec).__name__, key, ln)
            assert html.escape(ln) in page, (name, type(rec).__name__, key, ln)


@pytest.mark.parametrize("name", ["AnswerCheck", "BackpropReport", "Derivation", "Explanation", "GradientFlow",
                                  "VanishingDemo"])
def test_json_words_follow_the_requested_language_not_the_results_own(results, name):
    r = results[name]
    en, ko = r.to_dict("en"), r.to_dict("ko")
    assert en != ko and _strings(en) != _strings(ko)
    words_en = {(type(rec).__name__, k) for rec, k, v in words_in(r, "en") if v}
    assert words_en, name
    if "lang" in en:
        assert (en["lang"], ko["lang"]) == ("en", "ko")


def test_json_numbers_are_the_numbers_the_result_holds(results):
    bp = results["BackpropReport"].to_dict()
    rows = {row["name"]: row for row in bp["rows"]}
    assert rows["W"]["slip"] == "transposed" and rows["b"]["slip"] == "wrong_sign" and bp["ok"] is False
    ref = results["BackpropReport"].reference
    assert rows["W"]["max_error"] == pytest.approx(float(np.max(np.abs(ref["W"].T - ref["W"]))))

    flow = results["GradientFlow"]
    fd = flow.to_dict()
    assert [lay["grad_norm"] for lay in fd["layers"]] == pytest.approx(list(flow.grad_norms))
    assert fd["criterion"] == {"vanish": flow.vanish, "explode": flow.explode}

    ex = results["Explanation"]
    ed = ex.to_dict()
    for tg, rec in zip(ed["targets"], ex.targets, strict=True):
        assert np.array(tg["gradient"]["values"]) == pytest.approx(rec.gradient)
        assert np.array(tg["engine"]["values"]) == pytest.approx(rec.engine)

    demo = results["VanishingDemo"]
    dd = demo.to_dict()
    assert dd["theory"]["bound_0_25_pow_n"] == pytest.approx(list(0.25 ** np.arange(3, -1, -1.0)))
    assert dd["recurrent"]["rnn"]["norms"] == pytest.approx(list(demo.hidden["rnn"].norms))
    assert set(dd) == {"depth", "theory", "networks", "recurrent", "steps", "lstm_vs_rnn"}

    cb = results["GradientFlowCallback"].to_dict()
    assert cb["epochs"] == [1, 2] and len(cb["flows"]) == 2 and "verdict" in cb["flows"][0]


def test_a_part_that_was_not_run_is_left_out():
    demo = mb.diagnose.vanishing_demo(depth=3, width=4, rnn=False, seed=0)
    assert set(demo.to_dict()) == {"depth", "theory", "networks"}


def test_record_fields_words_and_names_declared_once():
    from dataclasses import dataclass

    from mibun.i18n import t
    from mibun.report import words

    @dataclass
    class Row(Record):
        name: str
        value: float
        hidden: int = 0
        _dict_skip = ("hidden",)
        _dict_names = {"value": "v"}
        _dict_lang = True

        @words("verdict")
        def verdict(self, lang=None):
            return t("answers.bp.ok", lang)

    assert Row("a", float("nan")).to_dict("ko") == {"name": "a", "v": None, "verdict": t("answers.bp.ok", "ko"),
                                                    "lang": "ko"}
    assert json.loads(Row("a", float("inf")).to_json(lang="en"))["v"] == "inf"

    class Loud(Row):
        def verdict(self, lang=None):  # an override without the decorator still gives the JSON's words
            return super().verdict(lang).upper()

    assert Loud("b", 1.0).to_dict("en")["verdict"] == t("answers.bp.ok", "en").upper()


def test_a_problems_json_is_in_one_language():
    """The question and the hints (kept back by the text, revealed one at a time) follow the requested
    language; in the problem's own language the hints are ``p.hints``."""
    p = mb.practice("chain_rule", n=1, seed=1, lang="en")[0]
    en, ko = p.to_dict(), p.to_dict("ko")
    assert en["hints"] == p.hints and en["lang"] == "en" and en["question"] == p.question("en")
    assert ko["lang"] == "ko" and ko["question"] == p.question("ko")
    assert ko["hints"] == mb.practice("chain_rule", n=1, seed=1, lang="ko")[0].hints != p.hints
    assert not shown(p, "hints") and shown(p, "question")
