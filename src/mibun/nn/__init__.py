"""``mibun.nn``: layers, losses and initialisers with PyTorch's names, parameter names, shapes and
defaults, so a state dict moves between mibun and PyTorch by converting arrays and nothing else.

    import mibun as mb
    model = mb.nn.Sequential(mb.nn.Linear(64, 128), mb.nn.ReLU(), mb.nn.Linear(128, 10))
    loss = mb.nn.functional.cross_entropy(model(x), y)
    loss.backward()

Parameters are float32 unless a layer is built with ``dtype=np.float64`` (or converted with
``model.to("float64")``); float32 models stay float32 in forward and backward.
"""

from mibun.nn import functional, init, ops  # noqa: F401
from mibun.nn.activation import GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, SiLU, Softmax, Softplus, Tanh
from mibun.nn.attention import MultiheadAttention
from mibun.nn.container import ModuleList, Sequential
from mibun.nn.conv import Conv2d
from mibun.nn.dropout import Dropout, Dropout1d, Dropout2d
from mibun.nn.embedding import Embedding
from mibun.nn.functional import TargetError
from mibun.nn.linear import Flatten, Identity, Linear
from mibun.nn.loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss
from mibun.nn.module import Module, Parameter
from mibun.nn.normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from mibun.nn.pooling import AvgPool2d, MaxPool2d
from mibun.nn.recurrent import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell
from mibun.nn.transformer import PositionalEncoding, TransformerEncoderLayer

__all__ = ["Module", "Parameter", "Linear", "Identity", "Flatten", "Conv2d", "MaxPool2d", "AvgPool2d",
           "Embedding", "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell", "Sequential", "ModuleList", "Dropout",
           "ReLU", "Tanh", "Sigmoid",
           "Softmax", "LogSoftmax", "LeakyReLU", "Softplus", "CrossEntropyLoss", "NLLLoss", "MSELoss", "L1Loss",
           "BCELoss", "BCEWithLogitsLoss", "TargetError", "functional", "init", "GELU", "SiLU", "LayerNorm",
           "BatchNorm1d", "BatchNorm2d", "Dropout1d", "Dropout2d", "MultiheadAttention", "TransformerEncoderLayer",
           "PositionalEncoding"]
