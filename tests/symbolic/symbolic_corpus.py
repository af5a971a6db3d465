"""The expression corpus for the symbolic tests and the benchmark: hand-written entries (every rule and the
course examples) plus seeded random expressions. Each entry: (text, variable, rules that must appear)."""

from __future__ import annotations

import random

HAND: list[tuple[str, str, set[str]]] = [
    # course examples
    ("x^2 + 3xy + y - 3", "x", {"partial", "sum", "power", "constant_multiple", "constant"}),
    ("x^2 + 3xy + y - 3", "y", {"partial", "sum", "identity", "constant"}),
    ("x^3 + xy - y", "x", {"partial", "power"}),
    ("x^3 + xy - y", "y", {"partial"}),
    ("7xy/e^(x^2+y^2)", "x", {"quotient", "chain", "exp", "constant_multiple", "partial"}),
    ("7xy/e^(x^2+y^2)", "y", {"quotient", "chain", "exp", "partial"}),
    (r"\frac{7xy}{e^{x^2+y^2}}", "x", {"quotient", "chain", "exp"}),
    ("(2x-4)^3", "x", {"chain", "power"}),
    ("e^(2x)", "x", {"chain", "exp"}),
    # constant, identity, constant multiple, sum
    ("5", "x", {"constant"}),
    ("pi", "x", {"constant"}),
    ("x", "x", {"identity"}),
    ("3x", "x", {"constant_multiple", "identity"}),
    ("-x", "x", {"constant_multiple"}),
    ("x + 1", "x", {"sum", "identity", "constant"}),
    ("x - y", "x", {"sum", "partial"}),
    ("4x^3 - 2x^2 + 7x - 9", "x", {"sum", "power", "constant_multiple"}),
    ("x^5/5 + x^4/4", "x", {"sum", "power"}),
    # power rule
    ("x^2", "x", {"power"}),
    ("x^10", "x", {"power"}),
    ("x^(-3)", "x", {"power"}),
    ("x^(1/3)", "x", {"power"}),
    ("x^pi", "x", {"power"}),
    ("1/x", "x", {"power"}),
    ("1/x^2", "x", {"power"}),
    ("x**2 + x**3", "x", {"power", "sum"}),
    ("x²+y³", "x", {"power", "partial"}),
    # sqrt
    ("sqrt(x)", "x", {"sqrt"}),
    ("√x", "x", {"sqrt"}),
    ("sqrt(x^2 + 1)", "x", {"sqrt", "chain"}),
    (r"\sqrt{1 - x^2}", "x", {"sqrt", "chain"}),
    (r"\sqrt[3]{x}", "x", {"power"}),
    # exponentials
    ("e^x", "x", {"exp"}),
    ("exp(x)", "x", {"exp"}),
    ("e^(-x)", "x", {"exp", "chain"}),
    ("e^(x^2)", "x", {"exp", "chain", "power"}),
    ("exp(sin(x))", "x", {"exp", "chain", "sin"}),
    ("2^x", "x", {"exp_base"}),
    ("2^(3x)", "x", {"exp_base", "chain"}),
    ("10^(x^2)", "x", {"exp_base", "chain"}),
    ("a^x", "x", {"exp_base", "partial"}),
    # logarithms
    ("ln x", "x", {"ln"}),
    ("ln(x^2 + 1)", "x", {"ln", "chain"}),
    ("log(x)", "x", {"ln"}),
    ("log(x, 2)", "x", {"log_base"}),
    (r"\log_2 x", "x", {"log_base"}),
    (r"\log_{10}(x^2+1)", "x", {"log_base", "chain"}),
    ("log_3(2x)", "x", {"log_base", "chain"}),
    ("log(2, x)", "x", {"change_of_base"}),
    ("ln(ln x)", "x", {"ln", "chain"}),
    ("x ln x", "x", {"product", "ln"}),
    # product (2 and n factors)
    ("x sin x", "x", {"product", "sin"}),
    ("x^2 e^x", "x", {"product", "exp", "power"}),
    ("x e^x sin x", "x", {"product"}),
    ("(x+1)(x-1)(x+2)", "x", {"product", "sum"}),
    ("x^2 ln(x) cos(x)", "x", {"product", "ln", "cos"}),
    ("sin(x)cos(x)", "x", {"product"}),
    # quotient
    ("x/(x+1)", "x", {"quotient"}),
    ("sin(x)/x", "x", {"quotient", "sin"}),
    ("(x^2+1)/(x-1)", "x", {"quotient"}),
    ("e^x/x^2", "x", {"quotient", "exp"}),
    (r"\frac{\ln x}{x}", "x", {"quotient", "ln"}),
    ("x/e^x", "x", {"quotient"}),
    ("(2x+3)/(x^2+1)", "x", {"quotient"}),
    # trig and hyperbolic
    ("sin x", "x", {"sin"}),
    ("cos x", "x", {"cos"}),
    ("tan x", "x", {"tan"}),
    ("sin(2x)", "x", {"sin", "chain"}),
    ("cos(x^2)", "x", {"cos", "chain"}),
    ("tan(3x+1)", "x", {"tan", "chain"}),
    ("sin^2 x", "x", {"power", "chain", "sin"}),
    (r"\sin^2(x) + \cos^2(x)", "x", {"power", "chain"}),
    ("sec x", "x", {"sec"}),
    ("csc x", "x", {"csc"}),
    ("cot x", "x", {"cot"}),
    ("arcsin x", "x", {"asin"}),
    ("arccos(x)", "x", {"acos"}),
    ("arctan(x^2)", "x", {"atan", "chain"}),
    ("sinh x", "x", {"sinh"}),
    ("cosh(2x)", "x", {"cosh", "chain"}),
    ("tanh x", "x", {"tanh"}),
    (r"\tanh(x^2)", "x", {"tanh", "chain"}),
    ("sinh(x)/x", "x", {"quotient", "sinh"}),
    # sigmoid, softplus, relu, abs, max/min
    ("sigmoid(x)", "x", {"sigmoid"}),
    (r"\sigma(x)", "x", {"sigmoid"}),
    ("σ(2x+1)", "x", {"sigmoid", "chain"}),
    ("sigmoid(w x + b)", "w", {"sigmoid", "chain", "partial"}),
    ("softplus(x)", "x", {"softplus"}),
    ("softplus(x^2 - 1)", "x", {"softplus", "chain"}),
    ("relu(x)", "x", {"relu"}),
    ("relu(2x - 4)", "x", {"relu", "chain"}),
    (r"\operatorname{ReLU}(x)", "x", {"relu"}),
    ("|x|", "x", {"abs"}),
    ("|x - 1|", "x", {"abs", "chain"}),
    ("abs(x^2 - 4)", "x", {"abs", "chain"}),
    ("max(x, x^2)", "x", {"max"}),
    ("min(x, 1 - x)", "x", {"min"}),
    ("max(0, x)", "x", {"max"}),
    # general power (logarithmic differentiation)
    ("x^x", "x", {"general_power"}),
    ("x^(sin x)", "x", {"general_power"}),
    ("(x^2+1)^x", "x", {"general_power"}),
    ("x^(1/x)", "x", {"general_power"}),
    # chain rule, nested
    ("(x^2 + 1)^10", "x", {"chain", "power"}),
    ("sin(cos(x))", "x", {"chain", "sin", "cos"}),
    ("sin(sin(sin(sin(sin(sin(sin(sin(sin(sin(x))))))))))", "x", {"chain", "sin"}),
    ("tanh(tanh(tanh(tanh(tanh(tanh(tanh(tanh(tanh(tanh(x))))))))))", "x", {"chain", "tanh"}),
    ("sigmoid(sigmoid(sigmoid(x)))", "x", {"chain", "sigmoid"}),
    ("ln(sqrt(x^2 + 1))", "x", {"chain", "ln", "sqrt"}),
    ("e^(sin(x^2))", "x", {"chain", "exp", "sin", "power"}),
    ("1/(1 + e^(-x))", "x", {"chain", "exp"}),
    ("(1 - x)^(-1/2)", "x", {"chain", "power"}),
    # partial derivatives
    ("x^2 y^3", "y", {"partial", "power", "constant_multiple"}),
    ("x y z", "z", {"partial"}),
    ("sin(x y)", "y", {"partial", "chain", "sin"}),
    ("e^(x y)", "x", {"partial", "chain", "exp"}),
    ("x^2 + y^2 + z^2", "z", {"partial", "sum", "power"}),
    ("ln(x^2 + y^2)", "y", {"partial", "chain", "ln"}),
    ("w_1 x_1 + w_2 x_2 + b", "w_1", {"partial"}),
    ("(w x + b - y)^2", "w", {"partial", "chain", "power"}),
    ("(w x + b - y)^2", "b", {"partial", "chain", "power"}),
    ("x^y", "y", {"partial", "exp_base"}),
    ("x^y", "x", {"partial", "power"}),
    # calculator and LaTeX syntax variants
    ("2x^3 - 3x", "x", {"sum"}),
    ("3xy^2", "y", {"partial"}),
    ("x \\cdot e^{x}", "x", {"product"}),
    ("x \\times \\ln x", "x", {"product"}),
    (r"\left(x+1\right)^2", "x", {"chain", "power"}),
    (r"\frac{1}{x}", "x", {"power"}),
    (r"\frac{x^2}{2}", "x", {"constant_multiple"}),
    (r"\exp(x^2)", "x", {"exp", "chain"}),
    ("πx^2", "x", {"constant_multiple"}),
    ("0.5x^2", "x", {"constant_multiple"}),
    ("x**3 * y - 2*x", "x", {"partial"}),
    ("1/(x*(x+1))", "x", {"chain", "power"}),
    ("(sin x)/(cos x)", "x", {"quotient"}),
    ("e^x sin x", "x", {"product"}),
    ("xsinx", "x", {"product"}),
    ("lnx", "x", {"ln"}),
    ("sin2x", "x", {"chain"}),
    ("|2x - 1| + relu(x)", "x", {"abs", "relu", "sum"}),
    ("x^2/(1 + |x|)", "x", {"quotient", "abs"}),
]

_FUNCS = ["sin", "cos", "exp", "ln", "sqrt", "tanh", "sigmoid", "softplus", "atan", "sinh"]


def _rand_expr(rng: random.Random, depth: int) -> str:
    if depth == 0 or rng.random() < 0.25:
        return rng.choice(["x", "x", "y", str(rng.randint(1, 5)), "x"])
    kind = rng.random()
    if kind < 0.3:
        return f"({_rand_expr(rng, depth - 1)} {rng.choice(['+', '-'])} {_rand_expr(rng, depth - 1)})"
    if kind < 0.5:
        return f"({_rand_expr(rng, depth - 1)})*({_rand_expr(rng, depth - 1)})"
    if kind < 0.6:
        return f"({_rand_expr(rng, depth - 1)})/({_rand_expr(rng, depth - 1)} + 3)"
    if kind < 0.7:
        return f"({_rand_expr(rng, depth - 1)})^{rng.randint(2, 3)}"
    f = rng.choice(_FUNCS)
    inner = _rand_expr(rng, depth - 1)
    if f in ("ln", "sqrt"):
        inner = f"({inner})^2 + 1"
    return f"{f}({inner})"


def random_corpus(n: int = 60, seed: int = 5) -> list[tuple[str, str, set[str]]]:
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        text = _rand_expr(rng, 3)
        if "x" in text:
            out.append((text, "x", set()))
    return out


CORPUS = HAND + random_corpus()
