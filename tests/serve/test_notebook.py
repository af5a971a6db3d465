"""``mb.explore`` in a real Jupyter kernel (nbclient): the notebook shows the widget, and the test then
talks to the widget's model over the comm channel exactly as the page does — a custom message asking
for a derivative — and checks the kernel's answer. The iframe fallback names a local URL whose API
answers too. Skips with a hint without nbclient/ipykernel/anywidget (fails under CI=true)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from urllib.request import urlopen

import mibun as mb

from .conftest import need

HINT = "needs the notebook extras: pip install nbclient nbformat ipykernel anywidget"
SRC = str(Path(mb.__file__).resolve().parents[1])  # the tested mibun: the installed wheel in CI, src/ here


def _tools():
    try:
        import anywidget  # noqa: F401
        import ipykernel  # noqa: F401
        import nbclient
        import nbformat
        from jupyter_core.utils import run_sync
    except ImportError:
        need(HINT)
    return nbclient, nbformat, run_sync


def _comm_reply(client, run_sync, model_id: str, content: dict, timeout: float = 60.0) -> tuple[dict, list]:
    """Send a custom message to the widget's model (as the page's JavaScript does) and wait for its reply."""
    msg = client.kc.session.msg("comm_msg", {"comm_id": model_id, "data": {"method": "custom", "content": content}})
    client.kc.shell_channel.send(msg)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        m = run_sync(client.kc.get_iopub_msg)(timeout=timeout)
        if m["msg_type"] != "comm_msg" or m["content"].get("comm_id") != model_id:
            continue
        data = m["content"]["data"]
        if data.get("method") == "custom" and data["content"].get("id") == content["id"]:
            return data["content"], m.get("buffers", [])
    raise AssertionError("no reply from the widget")


def test_explore_widget_answers_over_the_comm_channel(monkeypatch):
    nbclient, nbformat, run_sync = _tools()
    monkeypatch.setenv("PYTHONPATH", SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import mibun as mb\nw = mb.explore('x^2*sin(x)', view='tangent', x0=2)\nw"),
        nbformat.v4.new_code_cell("f = mb.explore('x^2', mode='iframe')\nprint(f.url)"),
    ]
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3")
    with client.setup_kernel():
        for i, cell in enumerate(nb.cells):
            client.execute_cell(cell, i)
        views = [o for o in nb.cells[0].outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        assert views, nb.cells[0].outputs
        model_id = views[0]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
        reply, _ = _comm_reply(client, run_sync, model_id, {"type": "api", "id": 7, "path": "/api/point",
                                                             "params": {"f": "x^2*sin(x)", "x0": "2"}})
        assert reply["status"] == 200
        assert reply["data"]["slope"] == float(mb.diff("x^2*sin(x)").at(x=2).value)
        bad, _ = _comm_reply(client, run_sync, model_id, {"type": "api", "id": 8, "path": "/api/function",
                                                           "params": {"f": "<script>", "lang": "ko"}})
        assert bad["status"] == 400 and bad["data"]["error"]["type"] == "ParseError"
        font, buffers = _comm_reply(client, run_sync, model_id, {"type": "font", "id": 9,
                                                                  "name": "KaTeX_Main-Regular.woff2"})
        assert font["ok"] and bytes(buffers[0])[:4] == b"wOF2"
        url = "".join(o.get("text", "") for o in nb.cells[1].outputs).strip()
        assert url.startswith("http://127.0.0.1:")
        base = url.split("?")[0].rstrip("/")
        with urlopen(base + "/api/point?f=x%5E2&x0=3", timeout=30) as r:  # the kernel's server
            assert json.loads(r.read())["slope"] == 6.0
