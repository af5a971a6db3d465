"""Engine benchmark (run by hand: ``python benchmarks/engine.py``; never part of the tests).

1. Microseconds per op for forward + backward of a 2,000-op chain of 10-element multiplies, next to the
   same arithmetic written by hand in NumPy (forward products kept, backward g·c) in the same process.
2. Train-step time of a 784-512-512-10 ReLU MLP (batch 256, float32, softmax cross-entropy built from
   the engine's ops, SGD update by hand) next to the same network in plain NumPy with a hand-derived
   backward pass (the ceiling). Runs alternate in one process; medians and ratios are printed.
3. Train-step time of a 64-128-10 MLP (batch 64, float32) next to the NumPy step by hand.
4. Memory: tracemalloc's peak of NumPy allocations during one 784-512-512-10 (batch 256) step, plus the
   parameters, against the floor: parameters + gradients + the activations backward needs (each layer's
   input and pre-activation, the logits and softmax); SGD keeps no optimizer state. (The stricter measure,
   with mb.nn layers, Adam's state and everything traced, is ``benchmarks/engine_memory.py``.)
The chain also runs on a bare pure-Python reverse mode with none of mibun's checks (``chain_bare``): the
floor of the Python such an engine costs. Optional: HIPS autograd / PyTorch for the chain, when installed.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import mibun as mb


def chain_mibun(n_ops: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    c = mb.tensor(1.0 + 1e-4 * rng.standard_normal(10))
    x0 = rng.standard_normal(10)

    def run():
        x = mb.tensor(x0, requires_grad=True)
        y = x
        for _ in range(n_ops):
            y = y * c
        y.sum().backward()
        return x.grad

    return run


def chain_numpy(n_ops: int, seed: int = 0):
    """The chain's arithmetic by hand: forward keeps each product (as a tape would), backward g ← g·c."""
    rng = np.random.default_rng(seed)
    c = 1.0 + 1e-4 * rng.standard_normal(10)
    x0 = rng.standard_normal(10)

    def run():
        y = x0.copy()
        tape = []
        for _ in range(n_ops):
            tape.append(y)
            y = y * c
        g = np.ones_like(y)
        for _ in range(n_ops):
            tape.pop()
            g = g * c
        return g

    return run


class _Bare:
    __slots__ = ("data", "op", "inputs", "saved", "g")


def chain_bare(n_ops: int, seed: int = 0):
    """The floor of a pure-Python reverse mode for this chain: a node per op holding its inputs and saved
    arrays, a backward loop calling the VJP with one shape check, and nothing else — no requires_grad or
    grad mode, no version counters, no dtype check, no graph scheduling (it walks a chain only), no
    anomaly hook. Not an engine anyone should use; it shows what the Python costs that mibun's checks add to."""
    rng = np.random.default_rng(seed)
    new = object.__new__

    def vjp(g, a, b):
        return g * b

    op = ("mul", vjp)
    c = new(_Bare)
    c.data, c.op = 1.0 + 1e-4 * rng.standard_normal(10), None
    x0 = rng.standard_normal(10)

    def mul(a, b):
        ad, bd = a.data, b.data
        t = new(_Bare)
        t.data, t.g, t.op, t.inputs, t.saved = ad * bd, None, op, (a, b), (ad, bd)
        return t

    def run():
        x = new(_Bare)
        x.data, x.op, x.g = x0.copy(), None, None
        y = x
        for _ in range(n_ops):
            y = mul(y, c)
        y.g = np.ones_like(y.data)
        t = y
        while t.op is not None:
            a0, a1 = t.saved
            p = t.inputs[0]
            gi = t.op[1](t.g, a0, a1)
            if gi.shape != p.data.shape:
                raise ValueError("shape")
            p.g, t.g, t.inputs, t.saved = gi, None, None, None
            t = p
        return t.g

    return run


def chain_torch(n_ops: int, seed: int = 0):
    import torch

    rng = np.random.default_rng(seed)
    c = torch.tensor(1.0 + 1e-4 * rng.standard_normal(10))
    x0 = torch.tensor(rng.standard_normal(10))

    def run():
        x = x0.clone().requires_grad_(True)
        y = x
        for _ in range(n_ops):
            y = y * c
        y.sum().backward()
        return x.grad

    return run


def chain_autograd(n_ops: int, seed: int = 0):
    import autograd
    import autograd.numpy as anp

    rng = np.random.default_rng(seed)
    c = 1.0 + 1e-4 * rng.standard_normal(10)
    x0 = rng.standard_normal(10)

    def f(x):
        y = x
        for _ in range(n_ops):
            y = y * c
        return anp.sum(y)

    g = autograd.grad(f)
    return lambda: g(x0)


def mlp_setup(batch: int = 256, sizes=(784, 512, 512, 10), seed: int = 0):
    rng = np.random.default_rng(seed)
    ws = [(rng.standard_normal((a, b)) * np.sqrt(2.0 / a)).astype(np.float32)
          for a, b in zip(sizes[:-1], sizes[1:], strict=False)]
    bs = [np.zeros(b, dtype=np.float32) for b in sizes[1:]]
    x = rng.standard_normal((batch, sizes[0])).astype(np.float32)
    y = rng.integers(0, sizes[-1], batch)
    return ws, bs, x, y


def mlp_step_mibun(ws, bs, x, y, lr=0.01):
    W = [mb.tensor(w, requires_grad=True) for w in ws]
    B = [mb.tensor(b, requires_grad=True) for b in bs]
    X = mb.tensor(x)
    n = x.shape[0]
    onehot = np.zeros((n, ws[-1].shape[1]), dtype=np.float32)
    onehot[np.arange(n), y] = 1.0

    def step():
        h = X
        for i in range(len(W)):
            h = h @ W[i] + B[i]
            if i < len(W) - 1:
                h = mb.relu(h)
        loss = -(mb.log_softmax(h, axis=1) * onehot).sum() / n
        for p in W + B:
            p.grad = None
        loss.backward()
        with mb.no_grad():
            for p in W + B:
                p.data -= lr * p.grad.data
        return loss

    return step


def mlp_step_numpy(ws, bs, x, y, lr=0.01):
    W = [w.copy() for w in ws]
    B = [b.copy() for b in bs]
    n = x.shape[0]
    onehot = np.zeros((n, ws[-1].shape[1]), dtype=np.float32)
    onehot[np.arange(n), y] = 1.0

    def step():
        acts = [x]
        pre = []
        h = x
        for i in range(len(W)):
            z = h @ W[i] + B[i]
            pre.append(z)
            h = np.maximum(z, 0) if i < len(W) - 1 else z
            acts.append(h)
        m = h.max(axis=1, keepdims=True)
        e = np.exp(h - m)
        s = e / e.sum(axis=1, keepdims=True)
        loss = -(np.log(s) * onehot).sum() / n
        d = (s - onehot) / n
        for i in reversed(range(len(W))):
            gw = acts[i].T @ d
            gb = d.sum(axis=0)
            if i > 0:
                d = (d @ W[i].T) * (pre[i - 1] > 0)
            W[i] -= lr * gw
            B[i] -= lr * gb
        return loss

    return step


def mlp_memory(ws, bs, x, y) -> tuple[int, int]:
    """(measured, floor) bytes for one mibun train step of the MLP: parameters + tracemalloc's peak of the
    step, and parameters + gradients + activations backward needs."""
    import tracemalloc

    step = mlp_step_mibun(ws, bs, x, y)
    step()
    param_bytes = sum(w.nbytes for w in ws) + sum(b.nbytes for b in bs)
    n = x.shape[0]
    act = sum(n * w.shape[1] * 4 for w in ws[:-1]) * 2 + n * ws[-1].shape[1] * 4 * 2
    floor = param_bytes * 2 + act
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    step()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return param_bytes + peak, floor


BEST: dict[str, float] = {}  # the fastest run of each, from the last time_alternating call


def time_alternating(fns: dict, repeats: int, inner: int = 1) -> dict[str, float]:
    """Medians of alternating runs (``BEST`` keeps the fastest: on a loaded machine a run that lost the CPU
    to another process lands far above the median, so both are worth reading)."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    for fn in fns.values():  # warm-up
        fn()
    for _ in range(repeats):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            for _ in range(inner):
                fn()
            times[k].append((time.perf_counter() - t0) / inner)
    BEST.clear()
    BEST.update({k: min(v) for k, v in times.items()})
    return {k: statistics.median(v) for k, v in times.items()}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ops", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--mlp-repeats", type=int, default=15)
    ap.add_argument("--no-large", action="store_true", help="skip the 784-512-512-10 timing")
    args = ap.parse_args(argv)

    fns = {"mibun": chain_mibun(args.ops), "numpy by hand": chain_numpy(args.ops),
           "bare Python engine (no checks)": chain_bare(args.ops)}
    for name, make in (("torch", chain_torch), ("autograd", chain_autograd)):
        try:
            fns[name] = make(args.ops)
        except ImportError:
            pass
    med = time_alternating(fns, args.repeats)
    print(f"## chain of {args.ops} multiplies (10 elements), forward + backward, median of {args.repeats}\n")
    print("| engine | µs per op (median) | fastest run | ratio to mibun |\n|---|---|---|---|")
    for k, v in med.items():
        print(f"| {k} | {v / args.ops * 1e6:.2f} | {BEST[k] / args.ops * 1e6:.2f} | {v / med['mibun']:.2f} |")

    ws, bs, x, y = mlp_setup(batch=64, sizes=(64, 128, 10))
    med = time_alternating({"mibun": mlp_step_mibun(ws, bs, x, y), "numpy by hand": mlp_step_numpy(ws, bs, x, y)},
                           args.repeats, inner=20)
    print(f"\n## 64-128-10 ReLU MLP train step, batch 64, float32, median of {args.repeats}\n")
    print("| implementation | µs per step | ratio to NumPy by hand |\n|---|---|---|")
    for k, v in med.items():
        print(f"| {k} | {v * 1e6:.1f} | {v / med['numpy by hand']:.2f} |")

    ws, bs, x, y = mlp_setup()
    measured, floor = mlp_memory(ws, bs, x, y)
    print("\n## memory of one 784-512-512-10 train step (batch 256, float32)\n")
    print(f"parameters + tracemalloc peak {measured / 2**20:.2f} MiB; floor (parameters + gradients + "
          f"activations) {floor / 2**20:.2f} MiB; ratio {measured / floor:.2f}")
    if args.no_large:
        return
    med = time_alternating({"mibun": mlp_step_mibun(ws, bs, x, y), "numpy by hand": mlp_step_numpy(ws, bs, x, y)},
                           args.mlp_repeats)
    print(f"\n## 784-512-512-10 ReLU MLP train step, batch 256, float32, median of {args.mlp_repeats}\n")
    print("| implementation | ms per step | ratio to NumPy by hand |\n|---|---|---|")
    for k, v in med.items():
        print(f"| {k} | {v * 1e3:.2f} | {v / med['numpy by hand']:.3f} |")


if __name__ == "__main__":
    main()
