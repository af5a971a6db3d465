"""More layers and losses on the strict fake device (tests/interop/fake_device.py): each runs forward and
backward there, every parameter and gradient stays a device array, and the numbers equal the CPU's."""

from __future__ import annotations

import numpy as np
import pytest

import mibun as mb
from mibun import nn
from mibun.autodiff import devices
from tests.interop.fake_device import FakeArray, register, to_host

F = nn.functional


@pytest.fixture
def fake():
    yield register("fake")
    devices.unregister_device("fake")


def _x(shape, device):
    return mb.tensor(np.random.default_rng(7).standard_normal(shape), device=device, requires_grad=True)


def _batchnorm(device):
    m = nn.BatchNorm1d(4, dtype="float64").to(device)
    x = _x((5, 4), device)
    y = m(x)
    m.eval()
    return mb.sum(y * y) + mb.sum(m(x)), m, x


def _sdpa(device):
    q = _x((2, 3, 4), device)
    return mb.sum(F.scaled_dot_product_attention(q, q * 0.5, q, is_causal=True) ** 2), None, q


def _mha(device):
    m = nn.MultiheadAttention(4, 2, dtype="float64").to(device)
    x = _x((3, 2, 4), device)
    y, _ = m(x, x, x, is_causal=True, key_padding_mask=np.array([[False, False, True], [False, False, False]]))
    return mb.sum(y ** 2), m, x


def _encoder(device):
    m = nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, dropout=0.0, dtype="float64").to(device)
    x = _x((3, 2, 4), device)
    return mb.sum(m(x) ** 2), m, x


def _dropout_posenc(device):
    mb.nn.init.manual_seed(11)
    m = nn.Sequential(nn.PositionalEncoding(4, dropout=0.0), nn.Dropout(0.3), nn.Dropout1d(0.5)).to(device)
    x = _x((3, 2, 4), device)
    return mb.sum(m(x) ** 2), m, x


def _losses(device):
    x = _x((3, 4), device)
    w = mb.tensor([1.0, 2.0, 0.5, 1.0], device=device).data
    t = np.array([0, 1, 3])
    loss = (F.nll_loss(F.log_softmax(x, axis=1), t, weight=w) + F.cross_entropy(x, t, weight=w, label_smoothing=0.1)
            + F.binary_cross_entropy_with_logits(x, mb.tensor(np.eye(3, 4), device=device)))
    return loss, None, x


@pytest.mark.parametrize("case", [_batchnorm, _sdpa, _mha, _encoder, _dropout_posenc, _losses],
                         ids=lambda f: f.__name__.strip("_"))
def test_layer_runs_on_the_device_with_the_cpus_numbers(fake, case):
    mb.nn.init.manual_seed(2)
    loss, m, x = case("fake")
    loss.backward()
    mb.nn.init.manual_seed(2)
    cpu_loss, cm, cx = case("cpu")
    cpu_loss.backward()
    assert type(loss.data) is FakeArray and type(x.grad.data) is FakeArray
    np.testing.assert_allclose(loss.item(), cpu_loss.item(), rtol=1e-13)
    np.testing.assert_allclose(to_host(x.grad.data), cx.grad.numpy(), rtol=1e-12, atol=1e-14)
    if m is not None:
        for p, q in zip(m.parameters(), cm.parameters(), strict=True):
            assert type(p.grad.data) is FakeArray
            np.testing.assert_allclose(to_host(p.grad.data), q.grad.numpy(), rtol=1e-12, atol=1e-14)


def test_state_dict_round_trip_keeps_the_device(fake):
    m = nn.Sequential(nn.Linear(3, 2, dtype="float64"), nn.BatchNorm1d(2, dtype="float64")).to("fake")
    state = m.state_dict()
    assert all(type(v) is FakeArray for v in state.values())
    cpu = nn.Sequential(nn.Linear(3, 2, dtype="float64"), nn.BatchNorm1d(2, dtype="float64"))
    cpu.load_state_dict(state)  # device arrays are copied to the parameters' device (here the host)
    assert all(type(p.data) is np.ndarray for p in cpu.parameters())
    m.load_state_dict(cpu.state_dict())  # and host arrays onto the device
    assert all(type(p.data) is FakeArray for p in m.parameters())
    for k, v in cpu.state_dict().items():
        np.testing.assert_array_equal(to_host(m.state_dict()[k]), v)


def test_layer_level_explain_of_an_encoder_layer_on_the_device(fake):
    mb.nn.init.manual_seed(4)
    m = nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, dropout=0.0, dtype="float64").to("fake")
    ex = mb.explain(mb.sum(m(_x((3, 1, 4), "fake")) ** 2), level="layer")
    assert ex.matches and ex.layers


def test_fit_trains_a_model_on_the_device_with_the_cpus_history(fake):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((40, 3))
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int64)

    def train(device):
        mb.nn.init.manual_seed(1)
        m = nn.Sequential(nn.Linear(3, 8, dtype="float64"), nn.ReLU(), nn.Linear(8, 2, dtype="float64")).to(device)
        opt = mb.optim.Adam(m.parameters(), lr=0.05)
        h = mb.train.fit(m, nn.CrossEntropyLoss(), opt, (x, y), val_data=(x, y), epochs=3, batch_size=10,
                         metrics=["accuracy"], seed=3, progress=False)
        return h, m

    h, m = train("fake")
    assert all(type(p.data) is FakeArray for p in m.parameters())
    cpu_h, _ = train("cpu")
    for k in cpu_h.keys():
        np.testing.assert_allclose(h[k], cpu_h[k], rtol=1e-12)


TRANSFORMS = {
    "tril": lambda x, d: mb.numpy.tril(x), "triu": lambda x, d: mb.numpy.triu(x, 1),
    "pad": lambda x, d: mb.numpy.pad(x, 1, constant_values=2.0), "diag": lambda x, d: mb.numpy.diag(x),
    "quantile": lambda x, d: mb.numpy.quantile(x, 0.3), "array_split": lambda x, d: mb.numpy.array_split(x, 2)[1],
    "sort": lambda x, d: mb.numpy.sort(x, axis=1),
    "jvp": lambda x, d: mb.jvp(lambda t: mb.sin(t) * t, (x,), (mb.tensor(np.ones((2, 2)), device=d),))[1],
    "jacobian": lambda x, d: mb.jacobian(lambda t: mb.sin(t))(x),
    "hessian": lambda x, d: mb.hessian(lambda t: mb.sum(t ** 3))(x),
    "grad": lambda x, d: mb.grad(lambda t: mb.sum(mb.exp(t) * t))(x),
}


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_numpy_namespace_and_transforms_on_the_device(fake, name):
    def run(device):
        x = mb.tensor([[0.2, 0.5], [0.9, 0.7]], device=device, requires_grad=True)
        y = TRANSFORMS[name](x, device)
        mb.sum(y * y).backward()
        return y, x

    y, x = run("fake")
    cy, cx = run("cpu")
    assert type(y.data) is FakeArray and type(x.grad.data) is FakeArray
    np.testing.assert_allclose(to_host(y.data), cy.numpy(), rtol=1e-13)
    np.testing.assert_allclose(to_host(x.grad.data), cx.grad.numpy(), rtol=1e-13)


def test_checkpoint_of_a_device_model_and_adam_resumes_on_the_device(fake, tmp_path):
    x = mb.tensor(np.linspace(-1, 1, 12).reshape(4, 3), device="fake")

    def make():
        mb.nn.init.manual_seed(6)
        m = nn.Linear(3, 2, dtype="float64").to("fake")
        return m, mb.optim.Adam(m.parameters(), lr=0.1)

    def step(m, o):
        o.zero_grad()
        loss = mb.sum(m(x) ** 2)
        loss.backward()
        o.step()
        return loss.item()

    m, o = make()
    step(m, o)
    mb.train.save_checkpoint(tmp_path / "c.npz", m, o)
    expected = step(m, o), step(m, o)
    m2, o2 = make()
    mb.train.load_checkpoint(tmp_path / "c.npz", m2, o2)
    assert all(type(v) is FakeArray for st in o2.state.values() for v in st.values() if hasattr(v, "shape"))
    assert (step(m2, o2), step(m2, o2)) == expected
    assert all(type(p.data) is FakeArray for p in m2.parameters())
