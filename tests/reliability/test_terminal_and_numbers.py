"""Output to any terminal (ASCII-only or non-UTF-8 stdout never crashes the command; formulas fall back to
ASCII spellings; a one-line hint) and numbers at the edge (inf, nan, 1e400, -0.0, subnormals, huge integers;
sizes checked before allocating)."""

import io
import math
import os
import subprocess
import sys

import numpy as np
import pytest

import mibun as mb
from mibun.cli import main
from mibun.cli.args import number
from mibun.cli.output import SafeStream, protect_streams


class _Bytes(io.TextIOWrapper):
    def __init__(self, encoding):
        super().__init__(io.BytesIO(), encoding=encoding)

    def text(self):
        self.flush()
        return self.buffer.getvalue().decode(self.encoding)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_command_on_a_narrow_terminal_in_process(monkeypatch, encoding):
    out, err = _Bytes(encoding), _Bytes(encoding)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setenv("MIBUN_WORKER", "0")
    rc = main(["--lang", "ko", "diff", "sqrt(x)*x^2*sin(x)", "--steps"])
    assert rc == 0
    text = out.text()
    assert "·" not in text and "*" in text                      # formulas in ASCII spellings
    assert "\\u" in text                                        # Hangul written escaped, not crashed on
    hint = err.text()
    assert hint.count("\n") == 1 and "UTF-8" in hint
    rc = main(["--lang", "ko", "diff", "x^2", "--at", "x=1e400"])  # the error line too
    assert rc == 2


def test_safe_stream_and_utf8_terminals_untouched(monkeypatch):
    raw = _Bytes("ascii")
    s = SafeStream(raw)
    s.write("d/dx (x²·√x) → ∞ 가\n")
    assert raw.text() == "d/dx (x^2*sqrtx) -> oo \\uac00\n"
    utf = _Bytes("utf-8")
    monkeypatch.setattr(sys, "stdout", utf)
    monkeypatch.setattr(sys, "stderr", _Bytes("utf-8"))
    assert protect_streams() is False and sys.stdout is utf


@pytest.mark.skipif(sys.platform.startswith("win"), reason="LANG=C is POSIX")
def test_command_with_lang_c_in_a_real_process():
    env = dict(os.environ, LANG="C", LC_ALL="C", PYTHONIOENCODING="ascii", MIBUN_LANG="ko",
               PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    proc = subprocess.run([sys.executable, "-m", "mibun", "diff", "x^2*sin(x)"], capture_output=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    proc.stdout.decode("ascii")                                # pure ASCII
    assert b"Traceback" not in proc.stderr and b"UTF-8" in proc.stderr


@pytest.mark.parametrize("text, value", [("inf", math.inf), ("-oo", -math.inf), ("∞", math.inf), ("-0.0", -0.0),
                                         ("5e-324", 5e-324), ("1e308", 1e308), ("pi/2", math.pi / 2),
                                         ("2.2250738585072014e-308", 2.2250738585072014e-308)])
def test_numbers_accepted(text, value):
    got = number(text)
    assert got == value and math.copysign(1, got) == math.copysign(1, value)


@pytest.mark.parametrize("text, key", [("1e400", "reliability.number.overflow"),
                                       ("-1e400", "reliability.number.overflow"),
                                       ("1" + "0" * 400, "reliability.number.overflow"),
                                       ("10^400", "reliability.number.overflow"),
                                       ("1e-400", "reliability.number.underflow"),
                                       ("nan", "reliability.number.nan"), ("NaN", "reliability.number.nan")])
def test_numbers_refused_clearly(text, key):
    with pytest.raises(mb.InputError) as exc:
        number(text, what="--to")
    assert exc.value.key == key and "--to" in str(exc.value)


def test_limit_command_does_not_read_1e400_as_infinity(capsys):
    assert main(["limit", "x^2", "--to", "1e400", "--budget", "inf"]) == 2
    err = capsys.readouterr().err
    assert "1e400" in err and "inf" in err
    assert main(["limit", "1/x", "--to", "inf", "--budget", "inf"]) == 0


def test_library_limit_with_huge_and_odd_points():
    with pytest.raises(mb.InputError) as exc:
        mb.limit("sin(x)/x", 10**400)                           # no bare OverflowError
    assert exc.value.key == "reliability.number.overflow"
    with pytest.raises(mb.InputError):
        mb.limit("sin(x)/x", float("nan"))
    import sympy as sp

    with pytest.raises(mb.InputError):
        mb.limit("sin(x)/x", sp.Integer(10) ** 400)
    assert mb.limit("sin(x)/x", -0.0).value == pytest.approx(1.0)
    assert mb.limit("sin(x)/x", math.inf).value == pytest.approx(0.0, abs=1e-6)
    assert mb.limit("x^2", 10**300).value > 1e300                 # a big but finite float: fine
    r = mb.numeric.derivative(lambda x: x**2, 5e-324)           # a subnormal point is a point
    assert r.value == pytest.approx(0.0, abs=1e-6)


def test_sizes_are_checked_before_allocating():
    from mibun import plot as P

    with pytest.raises(mb.BudgetError) as exc:
        P.function_and_derivative("x^2", n=10**9)
    assert exc.value.key == "reliability.budget.size" and exc.value.size == 10**9
    with pytest.raises(mb.MibunError):
        P.function_and_derivative("x^2", n=1.5)
    with pytest.raises(mb.BudgetError):
        P.descent_paths(steps=1_000_000_000)
    with pytest.raises(mb.BudgetError):
        P.secants("x^2", 1.0, hs=[0.1] * 20_000)
    x = mb.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(50_000):
        y = y * 1.0
    with pytest.raises(mb.BudgetError) as exc:
        mb.viz.graph(y, format="svg", engine="builtin")
    assert exc.value.fields["what"] == "reliability.what.nodes"
    assert "노드" in exc.value.message("ko")


def test_descent_steps_on_the_command_line(capsys, tmp_path):
    rc = main(["plot", "descent", "-o", str(tmp_path / "d.png"), "--steps", "1000000000", "--budget", "inf"])
    assert rc == 2 and "1,000,000,000" in capsys.readouterr().err
    assert not (tmp_path / "d.png").exists()
    np.testing.assert_array_equal(np.zeros(1), np.zeros(1))


@pytest.mark.parametrize("expr, x, digits", [("x^1000", 10**300, 299703), ("x^x", 10**5, 500001),
                                             ("x^(-1000)", 10**300, -300297)], ids=["x^1000", "x^x", "x^-1000"])
def test_values_with_hundreds_of_thousands_of_digits_are_shown_as_floats(expr, x, digits):
    import sympy as sp

    v = mb.diff(expr).at(x=x)
    text = str(v)                                              # Python refuses to print > 4300 digits
    assert len(text) < 80
    assert isinstance(v.exact, sp.Float)
    assert int(sp.floor(sp.log(abs(v.exact), 10))) == digits   # the magnitude is right
    assert mb.diff("x^3").at(x=2).exact == 12                  # small values stay exact


def test_command_prints_huge_values(capsys):
    assert main(["diff", "x^x", "--at", "x=100000", "--budget", "inf"]) == 0
    assert "e+500001" in capsys.readouterr().out


@pytest.mark.parametrize("flag", ["--depth", "--width", "--steps"])
def test_vanish_sizes_are_checked_before_building(capsys, flag):
    assert main(["vanish", flag, "100000000"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "100,000,000" in err


def test_huge_integer_steps_are_refused_clearly():
    f = lambda x: x**2  # noqa: E731
    for call in (lambda: mb.numeric.derivative(f, 1.0, h=10**400),
                 lambda: mb.numeric.difference_quotient(f, 1.0, 10**400)):
        with pytest.raises(mb.InputError) as exc:
            call()
        assert exc.value.key == "reliability.number.overflow"
    assert mb.numeric.difference_quotient(f, 1.0, 3) == 5.0
