"""What a student sees: a notebook shows each figure once; the graph figure fits a page."""

from __future__ import annotations

import re
import sys
import types

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import mibun as mb  # noqa: E402
from mibun.plot import _common  # noqa: E402


def test_figures_made_in_a_notebook_are_not_left_open(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    monkeypatch.setattr(matplotlib, "get_backend", lambda: "module://matplotlib_inline.backend_inline")
    before = set(plt.get_fignums())
    fig = _common.new_figure((3, 2))
    assert set(plt.get_fignums()) == before  # the inline backend will not show it a second time
    fig.add_subplot().plot([0, 1], [0, 1])
    assert fig.canvas is not None  # still drawable: the notebook shows the returned figure


def test_figures_in_scripts_stay_open_for_plt_show():
    fig = _common.new_figure((3, 2))
    try:
        assert fig.number in plt.get_fignums()
    finally:
        plt.close(fig)


def _tour_graph():
    x = mb.tensor(0.5)
    w1 = mb.tensor(1.5, requires_grad=True, name="w1")
    b1 = mb.tensor(-0.3, requires_grad=True, name="b1")
    w2 = mb.tensor(2.0, requires_grad=True, name="w2")
    b2 = mb.tensor(0.1, requires_grad=True, name="b2")
    return mb.sigmoid(w2 * mb.tanh(w1 * x + b1) + b2), w1


def test_tour_graph_is_readable_at_page_width():
    y, w1 = _tour_graph()
    svg = str(mb.viz.graph(y, highlight=w1, format="svg", engine="builtin", lang="ko"))
    width = int(re.search(r'<svg[^>]* width="(\d+)"', svg).group(1))
    assert width <= 1000  # shown at its natural size (12 px text) in a page ≤ 1100 px wide
    assert "@font-face" in svg  # its Hangul glyphs travel with it


def test_short_graphs_stay_left_to_right():
    from mibun.viz import builtin
    from mibun.viz.model import build

    x = mb.tensor(2.0, requires_grad=True, name="x")
    model = build(x * x, x, "en")
    *_, vertical = builtin.oriented_layout(model)
    assert vertical is False
