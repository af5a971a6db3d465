"""The explorer's killable workers: a request that outlives its budget is stopped and answered with the
localized budget error while other requests are served, and the killed worker is replaced."""

from __future__ import annotations

import json
import threading
from urllib.parse import quote

import pytest

from mibun import budget
from mibun.i18n import t
from tests.serve import helpers
from tests.serve.test_http import get


@pytest.fixture(scope="module")
def slow_server():
    from mibun.serve import http as mhttp

    srv = mhttp.ExplorerServer("127.0.0.1", 0, lang="ko", processes=2)
    srv.api = helpers.slow_handle
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    assert srv.pool.wait_ready()
    yield srv
    srv.shutdown()
    srv.server_close()


def _wait_until(cond, what: str) -> None:
    """Poll a state (not a clock assertion): the generous cap only keeps a broken run from hanging."""
    import time

    for _ in range(6000):
        if cond():
            return
        time.sleep(0.01)
    raise AssertionError(f"never happened: {what}")


def test_a_runaway_request_is_killed_while_others_are_served(slow_server):
    pool = slow_server.pool
    killed_before, started_before = pool.killed, pool.started
    budget.set_budget(0.3)
    slow: dict = {}

    def run_slow():
        status, _, body = get(slow_server, "/api/function?f=sleep&lang=ko")
        slow["answer"] = status, json.loads(body)

    th = threading.Thread(target=run_slow)
    th.start()
    _wait_until(lambda: pool.idle() == 1, "the slow request reached a worker")
    # a cheap request is answered by the other worker while the slow one is still pending
    status, _, body = get(slow_server, "/api/point?f=x%5E2&x0=3")
    assert status == 200 and json.loads(body)["slope"] == 6.0
    assert "answer" not in slow and th.is_alive()
    th.join(120)
    status, err = slow["answer"]
    assert status == 400
    assert err["error"]["key"] == "reliability.budget.killed" and err["error"]["type"] == "BudgetError"
    seconds = err["error"]["message"].split("예산 ")[1].split("초")[0]
    assert float(seconds) == 0.3
    assert err["error"]["message"].startswith(t("reliability.budget.killed", "ko", what="", seconds=0.3,
                                                elapsed=0)[:12])
    # the killed worker is replaced in the background; the next requests succeed
    assert pool.killed == killed_before + 1
    assert pool.wait_ready()
    assert pool.started == started_before + 1 and pool.last_recovery_s is not None
    for k in range(4):
        status, _, body = get(slow_server, f"/api/point?f=x%5E3&x0={k}")
        assert status == 200 and json.loads(body)["slope"] == 3.0 * k * k


def test_english_requests_get_the_english_budget_message(slow_server):
    budget.set_budget(0.2)
    status, _, body = get(slow_server, "/api/function?f=sleep&lang=en")
    err = json.loads(body)["error"]
    assert status == 400 and err["key"] == "reliability.budget.killed"
    assert err["message"].startswith("too large or too slow: the request was stopped")
    assert slow_server.pool.wait_ready()


def test_a_hard_limit_for_sympy_is_stopped_by_the_budget(slow_server):
    """x^x^…^x (eight) at 0⁺: SymPy's limit alone takes about 20 s."""
    budget.set_budget(0.5)
    path = "/api/limit?f=" + quote("x^x^x^x^x^x^x^x") + "&x0=0&side=%2B&lang=en"
    status, _, body = get(slow_server, path)
    err = json.loads(body)["error"]
    assert status == 400 and err["type"] == "BudgetError"
    assert err["key"] in ("reliability.budget.time", "reliability.budget.killed")
    assert slow_server.pool.wait_ready()


def test_requests_for_one_function_prefer_the_worker_with_its_caches(slow_server):
    pool = slow_server.pool
    for k in range(3):
        assert get(slow_server, f"/api/point?f=sin(x)%2Bx&x0={k}")[0] == 200
    holders = [w for w in pool._idle if "sin(x)+x" in w.keys]
    assert len(holders) == 1


def test_without_worker_processes_everything_runs_in_this_process():
    from mibun.serve import http as mhttp

    srv = mhttp.start("127.0.0.1", 0, processes=0)
    try:
        assert srv.pool is None
        status, _, body = get(srv, "/api/point?f=x%5E2&x0=2")
        assert status == 200 and json.loads(body)["slope"] == 4.0
    finally:
        srv.shutdown()
        srv.server_close()
