"""Argument helpers shared by the subcommands: common options and safe parsing of ``--at x=3,y=-2``.
Values are numbers, or short expressions (``pi/2``, ``1/3``, ``e``) read by mibun's own parser —
never by eval."""

from __future__ import annotations

import argparse
import math

from mibun.errors import InputError


def common(parser: argparse.ArgumentParser) -> None:
    """--lang, --json and --debug on a subcommand too (so they work before or after its name)."""
    parser.add_argument("--lang", choices=["ko", "en"], default=argparse.SUPPRESS,
                        help="language of explanations: ko or en")
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print machine-readable JSON")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show full tracebacks")
    from mibun.cli.guard import add_option

    add_option(parser)


def number(text: str, what: str = "value") -> float:
    """A float from ``3``, ``-2.5``, ``1e-3``, ``inf``, ``pi``, ``pi/2``, ``1/3``, ``e``, ``oo``."""
    s = text.strip()
    low = s.lower()
    if low in ("inf", "+inf", "oo", "+oo", "∞", "+∞", "infinity"):
        return math.inf
    if low in ("-inf", "-oo", "-∞", "-infinity"):
        return -math.inf
    if low in ("nan", "+nan", "-nan"):
        from mibun.budget import to_float

        return to_float(math.nan, what)  # refused: NaN is not a point
    try:
        v = float(s)
    except ValueError:
        pass
    else:
        from mibun.budget import to_float

        return to_float(v, what, text=s)  # 1e400 is not silently infinity
    try:
        from mibun.symbolic import parse
    except ImportError:  # pragma: no cover - the parser ships with mibun.symbolic
        raise InputError("cli.err.not_number", flag=what, text=repr(text)) from None
    try:
        val = parse(s)
        if val.free_symbols:
            raise InputError("cli.err.number_not_expr", flag=what, text=repr(text),
                             names=", ".join(sorted(map(str, val.free_symbols))))
        from mibun.budget import to_float

        return to_float(val.evalf(), what, text=s)
    except InputError:
        raise
    except (ValueError, TypeError) as exc:
        raise InputError("cli.err.not_number_detail", flag=what, text=repr(text), detail=str(exc)) from None


def seed(text: str) -> int:
    """A random seed for argparse (``type=seed``): a whole number from 0 to 2**63 - 1 (NumPy refuses others)."""
    value = int(text)
    if not 0 <= value < 2**63:
        raise ValueError(text)
    return value


def expression(text: str):
    """The SymPy expression of the user's text, through mibun's own parser (never eval)."""
    from mibun.symbolic import parse

    return parse(text)


def point(text: str | None) -> dict[str, float]:
    """``x=3,y=-2`` → {"x": 3.0, "y": -2.0}."""
    if not text:
        return {}
    out: dict[str, float] = {}
    for part in _split_top(text):
        if "=" not in part:
            raise InputError("cli.err.at_pairs", text=repr(text))
        name, value = part.split("=", 1)
        name = name.strip()
        if not name.isidentifier():
            raise InputError("cli.err.at_name", name=repr(name))
        out[name] = number(value, what=f"--at {name}")
    return out


def _split_top(text: str) -> list[str]:
    """Split on commas outside brackets (so ``x=f(1,2)`` stays one part)."""
    from mibun.symbolic.parser.lexer import split_top_level

    return split_top_level(text, ",")


__all__ = ["seed", "common", "expression", "number", "point"]
