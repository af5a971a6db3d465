"""The Derivation: a derivative with its steps, verified against SymPy, rendered as text, LaTeX, HTML or a
JSON-ready dict in Korean or English (all words from the message catalogues in :mod:`mibun.i18n`).

    d = mb.diff("x^2 + 3xy + y - 3", "x")
    d.result          # 2*x + 3*y
    d.at(x=4, y=-2)   # 2
    print(d.text("ko"))
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from mibun.errors import InputError, NotDifferentiableError
from mibun.i18n import resolve_lang, t
from mibun.symbolic import functions as mf
from mibun.symbolic.compile import compile_expr
from mibun.symbolic.parser import evaluate, hide_constants, parse, substitute
from mibun.symbolic.rules import Math, Step, derive
from mibun.symbolic.spec_printing import function_latex, function_text


class VerificationError(RuntimeError):
    """Internal error: a derivation disagrees with SymPy's derivative (a bug in mibun; please report it)."""


# ------------------------------------------------------------------ printing


class TextPrinter(StrPrinter):
    """Plain-text math for students: x^2, 3·x·y, e^(2·x), ln(x), log_2(x), σ(x), |x|."""

    printmethod = "_mibun_text"

    def _print_exp(self, e):
        a = e.args[0]
        s = self._print(a)
        simple = (a.is_Symbol and len(a.name) == 1) or (a.is_Integer and a >= 0)
        return f"e^{s}" if simple else f"e^({s})"

    def _print_log(self, e):
        return f"ln({self._print(e.args[0])})"

    def _print_log_base(self, e):
        return f"log_{self._print(e.args[1])}({self._print(e.args[0])})"

    def _print_Function(self, e):  # every function with a spec prints as its spec says: arcsin(x), σ(x)
        return function_text(e, [self._print(a) for a in e.args]) or super()._print_Function(e)

    _print_sigmoid = _print_softplus = _print_relu = _print_Function

    def _print_Abs(self, e):
        return f"|{self._print(e.args[0])}|"

    def _print_Max(self, e):
        return f"max({', '.join(self._print(a) for a in e.args)})"

    def _print_Min(self, e):
        return f"min({', '.join(self._print(a) for a in e.args)})"

    def _print_Heaviside(self, e):
        return f"H({self._print(e.args[0])})"

    def _print_Pow(self, e, rational=False):
        if isinstance(e.base, sp.exp) and e.exp != -1:
            return f"({self._print(e.base)})**{self.parenthesize(e.exp, 60)}"
        return super()._print_Pow(e, rational)

    def _print_Limit(self, e):
        expr, z, z0 = e.args[:3]
        return f"lim_{{{self._print(z)}→{self._print(z0)}}} ({self._print(expr)})"

    def _print_Relational(self, e):
        op = {"==": "=", "!=": "≠", "<=": "≤", ">=": "≥"}.get(e.rel_op, e.rel_op)
        return f"{self._print(e.lhs)} {op} {self._print(e.rhs)}"

    def _print_ImmutableDenseMatrix(self, m):
        rows = ["[" + ", ".join(self._print(v) for v in m.row(i)) + "]" for i in range(m.rows)]
        return "[" + ", ".join(rows) + "]" if m.cols > 1 else "[" + ", ".join(self._print(v) for v in m) + "]"

    _print_MutableDenseMatrix = _print_ImmutableDenseMatrix


_TP = TextPrinter()


def text_of(e: Any) -> str:
    """An expression as plain text (x^2, 3·x·y, e^(2·x))."""
    if isinstance(e, Math):
        return e.text
    if isinstance(e, (list, tuple)):
        return ", ".join(text_of(v) for v in e)
    if not isinstance(e, sp.Basic) and not isinstance(e, sp.MatrixBase):
        return str(e)
    s = _TP.doprint(e)
    return s.replace("**", "^").replace("*", "·").replace("sqrt(", "√(")


def latex_of(e: Any) -> str:
    if isinstance(e, Math):
        return e.latex
    if isinstance(e, (list, tuple)):
        return ", ".join(latex_of(v) for v in e)
    if not isinstance(e, sp.Basic) and not isinstance(e, sp.MatrixBase):
        return str(e)
    return _LP.doprint(e)


class _Latex(LatexPrinter):
    def _print_Function(self, e, exp=None):  # \arcsin, \operatorname{arcsinh}: as the function's spec says
        if not hasattr(e, "_latex"):
            out = function_latex(e, [self._print(a) for a in e.args], exp)
            if out is not None:
                return out
        return super()._print_Function(e, exp)

    def _print_Heaviside(self, e, exp=None):
        s = rf"H\left({self._print(e.args[0])}\right)"
        return rf"{s}^{{{exp}}}" if exp else s


_LP = _Latex({"ln_notation": True})


def _dvar(var, partial: bool, latex: bool, name_only: bool = False) -> str:
    v = latex_of(var) if latex else text_of(var)
    if latex:
        return rf"\frac{{\partial}}{{\partial {v}}}" if partial else rf"\frac{{d}}{{d{v}}}"
    return f"∂/∂{v}" if partial else f"d/d{v}"


def _wrap(s: str, e: sp.Basic) -> str:
    simple = (e.is_Atom and not (e.is_Number and e.is_negative)) or isinstance(e, sp.Function)
    return s if simple else f"({s})"


# ------------------------------------------------------------------ the Derivation


@dataclass
class PointValue:
    """The derivative's value at a point: ``exact`` (SymPy) and ``value`` (float, complex or array)."""

    exact: Any
    value: Any

    def __float__(self) -> float:
        return float(self.value)

    def __eq__(self, other):
        if isinstance(other, PointValue):
            return self.exact == other.exact
        try:
            return bool(np.all(np.isclose(self.value, other)))
        except TypeError:
            return NotImplemented

    def __repr__(self) -> str:
        return f"{text_of(self.exact)} ≈ {self.value}" if self.exact != self.value else f"{self.value}"


class Derivation:
    """A derivative with its steps. ``.result`` (SymPy), ``.steps`` (list of :class:`Step` trees),
    ``.text(lang)``, ``.latex(lang)``, ``.to_dict(lang)``, ``.at(**values)``, Jupyter display."""

    def __init__(self, expr, var, steps: list[Step], result, *, heading: tuple[str, dict] | None = None,
                 answer_lhs: tuple[str, str] | None = None, method: str = "rules", verified: bool | None = True,
                 partial: bool = False):
        self.expr = expr
        self.var = var
        self.steps = steps
        self.result = result
        self.method = method
        self.verified = verified
        self.partial = partial
        self._heading = heading
        self._answer_lhs = answer_lhs

    # -- convenience
    def _sympy_(self):
        """``sympy.sympify(d)`` is the result, so a Derivation can be used where SymPy wants an expression."""
        return self.result

    @property
    def wrt(self):
        return self.var

    def rules(self) -> set[str]:
        """The names of all rules used."""
        out: set[str] = set()
        for s in self.steps:
            out |= s.rules()
        return out

    def __repr__(self) -> str:
        return f"<Derivation {self._lhs(False)} = {text_of(self.result)}>"

    def __str__(self) -> str:
        return self.text()

    # -- values
    def at(self, **values) -> PointValue:
        """The derivative at a point (``d.at(x=4, y=-2)``): exact where SymPy can, and as a number.

        Raises NotDifferentiableError at a corner of relu/|·|/max/min (where H(0) or sign(0) would appear)."""
        names = {s.name: s for s in _free(self.result) | _free(self.expr)}
        subs = {}
        for k, v in values.items():
            if k not in names:
                raise InputError(f"at(): {k!r} is not a variable of {text_of(self.expr)}; "
                                 f"its variables are {', '.join(sorted(names)) or 'none'}")
            subs[names[k]] = _exact(v)
        for h in _atoms(self.result, sp.Heaviside, sp.sign):
            arg = h.args[0].xreplace(subs)
            if arg.is_number and arg.is_zero:
                raise NotDifferentiableError(
                    f"not differentiable at {', '.join(f'{k} = {v}' for k, v in values.items())}: "
                    f"{text_of(h.args[0])} = 0 is a corner (left and right derivatives differ)")
        exact = self.result.xreplace(subs)
        exact = exact.doit() if hasattr(exact, "doit") else exact
        if isinstance(exact, sp.MatrixBase):
            exact = exact.applyfunc(lambda v: sp.nsimplify(v) if v.is_Float else sp.simplify(v))
            vals = np.array([[_num(v) for v in exact.row(i)] for i in range(exact.rows)])
            return PointValue(exact, vals)
        if exact.free_symbols:
            return PointValue(exact, exact)
        exact = sp.simplify(exact) if sp.count_ops(exact) < 30 else exact
        return PointValue(exact, _num(exact))

    # -- rendering
    def _lhs(self, latex: bool) -> str:
        if self._answer_lhs is not None:
            return self._answer_lhs[1 if latex else 0]
        e = latex_of(self.expr) if latex else text_of(self.expr)
        if latex:
            return rf"{_dvar(self.var, self.partial, True)}\left({e}\right)"
        return f"{_dvar(self.var, self.partial, False)} {_wrap(e, self.expr)}"

    def heading(self, lang=None, latex=False) -> str:
        lang = resolve_lang(lang)
        key, fields = self._heading or ("symbolic.heading", {"var": self.var, "expr": self.expr})
        return _msg(key, lang, fields, latex)

    def text(self, lang: str | None = None) -> str:
        """The derivation as plain text, in Korean (lang="ko") or English ("en")."""
        lang = resolve_lang(lang)
        lines = [self.heading(lang)]
        for s in self.steps:
            _text_step(s, lang, 0, lines)
        lines.append(f"{t('symbolic.answer', lang)}: {self._lhs(False)} = {text_of(self.result)}")
        return "\n".join(lines)

    def latex(self, lang: str | None = None) -> str:
        """The derivation as LaTeX (an ``array`` of lines; words in ``\\text{}``)."""
        lang = resolve_lang(lang)
        lines = [rf"\text{{{_tex_escape(self.heading(lang))}}}"]
        for s in self.steps:
            _latex_step(s, lang, 0, lines)
        lines.append(rf"\textbf{{{t('symbolic.answer', lang)}}}\quad {self._lhs(True)} = {latex_of(self.result)}")
        return "\\begin{array}{l}\n" + " \\\\\n".join(lines) + "\n\\end{array}"

    def _repr_latex_(self) -> str:
        return f"$$\n{self.latex()}\n$$"

    def _repr_html_(self) -> str:
        lang = resolve_lang(None)
        parts = [f'<div class="mibun-derivation"><p><b>{html.escape(self.heading(lang))}</b></p><ul>']
        for s in self.steps:
            parts.append(_html_step(s, lang))
        parts.append(f"</ul><p><b>{html.escape(t('symbolic.answer', lang))}</b>: "
                     f"\\({html.escape(self._lhs(True))} = {html.escape(latex_of(self.result))}\\)</p></div>")
        return "".join(parts)

    def to_dict(self, lang: str | None = None) -> dict:
        """A JSON-ready dict (strings, lists and dicts only) of the whole derivation."""
        lang = resolve_lang(lang)
        return {
            "expr": text_of(self.expr), "expr_latex": latex_of(self.expr),
            "wrt": text_of(self.var), "method": self.method, "partial": self.partial, "lang": lang,
            "heading": self.heading(lang),
            "steps": [_dict_step(s, lang) for s in self.steps],
            "result": text_of(self.result), "result_latex": latex_of(self.result),
            "sympy": sp.srepr(self.result) if isinstance(self.result, sp.Basic) else str(self.result),
            "verified": self.verified,
        }


def _free(e) -> set:
    if isinstance(e, (list, tuple)):
        out = set()
        for v in e:
            out |= _free(v)
        return out
    return set(getattr(e, "free_symbols", set()))


def _atoms(e, *types):
    if isinstance(e, sp.MatrixBase):
        out = set()
        for v in e:
            out |= v.atoms(*types)
        return out
    return e.atoms(*types) if isinstance(e, sp.Basic) else set()


def _exact(v):
    if isinstance(v, sp.Basic):
        return v
    if isinstance(v, bool):
        raise InputError("at(): a value must be a number, not a bool")
    if isinstance(v, int):
        return sp.Integer(v)
    if isinstance(v, float):
        return sp.Float(v) if not float(v).is_integer() else sp.Integer(int(v))
    if isinstance(v, str):
        return parse(v)
    try:
        from fractions import Fraction

        if isinstance(v, Fraction):
            return sp.Rational(v.numerator, v.denominator)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(v, (np.integer,)):
        return sp.Integer(int(v))
    if isinstance(v, (np.floating,)):
        return sp.Float(float(v))
    raise InputError(f"at(): cannot use {v!r} as a value; give a number or a formula string such as 'pi/2'")


def _num(v):
    c = complex(sp.N(v, 17))
    return c.real if abs(c.imag) <= 1e-14 * max(1.0, abs(c.real)) else c


def _msg(key: str, lang: str, fields: dict, latex: bool) -> str:
    out = {}
    for k, v in fields.items():
        if isinstance(v, (sp.Basic, sp.MatrixBase, list, tuple)):
            out[k] = (f"${latex_of(v)}$" if latex else text_of(v))
        else:
            out[k] = v
    return t(key, lang, **out)


def _tex_escape(s: str) -> str:
    return s.replace("\\", r"\backslash ").replace("{", r"\{").replace("}", r"\}").replace("_", r"\_") \
        .replace("^", r"\^{}").replace("#", r"\#").replace("%", r"\%").replace("&", r"\&")


def _title(step: Step, lang: str) -> str:
    from mibun.functions import rule_words  # a function's rule is named from its spec when the catalogue has none

    return rule_words(step.rule, lang)


def _given_text(step: Step, latex: bool) -> str:
    if not step.given:
        return ""
    items = [(k, v) for k, v in step.given.items() if k != text_of(v)]   # not "u = u"
    if latex:
        return ", ".join(f"{_sub_tex(k)} = {latex_of(v)}" for k, v in items)
    return ", ".join(f"{k} = {text_of(v)}" for k, v in items)


def _sub_tex(k: str) -> str:
    if "_" in k:
        a, b = k.split("_", 1)
        return f"{a}_{{{b}}}"
    return k


def _relation(step: Step, latex: bool) -> str:
    if step.kind == "note" or _unchanged(step) or (step.rule == "identity" and step.expr == step.var):
        return ""
    if step.kind == "eq":
        lhs = (step.lhs[1] if latex else step.lhs[0]) if step.lhs else None
        if lhs is None:
            lhs = latex_of(step.expr) if latex else text_of(step.expr)
        return f"{lhs} = {latex_of(step.result) if latex else text_of(step.result)}"
    e, r = step.expr, step.result
    if latex:
        return rf"{_dvar(step.var, step.partial, True)}\left({latex_of(e)}\right) = {latex_of(r)}"
    return f"{_dvar(step.var, step.partial, False)} {_wrap(text_of(e), e)} = {text_of(r)}"


def _unchanged(step: Step) -> bool:
    """A simplify step that changed nothing but SymPy's automatic evaluation."""
    if step.rule != "simplify":
        return False
    if step.expr == step.result:
        return True
    return isinstance(step.expr, sp.Basic) and evaluate(step.expr) == step.result


def _notes(step: Step) -> list:
    if _unchanged(step):
        return [*step.notes, ("symbolic.already_simple", {})]
    return step.notes


def _text_step(step: Step, lang: str, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    head = f"{pad}• {_title(step, lang)}"
    if step.formula:
        head += f": {step.formula[0]}"
    lines.append(head)
    g = _given_text(step, False)
    if g:
        key = "symbolic.let" if step.rule == "chain" else "symbolic.where"
        lines.append(f"{pad}  {t(key, lang, assign=g)}")
    for key, fields in _notes(step):
        lines.append(f"{pad}  {_msg(key, lang, fields, False)}")
    for s in step.substeps:
        _text_step(s, lang, depth + 1, lines)
    rel = _relation(step, False)
    if rel:
        lines.append(f"{pad}  ⇒ {rel}")


def _latex_step(step: Step, lang: str, depth: int, lines: list[str]) -> None:
    pad = r"\quad " * depth
    head = rf"{pad}\bullet\ \textbf{{{_tex_escape(_title(step, lang))}}}"
    if step.formula:
        head += rf":\ {step.formula[1]}"
    lines.append(head)
    g = _given_text(step, True)
    if g:
        key = "symbolic.let" if step.rule == "chain" else "symbolic.where"
        word = t(key, lang, assign="@@")
        before, _, after = word.partition("@@")
        parts = []
        if before.strip():
            parts.append(rf"\text{{{_tex_escape(before)}}}")
        parts.append(g)
        if after.strip():
            parts.append(rf"\text{{{_tex_escape(after)}}}")
        lines.append(rf"{pad}\quad " + r"\ ".join(parts))
    for key, fields in _notes(step):
        lines.append(rf"{pad}\quad \text{{{_tex_escape(_msg(key, lang, fields, False))}}}")
    for s in step.substeps:
        _latex_step(s, lang, depth + 1, lines)
    rel = _relation(step, True)
    if rel:
        lines.append(rf"{pad}\quad \Rightarrow\ {rel}")


def _html_step(step: Step, lang: str) -> str:
    out = [f"<li><b>{html.escape(_title(step, lang))}</b>"]
    if step.formula:
        out.append(f": \\({html.escape(step.formula[1])}\\)")
    g = _given_text(step, True)
    if g:
        key = "symbolic.let" if step.rule == "chain" else "symbolic.where"
        math = "\\(" + html.escape(g) + "\\)"
        out.append("<br>" + html.escape(t(key, lang, assign="@@")).replace("@@", math))
    for key, fields in _notes(step):
        out.append(f"<br><i>{html.escape(_msg(key, lang, fields, False))}</i>")
    if step.substeps:
        out.append("<ul>" + "".join(_html_step(s, lang) for s in step.substeps) + "</ul>")
    rel = _relation(step, True)
    if rel:
        out.append(f"<br>\\(\\Rightarrow {html.escape(rel)}\\)")
    out.append("</li>")
    return "".join(out)


def _dict_step(step: Step, lang: str) -> dict:
    return {
        "rule": step.rule,
        "title": _title(step, lang),
        "formula": step.formula[0] if step.formula else None,
        "formula_latex": step.formula[1] if step.formula else None,
        "given": {k: text_of(v) for k, v in step.given.items()},
        "given_latex": {k: latex_of(v) for k, v in step.given.items()},
        "notes": [_msg(k, lang, f, False) for k, f in _notes(step)],
        "expr": text_of(step.expr), "expr_latex": latex_of(step.expr),
        "var": text_of(step.var) if step.var is not None else None,
        "result": text_of(step.result), "result_latex": latex_of(step.result),
        "relation": _relation(step, False), "relation_latex": _relation(step, True),
        "substeps": [_dict_step(s, lang) for s in step.substeps],
    }


# ------------------------------------------------------------------ simplification and verification


def simplify(e: sp.Basic) -> sp.Basic:
    """A cheap simplification: the shortest of a few fast rewrites (factor_terms, one fraction, powsimp, and
    sin² + cos² = 1). SymPy's full ``simplify`` is not used: it costs 100 ms to seconds per derivative and may
    bring in functions the student never wrote (1/(4cosh²(x/2)) for σ′)."""
    e = evaluate(e)
    if _nesting(e) > 4:  # SymPy's rewrites re-evaluate nested functions at exponential cost
        return e
    e, consts = hide_constants(e)
    return substitute(_shortest(e), consts) if consts else _shortest(e)


def _shortest(e: sp.Basic) -> sp.Basic:
    cands = [e]
    try:
        ft = sp.factor_terms(e)
        cands.append(ft)
        if not e.has(mf.relu, sp.Heaviside, sp.Max, sp.Min, sp.Abs, sp.sign):
            if e.is_Add and len(e.args) <= 8:
                cands.append(sp.factor_terms(sp.cancel(sp.together(e))))
            cands.append(sp.powsimp(ft))
            for p in [a for a in e.atoms(sp.Pow) if isinstance(a.base, sp.sin) and a.exp == 2]:
                c2 = sp.cos(p.base.args[0]) ** 2
                if c2 in e.atoms(sp.Pow):
                    cands.append(sp.factor_terms(e.xreplace({p: 1 - c2})))
    except (sp.PolynomialError, TypeError, ValueError, RecursionError):  # pragma: no cover - keep e
        pass
    kinds = {type(f) for f in e.atoms(sp.Function)}
    # a rewrite may not bring in functions the student did not have
    cands = [c for c in cands if {type(f) for f in c.atoms(sp.Function)} <= kinds] or [e]
    return min(cands, key=lambda c: (sp.count_ops(c), len(str(c))))


def _nesting(e: sp.Basic) -> int:
    """How deeply function applications nest in e (sin(cos(x)) is 2)."""
    if not e.args:
        return 0
    inner = max(_nesting(a) for a in e.args)
    return inner + 1 if isinstance(e, sp.Function) else inner


_RNG_SEED = 20251123


def verify(expr: sp.Basic, var: sp.Symbol, result: sp.Basic, oracle: sp.Basic | None = None) -> bool | None:
    """Compare ``result`` with SymPy's derivative at random real points. True when they agree, None when no
    point could be evaluated (then a symbolic check decides); raises VerificationError when they differ."""
    e = evaluate(expr)
    given = oracle is not None
    if oracle is None:
        oracle = _sympy_oracle(e, var, real=True)
    syms = sorted(_free(oracle) | _free(result) | {var}, key=str) if oracle is not None else \
        sorted(_free(e) | _free(result) | {var}, key=str)
    ok = _numeric_agree(oracle, result, syms) if oracle is not None else None
    if ok is None and not given:
        # SymPy could not decide realness (re/im, arg in its answer): ask again for positive variables and
        # compare at positive points
        pos = _sympy_oracle(e, var, real=False)
        if pos is not None:
            ok = _numeric_agree(pos, result, sorted(_free(pos) | _free(result) | {var}, key=str), positive=True)
    if ok is None:
        # still not numerically evaluable (an unevaluated Derivative): compare with central differences of the
        # function at the points where they are stable. (No sympy.simplify here: it can take minutes.)
        ok = _difference_agree(e, var, result, syms)
        if ok is None:
            return None
    if not ok:
        raise VerificationError(
            f"internal error: the step-by-step derivative of {expr} with respect to {var} is {result}, but "
            f"SymPy gives {oracle}; this is a bug in mibun, please report it")
    return True


def _sympy_oracle(e: sp.Basic, var: sp.Symbol, real: bool) -> sp.Basic | None:
    """sympy.diff with the variables assumed real (or positive), returned in the plain symbols.

    Constant subexpressions made of functions (ln(arcsin(e))) are stood in for by symbols while SymPy
    differentiates — its assumption queries on such constants can take minutes — and put back afterwards."""
    e, consts = hide_constants(e)
    syms = e.free_symbols | {var}
    kw = {"real": True} if real else {"positive": True}
    sub = {s: sp.Symbol(s.name, **kw) for s in syms}
    back = {v: k for k, v in sub.items()}
    back.update({sub.get(c, c): k for c, k in consts.items()})
    try:
        return substitute(sp.diff(substitute(e, sub), sub[var]), back)
    except (ValueError, TypeError, ArithmeticError, NotImplementedError):  # SymPy refused (e.g. complex args)
        return None


def _difference_agree(f: sp.Basic, var: sp.Symbol, d: sp.Basic, syms) -> bool | None:
    """d ≈ (f(x+h) − f(x−h))/(2h) at most of 24 random points (a point near a corner may disagree)."""
    syms = sorted(set(syms) | f.free_symbols, key=str)
    try:
        ff = compile_expr(f, syms)
        fd = compile_expr(d, syms)
    except Exception:
        return None
    rng = np.random.default_rng(_RNG_SEED + 1)
    n = 12
    cols = [np.concatenate([rng.uniform(-2.0, 2.0, n), rng.uniform(0.15, 2.5, n)]) for _ in syms]
    k = syms.index(var)

    def quotient(scale):
        h = scale * np.maximum(1.0, np.abs(cols[k]))
        plus = [c + h if i == k else c for i, c in enumerate(cols)]
        minus = [c - h if i == k else c for i, c in enumerate(cols)]
        q = (np.asarray(ff(*plus), dtype=complex) - np.asarray(ff(*minus), dtype=complex)) / (2 * h)
        return np.broadcast_to(q, (2 * n,))

    try:
        with np.errstate(all="ignore"):
            coarse, fine = quotient(1e-4), quotient(1e-5)
            val = np.broadcast_to(np.asarray(fd(*cols), dtype=complex), (2 * n,))
    except Exception:
        return None
    mask = np.isfinite(coarse) & np.isfinite(fine) & np.isfinite(val)
    mask &= (np.abs(fine.imag) < 1e-7) & (np.abs(val.imag) < 1e-9)
    # keep the points where the difference quotient has settled (smooth there, not near a corner)
    mask &= np.abs(coarse - fine) <= 1e-4 * np.maximum(1.0, np.abs(fine))
    if mask.sum() < 4:
        return None
    a, b = fine[mask].real, val[mask].real
    close = np.abs(a - b) <= 1e-4 * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
    return bool(close.mean() >= 0.9)


def _numeric_agree(a: sp.Basic, b: sp.Basic, syms, positive: bool = False) -> bool | None:
    try:
        fa = compile_expr(a, syms)
        fb = compile_expr(b, syms)
    except Exception:
        return None
    rng = np.random.default_rng(_RNG_SEED)
    n = 12
    cols = []
    for _ in syms:
        lo = 0.15 if positive else -2.0
        cols.append(np.concatenate([rng.uniform(lo, 2.0, n), rng.uniform(0.15, 2.5, n)]))
    try:
        with np.errstate(all="ignore"):
            va = np.broadcast_to(np.asarray(fa(*cols), dtype=complex), (2 * n,))
            vb = np.broadcast_to(np.asarray(fb(*cols), dtype=complex), (2 * n,))
    except Exception:
        return None
    real_pts = np.ones(2 * n, dtype=bool)
    mask = np.isfinite(va) & np.isfinite(vb) & real_pts & (np.abs(va.imag) < 1e-9) & (np.abs(vb.imag) < 1e-9)
    if mask.sum() < 2:
        return None
    x, y = va[mask].real, vb[mask].real
    scale = np.maximum(1.0, np.maximum(np.abs(x), np.abs(y)))
    return bool(np.all(np.abs(x - y) <= 1e-6 * scale))


# ------------------------------------------------------------------ diff


def _as_expr(e) -> sp.Basic:
    if isinstance(e, str):
        return parse(e)
    if isinstance(e, sp.Basic):
        return e
    if isinstance(e, bool):
        raise InputError("diff(): expected a formula, got a bool")
    if isinstance(e, int):
        return sp.Integer(e)
    if isinstance(e, float):
        return sp.Float(e)
    raise InputError(f"expected a formula (a string or a SymPy expression), got {type(e).__name__}; "
                     "e.g. mb.diff('x**2', 'x')")


def as_symbol(v, exprs=()) -> sp.Symbol:
    """The variable named by ``v`` (a Symbol or a name), preferring a symbol of that name in ``exprs``."""
    if isinstance(v, sp.Symbol):
        name = v.name
    elif isinstance(v, str):
        name = v.strip()
        if not name:
            raise InputError("the variable name is empty; e.g. wrt='x'")
        if not all(c.isalnum() or c == "_" for c in name):
            raise InputError(f"{v!r} is not a variable name; e.g. wrt='x'")
    else:
        raise InputError(f"a variable must be a Symbol or a name such as 'x', got {type(v).__name__}")
    for e in exprs:
        for s in _free(e):
            if s.name == name:
                return s
    return v if isinstance(v, sp.Symbol) else sp.Symbol(name)


def derivation_for(expr: sp.Basic, var: sp.Symbol) -> tuple[Step, sp.Basic, Step]:
    """(rule tree, simplified result, the simplify step) for d expr / d var — unverified."""
    tree = derive(expr, var)
    raw = tree.result
    final = simplify(raw)
    simp = Step("simplify", raw, var, final, kind="eq", partial=tree.partial)
    return tree, final, simp


def diff(expr_or_text, wrt="x", method: str = "rules", *, symbols=None) -> Derivation:
    """Differentiate with steps: ``mb.diff("x^2 + 3xy", "x")`` → a :class:`Derivation`.

    ``method="rules"`` (default) applies the differentiation rules; ``method="definition"`` takes the limit
    of the difference quotient (polynomials, rational functions, roots, e^x, sin, cos). The result is
    simplified and checked against SymPy's derivative at random points on every call."""
    if isinstance(expr_or_text, str):
        expr = parse(expr_or_text, symbols=symbols)
    else:
        expr = _as_expr(expr_or_text)
    var = as_symbol(wrt, [expr])
    if method == "definition":
        from mibun.symbolic.definition import by_definition

        return by_definition(expr, var)
    if method != "rules":
        raise InputError(f"diff(): unknown method {method!r}; use 'rules' or 'definition'")
    tree, final, simp = derivation_for(expr, var)
    verified = verify(expr, var, final)
    return Derivation(expr, var, [tree, simp], final, verified=verified, partial=tree.partial)


__all__ = ["Derivation", "PointValue", "VerificationError", "diff", "verify", "simplify", "text_of", "latex_of",
           "as_symbol", "derivation_for"]
