"""Fused primitives for neural networks, registered in the engine's op registry like every other op.

Each is one node in the graph with a hand-written VJP, because the fused form is faster and more
accurate than the composition of its parts:

* ``linear``:  y = x Wᵀ + b;            x̄ = ȳ W,  W̄ = ȳᵀ x,  b̄ = Σ_batch ȳ
* ``cross_entropy`` (class indices): ℓᵢ = −Σ_c qᵢc log softmax(zᵢ)_c with q = (1−ε)·onehot(yᵢ) + ε/C;
  z̄ᵢ = (softmax(zᵢ) − qᵢ) · ḡᵢ  (÷ the number of counted rows for reduction='mean')
* ``bce_with_logits``: ℓ = max(z,0) − z·y + log(1 + e^{−|z|});  z̄ = (σ(z) − y)·ḡ
* ``binary_cross_entropy``: ℓ = −(y log p + (1−y) log(1−p)), logs clamped at −100 (as PyTorch)
* ``conv2d`` (im2col: the sliding windows become the rows of a matrix, the convolution one matmul),
  ``max_pool2d``, ``avg_pool2d``
* ``lstm``: a whole LSTM layer over time (all inputs projected in one matmul, the four gates in one
  matmul per step) with backpropagation through time written out in NumPy.

The VJPs of ``linear``, ``cross_entropy``, ``bce_with_logits`` and ``binary_cross_entropy`` also work
on the differentiable namespace (``create_graph=True``); conv, pooling and the fused LSTM raise a
``GraphError`` there (double backward is not supported for them).

One module per idea: ``linear``, ``losses`` (cross entropy, binary cross entropy), ``conv`` (conv2d and
pooling), ``embedding``, ``lstm``. Every name stays importable from ``mibun.nn.ops``.
"""

from __future__ import annotations

from mibun.nn.ops.conv import (
    AVG_POOL2D,
    CONV2D,
    CONV2D_NOBIAS,
    MAX_POOL2D,
    _col2im,
    _conv_geom,
    _im2col,
    _out_size,
    _pad,
    _windows,
)
from mibun.nn.ops.embedding import EMBEDDING, np_scatter_rows
from mibun.nn.ops.linear import LINEAR, LINEAR_NOBIAS
from mibun.nn.ops.losses import BCE_WITH_LOGITS, BINARY_CROSS_ENTROPY, CROSS_ENTROPY, np_log_softmax, np_softmax
from mibun.nn.ops.lstm import LSTM_LAYER, LSTM_LAYER_NOBIAS, _lstm_bptt, _lstm_clear, _lstm_fwd

__all__ = ["EMBEDDING", "np_scatter_rows", "LINEAR", "LINEAR_NOBIAS", "CROSS_ENTROPY", "BCE_WITH_LOGITS",
           "BINARY_CROSS_ENTROPY", "CONV2D", "CONV2D_NOBIAS", "MAX_POOL2D", "AVG_POOL2D", "LSTM_LAYER",
           "LSTM_LAYER_NOBIAS", "np_log_softmax", "np_softmax", "_out_size", "_im2col", "_col2im", "_conv_geom",
           "_pad", "_windows", "_lstm_fwd", "_lstm_bptt", "_lstm_clear"]
