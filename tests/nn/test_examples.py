"""The examples under examples/, run at reduced size, asserting real outcomes."""

import importlib.util
import pathlib

import numpy as np
import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def load(name):
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_mlp_digits_reaches_97_percent(capsys):
    r = load("mlp_digits").main(epochs=25, lang="en")
    assert r["accuracy"] >= 0.97
    out = capsys.readouterr().out
    assert "test accuracy" in out and "Linear(in_features=64" in out


def test_mlp_digits_korean_output(capsys):
    load("mlp_digits").main(epochs=1, hidden=16, lang="ko")
    assert "테스트 정확도" in capsys.readouterr().out


def test_cnn_digits_learns():
    r = load("cnn_digits").main(epochs=4, channels=8, verbose=False)
    assert r["accuracy"] > 0.85
    assert r["history"]["loss"][-1] < r["history"]["loss"][0]


def test_char_lstm_beats_unigram_and_samples():
    r = load("char_lstm").main(steps=120, seq_len=32, batch_size=16, hidden=64, lr=1e-2, sample_length=60,
                               verbose=False)
    assert r["test_loss"] < r["unigram"] - 0.5
    assert np.mean(r["losses"][-10:]) < np.mean(r["losses"][:10])
    assert r["sample"].startswith("And God said") and len(r["sample"]) == len("And God said") + 60


def test_rnn_course_identity_holds_and_loss_falls():
    r = load("rnn_course").main(steps=60, verbose=False)
    assert r["max_error"] < 1e-12
    assert r["losses"][-1] < 0.5 * r["losses"][0]


def test_optimizers_comparison():
    r = load("optimizers").main(steps=500, epochs=2, names=["GD", "Momentum", "Adam"], verbose=False)
    ro = r["rosenbrock"]
    assert ro["Momentum"][-1] < ro["GD"][-1] and ro["Adam"][-1] < ro["Adam"][0]
    assert all(v[-1] < v[0] for v in r["digits"].values())
    with pytest.raises(KeyError):
        load("optimizers").main(steps=1, epochs=1, names=["nope"], verbose=False)


def test_optimizer_plot_and_history_plot(tmp_path):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import mibun as mb

    r = load("optimizers").main(steps=20, epochs=1, names=["GD", "Adam"], plot=True, verbose=False,
                                out=str(tmp_path / "opt.png"))
    assert (tmp_path / "opt.png").stat().st_size > 1000 and "GD" in r["rosenbrock"]
    h = mb.train.History()
    h.record(1, {"loss": 1.0})
    h.record(2, {"loss": 0.5})
    ax = h.plot()
    assert len(ax.lines) == 1
