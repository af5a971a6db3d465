"""The explorer: a local web app (``mibun serve``) and its Jupyter twin (``mb.explore``) that draw what
the library computes — f and f′, tangents, difference quotients, limits, steps, surfaces, optimizer
paths and backprop graphs. Everything (JavaScript, CSS, KaTeX, fonts) ships in the package.

    from mibun.serve import serve
    serve(port=8000, open_browser=True, lang="ko")      # blocks; Ctrl-C stops it

The page talks to ``mibun.serve.api`` (JSON); no mathematics is done in the browser beyond drawing.
"""

from __future__ import annotations

from typing import Any

__all__ = ["serve", "start", "explore", "handle"]


def __getattr__(name: str) -> Any:
    if name in ("serve", "start"):
        from mibun.serve import http

        return getattr(http, name)
    if name == "explore":
        from mibun.serve.widget import explore

        return explore
    if name == "handle":
        from mibun.serve.api import handle

        return handle
    raise AttributeError(f"module 'mibun.serve' has no attribute {name!r}")
