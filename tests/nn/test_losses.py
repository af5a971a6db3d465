import numpy as np
import pytest

import mibun as mb
from mibun.errors import InputError, ShapeError

nn = mb.nn
F = nn.functional
RNG = np.random.default_rng(1)


def softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def ref_ce(z, y, eps=0.0, ignore=-100):
    n, c = z.shape
    lsm = np.log(softmax(z))
    out = np.zeros(n)
    for i in range(n):
        if y[i] == ignore:
            continue
        q = np.full(c, eps / c)
        q[y[i]] += 1 - eps
        out[i] = -(q * lsm[i]).sum()
    return out


def test_cross_entropy_gradient_is_softmax_minus_onehot_over_batch():
    z = RNG.standard_normal((6, 5))
    y = RNG.integers(0, 5, 6)
    zt = mb.tensor(z, requires_grad=True)
    F.cross_entropy(zt, y).backward()
    np.testing.assert_allclose(zt.grad.data, (softmax(z) - np.eye(5)[y]) / 6, atol=1e-14)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("eps", [0.0, 0.2])
def test_cross_entropy_values_reductions_ignore_index_smoothing(reduction, eps):
    z = RNG.standard_normal((7, 4))
    y = np.array([0, 3, -100, 1, 2, -100, 3])
    ref = ref_ce(z, y, eps)
    out = F.cross_entropy(z, y, reduction=reduction, label_smoothing=eps).data
    expect = {"mean": ref.sum() / 5, "sum": ref.sum(), "none": ref}[reduction]
    np.testing.assert_allclose(out, expect, rtol=1e-12)
    assert mb.gradcheck(lambda z: F.cross_entropy(z, y, reduction=reduction, label_smoothing=eps), z)


def test_cross_entropy_targets_as_tensor_and_probabilities_and_extra_axes():
    z = RNG.standard_normal((3, 4))
    y = np.array([1, 0, 3])
    a = F.cross_entropy(z, y).item()
    assert F.cross_entropy(z, mb.tensor(y)).item() == pytest.approx(a)
    assert F.cross_entropy(z, np.eye(4)[y]).item() == pytest.approx(a)
    p = softmax(RNG.standard_normal((3, 4)))
    np.testing.assert_allclose(F.cross_entropy(z, p).item(), -(p * np.log(softmax(z))).sum(1).mean())
    np.testing.assert_allclose(F.cross_entropy(z, p, label_smoothing=0.1).item(),
                               -((0.9 * p + 0.025) * np.log(softmax(z))).sum(1).mean())
    # (N, C, T) logits with (N, T) targets, as for sequence models
    z3 = RNG.standard_normal((2, 4, 5))
    y3 = RNG.integers(0, 4, (2, 5))
    ref = ref_ce(z3.transpose(0, 2, 1).reshape(-1, 4), y3.reshape(-1)).reshape(2, 5)
    np.testing.assert_allclose(F.cross_entropy(z3, y3, reduction="none").data, ref, rtol=1e-12)
    assert F.cross_entropy(z[0], y[0]).shape == ()


def test_cross_entropy_exact_and_finite_for_huge_logits():
    z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]], dtype=np.float32)
    y = np.array([1, 0])
    zt = mb.tensor(z, requires_grad=True)
    loss = F.cross_entropy(zt, y, reduction="none")
    np.testing.assert_allclose(loss.data, [2e4, 2e4 + np.log(2)], rtol=1e-6)
    loss.sum().backward()
    assert np.isfinite(zt.grad.data).all()
    np.testing.assert_allclose(zt.grad.data, [[1, -1, 0], [-1, 0.5, 0.5]], atol=1e-6)
    assert loss.dtype == np.float32 and zt.grad.dtype == np.float32


def test_cross_entropy_errors():
    z = np.zeros((3, 4))
    with pytest.raises(nn.TargetError, match="out of range"):
        F.cross_entropy(z, np.array([0, 4, 1]))
    with pytest.raises(InputError, match="reduction"):
        F.cross_entropy(z, np.array([0, 1, 1]), reduction="avg")
    with pytest.raises(ShapeError):
        F.cross_entropy(z, np.array([0, 1]))
    with pytest.raises(nn.TargetError):
        F.cross_entropy(z, np.array(["a", "b", "c"]))


def test_nll_mse_l1():
    z = RNG.standard_normal((4, 3))
    y = np.array([2, 0, 1, -100])
    lp = np.log(softmax(z))
    np.testing.assert_allclose(F.nll_loss(mb.log_softmax(z), y).item(), -lp[np.arange(3), y[:3]].mean())
    np.testing.assert_allclose(F.nll_loss(mb.log_softmax(z), y[:3].tolist() and y).item(),
                               F.cross_entropy(z, y).item())
    a, b = RNG.standard_normal((3, 2)), RNG.standard_normal((3, 2))
    np.testing.assert_allclose(F.mse_loss(a, b).item(), ((a - b) ** 2).mean())
    np.testing.assert_allclose(F.l1_loss(a, b, reduction="sum").item(), np.abs(a - b).sum())
    assert F.mse_loss(a, b, reduction="none").shape == (3, 2)
    assert mb.gradcheck(lambda a: F.mse_loss(a, b), a)
    with pytest.raises(ShapeError):
        F.mse_loss(a, b[:2])


def test_binary_cross_entropies():
    z = RNG.standard_normal((5,)) * 3
    y = RNG.random(5)
    p = 1 / (1 + np.exp(-z))
    ref = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    np.testing.assert_allclose(F.binary_cross_entropy_with_logits(z, y, reduction="none").data, ref, rtol=1e-10)
    np.testing.assert_allclose(F.binary_cross_entropy(p, y, reduction="none").data, ref, rtol=1e-10)
    zt = mb.tensor(z, requires_grad=True)
    F.binary_cross_entropy_with_logits(zt, y, reduction="sum").backward()
    np.testing.assert_allclose(zt.grad.data, p - y, rtol=1e-10)
    # stable at ±1e4 and at z = 0 (σ(0) − y, not a kink)
    big = mb.tensor(np.array([1e4, -1e4, 0.0]), requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(big, np.array([0.0, 1.0, 1.0]), reduction="none")
    np.testing.assert_allclose(loss.data, [1e4, 1e4, np.log(2)])
    loss.sum().backward()
    np.testing.assert_allclose(big.grad.data, [1, -1, -0.5])
    # probabilities at the ends: logs clamped at −100 like PyTorch
    np.testing.assert_allclose(F.binary_cross_entropy(np.array([0.0, 1.0]), np.array([1.0, 0.0]),
                                                      reduction="none").data, [100, 100])
    with pytest.raises(InputError):
        F.binary_cross_entropy(np.array([1.5]), np.array([1.0]))


def test_loss_modules_and_double_backward_of_fused_ce():
    z = RNG.standard_normal((3, 4))
    y = np.array([1, 2, 3])
    assert nn.CrossEntropyLoss(label_smoothing=0.1)(z, y).item() == pytest.approx(
        F.cross_entropy(z, y, label_smoothing=0.1).item())
    H = mb.hessian(lambda z: F.cross_entropy(z, y))(z)
    s = softmax(z[0])
    np.testing.assert_allclose(H[0, :, 0, :], (np.diag(s) - np.outer(s, s)) / 3, atol=1e-12)
    assert mb.gradcheck(lambda z: mb.grad(lambda u: F.cross_entropy(u, y))(z).sum() if False else
                        F.binary_cross_entropy_with_logits(z, np.ones_like(z)), z)


def test_cross_entropy_class_weights_formula_and_gradcheck():
    z = RNG.standard_normal((5, 3))
    y = np.array([0, 2, 1, 2, -100])
    w = np.array([1.0, 2.0, 0.5])
    lsm = np.log(softmax(z))
    rows = np.arange(4)
    expect = -(w[y[:4]] * lsm[rows, y[:4]]).sum() / w[y[:4]].sum()
    np.testing.assert_allclose(F.cross_entropy(z, y, weight=w).item(), expect, rtol=1e-12)
    for eps in (0.0, 0.3):
        for red in ("mean", "sum", "none"):
            assert mb.gradcheck(lambda z, red=red, eps=eps: F.cross_entropy(z, y, weight=w, reduction=red,
                                                                   label_smoothing=eps), z)
    H = mb.hessian(lambda z: F.cross_entropy(z, y, weight=w, label_smoothing=0.1))(z)
    assert H.shape == (5, 3, 5, 3) and np.isfinite(H).all()
    with pytest.raises(ShapeError):
        F.cross_entropy(z, y, weight=np.ones(4))
