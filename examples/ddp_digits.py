"""Train a mibun-defined model with PyTorch DistributedDataParallel on several CPU processes.

mibun stays a one-process teaching engine; to go past one process, hand the model to PyTorch:

    model = mb.nn.Sequential(...)                      # defined and initialised in mibun
    tmodel = mb.interop.to_torch_module(model)         # same weights in torch.nn
    ddp = torch.nn.parallel.DistributedDataParallel(tmodel)

Each of the W processes takes 1/W of every global batch; DDP averages the gradients, so the loss curve
equals one process training on the whole global batch. This script trains both ways and prints the two
curves and their largest difference (the one-process reference runs in the first DDP process after the
process group is gone, so the launching process never imports torch: each interpreter that imports torch
and its optimizers costs about 3 s of CPU):

    python examples/ddp_digits.py --world-size 2 --steps 30

On several machines the same ``worker`` runs under torchrun (``torchrun --nnodes 2 --nproc-per-node 1
--rdzv-backend c10d --rdzv-endpoint HOST:29500 examples/ddp_digits.py --torchrun``), which sets RANK,
WORLD_SIZE, MASTER_ADDR and MASTER_PORT.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import tempfile
import time

import numpy as np


def build_model(seed: int = 0):
    import mibun as mb

    mb.nn.init.manual_seed(seed)
    return mb.nn.Sequential(mb.nn.Linear(64, 32, dtype=np.float64), mb.nn.Tanh(),
                            mb.nn.Linear(32, 10, dtype=np.float64))


def batches(steps: int, batch: int, seed: int = 1):
    import mibun as mb

    (x, y), _ = mb.data.load_digits(dtype=np.float64)
    rng = np.random.default_rng(seed)
    for _ in range(steps):
        idx = rng.choice(len(x), size=batch, replace=False)
        yield x[idx], y[idx]


def single_process(steps: int, batch: int, lr: float) -> list[float]:
    """The reference: one process, the whole global batch."""
    import torch

    import mibun as mb

    tm = mb.interop.to_torch_module(build_model())
    opt = torch.optim.SGD(tm.parameters(), lr=lr, momentum=0.9)
    losses = []
    for xb, yb in batches(steps, batch):
        loss = torch.nn.functional.cross_entropy(tm(torch.from_numpy(xb)), torch.from_numpy(yb))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
    return losses


def worker(rank: int, world: int, steps: int, batch: int, lr: float, out: str | None) -> list[float]:
    """One DDP process: its share of each global batch; returns the global mean loss per step."""
    import torch
    import torch.distributed as dist

    import mibun as mb

    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    ddp = torch.nn.parallel.DistributedDataParallel(mb.interop.to_torch_module(build_model()))
    opt = torch.optim.SGD(ddp.parameters(), lr=lr, momentum=0.9)
    share = batch // world
    losses = []
    for xb, yb in batches(steps, batch):
        xs, ys = xb[rank * share:(rank + 1) * share], yb[rank * share:(rank + 1) * share]
        loss = torch.nn.functional.cross_entropy(ddp(torch.from_numpy(xs)), torch.from_numpy(ys))
        opt.zero_grad()
        loss.backward()  # DDP all-reduces (averages) the gradients here
        opt.step()
        global_loss = loss.detach().clone()
        dist.all_reduce(global_loss)
        losses.append(float(global_loss) / world)
    # release DDP's reducer (it holds the process group) and let both ranks finish before tearing the group
    # down: destroying it under a live reducer aborts a worker at exit ("terminate called without an active
    # exception")
    del ddp, opt
    dist.barrier()
    dist.destroy_process_group()
    if out and rank == 0:
        with open(out, "w") as fh:
            json.dump(losses, fh)
    return losses


def _spawned(rank: int, world: int, steps: int, batch: int, lr: float, port: int, out: str) -> None:
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    ddp = worker(rank, world, steps, batch, lr, None)
    if rank == 0:  # the reference, in this process now that the process group is destroyed
        t0 = time.perf_counter()
        ref = single_process(steps, batch, lr)
        with open(out, "w") as fh:
            json.dump({"ddp": ddp, "single": ref, "single_s": time.perf_counter() - t0}, fh)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def distributed(world: int, steps: int, batch: int, lr: float) -> dict:
    """``world`` DDP processes (spawned: fresh interpreters), then the one-process reference in the first of
    them; returns ``{"ddp": losses, "single": losses, "single_s": seconds}``."""
    import multiprocessing as mp
    import signal

    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "losses.json")
        port = free_port()
        procs = [ctx.Process(target=_spawned, args=(rank, world, steps, batch, lr, port, out))
                 for rank in range(world)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        for rank, p in enumerate(procs):
            if p.exitcode:
                how = (f"signal {signal.Signals(-p.exitcode).name}" if p.exitcode < 0
                       else f"exit code {p.exitcode}")
                raise RuntimeError(f"DDP process {rank} terminated with {how}")
        with open(out) as fh:
            return json.load(fh)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--world-size", type=int, default=2)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--json", action="store_true", help="print the curves as JSON")
    ap.add_argument("--torchrun", action="store_true", help="run as one worker under torchrun")
    a = ap.parse_args()
    if a.torchrun:
        worker(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), a.steps, a.batch, a.lr, None)
        return
    t0 = time.perf_counter()
    res = distributed(a.world_size, a.steps, a.batch, a.lr)
    ref, ddp = res["single"], res["ddp"]
    t_single = res["single_s"]
    t_ddp = time.perf_counter() - t0 - t_single
    diff = max(abs(u - v) for u, v in zip(ref, ddp, strict=True))
    if a.json:
        print(json.dumps({"single": ref, "ddp": ddp, "max_abs_diff": diff}))
        return
    print(f"{'step':>4}  {'1 process':>12}  {a.world_size} processes")
    for i in range(0, a.steps, max(1, a.steps // 10)):
        print(f"{i:4d}  {ref[i]:12.8f}  {ddp[i]:12.8f}")
    print(f"largest difference over {a.steps} steps: {diff:.2e}")
    print(f"wall time: 1 process {t_single:.2f} s; {a.world_size} processes {t_ddp:.2f} s "
          "(includes starting the processes and the process group)")


if __name__ == "__main__":
    main()
