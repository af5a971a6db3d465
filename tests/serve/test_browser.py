"""The explorer in headless Chromium: for each view, load it, type a function, move the slider or point,
and compare what the page states (as text) with the library's own numbers. Also: an injection attempt
shows an error and runs nothing; Korean is drawn with the vendored Hangul font."""

from __future__ import annotations

import math
from urllib.parse import urlencode

import numpy as np
import pytest

import mibun as mb

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def ready(page) -> str:
    return page.evaluate("document.getElementById('mibun-app').dataset.ready || ''")


def wait_change(page, before: str, timeout: float = 30000) -> None:
    page.wait_for_function("(b) => (document.getElementById('mibun-app').dataset.ready || '') !== b", arg=before,
                           timeout=timeout)


def open_view(page, server, **params) -> None:
    page.goto(server.url + "?" + urlencode(params))
    page.wait_for_selector("#mibun-app[data-ready]", state="attached", timeout=60000)


def type_function(page, text: str) -> None:
    before = ready(page)
    page.fill("#mb-f", text)
    wait_change(page, before)


def set_slider(page, selector: str, value: float) -> None:
    before = ready(page)
    page.evaluate("([s, v]) => { const e = document.querySelector(s); e.value = v; "
                  "e.dispatchEvent(new Event('input', {bubbles: true})); }", [selector, str(value)])
    wait_change(page, before)


def shown(page, id_: str) -> str:
    return page.get_attribute(f"#{id_}", "data-value")


def number(page, id_: str) -> float:
    return float(shown(page, id_))


def test_tangent_view(page, server):
    open_view(page, server, view="tangent", f="sin(x)*x", x0=1)
    assert number(page, "mb-slope") == float(mb.diff("sin(x)*x").at(x=1).value)
    type_function(page, "x^3 - 2x")
    d = mb.diff("x^3 - 2x")
    assert number(page, "mb-slope") == float(d.at(x=1).value) == 1.0
    assert number(page, "mb-value") == -1.0
    set_slider(page, "#mb-x0", 2)
    assert number(page, "mb-x0-value") == 2.0
    assert number(page, "mb-slope") == float(d.at(x=2).value) == 10.0
    assert shown(page, "mb-tangent-line").startswith("y = 4")
    assert page.get_attribute("#mb-derivative", "data-text") == "3·x^2 - 2"
    assert page.locator("#mb-tangent-steps .mb-step").count() >= 1
    assert page.locator("#mb-derivative .katex").count() == 1
    assert not page.errors


def test_tangent_point_by_dragging(page, server):
    open_view(page, server, view="tangent", f="x^2", x0=0)
    box = page.locator("#mb-tangent-canvas").bounding_box()
    before = ready(page)
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.up()
    wait_change(page, before)
    x0 = number(page, "mb-x0-value")
    assert x0 > 0.5
    assert number(page, "mb-slope") == pytest.approx(2 * x0, rel=1e-12)


def test_quotient_view(page, server):
    open_view(page, server, view="quotient", f="exp(x)", x0=0.5)
    set_slider(page, "#mb-logh", -3)
    h = number(page, "mb-h")
    assert h == pytest.approx(1e-3, rel=1e-12)
    q = mb.numeric.difference_quotient(mb.parse("exp(x)"), 0.5, h)
    assert number(page, "mb-quotient") == q
    assert number(page, "mb-exact") == pytest.approx(math.exp(0.5), rel=1e-15)
    assert number(page, "mb-qerror") == pytest.approx(abs(q - math.exp(0.5)), rel=1e-12)
    type_function(page, "x^2")
    assert number(page, "mb-quotient") == pytest.approx(2 * 0.5 + h, rel=1e-9)


def test_limit_view(page, server):
    open_view(page, server, view="limit", f="sin(x)/x", x0=0)
    assert number(page, "mb-limit-value") == 1.0
    type_function(page, "abs(x)/x")
    assert number(page, "mb-limit-left") == -1.0 and number(page, "mb-limit-right") == 1.0
    res = mb.limit(mb.parse("abs(x)/x"), 0)
    assert page.inner_text("#mb-limit-verdict").strip() == res.text("en").strip()
    page.wait_for_selector("#mb-limit-table[data-full]", state="attached", timeout=20000)
    assert page.locator("#mb-limit-table tr").count() == len(res.table.rows) + 1
    type_function(page, "(1 + 3/x)^x")
    before = ready(page)
    page.fill("#mb-x0l", "inf")
    page.dispatch_event("#mb-x0l", "change")
    wait_change(page, before)
    assert number(page, "mb-limit-value") == mb.limit(mb.parse("(1 + 3/x)^x"), math.inf).value


def test_steps_view_english_and_korean(page, server):
    open_view(page, server, view="steps", f="x^2*sin(x)")
    d = mb.diff("x^2*sin(x)")
    titles = page.locator("#mb-steps > details > summary .mb-step-title").all_inner_texts()
    assert titles == [s["title"] for s in d.to_dict("en")["steps"]]
    assert page.get_attribute("#mb-answer-tex", "data-text") == d.to_dict("en")["result"]
    page.click("#mb-expand")
    assert page.locator("#mb-steps details:not([open])").count() == 0
    page.click("#mb-collapse")
    assert page.locator("#mb-steps details[open]").count() == 0
    assert page.locator("#mb-steps .katex").count() > 3
    open_view(page, server, view="steps", f="x^2*sin(x)", lang="ko")
    titles = page.locator("#mb-steps > details > summary .mb-step-title").all_inner_texts()
    assert titles == [s["title"] for s in d.to_dict("ko")["steps"]]
    assert page.inner_text("#mb-tab-steps") == "풀이 단계"


def test_surface_view_point_drag(page, server):
    open_view(page, server, view="surface", f="x^2 + 3xy", x0=1, y0=1)
    assert number(page, "mb-partial-x") == 5.0 and number(page, "mb-partial-y") == 3.0
    box = page.locator("#mb-surface-canvas").bounding_box()
    before = ready(page)
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
    page.mouse.down()
    page.mouse.up()
    wait_change(page, before)
    x0, y0 = number(page, "mb-sx0"), number(page, "mb-sy0")
    assert (x0, y0) != (1.0, 1.0)
    assert number(page, "mb-partial-x") == pytest.approx(2 * x0 + 3 * y0, rel=1e-12, abs=1e-12)
    assert number(page, "mb-partial-y") == pytest.approx(3 * x0, rel=1e-12, abs=1e-12)
    page.check("#mb-3d")  # the 3D wireframe is only another drawing of the same numbers
    assert "view3d=1" in page.url and number(page, "mb-sx0") == x0 and not page.errors
    page.uncheck("#mb-3d")
    type_function(page, "x*exp(-x^2-y^2)")
    g = mb.symbolic.gradient("x*exp(-x^2-y^2)", ["x", "y"])
    import sympy as sp

    xs, ys = sp.symbols("x y")
    expect = [float(c.subs({xs: x0, ys: y0})) for c in g.result]
    assert number(page, "mb-partial-x") == pytest.approx(expect[0], rel=1e-12, abs=1e-15)
    assert number(page, "mb-partial-y") == pytest.approx(expect[1], rel=1e-12, abs=1e-15)


def test_descent_view_matches_mibun_optim(page, server):
    open_view(page, server, view="descent", preset="rosenbrock", opt="adam", lr="0.01", steps="50", x0=-1.5, y0=1.5)
    from mibun.serve.multi import run_optimizer

    ref = run_optimizer("(1 - x)^2 + 100*(y - x^2)^2", "adam", 0.01, 50, (-1.5, 1.5))
    assert [number(page, "mb-final-x"), number(page, "mb-final-y")] == ref["final"]
    assert number(page, "mb-final-loss") == ref["final_loss"]
    # the same path as the optimizer run by hand
    fn = mb.symbolic.compile_expr(mb.parse("(1 - x)^2 + 100*(y - x^2)^2"), ["x", "y"], backend="mibun")
    theta = mb.tensor(np.array([-1.5, 1.5]), requires_grad=True)
    opt = mb.optim.Adam([theta], lr=0.01)
    for _ in range(50):
        opt.zero_grad()
        fn(theta[0], theta[1]).backward()
        opt.step()
    assert np.asarray(theta).tolist() == ref["final"]
    before = ready(page)
    page.check("#mb-opt-momentum")  # compare: adam and SGD with momentum on one map
    wait_change(page, before)
    ref2 = run_optimizer("(1 - x)^2 + 100*(y - x^2)^2", "momentum", 0.01, 50, (-1.5, 1.5))
    assert [number(page, "mb-final-x-momentum"), number(page, "mb-final-y-momentum")] == ref2["final"]
    assert page.inner_text("#mb-opt-class-momentum").startswith("SGD")
    assert "opt=adam%2Cmomentum" in page.url


def test_backprop_view_nodes_and_rules(page, server):
    open_view(page, server, view="backprop", f="sin(x)*x + exp(x*y)", x0=1, y0=0.5)
    page.click("g.mb-node[data-id='x']")
    gx = math.sin(1) + math.cos(1) + 0.5 * math.exp(0.5)
    assert number(page, "mb-node-grad") == pytest.approx(gx, rel=1e-14)
    assert number(page, "mb-node-value") == 1.0
    assert number(page, "mb-bp-grad-x") == pytest.approx(gx, rel=1e-14)
    # clicking an op node shows explain's rule for each of its inputs
    exp_id = page.evaluate("[...document.querySelectorAll('g.mb-node')].map(g => g.dataset.id)"
                           ".find(id => document.querySelector(`g.mb-node[data-id='${id}'] text`)"
                           ".textContent.includes('exp('))")
    page.click(f"g.mb-node[data-id='{exp_id}']")
    rules = page.locator("#mb-node-info .mb-rule").evaluate_all("els => els.map(e => e.dataset.rule)")
    assert rules == ["d eᵘ/du = eᵘ"]
    assert page.locator("#mb-node-info .katex").count() == 1
    # change a variable's value: the graph is recomputed by the engine
    before = ready(page)
    page.fill("#mb-bp-y", "2")
    page.dispatch_event("#mb-bp-y", "change")
    wait_change(page, before)
    assert number(page, "mb-bp-grad-y") == pytest.approx(math.exp(2), rel=1e-14)
    # start from a small network: one neuron and its squared error, four variables
    before = ready(page)
    page.select_option("#mb-bp-example", "(sigmoid(w*x + b) - y)^2")
    wait_change(page, before)
    assert page.input_value("#mb-f") == "(sigmoid(w*x + b) - y)^2"
    s = 1 / (1 + math.exp(-(1 * 1 + 1)))  # x = 1, y = 2 kept, w = b = 1
    assert number(page, "mb-bp-grad-w") == pytest.approx(2 * (s - 2) * s * (1 - s) * 1, rel=1e-13)
    # the vanishing-gradient demo: depth slider, sigmoid vs ReLU
    page.evaluate("() => { const e = document.querySelector('#mb-depth'); e.value = '15'; "
                  "e.dispatchEvent(new Event('input', {bubbles: true})); }")
    page.wait_for_selector("#mb-vanish-readout[data-depth='15']", state="attached", timeout=60000)
    from mibun.diagnose import vanishing_demo

    ref = vanishing_demo(depth=15, width=16, rnn=False, seed=0).to_dict("en")["networks"]
    assert number(page, "mb-vanish-sigmoid") == ref["sigmoid"]["first_to_last"]
    assert number(page, "mb-vanish-relu") == ref["relu_he"]["first_to_last"]


@pytest.mark.parametrize("attack", [
    "<img src=x onerror=\"window.__pwned=1\">",
    "<script>window.__pwned=1</script>",
    "x\"><svg onload=window.__pwned=1>",
    "__import__('os').system('touch /tmp/mibun_pwned')",
])
def test_injection_shows_an_error_and_runs_nothing(page, server, attack):
    open_view(page, server, view="tangent", f="x^2")
    type_function(page, attack)
    assert page.inner_text("#mb-error").strip()
    assert page.get_attribute("#mb-f", "aria-invalid") == "true"
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#mibun-app img, #mibun-app script, #mibun-app svg[onload]").count() == 0
    # the page keeps working after the error
    type_function(page, "x^2")
    assert page.inner_text("#mb-error").strip() == "" and number(page, "mb-slope") == 2.0
    # and a URL carrying the attack is just as harmless
    open_view(page, server, view="steps", f=attack)
    assert page.inner_text("#mb-error").strip() and page.evaluate("window.__pwned") is None


def test_errors_are_localized_next_to_the_input(page, server):
    open_view(page, server, view="tangent", f="x*y", lang="ko")
    assert "변수" in page.inner_text("#mb-error")
    open_view(page, server, view="tangent", f="x*y", lang="en")
    assert "variable" in page.inner_text("#mb-error")


def test_korean_uses_the_vendored_hangul_font(page, server):
    open_view(page, server, view="steps", f="x^2", lang="ko")
    family = page.evaluate("getComputedStyle(document.querySelector('.mb-title')).fontFamily")
    assert family.split(",")[0].strip().strip('"') == "Mibun Hangul"
    loaded = page.evaluate("async () => (await document.fonts.load('16px \"Mibun Hangul\"', '미분 탐색기')).length")
    assert loaded >= 1
    assert page.evaluate("document.fonts.check('16px \"Mibun Hangul\"', '미분')")


def test_redraw_timings_are_recorded(page, server):
    """Typing a function redraws f, f′ and the steps; the page records each redraw (no timing assertion:
    benchmarks/serve.py reports the figures)."""
    open_view(page, server, view="tangent", f="x")
    for f in ("x^2", "sin(x)*x", "exp(-x^2)", "ln(x)/x", "tanh(x)"):
        type_function(page, f)
    timings = page.evaluate("window.mibunTimings.filter(t => t.what === 'function').map(t => t.ms)")
    assert len(timings) >= 6 and all(t > 0 for t in timings)
