"""The two tiers of function description: :class:`Op` (an array op) and :class:`FunctionSpec` (a scalar
mathematical function, an :class:`Op` with every field filled in).

An **array op** (einsum, softmax, reshape, the arithmetic) knows

* ``forward(*arrays, **params)``: the NumPy computation;
* ``vjps``: one vector-Jacobian product per input, ``vjp(ns, g, out, *inputs, **params)``, written with
  the namespace ``ns`` — raw NumPy (the fast path) or mibun's own differentiable functions (when a graph
  of the gradient is wanted: ``create_graph=True``, nested ``grad``, ``hessian``). One text, two uses.
  ``out`` is the op's output. Broadcasting is undone by the engine, never here;
* ``jvps``: one Jacobian-vector product per input, ``jvp(t, out, *inputs, **params)`` on raw arrays;
* optionally the calculus: a SymPy ``formula(sp, *symbols)`` with its ``derivatives``, and a human rule
  per input (``rule`` in Unicode, ``rule_latex``) that explanations show.

A **scalar function** y = f(u) adds what every other layer needs: its SymPy counterpart, its derivative
as a formula, the names the parser reads (``asin``, ``arcsin``, LaTeX ``\\arcsin``), how it prints
(``arcsin``, never ``asin``), its domain, and its names in Korean and English. Its VJP ḡ·f′(u) and JVP
ṫ·f′(u) both come from one ``local(ns, out, x)`` = f′(x).

Neither the engine nor SymPy is imported here: rules are callables that receive a namespace (``ns``)
or the ``sympy`` module (``sp``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mibun.errors import InputError
from mibun.functions.numpy_ns import NP


@dataclass(eq=False)
class Op:
    """One primitive operation (the array-op tier). See the module docstring for each field."""

    name: str
    forward: Callable[..., Any]
    vjps: tuple[Callable[..., Any], ...]
    jvps: tuple[Callable[..., Any], ...] | None = None
    #: n-ary ops (concatenate) have a single vjp/jvp that receives the input index first
    nary: bool = False
    elementwise: bool = False
    formula: Callable[..., Any] | None = None
    derivatives: tuple[Callable[..., Any], ...] | None = None
    rule: tuple[str, ...] = ()
    rule_latex: tuple[str, ...] = ()
    #: how the op is written, for explanations: "tanh({0})", "{0} · {1}"
    template: str = ""
    #: words for the op in explanations, per language
    title: dict[str, str] = field(default_factory=dict)
    #: extra advice added to a ShapeError raised by the forward: a catalogue key (``engine.hint.*``,
    #: shown in the error's language) or plain text
    shape_hint: str = ""
    #: the op's symbol in drawings of the graph ("+", "×", "Σ"); "" = its name
    symbol: str = ""
    #: the family module the op is described in ("arithmetic", "trig", …; "" for engine-only ops)
    family: str = ""

    def __repr__(self) -> str:
        return f"<op {self.name}>"

    @property
    def is_scalar(self) -> bool:
        """True for the scalar tier (:class:`FunctionSpec`)."""
        return False

    def vjp(self, i: int, ns: Any, g: Any, out: Any, inputs: tuple, params: dict,
            vjps: tuple[Callable[..., Any], ...] | None = None) -> Any:
        """ḡ·∂out/∂(input i): the VJP of input ``i`` (``vjps``: replacements for this op's own, as in
        guided backprop). The one place the n-ary calling convention (index first) is decided."""
        fs = self.vjps if vjps is None else vjps
        if self.nary:
            return fs[0](ns, g, out, i, *inputs, **params)
        return fs[i](ns, g, out, *inputs, **params)

    def jvp(self, i: int, t: Any, out: Any, inputs: tuple, params: dict) -> Any:
        """∂out/∂(input i)·ṫ on raw arrays: the JVP of input ``i`` (caller checks ``jvps`` is not None)."""
        assert self.jvps is not None
        if self.nary:
            return self.jvps[0](t, out, i, *inputs, **params)
        return self.jvps[i](t, out, *inputs, **params)

    def rule_for(self, i: int = 0, latex: bool = False) -> str:
        """The derivative rule of the output with respect to input ``i``."""
        rules = self.rule_latex if latex else self.rule
        if not rules:
            return ""
        return rules[i] if i < len(rules) else rules[-1]

    def sympy_rule(self, i: int = 0):
        """(formula, derivative) as SymPy expressions in the plain symbols ``Symbol("u")`` (unary) or
        u, v (binary), or None. Callers substitute u := inner expression."""
        if self.formula is None or self.derivatives is None:
            return None
        import sympy as sp

        syms = sp.symbols("u v")[: len(self.derivatives)]

        def expr(v):  # the registry's own constants (e.g. the int 1) as SymPy numbers
            return sp.Integer(v) if isinstance(v, int) else v

        return expr(self.formula(sp, *syms)), expr(self.derivatives[i](sp, *syms))


#: the array-op tier by its descriptive name
ArrayOpSpec = Op


@dataclass(frozen=True)
class Domain:
    """Where a real function is defined: the interval (lo, hi) (``closed`` ends included) minus the points
    where ``excluded(np, x)`` is true (poles: tan at π/2 + kπ). ``text`` is how it is written."""

    lo: float = -math.inf
    hi: float = math.inf
    closed: tuple[bool, bool] = (False, False)
    excluded: Callable[[Any, Any], Any] | None = None
    text: str = "ℝ"

    def contains(self, x: Any) -> Any:
        """A boolean mask (or bool): x lies in the domain."""
        import numpy as np

        x = np.asarray(x, dtype=float)
        lo_ok = x >= self.lo if self.closed[0] else x > self.lo
        hi_ok = x <= self.hi if self.closed[1] else x < self.hi
        ok = lo_ok & hi_ok
        if self.excluded is not None:
            ok = ok & ~np.asarray(self.excluded(np, x), dtype=bool)
        return ok


REALS = Domain()


@dataclass(eq=False, repr=False)
class FunctionSpec(Op):
    """A scalar function y = f(u) (the scalar tier): an :class:`Op` plus everything the symbolic side,
    the printers and the languages need. Build it with :func:`mibun.functions.scalar`."""

    #: f′(x) written with the namespace ``ns`` (``local(ns, out, x)``); the VJP is ḡ·f′, the JVP ṫ·f′
    local: Callable[..., Any] | None = None
    #: ``sympy(sp)``: SymPy's function (class or callable of one argument): ``lambda sp: sp.asin``
    sympy: Callable[[Any], Any] | None = None
    #: ``derivative(sp, u)``: f′(u) as a SymPy expression
    derivative: Callable[..., Any] | None = None
    #: names the parser reads as this function (Python and calculator input), canonical first
    parse_names: tuple[str, ...] = ()
    #: LaTeX command names (without the backslash) read as this function: ("arcsin",)
    latex_names: tuple[str, ...] = ()
    #: how the function prints as plain text ("arcsin") and in LaTeX (r"\arcsin")
    text: str = ""
    latex: str = ""
    domain: Domain = REALS
    #: the function's name in words, per language: {"ko": "아크사인", "en": "arcsine"}
    names: dict[str, str] = field(default_factory=dict)
    #: points (a range) where tests and plots sample the function comfortably inside its domain
    sample: tuple[float, float] = (-2.0, 2.0)
    #: a NumPy form that also accepts complex input (complex-step differentiation), when ``forward`` does not
    complex_forward: Callable[..., Any] | None = None
    #: the name of a rule the symbolic side uses for this function (its steps' rule key); default: name
    rule_name: str = ""

    @property
    def is_scalar(self) -> bool:
        return True

    def sympy_function(self):
        """SymPy's function for f (imports SymPy)."""
        import sympy as sp

        assert self.sympy is not None
        return self.sympy(sp)

    def sympy_class(self):
        """The SymPy class whose instances are f(u), or None when f(u) is built from others (log₂)."""
        import sympy as sp

        f = self.sympy_function()
        return f if isinstance(f, sp.FunctionClass) else None

    def sympy_call(self, arg: Any, evaluate: bool = True) -> Any:
        """f(arg) as a SymPy expression (``evaluate=False`` keeps it as written, for the parser)."""
        f = self.sympy_function()
        try:
            return f(arg, evaluate=evaluate)
        except TypeError:  # a plain callable (log₂ u = log_b(u, 2)) takes the argument only
            return f(arg)

    def name_in(self, lang: str) -> str:
        """The function's name in words, in ``lang`` (English when that language has none)."""
        return self.names.get(lang) or self.names.get("en", self.name)


REGISTRY: dict[str, Op] = {}


def register(op: Op) -> Op:
    """Add ``op`` to the registry under its name (a second op of the same name is refused)."""
    if op.name in REGISTRY:
        raise InputError("functions.err.op_named_already_registered", name=op.name)
    REGISTRY[op.name] = op
    return op


def _tuple(fs):
    return tuple(fs) if isinstance(fs, (tuple, list)) else (fs,)


def defop(name: str, forward: Callable[..., Any], vjps, jvps=None, **info: Any) -> Op:
    """Register an array op and return it. ``vjps``/``jvps``: one function per input (a tuple)."""
    op = Op(name=name, forward=forward, vjps=_tuple(vjps), jvps=None if jvps is None else _tuple(jvps), **info)
    return register(op)


def rules_from_local(local: Callable[..., Any], safe: bool = False) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The VJP ḡ·f′(x) and the JVP ṫ·f′(x) of a unary function from its local derivative
    ``local(ns, out, x)`` = f′(x) (the JVP on the raw NumPy namespace). ``safe``: f′ may be ±inf/NaN where
    the branch is unused (g = 0), so the VJP multiplies with ``ns.safe_mul``."""
    if safe:
        def vjp(ns, g, out, x):
            return ns.safe_mul(g, local(ns, out, x))
    else:
        def vjp(ns, g, out, x):
            return g * local(ns, out, x)

    def jvp(t, out, x):
        return t * local(NP, out, x)

    return vjp, jvp


def scalar(name: str, forward: Callable[..., Any], local: Callable[..., Any], *, safe: bool = False,
           **info: Any) -> FunctionSpec:
    """Register the scalar function ``name`` and return its spec.

    ``local(ns, out, x)`` is f′(x); the VJP is ḡ·f′(x) and the JVP ṫ·f′(x) (on the raw NumPy
    namespace ``NP``, where the function is added under its name). ``safe``: f′ may be ±inf/NaN where
    the branch is unused (g = 0), so the VJP multiplies with ``ns.safe_mul``. Other keywords are
    :class:`FunctionSpec` fields.
    """
    vjp, jvp = rules_from_local(local, safe)
    for key in ("rule", "rule_latex"):  # one input: the rule may be given as a string
        if isinstance(info.get(key), str):
            info[key] = (info[key],)
    sym, der = info.get("sympy"), info.get("derivative")
    if sym is not None:
        info.setdefault("formula", lambda sp, u: sym(sp)(u))
    if der is not None:
        info.setdefault("derivatives", (der,))
    text = info.setdefault("text", name)
    info.setdefault("template", f"{text}({{0}})")
    info.setdefault("parse_names", (name,))
    info.setdefault("title", dict(info.get("names", {})))  # the op's words in explanations
    spec = FunctionSpec(name=name, forward=forward, vjps=(vjp,), jvps=(jvp,), elementwise=True, local=local,
                        **info)
    register(spec)
    if not hasattr(NP, name):
        setattr(NP, name, forward)
    return spec


def get(name: str) -> Op:
    """The registered op called ``name`` (raises InputError listing the known ops)."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise InputError("functions.err.no_op_named_known", name=name, known=', '.join(sorted(REGISTRY))) from None


__all__ = ["Op", "ArrayOpSpec", "FunctionSpec", "Domain", "REALS", "REGISTRY", "register", "defop", "scalar",
           "rules_from_local",
           "get"]
