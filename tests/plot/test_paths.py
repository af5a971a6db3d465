"""Optimizer update rules (mibun.plot._paths): convergence, Adam's first step, two steps by hand."""

import math

import numpy as np
import pytest

from mibun.plot._paths import DEFAULTS, OPTIMIZERS, optimizer_paths


def quad(a, b):
    """f = (x − 1)² + 3(y + 2)², ∇f = (2(x − 1), 6(y + 2)), minimum at (1, −2)."""
    return (a - 1) ** 2 + 3 * (b + 2) ** 2


def g(p):
    return np.array([2 * (p[0] - 1), 6 * (p[1] + 2)])


START = (3.0, 1.0)


def test_gd_converges_to_the_minimum():
    p = optimizer_paths(quad, START, ["gd"], steps=200, lr=0.1)["gd"]
    assert p.shape == (201, 2)
    np.testing.assert_allclose(p[0], START)
    np.testing.assert_allclose(p[-1], [1.0, -2.0], atol=1e-8)
    # every step goes downhill for a small enough lr
    vals = [quad(*q) for q in p]
    assert all(b <= a for a, b in zip(vals, vals[1:], strict=False))


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_every_optimizer_approaches_the_minimum(name):
    lr = {"gd": 0.1, "momentum": 0.02, "nag": 0.02, "adagrad": 1.0, "rmsprop": 0.05, "adadelta": 10.0,
          "adam": 0.1, "nadam": 0.1}[name]
    p = optimizer_paths(quad, START, [name], steps=1000, lr=lr)[name]
    assert quad(*p[-1]) < 1e-2 * quad(*START)


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_adam_first_step_has_size_lr(scale):
    # m̂₁ = g, v̂₁ = g²: each coordinate moves by lr·g/(|g| + ε) ≈ lr, whatever the gradient's size
    f = lambda a, b: scale * quad(a, b)  # noqa: E731
    for name in ("adam", "nadam", "rmsprop", "adagrad"):
        p = optimizer_paths(f, START, [name], steps=1, lr=0.01)[name]
        step = np.abs(p[1] - p[0])
        if name == "adam":
            np.testing.assert_allclose(step, [0.01, 0.01], rtol=1e-4)
    p = optimizer_paths(f, START, ["adam"], steps=1, lr=0.01)["adam"]
    assert np.linalg.norm(p[1] - p[0]) == pytest.approx(0.01 * math.sqrt(2), rel=1e-4)


def two_steps(name, lr):
    return optimizer_paths(quad, START, [name], steps=2, lr=lr)[name]


def test_two_steps_by_hand_gd_and_momentum():
    # g₀ = ∇f(3, 1) = (4, 18)
    p = two_steps("gd", 0.1)
    np.testing.assert_allclose(p[1], [3 - 0.4, 1 - 1.8])                 # (2.6, −0.8)
    np.testing.assert_allclose(p[2], [2.6 - 0.1 * 3.2, -0.8 - 0.1 * 7.2])  # g₁ = (3.2, 7.2)
    # momentum μ = 0.9: v₁ = g₀, θ₁ = θ₀ − lr v₁; v₂ = μ v₁ + g₁
    p = two_steps("momentum", 0.01)
    t1 = np.array([3 - 0.04, 1 - 0.18])
    np.testing.assert_allclose(p[1], t1)
    v2 = 0.9 * np.array([4.0, 18.0]) + g(t1)
    np.testing.assert_allclose(p[2], t1 - 0.01 * v2)
    # Nesterov (torch): θ ← θ − lr (g + μ v)
    p = two_steps("nag", 0.01)
    t1 = np.array([3.0, 1.0]) - 0.01 * (np.array([4.0, 18.0]) * 1.9)
    np.testing.assert_allclose(p[1], t1)
    v2 = 0.9 * np.array([4.0, 18.0]) + g(t1)
    np.testing.assert_allclose(p[2], t1 - 0.01 * (g(t1) + 0.9 * v2))


def test_two_steps_by_hand_adaptive():
    th0, g0 = np.array(START), np.array([4.0, 18.0])
    # Adagrad: G₁ = g₀², θ₁ = θ₀ − lr·g₀/(|g₀| + ε) = θ₀ − lr; G₂ = g₀² + g₁²
    p = two_steps("adagrad", 0.1)
    t1 = th0 - 0.1 * g0 / (np.abs(g0) + 1e-10)
    np.testing.assert_allclose(p[1], [2.9, 0.9])
    g1 = g(t1)
    np.testing.assert_allclose(p[2], t1 - 0.1 * g1 / (np.sqrt(g0**2 + g1**2) + 1e-10))
    # RMSprop α = 0.99: s₁ = 0.01 g₀², step lr g₀/(0.1|g₀|) = 10 lr
    p = two_steps("rmsprop", 0.01)
    t1 = th0 - 0.01 * g0 / (np.sqrt(0.01 * g0**2) + 1e-8)
    np.testing.assert_allclose(p[1], [2.9, 0.9], rtol=1e-7)
    g1 = g(t1)
    s2 = 0.99 * 0.01 * g0**2 + 0.01 * g1**2
    np.testing.assert_allclose(p[2], t1 - 0.01 * g1 / (np.sqrt(s2) + 1e-8))
    # Adadelta ρ = 0.9, ε = 1e-6, lr = 1
    p = two_steps("adadelta", 1.0)
    s1 = 0.1 * g0**2
    d1 = np.sqrt(1e-6) / np.sqrt(s1 + 1e-6) * g0
    t1 = th0 - d1
    np.testing.assert_allclose(p[1], t1)
    u1 = 0.1 * d1**2
    g1 = g(t1)
    s2 = 0.9 * s1 + 0.1 * g1**2
    np.testing.assert_allclose(p[2], t1 - np.sqrt(u1 + 1e-6) / np.sqrt(s2 + 1e-6) * g1)
    # Adam β = (0.9, 0.999)
    p = two_steps("adam", 0.1)
    t1 = th0 - 0.1 * g0 / (np.abs(g0) + 1e-8)
    np.testing.assert_allclose(p[1], t1)
    g1 = g(t1)
    m2 = 0.9 * 0.1 * g0 + 0.1 * g1
    v2 = 0.999 * 0.001 * g0**2 + 0.001 * g1**2
    np.testing.assert_allclose(p[2], t1 - 0.1 * (m2 / (1 - 0.81)) / (np.sqrt(v2 / (1 - 0.999**2)) + 1e-8))
    # NAdam (torch, ψ = 0.004)
    p = two_steps("nadam", 0.1)
    mu = lambda t: 0.9 * (1 - 0.5 * 0.96 ** (t * 0.004))  # noqa: E731
    m1, v1 = 0.1 * g0, 0.001 * g0**2
    den = np.sqrt(v1 / 0.001) + 1e-8
    t1 = th0 - 0.1 * (1 - mu(1)) / (1 - mu(1)) * g0 / den - 0.1 * mu(2) / (1 - mu(1) * mu(2)) * m1 / den
    np.testing.assert_allclose(p[1], t1)
    g1 = g(t1)
    m2, v2 = 0.9 * m1 + 0.1 * g1, 0.999 * v1 + 0.001 * g1**2
    den = np.sqrt(v2 / (1 - 0.999**2)) + 1e-8
    prod = mu(1) * mu(2)
    t2 = t1 - 0.1 * (1 - mu(2)) / (1 - prod) * g1 / den - 0.1 * mu(3) / (1 - prod * mu(3)) * m2 / den
    np.testing.assert_allclose(p[2], t2)


def test_lr_per_optimizer_and_divergence_stops():
    paths = optimizer_paths(quad, START, ["gd", "adam"], steps=3, lr={"gd": 0.1, "adam": 0.5})
    assert set(paths) == {"gd", "adam"}
    big = optimizer_paths(quad, START, ["gd"], steps=500, lr=1.0)["gd"]   # diverges: stopped early
    assert len(big) < 501 and np.all(np.isfinite(big))


def test_defaults_match_torch():
    assert DEFAULTS["adam"] == {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    assert DEFAULTS["rmsprop"] == {"alpha": 0.99, "eps": 1e-8}
    assert DEFAULTS["adadelta"] == {"rho": 0.9, "eps": 1e-6}
    assert DEFAULTS["adagrad"] == {"eps": 1e-10}
