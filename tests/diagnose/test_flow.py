"""gradient_flow: the verdict (20-layer sigmoid vanishes, residual ReLU does not), its numbers against
the engine's own backward, scale-freeness, and that no .grad is touched."""

import numpy as np
import pytest

import mibun as mb
from mibun.diagnose import gradient_flow
from mibun.diagnose.demo import relu_he_mlp, residual_net, sigmoid_mlp
from mibun.errors import InputError, MibunError
from mibun.i18n import t

from .helpers import HANGUL, all_texts, digits, png_ok

nn = mb.nn
CE = nn.functional.cross_entropy


@pytest.fixture(scope="module")
def batch():
    return digits(64)


def _flow(make, batch, depth=20, **kw):
    nn.init.manual_seed(0)
    return gradient_flow(make(depth, 32), batch, CE, **kw)


def test_sigmoid_20_layers_vanishes_residual_relu_does_not(batch):
    sig = _flow(sigmoid_mlp, batch)
    res = _flow(residual_net, batch)
    he = _flow(relu_he_mlp, batch)
    assert len(sig.layers) == len(res.layers) == 20
    assert sig.vanishing and sig.vanishing[0] == "0"            # the first Linear, named as in the Sequential
    assert sig.first_to_last < 1e-3
    assert sig.layers[-1].status == "ok"
    assert not res.vanishing and not res.exploding and res.healthy
    assert not he.vanishing and not he.exploding
    assert "vanishing" in sig.verdict("en").lower() and "0" in sig.verdict("en")
    assert "flow" in res.verdict("en")


def test_numbers_match_the_engines_backward(batch):
    nn.init.manual_seed(1)
    model = sigmoid_mlp(5, 8)
    flow = gradient_flow(model, batch, CE)
    model.zero_grad()
    loss = CE(model(batch[0]), batch[1])
    loss.backward()
    assert flow.loss == pytest.approx(loss.item())
    lins = [m for m in model.children() if isinstance(m, nn.Linear)]
    for lay, lin in zip(flow.layers, lins, strict=True):
        g = np.sqrt(np.sum(lin.weight.grad.data ** 2) + np.sum(lin.bias.grad.data ** 2))
        w = np.sqrt(np.sum(lin.weight.data ** 2) + np.sum(lin.bias.data ** 2))
        assert lay.grad_norm == pytest.approx(g, rel=1e-10)
        assert lay.weight_norm == pytest.approx(w, rel=1e-10)
        assert lay.ratio == pytest.approx(g / w, rel=1e-10)
    assert flow.layers[-1].relative == pytest.approx(1.0)
    assert flow.reference == flow.layers[-1].name


def test_criterion_is_scale_free(batch):
    a = _flow(sigmoid_mlp, batch, depth=8)
    nn.init.manual_seed(0)
    b = gradient_flow(sigmoid_mlp(8, 32), batch, lambda out, y: CE(out, y) * 1000.0)
    np.testing.assert_allclose([x.relative for x in a.layers], [x.relative for x in b.layers], rtol=1e-9)
    assert a.vanishing == b.vanishing


def test_gradients_on_the_model_are_left_alone(batch):
    nn.init.manual_seed(0)
    model = sigmoid_mlp(4, 8)
    params = list(model.parameters())
    sentinel = mb.tensor(np.full(params[0].shape, 7.0))
    params[0].grad = sentinel
    gradient_flow(model, batch, CE)
    assert params[0].grad is sentinel and np.all(sentinel.data == 7.0)
    assert all(p.grad is None for p in params[1:])


def test_exploding_layer_is_named(batch):
    nn.init.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 16, dtype=np.float64), nn.Tanh(), nn.Linear(16, 10, dtype=np.float64))
    model[0].weight.data = model[0].weight.data * 1e-4             # tiny weights: ‖∇W‖/‖W‖ huge at layer 0
    model[0].bias.data = model[0].bias.data * 0
    flow = gradient_flow(model, batch, CE)
    assert flow.exploding == ["0"] and not flow.vanishing
    model[0].weight.data = model[0].weight.data + np.nan
    flow = gradient_flow(model, batch, CE)
    assert "0" in flow.exploding


def test_unused_layer_and_thresholds(batch):
    class Two(nn.Module):
        def __init__(self):
            super().__init__()
            self.used = nn.Linear(64, 10, dtype=np.float64)
            self.spare = nn.Linear(3, 3, dtype=np.float64)

        def forward(self, x):
            return self.used(x)

    flow = gradient_flow(Two(), batch, CE)
    assert flow.layer("spare").status == "unused" and flow.layer("spare").grad_norm is None
    assert flow.layer("used").status == "ok"
    with pytest.raises(InputError, match="no layer named"):
        flow.layer("nope")
    with pytest.raises(InputError, match="vanish < explode"):
        gradient_flow(Two(), batch, CE, vanish=10.0, explode=1.0)


def test_bad_input_gives_clear_errors(batch):
    with pytest.raises(InputError, match="no trainable parameters"):
        gradient_flow(nn.Sequential(nn.ReLU()), batch, CE)
    with pytest.raises(MibunError, match="scalar"):
        gradient_flow(nn.Linear(64, 10, dtype=np.float64), batch, lambda out, y: out)
    with pytest.raises(InputError, match="loss_fn"):
        gradient_flow(nn.Linear(64, 10), batch, "cross_entropy")
    with pytest.raises(InputError, match="model"):
        gradient_flow(lambda x: x, batch, CE)


def test_text_dict_html_in_both_languages(batch):
    flow = _flow(sigmoid_mlp, batch, depth=6)
    en, ko = flow.text("en"), flow.text("ko")
    assert not HANGUL.search(en) and "‖∇θ‖/‖θ‖" in en and "vanishing" in en
    assert "기울기 소실" in ko and "층" in ko
    d = flow.to_dict("en")
    assert d["vanishing"] == flow.vanishing and len(d["layers"]) == 6
    assert d["layers"][0]["relative"] == pytest.approx(flow.layers[0].relative)
    import json

    json.dumps(d)
    assert "<table>" in flow._repr_html_()


def test_single_input_batch_and_plot(batch, tmp_path):
    nn.init.manual_seed(0)
    model = sigmoid_mlp(6, 8)
    flow = gradient_flow(model, batch[0], lambda out: (out * out).mean(), lang="ko")
    fig = flow.plot()
    texts = all_texts(fig)
    assert t("diagnose.plot.flow_title", "ko") in texts and t("diagnose.plot.norm", "ko") in texts
    png_ok(fig, tmp_path / "flow.png")
    fig = flow.plot(lang="en")
    assert t("diagnose.plot.flow_title", "en") in all_texts(fig)
    png_ok(fig, tmp_path / "flow_en.png")


def test_layers_are_listed_in_forward_order(batch):
    class Backwards(nn.Module):
        def __init__(self):
            super().__init__()
            self.head = nn.Linear(16, 10, dtype=np.float64)       # defined first, called last
            self.body = nn.Linear(64, 16, dtype=np.float64)
            self.spare = nn.Linear(2, 2, dtype=np.float64)

        def forward(self, x):
            return self.head(mb.tanh(self.body(x)))

    model = Backwards()
    flow = gradient_flow(model, batch, CE)
    assert [lay.name for lay in flow.layers] == ["body", "head", "spare"]
    assert flow.reference == "head" and flow.layer("spare").status == "unused"
    assert "forward" not in model.body.__dict__ and model.body(batch[0][:1]).shape == (1, 16)
