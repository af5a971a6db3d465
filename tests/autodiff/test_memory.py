"""Memory of the backward pass: saved activations are freed once used, gradient buffers are reused.

Measured with tracemalloc (NumPy reports its array allocations to it), asserting on bytes, never time."""

from __future__ import annotations

import tracemalloc
from contextlib import contextmanager

import numpy as np
import pytest

import mibun as mb
from mibun.errors import GraphError

N = 20_000                      # elements per activation: 160 kB in float64, far above Python's own objects
ARR = N * 8


@contextmanager
def _tracing():
    """tracemalloc on for the block (left on if something else had started it)."""
    was = tracemalloc.is_tracing()
    if not was:
        tracemalloc.start()
    try:
        yield
    finally:
        if not was:
            tracemalloc.stop()


def _chain(depth: int) -> tuple[mb.Tensor, mb.Tensor]:
    """x and the scalar loss of a deep chain that saves three N-element arrays per layer."""
    x = mb.tensor(np.linspace(0.1, 1.0, N), requires_grad=True)
    y = x
    for _ in range(depth):
        y = mb.tanh(y) * 1.5 + 0.1
    return x, y.sum()


def _traced_backward(depth: int, **kw) -> tuple[int, int, int]:
    """(held before backward, peak during backward, held after), all traced from before the forward pass
    (after an untraced warm-up, so modules imported lazily are not counted)."""
    _chain(2)[1].backward()
    with _tracing():
        c0 = tracemalloc.get_traced_memory()[0]
        x, loss = _chain(depth)
        before = tracemalloc.get_traced_memory()[0] - c0
        tracemalloc.reset_peak()
        loss.backward(**kw)
        after, peak = (m - c0 for m in tracemalloc.get_traced_memory())
    np.testing.assert_allclose(x.grad.data.shape, (N,))
    return before, peak, after


@pytest.mark.parametrize("depth", [10, 60])
def test_backward_peak_does_not_grow_with_the_freed_activations(depth):
    before, peak, after = _traced_backward(depth)
    assert before > 2 * depth * ARR                   # the forward pass really held the activations
    # backward needs a few arrays beyond what the forward left (cotangents in flight, one VJP's temporaries),
    # whatever the depth: each layer's saved values are freed as soon as its VJP ran
    assert peak - before < 6 * ARR
    # and at the end only x, its gradient and a little bookkeeping are left of the chain
    assert after < before - 2 * depth * ARR
    assert after < 4 * ARR


def test_retain_graph_keeps_the_activations_and_a_second_pass_works():
    _chain(2)[1].backward()
    with _tracing():
        x, loss = _chain(20)
        before = tracemalloc.get_traced_memory()[0]  # compared with after only: no baseline needed
        loss.backward(retain_graph=True)
        after = tracemalloc.get_traced_memory()[0]
    assert after > before - ARR                      # nothing freed: the graph is still there
    g1 = x.grad.data.copy()
    loss.backward()
    np.testing.assert_allclose(x.grad.data, 2 * g1)


def test_second_backward_without_retain_graph_is_a_localized_graph_error():
    x = mb.tensor(np.ones(3), requires_grad=True)
    y = (mb.exp(x) * x).sum()
    y.backward()
    with pytest.raises(GraphError) as info:
        y.backward()
    assert info.value.key == "engine.err.graph_freed"
    assert "retain_graph=True" in info.value.message("en")
    assert "retain_graph=True" in info.value.message("ko") and "역전파" in info.value.message("ko")


def test_fan_out_cotangents_accumulate_in_place_without_touching_a_returned_array():
    """x feeds four ops, so its cotangent is a sum: after the first sum the engine adds into its own buffer.
    The arrays the VJPs returned (here ``g`` itself, passed through by add) are never written."""
    x = mb.tensor(np.arange(1.0, 4.0), requires_grad=True)
    g = np.array([1.0, 10.0, 100.0])
    g_before = g.copy()
    y = x + x + x * 2.0 + mb.exp(x)
    y.backward(g)
    np.testing.assert_array_equal(g, g_before)
    np.testing.assert_allclose(x.grad.data, g * (4.0 + np.exp(np.arange(1.0, 4.0))))


def test_leaf_gradient_buffer_is_reused_but_a_users_array_is_never_written():
    x = mb.tensor(np.ones(4), requires_grad=True)
    for _ in range(3):
        (x * 3.0).sum().backward()
    buf = x.grad.data
    (x * 3.0).sum().backward()
    assert x.grad.data is buf                         # the engine's own buffer: accumulated in place
    np.testing.assert_allclose(x.grad.data, 12.0)

    mine = np.zeros(4)
    x.grad = mb.Tensor(mine)                          # a user's array (shared, not copied) as .grad
    (x * 3.0).sum().backward()
    (x * 3.0).sum().backward()
    np.testing.assert_array_equal(mine, 0.0)
    np.testing.assert_allclose(x.grad.data, 6.0)


def test_in_place_gradient_accumulation_moves_the_version_clock():
    """A graph that saved a .grad buffer sees the in-place accumulation as a write (version counter)."""
    x = mb.tensor(np.ones(3), requires_grad=True)
    w = mb.tensor(np.ones(3), requires_grad=True)
    for _ in range(2):
        (x * 2.0).sum().backward()
    z = (w * x.grad).sum()                            # saves x.grad's buffer
    (x * 2.0).sum().backward()                        # accumulates into it in place
    with pytest.raises(GraphError):
        z.backward()


def test_higher_order_gradients_still_work_with_buffer_reuse():
    x = mb.tensor(np.array([0.3, -0.7]), requires_grad=True)
    y = (x * x * x + x * mb.sin(x)).sum()
    y.backward(create_graph=True)
    g = x.grad
    x.grad = None
    g.sum().backward()
    xv = x.data
    np.testing.assert_allclose(x.grad.data, 6 * xv + 2 * np.cos(xv) - xv * np.sin(xv))
