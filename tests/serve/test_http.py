"""The explorer's HTTP server on 127.0.0.1: Host and Origin checks (no DNS rebinding), static files only
from the package, security headers, GET only, and concurrent requests (a bounded load test)."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest

from mibun.serve.http import STATIC


def get(server, path: str, headers: dict | None = None, method: str = "GET"):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    h = {"Host": f"127.0.0.1:{server.port}"}
    h.update(headers or {})
    conn.request(method, path, headers=h)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, dict(r.getheaders()), body


def test_page_and_assets_are_served_with_security_headers(server):
    status, headers, body = get(server, "/")
    assert status == 200 and b"mibun-app" in body
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    for name in ("app.js", "views.js", "draw.js", "graphview.js", "explorer.css", "katex/katex.min.js",
                 "katex/katex.min.css", "katex/fonts/KaTeX_Main-Regular.woff2"):
        status, headers, _ = get(server, "/" + name)
        assert status == 200, name
    assert get(server, "/app.js")[1]["Content-Type"].startswith("text/javascript")


def test_page_loads_nothing_from_the_internet():
    for file in STATIC.glob("*.*"):
        text = file.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"https?://", text), file
        assert "cdn" not in text.lower() or file.suffix == ".js", file


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "attacker.com:80", "", "127.0.0.1:1"])
def test_foreign_host_header_is_refused(server, host):
    status, _, body = get(server, "/api/health", headers={"Host": host})
    assert status == 403, host
    assert b"Host" in body


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_own_names_are_accepted(server, host):
    status, _, _ = get(server, "/api/health", headers={"Host": f"{host}:{server.port}"})
    assert status == 200


def test_cross_origin_request_is_refused(server):
    status, _, _ = get(server, "/api/function?f=x^2", headers={"Origin": "http://evil.example"})
    assert status == 403
    status, _, _ = get(server, "/api/function?f=x%5E2", headers={"Origin": f"http://127.0.0.1:{server.port}"})
    assert status == 200


@pytest.mark.parametrize("path", ["/../pyproject.toml", "/..%2f..%2fetc/passwd", "/katex/../../http.py",
                                  "/.hidden", "/nothing.js", "/%2e%2e/api.py"])
def test_no_file_outside_static(server, path):
    status, _, body = get(server, path)
    assert status == 404, path
    assert b"import" not in body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_only_get(server, method):
    assert get(server, "/api/health", method=method)[0] == 405


def test_api_over_http(server):
    status, headers, body = get(server, "/api/point?f=" + quote("x^2*sin(x)") + "&x0=2")
    data = json.loads(body)
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    import mibun as mb

    assert data["slope"] == float(mb.diff("x^2*sin(x)").at(x=2).value)
    status, _, body = get(server, "/api/function?f=" + quote("<script>") + "&lang=ko")
    assert status == 400 and json.loads(body)["error"]["type"] == "ParseError"


def test_concurrent_requests_none_lost(server):
    """A small load test: 64 requests from 8 threads (benchmarks/serve.py runs 200 and records p95)."""
    paths = ["/api/point?f=" + quote(f"x^{k % 5 + 2}*sin(x)") + f"&x0={k / 10}" for k in range(64)]

    def one(path):
        status, _, body = get(server, path)
        return status, json.loads(body)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, paths))
    assert len(results) == 64 and all(s == 200 for s, _ in results)
    assert [r["x0"] for _, r in results] == [k / 10 for k in range(64)]


def test_slow_request_does_not_block_others(server):
    """While one thread computes a big derivation, small requests are still answered."""
    big = quote("+".join(f"sin({k}*x)^{k % 4 + 2}*exp(x/{k})" for k in range(1, 25)))
    t = threading.Thread(target=get, args=(server, f"/api/function?f={big}"))
    t.start()
    for _ in range(5):
        assert get(server, "/api/health")[0] == 200
    t.join(120)


def test_mibun_serve_command_in_a_subprocess():
    """`mibun serve --port 0` prints its URL, answers on 127.0.0.1 and stops on a signal."""
    import mibun

    here = str(Path(mibun.__file__).resolve().parents[1])  # the tested mibun: the wheel in CI, src/ here
    env = dict(os.environ, PYTHONPATH=here, MIBUN_LANG="en")
    proc = subprocess.Popen([sys.executable, "-m", "mibun", "serve", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, line
        port = int(m.group(1))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/api/health")
        r = conn.getresponse()
        assert r.status == 200 and json.loads(r.read())["ok"] is True
        conn.close()
    finally:
        proc.terminate()
        proc.wait(30)


def test_cli_port_out_of_range_is_a_one_line_error():
    from mibun.cli import main

    assert main(["serve", "--port", "70000"]) == 2


def test_every_static_file_is_package_data():
    """The wheel carries every file the page needs (pyproject's package-data globs cover them)."""
    import fnmatch

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    root = Path(__file__).resolve().parents[2]
    globs = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["mibun"]
    import mibun

    pkg = Path(mibun.__file__).resolve().parent  # src/mibun here, site-packages/mibun in CI
    files = [p.relative_to(pkg).as_posix() for p in STATIC.rglob("*") if p.is_file()]
    missing = [f for f in files if not any(fnmatch.fnmatch(f, g) for g in globs)]
    assert files and not missing, missing
    size = sum(p.stat().st_size for p in STATIC.rglob("*") if p.is_file())
    assert size < 2_000_000  # the explorer's share of the < 10 MB wheel


def test_computations_are_bounded_and_wait_for_a_slot():
    """With one slot, concurrent requests queue up (none lost); a held slot makes the next one wait."""
    from mibun.serve import http as mhttp

    srv = mhttp.start("127.0.0.1", 0, workers=1, processes=0)  # slots, not worker processes, are the point here
    try:
        paths = [f"/api/point?f=x%5E2&x0={k}" for k in range(12)]
        with ThreadPoolExecutor(6) as pool:
            results = list(pool.map(lambda p: get(srv, p), paths))
        assert [json.loads(b)["slope"] for _, _, b in results] == [2.0 * k for k in range(12)]
        srv.slots.acquire()
        old = mhttp.WAIT_S
        mhttp.WAIT_S = 0.2
        try:
            status, _, body = get(srv, "/api/health")
            assert status == 503 and b"busy" in body
            assert get(srv, "/app.js")[0] == 200  # files need no slot
        finally:
            mhttp.WAIT_S = old
            srv.slots.release()
    finally:
        srv.shutdown()
        srv.server_close()
