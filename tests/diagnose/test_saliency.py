"""saliency (|∂S/∂x|, max over channels) and guided backpropagation; the model's gradients and the op
registry are unchanged afterwards; overlays on a quickly trained digits CNN."""

import numpy as np
import pytest

import mibun as mb
from mibun.autodiff.registry import REGISTRY
from mibun.diagnose import guided_backprop, plot_saliency, saliency
from mibun.errors import InputError, ShapeError
from mibun.i18n import t

from .helpers import digits, png_ok, tiny_cnn

nn = mb.nn
CE = nn.functional.cross_entropy


def _direct_grad(model, x, target):
    xt = mb.tensor(x, requires_grad=True)
    out = model(xt)
    out[np.arange(len(x)), np.asarray(target)].sum().backward()
    return xt.grad.data


def test_saliency_equals_abs_gradient_computed_directly():
    model = tiny_cnn()
    x, y = digits(5, images=True)
    s = saliency(model, x, y)
    assert s.shape == (5, 8, 8)
    np.testing.assert_allclose(s, np.abs(_direct_grad(model, x, y)).max(axis=1), rtol=1e-12)
    one = saliency(model, x[2], int(y[2]))                         # a single image (C, H, W) → (H, W)
    np.testing.assert_allclose(one, s[2], rtol=1e-12)
    flat_model = nn.Sequential(nn.Linear(64, 10, dtype=np.float64))
    xf, yf = digits(3)
    np.testing.assert_allclose(saliency(flat_model, xf, yf), np.abs(_direct_grad(flat_model, xf, yf)))


def test_guided_without_relu_equals_plain_gradient():
    model = tiny_cnn(act=nn.Tanh)
    x, y = digits(4, images=True)
    np.testing.assert_allclose(guided_backprop(model, x, y), _direct_grad(model, x, y), rtol=1e-12)


def test_guided_rule_on_one_relu_layer():
    nn.init.manual_seed(0)
    model = nn.Sequential(nn.Linear(6, 5, dtype=np.float64), nn.ReLU(), nn.Linear(5, 3, dtype=np.float64))
    x = np.random.default_rng(0).normal(size=(4, 6))
    W1, b1, W2 = model[0].weight.data, model[0].bias.data, model[2].weight.data
    pre = x @ W1.T + b1
    g = W2[[1, 1, 1, 1]]                                           # ∂S_1/∂(relu output), per example
    expect = (g * (pre > 0) * (g > 0)) @ W1
    got = guided_backprop(model, x, 1)
    np.testing.assert_allclose(got, expect, rtol=1e-12)
    plain = (g * (pre > 0)) @ W1
    np.testing.assert_allclose(_direct_grad(model, x, [1] * 4), plain, rtol=1e-12)
    assert not np.allclose(got, plain)


def test_model_gradients_unchanged_after_guided_backprop():
    model = tiny_cnn()
    x, y = digits(8, images=True)

    def ordinary():
        model.zero_grad()
        CE(model(x), y).backward()
        return [p.grad.data.copy() for p in model.parameters()]

    relu_vjps = REGISTRY["relu"].vjps
    before = ordinary()
    held = [p.grad for p in model.parameters()]
    guided_backprop(model, x, y)
    saliency(model, x, y)
    assert [p.grad for p in model.parameters()] == held             # .grad not written by the guided pass
    after = ordinary()
    for a, b in zip(before, after, strict=True):
        np.testing.assert_array_equal(a, b)
    assert REGISTRY["relu"].vjps is relu_vjps


def test_training_mode_restored_and_bad_targets():
    model = tiny_cnn()
    x, y = digits(3, images=True)
    model.train()
    saliency(model, x, y)
    assert model.training
    with pytest.raises(InputError, match="out of range"):
        saliency(model, x, 10)
    with pytest.raises(InputError, match="out of range"):
        guided_backprop(model, x, [0, -1, 2])
    with pytest.raises(ShapeError, match="one per example"):
        saliency(model, x, [1, 2])
    with pytest.raises(InputError, match="class index"):
        saliency(model, x, 1.5)
    with pytest.raises(ShapeError):
        saliency(model, np.zeros((1, 1, 1, 8, 8)), 0)


def test_digits_cnn_overlays(tmp_path):
    (xt, yt), (xs, ys) = mb.data.load_digits(seed=0, images=True, dtype=np.float64)
    model = tiny_cnn(channels=6)
    mb.train.fit(model, CE, mb.optim.Adam(model.parameters(), lr=1e-2), (xt[:600], yt[:600]), epochs=2,
                 batch_size=32, seed=0, progress=False)
    acc = mb.train.evaluate(model, CE, (xs, ys), metrics=["accuracy"])["accuracy"]
    assert acc > 0.7
    x, y = xs[:4], ys[:4]
    s, g = saliency(model, x, y), guided_backprop(model, x, y)
    assert np.all(s >= 0) and s.max() > 0 and g.shape == x.shape
    fig = plot_saliency(x, s, g, labels=[str(v) for v in y], lang="ko")
    texts = [ax.get_title() for ax in fig.axes]
    for key in ("input", "saliency", "overlay", "guided"):
        assert t(f"diagnose.plot.{key}", "ko") in texts
    png_ok(fig, tmp_path / "sal.png")
    png_ok(plot_saliency(x[0], s[0], lang="en"), tmp_path / "one.png")
    with pytest.raises(ShapeError):
        plot_saliency(x, s[:2])


def test_input_follows_the_models_dtype():
    model = tiny_cnn(dtype=np.float32)
    x, y = digits(2, images=True)                                  # float64 images, float32 model
    g = guided_backprop(model, x, y)
    assert g.dtype == np.float32
    np.testing.assert_allclose(saliency(model, x, y), np.abs(_direct_grad(model, x.astype(np.float32), y)).max(axis=1),
                               rtol=1e-6)
