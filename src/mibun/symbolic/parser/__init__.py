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

Modules: :mod:`.names` (every known name, one table), :mod:`.lexer` (tokens), :mod:`.latex` (LaTeX
commands), :mod:`.grammar` (the grammar), :mod:`.build` (building SymPy objects with structure kept),
:mod:`.limits` (size limits).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import sympy as sp

from mibun.errors import ParseError
from mibun.symbolic.parser.build import (
    div,
    evaluate,
    evaluate_constant,
    hide_constants,
    is_held,
    mul,
    neg,
    power,
    substitute,
)
from mibun.symbolic.parser.grammar import Parser
from mibun.symbolic.parser.lexer import Lexer, Token
from mibun.symbolic.parser.limits import MAX_DEPTH, MAX_DIGITS, MAX_EXPONENT, MAX_LENGTH, MAX_POWER_BITS
from mibun.symbolic.parser.names import FUNCTIONS
from mibun.symbolic.parser.normalize import normalize
from mibun.symbolic.parser.notes import Note
from mibun.symbolic.parser.request import Parsed, read


def parse_with_notes(text: str, symbols: Iterable[str] | None = None, wrt: str | None = None) -> Parsed:
    """Parse a line as a student writes it: the formula, how it was read (``.notes``: ambiguous readings and
    how to write the other one), and what it asks for (``d/dx …``, ``y'``, ``f'(2)``, an equation for implicit
    differentiation). ``wrt`` (a variable name such as ``"e"``) is read as a variable, not a constant.

    Raises :class:`~mibun.errors.ParseError` (a ValueError) with the position and a hint."""
    if isinstance(text, sp.Basic):
        return Parsed(text)
    if not isinstance(text, str):
        raise ParseError("symbolic.err.parse_needs_string", None,
                         "symbolic.hint.pass_formula_as_text", type=type(text).__name__)
    if len(text) > MAX_LENGTH:
        raise ParseError("symbolic.err.formula_too_long_characters", MAX_LENGTH,
                         "symbolic.hint.differentiate_parts", n_text=len(text), limit=MAX_LENGTH)
    names = set(symbols or ())
    if isinstance(wrt, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", wrt.strip()) and "__" not in wrt:
        names.add(wrt.strip())
    syms = frozenset(names)
    for name in syms:
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name) or "__" in name:
            raise ParseError("symbolic.err.invalid_symbol_name", None, "symbolic.hint.names_letters_digits_single",
                             name=name)
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    if len(body) >= 2 and body.startswith("$") and body.endswith("$"):
        inner = body.strip("$")
        lead += (len(body) - len(body.lstrip("$")))
        body = inner
    norm, origin = normalize(body)
    notes: list[Note] = []

    def formula(part: str, offset: int) -> sp.Expr:
        try:
            tokens = Lexer(part, syms, notes).run()
            return Parser(part, tokens, notes).parse()
        except ParseError as err:
            if err.position is not None:
                err.position += offset
            raise

    try:
        return read(norm, formula, notes)
    except ParseError as err:
        if err.position is not None:
            err.position = origin[max(0, min(err.position, len(origin) - 1))] + lead
        raise
    except (TypeError, ValueError, ArithmeticError, AttributeError) as err:  # SymPy refused to build it
        raise ParseError("symbolic.err.cannot_build_formula", None, "symbolic.hint.check_undefined_values_such",
                         err=err) \
            from None


def parse(text: str, symbols: Iterable[str] | None = None) -> sp.Basic:
    """Parse a formula into a SymPy expression, safely (no eval).

    ``symbols``: multi-letter names to keep whole (``parse("3xy", symbols=["xy"])`` is 3·xy, not 3·x·y), and
    letters to read as variables (``symbols=["e"]``: e is a variable, not Euler's number). A derivative request
    (``d/dx x^2``) is an unevaluated ``Derivative``, an equation (``x^2 + y^2 = 25``) an ``Eq``; ``y = …`` is
    its right-hand side. How ambiguous input was read: :func:`parse_with_notes`.
    Raises :class:`~mibun.errors.ParseError` (a ValueError) with the position and a hint.
    """
    if isinstance(text, sp.Basic):
        return text
    return parse_with_notes(text, symbols).value


__all__ = ["parse", "parse_with_notes", "Parsed", "Note", "evaluate", "substitute", "hide_constants", "is_held",
           "mul", "div", "neg", "power", "evaluate_constant", "Token", "FUNCTIONS", "MAX_LENGTH", "MAX_DEPTH",
           "MAX_EXPONENT", "MAX_DIGITS", "MAX_POWER_BITS"]
