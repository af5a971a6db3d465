"""Grading a student's work: ``check_answer`` (a derivative, partial derivative, gradient or limit, with the
misconception named and the divergent step marked), ``practice`` (generated exercises per chapter, with
hints one rule at a time) and ``check_backprop`` (a hand-written backward pass, slip by slip).

    import mibun as mb
    r = mb.check_answer("x^2*sin(x)", "2x*cos(x)", lang="ko")
    r.correct, r.misconception, print(r.text())
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "check_answer": "mibun.answers.check", "AnswerCheck": "mibun.answers.result",
    "practice": "mibun.answers.practice", "Problem": "mibun.answers.practice", "CHAPTERS": "mibun.answers.chapters",
    "check_backprop": "mibun.answers.backprop", "BackpropReport": "mibun.answers.backprop",
    "CATALOGUE": "mibun.answers.catalogue", "Misconception": "mibun.answers.catalogue",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mibun.answers' has no attribute {name!r}")


__all__ = sorted(_LAZY)
