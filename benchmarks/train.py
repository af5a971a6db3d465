"""Train-step benchmark: mibun vs PyTorch CPU eager (run by hand; never part of the test suite).

    PYTHONPATH=src python benchmarks/train.py [--rounds 15] [--steps 20] [--no-memory]

Three models, float32, SGD with momentum 0.9, cross-entropy loss:
  mlp-small  64-128-10, batch 64
  mlp-large  784-512-512-10, batch 256
  char-lstm  Embedding(65, 64) → LSTM(64, 128) → Linear(128, 65), sequence 32, batch 32
             (PyTorch: nn.LSTM, its fused kernel; mibun: the fused lstm op)

Timing: both frameworks run in this one process, alternating rounds of ``--steps`` steps; the table
gives the median time per step over the rounds and the ratio mibun / PyTorch. PyTorch gets
torch.set_num_threads(n) with n the thread count of NumPy's BLAS (threadpoolctl if installed, else
the *_NUM_THREADS variables, else os.cpu_count()).

Peak memory of a train step: each framework × model in a fresh subprocess (glibc told to return large
blocks to the OS: MALLOC_MMAP_THRESHOLD_=65536, MALLOC_TRIM_THRESHOLD_=0), after two warm-up steps:
the rise of the resident set's high-water mark (VmHWM, reset via /proc/self/clear_refs) above the
resident size before the step — the same measure for both. For mibun, tracemalloc's peak (NumPy reports
its allocations to it) is given too.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

CONFIGS = ("mlp-small", "mlp-large", "char-lstm")


def blas_threads() -> tuple[int, str]:
    try:
        from threadpoolctl import threadpool_info

        infos = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        if infos:
            return int(infos[0]["num_threads"]), f"threadpoolctl ({infos[0].get('internal_api')})"
    except ImportError:
        pass
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        if os.environ.get(var):
            return int(os.environ[var]), var
    return os.cpu_count() or 1, "os.cpu_count()"


# ------------------------------------------------------------------------------------------ mibun
def mibun_step_fn(config: str):
    import mibun as mb

    nn = mb.nn
    nn.init.manual_seed(0)
    rng = np.random.default_rng(0)
    if config == "mlp-small":
        model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
        x = rng.standard_normal((64, 64)).astype(np.float32)
        y = rng.integers(0, 10, 64)
    elif config == "mlp-large":
        model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
        x = rng.standard_normal((256, 784)).astype(np.float32)
        y = rng.integers(0, 10, 256)
    else:
        class Char(nn.Module):
            def __init__(self):
                super().__init__()
                self.embed = nn.Embedding(65, 64)
                self.lstm = nn.LSTM(64, 128, batch_first=True)
                self.head = nn.Linear(128, 65)

            def forward(self, ids):
                out, _ = self.lstm(self.embed(ids))
                return self.head(out).reshape(-1, 65)

        model = Char()
        x = rng.integers(0, 65, (32, 32))
        y = rng.integers(0, 65, 32 * 32)
    opt = mb.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.functional.cross_entropy

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    return step


# ------------------------------------------------------------------------------------------ torch
def torch_step_fn(config: str, threads: int):
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    tnn = torch.nn
    if config == "mlp-small":
        model = tnn.Sequential(tnn.Linear(64, 128), tnn.ReLU(), tnn.Linear(128, 10))
        x = torch.from_numpy(rng.standard_normal((64, 64)).astype(np.float32))
        y = torch.from_numpy(rng.integers(0, 10, 64))
    elif config == "mlp-large":
        model = tnn.Sequential(tnn.Linear(784, 512), tnn.ReLU(), tnn.Linear(512, 512), tnn.ReLU(),
                               tnn.Linear(512, 10))
        x = torch.from_numpy(rng.standard_normal((256, 784)).astype(np.float32))
        y = torch.from_numpy(rng.integers(0, 10, 256))
    else:
        class Char(tnn.Module):
            def __init__(self):
                super().__init__()
                self.embed = tnn.Embedding(65, 64)
                self.lstm = tnn.LSTM(64, 128, batch_first=True)
                self.head = tnn.Linear(128, 65)

            def forward(self, ids):
                out, _ = self.lstm(self.embed(ids))
                return self.head(out).reshape(-1, 65)

        model = Char()
        x = torch.from_numpy(rng.integers(0, 65, (32, 32)))
        y = torch.from_numpy(rng.integers(0, 65, 32 * 32))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.functional.cross_entropy

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    return step


def time_steps(step, n: int) -> float:
    t = time.perf_counter()
    for _ in range(n):
        step()
    return (time.perf_counter() - t) / n


# ------------------------------------------------------------------------------------------ memory
def _status(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return -1


def memory_child(framework: str, config: str, threads: int) -> None:
    step = mibun_step_fn(config) if framework == "mibun" else torch_step_fn(config, threads)
    step()
    step()
    gc.collect()
    res: dict[str, float] = {}
    if framework == "mibun":
        import tracemalloc

        tracemalloc.start()
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        step()
        res["tracemalloc_peak"] = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
        gc.collect()
    rss = _status("VmRSS")
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
    for _ in range(3):
        step()
    res["rss_peak"] = _status("VmHWM") - rss
    print(json.dumps(res))


def measure_memory(framework: str, config: str, threads: int) -> dict[str, float] | None:
    env = dict(os.environ, MALLOC_MMAP_THRESHOLD_="65536", MALLOC_TRIM_THRESHOLD_="0")
    out = subprocess.run([sys.executable, __file__, "--memory-child", framework, config, str(threads)],
                         capture_output=True, text=True, env=env)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--configs", nargs="*", default=list(CONFIGS))
    ap.add_argument("--memory-child", nargs=3)
    args = ap.parse_args()
    threads, how = blas_threads()
    if args.memory_child:
        fw, config, th = args.memory_child
        memory_child(fw, config, int(th))
        return
    try:
        import torch  # noqa: F401

        have_torch = True
    except ImportError:
        have_torch = False
    print(f"NumPy {np.__version__}, BLAS threads {threads} (from {how})"
          + (f"; torch {torch.__version__}, torch.set_num_threads({threads})" if have_torch else "; torch absent"))
    rows = []
    for config in args.configs:
        ms = mibun_step_fn(config)
        ts = torch_step_fn(config, threads) if have_torch else None
        for _ in range(3):
            ms()
            if ts:
                ts()
        m_times, t_times = [], []
        for _ in range(args.rounds):
            m_times.append(time_steps(ms, args.steps))
            if ts:
                t_times.append(time_steps(ts, args.steps))
        m_med = statistics.median(m_times) * 1e3
        t_med = statistics.median(t_times) * 1e3 if ts else float("nan")
        mem_m = mem_t = None
        if not args.no_memory:
            mem_m = measure_memory("mibun", config, threads)
            mem_t = measure_memory("torch", config, threads) if have_torch else None
        rows.append((config, m_med, t_med, mem_m, mem_t))
    print()
    print("| model | mibun ms/step | PyTorch ms/step | mibun / PyTorch | peak step memory mibun (RSS; tracemalloc) "
          "| peak step memory PyTorch (RSS) |")
    print("|---|---|---|---|---|---|")
    for config, m, t, mm, mt in rows:
        mem1 = f"{mm['rss_peak'] / 2**20:.1f} MiB; {mm['tracemalloc_peak'] / 2**20:.1f} MiB" if mm else "–"
        mem2 = f"{mt['rss_peak'] / 2**20:.1f} MiB" if mt else "–"
        print(f"| {config} | {m:.3f} | {t:.3f} | {m / t:.2f}× | {mem1} | {mem2} |")


if __name__ == "__main__":
    main()
