"""``mibun vanish`` as a user runs it (in-process: tests/cli_runner.py)."""

import json

from tests.cli_runner import invoke

from .helpers import HANGUL


def run(*args, rc=0):
    res = invoke(*args)
    assert res.returncode == rc, (res.returncode, res.stdout[-1500:], res.stderr[-1500:])
    return res


def test_vanish_english_table_and_verdicts():
    out = run("vanish", "--lang", "en").stdout
    assert not HANGUL.search(out)
    assert "3.64e-12" in out                      # 0.25¹⁹, the theory for the first of 20 layers
    assert "sigmoid MLP: VANISHING" in out
    assert "residual ReLU: gradients flow" in out and "ReLU + He init: gradients flow" in out
    assert "tanh RNN: VANISHING over 30 steps" in out and "LSTM (forget bias 1)" in out


def test_vanish_json_korean_and_plot(tmp_path):
    d = json.loads(run("vanish", "--json", "--depth", "10", "--steps", "12").stdout)
    assert d["depth"] == 10 and len(d["networks"]["sigmoid"]["relative"]) == 10
    assert d["networks"]["sigmoid"]["vanishing"] and not d["networks"]["residual"]["vanishing"]
    assert d["theory"]["bound_0_25_pow_n"][0] == 0.25 ** 9
    assert len(d["recurrent"]["lstm"]["norms"]) == 12
    png = tmp_path / "v.png"
    out = run("--lang", "ko", "vanish", "--no-rnn", "--plot", str(png)).stdout
    assert "기울기 소실" in out and "잔차 연결 ReLU" in out and "tanh RNN" not in out
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_vanish_bad_depth_is_a_clear_error():
    res = run("vanish", "--depth", "1", rc=2)
    assert "depth" in res.stderr and "Traceback" not in res.stderr
