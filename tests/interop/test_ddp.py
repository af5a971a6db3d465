"""Two CPU processes with torch DistributedDataParallel (gloo, 127.0.0.1) train a mibun-defined model and
give the same loss curve as one process on the same global batch. A process test: it runs the example."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ddp_two_processes_equal_one(torch):
    env = dict(os.environ, OMP_NUM_THREADS="1")
    cmd = [sys.executable, str(ROOT / "examples" / "ddp_digits.py"), "--world-size", "2", "--steps", "6", "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    if out.returncode != 0 and "signal" in out.stderr.lower():
        # a torch worker killed by a signal while the process group starts or ends (seen once as SIGABRT on a
        # machine at load 10) is the platform, not the arithmetic: run the two processes once more
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert len(res["single"]) == len(res["ddp"]) == 6
    assert res["max_abs_diff"] < 1e-12
    assert res["single"][-1] < res["single"][0]  # it trains
