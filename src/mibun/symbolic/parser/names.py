"""Every name the parser knows, in one place: functions (and what builds them), aliases, Greek letters, and
words that only appear in pasted code. The lexer and the grammar ask :func:`builder` and :func:`is_function`;
nothing else restates the tables."""

from __future__ import annotations

import keyword
from collections.abc import Callable

import sympy as sp

from mibun.functions import name_tables


def _spec_builder(spec):
    return lambda a, evaluate=False: spec.sympy_call(a, evaluate=evaluate)


# name -> builder of one argument: every name (and LaTeX command) a function spec lists (mibun.functions),
# plus the parser's own (inverse-function spellings, cbrt)
_SPEC_TABLES = name_tables()
_UNARY: dict[str, Callable[..., sp.Expr]] = {
    name: _spec_builder(spec)
    for table in (_SPEC_TABLES["names"], _SPEC_TABLES["latex"]) for name, spec in table.items()
    if name.isascii() and name.isalpha()
}
_UNARY.update({
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "asinh": sp.asinh, "acosh": sp.acosh, "atanh": sp.atanh,
    "cbrt": lambda a, evaluate=False: sp.Pow(a, sp.Rational(1, 3)),
})
_ALIASES = {"σ": "sigma", "ReLU": "relu", "Relu": "relu", "Abs": "abs", "Max": "max", "Min": "min"}
_VARIADIC = {"max": sp.Max, "min": sp.Min}
FUNCTIONS = frozenset(_UNARY) | frozenset(_VARIADIC) | {"ReLU", "Relu", "Abs", "Max", "Min"}
_GREEK = ("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "iota", "kappa",
          "mu", "nu", "xi", "rho", "tau", "phi", "varphi", "chi", "psi", "omega", "Delta", "Gamma",
          "Theta", "Phi", "Psi", "Omega", "Lambda", "Sigma")
_UNICODE_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
                  "η": "eta", "θ": "theta", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
                  "ρ": "rho", "τ": "tau", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega"}
# names that only show up when someone pastes code, never in a formula
_CODE_WORDS = frozenset(keyword.kwlist) | {
    "eval", "exec", "compile", "open", "getattr", "setattr", "delattr", "globals", "locals", "vars",
    "import", "builtins", "os", "sys", "subprocess", "system", "input", "print", "type", "object",
    "range", "len", "dir", "help", "breakpoint", "sympify", "parse_expr", "factorial", "gamma_fn",
}
_NO_FUNCTION = {"factorial": "symbolic.hint.no_factorial", "diff": "symbolic.hint.no_diff",
                "integrate": "symbolic.hint.no_integrate"}
_LATEX_FUNCS = {name for name in _SPEC_TABLES["latex"] if name.isalpha()} | {"max", "min"}
_LATEX_SKIP = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "displaystyle",
               "mathrm", "operatorname", "text", "mathit", "textrm"}

#: f⁻¹ read as the inverse function (sin⁻¹ x = arcsin x)
INVERSE = {"sin": "asin", "cos": "acos", "tan": "atan", "sinh": "asinh", "cosh": "acosh", "tanh": "atanh"}


def is_function(name: str) -> bool:
    """True when ``name`` (as typed, aliases included) is a known function."""
    return name in FUNCTIONS


def canonical(name: str) -> str:
    """The canonical name of a function name as typed (``ReLU`` → ``relu``, ``σ`` → ``sigma``)."""
    return _ALIASES.get(name, name)


def is_variadic(name: str) -> bool:
    return name in _VARIADIC


def builder(name: str) -> Callable[..., sp.Expr]:
    """The SymPy constructor for a canonical function name (called with ``evaluate=False``)."""
    return _VARIADIC[name] if name in _VARIADIC else _UNARY[name]


def known_names() -> list[str]:
    """The canonical function names, sorted (for error hints)."""
    return sorted(_UNARY | _VARIADIC)


def suggest(word: str) -> str | None:
    """The known function a mistyped name most likely means (``sinn`` → ``sin``), or None."""
    import difflib

    low = word.lower()
    names = sorted(FUNCTIONS | {"arcsin", "arccos", "arctan"})
    for name in names:  # sinn, coss, tann: a function name with letters added at the end
        if low.startswith(name) and len(name) >= 3 and len(low) - len(name) <= 1 and low not in FUNCTIONS:
            if not any(n2 != name and low.startswith(n2) and len(n2) > len(name) for n2 in names):
                return name
    close = difflib.get_close_matches(low, names, n=1, cutoff=0.75)
    return close[0] if close else None
