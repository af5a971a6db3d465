"""Exercise templates for each chapter of the course (the chapter keys of DESIGN.md), three levels each.

A template takes a NumPy random generator and returns a :class:`Template`: the task text (in the notation
students write), its kind, the variable(s), the limit point, and extra hint keys (limits have no rule tree
to draw hints from). Numbers are drawn from small ranges so that answers stay readable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Template:
    task: str
    kind: str = "derivative"
    wrt: str | None = None
    to: str | None = None
    hints: list[tuple[str, dict]] = field(default_factory=list)


Gen = Callable[[np.random.Generator], Template]


def _i(rng: np.random.Generator, lo: int, hi: int, avoid: tuple[int, ...] = (0,)) -> int:
    while True:
        v = int(rng.integers(lo, hi + 1))
        if v not in avoid:
            return v


def _c(k: int) -> str:
    """A coefficient as a student writes it: 1x → x, -1x → -x."""
    return "" if k == 1 else "-" if k == -1 else str(k)


def _s(k: int, term: str = "") -> str:
    """A signed term: + 3x, - 3x (nothing for 0)."""
    if k == 0:
        return ""
    sign = " + " if k > 0 else " - "
    return f"{sign}{_c(abs(k)) if term else abs(k)}{term}"


def _lim(task: str, to: str, *keys: str, var: str = "x") -> Template:
    return Template(task, "limit", var, to, [(f"answers.practice.hint.{k}", {"var": var, "to": to}) for k in keys])


# ------------------------------------------------------------------ limits
def _lim1(rng):
    a, k, p, q = _i(rng, 1, 5), _i(rng, 2, 6), _i(rng, 1, 4), _i(rng, -4, 4)
    return [
        _lim(f"(x^2 - {a * a})/(x - {a})", str(a), "limit_sub", "limit_factor"),
        _lim(f"sin({k}x)/x", "0", "limit_sub", "limit_known"),
        _lim(f"{_c(p)}x^2{_s(q, 'x')}", str(a), "limit_sub"),
    ][int(rng.integers(3))]


def _lim2(rng):
    p, r, s, a = _i(rng, 1, 6), _i(rng, 1, 6), _i(rng, 1, 5), _i(rng, 1, 4)
    return [
        _lim(f"({_c(p)}x^2 + {s})/({_c(r)}x^2 + {_c(a)}x)", "oo", "limit_leading"),
        _lim(f"(sqrt(x + {a * a}) - {a})/x", "0", "limit_sub", "limit_factor"),
        _lim(f"(1 - cos({a}x))/x^2", "0", "limit_sub", "limit_known"),
    ][int(rng.integers(3))]


def _lim3(rng):
    a, k = _i(rng, -3, 3), _i(rng, 1, 4)
    return [
        _lim(f"abs(x - {a})/(x - {a})" if a else "abs(x)/x", str(a), "limit_sub", "limit_sides"),
        _lim(f"1/(x - {a})^2" if a else "1/x^2", str(a), "limit_sub", "limit_sides"),
        _lim(f"-{k}/x^2", "0", "limit_sub", "limit_sides"),
        _lim(f"(1 + {k}/x)^x", "oo", "limit_known"),
    ][int(rng.integers(4))]


# ------------------------------------------------------------------ the difference quotient
def _dq(task: str) -> Template:
    return _lim(task, "0", "quotient_def", var="h")


def _dq1(rng):
    a, c = _i(rng, 1, 5), _i(rng, 2, 5)
    return [_dq(f"(({a} + h)^2 - {a * a})/h"), _dq(f"({c}({a} + h)^2 - {c * a * a})/h")][int(rng.integers(2))]


def _dq2(rng):
    n, c = _i(rng, 2, 3), _i(rng, 2, 5)
    return [_dq(f"((x + h)^{n} - x^{n})/h"), _dq(f"({c}(x + h)^2 - {c}x^2)/h")][int(rng.integers(2))]


def _dq3(rng):
    return [_dq("(sqrt(x + h) - sqrt(x))/h"), _dq("(1/(x + h) - 1/x)/h")][int(rng.integers(2))]


# ------------------------------------------------------------------ rules
def _pick(rng, items: list[str], **kw) -> Template:
    return Template(items[int(rng.integers(len(items)))], **kw)


def _basic1(rng):
    a, n, b, c = _i(rng, 2, 7), _i(rng, 2, 6), _i(rng, -6, 6), _i(rng, 1, 9)
    return _pick(rng, [f"{a}x^{n}{_s(b, 'x')} + {c}", f"x^{n} - {a}x", f"{a}x^{n} + {c}"])


def _basic2(rng):
    a, n, b, c = _i(rng, 2, 7), _i(rng, 2, 5), _i(rng, 2, 6), _i(rng, 2, 5)
    return _pick(rng, [f"{a}x^{n} - {b}/x + {c}sqrt(x)", f"{a}e^x + {b}ln(x)", f"{a}sin(x) + {b}cos(x)"])


def _basic3(rng):
    a, p, q, b = _i(rng, 2, 5), _i(rng, 1, 4), _i(rng, 2, 5, (0, 4)), _i(rng, 2, 5)
    first = f"{a}x^({p}/{q}) + {b}^x" if p % q else f"{a}x^{p} + {b}^x"
    return _pick(rng, [first, f"log_{b}(x) + {a}tan(x)", f"{a}cos(x) - e^x + {b}"])


def _pq1(rng):
    n = _i(rng, 2, 4)
    return _pick(rng, [f"x^{n} sin(x)", f"x^{n} e^x", "x cos(x)"])


def _pq2(rng):
    a, b, n = _i(rng, 1, 5), _i(rng, 1, 5), _i(rng, 1, 3)
    return _pick(rng, [f"(x^2 + {a})/(x - {b})", f"sin(x)/x^{n}", f"x^{n} ln(x)"])


def _pq3(rng):
    a = _i(rng, 1, 4)
    return _pick(rng, ["x^2 e^x cos(x)", f"e^x/({a} + e^x)", f"(x^2 + {a})ln(x)/x"])


def _ch1(rng):
    a, b, n = _i(rng, 2, 5), _i(rng, -5, 5), _i(rng, 2, 5)
    return _pick(rng, [f"({a}x{_s(b)})^{n}", f"sin({a}x)", f"e^({a}x^2)"])


def _ch2(rng):
    a, b, n = _i(rng, 1, 5), _i(rng, 1, 5), _i(rng, 2, 4)
    return _pick(rng, [f"sqrt({_c(a)}x^2 + {b})", f"ln(x^2 + {a})", f"cos(x^{n})"])


def _ch3(rng):
    a = _i(rng, 2, 4)
    return _pick(rng, [f"sin(e^({a}x))^2", f"e^(sin({a}x))", f"ln(cos(x)^2 + {a})"])


def _log1(rng):
    a = _i(rng, 2, 9)
    return _pick(rng, [f"{a}^x", f"log_{a}(x)", f"{a}^(x^2)"])


def _log2(rng):
    return _pick(rng, ["x^x", "x^(sin(x))", "x^(1/x)"])


def _log3(rng):
    a = _i(rng, 1, 4)
    return _pick(rng, [f"(x^2 + {a})^x", "x^(ln(x))", f"(sin(x) + {a + 1})^x"])


def _pg1(rng):
    a, n = _i(rng, 2, 5), _i(rng, 2, 4)
    v = ["x", "y"][int(rng.integers(2))]
    return _pick(rng, [f"x^{n} y + {a}y^2", f"{a}x y^2 - x^2"], kind="partial", wrt=v)


def _pg2(rng):
    v = ["x", "y"][int(rng.integers(2))]
    a = _i(rng, 2, 4)
    return _pick(rng, ["e^(x y)", "sin(x) cos(y)", f"ln(x^2 + {a}y^2)"], kind="partial", wrt=v)


def _pg3(rng):
    a = _i(rng, 2, 5)
    t = _pick(rng, [f"x^2 y + {a}y^3", "ln(x^2 + y^2)", f"e^x sin(y) + {a}x y"], kind="gradient", wrt="x, y")
    t.hints = [("answers.practice.hint.gradient", {})]
    return t


def _sce1(rng):
    a = _i(rng, 2, 5)
    return _pick(rng, [f"sigmoid({a}x)", f"tanh({a}x)", "sigmoid(x)^2"])


def _sce2(rng):
    t = _pick(rng, ["-ln(sigmoid(z))", "-ln(1 - sigmoid(z))", "e^a/(e^a + e^b)"], kind="partial")
    t.wrt = "z" if "z" in t.task else ["a", "b"][int(rng.integers(2))]
    t.hints = [("answers.practice.hint.ce", {})] if "z" in t.task else []
    return t


def _sce3(rng):
    t = _pick(rng, ["-(y ln(sigmoid(z)) + (1 - y)ln(1 - sigmoid(z)))", "-ln(e^a/(e^a + e^b + e^c))"],
              kind="partial")
    t.wrt = "z" if "z" in t.task else ["a", "b", "c"][int(rng.integers(3))]
    t.hints = [("answers.practice.hint.ce", {})]
    return t


def _lin1(rng):
    c = _i(rng, 2, 5)
    return [Template("w x + b", "partial", "w"), Template(f"({c}w + b - y)^2", "partial", "b"),
            Template("w x + b", "partial", "b")][int(rng.integers(3))]


def _lin2(rng):
    return [Template("(w x + b - y)^2", "partial", "w"), Template("(w x + b - y)^2", "gradient", "w, b"),
            Template("(w x + b - y)^2/2", "partial", "b")][int(rng.integers(3))]


def _lin3(rng):
    return [Template("sigmoid(w x + b)", "partial", "w"),
            Template("(w_1 x_1 + w_2 x_2 + b - y)^2", "gradient", "w_1, w_2, b"),
            Template("-ln(sigmoid(w x + b))", "partial", "w")][int(rng.integers(3))]


#: chapter key -> (level 1, level 2, level 3) generators
CHAPTERS: dict[str, tuple[Gen, Gen, Gen]] = {
    "limits": (_lim1, _lim2, _lim3),
    "difference_quotient": (_dq1, _dq2, _dq3),
    "basic_rules": (_basic1, _basic2, _basic3),
    "product_quotient": (_pq1, _pq2, _pq3),
    "chain_rule": (_ch1, _ch2, _ch3),
    "log_differentiation": (_log1, _log2, _log3),
    "partial_gradient": (_pg1, _pg2, _pg3),
    "sigmoid_softmax_ce": (_sce1, _sce2, _sce3),
    "linear_layer": (_lin1, _lin2, _lin3),
}

__all__ = ["CHAPTERS", "Template"]
