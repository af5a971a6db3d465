"""The op registry: every primitive is defined once, here, with everything the library needs to know
about it (the HIPS-autograd ``defvjp`` idea, plus the calculus as data):

* ``forward(*arrays, **params)``: the NumPy computation;
* ``vjps``: one vector-Jacobian product per input, ``vjp(ns, g, out, *inputs, **params)``, written with
  the namespace ``ns`` — raw NumPy (the fast path) or mibun's own differentiable functions (when a
  graph of the gradient is wanted: ``create_graph=True``, nested ``grad``, ``hessian``). One text, two
  uses. ``out`` is the op's output (array or Tensor). Broadcasting is undone by the engine, not here;
* ``jvps``: one Jacobian-vector product per input, ``jvp(t, out, *inputs, **params)`` on raw arrays
  (forward mode);
* the derivative rule as calculus: for elementwise ops a SymPy ``formula(sp, *symbols)`` and its
  ``derivatives`` (one per input, tested against ``sympy.diff`` of the formula); for every op a
  human rule per input (``rule`` in Unicode, ``rule_latex``) that explanations show.

SymPy is never imported here: formulas are functions that receive the ``sympy`` module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mibun.errors import InputError


@dataclass(eq=False)
class Op:
    """One primitive operation. See the module docstring for the meaning of each field."""

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
    #: extra advice added to a ShapeError raised by the forward
    shape_hint: str = ""

    def __repr__(self) -> str:
        return f"<op {self.name}>"

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


REGISTRY: dict[str, Op] = {}


def defop(name: str, forward: Callable[..., Any], vjps, jvps=None, **info: Any) -> Op:
    """Register a primitive and return it. ``vjps``/``jvps``: one function per input (a tuple)."""
    if name in REGISTRY:
        raise InputError(f"an op named {name!r} is already registered; choose another name")
    vj = tuple(vjps) if isinstance(vjps, (tuple, list)) else (vjps,)
    jv = None if jvps is None else (tuple(jvps) if isinstance(jvps, (tuple, list)) else (jvps,))
    op = Op(name=name, forward=forward, vjps=vj, jvps=jv, **info)
    REGISTRY[name] = op
    return op


def get(name: str) -> Op:
    """The registered op called ``name`` (KeyError-free: raises InputError listing the known ops)."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise InputError(f"no op named {name!r}; known ops: {', '.join(sorted(REGISTRY))}") from None


def elementwise_ops() -> list[Op]:
    """The ops that act elementwise and carry a SymPy formula and derivative."""
    return [op for op in REGISTRY.values() if op.elementwise and op.formula is not None]


__all__ = ["Op", "REGISTRY", "defop", "get", "elementwise_ops"]
