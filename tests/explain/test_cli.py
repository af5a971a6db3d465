"""``mibun explain`` through a subprocess, as a user runs it."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

SRC = str(Path(__file__).resolve().parents[2] / "src")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""), MIBUN_LANG="en",
               PYTHONIOENCODING="utf-8")
    res = subprocess.run([sys.executable, "-m", "mibun", *args], capture_output=True, text=True, env=env,
                         cwd=cwd, timeout=120, encoding="utf-8")
    assert res.returncode == 0, res.stderr
    return res.stdout


def test_explain_rnn_english_numbers_match_backward():
    from mibun.explain import rnn_example

    out = run("explain", "--example", "rnn", "--lang", "en")
    assert not HANGUL.search(out)
    assert "∂L/∂o = ŷ − y" in out and "baseball" in out
    m = rnn_example()
    m.loss.backward()
    assert f"L = {m.loss.item():.4g}" in out
    gV = m.params["V"].grad.data
    assert "sum over paths: ∂L/∂V = [" + ", ".join(
        "[" + ", ".join(f"{v:.4g}" for v in row) + "]" for row in gV) + "]" in out
    assert "DIFFERS" not in out


def test_explain_korean_and_global_lang_flag():
    out = run("explain", "--lang", "ko")
    assert HANGUL.search(out) and "연쇄법칙" in out and "ŷ − y" in out
    assert HANGUL.search(run("--lang", "ko", "explain", "--example", "mlp"))


def test_explain_json_and_graph(tmp_path):
    out = run("explain", "--example", "mlp", "--json", "--graph", str(tmp_path / "g.svg"))
    d = json.loads(out)
    assert d["example"] == "mlp" and {t["label"] for t in d["targets"]} == {"W1", "b1", "W2", "b2"}
    assert all(t["matches"] for t in d["targets"])
    assert np.isfinite(d["value"]["values"])
    assert (tmp_path / "g.svg").read_text(encoding="utf-8").lstrip().startswith(("<svg", "<?xml"))
