"""Each optimizer against its update equations (torch.optim's documentation) written out here, for a
few steps on f(θ) = ½ Σ a θ² + b·θ, whose gradient a θ + b depends on where the optimizer went."""

import math

import numpy as np
import pytest

import mibun as mb
from mibun.errors import InputError

optim = mb.optim
A = np.array([1.0, 3.0, 0.5, 2.0])
B = np.array([0.5, -1.0, 0.2, 0.0])
TH0 = np.array([1.0, -2.0, 0.5, 3.0])
STEPS = 6


def grad(th):
    return A * th + B


def run_mibun(cls, dtype=np.float64, **kw):
    p = mb.nn.Parameter(TH0.astype(dtype))
    opt = cls([p], **kw)
    traj = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = (0.5 * A * p * p + B * p).sum()
        loss.backward()
        opt.step()
        traj.append(p.data.copy())
    return np.array(traj), opt


def ref_sgd(lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, maximize=False):
    th, buf, out = TH0.copy(), None, []
    for _ in range(STEPS):
        g = grad(th) * (-1 if maximize else 1)
        g = g + weight_decay * th
        if momentum:
            buf = g.copy() if buf is None else momentum * buf + (1 - dampening) * g
            g = g + momentum * buf if nesterov else buf
        th = th - lr * g
        out.append(th)
    return np.array(out)


def ref_adagrad(lr, lr_decay=0.0, weight_decay=0.0, init=0.0, eps=1e-10):
    th, s, out = TH0.copy(), np.full(4, init), []
    for t in range(1, STEPS + 1):
        g = grad(th) + weight_decay * th
        clr = lr / (1 + (t - 1) * lr_decay)
        s = s + g * g
        th = th - clr * g / (np.sqrt(s) + eps)
        out.append(th)
    return np.array(out)


def ref_adadelta(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0):
    th, v, u, out = TH0.copy(), np.zeros(4), np.zeros(4), []
    for _ in range(STEPS):
        g = grad(th) + weight_decay * th
        v = rho * v + (1 - rho) * g * g
        d = np.sqrt(u + eps) / np.sqrt(v + eps) * g
        u = rho * u + (1 - rho) * d * d
        th = th - lr * d
        out.append(th)
    return np.array(out)


def ref_rmsprop(lr, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
    th, v, gavg, b, out = TH0.copy(), np.zeros(4), np.zeros(4), np.zeros(4), []
    for _ in range(STEPS):
        g = grad(th) + weight_decay * th
        v = alpha * v + (1 - alpha) * g * g
        vt = v
        if centered:
            gavg = alpha * gavg + (1 - alpha) * g
            vt = v - gavg * gavg
        if momentum > 0:
            b = momentum * b + g / (np.sqrt(vt) + eps)
            th = th - lr * b
        else:
            th = th - lr * g / (np.sqrt(vt) + eps)
        out.append(th)
    return np.array(out)


def ref_adam(lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, decoupled=False):
    b1, b2 = betas
    th, m, v, vmax, out = TH0.copy(), np.zeros(4), np.zeros(4), np.zeros(4), []
    for t in range(1, STEPS + 1):
        g = grad(th)
        if decoupled:
            th = th * (1 - lr * weight_decay)
        else:
            g = g + weight_decay * th
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        mhat = m / (1 - b1 ** t)
        if amsgrad:
            vmax = np.maximum(vmax, v)
            vhat = vmax / (1 - b2 ** t)
        else:
            vhat = v / (1 - b2 ** t)
        th = th - lr * mhat / (np.sqrt(vhat) + eps)
        out.append(th)
    return np.array(out)


def ref_adamax(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    b1, b2 = betas
    th, m, u, out = TH0.copy(), np.zeros(4), np.zeros(4), []
    for t in range(1, STEPS + 1):
        g = grad(th) + weight_decay * th
        m = b1 * m + (1 - b1) * g
        u = np.maximum(b2 * u, np.abs(g) + eps)
        th = th - lr / (1 - b1 ** t) * m / u
        out.append(th)
    return np.array(out)


def ref_nadam(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3):
    b1, b2 = betas
    th, m, v, prod, out = TH0.copy(), np.zeros(4), np.zeros(4), 1.0, []
    for t in range(1, STEPS + 1):
        g = grad(th) + weight_decay * th
        mu = b1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))
        mu1 = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
        prod *= mu
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        vhat = v / (1 - b2 ** t)
        th = th - lr * (1 - mu) / (1 - prod) * g / (np.sqrt(vhat) + eps) \
            - lr * mu1 / (1 - prod * mu1) * m / (np.sqrt(vhat) + eps)
        out.append(th)
    return np.array(out)


CASES = [
    (optim.SGD, dict(lr=0.1), ref_sgd),
    (optim.SGD, dict(lr=0.1, momentum=0.9), ref_sgd),
    (optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.3, weight_decay=0.01), ref_sgd),
    (optim.SGD, dict(lr=0.05, momentum=0.8, nesterov=True), ref_sgd),
    (optim.SGD, dict(lr=0.05, maximize=True), ref_sgd),
    (optim.Adagrad, dict(lr=0.5), ref_adagrad),
    (optim.Adagrad, dict(lr=0.5, lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.2), None),
    (optim.Adadelta, dict(), ref_adadelta),
    (optim.Adadelta, dict(lr=0.5, rho=0.8, weight_decay=0.1), ref_adadelta),
    (optim.RMSprop, dict(lr=0.01), ref_rmsprop),
    (optim.RMSprop, dict(lr=0.01, momentum=0.9, centered=True, weight_decay=0.1), ref_rmsprop),
    (optim.Adam, dict(lr=0.1), ref_adam),
    (optim.Adam, dict(lr=0.1, amsgrad=True, weight_decay=0.1, betas=(0.8, 0.9)), ref_adam),
    (optim.AdamW, dict(lr=0.1), None),
    (optim.Adamax, dict(lr=0.1), ref_adamax),
    (optim.NAdam, dict(lr=0.1, weight_decay=0.05), ref_nadam),
]


@pytest.mark.parametrize("cls,kw,ref", CASES, ids=[f"{c.__name__}-{i}" for i, (c, _, _) in enumerate(CASES)])
def test_trajectory_matches_equations(cls, kw, ref):
    traj, _ = run_mibun(cls, **kw)
    if cls is optim.Adagrad and ref is None:
        expect = ref_adagrad(kw["lr"], kw["lr_decay"], kw["weight_decay"], kw["initial_accumulator_value"])
    elif cls is optim.AdamW:
        expect = ref_adam(kw["lr"], weight_decay=0.01, decoupled=True)
    else:
        expect = ref(**kw)
    np.testing.assert_allclose(traj, expect, rtol=1e-12, atol=1e-14)


def test_torch_defaults_and_names():
    p = [mb.nn.Parameter(np.zeros(2))]
    assert optim.SGD(p).defaults == dict(lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False,
                                          maximize=False)
    assert optim.Adam(p).defaults["betas"] == (0.9, 0.999) and optim.Adam(p).defaults["eps"] == 1e-8
    assert optim.AdamW(p).defaults["weight_decay"] == 1e-2
    assert optim.Adagrad(p).defaults["lr"] == 1e-2 and optim.Adagrad(p).defaults["eps"] == 1e-10
    assert optim.RMSprop(p).defaults["alpha"] == 0.99 and optim.RMSprop(p).defaults["lr"] == 1e-2
    assert optim.Adadelta(p).defaults["lr"] == 1.0 and optim.Adadelta(p).defaults["rho"] == 0.9
    assert optim.Adamax(p).defaults["lr"] == 2e-3
    assert optim.NAdam(p).defaults["momentum_decay"] == 4e-3


@pytest.mark.parametrize("cls", [optim.SGD, optim.Adagrad, optim.Adadelta, optim.RMSprop, optim.Adam, optim.AdamW,
                                 optim.Adamax, optim.NAdam])
def test_float32_parameters_stay_float32(cls):
    kw = dict(momentum=0.9) if cls in (optim.SGD, optim.RMSprop) else {}
    traj, opt = run_mibun(cls, dtype=np.float32, lr=0.01, **kw)
    assert traj.dtype == np.float32
    assert all(v.dtype == np.float32 for st in opt.state.values() for v in st.values() if isinstance(v, np.ndarray))


def test_param_groups_and_state_dict_round_trip():
    w = mb.nn.Parameter(TH0.copy())
    b = mb.nn.Parameter(TH0.copy())
    opt = optim.Adam([{"params": [w]}, {"params": [b], "lr": 0.5}], lr=0.1)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    for _ in range(3):
        opt.zero_grad()
        ((w * w).sum() + (b * b).sum()).backward()
        opt.step()
    sd = opt.state_dict()
    assert sd["param_groups"][1]["params"] == [1] and sd["state"][0]["step"] == 3
    w2, b2 = mb.nn.Parameter(w.data.copy()), mb.nn.Parameter(b.data.copy())
    opt2 = optim.Adam([{"params": [w2]}, {"params": [b2]}], lr=0.1)
    opt2.load_state_dict(sd)
    assert opt2.param_groups[1]["lr"] == 0.5
    for o, ps in ((opt, (w, b)), (opt2, (w2, b2))):
        o.zero_grad()
        ((ps[0] * ps[0]).sum() + (ps[1] * ps[1]).sum()).backward()
        o.step()
    np.testing.assert_array_equal(w.data, w2.data)
    np.testing.assert_array_equal(b.data, b2.data)
    with pytest.raises(InputError):
        optim.SGD([w], lr=0.1, foo=1) if False else optim.SGD([{"params": [w], "foo": 1}], lr=0.1)
    with pytest.raises(InputError):
        optim.SGD([], lr=0.1)
    with pytest.raises(InputError):
        optim.SGD([w], lr=0.1, nesterov=True)


def test_parameters_without_grad_are_skipped_and_closure():
    p, q = mb.nn.Parameter(np.ones(2)), mb.nn.Parameter(np.ones(2))
    opt = optim.SGD([p, q], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    assert opt.step(closure).item() == 2.0
    np.testing.assert_allclose(p.data, [0.8, 0.8])
    np.testing.assert_array_equal(q.data, [1, 1])


def test_lr_schedulers():
    p = [mb.nn.Parameter(np.zeros(1))]
    sgd = optim.SGD(p, lr=1.0)
    s = optim.lr_scheduler.StepLR(sgd, step_size=2, gamma=0.5)
    lrs = []
    for _ in range(6):
        lrs.append(sgd.param_groups[0]["lr"])
        sgd.step()
        s.step()
    assert lrs == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
    sgd = optim.SGD(p, lr=1.0)
    e = optim.lr_scheduler.ExponentialLR(sgd, gamma=0.9)
    e.step()
    e.step()
    assert e.get_last_lr() == [pytest.approx(0.81)]
    sgd = optim.SGD(p, lr=1.0)
    c = optim.lr_scheduler.CosineAnnealingLR(sgd, T_max=4, eta_min=0.1)
    vals = []
    for _ in range(5):
        vals.append(sgd.param_groups[0]["lr"])
        c.step()
    np.testing.assert_allclose(vals, [0.1 + 0.45 * (1 + math.cos(math.pi * k / 4)) for k in range(5)])


def test_rosenbrock_momentum_beats_plain_gd():
    def run(**kw):
        p = mb.nn.Parameter(np.array([-1.5, 2.0]))
        opt = optim.SGD([p], **kw)
        for _ in range(2000):
            opt.zero_grad()
            x, y = p[0], p[1]
            ((1 - x) ** 2 + 100 * (y - x * x) ** 2).backward()
            opt.step()
        x, y = p.data
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2

    assert run(lr=1e-3, momentum=0.9) < run(lr=1e-3)
