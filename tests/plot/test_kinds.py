"""Every plot kind draws a non-empty image with the expected labels (English catalogue text)."""

import numpy as np
import pytest
import sympy as sp

import mibun as mb
import mibun.plot as P
from mibun.i18n import t
from tests.plot.plot_helpers import labels, legend_texts, png_ok

x, y = sp.symbols("x y")

HISTORY = {"loss": [1.0, 0.6, 0.4, 0.3, 0.25], "val_loss": [1.1, 0.7, 0.5, 0.45, 0.47],
           "accuracy": [0.5, 0.7, 0.8, 0.85, 0.9], "val_accuracy": [0.45, 0.65, 0.75, 0.8, 0.79]}

#: kind → (arguments, keyword arguments) of a small example
EXAMPLES = {
    "function": ((x**3 - 3 * x,), {}),
    "secant": ((lambda u: u**2, 3), {}),
    "tangent": ((sp.exp(x), 0.0), {}),
    "error": ((sp.sin(x), 1.0), {}),
    "limit": (((x**2 - 1) / (x - 1), 1), {}),
    "partial": ((x**2 + x * y - y**2 / 2,), {"point": (1, -1), "n": 20}),
    "gradient": ((x**2 + 3 * y**2,), {"arrows": 8}),
    "descent": (("rosenbrock",), {"steps": 150}),
    "activations": ((), {}),
    "training": ((HISTORY,), {}),
}


def make(kind, lang="en", **extra):
    args, kwargs = EXAMPLES[kind]
    return P.KINDS[kind](*args, **{**kwargs, **extra}, lang=lang)


def test_registry_covers_every_kind():
    assert set(P.KINDS) == set(EXAMPLES)
    assert all(callable(f) for f in P.KINDS.values())


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_each_kind_writes_a_nonempty_png(kind, tmp_path):
    fig = make(kind)
    from matplotlib.figure import Figure

    assert isinstance(fig, Figure)
    path = P.save(fig, tmp_path / f"{kind}.png", dpi=60)
    png_ok(path)


def en(key, **kw):
    return t("plot." + key, "en", **kw)


def test_function_and_derivative_labels_and_extrema():
    fig = make("function")
    lab = labels(fig)
    assert lab["y"] == ["f(x)", "f′(x)"] and lab["x"][1] == "x"
    assert lab["title"][0] == en("fd.title")
    legend = legend_texts(fig)
    assert en("fd.increasing") in legend and en("fd.extremum") in legend
    # the extrema of x³ − 3x are at ±1: the dotted lines through both panels
    xs = sorted({round(float(line.get_xdata()[0]), 6) for line in fig.axes[0].lines
                 if line.get_linestyle() == ":"})
    assert xs == [-1.0, 1.0]


def test_secant_slopes_in_the_legend():
    fig = make("secant")
    legend = legend_texts(fig)
    assert en("secant.line", h="0.01", slope="6.01") in legend
    assert en("secant.line", h="1", slope="7") in legend
    assert en("secant.tangent", slope="6") in legend
    lab = labels(fig)
    assert lab["x"] == ["x"] and lab["y"] == ["f(x)"] and lab["title"] == [en("secant.title", x0="3")]


def test_tangent_line_error_panel_and_shade():
    fig = make("tangent")
    lab = labels(fig)
    assert lab["y"] == ["f(x)", "|f(x) − L(x)|"] and lab["x"][1] == "x"
    assert "L(x) = 1 + 1·x" in legend_texts(fig)
    fig3 = P.tangent_line(x**2, -1, lang="en")
    assert "L(x) = 1 − 2·(x + 1)" in legend_texts(fig3)
    fig2 = P.tangent_line(lambda u: u**2, 3, error="shade", lang="en")
    assert len(fig2.axes) == 1 and en("tangent.error") in legend_texts(fig2)


def test_difference_error_axes_and_best_h():
    fig = make("error")
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_xlabel() == en("error.xlabel") and ax.get_ylabel() == en("error.ylabel")
    best = [s for s in legend_texts(fig) if s.startswith("best h")]
    assert len(best) == 2
    hf = float(best[0].split("≈ ")[1].split(" ")[0])
    hc = float(best[1].split("≈ ")[1].split(" ")[0])
    assert 1e-10 < hf < 1e-6 and 1e-7 < hc < 1e-3   # about √ε and ε^(1/3)


def test_difference_quotients_helper():
    fwd, cen = P.difference_quotients(lambda u: u**2, 3.0, np.array([0.01]))
    assert fwd[0] == pytest.approx(6.01) and cen[0] == pytest.approx(6.0)


def test_limit_hole_and_jump():
    fig = make("limit")
    assert fig.axes[0].get_title() == en("limit.exists", value="2")
    assert fig.axes[1].get_xlabel() == en("limit.k")
    assert en("limit.hole") in legend_texts(fig)
    jump = P.limit_approach(lambda u: np.abs(u) / u, 0, lang="en")
    assert jump.axes[0].get_title() == en("limit.differ", left="−1", right="1")
    right = P.limit_approach(lambda u: np.abs(u) / u, 0, side="+", lang="en")
    assert right.axes[0].get_title() == en("limit.one_sided", side="right", value="1")


def test_partial_slices_labels():
    fig = make("partial")
    lab = labels(fig)
    assert lab["x"][:3] == ["x", "x", "y"] and lab["z"][0] == "z"
    assert lab["y"][1:3] == ["f(x, −1)", "f(1, y)"]
    # ∂f/∂x = 2x + y = 1 and ∂f/∂y = x − y = 2 at (1, −1)
    assert lab["title"][1] == en("partial.panel_title", d="∂f/∂x", held="y", c="−1", slope="1")
    assert lab["title"][2] == en("partial.panel_title", d="∂f/∂y", held="x", c="1", slope="2")


def test_gradient_field_arrows_are_the_gradient():
    fig = make("gradient")
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("x", "y", en("gradient.title"))
    from matplotlib.quiver import Quiver

    q = [c for c in ax.get_children() if isinstance(c, Quiver)][0]
    pts = q.XY
    np.testing.assert_allclose(q.U, 2 * pts[:, 0], atol=1e-12)
    np.testing.assert_allclose(q.V, 6 * pts[:, 1], atol=1e-12)


def test_descent_paths_labels():
    fig = make("descent")
    ax = fig.axes[0]
    assert ax.get_title() == en("descent.title", f=en("descent.f_rosenbrock"), steps=150)
    legend = legend_texts(fig)
    for name in ("GD", "Momentum", "NAG", "Adagrad", "RMSprop", "Adadelta", "Adam", "NAdam"):
        assert any(s.startswith(name + " (lr") for s in legend)
    assert "log" in fig.axes[1].get_ylabel()   # the colorbar of log-spaced levels


def test_descent_paths_beale_and_own_function():
    fig = P.descent_paths("beale", optimizers=("adam", "gd"), steps=50, lang="en")
    assert en("descent.f_beale") in fig.axes[0].get_title()
    own = P.descent_paths(lambda a, b: (a - 1) ** 2 + 2 * b**2, optimizers=("gd",), start=(-1, 1),
                          steps=30, lr=0.1, lang="en")
    assert own.axes[0].get_xlabel() == "x"
    sym = P.descent_paths(x**2 + y**2, optimizers=("momentum",), start=(1, 1), steps=20, lr=0.05, lang="en")
    assert len(sym.axes) == 2


def test_descent_paths_on_a_builtin_function_drawn_again_are_the_same_paths():
    """The paths on Rosenbrock and Beale are computed once per process and settings and reused when the
    figure is drawn again (another language, another file); every figure's lines equal mibun.optim's paths
    computed afresh."""
    from mibun.plot.multivar import BUILTIN

    beale = BUILTIN["beale"]
    fresh = P.optimizer_paths(P.beale, beale["start"], ("adam", "gd"), 40, beale["lr"])
    for lang in ("en", "ko", "en"):
        fig = P.descent_paths("beale", optimizers=("adam", "gd"), steps=40, lang=lang)
        lines = [line for line in fig.axes[0].get_lines() if len(line.get_xdata()) > 1]
        assert len(lines) == 2
        for line, key in zip(lines, ("adam", "gd"), strict=True):
            np.testing.assert_array_equal(np.column_stack([line.get_xdata(), line.get_ydata()]), fresh[key])


def test_activations_marks_sigmoid_max():
    fig = make("activations")
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["σ", "tanh", "ReLU", en("act.vanishing")]
    assert fig.axes[3].get_yscale() == "log" and fig.axes[3].get_xlabel() == en("act.depth")
    sig = fig.axes[0]
    deriv = [ln for ln in sig.lines if ln.get_label() == en("act.derivative", name="σ")][0]
    assert max(deriv.get_ydata()) == pytest.approx(0.25, abs=1e-4)
    assert any(tx.get_text() == en("act.max_sigmoid") for tx in sig.texts)


def test_activation_derivatives_from_autodiff():
    from mibun.plot.dl import activation_and_derivative

    u = np.linspace(-3, 3, 13)
    s, ds = activation_and_derivative("sigmoid", u)
    np.testing.assert_allclose(ds, s * (1 - s), rtol=1e-12)
    th, dth = activation_and_derivative("tanh", u)
    np.testing.assert_allclose(dth, 1 - th**2, rtol=1e-12)


def test_training_curves_from_mapping_and_history_object():
    fig = make("training")
    lab = labels(fig)
    assert lab["x"] == [en("train.epoch")] * 2
    assert lab["y"] == [en("train.loss"), en("train.accuracy")]
    assert en("train.best", epoch=4) in legend_texts(fig)   # val_loss is lowest at epoch 4

    class History:
        history = {"loss": [3.0, 2.0, 1.0]}

    fig2 = P.training_curves(History(), lang="en")
    assert len(fig2.axes) == 1 and fig2.axes[0].get_ylabel() == en("train.loss")


def test_callables_numpy_and_mibun_and_ax(tmp_path):
    import matplotlib.pyplot as plt

    # a NumPy function autodiff cannot trace: derivative by central differences
    fig = P.function_and_derivative(np.sin, xlim=(0, 6), lang="en")
    d = fig.axes[1].lines[0]
    np.testing.assert_allclose(d.get_ydata(), np.cos(d.get_xdata()), atol=1e-8)
    # a function of mibun ops: derivative from one backward pass
    fig = P.function_and_derivative(lambda u: mb.tanh(u) * u, lang="en")
    d = fig.axes[1].lines[0]
    u = d.get_xdata()
    np.testing.assert_allclose(d.get_ydata(), np.tanh(u) + u * (1 - np.tanh(u) ** 2), atol=1e-12)
    # drawing into a given axes
    fig, axes = plt.subplots(1, 2)
    assert P.secants(lambda u: u**2, 1, ax=axes[0], lang="en") is fig
    assert P.gradient_field(x * y, ax=axes[1], lang="en") is fig


def test_svg_and_pdf(tmp_path):
    fig = make("secant")
    svg = P.save(fig, tmp_path / "secant.svg")
    text = svg.read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text and len(text) > 5000
    pdf = P.save(fig, tmp_path / "sub" / "secant.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_no_vertical_line_across_a_pole():
    fig = P.function_and_derivative(lambda u: 1 / u, lang="en")
    ys = fig.axes[0].lines[0].get_ydata()
    xs = fig.axes[0].lines[0].get_xdata()
    assert np.isnan(ys[(xs < 0) & (xs > -0.02)]).all()   # the gap next to x = 0
    assert np.isfinite(ys[np.abs(xs) > 0.1]).all()
    assert fig.axes[0].get_ylim()[1] < 100     # the view is not stretched by the pole


def test_limit_infinite_and_oscillating():
    assert P.limit_approach(1 / x**2, 0, lang="en").axes[0].get_title() == en("limit.exists", value="∞")
    assert P.limit_approach(1 / x, 0, lang="en").axes[0].get_title() == en("limit.differ", left="−∞", right="∞")
    wild = P.limit_approach(sp.sin(1 / x), 0, lang="en")
    assert wild.axes[0].get_title() == en("limit.no_settle", x0="0")
    cont = P.limit_approach(x**2, 2, lang="en")          # defined at x0: a filled point, no hole
    assert en("limit.value_at", x0="2") in legend_texts(cont) and en("limit.hole") not in legend_texts(cont)


def test_partial_slices_with_python_functions():
    # NumPy function (finite differences) and mibun function (autodiff) give the same slopes
    for f in (lambda a, b: np.sin(a) * b, lambda a, b: mb.sin(a) * b):
        fig = P.partial_slices(f, point=(0.0, 2.0), n=15, lang="en")
        titles = labels(fig)["title"]
        assert titles[1] == en("partial.panel_title", d="∂f/∂x", held="y", c="2", slope="2")
        assert titles[2] == en("partial.panel_title", d="∂f/∂y", held="x", c="0", slope="0")


@pytest.mark.parametrize("repeat", [1, 2])  # the second round answers from the kept verdicts
def test_labels_use_mathtext_only_where_it_parses(repeat):
    from matplotlib.mathtext import MathTextParser

    from mibun.plot._common import mathtext

    for latex, ok in ((r"\frac{d}{dx}\,x^{2}", True), (r"\sqrt{x}\cdot\sigma(x)", True),
                      (r"\frac{1}{", False), (r"\notacommand{x}", False)):
        assert mathtext(latex, "plain") == (f"${latex}$" if ok else "plain")
        if ok:  # the oracle: matplotlib's own parser accepts what is kept as mathtext
            MathTextParser("path").parse(f"${latex}$")
