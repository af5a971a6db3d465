"""Shared fixtures of the explorer's tests: one server on 127.0.0.1 (a free port) and one headless Chromium
(Debian's, driven by playwright), for all of tests/serve and stopped after it (package scope: while the
server's threads live, a command's budget worker cannot be forked, so the commands of later tests would
each start a fresh interpreter). Browser tests skip with an install hint when the browser or playwright is
missing — and fail instead under CI=true, where .ci/run installs them."""

from __future__ import annotations

import os
import shutil
import threading
import time

import pytest

CHROMIUM_HINT = ("needs Debian's chromium and playwright: apt-get install -y chromium && pip install playwright "
                 "(`playwright install` is not needed)")


def need(reason: str) -> None:
    """Skip (or fail under CI=true) a test whose tools are missing."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"missing under CI: {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="package", autouse=True)
def _threads_end_with_the_package():
    """Set up first, torn down last: the threads the explorer's tests started (a server's request threads
    still closing their connections) get up to 10 s to end once the package's fixtures are stopped, so the
    process goes on with one thread and forks the commands' budget workers. The Jupyter client's runner
    thread never ends (tests/serve/test_notebook.py runs last) and is not waited for."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 10.0
    for thread in set(threading.enumerate()) - before:
        if not thread.name.endswith(" - runner"):
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture(scope="package")
def server():
    from mibun.serve.http import start

    srv = start("127.0.0.1", 0, lang="en")
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="package")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(CHROMIUM_HINT)
    exe = chromium_path()
    if exe is None:
        need(CHROMIUM_HINT)
    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
    yield b
    b.close()
    pw.stop()


@pytest.fixture(scope="package")
def _browser_tab(browser):
    """One browser context and tab for the whole session: a fresh context and its first page load cost
    ~0.8 s a test; navigating an open tab costs ~0.3 s. Nothing of the explorer lives in storage (no
    localStorage, cookies or service worker), and every test starts from a navigation."""
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(_browser_tab):
    """A blank tab whose uncaught page errors are collected in ``page.errors``."""
    pages = [p for p in _browser_tab.pages if not p.is_closed()]
    if pages:
        pg = pages[0]
    else:
        pg = _browser_tab.new_page()
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.errors = []
    yield pg
    if not pg.is_closed():
        try:
            pg.goto("about:blank")  # stop the page's timers and requests before the next test
            pg.mouse.up()
        except Exception:  # a crashed or hung tab: the next test gets a new one
            pg.close()
