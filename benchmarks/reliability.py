"""Budgets and guards, timed (run by hand: ``PYTHONPATH=src python benchmarks/reliability.py``).

1. The issue's runaway: ``mb.diff("(x+1)^1000*(x+2)^1000")`` now (the size check skips the expansion) and the
   expansion it used to run (``cancel(together(...))``, in a worker stopped after ``--cap`` seconds).
2. How long a runaway SymPy call runs before the worker is stopped, per budget (stop = budget + grace).
3. What the worker costs a small command: ``mibun diff "x^2 sin x"`` in-process vs in a worker (fork).
4. The engine hooks (stamp + anomaly flag per op): an MLP training step on this tree vs another tree
   (``--baseline-src /work/main/src``), alternating subprocesses; and ``detect_anomaly``'s cost.
Medians of alternating runs; BLAS pinned to one thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

BIG = "(x+1)^1000*(x+2)^1000"


def _expand_big() -> int:
    import sympy as sp

    import mibun as mb
    from mibun.symbolic.rules import derive

    x = sp.Symbol("x")
    raw = derive(mb.parse(BIG), x).result
    return len(sp.cancel(sp.together(raw)).args)


def _runaway() -> None:
    import sympy as sp

    x = sp.Symbol("x")
    sp.expand((x + 1) ** 4000 * (x + 2) ** 4000 * (x + 3) ** 4000)


def runaway_case(cap: float) -> None:
    import mibun as mb
    from mibun import budget

    mb.set_budget(60)
    mb.diff("x^2 sin x")  # warm: SymPy's first calls import and cache
    t0 = time.perf_counter()
    mb.diff(BIG)
    now = time.perf_counter() - t0
    t0 = time.perf_counter()
    try:
        budget.run_in_worker(_expand_big, seconds=cap, grace=0.0)
        before = f"{time.perf_counter() - t0:.1f} s"
    except mb.BudgetError:
        before = f"> {cap:g} s (stopped)"
    print(f"1. mb.diff({BIG!r}): {now * 1e3:.0f} ms now; the expansion it used to run: {before}\n")


def stop_latency(budgets: list[float]) -> None:
    import mibun as mb
    from mibun import budget

    print("2. a runaway SymPy call in a worker: time until stopped\n")
    print("| budget s | stopped at (budget + grace) s | stopped after s (incl. start) |\n|---|---|---|")
    for s in budgets:
        t0 = time.perf_counter()
        try:
            budget.run_in_worker(_runaway, seconds=s)
        except mb.BudgetError:
            pass
        print(f"| {s:g} | {2 * s + 1:g} | {time.perf_counter() - t0:.2f} |")
    print()


def worker_cost(repeats: int) -> None:
    import contextlib
    import io

    from mibun.cli import main

    ins, wrk = [], []
    for _ in range(repeats):
        for env, out in (("0", ins), ("1", wrk)):
            os.environ["MIBUN_WORKER"] = env
            t0 = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                main(["diff", "x^2 sin x", "--budget", "10"])
            out.append(time.perf_counter() - t0)
    os.environ.pop("MIBUN_WORKER", None)
    a, b = statistics.median(ins), statistics.median(wrk)
    print(f"3. mibun diff 'x^2 sin x' (warm, in-process call of main): {a * 1e3:.0f} ms in-process, "
          f"{b * 1e3:.0f} ms in a worker (+{(b - a) * 1e3:.0f} ms)\n")


_STEP = r"""
import time, numpy as np, mibun as mb
nn = mb.nn
nn.init.manual_seed(0)
m = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
opt = mb.optim.SGD(m.parameters(), lr=0.01)
x = np.random.default_rng(0).standard_normal((32, 64)).astype(np.float32)
y = np.arange(32) % 10
loss_fn = nn.CrossEntropyLoss()
def step():
    opt.zero_grad(); loss = loss_fn(m(x), y); loss.backward(); opt.step()
for _ in range(50): step()
n = 400
t0 = time.perf_counter()
for _ in range(n): step()
print((time.perf_counter() - t0) / n)
"""


def hook_cost(baseline_src: str | None, repeats: int) -> None:
    import mibun as mb

    here = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
    if baseline_src:
        mine, base = [], []
        for _ in range(repeats):
            for src, out in ((here, mine), (baseline_src, base)):
                env = dict(os.environ, PYTHONPATH=src)
                r = subprocess.run([sys.executable, "-c", _STEP], capture_output=True, text=True, env=env,
                                   check=True)
                out.append(float(r.stdout))
        a, b = statistics.median(mine), statistics.median(base)
        print(f"4. MLP training step (32×64 → 128 → 10): {a * 1e6:.0f} µs with the guards, {b * 1e6:.0f} µs "
              f"on {baseline_src} (ratio {a / b:.3f})")
    x = mb.tensor([0.3] * 256, requires_grad=True)

    def run() -> float:
        t0 = time.perf_counter()
        for _ in range(200):
            (mb.tanh(x * 2.0) * mb.sigmoid(x)).sum().backward()
        return (time.perf_counter() - t0) / 200

    off, on = [], []
    for _ in range(repeats):
        off.append(run())
        with mb.detect_anomaly():
            on.append(run())
    print(f"   detect_anomaly on a 5-op graph: {statistics.median(on) / statistics.median(off):.1f}× slower "
          f"({statistics.median(off) * 1e6:.0f} → {statistics.median(on) * 1e6:.0f} µs)\n")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--cap", type=float, default=30.0)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--baseline-src", default=None)
    a = p.parse_args()
    runaway_case(a.cap)
    stop_latency([0.5, 2.0])
    worker_cost(a.repeats)
    hook_cost(a.baseline_src, a.repeats)


if __name__ == "__main__":
    main()
