"""Whole-model conversion: ``to_torch_module`` and ``from_torch_module``.

Each supported layer is one row of ``_TABLE``: the mibun class, the torch class name, and how to read the
constructor arguments from either side. Weights then move through the state dict (same names on both
sides), so every row is checked by the same round-trip test. A model of your own class (a ``Module``
subclass with its own ``forward``) cannot be translated line by line: pass the twin you wrote on the other
side (``to_torch_module(model, into=TorchTwin())``), or register the pair with ``register_module``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from mibun.errors import InputError
from mibun.interop.tensors import import_torch

Args = dict[str, Any]


@dataclass(frozen=True)
class _Row:
    mibun_cls: Callable[[], Any]  # a getter, so mibun.nn is imported lazily
    torch_name: str
    from_mibun: Callable[[Any], Args]
    from_torch: Callable[[Any], Args]


def _nn() -> Any:
    from mibun import nn

    return nn


def _same(*names: str) -> Callable[[Any], Args]:
    return lambda m: {n: getattr(m, n) for n in names}


def _rnn_args(m: Any) -> Args:
    return dict(input_size=m.input_size, hidden_size=m.hidden_size, num_layers=m.num_layers, bias=bool(m.bias),
                batch_first=m.batch_first, dropout=float(m.dropout), bidirectional=m.bidirectional)


def _rnn_plain(m: Any) -> Args:
    return {**_rnn_args(m), "nonlinearity": m.nonlinearity}


def _pool(m: Any) -> Args:
    return dict(kernel_size=m.kernel_size, stride=m.stride, padding=m.padding)


def _mha_from_torch(m: Any) -> Args:
    if m.kdim != m.embed_dim or m.vdim != m.embed_dim or m.bias_k is not None or m.add_zero_attn:
        raise InputError("interop.err.multiheadattention_kdim_vdim_add")
    return dict(embed_dim=m.embed_dim, num_heads=m.num_heads, dropout=float(m.dropout),
                bias=m.in_proj_bias is not None, batch_first=m.batch_first)


def _mha_from_mibun(m: Any) -> Args:
    return dict(embed_dim=m.embed_dim, num_heads=m.num_heads, dropout=m.dropout, bias=m.in_proj_bias is not None,
                batch_first=m.batch_first)


def _tel_from_mibun(m: Any) -> Args:
    if m.activation_name not in ("relu", "gelu"):
        raise InputError("interop.err.transformerencoderlayer_custom_activation_cannot")
    return dict(d_model=m.linear1.in_features, nhead=m.self_attn.num_heads, dim_feedforward=m.linear1.out_features,
                dropout=m.dropout.p, activation=m.activation_name, layer_norm_eps=m.norm1.eps,
                batch_first=m.self_attn.batch_first, norm_first=m.norm_first, bias=m.linear1.bias is not None)


def _tel_from_torch(m: Any) -> Args:
    torch = import_torch()
    act = m.activation
    names = {torch.nn.functional.relu: "relu", torch.nn.functional.gelu: "gelu"}
    if isinstance(act, torch.nn.ReLU):
        name = "relu"
    elif isinstance(act, torch.nn.GELU):
        name = "gelu"
    elif act in names:
        name = names[act]
    else:
        raise InputError("interop.err.transformerencoderlayer_custom_activation_cannot_2")
    return dict(d_model=m.linear1.in_features, nhead=m.self_attn.num_heads, dim_feedforward=m.linear1.out_features,
                dropout=m.dropout.p, activation=name, layer_norm_eps=m.norm1.eps,
                batch_first=m.self_attn.batch_first, norm_first=m.norm_first, bias=m.linear1.bias is not None)


def _ln(m: Any) -> Args:
    return dict(normalized_shape=tuple(m.normalized_shape), eps=m.eps, elementwise_affine=m.elementwise_affine,
                bias=getattr(m, "bias", None) is not None)


_BN = ("num_features", "eps", "momentum", "affine", "track_running_stats")
_TABLE: list[_Row] = [
    _Row(lambda: _nn().Linear, "Linear", lambda m: dict(in_features=m.in_features, out_features=m.out_features,
                                                         bias=m.bias is not None),
         lambda m: dict(in_features=m.in_features, out_features=m.out_features, bias=m.bias is not None)),
    _Row(lambda: _nn().Conv2d, "Conv2d",
         lambda m: dict(in_channels=m.in_channels, out_channels=m.out_channels, kernel_size=m.kernel_size,
                        stride=m.stride, padding=m.padding, dilation=m.dilation, bias=m.bias is not None),
         lambda m: _conv_from_torch(m)),
    _Row(lambda: _nn().MaxPool2d, "MaxPool2d", _pool, _pool),
    _Row(lambda: _nn().AvgPool2d, "AvgPool2d", _pool, _pool),
    _Row(lambda: _nn().Flatten, "Flatten", _same("start_dim", "end_dim"), _same("start_dim", "end_dim")),
    _Row(lambda: _nn().Identity, "Identity", lambda m: {}, lambda m: {}),
    _Row(lambda: _nn().Embedding, "Embedding", _same("num_embeddings", "embedding_dim"),
         lambda m: _embedding_args(m)),
    _Row(lambda: _nn().RNN, "RNN", _rnn_plain, _rnn_plain),
    _Row(lambda: _nn().LSTM, "LSTM", _rnn_args, lambda m: _lstm_from_torch(m)),
    _Row(lambda: _nn().GRU, "GRU", _rnn_args, _rnn_args),
    _Row(lambda: _nn().Dropout, "Dropout", _same("p"), _same("p")),
    _Row(lambda: _nn().Dropout1d, "Dropout1d", _same("p"), _same("p")),
    _Row(lambda: _nn().Dropout2d, "Dropout2d", _same("p"), _same("p")),
    _Row(lambda: _nn().ReLU, "ReLU", lambda m: {}, lambda m: {}),
    _Row(lambda: _nn().Tanh, "Tanh", lambda m: {}, lambda m: {}),
    _Row(lambda: _nn().Sigmoid, "Sigmoid", lambda m: {}, lambda m: {}),
    _Row(lambda: _nn().SiLU, "SiLU", lambda m: {}, lambda m: {}),
    _Row(lambda: _nn().GELU, "GELU", _same("approximate"), _same("approximate")),
    _Row(lambda: _nn().Softplus, "Softplus", lambda m: {}, lambda m: _softplus_from_torch(m)),
    _Row(lambda: _nn().LeakyReLU, "LeakyReLU", _same("negative_slope"), _same("negative_slope")),
    _Row(lambda: _nn().Softmax, "Softmax", _same("dim"), _same("dim")),
    _Row(lambda: _nn().LogSoftmax, "LogSoftmax", _same("dim"), _same("dim")),
    _Row(lambda: _nn().LayerNorm, "LayerNorm", _ln, _ln),
    _Row(lambda: _nn().BatchNorm1d, "BatchNorm1d", _same(*_BN), _same(*_BN)),
    _Row(lambda: _nn().BatchNorm2d, "BatchNorm2d", _same(*_BN), _same(*_BN)),
    _Row(lambda: _nn().MultiheadAttention, "MultiheadAttention", _mha_from_mibun, _mha_from_torch),
    _Row(lambda: _nn().TransformerEncoderLayer, "TransformerEncoderLayer", _tel_from_mibun, _tel_from_torch),
]


def _embedding_args(m: Any) -> Args:
    if m.padding_idx is not None or m.max_norm is not None or m.sparse:
        raise InputError("interop.err.embedding_padding_idx_max")
    return dict(num_embeddings=m.num_embeddings, embedding_dim=m.embedding_dim)


def _conv_from_torch(m: Any) -> Args:
    if m.groups != 1 or m.padding_mode != "zeros" or isinstance(m.padding, str):
        raise InputError("interop.err.conv_d_groups_padding")
    return dict(in_channels=m.in_channels, out_channels=m.out_channels, kernel_size=m.kernel_size, stride=m.stride,
                padding=m.padding, dilation=m.dilation, bias=m.bias is not None)


def _lstm_from_torch(m: Any) -> Args:
    if getattr(m, "proj_size", 0):
        raise InputError("interop.err.lstm_proj_size_has")
    return _rnn_args(m)


def _softplus_from_torch(m: Any) -> Args:
    if m.beta != 1 or m.threshold != 20:
        raise InputError("interop.err.softplus_beta_threshold_has")
    return {}


_CUSTOM: list[tuple[type, Callable[[], Any], Callable[[], Any]]] = []


def register_module(mibun_cls: type, torch_factory: Callable[[], Any], mibun_factory: Callable[[], Any]) -> None:
    """Teach the converters a pair of your own classes: ``torch_factory()`` builds an untrained torch twin of
    a ``mibun_cls`` model and ``mibun_factory()`` a mibun one; weights move by state dict."""
    _CUSTOM.append((mibun_cls, torch_factory, mibun_factory))


def _dtype_of(m: Any) -> Any:
    """The dtype of the first floating-point parameter or buffer, or None for a module without any."""
    for _, v in m.state_dict().items():
        a = np.asarray(v)
        if a.dtype.kind == "f":
            return a.dtype
    return None


def _copy_state_to_torch(src: Any, dst: Any) -> Any:
    torch = import_torch()
    sd = {k: torch.from_numpy(np.ascontiguousarray(np.array(v))) for k, v in src.state_dict().items()}
    dst_sd = dst.state_dict()
    missing = [k for k in dst_sd if k not in sd]
    unexpected = [k for k in sd if k not in dst_sd]
    if missing or unexpected:
        raise InputError("interop.err.torch_module_parameter_names", missing=missing, unexpected=unexpected)
    dst.load_state_dict(sd)
    return dst


def to_torch_module(model: Any, into: Any = None) -> Any:
    """The equivalent ``torch.nn`` module of a mibun model, with the same weights, dtype and train/eval mode.
    ``into``: a torch module (your own class's twin) to load the weights into instead of building one."""
    torch = import_torch()
    nn = _nn()
    if into is None:
        into = _build_torch(model, torch, nn)
        dt = _dtype_of(model)
        if dt is not None:
            into = into.to(getattr(torch, str(dt)))
    _copy_state_to_torch(model, into)
    into.train(model.training)
    return into


def _build_torch(m: Any, torch: Any, nn: Any) -> Any:
    if type(m) is nn.Sequential:
        return torch.nn.Sequential(*[_build_torch(c, torch, nn) for c in m.children()])
    if type(m) is nn.ModuleList:
        return torch.nn.ModuleList([_build_torch(c, torch, nn) for c in m.children()])
    for cls, tf, _ in _CUSTOM:
        if type(m) is cls:
            return tf()
    if type(m).__name__ == "PositionalEncoding" and type(m) is nn.PositionalEncoding:
        from mibun.interop.torch_extras import torch_positional_encoding

        return torch_positional_encoding(m.d_model, m.max_len, m.dropout.p, m.batch_first, str(m.table.dtype))
    for row in _TABLE:
        if type(m) is row.mibun_cls():
            return getattr(torch.nn, row.torch_name)(**row.from_mibun(m))
    raise InputError("interop.err.no_torch_counterpart_known", type=type(m).__name__)


def from_torch_module(torch_module: Any, into: Any = None, dtype: Any = None) -> Any:
    """The mibun module equivalent to a ``torch.nn`` module (same weights; dtype of the torch weights unless
    ``dtype`` is given). ``into``: a mibun module (your own class's twin) to load the weights into."""
    torch = import_torch()
    nn = _nn()
    if into is None:
        into = _build_mibun(torch_module, torch, nn)
    sd = {k: v.detach().cpu().numpy() for k, v in torch_module.state_dict().items()}
    want = dtype if dtype is not None else _dtype_of_torch(torch_module)
    if want is not None and into.dtype != np.dtype(want):
        into.to(want)
    into.load_state_dict(sd)
    into.train(torch_module.training)
    return into


def _dtype_of_torch(tm: Any) -> Any:
    for v in list(tm.state_dict().values()) + list(tm.buffers()):
        if v.is_floating_point():
            return np.dtype(str(v.dtype).replace("torch.", ""))
    return None


def _build_mibun(tm: Any, torch: Any, nn: Any) -> Any:
    if type(tm) is torch.nn.Sequential:
        return nn.Sequential(*[_build_mibun(c, torch, nn) for c in tm.children()])
    if type(tm) is torch.nn.ModuleList:
        return nn.ModuleList([_build_mibun(c, torch, nn) for c in tm.children()])
    from mibun.interop.torch_extras import is_torch_positional_encoding

    if is_torch_positional_encoding(tm):
        return nn.PositionalEncoding(tm.d_model, tm.max_len, tm.dropout.p, tm.batch_first,
                                     dtype=str(tm.pe.dtype).replace("torch.", ""))
    for _, tf, mf in _CUSTOM:
        if type(tm) is type(tf()):
            return mf()
    for row in _TABLE:
        if type(tm) is getattr(torch.nn, row.torch_name, None):
            return row.mibun_cls()(**row.from_torch(tm))
    raise InputError("interop.err.no_mibun_counterpart_known", type=type(tm).__name__)


__all__ = ["to_torch_module", "from_torch_module", "register_module"]
