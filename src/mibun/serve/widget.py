"""``mb.explore(expr)``: the explorer inline in Jupyter.

Two ways, chosen by ``mode``:

* ``"widget"`` (the default when the optional extra ``mibun[widget]`` — anywidget — is installed): the page
  runs inside the notebook's output and talks to the kernel through the widget's comm channel, so it
  works wherever the notebook works — JupyterLab, classic Notebook, VS Code, remote hubs, Colab — with no
  port to reach. Each page request is a custom message ``{"type": "api", "id", "path", "params"}``; the
  kernel answers ``{"type": "api", "id", "status", "data"}`` from the same ``mibun.serve.api.handle``
  the server uses. Fonts travel the same way (binary buffers), so the saved notebook stays small.
* ``"iframe"``: a server on 127.0.0.1 (a free port, started once per kernel) and an ``<iframe>`` of it:
  works only where the browser runs on the kernel's machine (a local Jupyter).
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from mibun.serve.api import handle

STATIC = Path(__file__).resolve().parent / "static"
_SCRIPTS = ("draw.js", "app.js", "views.js", "graphview.js")
_SERVER: list[Any] = []  # the iframe mode's background server, started on first use


@lru_cache(maxsize=1)
def katex_fonts() -> list[dict[str, str]]:
    """KaTeX's @font-face rules (family, style, weight, file) so the widget can load them by message."""
    css = (STATIC / "katex" / "katex.min.css").read_text(encoding="utf-8")
    pattern = r"font-family:\"?(\w+)\"?;font-style:(\w+);font-weight:(\d+);src:url\(fonts/([\w\-]+\.woff2)\)"
    rules = re.findall(pattern, css)
    return [{"family": f, "style": s, "weight": w, "file": name} for f, s, w, name in rules]


@lru_cache(maxsize=1)
def esm() -> str:
    """The widget's JavaScript module: KaTeX and the page's scripts, then a render() that mounts the app
    with a transport over the comm channel."""
    parts = ["const define = undefined, module = undefined, exports = undefined;",
             (STATIC / "katex" / "katex.min.js").read_text(encoding="utf-8")]
    parts += [(STATIC / name).read_text(encoding="utf-8") for name in _SCRIPTS]
    parts.append((STATIC / "widget.js").read_text(encoding="utf-8"))
    return "\n;\n".join(parts)


@lru_cache(maxsize=1)
def css() -> str:
    """The widget's CSS: KaTeX's without its font URLs (the fonts come by message) and the page's own."""
    katex = (STATIC / "katex" / "katex.min.css").read_text(encoding="utf-8")
    katex = re.sub(r"@font-face\{[^}]*\}", "", katex)
    own = (STATIC / "explorer.css").read_text(encoding="utf-8")
    own = re.sub(r"@font-face\s*\{[^}]*\}", "", own)
    return katex + "\n" + own + "\n.mibun-app { max-width: none; }\n"


def font_bytes(name: str) -> bytes | None:
    """A font file the widget asks for: ``hangul`` or one of KaTeX's (by file name)."""
    if name == "hangul":
        from mibun.serve.http import hangul_font_data

        font = hangul_font_data()
        return font[0] if font is not None else None
    if any(f["file"] == name for f in katex_fonts()):
        return (STATIC / "katex" / "fonts" / name).read_bytes()
    return None


def answer(content: dict) -> tuple[dict, list[bytes]]:
    """The kernel's reply to one message from the page: an API call or a font."""
    kind = content.get("type")
    rid = content.get("id")
    if kind == "api":
        params = content.get("params") or {}
        status, body = handle(str(content.get("path", "")), {str(k): str(v) for k, v in dict(params).items()})
        return {"type": "api", "id": rid, "status": status, "data": body}, []
    if kind == "font":
        data = font_bytes(str(content.get("name", "")))
        return {"type": "font", "id": rid, "ok": data is not None}, ([data] if data is not None else [])
    return {"type": "error", "id": rid}, []


def _params(expr: Any, view: str, lang: str | None, extra: dict[str, Any]) -> dict[str, str]:
    from mibun.i18n import resolve_lang

    p = {"f": str(expr), "view": view, "lang": resolve_lang(lang)}
    p.update({k: str(v) for k, v in extra.items() if v is not None})
    return p


def _widget_class() -> type:
    import anywidget
    import traitlets

    class ExplorerWidget(anywidget.AnyWidget):
        """The explorer as a Jupyter widget; ``params`` holds the view's URL parameters."""

        _esm = esm()
        _css = css()
        params = traitlets.Dict().tag(sync=True)

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.replies = 0
            self.on_msg(self._on_page_message)

        def _on_page_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
            if isinstance(content, dict):
                reply, buffers = answer(content)
                self.replies += 1
                self.send(reply, buffers=buffers or None)

        def request(self, path: str, **params: Any) -> dict:
            """Call the API as the page does (for Python code and tests): ``w.request("/api/point",
            f="x^2", x0=3)``."""
            reply, _ = answer({"type": "api", "id": 0, "path": path, "params": {**self.params, **params}})
            return reply

    return ExplorerWidget


class ExplorerFrame:
    """The iframe fallback: the URL of a local server's page, shown as an ``<iframe>``."""

    def __init__(self, url: str, height: int):
        self.url = url
        self.height = height

    def _repr_html_(self) -> str:
        src = html.escape(self.url, quote=True)
        return (f'<iframe src="{src}" width="100%" height="{int(self.height)}" style="border:1px solid #ddd" '
                f'title="mibun explorer"></iframe><div style="font-size:12px;color:#667">'
                f'<a href="{src}" target="_blank" rel="noopener">{src}</a></div>')

    def request(self, path: str, **params: Any) -> dict:
        """Call the server's API over HTTP (``frame.request("/api/point", f="x^2", x0=3)``)."""
        from urllib.request import urlopen

        base = self.url.split("?", 1)[0].rstrip("/")
        with urlopen(f"{base}{path}?{urlencode(params)}", timeout=30) as r:  # noqa: S310 - our own 127.0.0.1 URL
            return json.loads(r.read().decode("utf-8"))

    def __repr__(self) -> str:
        return f"<mibun explorer at {self.url}>"


def _server() -> Any:
    from mibun.serve.http import start

    if not _SERVER:
        _SERVER.append(start("127.0.0.1", 0, embeddable=True))
    return _SERVER[0]


def explore(expr: Any = "sin(x)*x", view: str = "tangent", *, lang: str | None = None, mode: str = "auto",
            height: int = 640, **params: Any) -> Any:
    """Show the explorer for ``expr`` in a notebook: ``mb.explore("sin(x)*x", view="quotient", h=0.1)``.

    ``view``: tangent, quotient, limit, steps, surface, descent, backprop; ``params``: x0, y0, h, opt, … as
    in the page's URL. ``mode``: "widget" (comm channel; needs ``pip install mibun[widget]``), "iframe"
    (a local server), or "auto" (widget when anywidget is installed). Returns the widget or frame."""
    from mibun.errors import InputError
    from mibun.serve.api import VIEWS

    if view not in VIEWS:
        raise InputError("explorer.err.choice", name="view", choices=", ".join(VIEWS), value=str(view))
    if mode not in ("auto", "widget", "iframe"):
        raise InputError("explorer.err.choice", name="mode", choices="auto, widget, iframe", value=str(mode))
    p = _params(expr, view, lang, params)
    if mode in ("auto", "widget"):
        try:
            cls = _widget_class()
        except ImportError:
            if mode == "widget":
                raise InputError("explorer.err.widget_missing") from None
        else:
            return cls(params=p)
    server = _server()
    return ExplorerFrame(server.url + "?" + urlencode(p), height)
