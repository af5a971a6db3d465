"""The tokenizer: numbers, names (split into known functions, declared symbols and single letters),
operators, Unicode superscripts and Greek letters. LaTeX commands are tokenized by :mod:`.latex`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NoReturn

import sympy as sp

from mibun.errors import ParseError
from mibun.symbolic.parser.limits import MAX_DIGITS
from mibun.symbolic.parser.names import (
    _CODE_WORDS,
    _GREEK,
    _NO_FUNCTION,
    _UNICODE_GREEK,
    FUNCTIONS,
    canonical,
    known_names,
    suggest,
)
from mibun.symbolic.parser.notes import Note, add

_SUPER_FROM, _SUPER_TO = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ˣʸⁿᵗᵃᵇᶜᵏᵐⁱʲᵘᵛᶻ", "0123456789-+()xyntabckmijuvz"
_SUPERSCRIPTS = str.maketrans(_SUPER_FROM, _SUPER_TO)
_SUPER_CHARS = frozenset(_SUPER_FROM)
_DIGITS = frozenset("0123456789")
_SINGLE = {"+": "+", "-": "-", "−": "-", "–": "-", "*": "*", "·": "*", "×": "*", "⋅": "*", "/": "/", "÷": "/",
           "^": "^", "(": "(", ")": ")", "[": "(", "]": ")", "{": "{", "}": "}", "|": "|", ",": ",",
           "√": "sqrt_sym", "∛": "cbrt_sym", "∜": "qrt_sym", "_": "_"}
_OPEN = {"(": ")", "{": "}"}


@dataclass
class Token:
    kind: str        # num, sym, const, func, op, frac, sqrt, end
    value: Any
    pos: int
    text: str = ""
    base: Any = None   # log base for func tokens (log_2)
    space_before: bool = False


def _name_symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name)


class Lexer:
    _NUM = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
    _WORD = re.compile(r"[A-Za-z]+")

    def __init__(self, text: str, symbols: frozenset[str], notes: list[Note] | None = None):
        self.text = text
        self.symbols = symbols
        self.notes: list[Note] = notes if notes is not None else []
        self.tokens: list[Token] = []
        self._known: list[str] | None = None

    def error(self, key: str, pos: int | None, hint: str | None = None, **fields: Any) -> NoReturn:
        """Raise ``ParseError(key, pos, hint, **fields)`` (``key`` and ``hint``: catalogue keys)."""
        raise ParseError(key, pos, hint, **fields)

    def run(self) -> list[Token]:
        s, i, n = self.text, 0, len(self.text)
        space = False
        while i < n:
            c = s[i]
            if c.isspace():
                i += 1
                space = True
                continue
            if c in _DIGITS or (c == "." and i + 1 < n and s[i + 1] in _DIGITS):
                m = self._NUM.match(s, i)
                assert m is not None
                text = m.group(0)
                digits = sum(ch.isdigit() for ch in text)
                if digits > MAX_DIGITS:
                    self.error("symbolic.err.number_literal_too_long", i,
                               "symbolic.hint.smaller_number_power_such", digits=digits, limit=MAX_DIGITS)
                value = _number(text, i)
                if m.group(0) != m.group(1) and "e" not in self.symbols:   # 1e-3: scientific notation
                    mant, _, ex = text.lower().partition("e")
                    add(self.notes, "symbolic.note.scientific", typed=text, value=_plain(value),
                        other=f"{mant}·e{' ' + ex[0] + ' ' + ex[1:] if ex[0] in '+-' else '·' + ex}")
                elif m.group(0) != m.group(1):          # e is a variable here: 2e3 is 2·e·3? no: 2·e^… keep
                    text = m.group(1)
                    value = _number(text, i)
                    m = re.compile(re.escape(text)).match(s, i)
                    assert m is not None
                self._add("num", value, i, text, space)
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
                if re.fullmatch(r"[-+]?\d+", raw):
                    self._add("sup", sp.Integer(int(raw)), i, s[i:j], space)
                elif re.fullmatch(r"[-+]?[0-9A-Za-z()+\-]+", raw) and raw.count("(") == raw.count(")"):
                    inner = type(self)(raw, self.symbols, self.notes)   # eˣ, x⁻ⁿ, e⁽²ˣ⁾
                    toks = inner.run()
                    for tk in toks:
                        tk.pos += i
                    self._add("sup", toks, i, s[i:j], space)
                else:
                    self.error("symbolic.err.malformed_superscript_exponent", i, "symbolic.hint.power_example")
                i = j
            elif c in _SINGLE:
                self._add("op", _SINGLE[c], i, c, space)
                i += 1
            elif c == "=":
                self.error("symbolic.err.equation_not_expression", i,
                           "symbolic.hint.only_right_hand_side")
            elif c in "'\"":
                raise ParseError("symbolic.err.quotes", i, "symbolic.hint.quotes")
            elif c == "!":
                self.error("symbolic.err.factorials_not_supported", i, None)
            elif c == ".":
                self.error("symbolic.err.unexpected_dot", i, "symbolic.hint.attribute_access_not_allowed")
            else:
                raise ParseError("symbolic.err.unexpected_character", i, "symbolic.hint.unexpected_character", char=c)
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
                self.error("symbolic.err.names_not_allowed", i, "symbolic.hint.dunder_names_python_code")
            if i + 1 < n and s[i + 1] == "{":
                j = s.find("}", i + 2)
                if j < 0:
                    self.error("symbolic.err.unbalanced_brace_subscript", i + 1, "symbolic.hint.close_brace")
                sub = s[i + 2:j].strip()
                if not re.fullmatch(r"[A-Za-z0-9]+", sub):
                    self.error("symbolic.err.subscript_letters_digits", i + 2, "symbolic.hint.subscript_example")
                return sub, j + 1
            m = re.compile(r"[0-9]+|[A-Za-z][A-Za-z0-9]*").match(s, i + 1)  # log_2x is log_2(x)
            if m:
                return m.group(0), m.end()
        return None, i

    def _word(self, i: int, space: bool) -> int:
        s = self.text
        m = self._WORD.match(s, i)
        assert m is not None
        word, end = m.group(0), m.end()
        if end < len(s) and s[end] == "_" and end + 1 < len(s) and s[end + 1] == "_":
            self.error("symbolic.err.names_not_allowed", end, "symbolic.hint.dunder_names_python_code")
        if word in _CODE_WORDS and word not in self.symbols:
            if word not in _NO_FUNCTION:
                self.error("symbolic.err.code_word", i, "symbolic.hint.python_code", word=word)
        if word in _NO_FUNCTION and word not in self.symbols:
            self.error("symbolic.err.unknown_function_named", i, _NO_FUNCTION[word], word=word)
        word = self._case(word, i)
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
                self.error("symbolic.err.subscript_makes_no_sense", end, "symbolic.hint.subscript_only_log", last=last)
            if not underscore:
                sub, after = None, end       # sin2x is sin(2x), pi2 is pi·2
        # a multi-letter unknown word directly followed by '(' is an unknown function
        rest = s[end:].lstrip()
        if rest.startswith("(") and sub is None and len(word) >= 3 and last not in FUNCTIONS \
                and not any(p in self.symbols for p in parts):
            close = suggest(word)
            if close:
                raise ParseError("symbolic.err.unknown_function_suggest", i, "symbolic.hint.unknown_function_suggest",
                                 name=word, suggestion=close, product="*".join(parts))
            if all(len(p) == 1 for p in parts):
                raise ParseError("symbolic.err.unknown_function", i, "symbolic.hint.unknown_function", name=word,
                                 known=", ".join(known_names()), product="*".join(word))
        pos = i
        for k, part in enumerate(parts):
            is_last = k == len(parts) - 1
            sp_before = space if k == 0 else False
            if is_last and sub is not None and part == "log":
                base = _number(sub, end) if sub.isdigit() else (sp.E if sub == "e" else _name_symbol(sub))
                self._add("func", "log", pos, part, sp_before, base=base)
            elif part in self.symbols:
                self._add("sym", _name_symbol(part), pos, part, sp_before)
            elif part in FUNCTIONS:
                self._add("func", canonical(part), pos, part, sp_before)
            elif part == "pi":
                self._add("const", sp.pi, pos, part, sp_before)
            elif part in ("e", "E") and not (is_last and sub is not None):
                self._add("const", sp.E, pos, part, sp_before)
            else:
                name = part if not (is_last and sub is not None) else f"{part}{'_' if underscore else ''}{sub}"
                self._add("sym", _name_symbol(name), pos, part, sp_before)
            pos += len(part)
        return after

    def _case(self, word: str, pos: int) -> str:
        """``Ln``, ``Sin``, ``LOG``: a function name typed with capitals is read as the function (with a note)."""
        if word.islower() or word in self.symbols or word in FUNCTIONS or word in ("E", "Pi", "PI"):
            return word
        for k in range(len(word), 1, -1):
            head = word[:k]
            low = head.lower()
            if low in FUNCTIONS and head not in FUNCTIONS and len(low) >= 2:
                add(self.notes, "symbolic.note.capital_function", typed=head, read=canonical(low))
                fixed = low + word[k:]
                self.text = self.text[:pos] + fixed + self.text[pos + len(word):]
                return fixed
        return word

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
        from mibun.symbolic.parser.latex import command

        return command(self, i, space)


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
            raise ParseError("symbolic.err.number_too_large", pos, "symbolic.hint.exponents_number_literals_limited",
                             limit=MAX_DIGITS)
        if k >= 0:
            num *= 10 ** k
        else:
            den *= 10 ** (-k)
    return sp.Rational(num, den)


def _plain(v: sp.Rational) -> str:
    """A rational as a decimal when it is one (1/1000 → 0.001)."""
    if v.q == 1:
        return str(v.p)
    d = v.q
    k = 0
    while d % 10 == 0:
        d //= 10
        k += 1
    if d == 1:
        return f"{float(v):.{k}f}".rstrip("0").rstrip(".") if k <= 12 else str(v)
    return str(v)


def split_top_level(text: str, seps: str = ",") -> list[str]:
    """``text`` split at the characters ``seps`` outside brackets (``x=f(1,2), y=3`` → two parts), each part
    stripped, empty parts dropped."""
    parts: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p for p in (q.strip() for q in parts) if p]

