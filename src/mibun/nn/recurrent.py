"""Recurrent layers with PyTorch's parameter names, shapes, gate order and initialisation.

For layer l (input x_t, previous state h_{t−1}), all weights ~ U(−1/√H, 1/√H):

* ``RNN``:  h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)          (or relu)
* ``LSTM``: [i, f, g, o] = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh  (one matrix, gates in that order)
            i, f, o = σ(·),  g = tanh(·),  c_t = f ⊙ c_{t−1} + i ⊙ g,  h_t = o ⊙ tanh(c_t)
* ``GRU``:  r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz),
            n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}

The input projections W_ih x_t of all time steps are one matrix product; each step then needs one
product with W_hh (the gates fused). The time loop is a Python loop (no recursion), and the LSTM runs as
one fused op whose backward pass is backpropagation through time written out in NumPy. RNN and GRU
are composed from mibun ops, so they also support double backward.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mibun.autodiff import functions as F
from mibun.autodiff.recording import apply
from mibun.autodiff.tensor import Tensor
from mibun.errors import InputError, ShapeError
from mibun.nn import functional as NF
from mibun.nn import init
from mibun.nn import ops as O
from mibun.nn._util import as_input, param_dtype
from mibun.nn.module import Module, Parameter

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


class RNNBase(Module):
    mode = "RNN_TANH"

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 dtype: Any = None) -> None:
        super().__init__()
        if num_layers < 1:
            raise InputError("nn.err.num_layers", module=type(self).__name__, n=num_layers)
        if not 0.0 <= dropout <= 1.0:
            raise InputError("nn.err.dropout_p", where=type(self).__name__, p=dropout)
        self.input_size, self.hidden_size, self.num_layers = int(input_size), int(hidden_size), int(num_layers)
        self.bias, self.batch_first, self.dropout = bool(bias), bool(batch_first), float(dropout)
        self.bidirectional = bool(bidirectional)
        self.num_directions = 2 if self.bidirectional else 1
        dt = param_dtype(dtype)
        g = _GATES[self.mode] * self.hidden_size
        for layer in range(self.num_layers):
            isz = self.input_size if layer == 0 else self.hidden_size * self.num_directions
            for sfx in ("", "_reverse")[: self.num_directions]:
                setattr(self, f"weight_ih_l{layer}{sfx}", Parameter(np.empty((g, isz), dtype=dt)))
                setattr(self, f"weight_hh_l{layer}{sfx}", Parameter(np.empty((g, self.hidden_size), dtype=dt)))
                if bias:
                    setattr(self, f"bias_ih_l{layer}{sfx}", Parameter(np.empty(g, dtype=dt)))
                    setattr(self, f"bias_hh_l{layer}{sfx}", Parameter(np.empty(g, dtype=dt)))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        k = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0.0
        for p in self.parameters():
            init.uniform_(p, -k, k)

    def _layer_params(self, layer: int, sfx: str = "") -> tuple[Tensor, Tensor, Tensor | None, Tensor | None]:
        g = self._parameters
        return (g[f"weight_ih_l{layer}{sfx}"], g[f"weight_hh_l{layer}{sfx}"], g.get(f"bias_ih_l{layer}{sfx}"),
                g.get(f"bias_hh_l{layer}{sfx}"))

    def _direction(self, inp: Tensor, params: tuple, h0: Any, c0: Any) -> tuple[Tensor, Tensor, Tensor | None]:
        """Run one direction of one layer over ``inp`` (T, B, ·): (outputs (T, B, H), h_T, c_T or None)."""
        raise NotImplementedError

    def _run(self, xt: Tensor, h0: Tensor, c0: Tensor | None) -> tuple[Tensor, Tensor, Tensor | None]:
        """All layers and directions. States are indexed layer·num_directions + direction (PyTorch)."""
        hn, cn = [], []
        inp = xt
        rev = (slice(None, None, -1),)
        for layer in range(self.num_layers):
            outs = []
            for d, sfx in enumerate(("", "_reverse")[: self.num_directions]):
                k = layer * self.num_directions + d
                hk = h0[k] if h0.requires_grad else h0.data[k]
                ck = None if c0 is None else (c0[k] if c0.requires_grad else c0.data[k])
                src = inp if d == 0 else inp[rev]                    # the reverse direction reads time backwards
                out, h, c = self._direction(src, self._layer_params(layer, sfx), hk, ck)
                outs.append(out if d == 0 else out[rev])
                hn.append(h)
                cn.append(c)
            inp = outs[0] if len(outs) == 1 else F.concatenate(outs, axis=2)
            inp = self._between_layers(inp, layer)
        h_n = F.stack(hn, axis=0)
        c_n = F.stack(cn, axis=0) if c0 is not None else None
        return inp, h_n, c_n

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if not self.bias:
            s += ", bias=False"
        if self.batch_first:
            s += ", batch_first=True"
        if self.dropout:
            s += f", dropout={self.dropout}"
        if self.bidirectional:
            s += ", bidirectional=True"
        return s

    # ------------------------------------------------------------------ input handling
    def _prepare(self, x: Any) -> tuple[Tensor, bool]:
        name = type(self).__name__
        xt = as_input(x, self.weight_ih_l0.dtype, name)
        if xt.ndim not in (2, 3) or xt.shape[-1] != self.input_size:
            raise ShapeError("nn.err.rnn_input", name=name, input_size=self.input_size, hidden_size=self.hidden_size,
                             shape=xt.shape)
        if xt.shape[1 if xt.ndim == 3 and self.batch_first else 0] == 0:
            raise ShapeError("nn.err.rnn_empty_sequence", name=name, shape=xt.shape)
        unbatched = xt.ndim == 2
        if unbatched:
            xt = F.reshape(xt, (xt.shape[0], 1, xt.shape[1]))
        elif self.batch_first:
            xt = F.transpose(xt, (1, 0, 2))
        return xt, unbatched

    def _state(self, h: Any, batch: int, unbatched: bool, what: str) -> Tensor:
        name = type(self).__name__
        shape = (self.num_layers * self.num_directions, batch, self.hidden_size)
        dt = self.weight_ih_l0.dtype
        if h is None:  # zeros on the weights' device
            return Tensor(np.zeros_like(self.weight_ih_l0.data, shape=shape))
        ht = as_input(h, dt, name)
        if unbatched:
            if ht.shape != shape[:1] + shape[2:]:
                raise ShapeError("nn.err.state_unbatched", name=name, what=what, shape=shape[:1] + shape[2:],
                                 got=ht.shape)
            return F.reshape(ht, shape)
        if ht.shape != shape:
            raise ShapeError("nn.err.state_batched", name=name, what=what, shape=shape, got=ht.shape)
        return ht

    def _finish(self, out: Tensor, unbatched: bool) -> Tensor:
        if unbatched:
            return F.reshape(out, (out.shape[0], out.shape[2]))
        if self.batch_first:
            return F.transpose(out, (1, 0, 2))
        return out

    def _between_layers(self, x: Tensor, layer: int) -> Tensor:
        if self.dropout and self.training and layer < self.num_layers - 1:
            return NF.dropout(x, self.dropout, True)
        return x

    @staticmethod
    def _squeeze_state(h: Tensor, unbatched: bool) -> Tensor:
        return F.reshape(h, (h.shape[0], h.shape[2])) if unbatched else h

    # the steps of forward, public for tools that unroll a layer themselves (mibun.diagnose)
    def layer_params(self, layer: int, sfx: str = "") -> tuple[Tensor, Tensor, Tensor | None, Tensor | None]:
        """(weight_ih, weight_hh, bias_ih, bias_hh) of ``layer`` (``sfx="_reverse"``: the backward direction)."""
        return self._layer_params(layer, sfx)

    def prepare_input(self, x: Any) -> tuple[Tensor, bool]:
        """``x`` as (seq, batch, features) and whether it came unbatched."""
        return self._prepare(x)

    def initial_state(self, h: Any, batch: int, unbatched: bool, what: str) -> Tensor:
        """A given initial state, checked and shaped (num_layers·directions, batch, hidden)."""
        return self._state(h, batch, unbatched, what)

    def finish_output(self, out: Tensor, unbatched: bool) -> Tensor:
        """The output in the caller's layout (batch_first, unbatched)."""
        return self._finish(out, unbatched)

    def finish_state(self, h: Tensor, unbatched: bool) -> Tensor:
        """A final state without its batch axis when the input had none."""
        return self._squeeze_state(h, unbatched)


def _stack_steps(hs: list[Tensor]) -> Tensor:
    return F.stack(hs, axis=0)


class RNN(RNNBase):
    """Elman RNN: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh) (``nonlinearity='relu'`` for relu).
    Returns ``output`` (seq, batch, hidden) — every h_t of the last layer — and ``h_n``
    (num_layers, batch, hidden)."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, nonlinearity: str = "tanh",
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 dtype: Any = None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise InputError("nn.err.nonlinearity", module="RNN", value=repr(nonlinearity))
        object.__setattr__(self, "mode", "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU")
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, dtype)
        self.nonlinearity = nonlinearity

    def extra_repr(self) -> str:
        s = super().extra_repr()
        return s + (", nonlinearity='relu'" if self.nonlinearity == "relu" else "")

    def _direction(self, inp: Tensor, params: tuple, h0: Any, c0: Any) -> tuple[Tensor, Tensor, None]:
        w_ih, w_hh, b_ih, b_hh = params
        act = F.tanh if self.nonlinearity == "tanh" else F.relu
        b = None if b_ih is None else b_ih + b_hh
        xp = NF.linear(inp, w_ih, b)                           # all steps at once: (T, B, H)
        h = h0 if isinstance(h0, Tensor) else Tensor(h0)
        hs = []
        for t in range(inp.shape[0]):
            h = act(xp[t] + NF.linear(h, w_hh))
            hs.append(h)
        return _stack_steps(hs), h, None

    def forward(self, x: Any, hx: Any = None) -> tuple[Tensor, Tensor]:
        xt, unbatched = self._prepare(x)
        h0 = self._state(hx, xt.shape[1], unbatched, "h0")
        out, h_n, _ = self._run(xt, h0, None)
        return self._finish(out, unbatched), self._squeeze_state(h_n, unbatched)


class LSTM(RNNBase):
    """Long short-term memory (Hochreiter & Schmidhuber 1997, with the forget gate). Gates i, f, g, o in
    that order in ``weight_ih_l{k}`` (4·hidden, input) and ``weight_hh_l{k}`` (4·hidden, hidden).
    Returns ``output, (h_n, c_n)``."""

    mode = "LSTM"

    def _direction(self, inp: Tensor, params: tuple, h0: Any, c0: Any) -> tuple[Tensor, Tensor, Tensor]:
        w_ih, w_hh, b_ih, b_hh = params
        t_len = inp.shape[0]
        if b_ih is None:
            out = apply(O.LSTM_LAYER_NOBIAS, inp, h0, c0, w_ih, w_hh)
        else:
            out = apply(O.LSTM_LAYER, inp, h0, c0, w_ih, w_hh, b_ih + b_hh)
        return out[:t_len], out[t_len - 1], out[t_len]

    def forward(self, x: Any, hx: Any = None) -> tuple[Tensor, tuple[Tensor, Tensor]]:
        xt, unbatched = self._prepare(x)
        batch = xt.shape[1]
        if hx is None:
            h0 = c0 = None
        else:
            if not isinstance(hx, (tuple, list)) or len(hx) != 2:
                raise InputError("nn.err.lstm_state")
            h0, c0 = hx
        h0 = self._state(h0, batch, unbatched, "h0")
        c0 = self._state(c0, batch, unbatched, "c0")
        out, h_n, c_n = self._run(xt, h0, c0)
        assert c_n is not None  # an LSTM always carries a cell state (c0 is a Tensor here)
        return self._finish(out, unbatched), (self._squeeze_state(h_n, unbatched),
                                              self._squeeze_state(c_n, unbatched))


class GRU(RNNBase):
    """Gated recurrent unit (Cho et al. 2014) with PyTorch's equation n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)).
    Gates r, z, n in that order. Returns ``output, h_n``."""

    mode = "GRU"

    def _direction(self, inp: Tensor, params: tuple, h0: Any, c0: Any) -> tuple[Tensor, Tensor, None]:
        w_ih, w_hh, b_ih, b_hh = params
        hid = self.hidden_size
        xp = NF.linear(inp, w_ih, b_ih)                       # (T, B, 3H), all steps in one product
        h = h0 if isinstance(h0, Tensor) else Tensor(h0)
        hs = []
        for t in range(inp.shape[0]):
            hp = NF.linear(h, w_hh, b_hh)                      # (B, 3H), the three gates in one product
            xt_ = xp[t]
            rz = F.sigmoid(xt_[:, :2 * hid] + hp[:, :2 * hid])
            r, z = rz[:, :hid], rz[:, hid:]
            n = F.tanh(xt_[:, 2 * hid:] + r * hp[:, 2 * hid:])
            h = n + z * (h - n)
            hs.append(h)
        return _stack_steps(hs), h, None

    def forward(self, x: Any, hx: Any = None) -> tuple[Tensor, Tensor]:
        xt, unbatched = self._prepare(x)
        h0 = self._state(hx, xt.shape[1], unbatched, "h0")
        out, h_n, _ = self._run(xt, h0, None)
        return self._finish(out, unbatched), self._squeeze_state(h_n, unbatched)


# ------------------------------------------------------------------------------------------ cells
class _CellBase(Module):
    gates = 1

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, dtype: Any = None) -> None:
        super().__init__()
        self.input_size, self.hidden_size, self.bias = int(input_size), int(hidden_size), bool(bias)
        dt = param_dtype(dtype)
        g = self.gates * self.hidden_size
        self.weight_ih = Parameter(np.empty((g, self.input_size), dtype=dt))
        self.weight_hh = Parameter(np.empty((g, self.hidden_size), dtype=dt))
        if bias:
            self.bias_ih = Parameter(np.empty(g, dtype=dt))
            self.bias_hh = Parameter(np.empty(g, dtype=dt))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        k = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0.0
        for p in self.parameters():
            init.uniform_(p, -k, k)

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}" + ("" if self.bias else ", bias=False")

    def _input(self, x: Any) -> tuple[Tensor, bool]:
        name = type(self).__name__
        xt = as_input(x, self.weight_ih.dtype, name)
        if xt.ndim not in (1, 2) or xt.shape[-1] != self.input_size:
            raise ShapeError("nn.err.cell_input", name=name, input_size=self.input_size, hidden_size=self.hidden_size,
                             shape=xt.shape)
        if xt.ndim == 1:
            return F.reshape(xt, (1, -1)), True
        return xt, False

    def _h(self, h: Any, batch: int, unbatched: bool) -> Tensor:
        dt = self.weight_ih.dtype
        if h is None:
            return Tensor(np.zeros_like(self.weight_ih.data, shape=(batch, self.hidden_size)))
        ht = as_input(h, dt, type(self).__name__)
        want = (self.hidden_size,) if unbatched else (batch, self.hidden_size)
        if ht.shape != want:
            raise ShapeError("nn.err.cell_state", module=type(self).__name__, shape=want, got=ht.shape)
        return F.reshape(ht, (1, -1)) if unbatched else ht

    @staticmethod
    def _out(h: Tensor, unbatched: bool) -> Tensor:
        return F.reshape(h, (h.shape[1],)) if unbatched else h


class RNNCell(_CellBase):
    """One step of ``RNN``: h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, nonlinearity: str = "tanh",
                 dtype: Any = None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise InputError("nn.err.nonlinearity", module="RNNCell", value=repr(nonlinearity))
        super().__init__(input_size, hidden_size, bias, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, x: Any, hx: Any = None) -> Tensor:
        xt, unb = self._input(x)
        h = self._h(hx, xt.shape[0], unb)
        a = NF.linear(xt, self.weight_ih, self.bias_ih) + NF.linear(h, self.weight_hh, self.bias_hh)
        return self._out(F.tanh(a) if self.nonlinearity == "tanh" else F.relu(a), unb)


class LSTMCell(_CellBase):
    """One step of ``LSTM``, written gate by gate (the course's equations):
    i = σ(·), f = σ(·), g = tanh(·), o = σ(·) from W_ih x + b_ih + W_hh h + b_hh (rows in that order),
    c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c'). Returns ``(h', c')``."""

    gates = 4

    def forward(self, x: Any, hx: Any = None) -> tuple[Tensor, Tensor]:
        xt, unb = self._input(x)
        if hx is None:
            h = c = self._h(None, xt.shape[0], unb)
        else:
            h, c = self._h(hx[0], xt.shape[0], unb), self._h(hx[1], xt.shape[0], unb)
        a = NF.linear(xt, self.weight_ih, self.bias_ih) + NF.linear(h, self.weight_hh, self.bias_hh)
        i, f, g, o = F.split(a, 4, axis=1)
        c2 = F.sigmoid(f) * c + F.sigmoid(i) * F.tanh(g)
        h2 = F.sigmoid(o) * F.tanh(c2)
        return self._out(h2, unb), self._out(c2, unb)


class GRUCell(_CellBase):
    """One step of ``GRU``: r = σ(·), z = σ(·), n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),
    h' = (1 − z) ⊙ n + z ⊙ h."""

    gates = 3

    def forward(self, x: Any, hx: Any = None) -> Tensor:
        xt, unb = self._input(x)
        h = self._h(hx, xt.shape[0], unb)
        xi_r, xi_z, xi_n = F.split(NF.linear(xt, self.weight_ih, self.bias_ih), 3, axis=1)
        hh_r, hh_z, hh_n = F.split(NF.linear(h, self.weight_hh, self.bias_hh), 3, axis=1)
        r = F.sigmoid(xi_r + hh_r)
        z = F.sigmoid(xi_z + hh_z)
        n = F.tanh(xi_n + r * hh_n)
        return self._out((1.0 - z) * n + z * h, unb)


__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"]
