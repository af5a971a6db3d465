"""Calling the user's function: counting every call, turning a SymPy expression (or text) into a
callable, telling "outside the domain" (NaN, ±inf, an exception, a complex value) apart from bad input."""

from __future__ import annotations

import math
import numbers
import sys
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from mibun.errors import DomainError, InputError, MibunError

# exceptions a function raises when a point lies outside its domain (math.log(-1), 1/0, …)
DOMAIN_EXCEPTIONS = (ValueError, ArithmeticError)


def is_sympy(obj: Any) -> bool:
    """True for a SymPy object (also mibun's own SymPy functions such as sigmoid), checked without importing
    SymPy when it is not loaded."""
    if type(obj).__module__.startswith("sympy"):
        return True
    sp = sys.modules.get("sympy")
    return sp is not None and isinstance(obj, sp.Basic)


def as_function(f: Any, var: Any = None, what: str = "f") -> tuple[Callable[..., Any], Any]:
    """(callable, SymPy expression or None) for a callable, a SymPy expression or a text formula."""
    if isinstance(f, str):
        from mibun import symbolic

        if not hasattr(symbolic, "parse"):
            raise InputError("numeric.err.text_input_needs_mibun", what=what)
        f = symbolic.parse(f)
    if is_sympy(f):
        import sympy as sp

        from mibun.symbolic.compile import compile_expr

        expr = f
        if not isinstance(expr, sp.Expr):
            raise InputError("numeric.err.expected_sympy_expression", what=what, type=type(expr).__name__)
        if var is None:
            free = sorted(expr.free_symbols, key=str)
            if len(free) > 1:
                raise InputError("numeric.err.several_variables", what=what, expr=str(expr),
                                 names=", ".join(map(str, free)))
            var = free[0] if free else sp.Symbol("x")
        elif isinstance(var, str):
            var = sp.Symbol(var)
        return compile_expr(expr, [var]), (expr, var)
    if not callable(f):
        raise InputError("numeric.err.function_callable_sympy_expression", what=what, type=type(f).__name__, f=f)
    return f, None


def as_point(x: Any, what: str = "x", allow_inf: bool = False) -> float:
    """A float from a number, NumPy scalar or SymPy number (oo/-oo → ±math.inf when allowed)."""
    if is_sympy(x):
        import sympy as sp

        if x is sp.oo or x == sp.oo:
            x = math.inf
        elif x is sp.S.NegativeInfinity or x == -sp.oo:
            x = -math.inf
        elif getattr(x, "is_number", False) and x.is_real:
            from mibun.budget import to_float

            x = to_float(x, what)
        else:
            raise InputError("numeric.err.real_number_sympy_object", what=what, x=x)
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (numbers.Real, np.floating, np.integer)):
        if isinstance(x, np.ndarray) and x.ndim == 0:
            return as_point(x.item(), what, allow_inf)
        raise InputError("numeric.err.real_number", what=what, type=type(x).__name__, x=x)
    if isinstance(x, (int, np.integer)) and not isinstance(x, bool) and abs(int(x)) > 2 ** 1023:
        from mibun.budget import to_float

        to_float(int(x), what)  # a huge integer: a clear error, not a bare OverflowError
    v = float(x)
    if math.isnan(v) or (math.isinf(v) and not allow_inf):
        raise InputError("numeric.err.not_finite_inf" if allow_inf else "numeric.err.not_finite", what=what, got=v)
    return v


def as_points(x: Any, what: str = "x") -> np.ndarray:
    """A float array of points (scalar → 0-d); complex, NaN and non-numbers refused."""
    if isinstance(x, (list, tuple, np.ndarray)) or hasattr(x, "__array__"):
        try:
            arr = np.asarray(x)
        except Exception as exc:  # pragma: no cover - exotic array-likes
            raise InputError("numeric.err.could_not_read_as", what=what, type=type(x).__name__, exc=exc) from None
        if arr.dtype.kind not in "biuf":
            raise InputError("numeric.err.hold_real_numbers_array", what=what, dtype=arr.dtype)
        arr = arr.astype(float)
        if not np.all(np.isfinite(arr)):
            raise InputError("numeric.err.finite_among_points", what=what, arr=arr[~np.isfinite(arr)][:3])
        return arr
    return np.asarray(as_point(x, what))


class Counter:
    """Wraps f: counts every point evaluated and converts results to float (or complex) arrays.

    ``real(t)`` returns a float array, NaN where t lies outside f's domain (an exception, a non-finite
    or a genuinely complex value). ``complex(t)`` returns the complex result or None when f refuses
    complex input. Bad results (strings, None, objects) raise InputError naming f.
    """

    def __init__(self, f: Callable[..., Any], name: str = "f"):
        self.f = f
        self.name = name
        self.calls = 0
        self.shape: tuple[int, ...] | None = None
        self.eps = float(np.finfo(float).eps)  # unit round-off of f's results (float32 f → 1.2e-7)

    def _call(self, arg: Any) -> Any:
        self.calls += 1
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return self.f(arg)

    def _to_array(self, out: Any, arg: Any) -> np.ndarray:
        if hasattr(out, "numpy") and callable(out.numpy) and not isinstance(out, np.ndarray):
            out = out.numpy()
        try:
            arr = np.asarray(out)
        except Exception:
            arr = np.asarray(None, dtype=object)
        if arr.dtype.kind not in "biufc":
            raise InputError("numeric.err.returned_return_number_array", name=self.name, type=type(out).__name__,
                             out=out, arg=arg)
        if self.shape is None:
            self.shape = arr.shape
        elif arr.shape != self.shape:
            raise InputError("numeric.err.returned_shape_elsewhere_output",
                             name=self.name, shape=arr.shape, arg=arg, shape2=self.shape)
        return arr

    def real(self, arg: Any) -> np.ndarray:
        try:
            out = self._call(arg)
        except MibunError:
            raise
        except Exception:  # noqa: BLE001 - f worked at x (checked first), so this point is outside its domain
            return np.full(self.shape or (), np.nan)
        arr = self._to_array(out, arg)
        if arr.dtype.kind == "f" and arr.dtype.itemsize < 8:
            self.eps = max(self.eps, float(np.finfo(arr.dtype).eps))  # f computes in float32/16
        if arr.dtype.kind == "c":
            bad = np.abs(arr.imag) > 1e-12 * np.maximum(np.abs(arr.real), 1e-300)
            arr = np.where(bad, np.nan, arr.real)
        arr = arr.astype(float)
        return np.where(np.isfinite(arr), arr, np.nan)

    def complex(self, arg: Any) -> np.ndarray | None:
        try:
            out = self._call(arg)
        except MibunError:
            raise
        except Exception:  # f does not take complex input (math.exp, float(x), comparisons, …)
            return None
        try:
            arr = np.asarray(out)
        except Exception:
            return None
        if arr.dtype.kind not in "biufc" or (self.shape is not None and arr.shape != self.shape):
            return None
        return arr.astype(complex)

    def at_point(self, arg: Any, where: str) -> np.ndarray:
        """f(arg) at the point the user asked about: outside the domain is a DomainError, not NaN."""
        try:
            out = self._call(arg)
        except MibunError:
            raise
        except DOMAIN_EXCEPTIONS as exc:
            raise DomainError("numeric.err.not_defined_at", f=self.name, where=where,
                              why=f"{type(exc).__name__}: {exc}") from None
        except TypeError as exc:
            raise InputError("numeric.err.calling_failed_typeerror_take", name=self.name, arg=arg, exc=exc) from None
        arr = self._to_array(out, arg)
        if arr.dtype.kind == "f" and arr.dtype.itemsize < 8:
            self.eps = max(self.eps, float(np.finfo(arr.dtype).eps))
        if arr.dtype.kind == "c" and np.any(arr.imag != 0):
            raise DomainError("numeric.err.complex_at", f=self.name, where=where, value=str(arr))
        arr = arr.real.astype(float) if arr.dtype.kind == "c" else arr.astype(float)
        if not np.all(np.isfinite(arr)):
            raise DomainError("numeric.err.not_finite_at", f=self.name, where=where,
                              value=str(arr if arr.ndim else float(arr)))
        return arr


__all__ = ["Counter", "as_function", "as_point", "as_points", "is_sympy", "DOMAIN_EXCEPTIONS"]
