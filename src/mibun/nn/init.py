"""Parameter initialisation (PyTorch's ``torch.nn.init`` formulas), in place on a Parameter's array.

fan_in / fan_out of a weight of shape (out, in, *kernel) are in·k and out·k, k = Π kernel.

* ``uniform_(t, a, b)``: U(a, b);  ``normal_(t, mean, std)``: N(mean, std²);  ``zeros_``, ``ones_``, ``constant_``
* ``xavier_uniform_(t, gain)``: U(−a, a), a = gain·√(6 / (fan_in + fan_out))      (Glorot & Bengio 2010)
* ``xavier_normal_(t, gain)``: N(0, σ²), σ = gain·√(2 / (fan_in + fan_out))
* ``kaiming_uniform_(t, a, mode, nonlinearity)``: U(−b, b), b = gain·√(3 / fan)    (He et al. 2015)
* ``kaiming_normal_(t, a, mode, nonlinearity)``: N(0, σ²), σ = gain / √fan

Random numbers come from one generator: ``manual_seed(s)`` makes every later initialisation
reproducible; every function also accepts ``rng=`` (a ``numpy.random.Generator``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mibun.autodiff.devices import device_of, to_device
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError

_RNG = np.random.default_rng()


def manual_seed(seed: int) -> None:
    """Seed the generator used by all initialisers (and by Dropout and train.fit's shuffling default)."""
    global _RNG
    _RNG = np.random.default_rng(seed)


def get_rng(rng: np.random.Generator | None = None) -> np.random.Generator:
    return _RNG if rng is None else rng


def _set(t: Tensor, values: np.ndarray) -> Tensor:
    """Write host-drawn values into the parameter, on its device (the same numbers on every device)."""
    t.data[...] = to_device(values.astype(t.data.dtype, copy=False), device_of(t.data))
    return t


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """PyTorch's recommended gains: linear/sigmoid 1, tanh 5/3, relu √2, leaky_relu √(2/(1+a²)), selu 3/4."""
    if nonlinearity in ("linear", "identity", "sigmoid", "conv1d", "conv2d", "conv3d"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        a = 0.01 if param is None else float(param)
        return math.sqrt(2.0 / (1 + a * a))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise InputError("nn.err.gain_nonlinearity", name=repr(nonlinearity))


def fan_in_and_fan_out(t: Tensor | np.ndarray) -> tuple[int, int]:
    shape = np.shape(t.data if isinstance(t, Tensor) else t)
    if len(shape) < 2:
        raise InputError("nn.err.fan_dims", shape=shape)
    k = int(np.prod(shape[2:])) if len(shape) > 2 else 1
    return shape[1] * k, shape[0] * k


def uniform_(t: Tensor, a: float = 0.0, b: float = 1.0, rng: Any = None) -> Tensor:
    return _set(t, get_rng(rng).uniform(a, b, t.shape))


def normal_(t: Tensor, mean: float = 0.0, std: float = 1.0, rng: Any = None) -> Tensor:
    return _set(t, get_rng(rng).normal(mean, std, t.shape))


def constant_(t: Tensor, val: float) -> Tensor:
    t.data[...] = val
    return t


def zeros_(t: Tensor) -> Tensor:
    return constant_(t, 0.0)


def ones_(t: Tensor) -> Tensor:
    return constant_(t, 1.0)


def xavier_uniform_(t: Tensor, gain: float = 1.0, rng: Any = None) -> Tensor:
    fi, fo = fan_in_and_fan_out(t)
    a = gain * math.sqrt(6.0 / (fi + fo))
    return uniform_(t, -a, a, rng)


def xavier_normal_(t: Tensor, gain: float = 1.0, rng: Any = None) -> Tensor:
    fi, fo = fan_in_and_fan_out(t)
    return normal_(t, 0.0, gain * math.sqrt(2.0 / (fi + fo)), rng)


def _fan(t: Tensor, mode: str) -> int:
    fi, fo = fan_in_and_fan_out(t)
    if mode == "fan_in":
        return fi
    if mode == "fan_out":
        return fo
    raise InputError("nn.err.fan_mode", mode=repr(mode))


def kaiming_uniform_(t: Tensor, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
                     rng: Any = None) -> Tensor:
    bound = calculate_gain(nonlinearity, a) * math.sqrt(3.0 / _fan(t, mode))
    return uniform_(t, -bound, bound, rng)


def kaiming_normal_(t: Tensor, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
                    rng: Any = None) -> Tensor:
    return normal_(t, 0.0, calculate_gain(nonlinearity, a) / math.sqrt(_fan(t, mode)), rng)


# Glorot / He aliases (the names used in the course)
glorot_uniform_ = xavier_uniform_
glorot_normal_ = xavier_normal_
he_uniform_ = kaiming_uniform_
he_normal_ = kaiming_normal_

__all__ = ["manual_seed", "calculate_gain", "uniform_", "normal_", "constant_", "zeros_", "ones_",
           "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "glorot_uniform_",
           "glorot_normal_", "he_uniform_", "he_normal_", "fan_in_and_fan_out"]
