"""The modern layers against torch (the oracle): outputs, input gradients, parameter gradients, train/eval."""

import numpy as np
import pytest

import mibun as mb
from mibun.interop import from_torch, to_torch, to_torch_module

nn = mb.nn
RNG = np.random.default_rng(3)


def run_both(m, tm, *inputs, out_index=None, loss_w=None):
    """Forward both with the same inputs, backprop a random linear functional, return (mibun, torch) pieces."""
    import torch

    xs = [mb.tensor(a, requires_grad=True) for a in inputs]
    ts = [torch.tensor(a, requires_grad=True) for a in inputs]
    y, ty = m(*xs), tm(*ts)
    if out_index is not None:
        y, ty = y[out_index], ty[out_index]
    w = RNG.standard_normal(ty.shape) if loss_w is None else loss_w
    (y * w).sum().backward()
    (ty * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(y.numpy(), ty.detach().numpy(), rtol=1e-10, atol=1e-12)
    for x, t in zip(xs, ts, strict=True):
        if t.grad is None:  # the output does not depend on this input (attention weights and the values)
            assert x.grad is None or not np.any(x.grad.numpy())
            continue
        np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy(), rtol=1e-9, atol=1e-11)
    if not hasattr(m, "named_parameters"):
        return
    tg = dict(tm.named_parameters())
    for name, p in m.named_parameters():
        if tg[name].grad is None:
            assert p.grad is None or not np.any(p.grad.numpy()), name
            continue
        np.testing.assert_allclose(p.grad.numpy(), tg[name].grad.numpy(), rtol=1e-9, atol=1e-11, err_msg=name)


def twin(m, torch):
    return to_torch_module(m).double()


def test_layernorm_matches_torch(torch):
    m = nn.LayerNorm((3, 4), dtype=np.float64)
    m.weight.data[...] = RNG.standard_normal((3, 4))
    m.bias.data[...] = RNG.standard_normal((3, 4))
    run_both(m, twin(m, torch), RNG.standard_normal((2, 3, 4)))


def test_layernorm_backward_is_the_closed_form():
    """∂L/∂x = (ḡ − mean ḡ − x̂·mean(ḡ x̂))/√(σ² + ε) with ḡ = γ·∂L/∂y: the formula students derive."""
    x = RNG.standard_normal((5, 7))
    g = RNG.standard_normal((5, 7))
    gamma = RNG.standard_normal(7)
    m = nn.LayerNorm(7, dtype=np.float64)
    m.weight.data[...] = gamma
    xt = mb.tensor(x, requires_grad=True)
    (m(xt) * g).sum().backward()
    mu, var = x.mean(1, keepdims=True), x.var(1, keepdims=True)
    xh = (x - mu) / np.sqrt(var + 1e-5)
    gb = g * gamma
    expect = (gb - gb.mean(1, keepdims=True) - xh * (gb * xh).mean(1, keepdims=True)) / np.sqrt(var + 1e-5)
    np.testing.assert_allclose(xt.grad.numpy(), expect, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kind,shape", [("BatchNorm1d", (6, 3)), ("BatchNorm1d", (4, 3, 5)),
                                        ("BatchNorm2d", (4, 3, 2, 5))])
@pytest.mark.parametrize("momentum", [0.1, None])
def test_batchnorm_train_and_eval_match_torch(torch, kind, shape, momentum):
    m = getattr(nn, kind)(3, momentum=momentum, dtype=np.float64)
    m.weight.data[...] = RNG.standard_normal(3)
    m.bias.data[...] = RNG.standard_normal(3)
    tm = twin(m, torch)
    for _ in range(3):  # running statistics after several training batches
        m.zero_grad()
        tm.zero_grad()
        run_both(m, tm, RNG.standard_normal(shape) * 2 + 1)
    np.testing.assert_allclose(m.running_mean, tm.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(m.running_var, tm.running_var.numpy(), rtol=1e-12)
    assert int(m.num_batches_tracked) == int(tm.num_batches_tracked) == 3
    m.eval()
    tm.eval()
    m.zero_grad()
    tm.zero_grad()
    run_both(m, tm, RNG.standard_normal(shape))


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_matches_torch(torch, approximate):
    m = nn.GELU(approximate=approximate)
    run_both(m, torch.nn.GELU(approximate=approximate), RNG.standard_normal((4, 5)) * 3)


def test_silu_matches_torch(torch):
    run_both(nn.SiLU(), torch.nn.SiLU(), RNG.standard_normal((4, 5)) * 3)


@pytest.mark.parametrize("cls,shape", [("Dropout1d", (8, 16, 5)), ("Dropout2d", (8, 16, 3, 3))])
def test_channel_dropout_zeroes_whole_channels(cls, shape):
    m = getattr(nn, cls)(p=0.5)
    y = m(np.ones(shape)).numpy()
    per_channel = y.reshape(shape[0], shape[1], -1)
    assert set(np.unique(per_channel)) <= {0.0, 2.0}
    assert np.all(per_channel.min(-1) == per_channel.max(-1))  # a channel is dropped whole
    assert 0.2 < (per_channel[..., 0] == 0).mean() < 0.8
    m.eval()
    np.testing.assert_array_equal(m(np.ones(shape)).numpy(), np.ones(shape))


def _sdpa_case(torch, mask_kind):
    q, k, v = RNG.standard_normal((2, 3, 4, 8)), RNG.standard_normal((2, 3, 6, 8)), RNG.standard_normal((2, 3, 6, 5))
    kw = {}
    if mask_kind == "bool":
        mask = RNG.random((4, 6)) > 0.3
        mask[:, 0] = True
        kw = dict(attn_mask=mask)
    elif mask_kind == "float":
        kw = dict(attn_mask=RNG.standard_normal((4, 6)))
    elif mask_kind == "causal":
        k, v = k[:, :, :4], v[:, :, :4]
        kw = dict(is_causal=True)
    return (q, k, v), kw


@pytest.mark.parametrize("mask_kind", ["none", "bool", "float", "causal"])
def test_sdpa_matches_torch(torch, mask_kind):
    (q, k, v), kw = _sdpa_case(torch, mask_kind)
    tkw = {key: (torch.tensor(val) if isinstance(val, np.ndarray) else val) for key, val in kw.items()}
    F, TF = mb.nn.functional, torch.nn.functional
    run_both(lambda *a: F.scaled_dot_product_attention(*a, **kw),
             lambda *a: TF.scaled_dot_product_attention(*a, **tkw), q, k, v)


def test_sdpa_refuses_a_fully_masked_row():
    q = np.ones((1, 2, 4))
    mask = np.array([[True, True], [False, False]])
    with pytest.raises(mb.MibunError):
        mb.nn.functional.scaled_dot_product_attention(q, q, q, attn_mask=mask)


@pytest.mark.parametrize("batch_first", [False, True])
def test_multihead_attention_matches_torch(torch, batch_first):
    m = nn.MultiheadAttention(8, 2, batch_first=batch_first, dtype=np.float64)
    m.in_proj_bias.data[...] = RNG.standard_normal(24)
    tm = twin(m, torch)
    shape = (3, 5, 8) if batch_first else (5, 3, 8)
    q, kv = RNG.standard_normal(shape), RNG.standard_normal((shape[0], 7, 8) if batch_first else (7, 3, 8))
    run_both(m, tm, q, kv, kv, out_index=0)
    m.zero_grad()
    tm.zero_grad()
    run_both(m, tm, q, kv, kv, out_index=1)  # the averaged attention weights


def test_multihead_attention_masks_match_torch(torch):
    m = nn.MultiheadAttention(6, 3, dtype=np.float64)
    tm = twin(m, torch)
    x = RNG.standard_normal((4, 2, 6))
    kpm = np.array([[False, False, True, False], [False, False, False, True]])
    amask = ~np.tril(np.ones((4, 4), dtype=bool))
    y, w = m(x, x, x, key_padding_mask=kpm, attn_mask=amask)
    ty, tw = tm(*(torch.tensor(x),) * 3, key_padding_mask=torch.tensor(kpm), attn_mask=torch.tensor(amask))
    np.testing.assert_allclose(y.numpy(), ty.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(w.numpy(), tw.detach().numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_transformer_encoder_layer_matches_torch(torch, norm_first, activation):
    m = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation=activation,
                                   norm_first=norm_first, batch_first=True, dtype=np.float64)
    tm = twin(m, torch)
    x = RNG.standard_normal((3, 5, 8))
    run_both(m, tm, x)
    m.zero_grad()
    tm.zero_grad()
    mask = ~np.tril(np.ones((5, 5), dtype=bool))
    y = m(mb.tensor(x), src_mask=mask)
    ty = tm(torch.tensor(x), src_mask=torch.tensor(mask))
    np.testing.assert_allclose(y.numpy(), ty.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_positional_encoding_equation():
    pe = nn.PositionalEncoding(6, max_len=10, dropout=0.0, dtype=np.float64)
    y = pe(np.zeros((10, 1, 6))).numpy()[:, 0]
    p, i = 7, 1
    assert y[p, 2 * i] == pytest.approx(np.sin(p / 10000 ** (2 * i / 6)), abs=1e-15)
    assert y[p, 2 * i + 1] == pytest.approx(np.cos(p / 10000 ** (2 * i / 6)), abs=1e-15)


def test_tensor_conversion_keeps_dtype_and_flag(torch):
    for dt in (np.float32, np.float64, np.int64):
        a = np.arange(6, dtype=dt).reshape(2, 3)
        t = to_torch(mb.tensor(a))
        assert str(t.dtype) == f"torch.{np.dtype(dt).name}"
        back = from_torch(t)
        assert back.dtype == dt
        np.testing.assert_array_equal(back.numpy(), a)
    x = mb.tensor([1.0, 2.0], requires_grad=True)
    assert to_torch(x).requires_grad and from_torch(to_torch(x)).requires_grad
