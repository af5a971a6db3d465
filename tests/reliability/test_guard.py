"""The budget's deadline inside SymPy (``budget.guarded``): a limit SymPy would work on for about 20 s stops
with the localized budget error under a tiny budget; ordinary limits are unchanged; nothing leaks out."""

from __future__ import annotations

import pytest

import mibun as mb
from mibun import budget
from mibun.budget import BudgetError

TOWER = "x^x^x^x^x^x^x^x"  # lim x→0⁺: SymPy's limit alone takes about 20 s (the answer is 1)


def _step(k: int) -> int:
    return k + 1


def _spin() -> None:
    k = 0
    while True:  # pure Python that never calls budget.check (it calls a function: the trace way sees calls)
        k = _step(k)


def test_a_limit_that_hangs_in_sympy_stops_at_the_budget():
    mb.set_budget(0.3)
    with pytest.raises(BudgetError) as exc:
        mb.limit(TOWER, 0, side="+")
    assert exc.value.key == "reliability.budget.time"
    assert exc.value.fields["what"] == "reliability.what.limit"
    assert "limit" in exc.value.message("en") and "극한" in exc.value.message("ko")
    # ordinary limits still get SymPy's exact confirmation under a budget
    mb.set_budget(30)
    res = mb.limit("sin(x)/x", 0)
    assert res.value == 1.0 and str(res.symbolic) == "1"


def test_pure_python_that_never_checks_is_stopped():
    with pytest.raises(BudgetError) as exc:
        with budget.scope(0.1), budget.guarded("reliability.what.computation"):
            _spin()
    assert exc.value.key == "reliability.budget.time"


def test_nothing_is_raised_after_the_guarded_block_has_ended():
    with budget.scope(0.05), budget.guarded():
        total = sum(range(1000))
    # work after the block, long past its deadline: no stray exception from the watchdog
    for _ in range(200):
        total += sum(range(20_000))
    assert total == 499500 + 200 * 199990000


def test_without_a_scope_or_budget_the_body_runs_unguarded():
    with budget.guarded():
        assert sum(range(10)) == 45
    with budget.scope(float("inf")), budget.guarded():
        assert budget.remaining() == float("inf")
