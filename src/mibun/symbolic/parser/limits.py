"""Size limits that keep hostile or absurd input cheap: the text length, the nesting depth, the size of
number literals and of exponents, and numbers computed from number ** number. Anything over is a
:class:`~mibun.errors.ParseError`."""

from __future__ import annotations

MAX_LENGTH = 4000          #: characters of input
MAX_DEPTH = 100            #: nesting of brackets, signs and powers
MAX_DIGITS = 30            #: digits in one number literal
MAX_EXPONENT = 1000        #: |n| of a numeric exponent
MAX_POWER_BITS = 20000     #: size of a number computed from number ** number
