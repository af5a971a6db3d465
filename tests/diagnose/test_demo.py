"""The worked demonstration: its numbers and its figure."""

import numpy as np
import pytest

from mibun.diagnose import vanishing_demo
from mibun.errors import InputError
from mibun.i18n import t

from .helpers import HANGUL, all_texts, png_ok


@pytest.fixture(scope="module")
def demo():
    return vanishing_demo()


def test_depth_numbers(demo):
    assert demo.depth == 20
    sig = demo.relative("sigmoid")
    assert sig[0] < 1e-3 * sig[-1] and sig[-1] == pytest.approx(1.0)
    assert demo.flows["sigmoid"].vanishing[0] == "0"
    for k in ("relu_he", "residual"):
        assert not demo.flows[k].vanishing and not demo.flows[k].exploding
        assert demo.relative(k)[0] > 1e-2
    np.testing.assert_allclose(demo.bound, 0.25 ** np.arange(19, -1, -1))
    assert np.all(demo.sigmoid_product <= demo.bound * (1 + 1e-12))     # σ′ ≤ 1/4, so ∏ mean σ′ ≤ 0.25ⁿ
    assert np.all(np.diff(np.log(sig)) > 0)                              # monotone decay towards the input


def test_time_numbers(demo):
    rnn, lstm, lstm0 = (demo.hidden[k] for k in ("rnn", "lstm", "lstm_f0"))
    assert rnn.steps == 30 and rnn.first_to_last < 1e-6
    assert lstm.first_to_last > 1e3 * rnn.first_to_last                # far flatter
    assert lstm.per_step > rnn.per_step + 0.1
    assert demo.recurrent_theory["lstm"]["mean_forget"] > demo.recurrent_theory["lstm_f0"]["mean_forget"]
    assert 0 < demo.recurrent_theory["rnn"]["mean_tanh_slope"] <= 1


def test_text_dict_and_plot(demo, tmp_path):
    en, ko = demo.text("en"), demo.text("ko")
    assert not HANGUL.search(en) and "0.25ⁿ" in en and "VANISHING" in en
    assert "기울기 소실" in ko and "잔차 연결" in ko
    d = demo.to_dict("en")
    assert d["networks"]["sigmoid"]["vanishing"] and not d["networks"]["residual"]["vanishing"]
    assert len(d["recurrent"]["rnn"]["norms"]) == 30
    assert "<table>" in demo._repr_html_() and "0.25ⁿ" in demo._repr_html_()
    fig = demo.plot("ko")
    texts = all_texts(fig)
    assert t("diagnose.plot.depth_title", "ko", depth=20) in texts and t("diagnose.net.residual", "ko") in texts
    png_ok(fig, tmp_path / "demo.png")


def test_smaller_demo_and_bad_depth():
    small = vanishing_demo(depth=6, rnn=False)
    assert not small.hidden and len(small.flows["residual"].layers) == 6
    with pytest.raises(InputError, match="depth"):
        vanishing_demo(depth=2)
    with pytest.raises(InputError, match="time steps"):
        vanishing_demo(depth=4, steps=1)
