"""The transformer example's hand-over: after export, mibun and torch continue with equal losses."""

import importlib.util
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def _example(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_char_transformer_hand_over_keeps_the_losses(torch):
    out = _example("char_transformer").run(steps=4, more=3, seq=12, batch=4, limit=4000, verbose=False)
    assert len(out["train"]) == 4 and all(np.isfinite(out["train"]))
    np.testing.assert_allclose(out["mibun_more"], out["torch_more"], rtol=2e-6)
