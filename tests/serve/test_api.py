"""The explorer's JSON API, called in-process: every number is the library's (checked against SymPy, exact
values, mibun.optim run directly, or mb.explain), and bad input is a localized error, never a crash."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import mibun as mb
from mibun.serve.api import handle


def ok(path: str, **params) -> dict:
    status, body = handle(path, {k: str(v) for k, v in params.items()})
    assert status == 200, body
    json.dumps(body, allow_nan=False)  # JSON-safe: no NaN/inf leaks
    return body


def err(path: str, **params) -> dict:
    status, body = handle(path, {k: str(v) for k, v in params.items()})
    assert status == 400, body
    return body["error"]


x, y = sp.symbols("x y")


def test_function_derivative_steps_and_samples():
    d = ok("/api/function", f="sin(x)*x", x0=1, xmin=-2, xmax=2, n=41)
    assert sp.simplify(sp.sympify(d["derivative"].replace("·", "*")) - (sp.sin(x) + x * sp.cos(x))) == 0
    assert d["slope"] == pytest.approx(math.sin(1) + math.cos(1), rel=1e-15)
    assert d["value"] == pytest.approx(math.sin(1), rel=1e-15)
    assert d["slope_numeric"] == pytest.approx(d["slope"], rel=1e-12)
    xs = np.array(d["samples"]["x"])
    np.testing.assert_allclose(d["samples"]["f"], xs * np.sin(xs), rtol=1e-14)
    np.testing.assert_allclose(d["samples"]["df"], np.sin(xs) + xs * np.cos(xs), rtol=1e-12, atol=1e-15)
    assert [s["rule"] for s in d["steps"]][0] == "product"
    assert d["steps_latex"] == mb.diff("sin(x)*x").latex("en")
    tan = d["tangent"]
    assert tan["intercept"] == pytest.approx(d["value"] - d["slope"] * 1.0)


def test_point_matches_derivation_at():
    d = ok("/api/point", f="x^3 - 2x", x0=1.5)
    assert d["slope"] == 3 * 1.5**2 - 2
    assert d["slope_exact"] == "4.75" or sp.nsimplify(d["slope_exact"]) == sp.Rational(19, 4)


def test_corner_point_reports_not_differentiable():
    d = ok("/api/point", f="abs(x)", x0=0)
    assert d["slope"] is None and "corner" in d["point_error"]
    ko = ok("/api/point", f="abs(x)", x0=0, lang="ko")
    assert ko["slope"] is None and ko["point_error"]


@pytest.mark.parametrize("h", [0.5, 1e-3, 1e-9])
def test_quotient_is_the_plain_forward_difference(h):
    d = ok("/api/quotient", f="exp(x)", x0=0.5, h=h)
    f = math.exp
    assert d["quotient"] == (f(0.5 + h) - f(0.5)) / h
    assert d["error"] == pytest.approx(abs(d["quotient"] - math.exp(0.5)), rel=1e-12)
    assert d["secant"]["x"] == [0.5, 0.5 + h]
    hs, errs = np.array(d["curve"]["h"]), np.array(d["curve"]["error"], dtype=float)
    assert hs[0] == 1.0 and hs[-1] == pytest.approx(1e-15)
    # the V: the error falls with h, then rounding makes it rise again
    k = int(np.nanargmin(errs))
    assert 0 < k < len(hs) - 1 and errs[0] > errs[k] and errs[-1] > errs[k]
    q = mb.numeric.difference_quotient(mb.parse("exp(x)"), 0.5, hs[10])
    assert errs[10] == pytest.approx(abs(q - math.exp(0.5)), rel=1e-9)


def test_limit_sides_and_table():
    d = ok("/api/limit", f="sin(x)/x", x0=0)
    assert d["value"] == 1.0 and d["exists"] is True and d["symbolic"] == "1"
    assert d["columns"][0].startswith("x")
    step = ok("/api/limit", f="abs(x)/x", x0=0)
    assert step["exists"] is False and step["left"] == -1.0 and step["right"] == 1.0
    right = ok("/api/limit", f="abs(x)/x", x0=0, side="+")
    assert right["value"] == 1.0


def test_limit_at_infinity():
    d = ok("/api/limit", f="(1 + 3/x)^x", x0="inf")
    assert d["value"] == pytest.approx(math.exp(3), rel=1e-6) and d["x0"] == "inf"
    assert min(d["samples"]["x"]) >= 1


def test_surface_partials_and_field():
    d = ok("/api/surface", f="x^2 + 3xy", x0=1, y0=2, n=5)
    assert d["vars"] == ["x", "y"]
    assert d["gradient"] == [2 * 1 + 3 * 2, 3 * 1]
    assert d["value"] == 1 + 6
    g = d["grid"]
    gx, gy = np.meshgrid(g["x"], g["y"])
    np.testing.assert_allclose(g["z"], gx**2 + 3 * gx * gy)
    f = d["field"]
    fx, fy = np.meshgrid(f["x"], f["y"])
    np.testing.assert_allclose(f["u"], 2 * fx + 3 * fy)
    np.testing.assert_allclose(f["v"], 3 * fx)
    np.testing.assert_allclose(d["slice_x"]["z"], np.array(d["slice_x"]["x"]) ** 2 + 6 * np.array(d["slice_x"]["x"]))


def test_surface_needs_at_most_two_variables():
    e = err("/api/surface", f="x*y*z")
    assert e["key"] == "explorer.err.vars_two"


def _direct_path(expr: str, opt_cls, kwargs, start, steps):
    fn = mb.symbolic.compile_expr(mb.parse(expr), [x, y], backend="mibun")
    theta = mb.tensor(np.array(start, dtype=float), requires_grad=True)
    opt = opt_cls([theta], **kwargs)
    path = [list(start)]
    for _ in range(steps):
        opt.zero_grad()
        fn(theta[0], theta[1]).backward()
        opt.step()
        path.append(np.asarray(theta).tolist())
    return path


@pytest.mark.parametrize("name,cls,extra", [
    ("gd", mb.optim.SGD, {}),
    ("momentum", mb.optim.SGD, {"momentum": 0.9}),
    ("nag", mb.optim.SGD, {"momentum": 0.9, "nesterov": True}),
    ("adam", mb.optim.Adam, {}),
    ("rmsprop", mb.optim.RMSprop, {}),
])
def test_descent_path_is_mibun_optim(name, cls, extra):
    d = ok("/api/descent", preset="rosenbrock", opt=name, lr=0.001, steps=25, x0=-1.5, y0=1.5, n=5)
    ref = _direct_path("(1 - x)^2 + 100*(y - x^2)^2", cls, {"lr": 0.001, **extra}, (-1.5, 1.5), 25)
    np.testing.assert_array_equal(np.array(d["path"]), np.array(ref))
    assert len(d["loss"]) == 26


def test_descent_compares_optimizers_on_one_map():
    d = ok("/api/descent", preset="saddle", opt="gd,adam,rmsprop", lr=0.01, steps=20, x0=1, y0=0.01, n=5)
    assert [r["optimizer"] for r in d["runs"]] == ["gd", "adam", "rmsprop"]
    assert d["runs"][0]["path"] == d["path"]
    ref = _direct_path("x^2 - y^2", mb.optim.Adam, {"lr": 0.01}, (1.0, 0.01), 20)
    np.testing.assert_array_equal(np.array(d["runs"][1]["path"]), np.array(ref))
    assert err("/api/descent", preset="saddle", opt="gd,magic")["key"] == "explorer.err.choice"


def test_descent_divergence_is_reported_not_crashing():
    d = ok("/api/descent", f="x^4 + y^4", opt="gd", lr=50, steps=200, x0=2, y0=2, n=5)
    assert d["diverged"] is True
    assert len(d["path"]) < 200


def test_backprop_graph_matches_engine_and_symbolic():
    d = ok("/api/backprop", f="sin(x)*x + exp(x*y)", x0=1, y0=0.5)
    gx = math.sin(1) + math.cos(1) + 0.5 * math.exp(0.5)
    gy = 1 * math.exp(0.5)
    assert d["gradient"]["x"] == pytest.approx(gx, rel=1e-14)
    assert d["gradient"]["y"] == pytest.approx(gy, rel=1e-14)
    assert d["symbolic"]["x"] == pytest.approx(gx, rel=1e-14) and d["matches"] is True
    by_id = {n["id"]: n for n in d["nodes"]}
    assert by_id["x"]["grad"] == pytest.approx(gx, rel=1e-14) and by_id["x"]["leaf"]
    assert by_id[d["output"]]["grad"] == 1.0
    exp_edges = [e for e in d["edges"] if "e" in e["rule"] and e["to"] in by_id and by_id[e["to"]]["op"] == "exp"]
    assert exp_edges and exp_edges[0]["local"] == pytest.approx(math.exp(0.5))
    # the same record as mb.explain on the same graph
    a = mb.tensor(1.0, requires_grad=True)
    b = mb.tensor(0.5, requires_grad=True)
    ex = mb.explain(mb.sin(a) * a + mb.exp(a * b), [a, b])
    assert len(ex.steps) == len(d["nodes"])


def test_vanish_sigmoid_vanishes_relu_does_not():
    d = ok("/api/vanish", depth=12)
    s, r = d["networks"]["sigmoid"], d["networks"]["relu"]
    assert len(s["relative"]) == 12 and s["relative"][-1] == 1.0
    assert s["first_to_last"] < 1e-4 < r["first_to_last"]
    from mibun.diagnose import vanishing_demo

    ref = vanishing_demo(depth=12, width=16, rnn=False, seed=0).to_dict("en")
    assert s["relative"] == ref["networks"]["sigmoid"]["relative"]


def test_strings_in_both_languages():
    en, ko = ok("/api/strings", lang="en")["ui"], ok("/api/strings", lang="ko")["ui"]
    assert set(en) == set(ko) and en["view.tangent"] == "Derivative" and ko["view.tangent"] == "도함수"


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "__import__('os').system('echo hi')",
                                  "x\"><img src=x onerror=alert(1)>", "exec('1')", "lambda: 1"])
def test_injection_is_a_parse_error(text):
    e = err("/api/function", f=text)
    assert e["type"] in ("ParseError", "InputError") and e["message"]


def test_errors_are_localized():
    en = err("/api/function", f="x*y")
    ko = err("/api/function", f="x*y", lang="ko")
    assert en["key"] == ko["key"] == "explorer.err.vars_one"
    assert "variable" in en["message"] and "변수" in ko["message"]
    assert err("/api/quotient", f="x^2", h="nan")["key"] == "explorer.err.number"
    assert err("/api/descent", f="x^2+y^2", opt="sgd9")["key"] == "explorer.err.choice"
    assert err("/api/function", f="x" * 500)["key"] == "explorer.err.too_long"
    assert err("/api/function")["key"] == "explorer.err.missing"


def test_unknown_route_is_404():
    status, body = handle("/api/nothing", {})
    assert status == 404 and body["error"]["key"] == "explorer.err.unknown_path"


@given(st.text(max_size=60))
def test_any_text_gives_an_answer_or_an_error(text):
    status, body = handle("/api/function", {"f": text, "n": "11"})
    assert status in (200, 400), body
    json.dumps(body, allow_nan=False)


@pytest.mark.parametrize("path", ["/api/quotient", "/api/point", "/api/limit"])
def test_mibun_functions_such_as_sigmoid_work_in_every_view(path):
    d = ok(path, f="sigmoid(x)", x0=0.5, h=1e-4)
    s = 1 / (1 + math.exp(-0.5))
    if path == "/api/limit":
        assert d["value"] == pytest.approx(s, rel=1e-12)
    else:
        assert d["slope"] == pytest.approx(s * (1 - s), rel=1e-14)
        assert d["slope_numeric"] == pytest.approx(s * (1 - s), rel=1e-12)


def test_a_spent_time_budget_is_a_localized_error():
    """Each request runs under mibun's time budget (mb.set_budget); when it is spent the page gets the
    "too large or too slow" message, never a hang or a traceback."""
    pytest.importorskip("mibun.budget")
    mb.set_budget(1e-6)
    try:
        e = err("/api/function", f="sin(x)^7*exp(tan(x))*ln(x^2+1)/(x^5+3)", lang="ko")
    finally:
        mb.set_budget(None)
    assert e["type"] == "BudgetError" and "예산" in e["message"]
    assert ok("/api/point", f="x^2", x0=3)["slope"] == 6.0
