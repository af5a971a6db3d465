"""Bad input raises a MibunError that says what is wrong."""

import numpy as np
import pytest
import sympy as sp

import mibun.plot as P
from mibun.errors import DomainError, InputError, MibunError

x, y = sp.symbols("x y")


@pytest.mark.parametrize("kind", ["function", "secant", "tangent", "error", "limit"])
def test_not_a_function(kind):
    args = (42,) if kind == "function" else (42, 1.0)
    with pytest.raises(InputError, match="must be a function"):
        P.KINDS[kind](*args, lang="en")


def test_nan_everywhere():
    nan = lambda u: np.full_like(u, np.nan)  # noqa: E731
    with pytest.raises(DomainError, match="NaN"):
        P.function_and_derivative(nan, lang="en")
    with pytest.raises(MibunError):
        P.limit_approach(nan, 0.0, lang="en")
    with pytest.raises(MibunError):
        P.secants(nan, 1.0, lang="en")
    with pytest.raises(DomainError):
        P.gradient_field(lambda a, b: a * np.nan, lang="en")


def test_one_variable_function_to_partial_slices():
    with pytest.raises(InputError, match="function of 2 variable"):
        P.partial_slices(lambda u: u**2, lang="en")
    with pytest.raises(InputError, match="2 variable"):
        P.partial_slices(x * y * sp.Symbol("z"), lang="en")


def test_other_bad_arguments(tmp_path):
    with pytest.raises(InputError, match="xlim"):
        P.function_and_derivative(x**2, xlim=(3, -3), lang="en")
    with pytest.raises(InputError, match="non-zero"):
        P.secants(x**2, 1, hs=(0,), lang="en")
    with pytest.raises(InputError, match="not defined at x0"):
        P.tangent_line(1 / x, 0, lang="en")
    with pytest.raises(InputError, match="side"):
        P.limit_approach(x, 0, side="up", lang="en")
    with pytest.raises(InputError, match="unknown optimizer"):
        P.descent_paths("rosenbrock", optimizers=("sgd9",), steps=5, lang="en")
    with pytest.raises(InputError, match="start"):
        P.descent_paths(x**2 + y**2, lang="en")
    with pytest.raises(InputError, match="mibun operations"):
        P.descent_paths(lambda a, b: np.i0(a) * b, start=(1, 1), steps=3, lr=0.1, lang="en")  # np.sin now traces
    with pytest.raises(InputError, match="expression"):
        P.secants(sp.Eq(x, 1), 1, lang="en")
    with pytest.raises(InputError, match="unknown activation"):
        P.activations(("swish",), lang="en")
    with pytest.raises(InputError, match="empty"):
        P.training_curves({}, lang="en")
    with pytest.raises(InputError, match="mapping"):
        P.training_curves([1, 2, 3], lang="en")
    with pytest.raises(InputError, match="format"):
        P.save(P.secants(x**2, 1, lang="en"), tmp_path / "f.gif")
    with pytest.raises(InputError, match="language"):
        P.secants(x**2, 1, lang="fr")


def test_text_input_needs_the_parser():
    try:
        from mibun.symbolic import parse  # noqa: F401
    except ImportError:
        with pytest.raises(InputError, match="parse"):
            P.function_and_derivative("x^2", lang="en")
    else:  # once the parser is merged, text works
        fig = P.function_and_derivative("x^2", lang="en")
        assert fig.axes[0].get_ylabel() == "f(x)"


def test_errors_are_also_builtin_exceptions():
    with pytest.raises(TypeError):          # InputError is a TypeError
        P.secants(3.5, 1, lang="en")
    with pytest.raises(ValueError):         # DomainError is a ValueError
        P.function_and_derivative(lambda u: np.sqrt(-1 - u * u), lang="en")
