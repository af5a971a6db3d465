"""mb.explain: the chain rule along the recorded graph, checked against the engine's own backward."""

import json
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mibun as mb
from mibun.autodiff.backward import backprop
from mibun.explain import Explanation, explain, mlp_example, rnn_example

HANGUL = re.compile(r"[\uac00-\ud7a3]")


# ---------------------------------------------------------------------------------------------- random graphs
UNARY = {
    "tanh": mb.tanh, "sigmoid": mb.sigmoid, "sin": mb.sin, "cos": mb.cos, "neg": mb.neg,
    "softplus": mb.softplus, "square": lambda x: x ** 2, "exp": lambda x: mb.exp(mb.tanh(x)),
    "log": lambda x: mb.log(1.5 + mb.sigmoid(x)), "relu": mb.relu, "abs": mb.abs,
}
BINARY = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (2.0 + mb.tanh(b)), "maximum": mb.maximum,
}


@st.composite
def random_graph(draw):
    """Leaves of shapes that broadcast to a base shape, then random elementwise, binary and keepdims
    reduction ops on random earlier nodes (so nodes are reused: the graph branches), then a scalar
    loss that mixes several nodes."""
    base = draw(st.sampled_from([(), (3,), (2, 3)]))
    subs = [base, base[1:], tuple(1 for _ in base)] if base else [()]
    rng = np.random.default_rng(draw(st.integers(0, 2**31 - 1)))
    n_leaves = draw(st.integers(1, 3))
    leaves = []
    for _ in range(n_leaves):
        shape = draw(st.sampled_from(subs))
        leaves.append(mb.tensor(rng.uniform(-1.0, 1.0, shape), requires_grad=True))
    nodes = list(leaves)
    for _ in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(["unary", "binary", "binary", "reduce"]))
        a = nodes[draw(st.integers(0, len(nodes) - 1))]
        if kind == "unary":
            nodes.append(UNARY[draw(st.sampled_from(sorted(UNARY)))](a))
        elif kind == "binary":
            b = nodes[draw(st.integers(0, len(nodes) - 1))]
            nodes.append(BINARY[draw(st.sampled_from(sorted(BINARY)))](a, b))
        else:
            if a.ndim == 0:
                nodes.append(a * 0.5)
                continue
            axis = draw(st.integers(-a.ndim, a.ndim - 1))
            fn = draw(st.sampled_from(["sum", "mean", "logsumexp", "softmax", "max"]))
            if fn == "softmax":
                nodes.append(mb.softmax(a, axis=axis))
            else:
                nodes.append(getattr(mb, fn)(a, axis=axis, keepdims=True))
    picks = draw(st.lists(st.integers(0, len(nodes) - 1), min_size=1, max_size=3))
    loss = None
    for j in picks:
        term = mb.sum(nodes[j] * rng.uniform(0.5, 1.5))
        loss = term if loss is None else loss + term
    reached = {id(n) for n in mb.toposort(loss)} if loss.requires_grad else set()
    for leaf in leaves:           # every leaf takes part (a leaf the loss ignores is an error for explain)
        if id(leaf) not in reached:
            loss = loss + mb.sum(mb.tanh(leaf))
    return loss, leaves


@given(random_graph())
def test_sum_over_paths_of_local_factor_products_equals_engine_gradient(case):
    loss, leaves = case
    ex = explain(loss, wrt=leaves)
    for leaf in leaves:
        tg = ex.target(leaf)
        assert tg.paths is not None and len(tg.paths) == tg.n_paths >= 1
        total = sum(p.contribution for p in tg.paths)
        np.testing.assert_allclose(total, ex.gradient(leaf), rtol=1e-12, atol=1e-12)
        for p in tg.paths:
            assert p.contribution.shape == leaf.shape
            assert p.nodes[0] == ex.output and p.nodes[-1] == tg.label
    # the engine's own backward, done after the explanation (which must not have touched .grad)
    assert all(leaf.grad is None for leaf in leaves)
    loss.backward()
    for leaf in leaves:
        np.testing.assert_allclose(ex.gradient(leaf), leaf.grad.data, rtol=1e-9, atol=1e-12)
    assert ex.matches


@given(random_graph())
def test_every_node_upstream_gradient_is_the_sum_of_its_parts(case):
    loss, leaves = case
    ex = explain(loss, wrt=leaves)
    for s in ex.steps:
        if s.label == ex.output:
            np.testing.assert_array_equal(s.upstream, np.ones(()))
            continue
        assert s.parts, s.label
        np.testing.assert_allclose(sum(v for _, v in s.parts), s.upstream, rtol=1e-12, atol=1e-15)
        for e in s.edges:
            assert e.contribution.shape == next(x.shape for x in ex.steps if x.label == e.input)
            if e.jacobian is not None:       # the shown Jacobian, contracted with ḡ, is the contribution
                J = e.jacobian.reshape(s.upstream.size, -1)
                np.testing.assert_allclose(s.upstream.reshape(-1) @ J, e.contribution.reshape(-1), atol=1e-12)
            if e.local is not None and not e.broadcast_summed:
                np.testing.assert_allclose(s.upstream * e.local, e.contribution, atol=1e-12)


def test_elementwise_edge_contribution_is_upstream_times_local_factor():
    x = mb.tensor([0.3, -0.7], requires_grad=True, name="x")
    b = mb.tensor(0.5, requires_grad=True, name="b")
    y = mb.tanh(x * b)
    L = mb.sum(y)
    ex = explain(L)
    step = next(s for s in ex.steps if s.op == "tanh")
    e = step.edges[0]
    np.testing.assert_allclose(e.local, 1 - np.tanh(x.data * 0.5) ** 2)
    np.testing.assert_allclose(e.contribution, step.upstream * e.local)
    assert e.rule == "d tanh u/du = 1 − tanh²u"
    mul = next(s for s in ex.steps if s.op == "mul")
    eb = next(e for e in mul.edges if e.input == "b")
    assert eb.broadcast_summed and eb.contribution.shape == ()
    np.testing.assert_allclose(eb.contribution, np.sum(mul.upstream * x.data))


def test_same_tensor_twice_gives_two_paths_and_the_product_rule():
    x = mb.tensor(1.5, requires_grad=True, name="x")
    ex = explain(x * x, x)
    tg = ex.target(x)
    assert tg.n_paths == 2
    assert [float(p.contribution) for p in tg.paths] == [1.5, 1.5]
    assert float(ex.gradient(x)) == 3.0


def test_scalar_chain_values_and_text():
    x = mb.tensor(0.5, requires_grad=True, name="x")
    L = mb.sigmoid(mb.tanh(x) * 3.0)
    ex = explain(L, x, lang="en")
    s = np.tanh(0.5) * 3.0
    sig = 1 / (1 + np.exp(-s))
    expected = sig * (1 - sig) * 3.0 * (1 - np.tanh(0.5) ** 2)
    assert float(ex.gradient(x)) == pytest.approx(expected, rel=1e-12)
    text = ex.text()
    assert "d σ(u)/du = σ(u)(1 − σ(u))" in text and "d tanh u/du = 1 − tanh²u" in text
    assert f"{expected:.4g}" in text
    assert not HANGUL.search(text)


def test_unnamed_tensors_are_named_in_discovery_order():
    a = mb.tensor(1.0, requires_grad=True)
    b = mb.tensor(2.0, requires_grad=True)
    c = mb.tensor(3.0, requires_grad=True, name="w")
    ex = explain(a * b + c)
    assert [tg.label for tg in ex.targets] == ["x1", "x2", "w"]
    assert ex.output == "L"
    assert ex.gradient() == {"x1": 2.0, "x2": 1.0, "w": 1.0}


def test_intermediate_wrt_and_nonscalar_output():
    x = mb.tensor([1.0, 2.0], requires_grad=True, name="x")
    h = mb.exp(x)
    h.name = "h"
    y = h * 2.0
    ex = explain(y, [h, x])
    np.testing.assert_allclose(ex.gradient(h), [2.0, 2.0])
    np.testing.assert_allclose(ex.gradient("x"), 2.0 * np.exp([1.0, 2.0]))
    assert not ex.scalar_output and "Σ y" in ex.text("en")


def test_large_tensors_are_summarised_not_listed():
    W = mb.tensor(np.linspace(-1, 1, 50).reshape(5, 10), requires_grad=True, name="W")
    ex = explain(mb.sum(mb.tanh(W)), W, lang="en")
    text = ex.text()
    assert "shape (5, 10): mean" in text and "norm" in text
    d = ex.to_dict()
    assert "values" not in d["targets"][0]["gradient"] and "norm" in d["targets"][0]["gradient"]


def test_too_many_paths_are_counted_not_listed_and_gradient_still_right():
    x = mb.tensor(0.3, requires_grad=True, name="x")
    h = x
    for _ in range(12):           # each step doubles the number of paths: 2¹² = 4096
        h = mb.tanh(h) + mb.sin(h)
    ex = explain(h, x, max_paths=100)
    tg = ex.target(x)
    assert tg.paths is None and tg.n_paths == 4096
    g = backprop(h, targets=[x], retain_graph=True)[0]
    np.testing.assert_allclose(ex.gradient(x), g)
    assert "4096" in ex.text("en")


# ---------------------------------------------------------------------------------------------- patterns
def test_rnn_example_shows_yhat_minus_y_matching_backward():
    ex_graph = rnn_example()
    nodes = ex_graph.nodes
    os_ = [nodes[f"o{t}"] for t in (1, 2, 3)]
    grads_o = backprop(ex_graph.loss, targets=os_, retain_graph=True)
    ex = explain(ex_graph.loss, lang="en")
    ce = [p for p in ex.patterns if p.kind == "softmax_cross_entropy"]
    assert sorted(p.at for p in ce) == ["o1", "o2", "o3"]
    text = ex.text()
    assert "∂L/∂o = ŷ − y" in text
    for p in ce:
        t_ = int(p.at[1])
        yhat = nodes[f"ŷ{t_}"].data
        y = np.eye(4)[ex_graph.info["targets"][t_ - 1]]
        np.testing.assert_allclose(p.values["y"], y, atol=1e-12)
        np.testing.assert_allclose(p.values["ŷ − y"], yhat - y, atol=1e-12)
        np.testing.assert_allclose(p.values["ŷ − y"], grads_o[t_ - 1], atol=1e-12)
        assert "[" + ", ".join(f"{v:.4g}" for v in grads_o[t_ - 1]) + "]" in text
    # ∂L/∂V = Σₜ δₜ hₜᵀ: the shared-parameter pattern lists one contribution per time step
    shared = {p.at: p for p in ex.patterns if p.kind == "shared_parameter"}
    assert set(shared) == {"W", "U", "V"} and shared["V"].fields["n"] == 3
    lin = [p for p in ex.patterns if p.kind == "linear_cols" and p.fields["W"] == "V"]
    assert len(lin) == 3 and "δ h3ᵀ" in next(p.formula for p in lin if p.fields["x"] == "h3")
    ow = next(p for p in ex.patterns if p.kind == "output_weights")
    assert ow.at == "V" and ow.formula == "∂L/∂V = Σₜ (ŷₜ − yₜ) hₜᵀ = (ŷ1 − y1) h1ᵀ + (ŷ2 − y2) h2ᵀ + (ŷ3 − y3) h3ᵀ"
    assert not [p for p in ex.patterns if p.kind == "output_weights" and p.at != "V"]   # W, U feed tanh
    ex_graph.loss.backward()
    np.testing.assert_allclose(ow.values["∂L/∂V"], ex_graph.params["V"].grad.data, atol=1e-14)
    for name, P in ex_graph.params.items():
        np.testing.assert_allclose(ex.gradient(name), P.grad.data, rtol=1e-12, atol=1e-14)


def test_mlp_example_linear_rows_and_log_softmax_nll():
    m = mlp_example()
    ex = explain(m.loss, lang="en")
    kinds = {p.kind for p in ex.patterns}
    assert {"softmax_cross_entropy", "linear_rows"} <= kinds
    ce = next(p for p in ex.patterns if p.kind == "softmax_cross_entropy")
    assert ce.formula == "∂L/∂o = s·(ŷ − y)" and float(ce.values["s"]) == pytest.approx(0.5)
    np.testing.assert_allclose(ce.values["y"], np.eye(2)[[0, 1]])
    lin = next(p for p in ex.patterns if p.kind == "linear_rows" and p.fields["W"] == "W2")
    assert "∂L/∂W2 = hᵀ δ" in lin.formula and "∂L/∂b2 = Σ_rows δ" in lin.formula
    np.testing.assert_allclose(lin.values["∂L/∂W2"], m.nodes["h"].data.T @ lin.values["δ"])
    ow = next(p for p in ex.patterns if p.kind == "output_weights")
    assert ow.formula == "∂L/∂W2 = hᵀ s·(ŷ − y)"
    np.testing.assert_allclose(ow.values["∂L/∂W2"], m.nodes["h"].data.T @ (0.5 * ce.values["ŷ − y"]))
    m.loss.backward()
    np.testing.assert_allclose(ex.gradient("W2"), m.params["W2"].grad.data)


def test_softmax_without_cross_entropy_is_not_called_cross_entropy():
    o = mb.tensor([0.1, 0.5, -0.2], requires_grad=True, name="o")
    L = mb.sum(mb.softmax(o) * mb.tensor([1.0, -2.0, 0.5]))
    assert not [p for p in explain(L).patterns if p.kind == "softmax_cross_entropy"]
    # and a log of a softmax with a *positive* weight (not a cross-entropy) is not either
    L2 = mb.sum(mb.log(mb.softmax(o)) * mb.tensor([1.0, 0.0, 0.0]))
    assert not [p for p in explain(L2).patterns if p.kind == "softmax_cross_entropy"]


def test_sigmoid_chain_pattern():
    x = mb.tensor([0.2, -0.4], requires_grad=True, name="x")
    h = x
    for _ in range(4):
        h = mb.sigmoid(h * 2.0)
    ex = explain(mb.sum(h), lang="en")
    p = next(p for p in ex.patterns if p.kind == "sigmoid_chain")
    assert p.fields["k"] == 4 and float(p.values["(1/4)^k"]) == 0.25 ** 4
    assert np.all(p.values["max σ′"] <= 0.25)
    assert "vanishing" in ex.text("en") and "기울기 소실" in ex.text("ko")
    one = explain(mb.sum(mb.sigmoid(x)))
    assert not [p for p in one.patterns if p.kind == "sigmoid_chain"]


# ---------------------------------------------------------------------------------------------- renderings
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_renderings_and_languages(lang):
    ex = explain(rnn_example().loss, lang=lang)
    text = ex.text()
    assert bool(HANGUL.search(text)) == (lang == "ko")
    if lang == "ko":
        for word in ("연쇄법칙", "국소 미분", "상류 기울기", "경로별 기여의 합"):
            assert word in text
    latex = ex.latex()
    assert latex.startswith(r"\begin{aligned}") and latex.endswith(r"\end{aligned}")
    assert latex.count("{") == latex.count("}")
    assert r"\hat y - y" in latex
    assert bool(HANGUL.search(latex)) == (lang == "ko")
    html = ex._repr_html_()
    assert html.startswith('<div class="mibun-explain') and "ŷ − y" in html
    assert ex._repr_latex_().startswith("$$")
    d = json.loads(json.dumps(ex.to_dict()))
    assert d["lang"] == lang and {t["label"] for t in d["targets"]} == {"W", "U", "V"}
    assert all(t["matches"] for t in d["targets"])
    ce = next(p for p in d["patterns"] if p["kind"] == "softmax_cross_entropy")
    assert ce["formula"] == "∂L/∂o = ŷ − y" and len(ce["values"]["ŷ − y"]["values"]) == 4
    assert bool(HANGUL.search(json.dumps(d, ensure_ascii=False))) == (lang == "ko")


def test_text_language_switch_and_default(monkeypatch):
    x = mb.tensor(0.5, requires_grad=True)
    ex = explain(mb.exp(x))
    monkeypatch.setenv("MIBUN_LANG", "ko")
    assert HANGUL.search(str(ex))
    assert not HANGUL.search(ex.text("en"))
    assert isinstance(ex, Explanation) and "Explanation" in repr(ex)


def test_mb_explain_is_callable_and_module():
    import mibun.explain as module

    x = mb.tensor(2.0, requires_grad=True)
    assert isinstance(mb.explain(x * 3.0), Explanation)
    assert callable(module) and module.rnn_example is rnn_example


def test_unknown_ops_are_explained_through_their_registry_fields():
    from mibun.autodiff.recording import apply
    from mibun.autodiff.registry import REGISTRY, defop

    name = "test_cube_explain"
    op = REGISTRY.get(name) or defop(name, lambda x: x ** 3, (lambda ns, g, out, x: g * 3.0 * x * x,),
                                     elementwise=True, rule=("d u³/du = 3u²",), rule_latex=(r"3u^2",),
                                     template="cube({0})")
    x = mb.tensor([1.0, 2.0], requires_grad=True, name="x")
    ex = explain(mb.sum(apply(op, x)), x, lang="en")
    assert "cube(x)" in ex.text() and "d u³/du = 3u²" in ex.text() and "test_cube_explain" in ex.text()
    np.testing.assert_allclose(ex.gradient(x), [3.0, 12.0])


# ---------------------------------------------------------------------------------------------- errors
def test_errors_are_clear_mibun_errors():
    x = mb.tensor([1.0, 2.0], requires_grad=True, name="x")
    other = mb.tensor(1.0, requires_grad=True, name="other")
    const = mb.tensor(1.0, name="c")
    L = mb.sum(x * 2.0)
    with pytest.raises(mb.InputError, match="Tensor"):
        explain(np.array(1.0))
    with pytest.raises(mb.GraphError, match="not part of the graph"):
        explain(L, other)
    with pytest.raises(mb.GraphError, match="requires_grad"):
        explain(L, const)
    with pytest.raises(mb.InputError, match="not a Tensor"):
        explain(L, [x, "x"])
    with pytest.raises(mb.InputError):
        explain(L, [])
    with pytest.raises(mb.GraphError, match="nothing was recorded"):
        explain(const * 2.0)
    with pytest.raises(mb.GraphError, match="x is a leaf"):
        explain(x)
    with pytest.raises(mb.InputError, match="unknown language"):
        explain(L, lang="fr")
    ex = explain(L)
    with pytest.raises(mb.InputError, match="not one of the inputs"):
        ex.gradient("nope")
    L.backward()
    with pytest.raises(mb.GraphError, match="call explain before backward"):
        explain(L)
    with pytest.raises(mb.GraphError, match="backward 전에"):
        explain(L, lang="ko")


def test_explain_after_retained_backward_works_and_leaves_grad_alone():
    x = mb.tensor([1.0, 2.0], requires_grad=True)
    L = mb.sum(mb.exp(x))
    L.backward(retain_graph=True)
    g = x.grad.data.copy()
    ex = explain(L)
    np.testing.assert_allclose(ex.gradient(x), g)
    np.testing.assert_array_equal(x.grad.data, g)


def test_float32_graph_stays_float32_and_matches():
    m = rnn_example(dtype=np.float32)
    ex = explain(m.loss)
    assert ex.matches
    for tg in ex.targets:
        assert tg.gradient.dtype == np.float32
        for p in tg.paths:
            assert p.contribution.dtype == np.float32
    assert all(e.contribution.dtype == np.float32 for s in ex.steps for e in s.edges)


def test_catalogue_block_is_contiguous_and_complete():
    """The explain/op/viz keys live together in two area modules per language (explain.py, and
    explain_layers.py for the layer level), with the same keys."""
    from mibun.i18n import catalogue
    from mibun.i18n.en import explain as en
    from mibun.i18n.en import explain_layers as en_layers
    from mibun.i18n.ko import explain as ko
    from mibun.i18n.ko import explain_layers as ko_layers

    keys = {}
    for lang, mod, layers in (("en", en, en_layers), ("ko", ko, ko_layers)):
        mine = [k for k in catalogue(lang) if k.split(".")[0] in ("explain", "op", "viz")]
        own = list(mod.MESSAGES) + [k for k in layers.MESSAGES if not k.startswith("cli.")]
        assert sorted(own) == sorted(mine), "explain/op/viz keys belong in i18n/<lang>/explain(_layers).py"
        keys[lang] = mine
    assert keys["en"] == keys["ko"]
    en_all, ko_all = {**en.MESSAGES, **en_layers.MESSAGES}, {**ko.MESSAGES, **ko_layers.MESSAGES}
    assert not any(HANGUL.search(en_all[k]) for k in keys["en"])
    ko_text = [k for k in keys["ko"] if k.startswith(("explain.", "viz.")) and HANGUL.search(ko_all[k])]
    assert len(ko_text) > 0.9 * len([k for k in keys["ko"] if k.startswith(("explain.", "viz."))])


def test_rule_wording_keys_name_real_op_inputs_and_korean_replaces_words():
    from mibun.autodiff.registry import REGISTRY
    from mibun.i18n import en, ko

    for key, text in ko.MESSAGES.items():
        if key.startswith("explain.rule."):
            _, _, op, i = key.split(".")
            assert op in REGISTRY and int(i) < max(len(REGISTRY[op].rule), 1), key
            assert en.MESSAGES[key] == "" and HANGUL.search(text)
    x = mb.tensor([0.5, -0.2], requires_grad=True, name="x")
    L = mb.sum(mb.relu(x))
    assert "d relu(u)/du = 1 if u > 0" in explain(L, lang="en").text()
    assert "u > 0이면 1" in explain(L, lang="ko").text()


def test_a_fused_cross_entropy_op_is_named_with_its_gradient():
    from mibun.autodiff.recording import apply
    from mibun.autodiff.registry import REGISTRY, defop

    def fwd(o, target):
        m = o.max(axis=-1, keepdims=True)
        logp = o - m - np.log(np.exp(o - m).sum(axis=-1, keepdims=True))
        return -logp[np.arange(len(target)), target].mean()

    def vjp(ns, g, out, o, target):
        p = np.exp(o - o.max(axis=-1, keepdims=True))
        p /= p.sum(axis=-1, keepdims=True)
        return g * (p - np.eye(o.shape[-1])[target]) / len(target)

    name = "test_fused_cross_entropy"
    op = REGISTRY.get(name) or defop(name, fwd, (vjp,), rule=("∂L/∂o = (ŷ − y)/N",),
                                     rule_latex=(r"(\hat y - y)/N",), template="CE({0})")
    o = mb.tensor([[0.2, -0.1, 0.4], [1.0, 0.0, -1.0]], requires_grad=True, name="o")
    ex = explain(apply(op, o, target=np.array([2, 0])), lang="en")
    p = next(p for p in ex.patterns if p.kind == "fused_cross_entropy")
    assert p.fields["op"] == name and "∂L/∂o = ŷ − y" in ex.text()
    np.testing.assert_allclose(p.values["∂L/∂o"], ex.gradient(o))
