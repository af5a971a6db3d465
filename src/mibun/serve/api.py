"""The explorer's JSON API: one function per route, each a thin call into the library.

``handle(path, params)`` returns ``(status, body)`` where ``body`` is JSON-safe. No mathematics happens
here or in the page beyond drawing: parsing is ``mb.parse``, derivatives are ``mb.diff`` and
``mibun.numeric``, paths are ``mibun.optim``, graphs are the engine plus ``mb.explain``. Bad input becomes
``{"error": {"message", "key", "type", "position"}}`` with status 400, the message in the page's language.

Routes (all GET, parameters as in the page's URL): ``/api/function`` (f, f′, steps, samples),
``/api/point`` (value, slope, tangent at x0), ``/api/quotient`` (h), ``/api/limit`` (side),
``/api/surface`` (x0, y0), ``/api/descent`` (opt, lr, steps), ``/api/backprop``, ``/api/vanish``
(act, depth), ``/api/strings``, ``/api/health``.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Callable, Mapping
from typing import Any

from mibun.errors import MibunError
from mibun.serve.strings import text, ui

#: the page's views, as named in its URL (``?view=``)
VIEWS = ("tangent", "quotient", "limit", "steps", "surface", "descent", "backprop")

#: the longest function text accepted (the parser has its own, finer size checks)
MAX_TEXT = 400

#: the engine's grad mode is process-wide: routes that build graphs take turns
ENGINE_LOCK = threading.Lock()


class ApiError(MibunError, ValueError):
    """Bad input to the explorer API itself (a missing or out-of-range parameter): ``ApiError(key,
    **fields)`` with a key of the ``explorer`` catalogue."""


class Params:
    """The query parameters of one request, read with checks (each failure is an ``ApiError``)."""

    def __init__(self, raw: Mapping[str, str]):
        self.raw = dict(raw)
        self.lang = "ko" if str(self.raw.get("lang", "en")).lower().startswith("ko") else "en"

    def text(self, name: str = "f", default: str | None = None) -> str:
        value = self.raw.get(name, default)
        if value is None or not str(value).strip():
            raise ApiError("explorer.err.missing", name=name)
        value = str(value)
        if len(value) > MAX_TEXT:
            raise ApiError("explorer.err.too_long", n=len(value), limit=MAX_TEXT)
        return value

    def number(self, name: str, default: float, lo: float = -1e6, hi: float = 1e6) -> float:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise ApiError("explorer.err.number", name=name, value=str(value)[:40]) from None
        if not math.isfinite(x):
            raise ApiError("explorer.err.number", name=name, value=str(value)[:40])
        if not lo <= x <= hi:
            raise ApiError("explorer.err.range", name=name, lo=lo, hi=hi, value=x)
        return x

    def integer(self, name: str, default: int, lo: int, hi: int) -> int:
        x = self.number(name, float(default), lo, hi)
        return int(round(x))

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = str(self.raw.get(name) or default).lower()
        if value not in choices:
            raise ApiError("explorer.err.choice", name=name, choices=", ".join(choices), value=value[:40])
        return value


def clean(obj: Any) -> Any:
    """A JSON-safe copy: NumPy scalars and arrays to Python, non-finite floats to None."""
    t = type(obj)
    if t is float:
        return obj if math.isfinite(obj) else None
    if obj is None or t is str or t is bool or t is int:
        return obj
    if t is list or t is tuple:
        return [clean(v) for v in obj]
    if t is dict:
        return {str(k): clean(v) for k, v in obj.items()}
    import numpy as np

    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "f":
            return [None if v != v or v in (math.inf, -math.inf) else v for v in obj.ravel().tolist()] \
                if obj.ndim == 1 else [clean(row) for row in obj]
        return clean(obj.tolist())
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        return clean(float(obj))
    if isinstance(obj, (list, tuple)):
        return [clean(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): clean(v) for k, v in obj.items()}
    return str(obj)


def error_body(exc: BaseException, lang: str) -> dict:
    """The JSON body of an error: the localized message and what the page needs to place it."""
    if isinstance(exc, MibunError):
        msg = exc.message(lang)
        key = getattr(exc, "key", None)
        pos = getattr(exc, "position", None)
    else:  # a library bug must still give a message, never a blank page
        msg = text("explorer.err.internal", lang, kind=type(exc).__name__)
        key, pos = "explorer.err.internal", None
    return {"error": {"message": " ".join(str(msg).split()), "key": key if isinstance(key, str) else None,
                      "type": type(exc).__name__, "position": pos if isinstance(pos, int) else None}}


def _strings(p: Params) -> dict:
    return {"lang": p.lang, "ui": ui(p.lang)}


def _health(p: Params) -> dict:
    import mibun

    return {"ok": True, "version": mibun.__version__}


def _fonts(p: Params) -> dict:
    from mibun.serve.widget import katex_fonts

    return {"katex": katex_fonts()}


def routes() -> dict[str, Callable[[Params], dict]]:
    """Route path → handler (imported lazily so the server starts fast)."""
    from mibun.serve import calc, graph, multi

    return {
        "/api/health": _health,
        "/api/strings": _strings,
        "/api/fonts": _fonts,
        "/api/function": calc.function,
        "/api/point": calc.point,
        "/api/quotient": calc.quotient,
        "/api/limit": calc.limit,
        "/api/surface": multi.surface,
        "/api/descent": multi.descent,
        "/api/backprop": graph.backprop,
        "/api/vanish": graph.vanish,
    }


_ROUTES: dict[str, Callable[[Params], dict]] = {}


def _budget() -> Any:
    """The time budget of one request (``mibun.budget.scope``: a per-thread deadline that mibun's own loops
    check; ``mb.set_budget`` / ``$MIBUN_BUDGET_S`` set it), or no budget where that module is absent."""
    try:
        from mibun.budget import scope  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return contextlib.nullcontext()
    return scope()


def handle(path: str, params: Mapping[str, str]) -> tuple[int, dict]:
    """Answer one API call: ``(200, result)``, ``(400, error)`` for bad input, ``(404, error)``, or
    ``(500, error)`` when the library failed in a way it should not."""
    if not _ROUTES:
        _ROUTES.update(routes())
    p = Params(params)
    fn = _ROUTES.get(path)
    if fn is None:
        return 404, error_body(ApiError("explorer.err.unknown_path", path=path[:80]), p.lang)
    try:
        with _budget():
            return 200, clean(fn(p))
    except MibunError as exc:
        return 400, error_body(exc, p.lang)
    except RecursionError as exc:  # a deeply nested input the parser let through
        return 400, error_body(exc, p.lang)
    except Exception as exc:  # noqa: BLE001 - reported to the page, never a traceback
        return 500, error_body(exc, p.lang)


def warm_up(functions: tuple[str, ...], lang: str = "en") -> None:
    """Load SymPy's and mibun's lazily imported parts (a few textbook functions through the API), so the
    first function a student types answers as fast as the later ones (a worker's start-up)."""
    for f in functions:
        handle("/api/function", {"f": f, "x0": "1", "n": "11", "lang": lang})


__all__ = ["VIEWS", "handle", "warm_up", "Params", "ApiError", "clean", "error_body", "ENGINE_LOCK", "MAX_TEXT"]
