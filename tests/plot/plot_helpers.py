"""Helpers shared by the plot tests."""

import re

import numpy as np

HANGUL = re.compile("[\uac00-\ud7a3]")


def figure_texts(fig) -> list[str]:
    """Every piece of text in a figure: titles, axis labels, legend entries, annotations, suptitle."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def labels(fig) -> dict[str, list[str]]:
    out = {"x": [], "y": [], "z": [], "title": []}
    for ax in fig.axes:
        out["x"].append(ax.get_xlabel())
        out["y"].append(ax.get_ylabel())
        out["title"].append(ax.get_title())
        if hasattr(ax, "get_zlabel"):
            out["z"].append(ax.get_zlabel())
    return out


def legend_texts(fig) -> list[str]:
    res = []
    for ax in fig.axes:
        leg = ax.get_legend()
        if leg is not None:
            res += [t.get_text() for t in leg.get_texts()]
    return res


def png_ok(path) -> np.ndarray:
    """The saved file is a non-empty PNG whose pixels are not all one colour; returns the image."""
    import matplotlib.image as mpimg

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    img = mpimg.imread(path)
    assert img.ndim == 3 and img.shape[0] > 100 and img.shape[1] > 100
    assert float(img[..., :3].std()) > 0.02
    return img
