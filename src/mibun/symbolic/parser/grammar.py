"""The recursive-descent (precedence-climbing) grammar over the lexer's tokens; see :mod:`mibun.symbolic.parser`
for the grammar."""

from __future__ import annotations

import sympy as sp

from mibun.errors import ParseError
from mibun.symbolic import functions as mf
from mibun.symbolic.parser.build import div, evaluate_constant, mul, neg, power
from mibun.symbolic.parser.lexer import _OPEN, Token, _name_symbol
from mibun.symbolic.parser.limits import MAX_DEPTH
from mibun.symbolic.parser.names import INVERSE, builder, is_variadic
from mibun.symbolic.parser.notes import Note, add

_STARTS = {"num", "sym", "const", "func", "frac", "sqrt"}


class Parser:
    def __init__(self, text: str, tokens: list[Token], notes: list[Note] | None = None):
        self.text = text
        self.toks = tokens
        self.i = 0
        self.depth = 0
        self.abs_depth = 0
        self.notes: list[Note] = notes if notes is not None else []
        self.last_power: tuple[int, int, int] | None = None   # (base start, '^' index, end) of the last a^n

    def span(self, a: int, b: int) -> str:
        """The text the user typed for tokens a … b−1."""
        if b <= a:
            return ""
        last = self.toks[b - 1]
        return self.text[self.toks[a].pos:last.pos + len(last.text)].strip()

    def note(self, key: str, **fields: object) -> None:
        add(self.notes, key, **fields)

    # helpers
    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def next(self) -> Token:
        t = self.toks[self.i]
        self.i += 1
        return t

    def is_op(self, *vals) -> bool:
        t = self.tok
        return t.kind == "op" and t.value in vals

    def expect(self, val: str, opener: Token | None = None):
        if self.is_op(val):
            return self.next()
        t = self.tok
        if opener is not None:
            raise ParseError("symbolic.err.unclosed", t.pos, "symbolic.hint.unclosed", opener=opener.text,
                             opened_at=opener.pos, close=val)
        raise ParseError("symbolic.err.expected_token", t.pos, None, val=val)

    def enter(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError("symbolic.err.formula_nested_too_deeply", self.tok.pos,
                             "symbolic.hint.simplify_formula_split_into", limit=MAX_DEPTH)

    def leave(self):
        self.depth -= 1

    # grammar
    def parse(self) -> sp.Expr:
        if self.tok.kind == "end":
            raise ParseError("symbolic.err.empty", 0, "symbolic.hint.empty")
        e = self.expr()
        t = self.tok
        if t.kind != "end":
            if t.kind == "op" and t.value in (")", "}"):
                raise ParseError("symbolic.err.unopened", t.pos, "symbolic.hint.unopened", bracket=t.text)
            if t.kind == "op" and t.value == ",":
                raise ParseError("symbolic.err.unexpected_comma", t.pos, "symbolic.hint.commas_only_separate_function")
            raise ParseError("symbolic.err.unexpected", t.pos, "symbolic.hint.operator_missing", token=t.text)
        return e

    def expr(self) -> sp.Expr:
        self.enter()
        terms = [self.term()]
        while self.is_op("+", "-"):
            op = self.next()
            t = self.term()
            terms.append(neg(t) if op.value == "-" else t)
        self.leave()
        return terms[0] if len(terms) == 1 else sp.Add(*terms)

    def _starts_implicit(self) -> bool:
        t = self.tok
        if t.kind in _STARTS:
            return True
        if t.kind == "op":
            if t.value in ("(", "{", "sqrt_sym", "cbrt_sym", "qrt_sym"):
                return True
            if t.value == "|":
                return self.abs_depth == 0
        return False

    def term(self) -> sp.Expr:
        start = self.i
        left = self.unary()
        pending: tuple[int, int] | None = None     # a/b just read: ('/' index, end of b)
        while True:
            t = self.tok
            if self.is_op("*"):
                pending = None
                self.next()
                if self.is_op("*", "/", "^"):
                    raise ParseError("symbolic.err.unexpected_after", self.tok.pos,
                                     "symbolic.hint.did_you_mean_x", text=self.tok.text)
                left = mul([left, self.unary()])
            elif self.is_op("/"):
                slash = self.i
                lp = self.last_power
                self.next()
                if lp is not None and lp[2] == slash and self.tok.kind == "num" and lp[2] - lp[1] == 2:
                    b, e, d = self.span(lp[0], lp[1]), self.span(lp[1] + 1, slash), self.tok.text  # x^1/2
                    self.note("symbolic.note.power_fraction", typed=f"{b}^{e}/{d}", read=f"({b}^{e})/{d}",
                              other=f"{b}^({e}/{d})")
                right = self.unary()
                left = div(left, right, t.pos)
                pending = (slash, self.i) if self.i == slash + 2 else None
            elif self._starts_implicit():
                prev = self.toks[self.i - 1]
                if t.kind == "num" and prev.kind in ("num", "sup"):
                    raise ParseError("symbolic.err.two_numbers", t.pos, "symbolic.hint.two_numbers", first=prev.text,
                                     second=t.text)
                f_start = self.i
                factor = self.power()
                if pending is not None and f_start == pending[1] and not t.space_before:
                    a, b, c = self.span(start, pending[0]), self.span(pending[0] + 1, pending[1]), \
                        self.span(f_start, self.i)
                    self.note("symbolic.note.implicit_division", typed=f"{a}/{b}{c}", read=f"({a}/{b})·{c}",
                              other=f"{a}/({b}{c})")
                pending = None
                left = mul([left, factor])
            else:
                return left

    def unary(self) -> sp.Expr:
        if self.is_op("-", "+"):
            op = self.next()
            self.enter()
            v = self.unary()
            self.leave()
            return neg(v) if op.value == "-" else v
        return self.power()

    def power(self) -> sp.Expr:
        start = self.i
        base = self.postfix()
        if self.is_op("^"):
            caret = self.i
            op = self.next()
            if self.tok.kind == "end" or self.is_op(")", "}", "+", "*", "/", "^", ","):
                raise ParseError("symbolic.err.missing_exponent", self.tok.pos, "symbolic.hint.missing_exponent",
                                 op=op.text, base=self.text[:op.pos].strip() or "x")
            self.enter()
            ex = self.unary()
            self.leave()
            self._power_notes(start, caret, base)
            self.last_power = (start, caret, self.i)
            return power(base, ex, op.pos)
        return base

    def _power_notes(self, start: int, caret: int, base: sp.Expr) -> None:
        """e^2x (e²·x or e^(2x)?) and 2^3^2 (2^(3^2) or (2^3)^2?): say how it was read."""
        b, ex = self.span(start, caret), self.span(caret + 1, self.i)
        inner = self.toks[caret + 1:self.i]
        signed_number = [tk.kind for tk in inner if not (tk.kind == "op" and tk.value in "+-")] == ["num"]
        if signed_number and (base is sp.E or base.is_Number) and self._starts_implicit() \
                and not self.tok.space_before and not self.is_op("|"):
            nxt = self.tok.text
            self.note("symbolic.note.power_implicit", typed=f"{b}^{ex}{nxt}", read=f"{b}^{ex}·{nxt}",
                      other=f"{b}^({ex}{nxt})")
        depth = 0
        for k, tk in enumerate(inner):
            if tk.kind == "op" and tk.value in "({":
                depth += 1
            elif tk.kind == "op" and tk.value in ")}":
                depth -= 1
            elif tk.kind == "op" and tk.value == "^" and depth == 0:
                first = self.span(caret + 1, caret + 1 + k)
                rest = self.span(caret + 2 + k, self.i)
                self.note("symbolic.note.power_tower", typed=f"{b}^{ex}", read=f"{b}^({ex})",
                          other=f"({b}^{first})^{rest}")
                break

    def postfix(self) -> sp.Expr:
        e = self.primary()
        while self.tok.kind == "sup":
            t = self.next()
            e = power(e, self.superscript(t), t.pos)
        return e

    def superscript(self, t: Token) -> sp.Expr:
        """The exponent of a superscript token: an integer (x²) or a small formula (eˣ, e⁻ˣ, x⁽ⁿ⁺¹⁾)."""
        if not isinstance(t.value, list):
            return t.value
        self.enter()
        out = Parser(self.text, t.value, self.notes)
        out.depth = self.depth
        e = out.parse()
        self.leave()
        return e

    def group(self) -> sp.Expr:
        """'(' expr ')' or '{' expr '}' (LaTeX braces group too)."""
        opener = self.next()
        close = _OPEN[opener.value]
        if self.is_op(close):
            raise ParseError("symbolic.err.empty_brackets", self.tok.pos, "symbolic.hint.put_expression_inside")
        saved = self.abs_depth
        self.abs_depth = 0
        e = self.expr()
        self.abs_depth = saved
        self.expect(close, opener)
        return e

    def primary(self) -> sp.Expr:
        t = self.tok
        if t.kind == "num":
            self.next()
            return t.value
        if t.kind == "sym":
            self.next()
            return t.value
        if t.kind == "const":
            self.next()
            return t.value
        if t.kind == "func":
            return self.function()
        if t.kind == "frac":
            self.next()
            if not self.is_op("{"):
                raise ParseError("symbolic.err.frac_needs_two_braced", self.tok.pos, "symbolic.hint.latex_frac")
            num = self.group()
            if not self.is_op("{"):
                raise ParseError("symbolic.err.frac_needs_two_braced", self.tok.pos, "symbolic.hint.latex_frac")
            den = self.group()
            return div(num, den, t.pos)
        if t.kind == "sqrt":
            self.next()
            index = None
            if self.is_op("("):
                raw = self.text[self.tok.pos]
                if raw == "[":
                    self.next()
                    index = self.expr()
                    self.expect(")")
            if not self.is_op("{", "("):
                raise ParseError("symbolic.err.sqrt_needs_braced_argument", self.tok.pos, "symbolic.hint.latex_sqrt")
            arg = self.group()
            return sp.sqrt(arg) if index is None else power(arg, div(sp.Integer(1), index, t.pos), t.pos)
        if t.kind == "op":
            if t.value in ("(", "{"):
                self.enter()
                e = self.group()
                self.leave()
                return e
            if t.value == "|":
                self.next()
                self.enter()
                saved = self.abs_depth
                self.abs_depth += 1
                e = self.expr()
                self.abs_depth = saved
                self.expect("|", t)
                self.leave()
                return sp.Abs(e, evaluate=False)
            if t.value in ("sqrt_sym", "cbrt_sym", "qrt_sym"):
                self.next()
                self.enter()
                arg = self.postfix()
                self.leave()
                if t.value == "sqrt_sym":
                    return sp.sqrt(arg)
                return power(arg, sp.Rational(1, 3 if t.value == "cbrt_sym" else 4), t.pos)
            if t.value in (")", "}"):
                raise ParseError("symbolic.err.unbalanced_unexpected", t.pos,
                                 "symbolic.hint.operand_missing_before", text=t.text)
            raise ParseError("symbolic.err.unexpected_token", t.pos, "symbolic.hint.operand_missing_here", text=t.text)
        if t.kind == "sup":
            raise ParseError("symbolic.err.superscript_without_base", t.pos, "symbolic.hint.superscript_example")
        raise ParseError("symbolic.err.unexpected_end", t.pos, "symbolic.hint.unexpected_end")

    def function(self) -> sp.Expr:
        t = self.next()
        name = t.value
        base = t.base
        fpow = None
        if self.is_op("^"):  # sin^2 x, \sin^{2}(x), sin^-1 x
            op = self.next()
            self.enter()
            fpow = self.unary() if self.is_op("-") else self.postfix()
            self.leave()
        elif self.tok.kind == "sup":
            op = self.next()
            fpow = self.superscript(op)
        if fpow == -1 and name != "sigma":
            inv = INVERSE.get(name)
            if inv is None:
                raise ParseError("symbolic.err.inverse_ambiguous", op.pos, "symbolic.hint.reciprocal", text=t.text)
            self.note("symbolic.note.inverse_function", typed=f"{t.text}⁻¹", read=f"arc{name}"
                      if not name.endswith("h") else f"ar{name}", other=f"1/{name}(x)")
            name, fpow = inv, None
        if self.is_op("(", "{"):
            args = self.arguments()
        elif self.tok.kind in ("num", "sym", "const", "func", "sqrt", "frac") or \
                self.is_op("-", "sqrt_sym", "cbrt_sym", "qrt_sym", "|"):
            args = [self.bare_argument()]
        else:
            if name == "sigma" and fpow is None:  # \sigma alone is a variable σ
                return _name_symbol("sigma")
            raise ParseError("symbolic.err.needs_argument", self.tok.pos, "symbolic.hint.needs_argument", name=t.text)
        if name == "log" and base is None and len(args) == 1 and t.text.lower() in ("log", "\\log"):
            self.note("symbolic.note.log_natural", typed=t.text)
        out = self.apply(name, base, args, t)
        if fpow is not None:
            out = power(out, fpow, t.pos)
        return out

    def arguments(self) -> list[sp.Expr]:
        opener = self.next()
        close = _OPEN[opener.value]
        if self.is_op(close):
            raise ParseError("symbolic.err.empty_brackets", self.tok.pos, "symbolic.hint.argument_inside")
        saved = self.abs_depth
        self.abs_depth = 0
        self.enter()
        args = [self.expr()]
        while self.is_op(","):
            self.next()
            args.append(self.expr())
        self.leave()
        self.abs_depth = saved
        self.expect(close, opener)
        return args

    def bare_argument(self) -> sp.Expr:
        """The argument of ``ln x``, ``sin 2x``, ``sin x^2``: a product of numbers and names (with powers)."""
        self.enter()
        sign = None
        if self.is_op("-"):
            sign = self.next()
        start = self.i
        factors = [self.postfix_power()]
        while self.tok.kind in ("num", "sym", "const"):
            factors.append(self.postfix_power())
        self.leave()
        fn = self.toks[start - 1].text if start > 0 else ""
        lp = self.last_power
        if lp is not None and lp[2] == self.i and lp[0] >= start and fn:   # sin x^2
            arg = self.span(start, self.i)
            self.note("symbolic.note.function_power", typed=f"{fn} {arg}", read=f"{fn}({arg})",
                      other=f"({fn} {self.span(start, lp[1])})^{self.span(lp[1] + 1, lp[2])}")
        e = mul(factors)
        return neg(e) if sign is not None else e

    def postfix_power(self) -> sp.Expr:
        return self.power()

    def apply(self, name: str, base, args: list[sp.Expr], t: Token) -> sp.Expr:
        out = self._apply(name, base, args, t)
        if not out.free_symbols and not any(a.atoms(sp.Function) for a in args):
            # a function of a plain number (ln 0, tan(π/2)): evaluate it (cheap) and check it. Functions of
            # functions of numbers stay unevaluated (SymPy's evalf of those can take minutes).
            out = evaluate_constant(out, t)
        return out

    def _apply(self, name: str, base, args: list[sp.Expr], t: Token) -> sp.Expr:
        if is_variadic(name):
            if len(args) < 2:
                raise ParseError("symbolic.err.two_arguments", t.pos, "symbolic.hint.two_args", name=name)
            return builder(name)(*args, evaluate=False)
        if name == "log":
            if base is not None and len(args) == 1:
                args = [args[0], base]
            if len(args) == 2:
                b = args[1]
                if b == sp.E:
                    return sp.log(args[0], evaluate=False)
                if b.is_number and (b.is_positive is False or b == 1):
                    raise ParseError("symbolic.err.invalid_logarithm_base", t.pos, "symbolic.hint.log_base", b=b)
                return mf.log_base(args[0], b, evaluate=False)
        if len(args) != 1:
            raise ParseError("symbolic.err.takes_one_argument", t.pos,
                             "symbolic.hint.log_second_argument", text=t.text, n_args=len(args))
        # functions are built unevaluated: SymPy's automatic evaluation of nested functions asks assumption
        # questions whose cost grows exponentially with the depth (tanh ten deep takes minutes)
        return builder(name)(args[0], evaluate=False)

