"""The explorer's speed (run by hand: ``python benchmarks/serve.py [--no-browser]``).

1. Load test: ``mibun serve --port 0`` in a subprocess; 200 API requests from 8 client threads against
   127.0.0.1 (a mix of the requests a page makes while a student types and drags); counts lost requests
   and prints p50/p95/max latency and throughput.
2. "Typing a function": ``/api/function`` (f, f′, steps, samples) in-process for textbook functions, the
   first call (parse + rule-by-rule derivation + compile) and a repeated one (cached), median of runs.
3. In the browser (headless Chromium): from the keystroke's request to f, f′ and the steps drawn, as
   the page records it (``window.mibunTimings``).
4. Kill and recover (``--kill``): a pool worker busy past its budget (1 s, plus the server's 1 s grace) is
   killed; time until the caller has the budget error, and until the replacement worker is ready.
5. Workers against in-process (``--compare``): two servers in this process, one computing in its worker
   processes and one in-process (``processes=0``, the earlier design), requests alternating between them:
   a new function (``/api/function``, what typing costs on the server) and a dragged point (``/api/point``).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
# none of these is in the server's warm-up list (mibun.serve.http.WARM_UP): every one is a first call
TEXTBOOK = ["x^2", "x^3 - 2x + 1", "x*sin(x)", "exp(-2x^2)", "ln(x)/x^2", "tanh(2x)", "sigmoid(3x)",
            "sqrt(x^2+4)", "x^2*exp(x)", "sin(x)^2", "1/(1+x^2)", "x*ln(x)"]


def _percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(q / 100 * (len(s) - 1)))))
    return s[k]


def _start_server(processes: int | None = None) -> tuple[subprocess.Popen, int]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), MIBUN_LANG="en")
    extra = [] if processes is None else ["--processes", str(processes)]
    proc = subprocess.Popen([sys.executable, "-m", "mibun", "serve", "--port", "0", *extra], stdout=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout is not None
    m = re.search(r":(\d+)/", proc.stdout.readline())
    assert m, "the server did not announce its URL"
    port = int(m.group(1))
    for _ in range(600):  # until the worker processes have started and warmed up
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/api/health")
        w = json.loads(conn.getresponse().read()).get("workers")
        conn.close()
        if w is None or w["ready"] == w["size"]:
            break
        time.sleep(0.1)
    return proc, port


def _get(port: int, path: str) -> tuple[int, float]:
    """(HTTP status, seconds); status 0 when no complete JSON answer came back (a lost request)."""
    t0 = time.perf_counter()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read()
        conn.close()
        json.loads(body)
        status = r.status
    except (OSError, http.client.HTTPException, ValueError):
        status = 0
    return status, time.perf_counter() - t0


def load_test(n: int = 200, clients: int = 8) -> dict:
    proc, port = _start_server()
    try:
        paths = []
        for k in range(n):
            f = quote(TEXTBOOK[k % len(TEXTBOOK)])
            x0 = 0.5 + (k % 17) / 10
            kind = k % 4
            if kind == 0:
                paths.append(f"/api/function?f={f}&x0={x0}")
            elif kind == 1:
                paths.append(f"/api/point?f={f}&x0={x0}")
            elif kind == 2:
                paths.append(f"/api/quotient?f={f}&x0={x0}&h={10 ** -(k % 12)}")
            else:
                paths.append(f"/api/surface?f={quote('x^2 + 3xy - y^2')}&x0={x0}&y0=1&n=41")
        _get(port, "/api/health")
        t0 = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            results = list(pool.map(lambda p: _get(port, p), paths))
        total = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(30)
    lat = [t for _, t in results]
    ok = sum(1 for s, _ in results if s == 200)
    lost = sum(1 for s, _ in results if s == 0)
    return {"requests": n, "clients": clients, "ok": ok, "lost": lost, "p50_ms": _percentile(lat, 50) * 1e3,
            "p95_ms": _percentile(lat, 95) * 1e3, "max_ms": max(lat) * 1e3, "per_s": n / total}


def api_timing(repeats: int = 5) -> list[tuple[str, float, float]]:
    sys.path.insert(0, str(ROOT / "src"))
    from mibun.serve import calc
    from mibun.serve.api import handle

    handle("/api/function", {"f": "x"})  # imports
    rows = []
    for f in TEXTBOOK:
        cold, warm = [], []
        for _ in range(repeats):
            for fn in (calc.parsed, calc.derivation, calc.compiled):
                fn.cache_clear()
            t0 = time.perf_counter()
            handle("/api/function", {"f": f, "x0": "1"})
            cold.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            handle("/api/function", {"f": f, "x0": "1.5"})
            warm.append(time.perf_counter() - t0)
        rows.append((f, statistics.median(cold) * 1e3, statistics.median(warm) * 1e3))
    return rows


def browser_timing(processes: int | None = None) -> list[tuple[str, float, float]] | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    import shutil

    exe = shutil.which("chromium")
    if exe is None:
        return None
    proc, port = _start_server(processes)
    out = []
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=exe, args=["--no-sandbox"])
            page = b.new_page(viewport={"width": 1200, "height": 900})
            time.sleep(3)  # the server's warm-up (a few textbook functions) as a student would not notice
            page.goto(f"http://127.0.0.1:{port}/?" + urlencode({"view": "tangent", "f": "x"}))
            page.wait_for_selector("#mibun-app[data-ready]", state="attached", timeout=60000)
            for f in TEXTBOOK:
                before = page.evaluate("document.getElementById('mibun-app').dataset.ready")
                page.fill("#mb-f", f)
                page.wait_for_function("(b) => document.getElementById('mibun-app').dataset.ready !== b",
                                       arg=before, timeout=60000)
                t = page.evaluate("window.mibunTimings.filter(t => t.what === 'function').slice(-1)[0]")
                out.append((f, t["ms"], t["net"]))
            b.close()
    finally:
        proc.terminate()
        proc.wait(30)
    return out


def kill_and_recover(repeats: int = 3) -> tuple[float, float]:
    """(seconds until the budget error, seconds from the kill until the replacement is ready), medians."""
    sys.path.insert(0, str(ROOT / "src"))
    from mibun.budget import BudgetError
    from mibun.budget.pool import WorkerPool
    from mibun.serve.api import warm_up
    from mibun.serve.http import GRACE, WARM_UP

    errs, recs = [], []
    from functools import partial

    with WorkerPool(1, init=partial(warm_up, WARM_UP, "en")) as pool:
        pool.wait_ready()
        for _ in range(repeats):
            t0 = time.perf_counter()
            try:
                pool.call(time.sleep, 60, seconds=1.0, grace=GRACE)
            except BudgetError:
                errs.append(time.perf_counter() - t0)
            pool.wait_ready()
            recs.append(pool.last_recovery_s)
    return statistics.median(errs), statistics.median(recs)


def compare(rounds: int = 3) -> dict[str, tuple[float, float]]:
    """Median ms per request kind: (in-process server, worker-pool server), requests alternating."""
    sys.path.insert(0, str(ROOT / "src"))
    from mibun.serve.http import start

    servers = {"in-process": start("127.0.0.1", 0, processes=0), "workers": start("127.0.0.1", 0)}
    try:
        for srv in servers.values():
            srv.warm().join()
            if srv.pool is not None:
                srv.pool.wait_ready()
        times: dict[str, dict[str, list[float]]] = {k: {"in-process": [], "workers": []} for k in ("function", "point")}
        for r in range(rounds):
            for i, f in enumerate(TEXTBOOK):
                order = list(servers) if (i + r) % 2 == 0 else list(servers)[::-1]
                for name in order:
                    g = quote(f"{f} + {r + 1}{'1' if name == 'workers' else '2'}")  # new to that server
                    srv = servers[name]
                    _, t = _get(srv.port, f"/api/function?f={g}&x0=1")
                    times["function"][name].append(t)
                    _, t = _get(srv.port, f"/api/point?f={g}&x0=1.5")
                    times["point"][name].append(t)
    finally:
        for srv in servers.values():
            srv.shutdown()
            srv.server_close()
    return {k: (statistics.median(v["in-process"]) * 1e3, statistics.median(v["workers"]) * 1e3)
            for k, v in times.items()}


def main() -> None:
    if "--browser-compare" in sys.argv:  # the same page against both servers, alternating
        rows: dict[str, list[float]] = {"in-process": [], "workers": []}
        for r in range(3):
            for name in ("in-process", "workers") if r % 2 == 0 else ("workers", "in-process"):
                bt = browser_timing(0 if name == "in-process" else None)
                if bt is None:
                    print("(needs chromium and playwright)")
                    return
                rows[name].append(statistics.median(ms for _, ms, _ in bt))
        for name, v in rows.items():
            print(f"typing → drawn, {name}: medians of the runs {', '.join(f'{x:.0f}' for x in v)} ms")
        return
    if "--compare" in sys.argv:
        for k, (a, b) in compare().items():
            print(f"/api/{k}: in-process {a:.1f} ms, workers {b:.1f} ms (+{b - a:.1f} ms)")
        return
    if "--kill" in sys.argv:
        e, r = kill_and_recover()
        print(f"kill and recover (budget 1 s, grace 1 s): budget error after {e:.2f} s; replacement worker "
              f"(spawn, imports, warm-up) ready {r:.2f} s after the kill")
        return
    lt = load_test()
    print(f"load test: {lt['requests']} requests from {lt['clients']} threads: {lt['ok']} answered 200, "
          f"{lt['lost']} lost; "
          f"p50 {lt['p50_ms']:.0f} ms, p95 {lt['p95_ms']:.0f} ms, max {lt['max_ms']:.0f} ms, "
          f"{lt['per_s']:.0f} requests/s")
    print("\n/api/function in-process (parse, diff with steps, compile, 401 samples of f and f′):")
    print("| function | first call ms | repeated ms |\n|---|---|---|")
    for f, c, w in api_timing():
        print(f"| `{f}` | {c:.0f} | {w:.1f} |")
    if "--no-browser" not in sys.argv:
        bt = browser_timing()
        if bt is None:
            print("\n(browser timing skipped: needs chromium and playwright)")
        else:
            print("\nin Chromium, typing a new function → f, f′ and steps drawn (first call, no cache):")
            print("| function | total ms | of which server + network ms |\n|---|---|---|")
            for f, ms, net in bt:
                print(f"| `{f}` | {ms:.0f} | {net:.0f} |")
            v = [ms for _, ms, _ in bt]
            w = [ms - net for _, ms, net in bt]
            print(f"median {statistics.median(v):.0f} ms, max {max(v):.0f} ms; drawing alone: median "
                  f"{statistics.median(w):.0f} ms, max {max(w):.0f} ms")


if __name__ == "__main__":
    main()
