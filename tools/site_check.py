"""Checks of the built documentation site (run by ``tools/build_docs.py --check``): both languages have every
chapter and link to each other, nothing is fetched from the internet, the Hangul font ships, and — where
playwright and Debian's chromium exist — the browser's search finds a Korean word."""

from __future__ import annotations

import re
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REMOTE = re.compile(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?:)?//[^"]+"', re.I)


def check_site(site: Path, pages: dict) -> list[str]:
    problems: list[str] = []
    chapters = sorted({t for (lang, t) in pages if t.parent == Path("tutorials") and t.name != "index.md"})
    for t in chapters:
        en, ko = site / t.with_suffix(".html"), site / "ko" / t.with_suffix(".html")
        for f in (en, ko):
            if not f.exists():
                problems.append(f"missing chapter page {f.relative_to(site)}")
        if en.exists() and f'ko/{t.with_suffix(".html").as_posix()}' not in en.read_text(encoding="utf-8"):
            problems.append(f"{en.relative_to(site)} does not link to its Korean counterpart")
        if ko.exists() and f'../{t.with_suffix(".html").as_posix()}' not in ko.read_text(encoding="utf-8"):
            problems.append(f"{ko.relative_to(site)} does not link to its English counterpart")
    for f in site.rglob("*.html"):
        m = REMOTE.search(f.read_text(encoding="utf-8"))
        if m:
            problems.append(f"{f.relative_to(site)} loads {m.group(0)[:80]} from the internet")
    if not list(site.rglob("*.woff2")):
        problems.append("no vendored font in the site")
    problems += _search_korean(site)
    return problems


def _search_korean(site: Path) -> list[str]:
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return []
    if not chromium:
        return []
    handler = partial(SimpleHTTPRequestHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/ko/tutorials/02-derivative.html?q=미분계수")
            page.wait_for_selector(".md-search-result__item", timeout=15000)
            n = page.locator(".md-search-result__item").count()
            family = page.evaluate("getComputedStyle(document.body).fontFamily")
            browser.close()
    finally:
        server.shutdown()
    out = []
    if n == 0:
        out.append("search finds nothing for the Korean word 미분계수")
    if "mibun Hangul" not in family:
        out.append(f"the Korean page's font is {family}, not the vendored Hangul font")
    return out
