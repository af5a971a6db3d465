"""LaTeX commands in a formula: \\frac, \\sqrt, \\cdot, \\left/\\right, \\log_2, \\operatorname{relu},
Greek letters; each becomes one or more tokens of the same grammar as calculator input."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy as sp

from mibun.symbolic.parser.names import _GREEK, _LATEX_FUNCS, FUNCTIONS

if TYPE_CHECKING:
    from mibun.symbolic.parser.lexer import Lexer


def command(self: Lexer, i: int, space: bool) -> int:
    """Tokenize the LaTeX command at ``self.text[i]`` (a backslash); returns the index after it."""
    from mibun.symbolic.parser.lexer import _name_symbol, _number

    s, n = self.text, len(self.text)
    m = re.compile(r"\\([A-Za-z]+|.)").match(s, i)
    if m is None:
        self.error("symbolic.err.lone_backslash", i, "symbolic.hint.latex_commands_look_like")
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
            self.error("symbolic.err.needs_braced_argument", j, "symbolic.hint.latex_braced_example", cmd=cmd)
        k = s.find("}", j)
        if k < 0:
            self.error("symbolic.err.unbalanced_brace", j, "symbolic.hint.close_brace")
        inner = s[j + 1:k].strip()
        if not re.fullmatch(r"[A-Za-z]+", inner):
            self.error("symbolic.err.unexpected_content", j + 1, "symbolic.hint.only_names_like_relu",
                       cmd=cmd, inner=inner)
        inner_lexer = type(self)(inner, self.symbols | {inner} if inner not in FUNCTIONS else self.symbols)
        toks = inner_lexer.run()[:-1]
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
                    self.error("symbolic.err.unbalanced_brace_base_log", j + 1, "symbolic.hint.write_log_x")
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
                self.error("symbolic.err.base_log_number_letter", j + 1, "symbolic.hint.latex_log_base")
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
    self.error("symbolic.err.unknown_latex_command", i,
               "symbolic.hint.frac_sqrt_cdot_times", cmd=cmd)

