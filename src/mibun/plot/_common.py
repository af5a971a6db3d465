"""Shared plumbing of mibun.plot: turning user input (a callable, a SymPy expression, text) into NumPy
functions and their derivatives, language and font handling, figure creation. No matplotlib import at
module level."""

from __future__ import annotations

import contextlib
import functools
import inspect
import math
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy import ndarray

from mibun.errors import DomainError, InputError, MibunError
from mibun.i18n import resolve_lang, t


# --------------------------------------------------------------------------------------------- matplotlib
def mpl():
    """Import matplotlib lazily; choose Agg only when no backend was chosen and there is no display."""
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - matplotlib is a dependency
        raise MibunError("plot.err.no_matplotlib") from exc
    if "matplotlib.pyplot" not in sys.modules and not os.environ.get("MPLBACKEND"):
        chosen = getattr(matplotlib.rcParams, "_get_backend_or_none", lambda: "?")()
        headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if chosen is None and headless and sys.platform.startswith("linux") and "ipykernel" not in sys.modules:
            matplotlib.use("Agg")
    return matplotlib


@contextlib.contextmanager
def style(lang: str):
    """rcParams for mibun's figures: a font list with Hangul fallback, readable sizes."""
    matplotlib = mpl()
    from mibun.plot.fonts import font_family

    rc = {"font.family": font_family(lang), "axes.unicode_minus": True, "axes.grid": True,
          "grid.alpha": 0.3, "legend.fontsize": "small", "legend.framealpha": 0.85}
    with matplotlib.rc_context(rc):
        yield matplotlib


def new_figure(figsize, **kwargs):
    """A figure through pyplot (so ``plt.show()`` works in scripts). In a notebook with the inline backend
    it is closed at once: the notebook then shows it once, as the returned value, not a second time when
    the inline backend flushes the cell's open figures."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout="constrained", **kwargs)
    if in_inline_notebook():
        plt.close(fig)
    return fig


def in_inline_notebook() -> bool:
    """True inside a Jupyter kernel whose matplotlib backend is the inline one."""
    if "ipykernel" not in sys.modules:
        return False
    import matplotlib

    return "inline" in str(matplotlib.get_backend()).lower()


def lang_of(lang: str | None) -> str:
    return resolve_lang(lang)


def tr(key: str, lang: str, **fields) -> str:
    return t(f"plot.{key}", lang, **fields)


def num(v: float | None, digits: int = 4) -> str:
    """A number for labels: 6.01, 2, 1e-8, −0.5 (true minus sign), ∞."""
    if v is None:
        return "?"
    v = float(v)
    if np.isnan(v):
        return "NaN"
    if np.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"
    s = f"{v:.{digits}g}".replace("e-0", "e-").replace("e+0", "e+").replace("e+", "e")
    return "−" + s[1:] if s.startswith("-") else s


# --------------------------------------------------------------------------------------------- input
def _parse_text(text: str):
    try:
        from mibun.symbolic import parse  # built in parallel (issue: symbolic); imported lazily
    except ImportError as exc:
        raise InputError("plot.err.no_parser", text=repr(text)) from exc
    return parse(text)


def _symbols(names: Sequence[str]):
    import sympy as sp

    return [sp.Symbol(n) for n in names]


def _is_sympy(obj) -> bool:
    if "sympy" not in sys.modules:
        return False
    import sympy as sp

    return isinstance(obj, sp.Basic)


def mathtext(latex: str, plain: str) -> str:
    """``$latex$`` if matplotlib's mathtext can draw it, else ``plain``. (Strings with Hangul must never
    contain ``$``: mathtext draws its text with its own fonts, which have no Hangul.)"""
    s = f"${latex}$"
    return s if _mathtext_ok(s, str(mpl().rcParams["mathtext.fontset"])) else plain


@functools.lru_cache(maxsize=1024)
def _mathtext_ok(s: str, fontset: str) -> bool:
    """Can mathtext parse ``s`` with this font set? (Asked once per label: a parse costs about 10 ms.)"""
    try:
        from matplotlib.mathtext import MathTextParser

        MathTextParser("path").parse(s)
        return True
    except Exception:  # noqa: BLE001 - any mathtext failure: plain text instead
        return False


def _expr_label(expr) -> str:
    from mibun.symbolic.derivation.printing import latex_of, text_of  # functions named as their specs say

    return mathtext(latex_of(expr), text_of(expr))


def f_label(fn: Fn, order: int = 0) -> str:
    """'$f(x) = x^{2}$', "$f'(x) = 2 x$" for expressions; 'f(x)', 'f′(x)' for Python functions."""
    args = ", ".join(fn.vars)
    prime = "'" * order
    if fn.expr is not None and len(fn.vars) == 1:
        import sympy as sp

        from mibun.symbolic.derivation.printing import latex_of, text_of
        from mibun.symbolic.realdiff import real_diff

        e = real_diff(fn.expr, sp.Symbol(fn.vars[0]), order) if order else fn.expr
        return mathtext(f"f{prime}({args}) = {latex_of(e)}", f"f{'′' * order}({args}) = {text_of(e)}")
    return f"f{'′' * order}({args})"


def _call_numpy(f: Callable, args: tuple[np.ndarray, ...]) -> np.ndarray:
    """f on arrays → float array (Tensors converted); falls back to a loop when f is not vectorised."""
    shape = np.broadcast(*args).shape
    with np.errstate(all="ignore"):
        try:
            out = f(*args)
            arr = np.asarray(out.data if hasattr(out, "requires_grad") else out, dtype=float)
            if arr.shape == shape:
                return arr
            if arr.size in (1,):
                return np.broadcast_to(arr, shape).astype(float)
        except (TypeError, ValueError, ArithmeticError):
            pass
        flat = [np.ravel(np.broadcast_to(a, shape)) for a in args]
        res = np.empty(flat[0].size if flat else 1)
        for i in range(res.size):
            try:
                v = f(*(float(a[i]) for a in flat))
                res[i] = float(np.asarray(v.data if hasattr(v, "requires_grad") else v, dtype=float))
            except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
                res[i] = np.nan
            except TypeError as exc:
                raise InputError("plot.err.evaluate", detail=str(exc)) from exc
        return res.reshape(shape)


def _autodiff_grad(f: Callable, args: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...] | None:
    """Gradients of an elementwise f at every grid point in ONE backward pass:
    x = tensor(grid, requires_grad=True); f(x).sum().backward(); x.grad. None if f is not traceable."""
    import mibun as mb

    shape = np.broadcast(*args).shape
    xs = [mb.tensor(np.array(np.broadcast_to(a, shape), dtype=float), requires_grad=True) for a in args]
    try:
        with np.errstate(all="ignore"):
            out = f(*xs)
            if not isinstance(out, mb.Tensor) or not out.requires_grad or out.shape != shape:
                return None
            mb.sum(out).backward()
    except (TypeError, ValueError, AttributeError, MibunError):
        return None
    return tuple(np.asarray(x.grad.data if x.grad is not None else np.zeros(shape), dtype=float) for x in xs)


def _fd_grad(fnp: Callable, args: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    """Central differences on the grid (:func:`mibun.numeric.central_partials`) — used only for NumPy
    functions autodiff cannot trace."""
    from mibun.numeric.vectorized import central_partials

    return central_partials(fnp, *args)


@dataclass
class Fn:
    """A user function of ``len(vars)`` variables, ready for plotting."""

    vars: tuple[str, ...]
    np: Callable[..., np.ndarray]            # values on arrays (NaN where undefined)
    grad: Callable[..., tuple[ndarray, ...]]   # partial derivatives on arrays ("np" is a field here)
    label: str                                 # for titles: $x^2$ or 'f(x)'
    expr: Any = None                           # the SymPy expression, if there is one
    source: Any = None                         # what the user gave
    traced: Callable | None = None             # f on mibun Tensors (for optimizers), when available

    def d(self, *args):
        """The derivative f′ (one variable)."""
        return self.grad(*args)[0]


def as_function(f: Any, var: str | Sequence[str] = "x", *, nvars: int | None = None,
                where: str = "mibun.plot") -> Fn:
    """Accept a Python callable (NumPy-vectorised or written with mibun ops), a SymPy expression, or
    text (parsed by ``mibun.symbolic.parse``). ``var`` names the variable(s); ``nvars`` checks arity."""
    import_sympy = isinstance(f, str) or _is_sympy(f)
    names = (var,) if isinstance(var, str) else tuple(var)
    if isinstance(f, str):
        f = _parse_text(f)
    if import_sympy:
        import sympy as sp

        from mibun.symbolic.compile import compile_expr

        expr = f
        if not isinstance(expr, sp.Expr) or isinstance(expr, sp.Rel):
            raise InputError("plot.err.expression", where=where, got=repr(expr))
        free = sorted(expr.free_symbols, key=lambda s: s.name)
        known = [s.name for s in free]
        want = nvars if nvars is not None else len(names)
        if len(free) > want:
            raise InputError("plot.err.var_count", where=where, known=known, n=want, names=list(names[:want]))
        if not set(known) <= set(names):
            if len(free) == want:
                names = tuple(known)
            else:
                raise InputError("plot.err.var_names", where=where, known=known, names=list(names))
        syms = _symbols(names)
        fn = compile_expr(expr, syms)
        from mibun.symbolic.realdiff import real_diff

        dfs = [compile_expr(real_diff(expr, s), syms) for s in syms]

        def fnp(*a):
            with np.errstate(all="ignore"):
                r = np.asarray(fn(*a))
                if np.iscomplexobj(r):
                    r = np.where(np.abs(r.imag) < 1e-12 * (1 + np.abs(r.real)), r.real, np.nan)
                return np.broadcast_to(np.asarray(r, float), np.broadcast(*a).shape).copy()

        def fgrad(*a):
            with np.errstate(all="ignore"):
                res = []
                for df in dfs:
                    r = np.asarray(df(*a))
                    if np.iscomplexobj(r):
                        r = np.where(np.abs(r.imag) < 1e-12 * (1 + np.abs(r.real)), r.real, np.nan)
                    res.append(np.broadcast_to(np.asarray(r, float), np.broadcast(*a).shape).copy())
                return tuple(res)

        try:
            traced = compile_expr(expr, syms, backend="mibun")
        except MibunError:
            traced = None
        return Fn(names, fnp, fgrad, _expr_label(expr), expr, f, traced)

    if not callable(f):
        raise InputError("plot.err.f_kind", where=where, kind=type(f).__name__)
    if nvars is not None:
        try:
            sig = inspect.signature(f).parameters.values()
        except (TypeError, ValueError):  # builtins without a signature: trust the caller
            sig = None
        if sig is not None:
            required = [p for p in sig if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                        and p.default is p.empty]
            optional = [p for p in sig if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            star = any(p.kind == p.VAR_POSITIONAL for p in sig)
            if not (len(required) <= nvars and (star or len(optional) >= nvars)):
                raise InputError("plot.err.arity", where=where, n=nvars, args=", ".join(names[:nvars]),
                                 got=len(required))

    def call_np(*a):
        arrays = tuple(np.asarray(x, dtype=float) for x in a)
        return np.asarray(_call_numpy(f, arrays), dtype=float)

    def grad_np(*a):
        arrays = tuple(np.asarray(x, dtype=float) for x in a)
        g = _autodiff_grad(f, arrays)
        return g if g is not None else _fd_grad(call_np, arrays)

    name = getattr(f, "__name__", "f")
    label = "f(" + ", ".join(names) + ")" if name in ("<lambda>", "f") else f"{name}({', '.join(names)})"
    return Fn(names, call_np, grad_np, label, None, f, f)


def require_finite(values: np.ndarray, where: str, what: str = "f") -> None:
    """Raise DomainError when a function is undefined everywhere it is drawn."""
    if not np.any(np.isfinite(values)):
        raise DomainError("plot.err.nowhere_finite", where=where, what=what)


def value_at(fn: Fn, *point: float) -> float:
    return float(fn.np(*(np.array(p, dtype=float) for p in point)))


def check_number(v: Any, name: str, where: str) -> float:
    try:
        x = float(v)
    except OverflowError:
        from mibun.budget import to_float

        x = to_float(v, f"{where}: {name}")
    except (TypeError, ValueError) as exc:
        raise InputError("plot.err.number", where=where, name=name, got=repr(v)) from exc
    if not math.isfinite(x):
        raise InputError("plot.err.finite", where=where, name=name, got=repr(v))
    return x


def check_range(lim: Any, name: str, where: str) -> tuple[float, float]:
    try:
        a, b = (float(v) for v in lim)
    except (TypeError, ValueError) as exc:
        raise InputError("plot.err.range_pair", where=where, name=name, got=repr(lim)) from exc
    if not (math.isfinite(a) and math.isfinite(b) and a < b):
        raise InputError("plot.err.range_order", where=where, name=name, got=repr(lim))
    return a, b
