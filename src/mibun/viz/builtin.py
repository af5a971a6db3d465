"""The built-in renderer, for machines without graphviz: a layered layout (each node in the layer of its
longest path from a source, left to right; the order within a layer by barycentre sweeps) written
directly as SVG, or drawn with matplotlib for PNG. Pure Python; no dependency."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from mibun.viz.model import Model

FONT = 12
LINE = 16
PAD_X = 10
PAD_Y = 6
GAP_X = 48
GAP_Y = 18
MARGIN = 16
HIGHLIGHT = "#d62728"
COLORS = {"value": "#ffffff", "const": "#f2f2f2", "op": "#e8f0fe", "param": "#fff5cc", "output": "#e6f4ea"}


@dataclass
class Box:
    x: float
    y: float
    w: float
    h: float


def text_width(s: str) -> float:
    """Rough width in pixels at FONT: wide (Hangul, CJK) characters count double."""
    w = 0.0
    for ch in s:
        w += FONT * (1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.62)
    return w


DUMMY_H = 10


#: wider than this, a left-to-right drawing is laid out top to bottom instead (readable at page width)
MAX_WIDTH = 1000


def layout(model: Model) -> tuple[dict[str, Box], dict[int, list[tuple[float, float]]], float, float]:
    """Positions of all nodes (top-left corner and size), the bend points of edges that span several
    layers (routed through invisible dummy nodes, one per layer crossed, so they pass between the
    nodes instead of through them) and the size of the picture — left to right."""
    return _layout(model, False)


def oriented_layout(model: Model):
    """``layout`` plus its direction: left to right, or top to bottom when that would be wider than
    MAX_WIDTH pixels and the vertical drawing is narrower (a long chain such as a deep network's)."""
    flat = _layout(model, False)
    if flat[2] <= MAX_WIDTH:
        return (*flat, False)
    tall = _layout(model, True)
    return (*tall, True) if tall[2] < flat[2] else (*flat, False)


def _layout(model: Model, vertical: bool):
    ids = [n.id for n in model.nodes]
    preds: dict[str, list[str]] = {i: [] for i in ids}
    succs: dict[str, list[str]] = {i: [] for i in ids}
    for a, b, _ in model.edges:
        preds[b].append(a)
        succs[a].append(b)
    # longest-path layering (Kahn's order, so no recursion)
    indeg = {i: len(set(preds[i])) for i in ids}
    layer = {i: 0 for i in ids}
    queue = [i for i in ids if indeg[i] == 0]
    while queue:
        i = queue.pop()
        for j in set(succs[i]):
            layer[j] = max(layer[j], layer[i] + 1)
            indeg[j] -= 1
            if indeg[j] == 0:
                queue.append(j)
    # sources (parameters, inputs, constants) sit right before the first op that uses them, not all at
    # the far left: W2 of a second layer is drawn next to that layer
    for n in model.nodes:
        if not preds[n.id] and succs[n.id]:
            layer[n.id] = max(0, min(layer[s] for s in succs[n.id]) - 1)
    # long edges: a chain of dummy nodes, one per layer crossed
    up: dict[str, list[str]] = {i: [] for i in ids}
    down: dict[str, list[str]] = {i: [] for i in ids}
    chains: dict[int, list[str]] = {}
    for k, (a, b, _) in enumerate(model.edges):
        prev = a
        chain = []
        for li in range(layer[a] + 1, layer[b]):
            d = f"_d{k}_{li}"
            layer[d] = li
            up[d], down[d] = [], []
            chain.append(d)
            down[prev].append(d)
            up[d].append(prev)
            prev = d
        down[prev].append(b)
        up[b].append(prev)
        chains[k] = chain
    n_layers = max(layer.values()) + 1 if layer else 1
    layers: list[list[str]] = [[] for _ in range(n_layers)]
    for i in layer:
        layers[layer[i]].append(i)
    pos = {i: float(k) for lay in layers for k, i in enumerate(lay)}

    def sweep(neigh, order):
        for li in order:
            lay = layers[li]
            bary = {}
            for i in lay:
                ns = [pos[j] for j in neigh[i]]
                bary[i] = sum(ns) / len(ns) if ns else pos[i]
            lay.sort(key=lambda i: bary[i])
            for k, i in enumerate(lay):
                pos[i] = float(k)

    for _ in range(4):
        sweep(up, range(1, n_layers))
        sweep(down, range(n_layers - 2, -1, -1))
    sizes = {}
    for n in model.nodes:
        w = max(text_width(s) for s in n.lines) + 2 * PAD_X
        h = len(n.lines) * LINE + 2 * PAD_Y
        if n.kind == "op":
            w, h = w + 12, max(h, 30)
        sizes[n.id] = (h, w) if vertical else (w, h)
    for i in layer:
        if i not in sizes:
            sizes[i] = (0.0, DUMMY_H)
    col_w = [max(sizes[i][0] for i in lay) if lay else 0 for lay in layers]
    col_h = [sum(sizes[i][1] for i in lay) + GAP_Y * max(len(lay) - 1, 0) for lay in layers]
    title_h = LINE * (2 if model.legend else 1) + 8
    title_w = max(text_width(model.title), text_width(model.legend)) + 2 * MARGIN
    cross_title = 0 if vertical else title_h
    height = max(col_h) + 2 * MARGIN + cross_title
    width = max(sum(col_w) + GAP_X * (n_layers - 1) + 2 * MARGIN, 0 if vertical else title_w)
    boxes: dict[str, Box] = {}
    x: float = MARGIN
    for li, lay in enumerate(layers):
        y = MARGIN + cross_title + (max(col_h) - col_h[li]) / 2
        for i in lay:
            box_w, box_h = sizes[i]
            boxes[i] = Box(x + (col_w[li] - box_w) / 2, y, box_w, box_h)
            y += box_h + GAP_Y
        x += col_w[li] + GAP_X
    routes = {k: [(boxes[d].x, boxes[d].y + DUMMY_H / 2) for d in chain] for k, chain in chains.items() if chain}
    if vertical:  # laid out with x and y exchanged: swap them back, the title above
        boxes = {i: Box(b.y, b.x + title_h, b.h, b.w) for i, b in boxes.items()}
        routes = {k: [(py, px + title_h) for px, py in pts] for k, pts in routes.items()}
        width, height = max(height, title_w), width + title_h
    return {i: boxes[i] for i in ids}, routes, width, height


def _edge_points(boxes, routes, k, a, b, vertical: bool = False):
    s, d = boxes[a], boxes[b]
    if vertical:
        return [(s.x + s.w / 2, s.y + s.h), *routes.get(k, []), (d.x + d.w / 2, d.y)]
    return [(s.x + s.w, s.y + s.h / 2), *routes.get(k, []), (d.x, d.y + d.h / 2)]


def _curve(points, vertical: bool = False) -> str:
    """A smooth path through the points, horizontal (vertical) at each of them."""
    (x0, y0), rest = points[0], points[1:]
    d = f"M {x0:.1f} {y0:.1f}"
    for x1, y1 in rest:
        if vertical:
            dy = max((y1 - y0) / 2, 10)
            d += f" C {x0:.1f} {y0 + dy:.1f} {x1:.1f} {y1 - dy:.1f} {x1:.1f} {y1:.1f}"
        else:
            dx = max((x1 - x0) / 2, 10)
            d += f" C {x0 + dx:.1f} {y0:.1f} {x1 - dx:.1f} {y1:.1f} {x1:.1f} {y1:.1f}"
        x0, y0 = x1, y1
    return d


def _font_style(model: Model) -> str:
    """The Hangul glyphs this drawing uses, embedded (a few KB), so it renders without a Korean font."""
    from mibun.assets import svg_font_style

    words = [model.title, model.legend] + [line for n in model.nodes for line in n.lines]
    return svg_font_style(" ".join(str(w) for w in words))


def to_svg(model: Model) -> str:
    boxes, routes, width, height, vertical = oriented_layout(model)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="Helvetica, Arial, \'Noto Sans CJK KR\', '
           f'\'Malgun Gothic\', sans-serif" font-size="{FONT}">',
           f"<title>{escape(model.title)}</title>",
           _font_style(model),
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker>'
           f'<marker id="arrow-hl" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{HIGHLIGHT}"/></marker></defs>',
           f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="white"/>',
           f'<text x="{MARGIN}" y="{MARGIN + FONT}" font-weight="bold">{escape(model.title)}</text>']
    if model.legend:
        out.append(f'<text x="{MARGIN}" y="{MARGIN + FONT + LINE}" fill="{HIGHLIGHT}">{escape(model.legend)}</text>')
    out.append('<g class="edges" fill="none">')
    for k, (a, b, hl) in enumerate(model.edges):
        color, wdt, mk = (HIGHLIGHT, 2.5, "arrow-hl") if hl else ("#555", 1.2, "arrow")
        d = _curve(_edge_points(boxes, routes, k, a, b, vertical), vertical)
        out.append(f'<path class="edge{" highlighted" if hl else ""}" d="{d}" '
                   f'stroke="{color}" stroke-width="{wdt}" marker-end="url(#{mk})"/>')
    out.append("</g>")
    out.append('<g class="nodes">')
    for n in model.nodes:
        b = boxes[n.id]
        fill = COLORS["output"] if n.output else COLORS["param"] if n.param else COLORS[n.kind]
        stroke, sw = (HIGHLIGHT, 2.5) if n.highlighted else ("#333", 1.0)
        cls = f"node {n.kind}" + (" highlighted" if n.highlighted else "") + (" param" if n.param else "")
        out.append(f'<g class="{cls}">')
        if n.kind == "op":
            out.append(f'<ellipse cx="{b.x + b.w / 2:.1f}" cy="{b.y + b.h / 2:.1f}" rx="{b.w / 2:.1f}" '
                       f'ry="{b.h / 2:.1f}" fill="{fill}" stroke="{stroke}" stroke-width="{sw}"/>')
        else:
            dash = ' stroke-dasharray="4 3"' if n.kind == "const" else ""
            out.append(f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{b.w:.1f}" height="{b.h:.1f}" rx="6" '
                       f'fill="{fill}" stroke="{stroke}" stroke-width="{sw}"{dash}/>')
        top = b.y + (b.h - len(n.lines) * LINE) / 2 + FONT
        for k, line in enumerate(n.lines):
            weight = ' font-weight="bold"' if k == 0 else ""
            out.append(f'<text x="{b.x + b.w / 2:.1f}" y="{top + k * LINE:.1f}" text-anchor="middle"{weight}>'
                       f"{escape(line)}</text>")
        out.append("</g>")
    out.append("</g></svg>")
    return "\n".join(out)


def to_png(model: Model, dpi: int = 100) -> bytes:
    """The same layout drawn with matplotlib (imported here, only when PNG is asked for), Hangul in the
    font mibun's plots use."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from mibun.plot.fonts import font_family

    boxes, routes, width, height, vertical = oriented_layout(model)
    texts = " ".join([model.title, model.legend] + [line for n in model.nodes for line in n.lines])
    hangul = any("\uac00" <= ch <= "\ud7a3" for ch in texts)
    with matplotlib.rc_context({"font.family": font_family("ko" if hangul else "en")}):
        return _draw_png(model, boxes, routes, width, height, vertical, dpi, plt)


def _draw_png(model, boxes, routes, width, height, vertical, dpi, plt) -> bytes:
    import io
    import warnings

    from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch

    fig = plt.figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    pt = FONT * 72 / dpi
    ax.text(MARGIN, MARGIN + FONT, model.title, fontsize=pt, fontweight="bold")
    if model.legend:
        ax.text(MARGIN, MARGIN + FONT + LINE, model.legend, fontsize=pt, color=HIGHLIGHT)
    for k, (a, b, hl) in enumerate(model.edges):
        pts = _edge_points(boxes, routes, k, a, b, vertical)
        color, lw = (HIGHLIGHT, 2.0) if hl else ("#555", 1.0)
        if len(pts) > 2:
            ax.plot([p[0] for p in pts[:-1]], [p[1] for p in pts[:-1]], color=color, linewidth=lw)
        ax.add_patch(FancyArrowPatch(pts[-2], pts[-1], arrowstyle="-|>", mutation_scale=10, color=color,
                                     linewidth=lw, connectionstyle="arc3,rad=0.0"))
    for n in model.nodes:
        b = boxes[n.id]
        fill = COLORS["output"] if n.output else COLORS["param"] if n.param else COLORS[n.kind]
        edge, lw = (HIGHLIGHT, 2.0) if n.highlighted else ("#333", 1.0)
        if n.kind == "op":
            ax.add_patch(Ellipse((b.x + b.w / 2, b.y + b.h / 2), b.w, b.h, facecolor=fill, edgecolor=edge,
                                 linewidth=lw))
        else:
            ax.add_patch(FancyBboxPatch((b.x, b.y), b.w, b.h, boxstyle="round,pad=0,rounding_size=6",
                                        facecolor=fill, edgecolor=edge, linewidth=lw,
                                        linestyle="--" if n.kind == "const" else "-"))
        top = b.y + (b.h - len(n.lines) * LINE) / 2 + LINE / 2
        for k, line in enumerate(n.lines):
            ax.text(b.x + b.w / 2, top + k * LINE, line, ha="center", va="center", fontsize=pt,
                    fontweight="bold" if k == 0 else "normal")
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # fonts without Hangul glyphs warn; the drawing is still made
        fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()


__all__ = ["layout", "oriented_layout", "to_svg", "to_png", "text_width", "MAX_WIDTH"]
