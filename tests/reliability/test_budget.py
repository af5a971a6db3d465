"""Budgets: configuration, size estimates before expanding, the in-process deadline, the killable worker,
and the command's --budget. No wall-clock assertions: a tiny budget shows the mechanism fires."""

import math

import pytest
import sympy as sp

import mibun as mb
from mibun import budget
from mibun.cli import main
from tests.reliability import helpers


@pytest.fixture(autouse=True)
def _reset_budget():
    yield
    budget.set_budget(None)


def test_configuration(monkeypatch):
    monkeypatch.delenv("MIBUN_BUDGET_S", raising=False)
    assert budget.get_budget() == budget.DEFAULT_SECONDS == 2.0
    monkeypatch.setenv("MIBUN_BUDGET_S", "7.5")
    assert budget.get_budget() == 7.5
    mb.set_budget(3)
    assert mb.get_budget() == 3.0
    mb.set_budget(0)
    assert mb.get_budget() == math.inf
    mb.set_budget("inf")
    assert mb.get_budget() == math.inf
    mb.set_budget(None)
    monkeypatch.setenv("MIBUN_BUDGET_S", "nonsense")
    assert budget.get_budget() == 2.0
    for bad in (-1, "abc", float("nan"), [1]):
        with pytest.raises(mb.InputError):
            mb.set_budget(bad)


def test_expansion_estimates():
    x, y = sp.symbols("x y")
    deg, terms = budget.expansion_estimate((x + 1) ** 1000 * (x + 2) ** 1000)
    assert deg == 2000 and terms == 2001
    assert budget.too_big_to_expand((x + 1) ** 1000 * (x + 2) ** 1000)
    assert budget.expansion_estimate((x + y) ** 2) == (2.0, 3.0)          # x² + 2xy + y²
    assert budget.expansion_estimate(x**3 + x) == (3.0, 2.0)
    assert not budget.too_big_to_expand((x + 1) ** 5 * sp.sin(x) + x**2)
    assert budget.power_digits(9, 9**9) > 10**8 and budget.power_digits(2, 10) < 5


def test_big_products_differentiate_quickly_and_correctly():
    # cancel(together(...)) or expand(...) would expand two degree-1000 polynomials; the size checks skip them.
    # Run in a worker so that a regression fails (BudgetError) instead of hanging the test run.
    got, oracle = budget.run_in_worker(helpers.diff_at_a_third, "(x+1)^1000*(x+2)^1000", seconds=60)
    assert got == oracle                                                 # exact oracle at a point


def test_a_tiny_budget_fires_in_the_library_with_a_localized_message():
    mb.set_budget(1e-9)
    with pytest.raises(mb.BudgetError) as exc:
        mb.diff("sin(x)^2*cos(x)^3 + x^2")
    err = exc.value
    assert err.key == "reliability.budget.time" and isinstance(err, RuntimeError)
    assert "--budget" in str(err) and "mb.set_budget" in str(err)
    assert "너무 크거나 너무 느립니다" in err.message("ko") and "미분 과정" in err.message("ko")
    mb.set_budget(None)
    assert mb.diff("x^2").result == 2 * sp.Symbol("x")


def test_scopes_nest_and_share_the_outer_clock():
    with budget.scope(1e-9):
        with budget.scope(100):          # inner scope keeps the outer deadline
            with pytest.raises(mb.BudgetError):
                while True:
                    budget.check()
    assert budget.remaining() == math.inf
    budget.check()                       # outside any scope: never fires


def test_check_size_and_counts():
    budget.check_size(10, 10, "reliability.what.points")
    with pytest.raises(mb.BudgetError) as exc:
        budget.check_size(10**9, 10**6, "reliability.what.steps")
    assert exc.value.size == 10**9 and "1,000,000,000" in str(exc.value)
    assert budget.check_count(5.0, 10) == 5
    for bad in (0, -3, 2.5, "x", None, float("nan"), float("inf")):
        with pytest.raises(mb.MibunError):
            budget.check_count(bad, 10)


def test_worker_returns_results_output_and_errors(capsys):
    assert budget.run_in_worker(helpers.answer, 4, y=2, seconds=30, capture=True) == 42
    out, err = capsys.readouterr()
    assert "hello from the worker" in out and "a warning" in err
    with pytest.raises(mb.InputError) as exc:
        budget.run_in_worker(helpers.fail, seconds=30)
    assert exc.value.key == "reliability.file.empty"
    with pytest.raises(mb.MibunError) as exc:
        budget.run_in_worker(helpers.exit_hard, seconds=30)
    assert exc.value.key == "reliability.worker.crashed"


def test_worker_is_stopped_when_the_budget_is_spent():
    with pytest.raises(mb.BudgetError) as exc:
        budget.run_in_worker(helpers.sleep_forever, seconds=0.2, grace=0.0, what="reliability.what.command",
                             what_fields={"command": "diff"})
    assert exc.value.key == "reliability.budget.killed"
    assert "mibun diff" in str(exc.value) and "mibun diff" in exc.value.message("ko")


def test_worker_relays_the_in_process_deadline():
    with pytest.raises(mb.BudgetError) as exc:
        budget.run_in_worker(helpers.spin_with_checks, seconds=0.05, grace=30)
    assert exc.value.key == "reliability.budget.time"


def test_no_budget_runs_in_this_process():
    assert budget.run_in_worker(helpers.answer, 1, seconds=math.inf) == 11


def test_command_budget_option(capsys):
    rc = main(["diff", "sin(x)^2*cos(x)^3 + x^2", "--budget", "1e-9"])
    out, err = capsys.readouterr()
    assert rc == 2 and err.startswith("mibun: error: too large or too slow")
    rc = main(["--lang", "ko", "diff", "x^3", "--budget", "1e-9"])
    assert rc == 2 and "너무 크거나 너무 느립니다" in capsys.readouterr().err
    assert main(["diff", "x^3", "--budget", "30"]) == 0
    assert "3·x^2" in capsys.readouterr().out
    assert main(["diff", "x^3", "--budget", "abc"]) == 2


def test_command_runs_in_a_worker_and_keeps_its_output(capsys, monkeypatch):
    monkeypatch.setenv("MIBUN_BUDGET_S", "60")
    assert main(["limit", "sin(x)/x", "--to", "0"]) == 0
    out = capsys.readouterr().out
    assert "1" in out and "lim" in out


def test_long_running_commands_get_the_budget_per_computation_not_per_run():
    from argparse import Namespace

    from mibun.cli import guard

    seen = {}

    def fake(args):
        seen["remaining"] = budget.remaining()          # no deadline over the whole tour/demo/serve
        seen["budget"] = budget.get_budget()            # but --budget is what each computation inside gets
        return 0

    assert guard.run(Namespace(command="tour", budget="7", func=fake, lang=None, debug=False)) == 0
    assert seen == {"remaining": math.inf, "budget": 7.0}
    assert budget.get_budget() != 7.0 or budget.DEFAULT_SECONDS == 7.0   # restored afterwards


@pytest.mark.parametrize("cmd", [["demo"], ["vanish"], ["practice", "chain-rule", "--n", "1"]])
def test_negative_seeds_are_refused_in_one_line(capsys, cmd):
    assert main([*cmd, "--seed", "-1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "seed" in err


def test_the_worker_also_works_when_started_by_spawning(monkeypatch):
    # Windows and macOS start workers by spawning (a fresh interpreter imports the function by name)
    monkeypatch.setattr(budget.worker, "_start_method", lambda: "spawn")
    assert budget.run_in_worker(helpers.answer, 2, y=3, seconds=30) == 23
    with pytest.raises(mb.BudgetError):
        budget.run_in_worker(helpers.sleep_forever, seconds=0.2, grace=0.0)
