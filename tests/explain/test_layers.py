"""Layer-level explanations (``mb.explain(loss, level="layer")``): each layer's closed-form backward
equals the engine's gradients (and torch's where installed), in the numbers the text shows."""

from __future__ import annotations

import gc
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mibun as mb
from mibun import nn
from mibun.autodiff import graph as ag
from mibun.errors import InputError
from mibun.explain import EXAMPLES
from mibun.nn.attention import scaled_dot_product_attention as sdpa
from tests.cli_runner import invoke
from tests.optional import need

RNG = np.random.default_rng(7)
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def torch():
    t = need("torch", "pip install torch==2.13.0 (CPU build)")
    t.set_num_threads(1)
    return t


def _numbers(text: str) -> np.ndarray:
    return np.array([float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)])


def _shown(text: str, name: str) -> np.ndarray:
    """The values the text shows for the first backward line ``name = formula = values``."""
    for line in text.splitlines():
        s = line.strip()
        if s.startswith(name + " = ") and s.count(" = ") >= 2:
            return _numbers(s.rsplit(" = ", 1)[1])
    raise AssertionError(f"{name} not in the explanation")


def _all_terms_match(ex):
    assert ex.layers
    for s in ex.layers:
        assert s.matches, (s.kind, [(t.name, t.max_error) for t in s.backward])
        assert any(t.engine is not None for t in s.backward), s.kind


# ---------------------------------------------------------------------------------------------- LayerNorm
def test_layernorm_closed_form_equals_engine_text_and_grads():
    e = EXAMPLES["layernorm"]()
    ex = mb.explain(e.loss, level="layer")
    s = ex.layer("layer_norm")
    assert [t.name for t in s.backward] == ["g", "∂L/∂x", "∂L/∂γ", "∂L/∂β"]
    assert s.inputs == {"x": "x", "weight": "γ", "bias": "β"}
    _all_terms_match(ex)
    text_en, text_ko = ex.text("en"), ex.text("ko")
    e.loss.backward()
    for name, p in (("∂L/∂x", e.params["x"]), ("∂L/∂γ", e.params["γ"]), ("∂L/∂β", e.params["β"])):
        np.testing.assert_allclose(s.term(name).value, p.grad.numpy(), rtol=1e-12, atol=1e-14)
        for text in (text_en, text_ko):  # the numbers a student reads (4 significant digits)
            np.testing.assert_allclose(_shown(text, name), p.grad.numpy().ravel(), rtol=1e-3, atol=1e-4)
    # the formula itself, by hand: dx = (1/σ)(g − mean(g) − x̂·mean(g⊙x̂))
    x = e.params["x"].numpy()
    mu, sig = x.mean(1, keepdims=True), np.sqrt(x.var(1, keepdims=True) + 1e-5)
    xh, g = (x - mu) / sig, e.params["γ"].numpy() * s.upstream
    dx = (g - g.mean(1, keepdims=True) - xh * (g * xh).mean(1, keepdims=True)) / sig
    np.testing.assert_allclose(s.term("∂L/∂x").value, dx, rtol=1e-12)
    assert "층 정규화" in text_ko and "layer normalisation" in text_en
    assert ex.latex("ko").startswith(r"\begin{aligned}") and "∂L/∂x = (1/σ)" in ex.latex("en")
    assert "층 정규화" in ex.html("ko") and "layer normalisation" in ex._repr_html_() + ex.html("en")
    assert "엔진의 역전파 결과와 같습니다" in text_ko


def test_layernorm_against_torch(torch):
    e = EXAMPLES["layernorm"]()
    ex = mb.explain(e.loss, level="layer")
    s = ex.layer("layer_norm")
    x = torch.tensor(e.params["x"].numpy().copy(), requires_grad=True)
    ln = torch.nn.LayerNorm(4, dtype=torch.float64)
    with torch.no_grad():
        ln.weight.copy_(torch.tensor(e.params["γ"].numpy()))
        ln.bias.copy_(torch.tensor(e.params["β"].numpy()))
    (ln(x) * torch.tensor(s.upstream)).sum().backward()
    np.testing.assert_allclose(s.term("∂L/∂x").value, x.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(s.term("∂L/∂γ").value, ln.weight.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(s.term("∂L/∂β").value, ln.bias.grad.numpy(), rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------------------------------------- attention
@pytest.mark.parametrize("mask", ["none", "causal", "bool", "float"])
def test_attention_closed_form_against_engine_and_torch(mask, torch):
    q, k, v = (RNG.standard_normal((2, 3, 4)) for _ in range(3))
    w = RNG.standard_normal((2, 3, 4))
    Q, K, V = (mb.tensor(a, requires_grad=True) for a in (q, k, v))
    kw: dict = {}
    if mask == "causal":
        kw["is_causal"] = True
    elif mask == "bool":
        kw["attn_mask"] = np.array([[True, False, True], [True, True, False], [False, True, True]])
    elif mask == "float":
        kw["attn_mask"] = RNG.standard_normal((3, 3))
    L = mb.sum(sdpa(Q, K, V, **kw) * w)
    ex = mb.explain(L, level="layer")
    s = ex.layer("attention")
    _all_terms_match(ex)
    A = s.term("A").value
    if mask in ("causal", "bool"):
        blocked = np.triu(np.ones((3, 3), bool), 1) if mask == "causal" else ~kw["attn_mask"]
        assert np.all(A[..., blocked] == 0) and np.all(s.term("dS").value[..., blocked] == 0)
    tq, tk, tv = (torch.tensor(a, requires_grad=True) for a in (q, k, v))
    tkw = {kk: (torch.tensor(vv) if isinstance(vv, np.ndarray) else vv) for kk, vv in kw.items()}
    (torch.nn.functional.scaled_dot_product_attention(tq, tk, tv, **tkw) * torch.tensor(w)).sum().backward()
    for name, t in (("∂L/∂Q", tq), ("∂L/∂K", tk), ("∂L/∂V", tv)):
        np.testing.assert_allclose(s.term(name).value, t.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_attention_example_text_shows_the_engines_numbers():
    e = EXAMPLES["attention"]()
    ex = mb.explain(e.loss, level="layer")
    text = ex.text("en")
    for f in ("dV = Aᵀ dO", "dO Vᵀ", "A ⊙ (dA − rowsum(dA ⊙ A))", "s · dS K", "s · dSᵀ Q"):
        assert f.replace("dV = ", "") in text
    e.loss.backward()
    for name in ("Q", "K", "V"):
        np.testing.assert_allclose(_shown(text, f"∂L/∂{name}"), e.params[name].grad.numpy().ravel(), rtol=1e-3,
                                   atol=1e-4)
    d = ex.to_dict("ko")
    assert d["level"] == "layer" and d["layers"][0]["kind"] == "attention" and d["layers"][0]["matches"]


def test_multihead_self_attention_against_torch(torch):
    E, h = 4, 2
    mha = nn.MultiheadAttention(E, h, batch_first=True, dtype="float64")
    x = RNG.standard_normal((2, 3, E))
    w = RNG.standard_normal((2, 3, E))
    mask = np.triu(np.ones((3, 3), bool), 1)
    X = mb.tensor(x, requires_grad=True, name="x")
    out, _ = mha(X, X, X, attn_mask=mask)
    ex = mb.explain(mb.sum(out * w), level="layer")
    s = ex.layer("multihead_attention")
    _all_terms_match(ex)
    assert [r.kind for r in ex.layers] == ["multihead_attention", "linear", "attention"]
    assert [r.depth for r in ex.layers] == [0, 1, 1]
    tm = torch.nn.MultiheadAttention(E, h, batch_first=True, dtype=torch.float64)
    tm.load_state_dict({k: torch.tensor(v) for k, v in mha.state_dict().items()})
    tx = torch.tensor(x, requires_grad=True)
    (tm(tx, tx, tx, attn_mask=torch.tensor(mask), need_weights=False)[0] * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(s.term("∂L/∂in_proj_weight").value, tm.in_proj_weight.grad.numpy(), rtol=1e-9,
                               atol=1e-12)
    np.testing.assert_allclose(s.term("∂L/∂W_o").value, tm.out_proj.weight.grad.numpy(), rtol=1e-9, atol=1e-12)
    # query = key = value = x: its gradient is the sum of the three terms
    np.testing.assert_allclose(s.term("∂L/∂x").value, tx.grad.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("norm_first, activation", [(False, "relu"), (True, "gelu")])
def test_transformer_encoder_layer_groups_its_sublayers(norm_first, activation):
    tel = nn.TransformerEncoderLayer(4, 2, dim_feedforward=6, dropout=0.0, activation=activation,
                                     norm_first=norm_first, dtype="float64")
    x = mb.tensor(RNG.standard_normal((3, 2, 4)), requires_grad=True, name="x")
    L = mb.sum(tel(x) ** 2)
    ex = mb.explain(L, level="layer")
    _all_terms_match(ex)
    kinds = [s.kind for s in ex.layers]
    assert kinds[0] == "transformer_encoder_layer" and ex.layers[0].depth == 0
    assert kinds.count("layer_norm") == 2 and kinds.count("linear") == 3 and "attention" in kinds
    assert ("gelu" in kinds) == (activation == "gelu")
    top = ex.layers[0]
    L.backward()
    np.testing.assert_allclose(top.term("∂L/∂x").value, x.grad.numpy(), rtol=1e-12)
    assert "잔차 연결" in ex.text("ko")


# ---------------------------------------------------------------------------------------------- the rest
def test_batchnorm_gelu_silu_linear_against_torch(torch):
    x = RNG.standard_normal((4, 3))
    w = RNG.standard_normal((4, 2))
    model = nn.Sequential(nn.BatchNorm1d(3, dtype="float64"), nn.GELU(), nn.Linear(3, 5, dtype="float64"),
                          nn.SiLU(), nn.GELU(approximate="tanh"), nn.Linear(5, 2, dtype="float64"))
    model[0].weight.data[...] = [1.5, -0.5, 2.0]
    tmodel = torch.nn.Sequential(torch.nn.BatchNorm1d(3, dtype=torch.float64), torch.nn.GELU(),
                                 torch.nn.Linear(3, 5, dtype=torch.float64), torch.nn.SiLU(),
                                 torch.nn.GELU(approximate="tanh"), torch.nn.Linear(5, 2, dtype=torch.float64))
    for mode in ("train", "eval"):
        model.train(mode == "train")
        tmodel.train(mode == "train")
        tmodel.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in model.state_dict().items()})
        X = mb.tensor(x, requires_grad=True)
        ex = mb.explain(mb.sum(model(X) * w), level="layer")
        _all_terms_match(ex)
        assert [s.kind for s in ex.layers] == ["linear", "gelu", "silu", "linear", "gelu", "batch_norm"]
        tmodel.zero_grad()
        tx = torch.tensor(x, requires_grad=True)
        (tmodel(tx) * torch.tensor(w)).sum().backward()
        bn = ex.layer("batch_norm")
        np.testing.assert_allclose(bn.term("∂L/∂x").value, tx.grad.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(bn.term("∂L/∂γ").value, tmodel[0].weight.grad.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(ex.layer("linear", 1).term("∂L/∂W").value, tmodel[2].weight.grad.numpy(),
                                   rtol=1e-9, atol=1e-12)


def test_layer_level_without_layers_falls_back_and_errors_are_localized():
    x = mb.tensor(0.5, requires_grad=True)
    ex = mb.explain(mb.tanh(x * 2.0), level="layer")
    assert ex.layers == [] and "tanh" in ex.text("en")
    with pytest.raises(InputError) as err:
        mb.explain(mb.tanh(x), level="layers", lang="ko")
    assert HANGUL.search(str(err.value))
    with pytest.raises(InputError):
        ex.layer("layer_norm")
    assert mb.explain(mb.tanh(x)).level == "op"


def test_regions_are_annotations_only():
    ln = nn.LayerNorm(3, dtype="float64")
    with mb.no_grad():
        y = ln(mb.tensor([[1.0, 2.0, 4.0]]))
    assert ag.regions(y) == []
    y = ln(mb.tensor([[1.0, 2.0, 4.0]]))
    (r,) = ag.regions(y)
    assert r.kind == "layer_norm" and r.inputs["weight"] is ln.weight
    from mibun.autodiff import regions as R

    n = len(R._REGIONS)
    del y, r
    gc.collect()
    assert len(R._REGIONS) == n - 1


# ---------------------------------------------------------------------------------------------- command
@pytest.mark.parametrize("example, words", [("layernorm", "층 정규화"), ("attention", "스케일된 내적 어텐션")])
def test_cli_layer_examples(example, words):
    res = invoke("--lang", "ko", "explain", "--example", example)
    assert res.returncode == 0, res.stderr
    assert words in res.stdout and "엔진의 역전파 결과와 같습니다" in res.stdout
    res = invoke("explain", "--example", "layernorm", "--level", "op", "--lang", "en")
    assert res.returncode == 0 and "Backward pass, node by node" in res.stdout


def test_wrt_a_model_names_its_parameters():
    model = nn.Sequential(nn.Linear(3, 4, dtype="float64"), nn.LayerNorm(4, dtype="float64"), nn.SiLU())
    x = mb.tensor(RNG.standard_normal((2, 3)), name="x")
    ex = mb.explain(mb.sum(model(x) ** 2), model, level="layer")
    assert [tg.label for tg in ex.targets] == ["0.weight", "0.bias", "1.weight", "1.bias"]
    assert ex.layer("layer_norm").inputs == {"x": ex.layer("linear").label, "weight": "1.weight", "bias": "1.bias"}
    _all_terms_match(ex)
    assert "∂L/∂1.weight = " in ex.text("en")
    op = mb.explain(mb.sum(model(x) ** 2), model)  # node by node too
    assert op.matches and set(op.gradient()) == {"0.weight", "0.bias", "1.weight", "1.bias"}


@pytest.mark.parametrize("layout", ["seq_first", "batch_first", "unbatched"])
def test_multihead_attention_layouts_and_padding_mask(layout):
    mha = nn.MultiheadAttention(4, 2, batch_first=layout == "batch_first", dtype="float64")
    shape = {"seq_first": (3, 2, 4), "batch_first": (2, 3, 4), "unbatched": (3, 4)}[layout]
    q, k, v = (mb.tensor(RNG.standard_normal(shape), requires_grad=True) for _ in range(3))  # cross-attention
    kpm = None if layout == "unbatched" else np.array([[False, False, True], [False, True, False]])
    out, _ = mha(q, k, v, key_padding_mask=kpm)
    ex = mb.explain(mb.sum(out * RNG.standard_normal(shape)), level="layer")
    _all_terms_match(ex)
    s = ex.layer("multihead_attention")
    assert {t.role for t in s.backward if t.engine is not None} >= {"query", "key", "value", "in_proj_weight"}
    if kpm is not None:  # a padded key gets no attention, so no gradient reaches it through the scores
        A = s.term("A").value  # (N, h, L, S)
        assert np.all(A[0, :, :, 2] == 0) and np.all(A[1, :, :, 1] == 0)


@pytest.mark.parametrize("make, shape", [
    (lambda: nn.LayerNorm((3, 4), elementwise_affine=False, dtype="float64"), (2, 3, 4)),
    (lambda: nn.LayerNorm((3, 4), dtype="float64"), (2, 3, 4)),
    (lambda: nn.LayerNorm(4, bias=False, dtype="float64"), (2, 4)),
    (lambda: nn.BatchNorm1d(3, affine=False, dtype="float64"), (4, 3, 5)),
    (lambda: nn.BatchNorm2d(3, dtype="float64"), (2, 3, 2, 2)),
    (lambda: nn.GELU(approximate="tanh"), (2, 5)),
])
def test_normalisation_variants_match_the_engine(make, shape):
    m = make()
    x = mb.tensor(RNG.standard_normal(shape), requires_grad=True)
    L = mb.sum(m(x) * RNG.standard_normal(shape))
    ex = mb.explain(L, level="layer")
    _all_terms_match(ex)
    dx = ex.layers[0].term("∂L/∂x").value
    L.backward()
    np.testing.assert_allclose(dx, x.grad.numpy(), rtol=1e-10, atol=1e-13)


@settings(max_examples=20, deadline=None)
@given(batch=st.lists(st.integers(1, 2), max_size=2), L=st.integers(1, 4), S=st.integers(1, 4),
       E=st.integers(1, 3), Ev=st.integers(1, 3), seed=st.integers(0, 2**16), masked=st.booleans())
def test_attention_backward_for_any_shapes_and_masks(batch, L, S, E, Ev, seed, masked):
    rng = np.random.default_rng(seed)
    q, k, v = (mb.tensor(rng.standard_normal((*batch, n, d)), requires_grad=True)
               for n, d in ((L, E), (S, E), (S, Ev)))
    mask = None
    if masked:  # a random boolean mask (True = may attend) with at least one key per query
        mask = rng.random((L, S)) < 0.6
        mask[np.arange(L), rng.integers(0, S, L)] = True
    out = sdpa(q, k, v, attn_mask=mask)
    ex = mb.explain(mb.sum(out * rng.standard_normal(out.shape)), level="layer")
    _all_terms_match(ex)
    if mask is not None:
        assert np.all(ex.layer("attention").term("dS").value[..., ~mask] == 0)
