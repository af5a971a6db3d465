"""Differentiation rules as data (the idea of SymPy's ``manualintegrate``): each rule application is a small
:class:`Step` — the rule's name, the expression, the variable, the general formula, its instantiation here
(what f, g, u, n are), the sub-steps and the result — produced by :func:`derive`, which matches the
expression, and printed separately (:mod:`mibun.symbolic.derivation`).

The outer derivative of every function with a spec (exp, ln, √, sin, …, arcsin, sinh, …, σ, softplus, relu,
|·|, erf, and the power u^v) comes from :mod:`mibun.functions`, the same description the automatic engine
differentiates with, so the two share one rule. Nothing here names a function one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import sympy as sp

from mibun import budget as _budget
from mibun.functions import FunctionSpec, by_sympy, get, scalar_specs
from mibun.symbolic import functions as mf
from mibun.symbolic.parser import div, is_held, mul, substitute

U = sp.Symbol("u")  # the specs' symbol


@dataclass(frozen=True)
class Math:
    """A formula given as text and LaTeX (for the general, index-notation steps of worked examples)."""

    text: str
    latex: str

    def __str__(self) -> str:
        return self.text


@dataclass(eq=False)
class Step:
    """One rule application. ``kind``: "d" (renders d/dx expr = result), "eq" (expr = result),
    "note" (only the text)."""

    rule: str
    expr: sp.Basic
    var: sp.Symbol | None
    result: sp.Basic
    formula: tuple[str, str] | None = None          # (Unicode text, LaTeX) of the general rule
    given: dict[str, sp.Basic] = field(default_factory=dict)   # the instantiation: {"u": 2*x - 4, "n": 3}
    substeps: list[Step] = field(default_factory=list)
    notes: list[tuple[str, dict]] = field(default_factory=list)   # (catalogue key, fields)
    kind: str = "d"
    partial: bool = False
    lhs: tuple[str, str] | None = None              # for kind "eq": a label (text, LaTeX) shown before "="

    def walk(self):
        """This step and all sub-steps, depth first."""
        yield self
        for s in self.substeps:
            yield from s.walk()

    def rules(self) -> set[str]:
        """The names of all rules used in this tree."""
        return {s.rule for s in self.walk()}


# ------------------------------------------------------------------ the formulas

FORMULAS: dict[str, tuple[str, str]] = {
    "constant": ("d/dx c = 0", r"\frac{d}{dx} c = 0"),
    "identity": ("d/dx x = 1", r"\frac{d}{dx} x = 1"),
    "constant_multiple": ("(c·f)′ = c·f′", r"(c\,f)' = c\,f'"),
    "sum": ("(f ± g)′ = f′ ± g′", r"(f \pm g)' = f' \pm g'"),
    "product": ("(f·g)′ = f′·g + f·g′", r"(f g)' = f' g + f g'"),
    "product_n": ("(f₁f₂⋯fₙ)′ = f₁′f₂⋯fₙ + f₁f₂′⋯fₙ + ⋯ + f₁f₂⋯fₙ′",
                  r"(f_1 f_2 \cdots f_n)' = \sum_{i} f_1 \cdots f_i' \cdots f_n"),
    "quotient": ("(f/g)′ = (f′·g − f·g′)/g²", r"\left(\frac{f}{g}\right)' = \frac{f' g - f g'}{g^{2}}"),
    "chain": ("d/dx f(u) = f′(u)·du/dx", r"\frac{d}{dx} f(u) = f'(u)\,\frac{du}{dx}"),
    "power": ("d/du uⁿ = n·uⁿ⁻¹", r"\frac{d}{du} u^{n} = n\,u^{n-1}"),
    "exp_base": ("d/du aᵘ = aᵘ·ln a", r"\frac{d}{du} a^{u} = a^{u} \ln a"),
    "log_base": ("d/du logₐ u = 1/(u·ln a)", r"\frac{d}{du} \log_{a} u = \frac{1}{u \ln a}"),
    "change_of_base": ("log_b u = ln u / ln b", r"\log_{b} u = \frac{\ln u}{\ln b}"),
    "general_power": ("y = fᵍ ⇒ ln y = g·ln f ⇒ y′/y = (g·ln f)′ ⇒ y′ = fᵍ·(g·ln f)′",
                      r"y = f^{g} \Rightarrow \ln y = g \ln f \Rightarrow \frac{y'}{y} = (g \ln f)'"
                      r" \Rightarrow y' = f^{g}\,(g \ln f)'"),
    "max": ("max(f, g)′ = { f′ (f > g); g′ (g > f) }",
            r"\max(f, g)' = \begin{cases} f' & f > g \\ g' & g > f \end{cases}"),
    "relu": ("relu′(u) = H(u) = { 1 (u > 0); 0 (u < 0) }",
             r"\operatorname{relu}'(u) = H(u) = \begin{cases} 1 & u > 0 \\ 0 & u < 0 \end{cases}"),
    "abs": ("|u|′ = sign(u) = { 1 (u > 0); −1 (u < 0) }",
            r"|u|' = \operatorname{sign}(u) = \begin{cases} 1 & u > 0 \\ -1 & u < 0 \end{cases}"),
    "min": ("min(f, g)′ = { f′ (f < g); g′ (g < f) }",
            r"\min(f, g)' = \begin{cases} f' & f < g \\ g' & g < f \end{cases}"),
}

# The outer derivative of every function with a spec (sin, arcsin, σ, erf, …) is the spec's own formula
# (mibun.functions): the symbolic and the automatic derivative share one rule. Built on first use.
@lru_cache(maxsize=1)
def spec_rules() -> dict[type, FunctionSpec]:
    """SymPy function class -> its :class:`~mibun.functions.FunctionSpec` (the functions derive() knows)."""
    return by_sympy()


def rule_name(spec: FunctionSpec) -> str:
    """The name of the rule a step records for ``spec`` (``sin``, ``ln``, ``asin``, …)."""
    return spec.rule_name or spec.name


def _families(*families: str) -> frozenset[str]:
    return frozenset(rule_name(s) for s in scalar_specs() if s.family in families)


TRIG = _families("trig")
HYPERBOLIC = _families("hyperbolic")
KINKED = frozenset({"relu", "abs"})


@cache
def registry_rule(op_name: str, i: int = 0):
    """(derivative in the spec's u (and v), rule text, rule LaTeX) for a described op."""
    op = get(op_name)
    _, d = op.sympy_rule(i)
    return d, op.rule_for(i), op.rule_for(i, latex=True)


# ------------------------------------------------------------------ the matcher


class Deriver:
    """Builds the step tree of d(expr)/d(var)."""

    def __init__(self, var: sp.Symbol, taken: set[str], partial: bool = False):
        self.var = var
        self.partial = partial
        self.taken = set(taken) | {var.name}
        self._names = iter(["u", "v", "w", "z", "p", "q", "r", "s"] + [f"u_{k}" for k in range(1, 1000)])

    def fresh(self) -> sp.Symbol:
        for name in self._names:
            if name not in self.taken:
                self.taken.add(name)
                return sp.Symbol(name)
        raise RuntimeError("out of names")  # pragma: no cover

    def step(self, rule, expr, result, var=None, **kw) -> Step:
        return Step(rule, expr, self.var if var is None else var, result, partial=self.partial, **kw)

    def derive(self, e: sp.Basic) -> Step:  # noqa: C901 - one branch per rule
        _budget.check("reliability.what.derivation")
        x = self.var
        if x not in e.free_symbols:
            notes = []
            others = sorted((s for s in e.free_symbols), key=str)
            if others:
                notes.append(("symbolic.held_constant", {"names": others, "var": x}))
            return self.step("constant", e, sp.Integer(0), formula=_in_var(FORMULAS["constant"], x), notes=notes)
        if e == x:
            return self.step("identity", e, sp.Integer(1), formula=_in_var(FORMULAS["identity"], x))
        if e.is_Add:
            subs = [self.derive(t) for t in e.as_ordered_terms()]  # in the order they are printed
            return self.step("sum", e, sp.Add(*[s.result for s in subs]), formula=FORMULAS["sum"], substeps=subs)
        if e.is_Mul:
            return self._mul(e)
        if e.is_Pow:
            return self._pow(e)
        if isinstance(e, mf.log_base):
            return self._log_base(e)
        if isinstance(e, (sp.Max, sp.Min)):
            return self._maxmin(e)
        if isinstance(e, sp.Function) and len(e.args) == 1 and type(e) in spec_rules():
            return self._unary(e)
        # anything else (Piecewise, Heaviside, …): SymPy's derivative, said so
        return self.step("other", e, sp.diff(e, x))

    # -- outer rules on a plain variable ------------------------------------------------------

    def _outer(self, e: sp.Basic, arg: sp.Basic, var: sp.Symbol) -> Step:
        """The rule for f(var) itself (no chain): e is f(var) with arg == var."""
        spec = spec_rules()[type(e)]
        rule = rule_name(spec)
        d, text, latex = registry_rule(spec.name)
        res = d.xreplace({U: var})
        notes = []
        if rule in KINKED:  # the derivative comes from the spec; the formula is written without words
            notes.append(("symbolic.kink", {"where": [sp.Eq(var, 0, evaluate=False)]}))
            text, latex = FORMULAS[rule]
        return self.step(rule, e, res, var=var, formula=(text, latex), given={"u": var}, notes=notes)

    def _chain(self, e: sp.Basic, inner: sp.Basic, make_outer) -> Step:
        """d/dx f(inner) = f'(u)·u' with u = inner named; make_outer(u_symbol) gives the outer Step."""
        u = self.fresh()
        outer = make_outer(u)
        inner_step = self.derive(inner)
        res = keep_bracket(rmul([substitute(outer.result, {u: inner}), inner_step.result]), inner)
        notes = []
        if outer.rule in KINKED:
            notes.append(("symbolic.kink", {"where": _kink_where(inner, self.var)}))
        return self.step("chain", e, res, formula=FORMULAS["chain"], given={str(u): inner},
                         substeps=[outer, inner_step], notes=notes)

    def _unary(self, e: sp.Basic) -> Step:
        arg = e.args[0]
        if arg == self.var:
            return self._outer(e, arg, self.var)
        return self._chain(e, arg, lambda u: self._outer(type(e)(u), u, u))

    # -- powers ---------------------------------------------------------------------------------

    def _power_outer(self, base_sym: sp.Symbol, n: sp.Basic) -> Step:
        if n == sp.S.Half:
            d, text, latex = registry_rule("sqrt")
            return self.step("sqrt", sp.sqrt(base_sym), d.xreplace({U: base_sym}), var=base_sym,
                             formula=(text, latex), given={"u": base_sym})
        d, _, _ = registry_rule("pow", 0)
        v = sp.Symbol("v")
        res = d.xreplace({U: base_sym, v: n})
        return self.step("power", sp.Pow(base_sym, n), res, var=base_sym, formula=FORMULAS["power"],
                         given={"u": base_sym, "n": n})

    def _exp_base_outer(self, a: sp.Basic, u: sp.Symbol) -> Step:
        d, _, _ = registry_rule("pow", 1)
        v = sp.Symbol("v")
        res = d.xreplace({U: a, v: u})
        return self.step("exp_base", sp.Pow(a, u), res, var=u, formula=FORMULAS["exp_base"], given={"a": a, "u": u})

    def _pow(self, e: sp.Pow) -> Step:
        x = self.var
        b, n = e.args
        if x not in n.free_symbols:  # u^n
            if b == x:
                return self._power_outer(x, n)
            return self._chain(e, b, lambda u: self._power_outer(u, n))
        if x not in b.free_symbols:  # a^u
            if n == x:
                return self._exp_base_outer(b, x)
            return self._chain(e, n, lambda u: self._exp_base_outer(b, u))
        # f^g: logarithmic differentiation
        lg = sp.Mul(n, sp.log(b, evaluate=False))
        sub = self.derive(lg)
        return self.step("general_power", e, e * sub.result, formula=FORMULAS["general_power"],
                         given={"f": b, "g": n}, substeps=[sub],
                         notes=[("symbolic.log_diff", {"f": b})])

    # -- products and quotients -----------------------------------------------------------------

    def _mul(self, e: sp.Mul) -> Step:
        x = self.var
        factors = e.args if is_held(e) else e.as_ordered_factors()
        const = [a for a in factors if x not in a.free_symbols]
        deps = [a for a in factors if x in a.free_symbols]
        if const:
            c = sp.Mul(*const)
            inner = mul(deps) if is_held(e) else (sp.Mul(*deps) if len(deps) > 1 else deps[0])
            if len(deps) > 1 and is_held(e):
                inner = sp.Mul(*deps, evaluate=False)
            sub = self.derive(inner)
            notes = []
            syms = sorted(c.free_symbols, key=str)
            if syms:
                notes.append(("symbolic.held_constant", {"names": syms, "var": x}))
            return self.step("constant_multiple", e, rmul([c, sub.result]), formula=FORMULAS["constant_multiple"],
                             given={"c": c, "f": inner}, substeps=[sub], notes=notes)
        dens = [a for a in deps if a.is_Pow and a.exp.is_number and a.exp.is_negative]
        nums = [a for a in deps if a not in dens]
        if dens and nums:
            num = nums[0] if len(nums) == 1 else sp.Mul(*nums)
            den = sp.Mul(*[sp.Pow(a.base, -a.exp) for a in dens])
            sn, sd = self.derive(num), self.derive(den)
            # kept as a quotient for the reader; evaluated later by the simplification step
            res = sp.Mul(sn.result * den - num * sd.result,
                         sp.Pow(sp.Pow(den, 2, evaluate=False), -1, evaluate=False), evaluate=False)
            return self.step("quotient", e, res, formula=FORMULAS["quotient"], given={"f": num, "g": den},
                             substeps=[sn, sd])
        subs = [self.derive(f) for f in deps]
        terms = []
        for i, s in enumerate(subs):
            terms.append(rmul([s.result if j == i else f for j, f in enumerate(deps)]))
        if len(deps) == 2:
            given, formula = {"f": deps[0], "g": deps[1]}, FORMULAS["product"]
        else:
            given, formula = {f"f_{i + 1}": f for i, f in enumerate(deps)}, FORMULAS["product_n"]
        return self.step("product", e, sp.Add(*terms), formula=formula, given=given, substeps=subs)

    # -- logs, max/min --------------------------------------------------------------------------

    def _log_base(self, e: mf.log_base) -> Step:
        x = self.var
        arg, base = e.args
        if x in base.free_symbols:
            rewritten = div(sp.log(arg, evaluate=False), sp.log(base, evaluate=False))
            sub = self.derive(rewritten)
            return self.step("change_of_base", e, sub.result, formula=FORMULAS["change_of_base"],
                             given={"b": base, "u": arg}, substeps=[sub])

        def outer(u):
            return self.step("log_base", mf.log_base(u, base), 1 / (u * sp.log(base)), var=u,
                             formula=FORMULAS["log_base"], given={"a": base, "u": u})

        if arg == x:
            return outer(x)
        return self._chain(e, arg, outer)

    def _maxmin(self, e) -> Step:
        rule = "max" if isinstance(e, sp.Max) else "min"
        args = list(e.args)
        subs = [self.derive(a) for a in args]
        terms = []
        for i, s in enumerate(subs):
            factor = sp.Integer(1)
            for j, a in enumerate(args):
                if j != i:
                    factor *= sp.Heaviside(args[i] - a) if rule == "max" else sp.Heaviside(a - args[i])
            terms.append(s.result * factor)
        notes: list[tuple[str, dict[str, Any]]] = [("symbolic.kink_maxmin", {})]
        return self.step(rule, e, sp.Add(*terms), formula=FORMULAS[rule], substeps=subs, notes=notes)


def _is_quotient_result(f: sp.Basic) -> bool:
    """The quotient rule's (f'g − fg')/g², kept unevaluated for the reader."""
    parts = f.args if f.is_Mul else (f,)
    return any(a.is_Pow and a.exp == -1 and a.base.is_Pow and a.base.exp == 2 for a in parts)


def keep_bracket(res: sp.Basic, inner: sp.Basic) -> sp.Basic:
    """``res`` with the chain rule's bracket back where SymPy multiplied a number into it: 2·(2x − 1)·2 is
    4·(2x − 1) and 2·(x² + 1)·2x is 4x·(x² + 1), as textbooks print them, not 8x − 4 and 2x·(2x² + 2)
    (found by comparing coefficients, no expansion)."""
    if not inner.is_Add:
        return res
    b = inner.as_coefficients_dict()
    out, changed = [], False
    for f in sp.Mul.make_args(res):
        q = None
        if f.is_Add:
            a = f.as_coefficients_dict()
            ratios = {a[k] / b[k] for k in b} if set(a) == set(b) else set()
            q = ratios.pop() if len(ratios) == 1 else None
        if q is not None and q.is_Number and q != 1:
            out += [q, inner]
            changed = True
        else:
            out.append(f)
    if not changed:
        return res
    number = sp.Mul(*[f for f in out if f.is_Number])
    rest = [f for f in out if not f.is_Number]
    if len(rest) == 1 and rest[0].is_Add:          # c·(bracket): SymPy would multiply c in again
        return rest[0] if number == 1 else sp.Mul(number, rest[0], evaluate=False)
    return sp.Mul(number, *rest)


def rmul(factors: list) -> sp.Basic:
    """A product of rule results: SymPy's evaluated product, except that a quotient-rule result stays a
    quotient."""
    if any(_is_quotient_result(f) for f in factors):
        return mul(factors)
    return sp.Mul(*factors)


def _kink_where(inner: sp.Basic, x: sp.Symbol) -> list:
    """[inner = 0, x = root, …]: where relu/abs of inner has its corner."""
    out = [sp.Eq(inner, 0, evaluate=False)]
    if inner.free_symbols == {x}:
        try:
            poly = sp.Poly(inner, x)
        except sp.PolynomialError:
            return out
        if poly.degree() <= 2:
            out += [sp.Eq(x, r, evaluate=False) for r in sp.solve(inner, x) if r.is_real]
    return out


def derive(expr: sp.Basic, var: sp.Symbol, partial: bool | None = None) -> Step:
    """The step tree of d(expr)/d(var); with other free symbols it is a partial derivative."""
    others = sorted((s for s in expr.free_symbols if s != var), key=str)
    is_partial = bool(others) if partial is None else partial
    d = Deriver(var, {s.name for s in expr.free_symbols}, partial=is_partial)
    main = d.derive(expr)
    if not others:
        return main
    return Step("partial", expr, var, main.result, substeps=[main], partial=True,
                notes=[("symbolic.partial_note", {"var": var, "names": others})])


__all__ = ["Step", "Math", "Deriver", "derive", "FORMULAS", "TRIG", "HYPERBOLIC", "KINKED", "registry_rule",
           "spec_rules", "rule_name"]


def _in_var(formula: tuple[str, str], var: sp.Symbol) -> tuple[str, str]:
    """A rule formula written with x, restated with the variable actually used (d/dy y = 1, d/dt c = 0)."""
    name = str(var)
    if name == "x":
        return formula
    text, tex = formula
    tex_name = sp.latex(var)
    return (text.replace("d/dx x", f"d/d{name} {name}").replace("d/dx", f"d/d{name}"),
            tex.replace(r"\frac{d}{dx} x", rf"\frac{{d}}{{d{tex_name}}} {tex_name}")
               .replace(r"\frac{d}{dx}", rf"\frac{{d}}{{d{tex_name}}}"))

