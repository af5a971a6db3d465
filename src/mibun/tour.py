"""The course in one run (``mibun tour``): limits and their tables, the 0.01 difference quotient and its
error, rules with steps, partial derivatives, σ and softmax derivatives, the ŷ − y gradient, a small
network's backprop checked four ways, a short training run — each section's text printed, every figure
written to a folder with an ``index.html`` that shows them together.

    from mibun.tour import tour
    sections = tour("tour", lang="ko")        # a list of Section(title, text, figures)
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mibun.assets import FONT_FAMILY, FONT_STACK, copy_font, font_face_css
from mibun.files import output_folder, write_text
from mibun.i18n import resolve_lang, t


@dataclass
class Section:
    """One part of the tour: a title, the text (what the terminal shows) and the figure files."""

    key: str
    title: str
    text: str
    figures: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)


def _save(fig, out: Path, name: str) -> str:
    from mibun import plot as P

    P.save(fig, out / name, close=True, dpi=90)
    return name


def _limits(out: Path, lang: str) -> Section:
    import mibun as mb
    from mibun import plot as P

    r = mb.limit("(x^2 - 1)/(x - 1)", 1)
    parts = [r.text(lang), r.table.text(lang)]
    for text, x0 in (("sin(x)/x", 0), ("|x|/x", 0), ("sin(1/x)", 0), ("(1 + 3/n)^n", math.inf)):
        parts.append(f"{text}:  " + mb.limit(text, x0).text(lang).splitlines()[0])
    figs = [_save(P.limit_approach("(x^2 - 1)/(x - 1)", 1, lang=lang), out, "limit.png"),
            _save(P.limit_approach("|x|/x", 0, lang=lang), out, "limit_jump.png")]
    return Section("limits", t("tour.limits", lang), "\n\n".join(parts), figs,
                   {"limit": float(r.value), "left_table": [row[1] for row in r.table.rows[:3]]})


def _quotient(out: Path, lang: str) -> Section:
    from mibun import plot as P
    from mibun.numeric import difference_quotient, difference_table

    q = difference_quotient(lambda x: x * x, 3.0, 0.01)
    tab = difference_table("x^2", 3.0, hs=[10.0 ** -k for k in range(1, 13)])
    text = t("tour.quotient_text", lang, q=f"{q:.10g}", err=f"{q - 6:.3g}") + "\n\n" + tab.text(lang)
    figs = [_save(P.secants("x^2", 3, lang=lang), out, "secants.png"),
            _save(P.difference_error("exp(x)", 1.0, lang=lang), out, "error.png"),
            _save(P.function_and_derivative("x^3 - 3x", lang=lang), out, "derivative.png")]
    return Section("quotient", t("tour.quotient", lang), text, figs, {"quotient": q})


def _rules(out: Path, lang: str) -> Section:
    import mibun as mb
    from mibun import plot as P

    parts = [mb.diff("(2x - 4)^3").text(lang)]
    for e in ("x^x", "sin(x)/x", "log(x, 2)", "e^(2x)", "sigmoid(2x)", "7xy/e^(x^2+y^2)"):
        d = mb.diff(e, "x")
        parts.append(f"{d.lhs(False)} = {_text(d.result)}")
    figs = [_save(P.tangent_line("e^x", 0, lang=lang), out, "tangent.png")]
    return Section("rules", t("tour.rules", lang), "\n\n".join(parts), figs)


def _partials(out: Path, lang: str) -> Section:
    import mibun as mb
    from mibun import plot as P
    from mibun.symbolic import total_differential

    f = "x^2 + 3xy + y - 3"
    dx, dy = mb.diff(f, "x"), mb.diff(f, "y")
    vx, vy = float(dx.at(x=4, y=-2)), float(dy.at(x=4, y=-2))
    td = total_differential(f, ["x", "y"])
    text = "\n".join([dx.text(lang), "", f"∂f/∂x (4, −2) = {vx:g},   ∂f/∂y (4, −2) = {vy:g}",
                      f"df = {_text(td.result)}"])
    figs = [_save(P.partial_slices(f, point=(4, -2), lang=lang), out, "partial.png"),
            _save(P.gradient_field("x^2 + 3y^2", lang=lang), out, "gradient.png"),
            _save(P.descent_paths("rosenbrock", lang=lang), out, "descent.png")]
    return Section("partials", t("tour.partials", lang), text, figs, {"dfdx": vx, "dfdy": vy})


def _sigmoid_softmax(out: Path, lang: str) -> Section:
    from mibun import plot as P
    from mibun.symbolic import identities

    parts = [identities.get("sigmoid_derivative").text(lang), identities.get("softmax_jacobian").text(lang)]
    figs = [_save(P.activations(lang=lang), out, "activations.png")]
    return Section("sigmoid", t("tour.sigmoid", lang), "\n\n".join(parts), figs)


def _cross_entropy(out: Path, lang: str) -> Section:
    import mibun as mb
    from mibun.symbolic import identities

    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    y = np.array([0, 2])
    g = mb.grad(lambda o: mb.nn.functional.cross_entropy(o, y, reduction="sum"))(logits)
    s = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    onehot = np.eye(3)[y]
    err = float(np.abs(g - (s - onehot)).max())
    text = "\n\n".join([identities.get("softmax_cross_entropy").text(lang),
                        t("tour.yhat_check", lang, err=f"{err:.1e}"),
                        "ŷ − y =\n" + np.array2string(s - onehot, precision=6),
                        "backprop =\n" + np.array2string(g, precision=6)])
    return Section("cross_entropy", t("tour.cross_entropy", lang), text, [], {"max_error": err})


def _backprop(out: Path, lang: str) -> Section:
    import mibun as mb

    expr = "sigmoid(w2*tanh(w1*x + b1) + b2)"
    rep = mb.check(expr, at={"x": 0.5, "w1": 1.5, "b1": -0.3, "w2": 2.0, "b2": 0.1}, wrt=["w1", "b1", "w2", "b2"])
    x = mb.tensor(0.5)
    w1 = mb.tensor(1.5, requires_grad=True, name="w1")
    b1 = mb.tensor(-0.3, requires_grad=True, name="b1")
    w2 = mb.tensor(2.0, requires_grad=True, name="w2")
    b2 = mb.tensor(0.1, requires_grad=True, name="b2")
    yhat = mb.sigmoid(w2 * mb.tanh(w1 * x + b1) + b2)
    explanation = mb.explain(yhat, wrt=w1, lang=lang)
    figs = []
    try:
        svg = mb.viz.graph(yhat, highlight=w1, format="svg", engine="builtin", lang=lang)
        write_text(out / "graph.svg", svg if isinstance(svg, str) else str(svg))
        figs.append("graph.svg")
    except Exception:  # the figure is a bonus; the explanation above is the point
        pass
    text = rep.text(lang) + "\n\n" + explanation.text(lang)
    return Section("backprop", t("tour.backprop", lang), text, figs,
                   {"agree": rep.agree, "max_rel_diff": rep.max_rel_diff})


def _training(out: Path, lang: str, epochs: int) -> Section:
    import mibun as mb
    from mibun import plot as P

    nn = mb.nn
    mb.nn.init.manual_seed(0)
    (xtr, ytr), (xte, yte) = mb.data.load_digits()
    mean, std = xtr.mean(axis=0), xtr.std(axis=0) + 1e-3          # standardise with the training set's statistics
    xtr, xte = ((xtr - mean) / std).astype(np.float32), ((xte - mean) / std).astype(np.float32)
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))
    opt = mb.optim.Adam(model.parameters(), lr=1e-3)
    hist = mb.train.fit(model, nn.CrossEntropyLoss(), opt, (xtr, ytr), val_data=(xte, yte), epochs=epochs,
                        batch_size=32, metrics=["accuracy"], seed=0, progress=False, lang=lang)
    acc = float(hist.history["val_accuracy"][-1])
    rows = [f"{e + 1:>3}  loss {hist.history['loss'][e]:.4f}  val_accuracy {hist.history['val_accuracy'][e]:.4f}"
            for e in range(len(hist.history["loss"]))]
    text = t("tour.training_text", lang, epochs=epochs, acc=f"{acc:.1%}") + "\n" + "\n".join(rows)
    figs = [_save(P.training_curves(hist, lang=lang), out, "training.png")]
    return Section("training", t("tour.training", lang), text, figs, {"test_accuracy": acc})


def _answers(out: Path, lang: str) -> Section:
    from mibun.answers.tour import section

    title, text, data = section(lang)
    return Section("answers", title, text, [], data)


def _text(e) -> str:
    from mibun.symbolic.derivation import text_of

    return text_of(e)


def tour(out_dir: str | Path = "tour", lang: str | None = None, epochs: int = 15,
         on_section: Callable[[Section], None] | None = None) -> list[Section]:
    """Run every section, write the figures and ``index.html`` into ``out_dir``, return the sections.
    ``on_section`` is called as each section finishes (the command prints it)."""
    lang = resolve_lang(lang)
    out = Path(output_folder(out_dir, lang=lang))
    sections = []
    steps = [_limits, _quotient, _rules, _partials, _sigmoid_softmax, _cross_entropy, _backprop,
             lambda o, lg: _training(o, lg, epochs), _answers]
    for step in steps:
        sec = step(out, lang)
        sections.append(sec)
        if on_section is not None:
            on_section(sec)
    write_index(out, sections, lang)
    return sections


def write_index(out: Path, sections: list[Section], lang: str) -> Path:
    """``index.html``: every section's text with its figures."""
    e = html.escape
    body = []
    toc = "".join(f"<li><a href='#{s.key}'>{e(s.title)}</a></li>" for s in sections)
    for s in sections:
        figs = "".join(f"<figure><img src='{e(f)}' alt='{e(f)}'></figure>" for f in s.figures)
        body.append(f"<section id='{s.key}'><h2>{e(s.title)}</h2><pre>{e(s.text)}</pre>{figs}</section>")
    font = copy_font(out)
    face = font_face_css(f"fonts/{font.name}")
    page = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{e(t('tour.title', lang))}</title>
<style>{face}
body{{font-family:{FONT_STACK};max-width:1100px;margin:2em auto;padding:0 1em}}
pre{{background:#f6f8fa;padding:1em;overflow-x:auto;font-size:13px;line-height:1.35;
font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace,"{FONT_FAMILY}"}}
img{{max-width:100%;border:1px solid #ddd}} figure{{margin:1em 0}}</style></head>
<body><h1>{e(t('tour.title', lang))}</h1><ol>{toc}</ol>{''.join(body)}</body></html>
"""
    path = out / "index.html"
    write_text(path, page, lang=lang)
    return path


__all__ = ["tour", "Section", "write_index"]
