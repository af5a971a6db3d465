"""In-process time of ``mibun.diff`` with steps and rendering over the textbook answer corpus
(tests/symbolic/textbook_corpus.py): parse, derive, simplify, verify, and render text (ko and en), LaTeX and
the JSON dict. Run by hand: ``python benchmarks/textbook.py``.

Each exercise is timed the first time it is seen in a process (warmed up on other formulas, SymPy's cache
cleared after the warm-up, mibun's printing caches cleared before each call), in 3 fresh processes; the
median per exercise is reported as p50/p95/max. A pure-Python loop timed in the same processes is the
baseline for comparing machines."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "symbolic"))

WARMUP = ["x^3 sin x", "ln(x)/(1 + x^2)", "e^(2t) cos t", "σ(3x)", "√(1 + u^2)", "a^2 b + b^3"]


def baseline() -> float:
    t0 = time.perf_counter()
    s = 0
    for i in range(100_000):
        s += i * i
    return time.perf_counter() - t0


def one_process() -> None:
    import mibun as mb
    from mibun.symbolic.derivation import printing
    from textbook_corpus import T

    def render(d) -> None:
        d.text("ko")
        d.text("en")
        d.latex("en")
        d.to_dict("ko")

    for f in WARMUP:
        render(mb.diff(f))
    from sympy.core.cache import clear_cache

    clear_cache()
    times = []
    for f, v, _ in T:
        printing._TEXT_CACHE.clear()
        printing._LATEX_CACHE.clear()
        t0 = time.perf_counter()
        render(mb.diff(f, v))
        times.append(time.perf_counter() - t0)
    print(json.dumps({"times": times, "baseline": baseline()}))


def main(processes: int = 3) -> None:
    runs = []
    for _ in range(processes):
        out = subprocess.run([sys.executable, __file__, "--one"], check=True, capture_output=True, text=True)
        runs.append(json.loads(out.stdout))
    from textbook_corpus import T

    per = [statistics.median(r["times"][i] for r in runs) for i in range(len(T))]
    med = sorted(per)
    p = lambda q: med[min(len(med) - 1, int(q * len(med)))] * 1e3  # noqa: E731
    print(f"{len(T)} textbook exercises, each timed on first sight, median of {processes} processes "
          f"(steps + text ko/en + LaTeX + dict)")
    print(f"p50 {p(0.5):.1f} ms   p95 {p(0.95):.1f} ms   max {med[-1] * 1e3:.1f} ms   "
          f"(baseline loop {statistics.median(r['baseline'] for r in runs) * 1e3:.1f} ms)")
    slow = sorted(range(len(T)), key=lambda i: -per[i])[:5]
    print("slowest:", ", ".join(f"{T[i][0]!r} {per[i] * 1e3:.0f} ms" for i in slow))


if __name__ == "__main__":
    if "--one" in sys.argv:
        one_process()
    else:
        main()
