"""``mb.explore``'s widget: the kernel side (messages in, answers out) and its JavaScript module rendered in
Chromium with a stand-in model that forwards each message to the kernel-side ``answer`` — the same
path as in Jupyter, minus the notebook server."""

from __future__ import annotations

import base64

import pytest

import mibun as mb
from mibun.serve import widget
from mibun.serve.http import csp


def test_answer_api_and_fonts():
    reply, bufs = widget.answer({"type": "api", "id": 3, "path": "/api/point", "params": {"f": "x^2", "x0": 3}})
    assert reply == {"type": "api", "id": 3, "status": 200, "data": reply["data"]} and reply["data"]["slope"] == 6.0
    assert not bufs
    reply, bufs = widget.answer({"type": "font", "id": 4, "name": "../../http.py"})
    assert reply["ok"] is False and not bufs
    reply, bufs = widget.answer({"type": "font", "id": 5, "name": "KaTeX_Math-Italic.woff2"})
    assert reply["ok"] and bufs[0][:4] == b"wOF2"
    assert widget.answer({"type": "nonsense", "id": 6})[0]["type"] == "error"
    assert len(widget.katex_fonts()) == 20


@pytest.fixture
def _stop_the_iframe_server():
    """The iframe mode starts a server for the rest of the Python session (a notebook's); the test stops it,
    so no thread of it outlives the test (a process with threads cannot fork the commands' workers)."""
    yield
    while widget._SERVER:
        srv = widget._SERVER.pop()
        srv.shutdown()
        srv.server_close()


def test_explore_modes_and_checks(_stop_the_iframe_server):
    pytest.importorskip("anywidget")
    w = mb.explore("x^2*sin(x)", view="quotient", h=0.1, lang="ko")
    assert w.params == {"f": "x^2*sin(x)", "view": "quotient", "lang": "ko", "h": "0.1"}
    assert w.request("/api/quotient", x0=1)["data"]["h"] == 0.1
    frame = mb.explore("x^2", mode="iframe")
    assert frame.url.startswith("http://127.0.0.1:") and "<iframe" in frame._repr_html_()
    assert frame.request("/api/point", f="x^2", x0=2)["slope"] == 4.0
    assert "frame-ancestors 'self' http://localhost:*" in csp(widget._server().frame_ancestors)
    with pytest.raises(mb.MibunError):
        mb.explore("x", view="nope")
    with pytest.raises(mb.MibunError):
        mb.explore("x", mode="telepathy")


def test_frame_html_escapes_the_url():
    html = widget.ExplorerFrame('http://127.0.0.1:1/?f="><script>alert(1)</script>', 300)._repr_html_()
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;" in html


_STAND_IN = """
async ([code, params]) => {
  const handlers = [];
  const model = {
    on(ev, cb) { if (ev === "msg:custom") handlers.push(cb); },
    get(k) { return k === "params" ? params : undefined; },
    send(content) {
      window.pyAnswer(content).then(([reply, b64s]) => {
        const bufs = b64s.map((s) => {
          const u = Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
          return new DataView(u.buffer);
        });
        handlers.forEach((h) => h(reply, bufs));
      });
    },
  };
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  const mod = await import(url);
  const el = document.createElement("div");
  document.body.appendChild(el);
  await mod.default.render({ model, el });
}
"""


def test_widget_module_renders_in_chromium(browser):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def py_answer(content):
        reply, bufs = widget.answer(content)
        return [reply, [base64.b64encode(b).decode() for b in bufs]]

    page.expose_function("pyAnswer", py_answer)
    page.set_content("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>")
    page.add_style_tag(content=widget.css())
    page.evaluate(_STAND_IN, [widget.esm(), {"f": "x^2*sin(x)", "view": "tangent", "x0": "2", "lang": "ko"}])
    page.wait_for_selector(".mibun-app[data-ready]", state="attached", timeout=60000)
    slope = float(page.get_attribute("#mb-slope", "data-value"))
    assert slope == float(mb.diff("x^2*sin(x)").at(x=2).value)
    assert page.inner_text("#mb-tab-tangent") == "도함수"
    assert page.locator(".katex").count() > 0
    page.wait_for_function("document.fonts.check('16px KaTeX_Main', 'x')", timeout=30000)
    assert not errors
    page.close()
