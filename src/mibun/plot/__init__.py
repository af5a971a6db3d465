"""mibun.plot — the course's pictures, for any function you give (a Python function, a SymPy expression,
or text once the parser is available). Every function returns a matplotlib ``Figure``; labels come in
Korean or English (``lang="ko"|"en"``), and Korean renders with a Hangul font (see ``mibun.plot.fonts``).

    import mibun as mb
    fig = mb.plot.secants(lambda x: x**2, 3)          # slopes 7, 6.5, 6.1, 6.01 → tangent 6
    mb.plot.save(fig, "secants.png")

matplotlib is imported only when a figure is drawn: ``import mibun.plot`` stays light.

=============  ==========================  =========================================================
kind           function                    shows
=============  ==========================  =========================================================
function       function_and_derivative     f above f′, extrema where f′ changes sign
secant         secants                     secants for shrinking h turning into the tangent
tangent        tangent_line                L(x) = f(x0) + f′(x0)(x − x0) and its error |f − L|
error          difference_error            forward/central difference error vs h (log–log, V shape)
limit          limit_approach              f(x0 ± hₖ) approaching the one-sided limits
partial        partial_slices              surface, slices x = x0 and y = y0, ∂f/∂x and ∂f/∂y
gradient       gradient_field              contours with the gradient vectors
descent        descent_paths               GD, momentum, NAG, Adagrad, RMSprop, Adadelta, Adam, NAdam
activations    activations                 σ, tanh, ReLU and derivatives; 0.25ⁿ vs depth
training       training_curves             loss/metrics per epoch from a History or dict
=============  ==========================  =========================================================
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mibun.errors import InputError
from mibun.plot._paths import OPTIMIZERS, optimizer_paths
from mibun.plot.calculus import (
    difference_error,
    difference_quotients,
    function_and_derivative,
    limit_approach,
    secants,
    tangent_line,
)
from mibun.plot.dl import ACTIVATIONS, activations, training_curves
from mibun.plot.fonts import HangulFontWarning, hangul_font
from mibun.plot.multivar import beale, descent_paths, gradient_field, partial_slices, rosenbrock

FORMATS = ("png", "svg", "pdf")


def save(fig: Any, path: str | Path, *, dpi: int | None = None, close: bool = False) -> Path:
    """Write ``fig`` to ``path``; the format follows the suffix (.png, .svg or .pdf). Parent folders are
    created. ``close=True`` also releases the figure from pyplot. Returns the path."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError("plot.err.save_format", path=repr(str(path)), formats=", ".join("." + f for f in FORMATS))
    if not hasattr(fig, "savefig"):
        raise InputError("plot.err.save_figure", kind=type(fig).__name__)
    from mibun.files import save_figure

    # checked (folder? writable? NUL?), parents created, written atomically
    save_figure(fig, path, format=fmt, dpi=dpi if dpi is not None else "figure", bbox_inches="tight")
    if close:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return path


#: kind name (as in ``mibun plot KIND EXPR -o FILE``) → plotting function
KINDS = {
    "function": function_and_derivative,
    "secant": secants,
    "tangent": tangent_line,
    "error": difference_error,
    "limit": limit_approach,
    "partial": partial_slices,
    "gradient": gradient_field,
    "descent": descent_paths,
    "activations": activations,
    "training": training_curves,
}

__all__ = [
    "function_and_derivative", "secants", "tangent_line", "difference_error", "limit_approach",
    "partial_slices", "gradient_field", "descent_paths", "activations", "training_curves", "save", "KINDS",
    "FORMATS", "optimizer_paths", "OPTIMIZERS", "ACTIVATIONS", "rosenbrock", "beale", "difference_quotients",
    "hangul_font", "HangulFontWarning",
]
