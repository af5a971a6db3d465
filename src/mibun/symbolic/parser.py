"""A safe parser for formulas: Python (``x**2``), calculator (``x^2``, ``2x``, ``3xy``, ``e^x``, ``ln x``,
``|x|``, ``√x``) and LaTeX (``\\frac{7xy}{e^{x^2+y^2}}``, ``\\log_2 x``, ``\\sigma(x)``, ``\\sqrt[3]{x}``).

A tokenizer and a recursive-descent (precedence-climbing) grammar build SymPy objects directly. Nothing the
user types ever reaches ``eval``, ``exec``, ``sympify`` or ``parse_expr``: names are looked up in a fixed
table of functions and constants, everything else becomes a Symbol.

Grammar (``·`` is explicit ``*``, ``×``, ``\\cdot`` or juxtaposition)::

    expr    := term (('+' | '-') term)*
    term    := unary (('·' | '/') unary | <implicit> power)*
    unary   := ('-' | '+') unary | power
    power   := postfix (('^' | '**') unary)?          # right associative: a^b^c = a^(b^c)
    postfix := primary superscript*                    # x², x³
    primary := number | name | function | '(' expr ')' | '|' expr '|' | \\frac{..}{..} | \\sqrt[n]{..} | √ ..

A quotient the user typed stays a quotient (``a/b`` is ``Mul(a, Pow(b, -1))`` unevaluated, so ``1/e^u`` is not
rewritten as ``e^-u``), ``log(x, 2)`` keeps its base (:class:`mibun.symbolic.functions.log_base`).

Limits keep hostile or absurd input cheap: the text length, the nesting depth, the size of number literals
and of exponents, and numeric powers are bounded; anything over is a :class:`~mibun.errors.ParseError`.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable
from dataclasses import dataclass

import sympy as sp

from mibun.errors import ParseError
from mibun.symbolic import functions as mf

MAX_LENGTH = 4000          #: characters of input
MAX_DEPTH = 100            #: nesting of brackets, signs and powers
MAX_DIGITS = 30            #: digits in one number literal
MAX_EXPONENT = 1000        #: |n| of a numeric exponent
MAX_POWER_BITS = 20000     #: size of a number computed from number ** number

# name -> (builder, arities)
_UNARY = {
    "exp": sp.exp, "ln": sp.log, "log": sp.log, "sqrt": sp.sqrt,
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "cot": sp.cot, "sec": sp.sec, "csc": sp.csc,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh,
    "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan, "asin": sp.asin, "acos": sp.acos,
    "atan": sp.atan,
    "sigmoid": mf.sigmoid, "sigma": mf.sigmoid, "softplus": mf.softplus, "relu": mf.relu,
    "abs": sp.Abs,
}
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
_NO_FUNCTION = {"factorial": "factorials are not supported (they grow too fast to differentiate usefully)",
                "diff": "write only the function; mb.diff differentiates it",
                "integrate": "integrals are not supported"}
_LATEX_FUNCS = {"exp", "ln", "log", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh",
                "arcsin", "arccos", "arctan", "max", "min", "sigma"}
_LATEX_SKIP = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "displaystyle",
               "mathrm", "operatorname", "text", "mathit", "textrm"}
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUPER_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"
_DIGITS = frozenset("0123456789")
_SINGLE = {"+": "+", "-": "-", "−": "-", "–": "-", "*": "*", "·": "*", "×": "*", "⋅": "*", "/": "/", "÷": "/",
           "^": "^", "(": "(", ")": ")", "[": "(", "]": ")", "{": "{", "}": "}", "|": "|", ",": ",",
           "√": "sqrt_sym", "_": "_"}
_OPEN = {"(": ")", "{": "}"}


@dataclass
class Token:
    kind: str        # num, sym, const, func, op, frac, sqrt, end
    value: object
    pos: int
    text: str = ""
    base: object = None   # log base for func tokens (log_2)
    space_before: bool = False


def _name_symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name)


class _Lexer:
    _NUM = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+(?![A-Za-z]))?")
    _WORD = re.compile(r"[A-Za-z]+")

    def __init__(self, text: str, symbols: frozenset[str]):
        self.text = text
        self.symbols = symbols
        self.tokens: list[Token] = []
        self._known: list[str] | None = None

    def error(self, msg, pos, hint=None):
        raise ParseError(msg, pos, hint)

    def run(self) -> list[Token]:
        s, i, n = self.text, 0, len(self.text)
        space = False
        while i < n:
            c = s[i]
            if c.isspace():
                i += 1
                space = True
                continue
            start = i
            if c in _DIGITS or (c == "." and i + 1 < n and s[i + 1] in _DIGITS):
                m = self._NUM.match(s, i)
                text = m.group(0)
                digits = sum(ch.isdigit() for ch in text)
                if digits > MAX_DIGITS:
                    self.error(f"number literal too long ({digits} digits; the limit is {MAX_DIGITS})", i,
                               "use a smaller number or a power such as 10^40")
                self._add("num", _number(text, i), i, text, space)
                i = m.end()
            elif c.isalpha() and c.isascii():
                i = self._word(i, space)
            elif c in _UNICODE_GREEK or c == "π" or c == "σ":
                if c == "π":
                    self._add("const", sp.pi, i, c, space)
                elif c == "σ":
                    self._add("func", "sigma", i, c, space)
                else:
                    self._add("sym", _name_symbol(_UNICODE_GREEK[c]), i, c, space)
                i += 1
            elif c == "\\":
                i = self._command(i, space)
            elif c == "*" and s.startswith("**", i):
                self._add("op", "^", i, "**", space)
                i += 2
            elif c in _SUPER_CHARS:
                j = i
                while j < n and s[j] in _SUPER_CHARS:
                    j += 1
                raw = s[i:j].translate(_SUPERSCRIPTS)
                if not re.fullmatch(r"-?\d+", raw):
                    self.error("malformed superscript exponent", i, "write x^2 or x**2")
                self._add("sup", sp.Integer(int(raw)), i, s[i:j], space)
                i = j
            elif c in _SINGLE:
                self._add("op", _SINGLE[c], i, c, space)
                i += 1
            elif c == "=":
                self.error("an equation is not an expression", i,
                           "give only the right-hand side, e.g. x**2 instead of y = x**2")
            elif c in "'\"":
                self.error("quotes are not allowed in a formula", i, "write the formula itself, without quotes")
            elif c == "!":
                self.error("factorials are not supported", i, None)
            elif c == ".":
                self.error("unexpected '.'", i, "attribute access is not allowed; write e.g. sin(x), not math.sin(x)")
            else:
                self.error(f"unexpected character {c!r}", i, "allowed: numbers, letters, + - * / ^ ( ) | and LaTeX")
            space = False
        self.tokens.append(Token("end", None, n))
        return self.tokens

    def _add(self, kind, value, pos, text, space, base=None):
        self.tokens.append(Token(kind, value, pos, text, base, space))

    def _subscript(self, i: int) -> tuple[str | None, int]:
        """A subscript after a name: digits (x1), _digits/_name (x_1, w_ij) or _{...}; (text, new index)."""
        s, n = self.text, len(self.text)
        if i < n and s[i] in _DIGITS:
            j = i
            while j < n and s[j] in _DIGITS:
                j += 1
            return s[i:j], j
        if i < n and s[i] == "_":
            if i + 1 < n and s[i + 1] == "_":
                self.error("names with '__' are not allowed", i, "dunder names are Python code, not math")
            if i + 1 < n and s[i + 1] == "{":
                j = s.find("}", i + 2)
                if j < 0:
                    self.error("unbalanced brace in subscript", i + 1, "close it with }")
                sub = s[i + 2:j].strip()
                if not re.fullmatch(r"[A-Za-z0-9]+", sub):
                    self.error("a subscript must be letters or digits", i + 2, "e.g. x_{1} or w_{ij}")
                return sub, j + 1
            m = re.compile(r"[0-9]+|[A-Za-z][A-Za-z0-9]*").match(s, i + 1)  # log_2x is log_2(x)
            if m:
                return m.group(0), m.end()
        return None, i

    def _word(self, i: int, space: bool) -> int:
        s = self.text
        m = self._WORD.match(s, i)
        word, end = m.group(0), m.end()
        if end < len(s) and s[end] == "_" and end + 1 < len(s) and s[end + 1] == "_":
            self.error("names with '__' are not allowed", end, "dunder names are Python code, not math")
        if word in _CODE_WORDS and word not in self.symbols:
            hint = _NO_FUNCTION.get(word, "this looks like Python code; only formulas are accepted")
            kind = "unknown function" if word in _NO_FUNCTION else "not allowed"
            self.error(f"{kind}: {word!r}", i, hint)
        if word in _NO_FUNCTION and word not in self.symbols:
            self.error(f"unknown function {word!r}", i, _NO_FUNCTION[word])
        sub, after = self._subscript(end)
        # whole word: declared symbol, Greek name
        if word in self.symbols and sub is None:
            self._add("sym", _name_symbol(word), i, word, space)
            return end
        if sub is not None and (word + "_" + sub) in self.symbols:
            self._add("sym", _name_symbol(word + "_" + sub), i, word, space)
            return after
        if word in _GREEK and sub is None:
            self._add("sym", _name_symbol(word), i, word, space)
            return end
        parts = self._split(word)
        last = parts[-1]
        underscore = end < len(s) and s[end] == "_"
        if sub is not None and (last in ("pi", "e") or (last in FUNCTIONS and last != "log")):
            if underscore and last in FUNCTIONS:
                self.error(f"a subscript on {last!r} makes no sense", end, "only log takes one: log_2 x")
            if not underscore:
                sub, after = None, end       # sin2x is sin(2x), pi2 is pi·2
        # a multi-letter unknown word directly followed by '(' is an unknown function
        rest = s[end:].lstrip()
        if rest.startswith("(") and sub is None and len(word) >= 3 and all(len(p) == 1 for p in parts):
            self.error(f"unknown function {word!r}", i,
                       f"known functions: {', '.join(sorted(_UNARY | _VARIADIC))}; for a product write "
                       f"{'*'.join(word)}*(...)")
        pos = i
        for k, part in enumerate(parts):
            is_last = k == len(parts) - 1
            sp_before = space if k == 0 else False
            if is_last and sub is not None and part == "log":
                base = _number(sub, end) if sub.isdigit() else (sp.E if sub == "e" else _name_symbol(sub))
                self._add("func", "log", pos, part, sp_before, base=base)
            elif part in FUNCTIONS:
                self._add("func", _ALIASES.get(part, part), pos, part, sp_before)
            elif part == "pi":
                self._add("const", sp.pi, pos, part, sp_before)
            elif part in ("e", "E") and not (is_last and sub is not None):
                self._add("const", sp.E, pos, part, sp_before)
            else:
                name = part if not (is_last and sub is not None) else f"{part}{'_' if underscore else ''}{sub}"
                self._add("sym", _name_symbol(name), pos, part, sp_before)
            pos += len(part)
        return after

    def _split(self, word: str) -> list[str]:
        """Split a run of letters: longest known name first (functions, declared symbols, pi, Greek), else one
        letter. '3xy' is 3·x·y; 'xsinx' is x·sin·x; 'exp' stays exp."""
        known = self._known
        if known is None:
            known = self._known = sorted(set(FUNCTIONS) | set(self.symbols) | {"pi"}, key=len, reverse=True)
        out, i = [], 0
        while i < len(word):
            for name in known:
                if len(name) > 1 and word.startswith(name, i):
                    out.append(name)
                    i += len(name)
                    break
            else:
                out.append(word[i])
                i += 1
        return out

    def _command(self, i: int, space: bool) -> int:
        s, n = self.text, len(self.text)
        m = re.compile(r"\\([A-Za-z]+|.)").match(s, i)
        if not m:
            self.error("a lone backslash", i, "LaTeX commands look like \\frac, \\sin, \\cdot")
        cmd, end = m.group(1), m.end()
        if cmd in (",", ";", "!", ":", " ", "quad", "qquad"):
            return end
        if cmd in ("{", "}"):
            self._add("op", "(" if cmd == "{" else ")", i, m.group(0), space)
            return end
        if cmd == "|":
            self._add("op", "|", i, m.group(0), space)
            return end
        if cmd in ("cdot", "times", "ast"):
            self._add("op", "*", i, m.group(0), space)
            return end
        if cmd == "div":
            self._add("op", "/", i, m.group(0), space)
            return end
        if cmd in ("lvert", "rvert", "vert", "mid"):
            self._add("op", "|", i, m.group(0), space)
            return end
        if cmd in ("left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big"):
            j = end
            while j < n and s[j] == " ":
                j += 1
            if cmd in ("left", "right") and j < n and s[j] == ".":
                return j + 1
            return end
        if cmd in ("displaystyle",):
            return end
        if cmd in ("frac", "dfrac", "tfrac"):
            self._add("frac", None, i, m.group(0), space)
            return end
        if cmd == "sqrt":
            self._add("sqrt", None, i, m.group(0), space)
            return end
        if cmd in ("mathrm", "operatorname", "text", "mathit", "textrm", "mathbf"):
            j = end
            while j < n and s[j] == " ":
                j += 1
            if j >= n or s[j] != "{":
                self.error(f"\\{cmd} needs a braced argument", j, f"e.g. \\{cmd}{{relu}}(x)")
            k = s.find("}", j)
            if k < 0:
                self.error("unbalanced brace", j, "close it with }")
            inner = s[j + 1:k].strip()
            if not re.fullmatch(r"[A-Za-z]+", inner):
                self.error(f"unexpected \\{cmd} content {inner!r}", j + 1, "only names like relu, softplus")
            sub = _Lexer(inner, self.symbols | {inner} if inner not in FUNCTIONS else self.symbols)
            toks = sub.run()[:-1]
            for t in toks:
                t.pos += j + 1
            if toks:
                toks[0].space_before = space
            self.tokens.extend(toks)
            return k + 1
        if cmd == "pi":
            self._add("const", sp.pi, i, m.group(0), space)
            return end
        if cmd == "log":
            # \log_2 x, \log_{10}(x)
            j = end
            if j < n and s[j] == "_":
                if j + 1 < n and s[j + 1] == "{":
                    k = s.find("}", j + 2)
                    if k < 0:
                        self.error("unbalanced brace in the base of \\log", j + 1, "write \\log_{10}(x)")
                    sub = s[j + 2:k].strip()
                    after = k + 1
                else:
                    sub = s[j + 1:j + 2]
                    after = j + 2
                if re.fullmatch(r"\d+", sub):
                    base = _number(sub, j + 1)
                elif re.fullmatch(r"[A-Za-z]", sub):
                    base = sp.E if sub == "e" else _name_symbol(sub)
                else:
                    self.error("the base of \\log must be a number or a letter", j + 1, "e.g. \\log_2 x")
                self._add("func", "log", i, m.group(0), space, base=base)
                return after
            self._add("func", "log", i, m.group(0), space)
            return end
        if cmd in _LATEX_FUNCS:
            self._add("func", cmd, i, m.group(0), space)
            return end
        if cmd == "exp":
            self._add("func", "exp", i, m.group(0), space)
            return end
        if cmd in _GREEK or cmd == "lambda":
            self._add("sym", _name_symbol(cmd), i, m.group(0), space)
            return end
        if cmd == "e":
            self._add("const", sp.E, i, m.group(0), space)
            return end
        self.error(f"unknown LaTeX command \\{cmd}", i,
                   "supported: \\frac \\sqrt \\cdot \\times \\ln \\log \\exp \\sin … \\sigma \\pi \\left \\right")


def _number(text: str, pos: int) -> sp.Rational:
    """An exact number from the digits typed (0.25 → 1/4, 1e3 → 1000)."""
    mant, _, exp = text.lower().partition("e")
    if "." in mant:
        whole, frac = mant.split(".")
        num = int((whole or "0") + frac)
        den = 10 ** len(frac)
    else:
        num, den = int(mant), 1
    if exp:
        k = int(exp)
        if abs(k) > MAX_DIGITS:
            raise ParseError("number too large", pos, f"exponents in number literals are limited to {MAX_DIGITS}")
        if k >= 0:
            num *= 10 ** k
        else:
            den *= 10 ** (-k)
    return sp.Rational(num, den)


# ---------------------------------------------------------------- building with structure kept


def is_held(e: sp.Basic) -> bool:
    """True for a quotient kept as the user wrote it (an unevaluated Pow(b, -1) alone or in a product)."""
    if e.is_Pow and e.exp == -1 and not e.base.is_Number:
        return True
    return e.is_Mul and any(a.is_Pow and a.exp == -1 and not a.base.is_Number for a in e.args)


def mul(factors: Iterable[sp.Expr]) -> sp.Expr:
    factors = list(factors)
    if not any(is_held(f) for f in factors):
        return sp.Mul(*factors)
    coeff, rest = sp.Integer(1), []
    for f in factors:
        for a in (f.args if f.is_Mul else (f,)):
            if a.is_Number:
                coeff *= a
            else:
                rest.append(a)
    if coeff == 0:
        return sp.Integer(0)
    if coeff != 1:
        rest.insert(0, coeff)
    if len(rest) == 1:
        return rest[0]
    return sp.Mul(*rest, evaluate=False)


def evaluate_constant(e: sp.Expr, t: Token | None = None) -> sp.Expr:
    """A function of numbers, evaluated; ParseError when it is undefined (ln 0, tan(π/2), 1/0)."""
    val = e.func(*e.args) if isinstance(e, (sp.Function, sp.Pow)) else e
    if val.has(sp.zoo, sp.nan, sp.oo, sp.S.NegativeInfinity):
        shown = t.text if t is not None else str(e)
        raise ParseError(f"{shown}(…) is undefined here ({e} = {val})", t.pos if t is not None else None,
                         "check the argument: ln and log need a positive number, 1/0 is undefined")
    return val


def div(a: sp.Expr, b: sp.Expr, pos: int | None = None) -> sp.Expr:
    if b == 0:
        raise ParseError("division by zero", pos, None)
    if b.is_Number:
        return mul([a, 1 / b])
    inv = sp.Pow(b, -1, evaluate=False)
    if a == 1:
        return inv
    return mul([a, inv])


def neg(a: sp.Expr) -> sp.Expr:
    return mul([sp.Integer(-1), a])


def power(b: sp.Expr, e: sp.Expr, pos: int | None = None) -> sp.Expr:
    if e.is_Number:
        if abs(e) > MAX_EXPONENT:
            raise ParseError(f"exponent too large ({e}; the limit is {MAX_EXPONENT})", pos,
                             "such powers cannot be computed or differentiated usefully")
        if b.is_Number and b != 0:
            bits = abs(float(e)) * max(1.0, abs(float(sp.log(abs(b), 2).evalf(5))) if abs(b) != 1 else 1.0)
            if bits > MAX_POWER_BITS:
                raise ParseError("number too large", pos, "this power has thousands of digits")
        if b == 0 and e.is_negative:
            raise ParseError("division by zero (0 to a negative power)", pos, None)
    if b is sp.E:
        return sp.exp(e, evaluate=False)
    if is_held(b):
        return sp.Pow(b, e, evaluate=False)
    return sp.Pow(b, e)


def _rebuild(e: sp.Basic, args: list) -> sp.Basic:
    # functions of plain numbers are evaluated (sin(0) = 0); functions of variables or of other functions stay
    # unevaluated (SymPy's evaluation asks assumption questions that can take minutes on nested ones)
    if (isinstance(e, (sp.Function, sp.Max, sp.Min)) and not isinstance(e, sp.Piecewise)
            and any(a.free_symbols or a.atoms(sp.Function) for a in args)):
        return e.func(*args, evaluate=False)
    return e.func(*args)


def evaluate(e: sp.Basic) -> sp.Basic:
    """The expression with SymPy's automatic simplification of sums, products and powers applied (held
    quotients and log bases undone). Function applications are rebuilt unevaluated, which is cheap even for
    deeply nested ones."""
    if not e.args:
        return e
    args = [evaluate(a) for a in e.args]
    if isinstance(e, mf.log_base):
        return sp.log(args[0], evaluate=False) / sp.log(args[1], evaluate=False)
    return _rebuild(e, args)


def hide_constants(e: sp.Basic) -> tuple[sp.Basic, dict]:
    """Stand symbols in for constant subexpressions made of functions (ln(arcsin(e)), sec(sinh(sinh(30)))):
    SymPy's rewrites and assumption queries may evaluate those to thousands of digits. Returns the expression
    and the mapping back (apply it with :func:`substitute`)."""
    consts: dict[sp.Basic, sp.Symbol] = {}

    def hide(node):
        if not node.args:
            return node
        if not node.free_symbols and node.atoms(sp.Function):
            if node not in consts:
                consts[node] = sp.Symbol(f"_const{len(consts)}")
            return consts[node]
        args = [hide(a) for a in node.args]
        return node if all(a is b for a, b in zip(args, node.args)) else _rebuild(node, args)

    out = hide(e)
    return out, {v: k for k, v in consts.items()}


def substitute(e: sp.Basic, mapping: dict) -> sp.Basic:
    """``e.xreplace(mapping)`` without re-evaluating function applications (see :func:`evaluate`)."""
    if e in mapping:
        return mapping[e]
    if not e.args:
        return e
    args = [substitute(a, mapping) for a in e.args]
    if all(a is b for a, b in zip(args, e.args)):
        return e
    return _rebuild(e, args)


# ---------------------------------------------------------------- the grammar


_STARTS = {"num", "sym", "const", "func", "frac", "sqrt"}


class _Parser:
    def __init__(self, text: str, tokens: list[Token]):
        self.text = text
        self.toks = tokens
        self.i = 0
        self.depth = 0
        self.abs_depth = 0

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
            what = {")": "parenthesis", "}": "brace", "|": "absolute-value bar"}.get(val, val)
            raise ParseError(f"unbalanced {what}: {opener.text!r} at position {opener.pos} is never closed",
                             t.pos, f"add {val!r}")
        raise ParseError(f"expected {val!r}", t.pos, None)

    def enter(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"the formula is nested too deeply (limit {MAX_DEPTH})", self.tok.pos,
                             "simplify the formula or split it into parts")

    def leave(self):
        self.depth -= 1

    # grammar
    def parse(self) -> sp.Expr:
        if self.tok.kind == "end":
            raise ParseError("empty formula", 0, "type a function such as x**2 + 3*x")
        e = self.expr()
        t = self.tok
        if t.kind != "end":
            if t.kind == "op" and t.value in (")", "}"):
                raise ParseError(f"unbalanced parenthesis: {t.text!r} has no matching opening bracket", t.pos,
                                 "remove it or add the opening bracket")
            if t.kind == "op" and t.value == ",":
                raise ParseError("unexpected ','", t.pos, "commas only separate function arguments: log(x, 2)")
            raise ParseError(f"unexpected {t.text!r}", t.pos, "an operator may be missing")
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
            if t.value in ("(", "{", "sqrt_sym"):
                return True
            if t.value == "|":
                return self.abs_depth == 0
        return False

    def term(self) -> sp.Expr:
        left = self.unary()
        while True:
            t = self.tok
            if self.is_op("*"):
                self.next()
                if self.is_op("*", "/", "^"):
                    raise ParseError(f"unexpected {self.tok.text!r} after '*'", self.tok.pos,
                                     "did you mean x**2 (power) or x*2 (product)?")
                left = mul([left, self.unary()])
            elif self.is_op("/"):
                self.next()
                right = self.unary()
                left = div(left, right, t.pos)
            elif self._starts_implicit():
                prev = self.toks[self.i - 1]
                if t.kind == "num" and prev.kind in ("num", "sup"):
                    raise ParseError(f"two numbers in a row ({prev.text} {t.text})", t.pos,
                                     "an operator is missing, e.g. 2*3 or 2^3")
                left = mul([left, self.power()])
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
        base = self.postfix()
        if self.is_op("^"):
            op = self.next()
            if self.tok.kind == "end" or self.is_op(")", "}", "+", "*", "/", "^", ","):
                raise ParseError(f"missing exponent after {op.text!r}", self.tok.pos,
                                 f"did you mean {self.text[:op.pos].strip() or 'x'}**2?")
            self.enter()
            ex = self.unary()
            self.leave()
            return power(base, ex, op.pos)
        return base

    def postfix(self) -> sp.Expr:
        e = self.primary()
        while self.tok.kind == "sup":
            t = self.next()
            e = power(e, t.value, t.pos)
        return e

    def group(self) -> sp.Expr:
        """'(' expr ')' or '{' expr '}' (LaTeX braces group too)."""
        opener = self.next()
        close = _OPEN[opener.value]
        if self.is_op(close):
            raise ParseError("empty brackets", self.tok.pos, "put an expression inside")
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
                raise ParseError("\\frac needs two braced arguments", self.tok.pos, "\\frac{a}{b}")
            num = self.group()
            if not self.is_op("{"):
                raise ParseError("\\frac needs two braced arguments", self.tok.pos, "\\frac{a}{b}")
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
                raise ParseError("\\sqrt needs a braced argument", self.tok.pos, "\\sqrt{x} or \\sqrt[3]{x}")
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
            if t.value == "sqrt_sym":
                self.next()
                self.enter()
                arg = self.postfix()
                self.leave()
                return sp.sqrt(arg)
            if t.value in (")", "}"):
                raise ParseError(f"unbalanced parenthesis: unexpected {t.text!r}", t.pos,
                                 "an operand is missing before it")
            raise ParseError(f"unexpected {t.text!r}", t.pos, "an operand is missing here")
        if t.kind == "sup":
            raise ParseError("a superscript needs something to raise", t.pos, "write x² or x^2")
        raise ParseError("unexpected end of the formula", t.pos, "the formula is incomplete")

    def function(self) -> sp.Expr:
        t = self.next()
        name = t.value
        base = t.base
        fpow = None
        if self.is_op("^"):  # sin^2 x, \sin^{2}(x)
            op = self.next()
            self.enter()
            fpow = self.postfix()
            self.leave()
            if fpow == -1 and name != "sigma":
                raise ParseError(f"{t.text}^-1 is ambiguous", op.pos, "write arcsin(x) or 1/sin(x)")
        elif self.tok.kind == "sup":
            fpow = self.next().value
        if self.is_op("(", "{"):
            args = self.arguments()
        elif self.tok.kind in ("num", "sym", "const", "func", "sqrt", "frac") or self.is_op("-", "sqrt_sym", "|"):
            args = [self.bare_argument()]
        else:
            if name == "sigma" and fpow is None:  # \sigma alone is a variable σ
                return _name_symbol("sigma")
            raise ParseError(f"{t.text} needs an argument", self.tok.pos, f"write {t.text}(x)")
        out = self.apply(name, base, args, t)
        if fpow is not None:
            out = power(out, fpow, t.pos)
        return out

    def arguments(self) -> list[sp.Expr]:
        opener = self.next()
        close = _OPEN[opener.value]
        if self.is_op(close):
            raise ParseError("empty brackets", self.tok.pos, "put the argument inside: sin(x)")
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
        factors = [self.postfix_power()]
        while self.tok.kind in ("num", "sym", "const"):
            factors.append(self.postfix_power())
        self.leave()
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
        if name in _VARIADIC:
            if len(args) < 2:
                raise ParseError(f"{name} needs at least two arguments", t.pos, f"e.g. {name}(0, x)")
            return _VARIADIC[name](*args, evaluate=False)
        if name == "log":
            if base is not None and len(args) == 1:
                args = [args[0], base]
            if len(args) == 2:
                b = args[1]
                if b == sp.E:
                    return sp.log(args[0], evaluate=False)
                if b.is_number and (b.is_positive is False or b == 1):
                    raise ParseError(f"invalid logarithm base {b}", t.pos, "the base must be positive and not 1")
                return mf.log_base(args[0], b, evaluate=False)
        if len(args) != 1:
            raise ParseError(f"{t.text} takes one argument, got {len(args)}", t.pos,
                             "log(x, b) is the only function with a second argument (its base)")
        # functions are built unevaluated: SymPy's automatic evaluation of nested functions asks assumption
        # questions whose cost grows exponentially with the depth (tanh ten deep takes minutes)
        return _UNARY[name](args[0], evaluate=False)


def parse(text: str, symbols: Iterable[str] | None = None) -> sp.Expr:
    """Parse a formula into a SymPy expression, safely (no eval).

    ``symbols``: multi-letter names to keep whole (``parse("3xy", symbols=["xy"])`` is 3·xy, not 3·x·y).
    Raises :class:`~mibun.errors.ParseError` (a ValueError) with the position and a hint.
    """
    if isinstance(text, sp.Basic):
        return text
    if not isinstance(text, str):
        raise ParseError(f"parse() needs a string, got {type(text).__name__}", None,
                         "pass the formula as text, e.g. mb.parse('x**2')")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the formula is too long ({len(text)} characters; the limit is {MAX_LENGTH})", MAX_LENGTH,
                         "differentiate it in parts")
    syms = frozenset(symbols or ())
    for name in syms:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name) or "__" in name:
            raise ParseError(f"invalid symbol name {name!r}", None, "names are letters, digits and single '_'")
    offset = len(text) - len(text.lstrip())
    text = text.strip()
    if text.startswith("$") and text.endswith("$"):
        text = text.strip("$")
        offset += 1
    m = _LHS.match(text)
    if m and text.count("=") == 1:  # "y = x^2", "f(x) = x^2": the right-hand side is the formula
        offset += m.end()
        text = text[m.end():]
    try:
        tokens = _Lexer(text, syms).run()
        return _Parser(text, tokens).parse()
    except ParseError as err:
        if offset and err.position is not None:
            raise ParseError(str(err).split(" (at position")[0], err.position + offset, err.hint) from None
        raise
    except (TypeError, ValueError, ArithmeticError, AttributeError) as err:  # SymPy refused to build it
        raise ParseError(f"cannot build this formula: {err}", None, "check for undefined values such as ln(0)") \
            from None


_LHS = re.compile(r"\s*(?:[A-Za-z]\w*|[A-Za-z]\w*\s*\(\s*[A-Za-z]\w*(?:\s*,\s*[A-Za-z]\w*)*\s*\))\s*=(?!=)")


__all__ = ["parse", "evaluate", "substitute", "hide_constants", "is_held", "FUNCTIONS", "MAX_LENGTH", "MAX_DEPTH", "MAX_EXPONENT", "MAX_DIGITS"]
