import numpy as np
import pytest

import mibun as mb

nn = mb.nn


class FakeTorchTensor:
    """Duck-types torch.Tensor's detach().cpu().numpy() chain (torch itself is optional)."""

    def __init__(self, a):
        self.a = a

    def detach(self):
        return self

    def cpu(self):
        return self

    def numpy(self):
        return self.a


def test_round_trip_through_torch_style_dicts():
    m = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.LSTM(4, 2))
    sd = mb.interop.to_torch_state_dict(m)
    assert list(sd) == ["0.weight", "0.bias", "2.weight_ih_l0", "2.weight_hh_l0", "2.bias_ih_l0", "2.bias_hh_l0"]
    assert all(v.flags.c_contiguous for v in sd.values())
    m2 = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.LSTM(4, 2, dtype=np.float64))
    mb.interop.from_torch_state_dict(m2, {k: FakeTorchTensor(v) for k, v in sd.items()})
    assert m2[2].weight_ih_l0.dtype == np.float64
    for k, v in mb.interop.to_torch_state_dict(m2).items():
        np.testing.assert_array_equal(v, sd[k])
    with pytest.raises(mb.InputError):
        mb.interop.from_torch_state_dict(m2, {"nope": np.zeros(1)})
