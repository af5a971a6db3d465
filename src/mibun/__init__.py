"""mibun (미분): differentiation for deep learning — numerical, symbolic and automatic derivatives that
agree with each other and explain themselves, plus layers, losses and optimizers to train with them.

    import mibun as mb
    x = mb.tensor([[1.0, 2.0]], requires_grad=True)
    y = (mb.tanh(x) @ mb.tensor([[1.0], [2.0]])).sum()
    y.backward(); x.grad

Names are loaded on first use, so ``import mibun`` stays light (SymPy and matplotlib load only when a
symbolic or plotting feature is used).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# re-exported as mb.MibunError, …; __all__ below is computed, so the aliases mark them as public here
from mibun.errors import DomainError as DomainError
from mibun.errors import DTypeError as DTypeError
from mibun.errors import GraphError as GraphError
from mibun.errors import InputError as InputError
from mibun.errors import MibunError as MibunError
from mibun.errors import NotDifferentiableError as NotDifferentiableError
from mibun.errors import ParseError as ParseError
from mibun.errors import ShapeError as ShapeError

__version__ = "0.2.0"

_ENGINE = "mibun.autodiff"
# public name -> module that defines it (imported on first access)
_LAZY: dict[str, str] = {
    # tensors and graph
    **{n: _ENGINE for n in (
        "Tensor", "tensor", "no_grad", "enable_grad", "is_grad_enabled", "set_grad_enabled",
        "grad", "value_and_grad", "jacobian", "hessian", "vjp", "jvp", "gradcheck", "GradcheckReport",
        "zeros", "ones", "zeros_like", "ones_like", "arange", "randn", "rand", "full", "eye", "as_tensor",
        "neg", "abs", "exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "leaky_relu",
        "softplus", "maximum", "minimum", "where", "clip", "sum", "mean", "max", "min", "logsumexp",
        "softmax", "log_softmax", "reshape", "transpose", "concatenate", "stack", "split", "matmul",
        "add", "sub", "mul", "div", "pow", "square", "broadcast_to", "expand_dims", "squeeze", "flatten",
        "log1p", "expm1", "dot", "var", "std", "norm", "take", "pad", "astype", "getitem", "index_grad",
        "toposort", "apply", "defop", "safe_sqrt", "detect_anomaly",
        # NumPy's semantics (mibun.autodiff.np_array / np_math)
        "ravel", "atleast_1d", "atleast_2d", "atleast_3d", "hstack", "vstack", "row_stack", "dstack",
        "column_stack", "moveaxis", "swapaxes", "rollaxis", "flip", "fliplr", "flipud", "roll", "rot90", "repeat",
        "tile", "diagonal", "diag", "diagflat", "trace", "tril", "triu", "take_along_axis", "sort", "partition",
        "array_split", "hsplit", "vsplit", "dsplit", "vdot", "inner", "outer", "kron", "tensordot", "einsum",
        "cross", "prod", "cumsum", "cumprod", "diff", "ediff1d", "amax", "amin", "ptp", "average", "quantile",
        "percentile", "median", "nansum", "nanmean", "nanvar", "nanstd", "nanmax", "nanmin", "nanprod",
        "nancumsum", "nancumprod", "nanmedian", "exp2", "cbrt", "sinc", "sign", "floor", "ceil", "rint", "trunc",
        "hypot", "arctan2", "logaddexp", "logaddexp2", "fmod", "remainder", "reciprocal", "fabs", "float_power",
        "fmax", "fmin",
    )},
    # budgets (mibun.budget): time and size limits of user-facing computations
    "set_budget": "mibun.budget",
    "get_budget": "mibun.budget",
    "BudgetError": "mibun.budget",
    # later layers of the library
    "parse": "mibun.symbolic",
    "diff": "mibun.symbolic",
    "limit": "mibun.numeric",
    "check": "mibun.crosscheck",
    "explore": "mibun.serve.widget",
    "set_lang": "mibun.i18n",
    "get_lang": "mibun.i18n",
    "check_answer": "mibun.answers.check",
    "practice": "mibun.answers.practice",
    "check_backprop": "mibun.answers.backprop",
    # "explain" is the package mibun.explain, made callable (mb.explain(L) runs mibun.explain.explain):
    # a lazy name here would be overwritten by the submodule on import, or shadow it
}
_SUBMODULES = {"autodiff", "numeric", "symbolic", "nn", "optim", "train", "data", "plot", "explain",
               "diagnose", "viz", "interop", "i18n", "cli", "errors", "functions", "answers", "serve", "budget",
               "linalg", "numpy",
               "files"}


#: array backends by name, for code that evaluates formulas on arrays (mibun.symbolic.compile_expr): the
#: facade wires the layers together, so the symbolic side never names the engine it may run on
BACKENDS: dict[str, str] = {"mibun": _ENGINE}


def array_backend(name: str) -> Any:
    """The module of array functions called ``name`` ("mibun": the automatic engine's differentiable
    functions: every scalar function by name, ``maximum``, ``minimum``, ``where``, ``tensor``)."""
    if name not in BACKENDS:
        raise InputError("errors.unknown_backend", name=name, known=', '.join(sorted(BACKENDS)))
    return import_module(BACKENDS[name])


def _scalar_function_names() -> frozenset[str]:
    """``mb.<name>`` for every scalar function spec (mb.arcsin, mb.erf, …), made by the engine."""
    from mibun.functions import scalar_specs

    return frozenset(s.name for s in scalar_specs())


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        mod = import_module(f"mibun.{name}")
        globals()[name] = mod
        return mod
    if not name.startswith("_") and name in _scalar_function_names():
        value = getattr(import_module(_ENGINE), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mibun' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | _SUBMODULES)


__all__ = sorted(set(_LAZY) | {
    "explain", "MibunError", "ParseError", "ShapeError", "DTypeError", "GraphError", "InputError",
    "NotDifferentiableError", "DomainError", "__version__",
})
