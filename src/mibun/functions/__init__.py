"""One home per function: every function mibun knows is described once, here, and every layer reads the
description (the engine's op registry, the parser's names, the rule-based differentiator, the printers,
compile-to-NumPy, explain, viz, plot and the language catalogues).

Two tiers (:mod:`mibun.functions.spec`):

* :class:`FunctionSpec` — a scalar function y = f(u) with all fields: NumPy forward, f′ written over a
  namespace (VJP and JVP), SymPy counterpart and derivative, parser names (``asin``, ``arcsin``,
  ``\\arcsin``), text and LaTeX printing (``arcsin``), domain, Korean and English names;
* :class:`Op` (also called :data:`ArrayOpSpec`) — an array op (sum, softmax, einsum, …) whose symbolic
  and language fields are optional.

One module per family: :mod:`~mibun.functions.arithmetic`, :mod:`~mibun.functions.elementary`,
:mod:`~mibun.functions.trig`, :mod:`~mibun.functions.hyperbolic`, :mod:`~mibun.functions.activations`,
:mod:`~mibun.functions.special`. Importing this package loads NumPy, never SymPy or the engine.
Adding a function is one :func:`scalar` call in its family module plus its tests (docs/functions.md).
"""

from __future__ import annotations

from mibun.functions import activations, arithmetic, elementary, hyperbolic, special, trig  # noqa: F401
from mibun.functions.numpy_ns import NP
from mibun.functions.spec import REALS, REGISTRY, ArrayOpSpec, Domain, FunctionSpec, Op, defop, get, register, scalar

FAMILIES = ("arithmetic", "elementary", "trig", "hyperbolic", "activations", "special")


def specs() -> list[Op]:
    """Every op described in this package (both tiers), in family order."""
    order = {f: i for i, f in enumerate(FAMILIES)}
    return sorted((op for op in REGISTRY.values() if op.family in order), key=lambda op: order[op.family])


def scalar_specs() -> list[FunctionSpec]:
    """The scalar functions (sin, arcsin, σ, erf, …), in family order."""
    return [op for op in specs() if isinstance(op, FunctionSpec)]


def spec(name: str) -> FunctionSpec:
    """The scalar function called ``name`` (canonical name or any parser name)."""
    tables = name_tables()
    if name in tables["names"]:
        return tables["names"][name]
    op = get(name)
    if not isinstance(op, FunctionSpec):
        from mibun.errors import InputError

        raise InputError("functions.not_scalar", name=name)
    return op


def name_tables() -> dict[str, dict[str, FunctionSpec]]:
    """The names the parser reads: ``{"names": {name: spec}, "latex": {command: spec}}``.

    ``names`` holds every Python/calculator name and alias (``arcsin``, ``asin``, ``ln``, ``log``, ``σ``);
    ``latex`` every LaTeX command name without its backslash (``arcsin`` for ``\\arcsin``)."""
    names: dict[str, FunctionSpec] = {}
    latex: dict[str, FunctionSpec] = {}
    for s in scalar_specs():
        for n in s.parse_names:
            names.setdefault(n, s)
        for n in s.latex_names:
            latex.setdefault(n, s)
    return {"names": names, "latex": latex}


def rule_words(rule: str, lang: str | None = None) -> str:
    """The name of a derivative rule in words: the catalogue's ``rule.<rule>``, else, for a function's own
    rule, "derivative of the <function's name>" from its spec (so a new function needs no catalogue entry)."""
    from mibun.i18n import catalogue, resolve_lang, t

    code = resolve_lang(lang)
    key = f"rule.{rule}"
    if key not in catalogue(code) and key not in catalogue("en"):
        for s in scalar_specs():
            if (s.rule_name or s.name) == rule:
                return t("functions.rule", code, name=s.name_in(code))
    return t(key, code)


def by_ufunc() -> dict:
    """NumPy ufunc -> its scalar spec (``np.arcsin`` -> arcsin), for code that routes NumPy calls on Tensors
    to mibun's functions (``__array_ufunc__``)."""
    import numpy as np

    return {s.forward: s for s in scalar_specs() if isinstance(s.forward, np.ufunc)}


def by_sympy() -> dict[type, FunctionSpec]:
    """SymPy function class -> its spec (imports SymPy). Functions built from others (log₂ = log_b(u, 2))
    are not in it."""
    out: dict[type, FunctionSpec] = {}
    for s in scalar_specs():
        cls = s.sympy_class() if s.sympy is not None else None
        if cls is not None:
            out.setdefault(cls, s)
    return out


__all__ = ["FunctionSpec", "Op", "ArrayOpSpec", "Domain", "REALS", "REGISTRY", "NP", "defop", "scalar", "register",
           "get", "spec", "specs", "scalar_specs", "name_tables", "by_sympy", "by_ufunc", "rule_words",
           "FAMILIES"]
