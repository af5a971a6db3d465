import json

import pytest

from tests.cli.helpers import HANGUL, run


@pytest.mark.parametrize("args", [["activations"],
                                  ["descent", "rosenbrock", "--optimizers", "gd,adam", "--steps", "50"],
                                  ["descent", "beale", "--start", "1,1.5", "--steps", "30"]])
def test_plot_kinds_without_expressions(tmp_path, args):
    out = tmp_path / "fig.png"
    proc = run("plot", *args, "-o", str(out), check_rc=0)
    assert out.stat().st_size > 5000 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(out) in proc.stdout


def test_plot_training_from_json_and_korean_message(tmp_path):
    hist = tmp_path / "h.json"
    hist.write_text(json.dumps({"loss": [2.0, 1.0, 0.5], "val_loss": [2.1, 1.2, 0.8]}))
    out = tmp_path / "curves.svg"
    proc = run("plot", "training", str(hist), "-o", str(out), "--lang", "ko", check_rc=0)
    assert out.read_text().lstrip().startswith("<?xml") and HANGUL.search(proc.stdout)


def test_plot_errors_are_one_line_and_localized(tmp_path):
    proc = run("plot", "nonsense", "-o", str(tmp_path / "x.png"), check_rc=2)
    assert "unknown figure" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    proc = run("--lang", "ko", "plot", "training", "-o", str(tmp_path / "x.png"), check_rc=2)
    assert "오류" in proc.stderr
    proc = run("plot", "activations", "-o", str(tmp_path / "x.bmp"), check_rc=2)
    assert ".png" in proc.stderr
