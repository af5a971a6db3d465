"""The parser: the three syntaxes, structure kept, errors with position and hint, limits, hostile input."""

import builtins

import pytest
import sympy as sp

import mibun as mb
from mibun.errors import ParseError
from mibun.symbolic import functions as mf
from mibun.symbolic.parser import MAX_LENGTH, evaluate, parse

x, y, z, w, b = sp.symbols("x y z w b")

SAME = [
    ("x**2", x**2), ("x^2", x**2), ("x²", x**2), ("2x", 2 * x), ("3xy", 3 * x * y), ("3x^2y", 3 * x**2 * y),
    ("e^x", sp.exp(x)), ("exp(x)", sp.exp(x)), (r"\exp(x)", sp.exp(x)), ("e^(2x)", sp.exp(2 * x)),
    ("e^{x^2+y^2}", sp.exp(x**2 + y**2)), ("ln x", sp.log(x)), ("ln(x)", sp.log(x)), ("log(x)", sp.log(x)),
    (r"\ln x", sp.log(x)), ("lnx", sp.log(x)), ("sin x", sp.sin(x)), ("sinx", sp.sin(x)), ("sin 2x", sp.sin(2 * x)),
    ("sin2x", sp.sin(2 * x)), ("sin x cos x", sp.sin(x) * sp.cos(x)), ("xsinx", x * sp.sin(x)),
    ("sqrt(x)", sp.sqrt(x)), ("√x", sp.sqrt(x)), ("√(x+1)", sp.sqrt(x + 1)), (r"\sqrt{x}", sp.sqrt(x)),
    (r"\sqrt[3]{x}", x ** sp.Rational(1, 3)), ("|x|", sp.Abs(x)), ("abs(x)", sp.Abs(x)), ("2|x-1|", 2 * sp.Abs(x - 1)),
    ("||x|-1|", sp.Abs(sp.Abs(x) - 1)), (r"\left|x\right|", sp.Abs(x)),
    ("pi", sp.pi), ("π", sp.pi), (r"\pi x", sp.pi * x), ("pix", sp.pi * x), ("e", sp.E), ("E", sp.E),
    (r"\frac{7xy}{e^{x^2+y^2}}", 7 * x * y * sp.exp(-(x**2) - y**2)), (r"\frac{1}{2}", sp.Rational(1, 2)),
    (r"x \cdot y", x * y), (r"x \times y", x * y), ("x·y", x * y), ("x×y", x * y), ("x÷y", x / y), ("x − y", x - y),
    (r"\left(x+1\right)^2", (x + 1) ** 2), ("[x+1]^2", (x + 1) ** 2), ("(x+1)(x-1)", (x + 1) * (x - 1)),
    ("sigmoid(x)", mf.sigmoid(x)), (r"\sigma(x)", mf.sigmoid(x)), ("σ(x)", mf.sigmoid(x)),
    ("softplus(x)", mf.softplus(x)), ("relu(x)", mf.relu(x)), ("ReLU(x)", mf.relu(x)),
    (r"\operatorname{ReLU}(x)", mf.relu(x)), (r"\mathrm{softplus}(x)", mf.softplus(x)),
    ("max(x, y)", sp.Max(x, y)), ("min(0, x)", sp.Min(0, x)), ("tanh x", sp.tanh(x)), (r"\tanh(x)", sp.tanh(x)),
    ("sinh x + cosh x", sp.sinh(x) + sp.cosh(x)), ("arctan x", sp.atan(x)), ("sin^2 x", sp.sin(x) ** 2),
    (r"\sin^2(x)", sp.sin(x) ** 2), ("x^-1", 1 / x), ("2^-x", 2 ** (-x)), ("-x^2", -(x**2)),
    ("x^2^3", x**8), ("2**3**2", sp.Integer(512)), ("0.5x", x / 2), ("1e3", sp.Integer(1000)),
    (".25", sp.Rational(1, 4)),
    ("x_1 + x_2", sp.Symbol("x_1") + sp.Symbol("x_2")), ("x1*x2", sp.Symbol("x1") * sp.Symbol("x2")),
    ("w_{ij}", sp.Symbol("w_ij")), (r"\alpha x", sp.Symbol("alpha") * x), ("θ", sp.Symbol("theta")),
    ("alpha", sp.Symbol("alpha")), ("$x^2$", x**2), ("w x + b", w * x + b),
]


@pytest.mark.parametrize("text,expected", SAME, ids=[t for t, _ in SAME])
def test_syntaxes(text, expected):
    got = evaluate(parse(text))
    assert got == expected or sp.simplify(got - expected) == 0, (text, got)


def test_log_bases():
    for text in ("log(x, 2)", r"\log_2 x", r"\log_{2}(x)", "log_2(x)", "log2(x)"):
        e = parse(text)
        assert isinstance(e, mf.log_base) and e.args == (x, 2), text
    assert parse(r"\log_{10}(x+1)").args == (x + 1, 10)
    assert parse("log(x, e)") == sp.log(x)
    assert sp.simplify(evaluate(parse("log(x, 2)")) - sp.log(x) / sp.log(2)) == 0


def test_log_subscript_then_argument():
    assert parse("log_2x") == parse("log(x, 2)")
    assert parse("x_1a") == sp.Symbol("x_1") * sp.Symbol("a")


@pytest.mark.parametrize("text", ["ln 0", "x + 3ln(0)", "tan(pi/2)", "log(0, 10)", r"\log_{10} 0", "1/sin(0)"])
def test_undefined_constants_are_refused(text):
    with pytest.raises(ParseError):
        parse(text)


def test_constants_of_functions_stay_cheap():
    # the constant stays symbolic (no huge float evaluation); speed is measured in benchmarks/, not here
    d = mb.diff("x^x sec|sinh(sinh(30))|")
    assert "sinh" in d.text("en") and d.result.has(sp.sinh)


def test_quotient_is_kept():
    e = parse("1/e^x")
    assert e.is_Pow and e.exp == -1 and isinstance(e.base, sp.exp)
    q = parse("7xy/e^(x^2+y^2)")
    assert q.is_Mul and any(a.is_Pow and a.exp == -1 and isinstance(a.base, sp.exp) for a in q.args)
    assert sp.exp(-x) == evaluate(e)  # the evaluated form is SymPy's


def test_left_hand_side_is_dropped():
    assert parse("y = x^2") == x**2
    assert parse("f(x) = 3x + 1") == 3 * x + 1
    assert parse("L(w, b) = (w x + b)^2") == (w * x + b) ** 2
    with pytest.raises(ParseError) as info:
        parse("y = x^")
    assert info.value.position == 6


def test_declared_symbols():
    assert parse("3xy", symbols=["xy"]) == 3 * sp.Symbol("xy")
    assert parse("3xy") == 3 * x * y
    assert parse("loss + 1", symbols=["loss"]) == sp.Symbol("loss") + 1
    assert parse("e^x", symbols=["e"]) == sp.Symbol("e") ** x


def test_sympy_objects_pass_through():
    assert parse(x**2) == x**2


@pytest.mark.parametrize("text,fragment", [
    ("x^", "x**2"), ("x**", "x**2"), ("(x+1", "unbalanced"), ("x+1)", "unbalanced"), ("foo(x)", "unknown function"),
    ("2 3", "operator"), ("x^2 = 2", "equation"), ("y = x = 2", "equation"), ("sin()", "empty"), ("", "empty"),
    ("x +", "end"),
    ("log(x, 1)", "base"), ("1/0", "zero"), ("max(x)", "two"), ("x.y", "'.'"), ("x*^2", "x**2"),
    (r"\foo x", "unknown LaTeX"), ("sin(x, y)", "one argument"), ("x ! ", "factorial"),
])
def test_errors_have_position_and_hint(text, fragment):
    with pytest.raises(ParseError) as info:
        parse(text)
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)
    assert info.value.position is not None or text == ""


def test_error_position_points_at_the_problem():
    with pytest.raises(ParseError) as info:
        parse("x + y + foo(3)")
    assert info.value.position == 8
    with pytest.raises(ParseError) as info:
        parse("x + $")
    assert info.value.position == 4


HOSTILE = [
    "().__class__", "().__class__.__bases__[0].__subclasses__()", "__import__('os').system('echo hi')",
    "__import__", "x.__class__", "lambda: 1", "lambda x: x", "(lambda: 1)()", "[x for x in range(10)]",
    "{x: 1 for x in y}", "(x for x in y)", "exec('1')", "eval('1')", "open('/etc/passwd')", "getattr(x, 'y')",
    "import os", "os.system('ls')", "globals()", "sys.modules", "x if y else z", "x; y", "print(1)",
    "'a'", '"a"', "x[0:1]", "f'{x}'", "b'x'", "`x`", "x @ y", "x := 1", "x % 2", "x // 2", "x & y", "~x",
    "9**9**9**9", "9^9^9^9", "2^(10^10)", "10**10000", "factorial(10**7)", "(10**7)!", "x^100000",
    "1" * 40, "(" * 2000 + "x" + ")" * 2000, "-" * 3000 + "x", "x" * 100_000, "+".join(["x"] * 100_000),
    "sin(" * 500 + "x" + ")" * 500, "|" * 1000, "x^" * 1500 + "2", "\\frac{" * 300 + "x",
]


@pytest.mark.parametrize("text", HOSTILE, ids=[f"{i}:{t[:25]}" for i, t in enumerate(HOSTILE)])
def test_hostile_input_is_refused_quickly_and_runs_nothing(text, monkeypatch):
    calls = []

    def trap(*a, **k):
        calls.append(a)
        raise AssertionError("eval/exec/sympify must never be called")

    monkeypatch.setattr(builtins, "eval", trap)
    monkeypatch.setattr(builtins, "exec", trap)
    monkeypatch.setattr(builtins, "__import__", _guarded_import(builtins.__import__, calls))
    monkeypatch.setattr(sp, "sympify", trap)
    monkeypatch.setattr(sp, "parse_expr", trap)
    with pytest.raises(ParseError):
        parse(text)
    assert not calls


def _guarded_import(real, calls):
    def imp(name, *a, **k):
        if name in ("os", "subprocess", "sys") and not a:
            calls.append(name)
        return real(name, *a, **k)

    return imp


def test_normal_use_runs_no_eval(monkeypatch):
    """Parsing and differentiating ordinary input never calls eval/exec/sympify either."""
    d = mb.diff("x^2 + 3xy", "x")  # warm up imports
    d.text("ko"), d.text("en")

    def trap(*a, **k):
        if any(isinstance(v, str) for v in a):  # the import system execs code objects, never text
            raise AssertionError(f"eval/exec/sympify called on text: {a[0]!r}")
        return real_exec(*a, **k)

    real_exec = builtins.exec

    monkeypatch.setattr(builtins, "eval", trap)
    monkeypatch.setattr(builtins, "exec", trap)
    monkeypatch.setattr(sp, "sympify", trap)
    monkeypatch.setattr(sp, "parse_expr", trap)
    for text in ("7xy/e^(x^2+y^2)", r"\frac{\ln x}{x}", "x^x", "sigmoid(2x)", "|x - 1|", r"\log_2 x"):
        d = mb.diff(text, "x")
        d.text("ko")
        d.latex("en")


def test_length_limit():
    parse("x+" * (MAX_LENGTH // 2 - 1) + "x")
    with pytest.raises(ParseError, match="too long"):
        parse("x+" * (MAX_LENGTH // 2) + "x")


def test_not_a_string():
    with pytest.raises(ParseError):
        parse(3.5)
