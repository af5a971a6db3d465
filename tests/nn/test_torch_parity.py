"""Optional: compare mibun with PyTorch when torch is installed (skipped otherwise). Weights move with
mb.interop; layers, losses and optimizers must agree."""

import numpy as np
import pytest

import mibun as mb

torch = None  # imported by the fixture below when the module's first test runs, not at collection (every test
# process collects every module, and importing torch costs over a second)


@pytest.fixture(autouse=True, scope="module")
def _torch():
    global torch
    torch = pytest.importorskip("torch")


nn = mb.nn
F = nn.functional
RNG = np.random.default_rng(7)


def to_t(a, grad=False):
    t = torch.tensor(np.asarray(a), dtype=torch.float64)
    return t.requires_grad_(grad)


def load_into_torch(tm, m):
    tm.load_state_dict({k: torch.from_numpy(v) for k, v in mb.interop.to_torch_state_dict(m).items()})


def compare_grads(m, tm):
    tg = dict(tm.named_parameters())
    for name, p in m.named_parameters():
        np.testing.assert_allclose(p.grad.data, tg[name].grad.numpy(), rtol=1e-9, atol=1e-11, err_msg=name)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_recurrent_layers_match_torch(kind):
    m = getattr(nn, kind)(3, 5, num_layers=2, batch_first=True, dtype=np.float64)
    tm = getattr(torch.nn, kind)(3, 5, num_layers=2, batch_first=True).double()
    load_into_torch(tm, m)
    x = RNG.standard_normal((4, 6, 3))
    h0 = RNG.standard_normal((2, 4, 5))
    if kind == "LSTM":
        c0 = RNG.standard_normal((2, 4, 5))
        out, (h, c) = m(x, (h0, c0))
        tout, (th, tc) = tm(to_t(x), (to_t(h0), to_t(c0)))
        np.testing.assert_allclose(c.data, tc.detach().numpy(), atol=1e-12)
        (out.sum() + c.sum()).backward()
        (tout.sum() + tc.sum()).backward()
    else:
        out, h = m(x, h0)
        tout, th = tm(to_t(x), to_t(h0))
        (out.sum() + h.sum()).backward()
        (tout.sum() + th.sum()).backward()
    np.testing.assert_allclose(out.data, tout.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(h.data, th.detach().numpy(), atol=1e-12)
    compare_grads(m, tm)


def test_conv_pool_linear_match_torch():
    m = nn.Sequential(nn.Conv2d(2, 4, 3, stride=2, padding=1, dtype=np.float64), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Conv2d(4, 3, 2, dtype=np.float64), nn.AvgPool2d(2, stride=1), nn.Flatten(),
                      nn.Linear(12, 2, dtype=np.float64))
    tm = torch.nn.Sequential(torch.nn.Conv2d(2, 4, 3, stride=2, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                             torch.nn.Conv2d(4, 3, 2), torch.nn.AvgPool2d(2, stride=1), torch.nn.Flatten(),
                             torch.nn.Linear(12, 2)).double()
    load_into_torch(tm, m)
    x = RNG.standard_normal((2, 2, 15, 15))
    y = m(x)
    ty = tm(to_t(x))
    np.testing.assert_allclose(y.data, ty.detach().numpy(), atol=1e-12)
    F.cross_entropy(y, np.array([0, 1])).backward()
    torch.nn.functional.cross_entropy(ty, torch.tensor([0, 1])).backward()
    compare_grads(m, tm)


@pytest.mark.parametrize("eps", [0.0, 0.3])
def test_losses_match_torch(eps):
    z = RNG.standard_normal((6, 5)) * 3
    y = np.array([0, 4, -100, 2, 2, 1])
    for red in ("mean", "sum", "none"):
        a = F.cross_entropy(z, y, reduction=red, label_smoothing=eps).data
        b = torch.nn.functional.cross_entropy(to_t(z), torch.tensor(y), reduction=red, label_smoothing=eps)
        np.testing.assert_allclose(a, b.numpy(), rtol=1e-12)
    p = np.abs(RNG.standard_normal((6, 5)))
    p /= p.sum(1, keepdims=True)
    np.testing.assert_allclose(F.cross_entropy(z, p, label_smoothing=eps).item(),
                               torch.nn.functional.cross_entropy(to_t(z), to_t(p), label_smoothing=eps).item())
    t = RNG.random((6, 5))
    np.testing.assert_allclose(F.binary_cross_entropy_with_logits(z, t).item(),
                               torch.nn.functional.binary_cross_entropy_with_logits(to_t(z), to_t(t)).item())
    s = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(F.binary_cross_entropy(s, t).item(),
                               torch.nn.functional.binary_cross_entropy(to_t(s), to_t(t)).item())
    np.testing.assert_allclose(F.nll_loss(z, y).item(), torch.nn.functional.nll_loss(to_t(z), torch.tensor(y)).item())


OPTS = [("SGD", dict(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)),
        ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True)),
        ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.1)),
        ("Adadelta", dict(lr=0.5, weight_decay=0.1)),
        ("RMSprop", dict(lr=0.01, momentum=0.5, centered=True, weight_decay=0.1)),
        ("Adam", dict(lr=0.05, amsgrad=True, weight_decay=0.1)),
        ("AdamW", dict(lr=0.05)),
        ("Adamax", dict(lr=0.05, weight_decay=0.1)),
        ("NAdam", dict(lr=0.05, weight_decay=0.1)),
        ("NAdam", dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True))]


@pytest.mark.parametrize("name,kw", OPTS)
def test_optimizer_trajectories_match_torch(name, kw):
    m = nn.Linear(4, 3, dtype=np.float64)
    tm = torch.nn.Linear(4, 3).double()
    load_into_torch(tm, m)
    opt = getattr(mb.optim, name)(m.parameters(), **kw)
    topt = getattr(torch.optim, name)(tm.parameters(), **kw)
    x = RNG.standard_normal((8, 4))
    y = RNG.integers(0, 3, 8)
    for _ in range(8):
        opt.zero_grad()
        F.cross_entropy(m(x), y).backward()
        opt.step()
        topt.zero_grad()
        torch.nn.functional.cross_entropy(tm(to_t(x)), torch.tensor(y)).backward()
        topt.step()
    # torch keeps NAdam's running product of momenta in a float32 tensor, hence the looser tolerance
    rtol = 1e-6 if name == "NAdam" else 1e-10
    for k, v in m.state_dict().items():
        np.testing.assert_allclose(v, tm.state_dict()[k].numpy(), rtol=rtol, atol=1e-12, err_msg=k)


def test_defaults_match_torch():
    p = [nn.Parameter(np.zeros(2))]
    tp = [torch.nn.Parameter(torch.zeros(2))]
    for name in ("SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW", "Adamax", "NAdam"):
        ours = getattr(mb.optim, name)(p).defaults
        theirs = getattr(torch.optim, name)(tp).defaults
        for k, v in ours.items():
            assert theirs[k] == v, (name, k)


def test_schedulers_match_torch():
    for name, kw in (("StepLR", dict(step_size=3, gamma=0.5)), ("ExponentialLR", dict(gamma=0.9)),
                     ("CosineAnnealingLR", dict(T_max=7, eta_min=0.01))):
        opt = mb.optim.SGD([nn.Parameter(np.zeros(1))], lr=0.3)
        topt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.3)
        s = getattr(mb.optim.lr_scheduler, name)(opt, **kw)
        ts = getattr(torch.optim.lr_scheduler, name)(topt, **kw)
        for _ in range(10):
            opt.step()
            topt.step()
            s.step()
            ts.step()
            assert opt.param_groups[0]["lr"] == pytest.approx(topt.param_groups[0]["lr"], rel=1e-12)


@pytest.mark.parametrize("eps", [0.0, 0.25])
def test_class_weights_match_torch(eps):
    z = RNG.standard_normal((7, 4)) * 2
    y = np.array([0, 3, -100, 1, 2, 3, 3])
    w = np.array([0.5, 2.0, 1.0, 3.0])
    for red in ("mean", "sum", "none"):
        zt = mb.tensor(z, requires_grad=True)
        a = F.cross_entropy(zt, y, weight=w, reduction=red, label_smoothing=eps)
        tz = to_t(z, True)
        b = torch.nn.functional.cross_entropy(tz, torch.tensor(y), weight=to_t(w), reduction=red,
                                              label_smoothing=eps)
        np.testing.assert_allclose(a.data, b.detach().numpy(), rtol=1e-12)
        a.sum().backward()
        b.sum().backward()
        np.testing.assert_allclose(zt.grad.data, tz.grad.numpy(), rtol=1e-10, atol=1e-14)
    p = np.abs(RNG.standard_normal((7, 4)))
    p /= p.sum(1, keepdims=True)
    np.testing.assert_allclose(F.cross_entropy(z, p, weight=w, label_smoothing=eps).item(),
                               torch.nn.functional.cross_entropy(to_t(z), to_t(p), weight=to_t(w),
                                                                 label_smoothing=eps).item())
    np.testing.assert_allclose(F.nll_loss(z, y, weight=w).item(),
                               torch.nn.functional.nll_loss(to_t(z), torch.tensor(y), weight=to_t(w)).item())


@pytest.mark.parametrize("kind", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cells_match_torch(kind):
    m = getattr(nn, kind)(3, 4, dtype=np.float64)
    tm = getattr(torch.nn, kind)(3, 4).double()
    load_into_torch(tm, m)
    x = RNG.standard_normal((2, 3))
    h0 = RNG.standard_normal((2, 4))
    if kind == "LSTMCell":
        c0 = RNG.standard_normal((2, 4))
        h, c = m(x, (h0, c0))
        th, tc = tm(to_t(x), (to_t(h0), to_t(c0)))
        (h.sum() + c.sum()).backward()
        (th.sum() + tc.sum()).backward()
    else:
        h = m(x, h0)
        th = tm(to_t(x), to_t(h0))
        h.sum().backward()
        th.sum().backward()
    np.testing.assert_allclose(h.data, th.detach().numpy(), atol=1e-12)
    compare_grads(m, tm)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_bidirectional_matches_torch(kind):
    m = getattr(nn, kind)(3, 4, num_layers=2, bidirectional=True, dtype=np.float64)
    tm = getattr(torch.nn, kind)(3, 4, num_layers=2, bidirectional=True).double()
    assert list(m.state_dict()) == list(tm.state_dict())
    load_into_torch(tm, m)
    x = RNG.standard_normal((5, 2, 3))
    res, tres = m(x), tm(to_t(x))
    out, tout = res[0], tres[0]
    h = res[1][0] if kind == "LSTM" else res[1]
    th = tres[1][0] if kind == "LSTM" else tres[1]
    np.testing.assert_allclose(out.data, tout.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(h.data, th.detach().numpy(), atol=1e-12)
    (out.sum() + h.sum()).backward()
    (tout.sum() + th.sum()).backward()
    compare_grads(m, tm)
