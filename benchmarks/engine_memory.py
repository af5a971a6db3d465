"""Memory of one train step (run by hand: ``python benchmarks/engine_memory.py``; never part of the tests).

A 784-512-512-10 ReLU MLP (``mb.nn.Linear``/``ReLU``, batch 256, float32), ``cross_entropy``, ``optim.Adam``:
tracemalloc's peak of the step (forward, ``zero_grad``, backward, ``opt.step()``; NumPy reports its array
allocations to tracemalloc) plus what was already allocated when the step began (the parameters and the
optimizer state), against the floor that any reverse-mode engine needs at the peak:

    floor = parameters + gradients + optimizer state (Adam: two moments)
            + the activations backward needs (each Linear's input: x, h₁, h₂; the logits for softmax)

(the ReLU backward can read its own output, so no pre-activation is counted). The step is measured after
a warm-up step, so the optimizer state exists; ``--sgd`` uses SGD with momentum (one buffer) instead.
"""

from __future__ import annotations

import argparse
import statistics
import tracemalloc

import numpy as np

import mibun as mb

SIZES = (784, 512, 512, 10)


def build(batch: int = 256, sizes: tuple[int, ...] = SIZES, sgd: bool = False, seed: int = 0):
    """(step, parameter bytes, floor bytes) for the MLP; ``step()`` runs one train step and returns the loss."""
    layers: list = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=False)):
        layers.append(mb.nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(mb.nn.ReLU())
    model = mb.nn.Sequential(*layers)
    params = list(model.parameters())
    opt = mb.optim.SGD(params, lr=0.01, momentum=0.9) if sgd else mb.optim.Adam(params, lr=1e-3)
    rng = np.random.default_rng(seed)
    x = mb.tensor(rng.standard_normal((batch, sizes[0])).astype(np.float32))
    y = rng.integers(0, sizes[-1], batch)

    def step():
        loss = mb.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    p_bytes = sum(p.data.nbytes for p in params)
    state = p_bytes * (1 if sgd else 2)
    acts = batch * sum(sizes[:-1]) * 4 + batch * sizes[-1] * 4
    return step, p_bytes, 2 * p_bytes + state + acts


def measure(batch: int = 256, sgd: bool = False) -> tuple[int, int]:
    """(measured, floor) bytes: everything traced at the step's peak (the parameters, optimizer state,
    gradients and activations included: tracing starts before the model is built), and the floor. A first
    model is built and stepped untraced, so modules imported lazily are not counted."""
    build(batch, sgd=sgd)[0]()
    tracemalloc.start()
    try:
        step, _, floor = build(batch, sgd=sgd)
        step()
        step()                                  # warm-up: the optimizer state exists
        tracemalloc.reset_peak()
        step()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, floor


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sgd", action="store_true", help="SGD with momentum instead of Adam")
    args = ap.parse_args(argv)
    ratios = []
    for _ in range(args.runs):
        measured, floor = measure(sgd=args.sgd)
        ratios.append(measured / floor)
    opt = "SGD(momentum)" if args.sgd else "Adam"
    print(f"## memory of one 784-512-512-10 train step (batch 256, float32, {opt})\n")
    print(f"held at the peak {measured / 2**20:.2f} MiB; floor (parameters + gradients + optimizer state + "
          f"activations backward needs) {floor / 2**20:.2f} MiB; ratio {statistics.median(ratios):.2f} "
          f"(target ≤ 1.5)")


if __name__ == "__main__":
    main()
