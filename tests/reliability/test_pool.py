"""The pool of persistent killable workers (the explorer server's): results, errors, kills and replacement,
both for workers forked from a warmed zygote (Linux) and for spawned ones (macOS, Windows), and a script
without a main guard (neither re-imports the caller's script)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mibun.budget import BudgetError
from mibun.budget.pool import PoolBusy, WorkerPool
from mibun.errors import InputError
from tests.reliability import helpers


@pytest.fixture(scope="module", params=["zygote", "spawn"])
def pool(request):
    from mibun.budget import zygote

    if request.param == "zygote" and not zygote.available():
        pytest.skip("forking a zygote needs Linux or a BSD")
    with WorkerPool(1, method=request.param) as p:
        assert p.method == request.param
        assert p.wait_ready()
        yield p


def test_results_errors_and_output(pool, capsys):
    assert pool.call(helpers.answer, 4, y=2, seconds=30) == 42
    out, err = capsys.readouterr()
    assert out == "" and err == ""  # a server's worker output is not relayed to the server's streams
    with pytest.raises(InputError):
        pool.call(helpers.fail, seconds=30)
    assert pool.call(helpers.answer, 1, seconds=30) == 11  # an exception in the task keeps the worker


def test_a_task_past_its_budget_is_killed_and_the_worker_replaced(pool):
    killed = pool.killed
    with pytest.raises(BudgetError) as exc:
        pool.call(helpers.sleep_forever, seconds=0.1, grace=0.1)
    assert exc.value.key == "reliability.budget.killed"
    assert pool.killed == killed + 1
    assert pool.call(helpers.answer, 5, seconds=30) == 51  # waits for the replacement
    assert pool.last_recovery_s is not None and pool.last_recovery_s > 0


def test_a_crashed_worker_is_replaced(pool):
    with pytest.raises(Exception) as exc:
        pool.call(helpers.exit_hard, seconds=30)
    assert getattr(exc.value, "key", None) == "reliability.worker.crashed"
    assert exc.value.fields["code"] in (3, -9)  # its own exit code, or the kill that made sure it is gone
    assert pool.call(helpers.answer, 6, seconds=30) == 61


def test_zygote_workers_are_forks_of_one_warmed_process():
    """init() runs once, in the zygote: every worker (the replacement of a killed one too) starts with its
    state, and closing the pool ends the zygote."""
    from mibun.budget import zygote

    if not zygote.available():
        pytest.skip("forking a zygote needs Linux or a BSD")
    with WorkerPool(2, init=helpers.remember_pid, method="zygote") as p:
        assert p.wait_ready()
        warmed = {p.call(helpers.warmed_in, seconds=30) for _ in range(4)}
        with pytest.raises(BudgetError):
            p.call(helpers.sleep_forever, seconds=0.1, grace=0.1)
        assert p.wait_ready()
        warmed |= {p.call(helpers.warmed_in, seconds=30) for _ in range(4)}
        workers = {p.call(os.getpid, seconds=30) for _ in range(4)}
        z = p._zygote
        assert p.started == 3 and p.killed == 1
    assert len(warmed) == 1 and warmed != {None}
    (zygote_pid,) = warmed
    assert zygote_pid == z._popen.pid and zygote_pid not in workers and os.getpid() not in warmed
    assert z._popen.poll() is not None  # ended with the pool


def test_a_closed_pool_refuses_work():
    p = WorkerPool(1)
    p.close()
    with pytest.raises(PoolBusy):
        p.call(helpers.answer, 1, seconds=30, wait=0.1)


def test_a_script_without_a_main_guard_can_start_a_pool(tmp_path: Path):
    """multiprocessing's spawn would run the script again in every worker; mibun's workers do not."""
    import mibun

    script = tmp_path / "no_guard.py"
    script.write_text(textwrap.dedent("""
        from mibun.budget.pool import WorkerPool
        import operator
        print("script ran")
        p = WorkerPool(1)
        print("answer", p.call(operator.mul, 6, 7, seconds=60))
        p.close()
    """))
    env = dict(os.environ, PYTHONPATH=str(Path(mibun.__file__).resolve().parents[1]))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["script ran", "answer 42"]
