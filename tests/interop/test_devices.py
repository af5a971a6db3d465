"""The array-module seam (issue 19, Deliver 5) without a GPU: a fake device whose array module wraps NumPy
and makes arrays of its own subclass proves that tensors, constructors, the backward seed, parameter
initialisation and moves are created through the seam; "cuda" without CuPy is a localized DeviceError."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

import mibun as mb
from mibun import nn
from mibun.autodiff import devices
from mibun.autodiff.devices import DeviceError
from tests.interop.fake_device import FakeArray, register, to_host
from tests.optional import need


@pytest.fixture
def fake():
    xp = register("fake")
    yield xp
    devices.unregister_device("fake")


def test_tensor_and_constructors_go_through_the_device_module(fake):
    t = mb.tensor([[1.0, 2.0], [3.0, 4.0]], device="fake", requires_grad=True)
    assert type(t.data) is FakeArray and t.device == "fake" and fake.calls["asarray"] == 1
    z, o = mb.zeros((2, 3), device="fake"), mb.ones(3, device="fake")
    r = mb.randn(2, 2, seed=0, device="fake")
    assert all(type(a.data) is FakeArray for a in (z, o, r))
    assert fake.calls["zeros"] == 1 and fake.calls["ones"] == 1
    np.testing.assert_array_equal(to_host(r.data), mb.randn(2, 2, seed=0).numpy())  # same numbers as on cpu
    assert mb.zeros_like(t).device == "fake" and mb.full((2,), 3.0, device="fake").device == "fake"
    assert mb.tensor([1.0, 2.0]).device == "cpu" and mb.tensor([1.0], device="cpu").device == "cpu"


def test_ops_stay_on_the_device_and_backward_seeds_there(fake):
    x = np.array([[0.5, -1.0], [2.0, 0.25]])
    t = mb.tensor(x, device="fake", requires_grad=True)
    y = mb.sum(mb.tanh(t) * t)
    assert y.device == "fake"  # the ops ran on FakeArrays and the engine kept them
    before = fake.calls["ones_like"]
    y.backward()
    assert fake.calls["ones_like"] == before + 1  # the seed ∂y/∂y = 1 was made by the device's module
    c = mb.tensor(x, requires_grad=True)
    mb.sum(mb.tanh(c) * c).backward()
    np.testing.assert_allclose(to_host(t.grad.data), c.grad.numpy(), rtol=1e-15)


def test_moves_between_devices(fake):
    t = mb.tensor([1.0, 2.0], requires_grad=True, name="t")
    f = t.to("fake")
    assert f.device == "fake" and f.requires_grad and f.name == "t" and f is not t
    back = f.cpu()
    assert back.device == "cpu" and type(back.data) is np.ndarray
    np.testing.assert_array_equal(back.numpy(), [1.0, 2.0])
    assert t.to("cpu") is t and t.cpu() is t
    assert t.to("fake", dtype="float32").dtype == np.float32
    with pytest.raises(DeviceError):
        (t * 2).to("fake")  # a recorded result would leave its graph behind


def test_module_to_device_and_initialisation(fake):
    mb.nn.init.manual_seed(0)
    cpu = nn.Linear(3, 2, dtype="float64")
    m = nn.Linear(3, 2, dtype="float64")
    m.load_state_dict(cpu.state_dict())
    weight = m.weight
    assert m.to("fake") is m and m.weight is weight and weight.device == "fake"
    nn.init.normal_(m.weight, 0.0, 1.0)
    assert type(m.weight.data) is FakeArray  # initialisation writes on the parameter's device
    m.to("cpu")
    assert m.weight.device == "cpu" and m.to("float32").weight.dtype == np.float32


@pytest.mark.skipif(importlib.util.find_spec("cupy") is not None, reason="CuPy is installed here")
@pytest.mark.parametrize("lang, words", [("en", "needs CuPy and an NVIDIA GPU"),
                                         ("ko", "CuPy와 NVIDIA GPU가 필요합니다")])
def test_cuda_without_cupy_is_a_localized_error(lang, words):
    mb.set_lang(lang)
    try:
        for make in (lambda: mb.tensor([1.0], device="cuda"), lambda: mb.zeros(2, device="cuda:0"),
                     lambda: mb.tensor([1.0]).to("cuda"), lambda: nn.Linear(2, 2).to("cuda")):
            with pytest.raises(DeviceError) as err:
                make()
            assert words in str(err.value) and err.value.key == "device.err.no_cupy"
            assert isinstance(err.value, RuntimeError)
    finally:
        mb.set_lang("en")


def test_unknown_device_and_dtype_strings():
    with pytest.raises(DeviceError) as err:
        mb.tensor([1.0], device="tpu")
    assert err.value.key == "device.err.unknown"
    assert devices.parse_device(None) == "cpu" and devices.parse_device("cuda:1") == "cuda"
    assert not devices.is_device("float32") and devices.is_device("cpu")


def test_a_training_step_stays_on_the_device_and_matches_the_cpu(fake):
    def step(device):
        mb.nn.init.manual_seed(3)
        model = nn.Sequential(nn.Linear(3, 4, dtype="float64"), nn.LayerNorm(4, dtype="float64"), nn.GELU(),
                              nn.Linear(4, 2, dtype="float64")).to(device)
        opt = mb.optim.Adam(model.parameters(), lr=0.01)
        x = mb.tensor(np.linspace(-1, 1, 15).reshape(5, 3), device=device)
        loss = nn.functional.cross_entropy(model(x), np.array([0, 1, 0, 1, 1]))
        loss.backward()
        opt.step()
        return loss, model

    loss, model = step("fake")
    assert loss.device == "fake" and all(p.device == "fake" and p.grad.device == "fake" for p in model.parameters())
    ex = mb.explain(nn.functional.cross_entropy(model(mb.tensor(np.ones((1, 3)), device="fake")), np.array([1])),
                    level="layer")  # explain copies its numbers to the host explicitly
    assert ex.matches and [s.kind for s in ex.layers] == ["linear", "gelu", "layer_norm", "linear"]
    cpu_loss, cpu_model = step("cpu")
    np.testing.assert_allclose(loss.item(), cpu_loss.item(), rtol=1e-15)
    for p, q in zip(model.parameters(), cpu_model.parameters(), strict=True):
        np.testing.assert_allclose(to_host(p.data), q.numpy(), rtol=1e-14)


def test_index_gradients_are_made_on_the_device(fake):
    t = mb.tensor(np.arange(6.0).reshape(2, 3), device="fake", requires_grad=True)
    y = mb.sum(t[1] * 2.0) + mb.sum(t[np.array([0, 0, 1]), np.array([2, 2, 0])])
    y.backward()
    assert type(t.grad.data) is FakeArray
    np.testing.assert_array_equal(to_host(t.grad.data), [[0, 0, 2], [3, 2, 2]])


def test_to_torch_copies_a_device_tensor_to_the_host(fake):
    torch = need("torch", "pip install torch==2.13.0 (CPU build)")
    t = mb.tensor([[1.0, 2.0]], device="fake", requires_grad=True)
    out = mb.interop.to_torch(t)
    assert isinstance(out, torch.Tensor) and out.requires_grad and out.device.type == "cpu"
    np.testing.assert_array_equal(out.detach().numpy(), [[1.0, 2.0]])


@pytest.mark.parametrize("opt", ["SGD", "Adam"])
def test_an_mlp_trains_on_the_strict_device_with_the_cpus_numbers(fake, opt):
    F = nn.functional

    def train(device):
        mb.nn.init.manual_seed(5)
        model = nn.Sequential(nn.Linear(3, 8, dtype="float64"), nn.ReLU(), nn.Linear(8, 8, dtype="float64"),
                              nn.Tanh(), nn.Linear(8, 2, dtype="float64")).to(device)
        o = getattr(mb.optim, opt)(model.parameters(), lr=0.05)
        x = mb.tensor(np.linspace(-1, 1, 15).reshape(5, 3), device=device)
        half = mb.tensor(np.full((5, 2), 0.5), device=device)
        losses = []
        for _ in range(3):
            o.zero_grad()
            h = model(x)
            loss = (F.cross_entropy(h, np.array([0, 1, 0, 1, 1])) + F.mse_loss(F.softmax(h, axis=-1), half)
                    + 0.1 * mb.mean(F.sigmoid(h) * F.silu(h)) + 0.01 * mb.logsumexp(h, axis=1).sum())
            loss.backward()
            o.step()
            losses.append(loss)
        return losses, model

    losses, model = train("fake")
    assert all(type(loss.data) is FakeArray for loss in losses)
    assert all(type(p.data) is FakeArray and type(p.grad.data) is FakeArray for p in model.parameters())
    cpu_losses, cpu_model = train("cpu")
    np.testing.assert_allclose([loss.item() for loss in losses], [loss.item() for loss in cpu_losses], rtol=1e-14)
    for p, q in zip(model.parameters(), cpu_model.parameters(), strict=True):
        np.testing.assert_allclose(to_host(p.data), q.numpy(), rtol=1e-13)


def _layer(kind, device):
    mb.nn.init.manual_seed(1)
    rng = np.random.default_rng(0)
    x = None
    if kind == "conv":
        m = nn.Sequential(nn.Conv2d(2, 3, 3, padding=1, dtype="float64"), nn.ReLU(), nn.MaxPool2d(2),
                          nn.AvgPool2d(1)).to(device)
        x = mb.tensor(rng.standard_normal((2, 2, 6, 6)), device=device, requires_grad=True)
        y = m(x)
    elif kind == "embedding":
        m = nn.Embedding(7, 4, dtype="float64").to(device)
        y = m(np.array([[1, 2, 2], [6, 0, 1]]))
    else:
        m = getattr(nn, kind)(3, 4, dtype="float64").to(device)
        x = mb.tensor(rng.standard_normal((5, 2, 3)), device=device, requires_grad=True)
        y = m(x)[0]
    mb.sum(y * y).backward()
    return y, m, x


@pytest.mark.parametrize("kind", ["conv", "embedding", "LSTM", "GRU", "RNN"])
def test_conv_pool_embedding_and_recurrent_layers_stay_on_the_device(fake, kind):
    y, m, x = _layer(kind, "fake")
    cy, cm, cx = _layer(kind, "cpu")
    assert type(y.data) is FakeArray and all(type(p.grad.data) is FakeArray for p in m.parameters())
    np.testing.assert_allclose(to_host(y.data), cy.numpy(), rtol=1e-13)
    for p, q in zip(m.parameters(), cm.parameters(), strict=True):
        np.testing.assert_allclose(to_host(p.grad.data), q.grad.numpy(), rtol=1e-12, atol=1e-14)
    if x is not None:
        assert type(x.grad.data) is FakeArray
        np.testing.assert_allclose(to_host(x.grad.data), cx.grad.numpy(), rtol=1e-12, atol=1e-14)


def test_numpy_and_asarray_of_a_device_tensor_copy_to_the_host(fake):
    t = mb.tensor([[1.0, 2.0]], device="fake")
    for a in (t.numpy(), np.asarray(t), np.asarray(t, dtype=np.float32)):
        assert type(a) is np.ndarray
        np.testing.assert_array_equal(a, [[1.0, 2.0]])
    assert type(t.data) is FakeArray


@pytest.mark.parametrize("lang, words", [("en", "different devices (cpu, fake)"), ("ko", "서로 다른 장치")])
def test_mixing_devices_in_an_op_is_a_device_error(fake, lang, words):
    mb.set_lang(lang)
    try:
        a = mb.tensor([1.0, 2.0], device="fake", requires_grad=True)
        b = mb.tensor([3.0, 4.0], requires_grad=True)
        for f in (lambda: a * b, lambda: mb.matmul(a, b), lambda: mb.maximum(b, a)):
            with pytest.raises(DeviceError) as err:
                f()
            assert err.value.key == "device.err.mixed" and words in str(err.value)
    finally:
        mb.set_lang("en")
