"""Every layer: mibun → torch → mibun and torch → mibun give identical outputs and gradients (float64)."""

import numpy as np
import pytest

import mibun as mb
from mibun.interop import from_torch_module, to_torch_module

nn = mb.nn
RNG = np.random.default_rng(11)

# (builder, input shape, what to feed torch); integer inputs for Embedding
CASES = {
    "Linear": (lambda: nn.Linear(4, 3, dtype=np.float64), (5, 4)),
    "Conv2d": (lambda: nn.Conv2d(2, 3, 3, stride=2, padding=1, dtype=np.float64), (2, 2, 7, 7)),
    "MaxPool2d": (lambda: nn.MaxPool2d(2), (2, 3, 6, 6)),
    "AvgPool2d": (lambda: nn.AvgPool2d(3, stride=2, padding=1), (2, 3, 7, 7)),
    "Flatten": (lambda: nn.Flatten(), (2, 3, 4)),
    "Embedding": (lambda: nn.Embedding(10, 4, dtype=np.float64), "int"),
    "RNN": (lambda: nn.RNN(3, 4, num_layers=2, batch_first=True, dtype=np.float64), (2, 5, 3)),
    "LSTM": (lambda: nn.LSTM(3, 4, bidirectional=True, dtype=np.float64), (5, 2, 3)),
    "GRU": (lambda: nn.GRU(3, 4, dtype=np.float64), (5, 2, 3)),
    "ReLU": (lambda: nn.ReLU(), (3, 4)),
    "Tanh": (lambda: nn.Tanh(), (3, 4)),
    "Sigmoid": (lambda: nn.Sigmoid(), (3, 4)),
    "Softplus": (lambda: nn.Softplus(), (3, 4)),
    "LeakyReLU": (lambda: nn.LeakyReLU(0.2), (3, 4)),
    "Softmax": (lambda: nn.Softmax(dim=0), (3, 4)),
    "LogSoftmax": (lambda: nn.LogSoftmax(dim=1), (3, 4)),
    "GELU": (lambda: nn.GELU(approximate="tanh"), (3, 4)),
    "SiLU": (lambda: nn.SiLU(), (3, 4)),
    "Identity": (lambda: nn.Identity(), (3, 4)),
    "Dropout(eval)": (lambda: nn.Dropout(0.3).eval(), (3, 4)),
    "LayerNorm": (lambda: nn.LayerNorm(4, dtype=np.float64), (3, 4)),
    "BatchNorm1d": (lambda: nn.BatchNorm1d(4, dtype=np.float64), (6, 4)),
    "BatchNorm2d(eval)": (lambda: nn.BatchNorm2d(3, dtype=np.float64).eval(), (2, 3, 4, 4)),
    "MultiheadAttention": (lambda: nn.MultiheadAttention(8, 2, dtype=np.float64), "mha"),
    "TransformerEncoderLayer": (lambda: nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, dtype=np.float64),
                                (5, 2, 8)),
    "PositionalEncoding": (lambda: nn.PositionalEncoding(8, 20, dropout=0.0, dtype=np.float64), (5, 2, 8)),
    "Sequential": (lambda: nn.Sequential(nn.Linear(4, 6, dtype=np.float64), nn.Tanh(),
                                         nn.Sequential(nn.Linear(6, 2, dtype=np.float64), nn.LogSoftmax(-1))),
                   (5, 4)),
}


def _inputs(spec):
    if spec == "int":
        return [RNG.integers(0, 10, size=(3, 5))]
    if spec == "mha":
        return [RNG.standard_normal((4, 2, 8)), RNG.standard_normal((6, 2, 8)), RNG.standard_normal((6, 2, 8))]
    return [RNG.standard_normal(spec)]


def _first(y):
    return y[0] if isinstance(y, tuple) else y


def _mibun_run(m, inputs):
    xs = [mb.tensor(a, requires_grad=a.dtype.kind == "f") for a in inputs]
    y = _first(m(*xs))
    w = np.cos(np.arange(y.size)).reshape(y.shape)
    (y * w).sum().backward()
    grads = {n: p.grad.numpy() for n, p in m.named_parameters()}
    return y.numpy(), [x.grad.numpy() if x.requires_grad else None for x in xs], grads


def _torch_run(tm, inputs, torch):
    xs = [torch.tensor(a, requires_grad=a.dtype.kind == "f") for a in inputs]
    y = _first(tm(*xs))
    w = torch.tensor(np.cos(np.arange(y.numel())).reshape(tuple(y.shape)))
    (y * w).sum().backward()
    grads = {n: p.grad.numpy() for n, p in tm.named_parameters()}
    return y.detach().numpy(), [x.grad.numpy() if x.requires_grad else None for x in xs], grads


def _same(a, b):
    ya, xa, ga = a
    yb, xb, gb = b
    np.testing.assert_allclose(ya, yb, rtol=1e-10, atol=1e-12)
    for u, v in zip(xa, xb, strict=True):
        if u is not None:
            np.testing.assert_allclose(u, v, rtol=1e-10, atol=1e-12)
    assert ga.keys() == gb.keys()
    for k in ga:
        np.testing.assert_allclose(ga[k], gb[k], rtol=1e-10, atol=1e-12, err_msg=k)


def _randomise(m):
    for p in m.parameters():
        p.data[...] = RNG.standard_normal(p.shape) * 0.5


@pytest.mark.parametrize("name", sorted(CASES))
def test_mibun_to_torch_and_back(torch, name):
    build, spec = CASES[name]
    m = build()
    _randomise(m)
    inputs = _inputs(spec)
    tm = to_torch_module(m)
    assert tm.training == m.training
    back = from_torch_module(tm)
    assert type(back) is type(m) and back.training == m.training
    ref = _mibun_run(m, inputs)
    _same(ref, _torch_run(tm, inputs, torch))
    _same(ref, _mibun_run(back, inputs))


@pytest.mark.parametrize("name", sorted(CASES))
def test_torch_to_mibun(torch, name):
    build, spec = CASES[name]
    tm = to_torch_module(build())  # a torch model with torch's own weights from here on
    for p in tm.parameters():
        with torch.no_grad():
            p.copy_(torch.tensor(RNG.standard_normal(tuple(p.shape)) * 0.5))
    inputs = _inputs(spec)
    m = from_torch_module(tm)
    _same(_torch_run(tm, inputs, torch), _mibun_run(m, inputs))


def test_float32_dtype_is_kept(torch):
    m = nn.Sequential(nn.Linear(3, 2), nn.ReLU())
    tm = to_torch_module(m)
    assert tm[0].weight.dtype == torch.float32
    assert from_torch_module(tm)[0].weight.dtype == np.float32


def test_own_class_needs_a_twin(torch):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 2, dtype=np.float64)

        def forward(self, x):
            return mb.tanh(self.fc(x))

    class TorchNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch.nn.Linear(3, 2).double()

        def forward(self, x):
            return torch.tanh(self.fc(x))

    net = Net()
    with pytest.raises(mb.MibunError, match="into="):
        to_torch_module(net)
    tnet = to_torch_module(net, into=TorchNet())
    x = RNG.standard_normal((4, 3))
    np.testing.assert_allclose(tnet(torch.tensor(x)).detach().numpy(), net(x).numpy(), rtol=1e-12)
    mb.interop.register_module(Net, TorchNet, Net)
    back = from_torch_module(to_torch_module(net))
    assert isinstance(back, Net)
    np.testing.assert_allclose(back(x).numpy(), net(x).numpy(), rtol=1e-12)
