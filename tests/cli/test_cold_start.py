"""A cold ``mibun diff`` loads only what it needs (asserted on ``sys.modules``, never on time; the timing is
benchmarks/cold_start.py), runs short commands of its own process without a worker, and still stops at the
budget there (mibun.cli.inproc's watchdog)."""

import json
import os
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

import pytest

from mibun.cli import inproc, requested_module

SRC = Path(__file__).resolve().parents[2] / "src"

# a fresh interpreter runs `mibun diff` in-process (MIBUN_WORKER=0, so the work is in this process too) on a
# stdout that says it is a terminal, then lists what was imported
_PROBE = """
import io, json, sys
class Terminal(io.StringIO):
    def isatty(self):
        return True
out, sys.stdout = sys.stdout, Terminal()
from mibun.cli import main
rc = main(["diff", "x^2 sin x", "--steps"])
shown, sys.stdout = sys.stdout.getvalue(), out
print(json.dumps({"rc": rc, "shown": shown, "modules": sorted(sys.modules)}))
"""

# modules a cold `mibun diff` must not load: plotting, rich, the engine and layers, the other commands
NOT_NEEDED = ("matplotlib", "rich", "multiprocessing", "mibun.plot", "mibun.viz", "mibun.autodiff", "mibun.nn",
              "mibun.train", "mibun.serve", "mibun.answers", "mibun.explain", "mibun.tour",
              "mibun.cli.plot", "mibun.cli.practice", "mibun.cli.serve", "mibun.cli.tour", "mibun.cli.explain")


def _fresh(code: str, **env: str) -> subprocess.CompletedProcess:
    values = {"PYTHONPATH": str(SRC), "MIBUN_LANG": "en", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
              "PYTHONIOENCODING": "utf-8", "TERM": "xterm", **env}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                          timeout=120, env=values)


def test_a_cold_diff_loads_neither_plotting_nor_rich_nor_other_commands():
    proc = _fresh(_PROBE, MIBUN_WORKER="0")
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["rc"] == 0 and "x^2·cos(x) + 2·x·sin(x)" in got["shown"]
    assert "\x1b[1;36m" in got["shown"]  # the heading is styled for the terminal, without rich
    loaded = [m for m in got["modules"] if any(m == n or m.startswith(n + ".") for n in NOT_NEEDED)]
    assert loaded == []
    assert "mibun.cli.diff" in got["modules"] and "sympy" in got["modules"]


@pytest.mark.parametrize(("argv", "module"), [
    (["diff", "x^2"], "diff"),
    (["--lang", "ko", "--budget", "3", "diff", "x"], "diff"),
    (["--json", "grad", "x*y"], "multivar"),
    (["check-answer", "x", "1"], "check_answer"),
    (["-h"], None),                     # the main help lists every command
    (["--lang", "ko", "-h", "diff"], None),
    (["dif", "x"], None),               # unknown: argparse's message lists every command
    ([], None),
    (["--la", "ko", "diff"], None),     # an abbreviated option: its value is not mistaken for a command
])
def test_only_the_requested_command_is_registered(argv, module):
    assert requested_module(argv) == module


def test_the_parser_built_for_one_command_reads_it_as_the_full_parser_does():
    from mibun.cli import build_parser

    argv = ["--lang", "ko", "diff", "x^2", "--steps", "--at", "x=1"]
    one, full = build_parser(argv).parse_args(argv), build_parser().parse_args(argv)
    assert {k: v for k, v in vars(one).items() if k != "func"} == {k: v for k, v in vars(full).items()
                                                                  if k != "func"}


def test_short_commands_of_the_process_itself_run_without_a_worker(monkeypatch):
    args = Namespace(command="diff", expr="x^2 sin x", plot=None, debug=False)
    monkeypatch.setattr(inproc, "own_process", False)
    assert not inproc.eligible(args)            # main(argv) called from Python: the worker, as before
    monkeypatch.setattr(inproc, "own_process", True)
    assert inproc.eligible(args)
    for long_input in ["x^2 + " * 30 + "x", "(x+1)^10000", "x^123456"]:
        assert not inproc.eligible(Namespace(command="diff", expr=long_input, plot=None, debug=False))
    assert not inproc.eligible(Namespace(command="diff", expr="x", plot="f.png", debug=False))
    assert not inproc.eligible(Namespace(command="limit", expr="x", plot=None, debug=False))


def test_the_watchdog_stops_a_runaway_with_the_budget_message():
    # a loop that never checks the budget: only the watchdog can stop it (after 2·budget + 1 s)
    code = ("from mibun.cli import inproc\ninproc.watchdog(0.01, {'command': 'diff'}, 'ko')\n"
            "while True:\n    pass\n")
    proc = _fresh(code)
    assert proc.returncode == 2
    assert proc.stderr.startswith("mibun: 오류: ") and "mibun diff" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_the_command_process_prints_everything_before_it_ends():
    code = "import sys\nsys.argv = ['mibun', 'diff', 'x^3', '--at', 'x=2']\nfrom mibun.cli import main\nmain()\n"
    proc = _fresh(code, MIBUN_BUDGET_S="60")  # a generous budget: a loaded machine must not fail it
    assert proc.returncode == 0, proc.stderr
    assert "3·x^2" in proc.stdout and proc.stdout.rstrip().endswith("12")


def test_only_the_command_itself_is_ended_early(monkeypatch):
    for argv0, own in [("/usr/local/bin/mibun", True), ("/x/site-packages/mibun/__main__.py", True),
                       ("mibun", True), ("/x/ipykernel_launcher.py", False), ("/x/mypkg/__main__.py", False)]:
        monkeypatch.setattr(sys, "argv", [argv0, "diff", "x^2"])
        assert inproc.is_the_command() is own, argv0


def test_loading_sympy_is_not_counted_against_the_budget():
    # the imports run before the budget starts, as in the worker: a cold start that compiles every module on a
    # busy machine must not use up the 2 s (simulated: the imports take 1.5 s against a 1 s budget)
    code = ("import sys, time\nimport mibun.cli.guard as g\nfrom mibun import budget\nslow = g._prepare\n"
            "def prepare(args):\n    print('prepared with', budget.remaining(), 's left', flush=True)\n"
            "    time.sleep(1.5)\n    slow(args)\n"
            "g._prepare = prepare\n"
            "sys.argv = ['mibun', 'diff', 'x^3', '--budget', '1']\nfrom mibun.cli import main\nmain()\n")
    proc = _fresh(code)
    assert proc.returncode == 0, proc.stderr
    assert "prepared with inf s left" in proc.stdout and "3·x^2" in proc.stdout
