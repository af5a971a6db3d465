"""examples/saliency_digits.py at reduced size: a trained digits CNN, its maps, the figure."""

import importlib.util
import pathlib

import numpy as np

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "saliency_digits.py"


def test_saliency_example_on_the_digits_cnn(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("example_saliency_digits", EXAMPLE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    r = mod.main(epochs=3, channels=6, n=4, path=str(tmp_path / "s.png"), lang="en")
    assert r["accuracy"] > 0.8
    assert r["saliency"].shape == (4, 8, 8) and np.all(r["saliency"] >= 0)
    assert r["guided"].shape == (4, 1, 8, 8)
    assert (tmp_path / "s.png").read_bytes()[:4] == b"\x89PNG"
    out = capsys.readouterr().out
    assert "test accuracy" in out and "s.png" in out
    import matplotlib.pyplot as plt

    plt.close(r["figure"])
