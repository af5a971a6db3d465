"""Wall time of ``mibun diff EXPR --steps`` including interpreter start (run by hand:
``python benchmarks/cli.py``). Alternates with ``python -c pass`` as the baseline; prints medians."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

CASES = ["x^2 sin x", "7xy/e^(x^2+y^2)", "(2x-4)^3", "x^x", "sigmoid(2x) + ln(x)/x"]


def wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t0


def main(repeats: int = 7) -> None:
    base, rows = [], {c: [] for c in CASES}
    for _ in range(repeats):
        base.append(wall([sys.executable, "-c", "pass"]))
        for c in CASES:
            rows[c].append(wall([sys.executable, "-m", "mibun", "diff", c, "--steps", "--wrt", "x"]))
    print(f"python -c pass: median {statistics.median(base) * 1e3:.0f} ms\n")
    print("| expression | median ms | worst ms |\n|---|---|---|")
    for c, v in rows.items():
        print(f"| `{c}` | {statistics.median(v) * 1e3:.0f} | {max(v) * 1e3:.0f} |")
    import_t = wall([sys.executable, "-c", "import mibun"])
    print(f"\n`import mibun`: {import_t * 1e3:.0f} ms (matplotlib and SymPy load only when used)")


if __name__ == "__main__":
    main()
