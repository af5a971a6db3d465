"""mb.viz.graph: the built-in renderer (no graphviz needed) and graphviz's dot when it is installed."""

import shutil
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import mibun as mb
from mibun.explain import mlp_example, rnn_example
from mibun.viz import builtin

SVG_NS = "{http://www.w3.org/2000/svg}"
HAS_DOT = shutil.which("dot") is not None


def small():
    x = mb.tensor(0.5, requires_grad=True, name="x")
    w = mb.tensor(2.0, requires_grad=True, name="w")
    b = mb.tensor(np.array([1.0, -1.0, 0.5]), requires_grad=True, name="b")
    L = mb.sum(mb.tanh(x * w) + b)
    return L, x, w, b


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter() if el.tag in (SVG_NS + "text",)]


def test_builtin_svg_is_well_formed_with_values_grads_and_names():
    L, x, w, b = small()
    svg = mb.viz.graph(L, engine="builtin", lang="en")
    assert isinstance(svg, str) and svg._repr_svg_() == svg
    labels = texts(svg)
    for name in ("x", "w", "b", "L", "tanh"):
        assert name in labels
    gx = float(3 * (1 - np.tanh(1.0) ** 2) * 2.0)      # tanh(x·w) is broadcast over b's 3 entries
    assert "data 0.5" in labels and f"grad {gx:.4g}" in labels       # scalars: values
    assert any(s.startswith("grad [3] ‖·‖=") for s in labels)          # tensors: shape and norm
    assert "data 2" in labels and "grad 1" in labels                  # ∂L/∂L


def test_builtin_highlights_exactly_the_path_to_the_chosen_input():
    L, x, w, b = small()
    root = ET.fromstring(mb.viz.graph(L, highlight=b, engine="builtin"))
    hl = [g for g in root.iter(SVG_NS + "g") if "highlighted" in g.get("class", "")]
    names = {next(g.iter(SVG_NS + "text")).text for g in hl}
    assert names == {"b", "L", "v3", "+", "Σ"}       # b → add → v3 → sum → L; not x, w, tanh
    assert sum("highlighted" in p.get("class", "") for p in root.iter(SVG_NS + "path")) == 4
    plain = ET.fromstring(mb.viz.graph(L, engine="builtin"))
    assert not [g for g in plain.iter(SVG_NS + "g") if "highlighted" in g.get("class", "")]
    # wrt is an alias of highlight
    assert mb.viz.graph(L, wrt=b, engine="builtin") == mb.viz.graph(L, highlight=b, engine="builtin")


def test_builtin_layout_is_layered_left_to_right_without_overlaps():
    m = mlp_example()
    from mibun.viz.model import build

    model = build(m.loss, None, "en")
    boxes, routes, width, height = builtin.layout(model)
    for k, (a, b_, _) in enumerate(model.edges):
        assert boxes[a].x + boxes[a].w <= boxes[b_].x          # every edge points right
        xs = [boxes[a].x + boxes[a].w] + [p[0] for p in routes.get(k, [])] + [boxes[b_].x]
        assert xs == sorted(xs)                                  # and so do its bends
    items = list(boxes.values())
    for i, p in enumerate(items):
        assert 0 <= p.x and p.x + p.w <= width and 0 <= p.y and p.y + p.h <= height
        for q in items[i + 1:]:
            overlap = p.x < q.x + q.w and q.x < p.x + p.w and p.y < q.y + q.h and q.y < p.y + p.h
            assert not overlap


def test_auto_without_dot_uses_builtin(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    L, *_ = small()
    out = tmp_path / "g.svg"
    svg = mb.viz.graph(L, path=out)
    assert 'class="node' in svg and out.read_text(encoding="utf-8") == svg
    with pytest.raises(mb.GraphError, match="graphviz"):
        mb.viz.graph(L, engine="dot")
    assert mb.viz.graph(L, format="dot").startswith("digraph mibun {")   # the source needs no program


def test_png_builtin_via_matplotlib(tmp_path):
    pytest.importorskip("matplotlib")
    L, *_ = small()
    png = mb.viz.graph(L, format="png", engine="builtin", path=tmp_path / "g.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and (tmp_path / "g.png").read_bytes() == png
    assert png._repr_png_() == bytes(png)
    assert mb.viz.graph(L, path=tmp_path / "h.png", engine="builtin")[:4] == b"\x89PNG"   # format from suffix


def test_png_without_matplotlib_or_dot_is_a_clear_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_mpl(name, *args, **kwargs):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError("no matplotlib")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_mpl)
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    L, *_ = small()
    with pytest.raises(mb.GraphError, match="format='svg'"):
        mb.viz.graph(L, format="png")


@pytest.mark.skipif(not HAS_DOT, reason="graphviz's dot is not installed")
def test_dot_engine_svg_and_png():
    m = rnn_example()
    svg = mb.viz.graph(m.loss, highlight=m.params["V"], engine="dot")
    root = ET.fromstring(svg)
    labels = {"".join(el.itertext()) for el in root.iter(SVG_NS + "text")}
    assert {"W", "U", "V", "h1", "ŷ3", "L"} <= labels
    assert "#d62728" in svg
    png = mb.viz.graph(m.loss, format="png", engine="dot")
    assert png[:4] == b"\x89PNG"


def test_dot_source_escapes_and_highlights():
    L, x, w, b = small()
    b.name = 'b"q'
    src = mb.viz.graph(L, format="dot", highlight=x)
    assert '\\"q' in src and src.count("#d62728") >= 3 and src.rstrip().endswith("}")


def test_korean_labels_and_errors():
    L, x, *_ = small()
    svg = mb.viz.graph(L, engine="builtin", lang="ko")
    assert "값 0.5" in texts(svg) and "쌍곡탄젠트" in texts(svg)
    with pytest.raises(mb.InputError):
        mb.viz.graph(L, format="jpg")
    with pytest.raises(mb.InputError):
        mb.viz.graph(L, engine="cairo")
    with pytest.raises(mb.InputError, match="highlight"):
        mb.viz.graph(L, highlight=mb.tensor(1.0, requires_grad=True))
    with pytest.raises(mb.InputError):
        mb.viz.graph(np.ones(3))
    L.backward()
    with pytest.raises(mb.GraphError, match="before backward"):
        mb.viz.graph(L)


def test_rnn_graph_builtin_is_well_formed_and_has_every_node():
    m = rnn_example()
    svg = mb.viz.graph(m.loss, highlight=m.params["W"], engine="builtin")
    labels = texts(svg)
    for name in ["W", "U", "V", "x1", "h0"] + [f"{p}{t}" for p in ("h", "o", "ŷ", "L", "a") for t in (1, 2, 3)]:
        assert name in labels, name
