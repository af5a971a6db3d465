"""GradientFlowCallback inside mibun.train.fit."""

import numpy as np
import pytest

import mibun as mb
from mibun.diagnose import GradientFlowCallback
from mibun.errors import InputError
from mibun.i18n import t

from .helpers import all_texts, digits, png_ok

nn = mb.nn
CE = nn.functional.cross_entropy


def _model():
    nn.init.manual_seed(0)
    return nn.Sequential(nn.Linear(64, 16, dtype=np.float64), nn.Sigmoid(), nn.Linear(16, 10, dtype=np.float64))


def test_one_entry_per_epoch_from_the_last_batch():
    x, y = digits(96)
    model = _model()
    cb = GradientFlowCallback()
    mb.train.fit(model, CE, mb.optim.SGD(model.parameters(), lr=0.1), (x, y), epochs=3, batch_size=32,
                 callbacks=[cb], seed=0, progress=False)
    assert cb.epochs == [1, 2, 3] and len(cb.history) == 3
    assert cb.layer_names == ["0", "2"]
    gn = cb.grad_norms()
    assert set(gn) == {"0", "2"} and all(len(v) == 3 for v in gn.values())
    last = model[2]                                   # the recorded gradients are those left on the model
    expect = np.sqrt(np.sum(last.weight.grad.data ** 2) + np.sum(last.bias.grad.data ** 2))
    assert gn["2"][-1] == pytest.approx(expect)
    assert all(np.isfinite(v).all() for v in cb.ratios().values())
    assert "0" in cb.text("en")
    assert len(cb.to_dict()["flows"]) == 3
    assert "<table>" in cb._repr_html_()


def test_every_k_epochs_on_a_fixed_batch(tmp_path):
    x, y = digits(64)
    model = _model()
    cb = GradientFlowCallback(batch=(x[:16], y[:16]), loss_fn=CE, every=2, lang="ko")
    mb.train.fit(model, CE, mb.optim.SGD(model.parameters(), lr=0.1), (x, y), epochs=5, batch_size=32,
                 callbacks=[cb], seed=0, progress=False)
    assert cb.epochs == [2, 4]
    flow = cb.history[0][1]
    assert flow.loss is not None and flow.layers[0].grad_norm > 0
    fig = cb.plot()
    assert t("diagnose.plot.history_title", "ko") in all_texts(fig)
    png_ok(fig, tmp_path / "hist.png")
    png_ok(cb.plot(what="ratio", lang="en"), tmp_path / "hist2.png")


def test_callback_bad_input():
    with pytest.raises(InputError, match="every"):
        GradientFlowCallback(every=0)
    with pytest.raises(InputError, match="loss_fn"):
        GradientFlowCallback(batch=(np.zeros((1, 64)), np.zeros(1, int)))
    with pytest.raises(InputError, match="nothing recorded"):
        GradientFlowCallback().plot()
