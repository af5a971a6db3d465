"""What a student's line asks for, around the formula itself: Leibniz prefixes (``d/dx x^2``, ``d²/dx² …``,
``\\frac{d}{dx}``, ``∂/∂x``), ``dy/dx = …``, a trailing ``dx``, primes (``(x^2+1)'``, ``f(x) = x^3, f'(2)``,
``y = sin x, y''``), definitions (``y = …``, ``f(x) = …``) and equations (``x^2 + y^2 = 25, dy/dx``: implicit
differentiation). :func:`read` splits the line into statements and returns a :class:`Parsed`; the formula
parts go through the ordinary grammar (:func:`formula`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from mibun.errors import ParseError
from mibun.symbolic.parser.notes import Note, add

_VAR = r"[A-Za-z](?:_[A-Za-z0-9]+)?"
_ORD = r"(?:\^\{?\s*(\d)\s*\}?|([²³]))?"
_D = r"(?:d|∂|\\partial\b\s*)"
# d/dx, d²/dx², d^2/dx^2, ∂/∂x, dy/dx, d^2y/dx^2, ∂f/∂x
_SLASH = re.compile(rf"\s*(?P<d>{_D}){_ORD}\s*(?P<dep>[A-Za-z])?\s*/\s*{_D}\s*(?P<var>{_VAR})\s*{_ORD}")
# \frac{d}{dx}, \frac{d^2 y}{dx^2}, \frac{\partial f}{\partial x}
_FRAC = re.compile(rf"\s*\\[dt]?frac\s*\{{\s*(?P<d>{_D}){_ORD}\s*(?P<dep>[A-Za-z])?\s*\}}\s*"
                   rf"\{{\s*{_D}\s*(?P<var>{_VAR})\s*{_ORD}\s*\}}")
# y', y'', f'(x), f''(2), f'(π/2)
_PRIME = re.compile(r"\s*(?P<dep>[A-Za-z])(?P<primes>'+)\s*(?:\((?P<arg>[^()]*)\))?\s*$")
_DEF = re.compile(r"\s*(?:(?P<name>[A-Za-z](?:_\w+)?)|(?P<fname>[A-Za-z]\w*)\s*\(\s*(?P<args>[A-Za-z]\w*(?:\s*,\s*"
                  r"[A-Za-z]\w*)*)\s*\))\s*$")
_TRAILING_D = re.compile(rf"(?:(?<=[\s)\]}}*·])|(?<=\d))d(?P<var>{_VAR})\s*$")
_SPLIT = re.compile(r"[,;\n]|일\s*때|이면")


@dataclass
class Parsed:
    """A parsed line: ``expr`` (the formula, for a derivative request the function), the reading ``notes``,
    and what was asked: ``var`` and ``order`` of a derivative (``order`` 0: none), ``partial``, the
    ``dependent`` variable (y of dy/dx), an ``equation`` (lhs, rhs) for implicit differentiation, and a point
    ``at`` (f'(2))."""

    expr: sp.Basic
    notes: list[Note] = field(default_factory=list)
    var: str | None = None
    order: int = 0
    partial: bool = False
    dependent: str | None = None
    equation: tuple[sp.Expr, sp.Expr] | None = None
    at: dict[str, sp.Expr] | None = None

    @property
    def value(self) -> sp.Basic:
        """The SymPy object :func:`mibun.parse` returns: the formula, ``Eq(lhs, rhs)`` for an equation, an
        unevaluated ``Derivative`` for a derivative request."""
        if self.equation is not None:
            return sp.Eq(*self.equation, evaluate=False)
        if self.order and self.var is not None:
            var = _symbol_in(self.expr, self.var)
            return sp.Derivative(self.expr, (var, self.order), evaluate=False)
        return self.expr

    def text_notes(self, lang: str | None = None) -> list[str]:
        return [n.text(lang) for n in self.notes]


def _symbol_in(e: sp.Basic, name: str) -> sp.Symbol:
    for s in getattr(e, "free_symbols", ()):
        if s.name == name:
            return s
    return sp.Symbol(name)


def _order(m: re.Match, a: int, b: int) -> int:
    g = m.groups()
    for v in (g[a], g[b]):
        if v:
            return {"²": 2, "³": 3}.get(v) or int(v)
    return 1


def _leibniz(text: str) -> tuple[re.Match, str, int, bool] | None:
    """A Leibniz operator at the start of ``text``: (match, var, order, partial)."""
    for rx in (_SLASH, _FRAC):
        m = rx.match(text)
        if m:
            # groups: d, n1a, n1b, dep, var, n2a, n2b
            n1 = _order(m, 1, 2)
            n2 = _order(m, 5, 6)
            if n1 != n2:
                raise ParseError("symbolic.err.orders_derivative_do_not", m.start(),
                                 "symbolic.hint.write_d_y_dx", n1=n1, n2=n2)
            return m, m.group("var"), n1, m.group("d") != "d"
    return None


def _split(text: str) -> list[tuple[str, int]]:
    """Statements separated by ``,`` ``;`` a new line or 일 때, at bracket depth 0: (text, offset)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0:
            m = _SPLIT.match(text, i)
            if m:
                parts.append((text[start:i], start))
                start = i = m.end()
                continue
        i += 1
    parts.append((text[start:], start))
    return [(p, o) for p, o in parts if p.strip()]


Formula = Callable[[str, int], sp.Expr]


def read(text: str, formula: Formula, notes: list[Note]) -> Parsed:
    """Read a (normalized) line; ``formula(text, offset)`` parses one formula part."""
    parts = _split(text)
    if len(parts) <= 1:
        return _single(text, 0, formula, notes)
    definitions: dict[str, tuple[sp.Expr, list[str]]] = {}
    query: tuple[str, int, bool, str | None, Any] | None = None   # (var or '', order, partial, dep, at-arg)
    equation: tuple[sp.Expr, sp.Expr] | None = None
    plain: list[sp.Expr] = []
    for part, off in parts:
        q = _query(part)
        if q is not None:
            if query is not None:
                raise ParseError("symbolic.err.two_derivative_requests_one", off,
                                 "symbolic.hint.ask_one_derivative_time")
            query = q
            continue
        if "=" in part:
            lhs, rhs = part.split("=", 1)
            d = _definition(lhs)
            if d and "=" not in rhs:
                args = [a.strip() for a in (d.group("args") or "").split(",") if a.strip()]
                definitions[d.group("name") or d.group("fname")] = (formula(rhs, off + len(lhs) + 1), args)
                continue
            sub = _single(part, off, formula, notes)
            if sub.equation is not None:
                equation = sub.equation
                continue
            raise ParseError("symbolic.err.unexpected", off + len(lhs), "symbolic.hint.several_formulas", token="=")
        plain.append(formula(part, off))
    if query is None:
        raise ParseError("symbolic.err.several_formulas", parts[1][1], "symbolic.hint.several_formulas")
    qvar, order, partial, dep, arg = query
    var: str | None = qvar or None
    if equation is None and dep is not None:
        equation = _equation_in_disguise(definitions, dep)
    if equation is not None:
        lhs, rhs = equation
        return Parsed(lhs - rhs, notes, var=var or "x", order=order, dependent=dep or "y",
                      equation=equation)
    if dep is not None and dep in definitions:
        expr, args = definitions[dep]
        if not var:
            var = args[0] if args else None
    elif len(plain) == 1 and not definitions:
        expr = plain[0]
    elif len(definitions) == 1 and not plain:
        expr, args = next(iter(definitions.values()))
        var = var or (args[0] if args else None)
    else:
        raise ParseError("symbolic.err.undefined_function", None, "symbolic.hint.undefined_function",
                         name=dep or "f")
    at = None
    if arg is not None:
        v = var or _only_var(expr)
        try:
            value = formula(arg, 0)
        except ParseError:
            value = None
        if value is not None and not value.free_symbols:
            at = {v: value}
        var = v
    if order and var is None:
        var = _only_var(expr)
    return Parsed(expr, notes, var=var, order=order, partial=partial, dependent=dep, at=at)


def _equation_in_disguise(definitions: dict[str, tuple[sp.Expr, list[str]]],
                          dep: str) -> tuple[sp.Expr, sp.Expr] | None:
    """An equation written like a definition: ``y = x^y`` (the name on both sides) or ``x = sin y`` with
    dy/dx asked (the dependent variable on the right): (lhs, rhs) for implicit differentiation, else None."""
    for name, (rhs, args) in definitions.items():
        if args:                                         # f(x) = …: a definition
            continue
        found = {s.name: s for s in rhs.free_symbols}
        if name in found or (name != dep and dep in found):
            return found.get(name, sp.Symbol(name)), rhs
    return None


def _only_var(e: sp.Basic) -> str:
    names = sorted(s.name for s in e.free_symbols)
    return names[0] if len(names) == 1 else "x"


def _query(part: str) -> tuple[str, int, bool, str | None, Any] | None:
    """``dy/dx``, ``d²y/dx²``, ``y'``, ``f'(x)``, ``f''(2)`` standing alone: (var, order, partial, dep, arg)."""
    lz = _leibniz(part)
    if lz is not None:
        m, var, order, partial = lz
        if m.group("dep") and not part[m.end():].strip():
            return var, order, partial, m.group("dep"), None
        return None
    pm = _PRIME.match(part)
    if pm:
        arg = (pm.group("arg") or "").strip()
        var = arg if re.fullmatch(_VAR, arg) else ""
        return var, len(pm.group("primes")), False, pm.group("dep"), (arg if arg and not var else None)
    return None


def _single(text: str, off: int, formula: Formula, notes: list[Note]) -> Parsed:
    """One statement: a Leibniz prefix, ``dy/dx = …``, a bracket with primes, a trailing ``dx``, an equation or
    a definition, else a plain formula."""
    if text.lstrip().startswith("∫") or "\\int" in text:
        raise ParseError("symbolic.err.integral", off, "symbolic.hint.integral")
    lz = _leibniz(text)
    if lz is not None:
        m, var, order, partial = lz
        rest = text[m.end():]
        if m.group("dep"):                              # dy/dx = x^2
            if not rest.strip().startswith("="):
                raise ParseError("symbolic.err.after_d_d_write", off + m.end(),
                                 "symbolic.hint.leibniz_example", var=var, dep=m.group('dep'))
            eq = rest.index("=")
            expr = formula(rest[eq + 1:], off + m.end() + eq + 1)
            add(notes, "symbolic.note.leibniz_equation", dep=m.group("dep"), var=var)
            return Parsed(expr, notes, var=var, order=order, partial=partial, dependent=m.group("dep"))
        if not rest.strip():
            raise ParseError("symbolic.err.leibniz_empty", off + m.end(), "symbolic.hint.leibniz_empty", var=var)
        expr = formula(rest, off + m.end())
        return Parsed(expr, notes, var=var, order=order, partial=partial)
    stripped = text.rstrip()
    primes = len(stripped) - len(stripped.rstrip("'"))
    if primes:
        body = stripped[:-primes].rstrip()
        if body and body[-1] in ")]}" and _matching_open(body) == len(body) - len(body.lstrip()):
            start = len(body) - len(body.lstrip())
            expr = formula(body[start + 1:-1], off + start + 1)
            return Parsed(expr, notes, var=_only_var(expr), order=primes)
        raise ParseError("symbolic.err.prime", off + len(body), "symbolic.hint.prime")
    td = _TRAILING_D.search(text)
    if td and td.start() > 0 and text[:td.start()].strip():
        var = td.group("var")
        expr = formula(text[:td.start()].rstrip().rstrip("*·").rstrip(), off)
        if any(s.name == var for s in expr.free_symbols) or not expr.free_symbols:
            add(notes, "symbolic.note.trailing_d", var=var)
            return Parsed(expr, notes, var=var)
    if "=" in text:
        if text.count("=") > 1 or "==" in text:
            raise ParseError("symbolic.err.more_than_one", off + text.index("="), "symbolic.hint.one_equation_per_line")
        lhs_text, rhs_text = text.split("=", 1)
        eq = len(lhs_text)
        d = _definition(lhs_text)
        if d is not None:                                # y = x^2, f(x) = x^2: the right-hand side
            args = [a.strip() for a in (d.group("args") or "").split(",") if a.strip()]
            expr = formula(rhs_text, off + eq + 1)
            name = d.group("name") or d.group("fname")
            own = _equation_in_disguise({name: (expr, args)}, name)
            if own is not None:                          # y = x^y: y on both sides, an equation
                return Parsed(own[0] - own[1], notes, dependent=name, equation=own)
            return Parsed(expr, notes, var=args[0] if len(args) == 1 else None)
        lhs = formula(lhs_text, off)
        rhs = formula(rhs_text, off + eq + 1)
        if len(lhs.free_symbols | rhs.free_symbols) < 2:
            raise ParseError("symbolic.err.equation", off + eq, "symbolic.hint.equation")
        return Parsed(lhs - rhs, notes, equation=(lhs, rhs))
    return Parsed(formula(text, off), notes)


def _definition(lhs: str) -> re.Match | None:
    """``y`` or ``f(x)`` on the left of '=' (not ``sin(xy)``, a function applied)."""
    from mibun.symbolic.parser.names import FUNCTIONS

    d = _DEF.match(lhs)
    if d is None or (d.group("fname") and d.group("fname").lower() in FUNCTIONS | {"e", "pi"}):
        return None
    return d


def _matching_open(body: str) -> int:
    """The index of the bracket that opens the one closing ``body`` (−1 if unbalanced)."""
    depth = 0
    for i in range(len(body) - 1, -1, -1):
        c = body[i]
        if c in ")]}":
            depth += 1
        elif c in "([{":
            depth -= 1
            if depth == 0:
                return i
    return -1


__all__ = ["Parsed", "read"]
