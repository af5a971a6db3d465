import numpy as np
import pytest

import mibun as mb
from mibun.errors import DTypeError, InputError, MibunError, ShapeError

nn = mb.nn


def mlp():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))


def test_parameters_names_and_shapes_follow_pytorch():
    m = mlp()
    names = [n for n, _ in m.named_parameters()]
    assert names == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert [p.shape for p in m.parameters()] == [(8, 4), (8,), (3, 8), (3,)]
    assert all(isinstance(p, nn.Parameter) and p.requires_grad for p in m.parameters())
    assert len(list(m.children())) == 3
    assert len(list(m.modules())) == 4
    assert m.num_parameters() == 8 * 4 + 8 + 3 * 8 + 3


def test_default_dtype_float32_and_dtype_argument():
    assert nn.Linear(3, 2).weight.dtype == np.float32
    assert nn.Linear(3, 2, dtype=np.float64).weight.dtype == np.float64
    m = mlp().to("float64")
    assert all(p.dtype == np.float64 for p in m.parameters())
    with pytest.raises(DTypeError):
        nn.Linear(2, 2, dtype=np.int32)


def test_float32_stays_float32_forward_and_backward():
    m = mlp()
    x = np.random.default_rng(0).standard_normal((5, 4))          # float64 array: converted
    out = m(x)
    assert out.dtype == np.float32
    loss = nn.functional.cross_entropy(out, np.array([0, 1, 2, 0, 1]))
    assert loss.dtype == np.float32
    loss.backward()
    assert all(p.grad.dtype == np.float32 for p in m.parameters())


def test_float64_tensor_into_float32_layer_is_refused():
    with pytest.raises(DTypeError):
        nn.Linear(3, 2)(mb.tensor(np.ones((1, 3))))


def test_state_dict_round_trip_and_dtype_kept():
    a, b = mlp(), mlp()
    sd = a.state_dict()
    assert list(sd) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert all(isinstance(v, np.ndarray) for v in sd.values())
    b.load_state_dict({k: v.astype(np.float64) for k, v in sd.items()})
    for (_, p), (_, q) in zip(a.named_parameters(), b.named_parameters(), strict=True):
        assert q.dtype == np.float32
        np.testing.assert_array_equal(p.data, q.data)
    sd["0.weight"][...] = 0                       # a copy, not a view
    assert not np.all(a[0].weight.data == 0)


def test_load_state_dict_strict_and_shapes():
    m = mlp()
    sd = m.state_dict()
    del sd["2.bias"]
    with pytest.raises(InputError):
        m.load_state_dict(sd)
    res = m.load_state_dict(sd, strict=False)
    assert res.missing_keys == ["2.bias"]
    sd = m.state_dict()
    sd["0.weight"] = np.zeros((3, 3))
    with pytest.raises(ShapeError):
        m.load_state_dict(sd)


def test_train_eval_zero_grad_and_repr():
    m = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 3))
    m.eval()
    assert not m.training and not m[1].training
    m.train()
    assert m[1].training
    m(np.ones((2, 4))).sum().backward()
    assert m[0].weight.grad is not None
    m.zero_grad()
    assert all(p.grad is None for p in m.parameters())
    r = repr(m)
    assert "Linear(in_features=4, out_features=8, bias=True)" in r and "(1): Dropout(p=0.5)" in r
    assert "67" in r                                              # 40 + 27 parameters


def test_custom_module_registration_and_nesting():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.enc = nn.Linear(3, 4)
            self.scale = nn.Parameter(np.ones(1, dtype=np.float32))
            self.not_a_param = np.zeros(3)

        def forward(self, x):
            return self.enc(x) * self.scale

    n = Net()
    assert [k for k, _ in n.named_parameters()] == ["scale", "enc.weight", "enc.bias"] or \
        sorted(k for k, _ in n.named_parameters()) == ["enc.bias", "enc.weight", "scale"]
    assert set(n.state_dict()) == {"scale", "enc.weight", "enc.bias"}
    assert n(np.ones((2, 3))).shape == (2, 4)


def test_shared_parameter_listed_once():
    lin = nn.Linear(2, 2)
    s = nn.Sequential(lin, lin)
    assert len(list(s.parameters())) == 2


def test_linear_shape_error_names_layer_and_shapes():
    with pytest.raises(ShapeError) as e:
        nn.Linear(784, 10)(np.zeros((32, 100)))
    msg = str(e.value)
    assert "Linear(784→10)" in msg and "(32, 100)" in msg
    assert isinstance(e.value, MibunError) and isinstance(e.value, ValueError)


def test_sequential_rejects_non_module():
    with pytest.raises(InputError):
        nn.Sequential(nn.Linear(2, 2), mb.relu)
