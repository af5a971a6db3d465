"""Cold start of ``mibun diff "x^2 sin x" --steps``: wall time of a fresh process, interpreter start included.

    python benchmarks/cold_start.py                 # this checkout (src/)
    python benchmarks/cold_start.py --before /work/main/src --repeats 12

Each round runs every row once, in turn (alternating, so a busy moment hits all rows alike); the table gives
the median and the minimum over the rounds, and the load average before and after. Rows:

* ``python -c pass`` — the interpreter alone (the baseline);
* ``floor`` — ``import sympy, numpy`` and SymPy's first sum (which loads ``sympy.tensor``), ending with
  ``os._exit``: what any SymPy-based answer costs before mibun does anything;
* ``mibun diff`` piped and on a terminal (a pseudo-terminal, where the output is styled);
* ``main(argv) (worker)`` — ``python -c "from mibun.cli import main; main([...])"``: the path of a call from
  Python, which runs the work in a killable worker process and unloads the interpreter normally;
* with ``--before SRC``: ``mibun diff`` from another checkout's ``src`` (e.g. main before a change).

CPU time (user + system, the worker's included) is shown too: on a busy machine it stays closer to what
a quiet one measures, while wall time grows with the load. Bytecode caching is on
(``PYTHONDONTWRITEBYTECODE`` removed, caches under a temporary ``PYTHONPYCACHEPREFIX``) as it is for an
installed wheel; one warm-up round is not counted. BLAS threads are pinned to 1.
"""

from __future__ import annotations

import argparse
import os
import pty
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
EXPR = "x^2 sin x"


def _env(src: Path, cache: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(src), MIBUN_LANG="en", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1", PYTHONPYCACHEPREFIX=cache, TERM=os.environ.get("TERM", "xterm"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _reap(proc: subprocess.Popen, t0: float) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a finished child: user + system time from ``wait4``, which on Linux
    includes the descendants it waited for (the command's worker process)."""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{proc.args} exited with {proc.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime


def wall(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            env=env)
    return _reap(proc, t0)


def wall_tty(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The same, with stdout and stderr on a pseudo-terminal (read until the process closes it)."""
    master, slave = pty.openpty()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=slave, stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)

    def drain() -> None:
        while True:
            try:
                if not os.read(master, 65536):
                    return
            except OSError:  # EIO: the other side is closed
                return

    reader = threading.Thread(target=drain)
    reader.start()
    out = _reap(proc, t0)
    reader.join()
    os.close(master)
    return out


def rows(before: Path | None) -> dict[str, tuple[list[str], Path, bool]]:
    py = sys.executable
    diff = [py, "-m", "mibun", "diff", EXPR, "--steps"]
    out = {
        "python -c pass": ([py, "-c", "pass"], SRC, False),
        "floor: import sympy, numpy; first sum": (
            [py, "-c", "import os, numpy, sympy; x = sympy.Symbol('x'); x + 1; os._exit(0)"], SRC, False),
        "mibun diff (piped)": (diff, SRC, False),
        "mibun diff (terminal)": (diff, SRC, True),
        "main(argv) (worker)": (
            [py, "-c", f"from mibun.cli import main; main(['diff', {EXPR!r}, '--steps'])"], SRC, False),
    }
    if before is not None:
        out["before: mibun diff (piped)"] = (diff, before, False)
        out["before: mibun diff (terminal)"] = (diff, before, True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--before", type=Path, default=None, help="another checkout's src folder to compare")
    opts = ap.parse_args()
    table = rows(opts.before)
    with tempfile.TemporaryDirectory() as cache:
        times: dict[str, list[float]] = {name: [] for name in table}
        cpu: dict[str, list[float]] = {name: [] for name in table}
        load0 = os.getloadavg()
        for round_ in range(opts.repeats + 1):
            for name, (cmd, src, tty) in table.items():
                t, c = (wall_tty if tty else wall)(cmd, _env(src, cache))
                if round_:  # round 0 writes the bytecode caches
                    times[name].append(t)
                    cpu[name].append(c)
        load1 = os.getloadavg()
    base = statistics.median(times["python -c pass"])
    print(f"load average before {load0[0]:.2f}, after {load1[0]:.2f} ({os.cpu_count()} CPUs); "
          f"{opts.repeats} alternating rounds\n")
    print("| run | wall median ms | wall min ms | median − pass ms | CPU median ms |\n|---|---|---|---|---|")
    for name, v in times.items():
        med = statistics.median(v)
        print(f"| {name} | {med * 1e3:.0f} | {min(v) * 1e3:.0f} | {(med - base) * 1e3:.0f} | "
              f"{statistics.median(cpu[name]) * 1e3:.0f} |")


if __name__ == "__main__":
    main()
