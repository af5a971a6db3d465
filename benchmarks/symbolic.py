"""Benchmark of mibun.symbolic (run by hand; not part of the tests):

    PYTHONPATH=src python benchmarks/symbolic.py [--repeat 3]

For every corpus expression (tests/symbolic/symbolic_corpus.py): parse + diff with steps (incl. the randomized check
against SymPy) + render (text in English and Korean), median and worst time per expression; next to it plain
``sympy.diff`` on the same expressions (already parsed: SymPy's own parser runs eval and is not used here).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "symbolic"))
sys.path.insert(0, str(ROOT / "src"))

import sympy as sp  # noqa: E402
from sympy.core.cache import clear_cache  # noqa: E402
from symbolic_corpus import CORPUS  # noqa: E402

import mibun as mb  # noqa: E402
from mibun.symbolic.parser import evaluate, parse  # noqa: E402


def _cold(fn) -> float:
    """One run after clearing SymPy's cache (what a first call on a new expression costs)."""
    clear_cache()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per expression; the best is kept")
    args = ap.parse_args()
    # warm up imports and caches once (the op registry, the catalogues)
    d = mb.diff("x^2 + sin(x)")
    d.text("en"), d.text("ko")

    ours, plain, rows, ours_cold, plain_cold = [], [], [], [], []
    for text, var, _ in CORPUS:
        v = sp.Symbol(var)

        def full(text=text, var=var):
            dd = mb.diff(text, var)
            dd.text("en")
            dd.text("ko")

        expr = evaluate(parse(text))
        ours_cold.append(_cold(full))
        plain_cold.append(_cold(lambda expr=expr, v=v: sp.diff(expr, v)))
        t_ours = _best(full, args.repeat)
        t_plain = _best(lambda expr=expr, v=v: sp.diff(expr, v), args.repeat)
        ours.append(t_ours)
        plain.append(t_plain)
        rows.append((t_ours, text, var))

    def ms(s: float) -> str:
        return f"{s * 1000:8.2f} ms"

    print(f"expressions: {len(CORPUS)}; cold = first run after clearing SymPy's cache, warm = best of "
          f"{args.repeat} further runs")
    print(f"{'':34}{'median':>11}{'worst':>12}")
    print(f"{'mibun parse+diff+steps+render cold':34}{ms(statistics.median(ours_cold))}{ms(max(ours_cold))}")
    print(f"{'mibun parse+diff+steps+render warm':34}{ms(statistics.median(ours))}{ms(max(ours))}")
    print(f"{'sympy.diff cold (no steps/parse)':34}{ms(statistics.median(plain_cold))}{ms(max(plain_cold))}")
    print(f"{'sympy.diff warm (no steps/parse)':34}{ms(statistics.median(plain))}{ms(max(plain))}")
    print("slowest (cold):")
    for t, text, var in sorted(zip(ours_cold, [r[1] for r in rows], [r[2] for r in rows]))[-5:]:
        print(f"  {ms(t)}  d/d{var} {text[:60]}")
    ok = statistics.median(ours_cold) < 0.020 and max(ours_cold) < 0.200
    print("targets (cold median < 20 ms, cold worst < 200 ms):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
