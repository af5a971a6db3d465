"""A task's worked derivation and the wrong answers its misconceptions give, computed once per (task,
variable) and reused: grading many answers to one task (a class's answers, a practice set, a corpus) derives
the task and generates the misconceptions' answers once instead of once per answer.

Both are deterministic functions of the task and the variable (the derivation is checked against SymPy at
fixed seeded points), so a reused result is the one a fresh computation gives. Each caller gets its own
copy of the step trees, since grading marks the step where an answer leaves the worked path. A computation
that raises (a spent budget, say) is not kept. ``cache_clear()`` empties both caches; ``cache_info()`` gives
the derivation cache's (hits, misses).
"""

from __future__ import annotations

import copy
import dataclasses
from functools import lru_cache
from typing import Any

import sympy as sp

from mibun.answers.generate import Candidate, candidates

#: tasks kept (least recently used ones are dropped first)
SIZE = 256


@lru_cache(maxsize=SIZE)
def _derivation(task: sp.Basic, var: sp.Symbol) -> Any:
    from mibun.symbolic import diff

    return diff(task, var)


@lru_cache(maxsize=SIZE)
def _candidates(task: sp.Basic, var: sp.Symbol, expected: sp.Basic, rules: frozenset[str] | None) \
        -> tuple[Candidate, ...]:
    return tuple(candidates(task, var, expected, None if rules is None else set(rules)))


def derivation(task: sp.Basic, var: sp.Symbol) -> Any:
    """``mibun.symbolic.diff(task, var)``, with step trees of its own."""
    d = copy.copy(_derivation(task, var))
    d.steps = [_step_copy(s) for s in d.steps]
    d.notes = list(d.notes)
    return d


def wrong_answers(task: sp.Basic, var: sp.Symbol, expected: sp.Basic, rules: set[str] | None) -> list[Candidate]:
    """``mibun.answers.generate.candidates(task, var, expected, rules)``, as new Candidate objects."""
    frozen = None if rules is None else frozenset(rules)
    return [dataclasses.replace(c, sites=list(c.sites), also=list(c.also))
            for c in _candidates(task, var, expected, frozen)]


def _step_copy(step: Any) -> Any:
    return dataclasses.replace(step, substeps=[_step_copy(s) for s in step.substeps], notes=list(step.notes),
                               given=dict(step.given))


def cache_info() -> tuple[int, int]:
    """(hits, misses) of the derivation cache since it was last cleared."""
    info = _derivation.cache_info()
    return info.hits, info.misses


def cache_clear() -> None:
    """Forget every kept derivation and wrong answer (after changing the differentiation rules, say)."""
    _derivation.cache_clear()
    _candidates.cache_clear()


__all__ = ["derivation", "wrong_answers", "cache_info", "cache_clear", "SIZE"]
