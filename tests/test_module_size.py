"""No god modules (issue 13, item 6): every module of src/mibun holds one idea in at most ~400 lines.
Message catalogues are split per area instead."""

from pathlib import Path

import mibun as mb

SRC = Path(mb.__file__).parent
LIMIT = 410  # "about 400": a docstring line or two over is not a second idea


def test_no_module_over_about_400_lines():
    sizes = {str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines()) for p in SRC.rglob("*.py")}
    big = {name: n for name, n in sizes.items() if n > LIMIT and not name.startswith("i18n/")}
    assert big == {}


def test_the_numeric_derivative_is_split_by_idea_and_keeps_its_imports():
    from mibun.numeric import derivative
    from mibun.numeric.derivative import METHODS, derivative_at
    from mibun.numeric.paths import complex_step, fixed_stencil, richardson
    from mibun.numeric.point import Point, base_step, find_step
    from mibun.numeric.symptoms import kink_test, noise, slow_convergence, suspicious, why_not

    assert callable(derivative) and callable(derivative_at) and "auto" in METHODS
    assert all(callable(f) for f in (complex_step, fixed_stencil, richardson, Point, base_step, find_step,
                                     kink_test, noise, slow_convergence, suspicious, why_not))
    r = derivative(lambda x: x ** 3, 2.0)
    assert abs(r.value - 12.0) <= max(r.error, 1e-9)
