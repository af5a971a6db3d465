"""``mibun explain`` as a user runs it (in-process: tests/cli_runner.py)."""

import contextlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

from tests.cli_runner import invoke

SRC = str(Path(__file__).resolve().parents[2] / "src")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def run(*args, cwd=None):
    if cwd is not None:
        with contextlib.chdir(cwd) if hasattr(contextlib, "chdir") else _chdir(cwd):
            res = invoke(*args)
    else:
        res = invoke(*args)
    assert res.returncode == 0, res.stderr
    return res.stdout


@contextlib.contextmanager
def _chdir(path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


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


def test_mb_explain_is_both_function_and_module_in_a_fresh_interpreter():
    code = ("import mibun as mb\n"
            "x = mb.tensor(2.0, requires_grad=True)\n"
            "g = mb.explain(x * 3.0).gradient(x)\n"
            "import mibun.explain as m\n"
            "assert m is mb.explain and callable(m) and m.rnn_example\n"
            "from mibun.explain import explain\n"
            "assert explain(x * 3.0).gradient(x) == g == 3.0\n"
            "import mibun\n"
            "assert 'explain' in mibun.__all__\n"
            "print('ok')")
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr
