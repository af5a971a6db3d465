"""The explorer's HTTP server: the standard library's ``ThreadingHTTPServer`` (one thread per request),
bound to 127.0.0.1 unless told otherwise, serving the packaged page and the JSON API.

Safety: the ``Host`` header must name the server (127.0.0.1, localhost, ::1, the bound host or an allowed
name) and any ``Origin`` header must be the server's own origin, so a web page elsewhere cannot reach the
API through DNS rebinding or cross-site requests. Only GET and HEAD are answered; file names are looked up
in the packaged ``static`` folder only; every response carries a strict Content-Security-Policy
(scripts from the server only: no inline script, no ``eval``) and ``nosniff``.

Computations run in a small pool of persistent worker processes (``mibun.budget.pool``): a request goes to
an idle worker (preferably one that served the same function, whose caches are warm); a worker still busy
``GRACE`` seconds after the budget (``mb.set_budget``, ``$MIBUN_BUDGET_S``, ``--budget``) is killed and
replaced in the background, and that request gets the localized budget error. One slow expression never
blocks the other requests. The few routes without SymPy (health, strings, fonts) are answered in-process.
"""

from __future__ import annotations

import json
import mimetypes
import threading
import webbrowser
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from mibun.errors import MibunError
from mibun.serve.api import Params, error_body, handle, warm_up

STATIC = Path(__file__).resolve().parent / "static"
MAX_URL = 8192
LOCAL_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
WARM_UP = ("sin(x)*x", "exp(-x^2)", "ln(x)/x", "tanh(x)", "sigmoid(x)", "sqrt(x^2+1)", "cos(x)^2")
#: API computations at once, and how long a request waits for a free slot before a 503
WORKERS = 8
WAIT_S = 60.0
#: seconds a worker may run past the budget before it is killed (its in-process deadline usually fires first)
GRACE = 1.0
#: routes answered in the server process: no SymPy, nothing that can run away
LOCAL_ROUTES = frozenset({"/api/health", "/api/strings", "/api/fonts"})
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".html": "text/html; charset=utf-8", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
         ".png": "image/png", ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8"}


def hangul_font() -> Path | None:
    """The vendored Hangul font (``mibun.assets``: a WOFF2 subset of NanumGothic, family "Mibun Hangul")."""
    from mibun.assets import font_path

    path = font_path()
    return path if path.is_file() else None


def hangul_font_data() -> tuple[bytes, str] | None:
    """The Hangul font's bytes and content type (None when the package lacks it)."""
    path = hangul_font()
    return (path.read_bytes(), TYPES[".woff2"]) if path is not None else None


def csp(frame_ancestors: str) -> str:
    return ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            f"font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
            f"frame-ancestors {frame_ancestors}")


class ExplorerServer(ThreadingHTTPServer):
    """A threading HTTP server that knows which Host names are its own."""

    #: the API function a worker runs (``handle``; a module-level function, so a spawned worker finds it)
    api: Any = staticmethod(handle)
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, host: str, port: int, *, lang: str = "en", allowed_hosts: tuple[str, ...] = (),
                 embeddable: bool = False, quiet: bool = True, workers: int = WORKERS, processes: int | None = None):
        super().__init__((host, port), Handler)
        #: computations running at once (more requests wait for a slot, then get 503): bounded CPU and memory
        self.slots = threading.BoundedSemaphore(workers)
        self.lang = lang
        self.quiet = quiet
        self.names = {n.lower() for n in (*LOCAL_NAMES, host, *allowed_hosts)}
        self.frame_ancestors = ("'self' http://localhost:* http://127.0.0.1:* https://localhost:*"
                                if embeddable else "'self'")
        #: the worker processes that compute (None: everything in this process, ``processes=0``)
        self.pool: Any = None
        if processes is None:
            from mibun.budget.pool import default_size

            processes = default_size()
        if processes > 0:
            from mibun.budget.pool import WorkerPool

            self.pool = WorkerPool(processes, init=partial(warm_up, WARM_UP, lang))

    def warm(self) -> threading.Thread:
        """Load SymPy's and mibun's lazily imported parts in the background (a few textbook functions
        through the API), so the first function a student types answers as fast as the later ones. With
        worker processes each warms itself before it takes requests; this thread waits for them."""

        def run() -> None:
            if self.pool is not None:
                self.pool.wait_ready()
            else:
                warm_up(WARM_UP, self.lang)

        t = threading.Thread(target=run, name="mibun-explorer-warm-up", daemon=True)
        t.start()
        return t

    def compute(self, path: str, params: dict[str, str]) -> tuple[int, dict]:
        """One API call: in a worker process under the budget (in-process without workers or for the
        routes without SymPy). A worker killed for the budget gives the localized budget error (400)."""
        if self.pool is None or path in LOCAL_ROUTES:
            status, body = self.api(path, params)
            if path == "/api/health" and status == 200 and self.pool is not None:
                p = self.pool
                body = {**body, "workers": {"size": p.size, "ready": p.idle(), "killed": p.killed,
                                            "last_recovery_s": p.last_recovery_s}}
            return status, body
        from mibun import budget
        from mibun.budget.pool import PoolBusy

        try:
            status, body = self.pool.call(self.api, path, params, seconds=budget.get_budget(), grace=GRACE,
                                          key=params.get("f"), wait=WAIT_S, what="reliability.what.request")
        except MibunError as exc:
            status = 503 if isinstance(exc, PoolBusy) else 400 if isinstance(exc, budget.BudgetError) else 500
            return status, error_body(exc, Params(params).lang)
        return status, body

    def server_close(self) -> None:
        super().server_close()
        if self.pool is not None:
            self.pool.close()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        host = str(self.server_address[0])
        host = "127.0.0.1" if host in ("0.0.0.0", "") else (f"[{host}]" if ":" in host else host)
        return f"http://{host}:{self.port}/"

    def host_ok(self, value: str | None) -> bool:
        """Whether a Host header names this server (right name and right port)."""
        if not value:
            return False
        try:
            parts = urlsplit("//" + value.strip())
            name, port = (parts.hostname or "").lower(), parts.port
        except ValueError:
            return False
        right_port = port == self.port or (port is None and self.port == 80)
        return (name in self.names or f"[{name}]" in self.names) and right_port

    def origin_ok(self, value: str | None) -> bool:
        """No Origin (same-origin GET) or this server's own origin."""
        if value is None:
            return True
        try:
            parts = urlsplit(value.strip())
        except ValueError:
            return False
        return parts.scheme == "http" and self.host_ok(parts.netloc)


class Handler(BaseHTTPRequestHandler):
    server: ExplorerServer
    server_version = "mibun-explorer"
    timeout = 30  # an idle keep-alive connection gives its thread back after this many seconds
    sys_version = ""
    protocol_version = "HTTP/1.1"

    # ----------------------------------------------------------------------------------------- helpers
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        if not self.server.quiet:
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, ctype: str, *, cache: bool = False, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", csp(self.server.frame_ancestors))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _json(self, status: int, data: dict, head: bool = False) -> None:
        body = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8", head=head)

    def _refuse(self, status: int, why: str) -> None:
        self._json(status, {"error": {"message": why, "key": None, "type": "HTTPError", "position": None}})

    # ----------------------------------------------------------------------------------------- methods
    def do_HEAD(self) -> None:  # noqa: N802 - the base class's name
        self._route(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._route(head=False)

    def _not_allowed(self) -> None:
        self._refuse(405, "method not allowed: the explorer answers GET only")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed  # noqa: N815

    def _route(self, head: bool) -> None:
        if len(self.path) > MAX_URL:
            return self._refuse(414, "address too long")
        if not self.server.host_ok(self.headers.get("Host")):
            return self._refuse(403, "forbidden: unknown Host (the explorer answers only to its own address)")
        if not self.server.origin_ok(self.headers.get("Origin")):
            return self._refuse(403, "forbidden: cross-origin request")
        url = urlsplit(self.path)
        path = url.path
        if path.startswith("/api/"):
            params = dict(parse_qsl(url.query, keep_blank_values=True, max_num_fields=64))
            params.setdefault("lang", self.server.lang)
            if not self.server.slots.acquire(timeout=WAIT_S):
                return self._refuse(503, "busy: too many computations at once; try again")
            try:
                status, body = self.server.compute(path, params)
            finally:
                self.server.slots.release()
            return self._json(status, body, head=head)
        if path == "/favicon.ico":
            return self._send(204, b"", "image/x-icon", cache=True, head=head)
        if path == "/fonts/hangul":
            font = hangul_font_data()
            if font is None:
                return self._refuse(404, "no Hangul font available")
            return self._send(200, font[0], font[1], cache=True, head=head)
        return self._static(path, head)

    def _static(self, path: str, head: bool) -> None:
        name = "index.html" if path in ("/", "/index.html") else path.lstrip("/")
        parts = name.split("/")
        if any(p in ("", ".", "..") or p.startswith(".") or "\\" in p for p in parts):
            return self._refuse(404, "not found")
        file = (STATIC / name).resolve()
        if STATIC not in file.parents or not file.is_file():
            return self._refuse(404, "not found")
        ctype = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        body = file.read_bytes()
        if name == "index.html":
            body = body.replace(b"__MIBUN_LANG__", self.server.lang.encode())
        self._send(200, body, ctype, cache=name != "index.html", head=head)


def start(host: str = "127.0.0.1", port: int = 0, *, lang: str = "en", allowed_hosts: tuple[str, ...] = (),
          embeddable: bool = False, quiet: bool = True, workers: int = WORKERS,
          processes: int | None = None) -> ExplorerServer:
    """Start the server in a background (daemon) thread and return it; ``port=0`` picks a free port.
    ``workers``: requests computed at once; ``processes``: worker processes (default: the CPU count, 2 to
    4; 0 computes in this process, without a killable worker). Stop it with
    ``server.shutdown(); server.server_close()``."""
    server = ExplorerServer(host, port, lang=lang, allowed_hosts=allowed_hosts, embeddable=embeddable,
                            quiet=quiet, workers=workers, processes=processes)
    threading.Thread(target=server.serve_forever, name="mibun-explorer", daemon=True).start()
    server.warm()
    return server


def serve(host: str = "127.0.0.1", port: int = 8000, *, open_browser: bool = False, lang: str = "en",
          allowed_hosts: tuple[str, ...] = (), quiet: bool = True, announce: Any = print) -> None:
    """Serve the explorer until interrupted (Ctrl-C). ``open_browser`` opens the page in the default
    browser; ``announce`` receives the address line."""
    server = ExplorerServer(host, port, lang=lang, allowed_hosts=allowed_hosts, quiet=quiet)
    server.warm()
    if announce:
        announce(server.url)
    if open_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
