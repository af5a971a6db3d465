"""The 8×8 handwritten digits: 1,797 images of the digits 0–9, pixels 0…16 (UCI "Optical Recognition of
Handwritten Digits", the test set as distributed with scikit-learn; see files/README.md)."""

from __future__ import annotations

import gzip
from importlib import resources
from typing import Any

import numpy as np

from mibun.errors import InputError

_CACHE: dict[str, np.ndarray] = {}


def _raw() -> np.ndarray:
    if "digits" not in _CACHE:
        with resources.files("mibun.data").joinpath("files/digits.csv.gz").open("rb") as fh:
            with gzip.open(fh, "rt") as text:
                _CACHE["digits"] = np.loadtxt(text, delimiter=",", dtype=np.int64)
    return _CACHE["digits"]


def stratified_split(y: np.ndarray, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, test): each class split in the same proportion, shuffled with ``seed``."""
    if not 0.0 < test_fraction < 1.0:
        raise InputError("data.err.test_fraction", value=test_fraction)
    rng = np.random.default_rng(seed)
    train, test = [], []
    for c in np.unique(y):
        idx = np.flatnonzero(y == c)
        rng.shuffle(idx)
        k = int(round(len(idx) * test_fraction))
        test.append(idx[:k])
        train.append(idx[k:])
    tr, te = np.concatenate(train), np.concatenate(test)
    rng.shuffle(tr)
    rng.shuffle(te)
    return tr, te


def load_digits(split: bool = True, test_fraction: float = 0.2, seed: int = 0, dtype: Any = np.float32,
                images: bool = False, scale: bool = True) -> Any:
    """The digits as NumPy arrays.

    ``split=True`` (default): ``(x_train, y_train), (x_test, y_test)``, a stratified split with
    ``test_fraction`` of each class in the test set (deterministic for a given ``seed``).
    ``split=False``: ``x, y`` in the file's order. ``x`` has shape (n, 64), or (n, 1, 8, 8) with
    ``images=True`` (the layout Conv2d wants); pixel values are divided by 16 when ``scale`` (so in
    [0, 1]); ``y`` holds int64 labels 0–9.
    """
    data = _raw()
    x = data[:, :64].astype(dtype)
    if scale:
        x /= 16
    y = data[:, 64].copy()
    if images:
        x = x.reshape(-1, 1, 8, 8)
    if not split:
        return x, y
    tr, te = stratified_split(y, test_fraction, seed)
    return (x[tr], y[tr]), (x[te], y[te])


__all__ = ["load_digits", "stratified_split"]
