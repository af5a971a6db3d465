"""Shared fixtures of the explorer's tests: one server per session on 127.0.0.1 (a free port) and one
headless Chromium (Debian's, driven by playwright). Browser tests skip with an install hint when the
browser or playwright is missing — and fail instead under CI=true, where .ci/run installs them."""

from __future__ import annotations

import os
import shutil

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


@pytest.fixture(scope="session")
def server():
    from mibun.serve.http import start

    srv = start("127.0.0.1", 0, lang="en")
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="session")
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


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = ctx.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    ctx.close()
