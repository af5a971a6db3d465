"""Screenshots of every explorer view for docs/explorer/ (headless Chromium; run by hand:
``PYTHONPATH=src python tools/explorer_screenshots.py``). Each shot is taken after the page has drawn
and, where the view has one, after a slider, point or node was used the way a student would."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "explorer"

SHOTS = [
    ("tangent", {"view": "tangent", "f": "sin(x)*x", "x0": "1"}, None),
    ("quotient", {"view": "quotient", "f": "exp(x)", "x0": "0.5", "h": "0.01"}, None),
    ("limit", {"view": "limit", "f": "sin(x)/x", "x0": "0"}, "limit"),
    ("steps", {"view": "steps", "f": "x^2*sin(x)"}, "expand"),
    ("steps-ko", {"view": "steps", "f": "sigmoid(2x)", "lang": "ko"}, "expand"),
    ("surface", {"view": "surface", "f": "x*exp(-x^2-y^2)", "x0": "-0.5", "y0": "0.4"}, None),
    ("surface-3d", {"view": "surface", "f": "x*exp(-x^2-y^2)", "x0": "-0.5", "y0": "0.4", "view3d": "1",
                    "field": "0"}, None),
    ("descent", {"view": "descent", "preset": "rosenbrock", "opt": "gd,momentum,adam", "lr": "0.002", "steps": "400",
                 "x0": "-1.5", "y0": "2"}, None),
    ("backprop", {"view": "backprop", "f": "(sigmoid(w*x + b) - y)^2", "x0": "2", "y0": "1", "at_w": "0.5",
                  "at_b": "-1"}, "node"),
    ("tangent-ko", {"view": "tangent", "f": "x^3 - 3x", "x0": "1.5", "lang": "ko"}, None),
]


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from playwright.sync_api import sync_playwright

    from mibun.serve.http import start

    srv = start("127.0.0.1", 0)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = b.new_page(viewport={"width": 1200, "height": 820})
            for name, params, action in SHOTS:
                page.goto(srv.url + "?" + urlencode(params))
                page.wait_for_selector("#mibun-app[data-ready]", state="attached", timeout=60000)
                if action == "expand":
                    page.click("#mb-expand")
                elif action == "limit":
                    page.wait_for_selector("#mb-limit-table[data-full]", state="attached", timeout=20000)
                elif action == "node":
                    page.click("g.mb-node[data-id='w']")
                    page.wait_for_selector("#mb-vanish-readout[data-depth]", state="attached", timeout=60000)
                page.evaluate("document.fonts.ready")
                time.sleep(0.5)
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
                print("wrote", OUT / f"{name}.png")
            b.close()
    finally:
        srv.shutdown()


if __name__ == "__main__":
    main()
