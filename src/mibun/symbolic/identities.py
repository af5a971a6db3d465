"""Named deep-learning derivations as worked examples, each step checked against SymPy:

    from mibun.symbolic import identities
    identities.names()                          # the available examples
    print(identities.get("sigmoid_derivative").text("ko"))

* ``sigmoid_derivative``      σ'(x) = σ(x)(1 − σ(x))
* ``sigmoid_symmetry``        σ(x) + σ(−x) = 1 (point symmetry about (0, 1/2))
* ``softmax_jacobian``        ∂sᵢ/∂xⱼ: i = j gives sᵢ(1 − sᵢ), i ≠ j gives −sᵢsⱼ; J = diag(s) − ssᵀ
* ``softmax2_is_sigmoid``     softmax with n = 2: s₁ = σ(x₁ − x₂)
* ``softmax_cross_entropy``   ∂L/∂xⱼ = ŷⱼ − yⱼ for L = −Σₖ yₖ ln ŷₖ, ŷ = softmax(x), Σₖ yₖ = 1
* ``linear_layer_mse``        ∂L/∂wᵢⱼ = 2(ŷᵢ − yᵢ)xⱼ for ŷ = Wx + b, L = Σᵢ(ŷᵢ − yᵢ)²

Every equality shown is verified (random points, or SymPy's simplify) when the example is built; a failure
raises :class:`~mibun.symbolic.derivation.VerificationError`.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from mibun.errors import InputError
from mibun.symbolic.derivation import Derivation, derivation_for, verify
from mibun.symbolic.functions import sigmoid
from mibun.symbolic.multivar import jacobian, softmax, verify_equal
from mibun.symbolic.parser import evaluate
from mibun.symbolic.rules import Math, Step


def _eq(rule, lhs_expr, rhs, syms, lhs=None, notes=(), check=True, substeps=()) -> Step:
    if check:
        verify_equal(lhs_expr, rhs, syms)
    return Step(rule, lhs_expr, None, rhs, kind="eq", lhs=lhs, notes=[(k, {}) for k in notes],
                substeps=list(substeps))


def _frac(a, b):
    return sp.Mul(a, sp.Pow(b, -1, evaluate=False), evaluate=False)


def sigmoid_derivative() -> Derivation:
    """σ'(x) = σ(x)(1 − σ(x)), from σ(x) = 1/(1 + e^{−x}) by the rules."""
    x = sp.Symbol("x")
    s = sp.Pow(1 + sp.exp(-x), -1, evaluate=False)
    tree, d, simp = derivation_for(s, x)
    verify(s, x, d)
    steps = [
        _eq("algebra", sigmoid(x), s, [x], notes=["symbolic.id_sigmoid_def"]),
        Step("differentiate", s, x, d, substeps=[tree, simp]),
    ]
    split = sp.Mul(_frac(1, 1 + sp.exp(-x)), _frac(sp.exp(-x), 1 + sp.exp(-x)), evaluate=False)
    steps.append(_eq("algebra", d, split, [x], notes=["symbolic.id_sigmoid_split"]))
    one_minus = sp.Add(1, -_frac(1, 1 + sp.exp(-x)), evaluate=False)
    steps.append(_eq("algebra", _frac(sp.exp(-x), 1 + sp.exp(-x)), one_minus, [x],
                     notes=["symbolic.id_sigmoid_one_minus"]))
    result = sigmoid(x) * (1 - sigmoid(x))
    steps.append(_eq("conclusion", d, result, [x], lhs=("σ′(x)", r"\sigma'(x)")))
    verify(sigmoid(x), x, result)
    return Derivation(sigmoid(x), x, steps, result, answer_lhs=("σ′(x)", r"\sigma'(x)"),
                      heading=("symbolic.id_heading_sigmoid_derivative", {}))


def sigmoid_symmetry() -> Derivation:
    """σ(x) + σ(−x) = 1: the graph is point-symmetric about (0, 1/2)."""
    x = sp.Symbol("x")
    s_neg = _frac(1, 1 + sp.exp(x))
    times = _frac(sp.exp(-x), sp.exp(-x) + 1)
    steps = [
        _eq("algebra", sigmoid(-x), s_neg, [x], notes=["symbolic.id_sigmoid_def"]),
        _eq("algebra", s_neg, times, [x], notes=["symbolic.id_sym_multiply"]),
        _eq("algebra", sigmoid(x) + sigmoid(-x), _frac(1 + sp.exp(-x), 1 + sp.exp(-x)), [x],
            lhs=("σ(x) + σ(−x)", r"\sigma(x) + \sigma(-x)"), notes=["symbolic.id_sym_add"]),
        _eq("conclusion", sigmoid(x) + sigmoid(-x), sp.Integer(1), [x], lhs=("σ(x) + σ(−x)", r"\sigma(x) + \sigma(-x)"),
            notes=["symbolic.id_sym_point"]),
    ]
    return Derivation(sigmoid(x) + sigmoid(-x), x, steps, sp.Integer(1),
                      answer_lhs=("σ(x) + σ(−x)", r"\sigma(x) + \sigma(-x)"),
                      heading=("symbolic.id_heading_sigmoid_symmetry", {}))


def softmax_jacobian(n: int = 3) -> Derivation:
    """∂sᵢ/∂xⱼ for sᵢ = e^{xᵢ}/Σₖe^{xₖ}: the two cases by the quotient rule, then J = diag(s) − ssᵀ for n."""
    if not isinstance(n, int) or not 2 <= n <= 6:
        raise InputError("symbolic.err.softmax_jacobian_n")
    xi, xj, S = sp.symbols("x_i x_j S", positive=True)
    ei, ej = sp.exp(xi), sp.exp(xj)
    si, sj = sp.Symbol("s_i"), sp.Symbol("s_j")
    # case i = j: (e^{x_i} S − e^{x_i} e^{x_i}) / S² with S' = e^{x_i}
    same = _frac(sp.Add(ei * S, -ei * ei, evaluate=False), sp.Pow(S, 2))
    same_s = sp.Add(si, -si**2, evaluate=False)
    other = _frac(sp.Add(0 * S, -ei * ej, evaluate=False), sp.Pow(S, 2))
    steps = [
        Step("quotient", _frac(ei, S), xi, same, notes=[("symbolic.id_softmax_same", {})]),
        _eq("algebra", same, sp.Mul(si, 1 - si), [], check=False, lhs=None,
            notes=["symbolic.softmax_diag"]),
        Step("quotient", _frac(ei, S), xj, other, notes=[("symbolic.id_softmax_other", {})]),
        _eq("algebra", other, -si * sj, [], check=False, notes=["symbolic.softmax_offdiag"]),
    ]
    # the two generic identities, checked on S = e^{x_i} + e^{x_j} + c
    c = sp.Symbol("c", positive=True)
    sub = {S: ei + ej + c, si: ei / (ei + ej + c), sj: ej / (ei + ej + c)}
    verify_equal(same.xreplace(sub), same_s.xreplace(sub), [xi, xj, c])
    verify_equal(sp.diff(ei / (ei + ej + c), xi), (si * (1 - si)).xreplace(sub), [xi, xj, c])
    verify_equal(sp.diff(ei / (ei + ej + c), xj), (-si * sj).xreplace(sub), [xi, xj, c])
    xs = [sp.Symbol(f"x_{k + 1}") for k in range(n)]
    J = jacobian(softmax(xs), xs)
    steps.extend(J.steps)
    return Derivation(J.expr, J.var, steps, J.result, answer_lhs=("J", "J"), partial=True,
                      heading=("symbolic.id_heading_softmax_jacobian", {"n": n}))


def softmax2_is_sigmoid() -> Derivation:
    """softmax with two inputs is the sigmoid of their difference: s₁ = σ(x₁ − x₂)."""
    x1, x2 = sp.symbols("x_1 x_2")
    s1 = _frac(sp.exp(x1), sp.exp(x1) + sp.exp(x2))
    divided = _frac(1, 1 + sp.exp(x2 - x1))
    steps = [
        _eq("algebra", s1, divided, [x1, x2], notes=["symbolic.id_softmax2_divide"]),
        _eq("algebra", divided, _frac(1, 1 + sp.exp(sp.Mul(-1, x1 - x2, evaluate=False))), [x1, x2]),
        _eq("conclusion", s1, sigmoid(x1 - x2), [x1, x2], notes=["symbolic.id_softmax2_sigmoid"]),
    ]
    return Derivation(s1, (x1, x2), steps, sigmoid(x1 - x2), answer_lhs=("s₁", "s_1"),
                      heading=("symbolic.id_heading_softmax2", {}))


def softmax_cross_entropy(n: int = 3, j: int = 1) -> Derivation:
    """∂L/∂xⱼ = ŷⱼ − yⱼ for L = −Σₖ yₖ ln ŷₖ with ŷ = softmax(x) and Σₖ yₖ = 1 (the Σ over k ≠ j spelled out)."""
    if not isinstance(n, int) or not 2 <= n <= 6 or not isinstance(j, int) or not 1 <= j <= n:
        raise InputError("symbolic.err.softmax_cross_entropy_n")
    L_ = Math("L", "L")
    dL = ("∂L/∂x_j", r"\frac{\partial L}{\partial x_j}")
    steps = [
        Step("algebra", L_, None, Math("−Σ_k y_k·ln ŷ_k", r"-\sum_k y_k \ln \hat y_k"), kind="eq",
             lhs=("L", "L"), notes=[("symbolic.id_ce_def", {})]),
        Step("chain", L_, None, Math("−Σ_k y_k·∂(ln ŷ_k)/∂x_j",
                                     r"-\sum_k y_k \frac{\partial \ln \hat y_k}{\partial x_j}"),
             kind="eq", lhs=dL, notes=[("symbolic.id_ce_chain", {})]),
        Step("algebra", L_, None, Math("x_k − ln Σ_m e^(x_m)", r"x_k - \ln \sum_m e^{x_m}"), kind="eq",
             lhs=("ln ŷ_k", r"\ln \hat y_k"), notes=[("symbolic.id_ce_logsoftmax", {})]),
        Step("algebra", L_, None, Math("δ_kj − ŷ_j", r"\delta_{kj} - \hat y_j"), kind="eq",
             lhs=("∂(ln ŷ_k)/∂x_j", r"\frac{\partial \ln \hat y_k}{\partial x_j}"),
             notes=[("symbolic.id_ce_delta", {})]),
        Step("sum", L_, None, Math("−y_j·(1 − ŷ_j) − Σ_{k≠j} y_k·(−ŷ_j)",
                                   r"-y_j (1 - \hat y_j) - \sum_{k \ne j} y_k (-\hat y_j)"),
             kind="eq", lhs=dL, notes=[("symbolic.id_ce_split", {})]),
        Step("algebra", L_, None, Math("−y_j + ŷ_j·(y_j + Σ_{k≠j} y_k)",
                                       r"-y_j + \hat y_j \left(y_j + \sum_{k \ne j} y_k\right)"),
             kind="eq", lhs=dL),
        Step("conclusion", L_, None, Math("ŷ_j − y_j", r"\hat y_j - y_j"), kind="eq", lhs=dL,
             notes=[("symbolic.id_ce_onehot", {})]),
    ]
    # the concrete check for this n and j: differentiate L with y_n = 1 − Σ_{k<n} y_k
    xs = [sp.Symbol(f"x_{k + 1}") for k in range(n)]
    ys = [sp.Symbol(f"y_{k + 1}") for k in range(n)]
    s = [evaluate(e) for e in softmax(xs)]
    L = -sp.Add(*[ys[k] * sp.log(s[k]) for k in range(n)])
    onehot = {ys[-1]: 1 - sp.Add(*ys[:-1])}
    dL = sp.diff(L, xs[j - 1]).xreplace(onehot)
    target = (s[j - 1] - ys[j - 1]).xreplace(onehot)
    verify_equal(dL, target, xs + ys[:-1])
    result = s[j - 1] - ys[j - 1]
    steps.append(Step("verify", L_, None, result, kind="eq",
                      lhs=(f"∂L/∂x_{j} (n = {n})", rf"\frac{{\partial L}}{{\partial x_{j}}}\ (n = {n})"),
                      notes=[("symbolic.verified", {})]))
    return Derivation(L, xs[j - 1], steps, result, answer_lhs=(f"∂L/∂x_{j}", rf"\frac{{\partial L}}{{\partial x_{j}}}"),
                      partial=True, heading=("symbolic.id_heading_ce", {"n": n}))


def linear_layer_mse(n_in: int = 2, n_out: int = 2) -> Derivation:
    """∂L/∂wᵢⱼ = 2(ŷᵢ − yᵢ)·xⱼ for ŷ = Wx + b and L = Σᵢ (ŷᵢ − yᵢ)²; the matrix is 2(ŷ − y)xᵀ."""
    if not all(isinstance(v, int) and 1 <= v <= 4 for v in (n_in, n_out)):
        raise InputError("symbolic.err.linear_layer_mse_n")
    xs = [sp.Symbol(f"x_{j + 1}") for j in range(n_in)]
    ys = [sp.Symbol(f"y_{i + 1}") for i in range(n_out)]
    bs = [sp.Symbol(f"b_{i + 1}") for i in range(n_out)]
    W = [[sp.Symbol(f"w_{i + 1}{j + 1}") for j in range(n_in)] for i in range(n_out)]
    yhat = [sp.Add(*[W[i][j] * xs[j] for j in range(n_in)]) + bs[i] for i in range(n_out)]
    L = sp.Add(*[(yhat[i] - ys[i]) ** 2 for i in range(n_out)])
    L_ = Math("L", "L")
    dW = ("∂L/∂w_ij", r"\frac{\partial L}{\partial w_{ij}}")
    steps = [
        Step("algebra", L_, None, Math("Σ_i (ŷ_i − y_i)^2, ŷ_i = Σ_j w_ij·x_j + b_i",
                                       r"\sum_i (\hat y_i - y_i)^2,\quad \hat y_i = \sum_j w_{ij} x_j + b_i"),
             kind="eq", lhs=("L", "L"), notes=[("symbolic.id_lin_def", {})]),
        Step("partial", L_, None, Math("∂(ŷ_i − y_i)^2/∂w_ij",
                                       r"\frac{\partial (\hat y_i - y_i)^2}{\partial w_{ij}}"),
             kind="eq", lhs=dW, notes=[("symbolic.id_lin_only_i", {})]),
        Step("chain", L_, None, Math("2·(ŷ_i − y_i)·∂ŷ_i/∂w_ij",
                                     r"2 (\hat y_i - y_i) \frac{\partial \hat y_i}{\partial w_{ij}}"),
             kind="eq", lhs=dW),
        Step("partial", L_, None, Math("x_j", "x_j"), kind="eq",
             lhs=("∂ŷ_i/∂w_ij", r"\frac{\partial \hat y_i}{\partial w_{ij}}"),
             notes=[("symbolic.id_lin_dyhat", {})]),
        Step("conclusion", L_, None, Math("2·(ŷ_i − y_i)·x_j", r"2 (\hat y_i - y_i)\, x_j"), kind="eq", lhs=dW,
             notes=[("symbolic.id_lin_matrix", {})]),
    ]
    # concrete: the full rule tree for w_11, and every entry checked
    tree, d11, simp = derivation_for(L, W[0][0])
    verify(L, W[0][0], d11)
    steps.append(Step("differentiate", L, W[0][0], d11, substeps=[tree, simp], partial=True))
    grads = sp.Matrix(n_out, n_in, lambda i, j: 2 * (yhat[i] - ys[i]) * xs[j])
    syms = xs + ys + bs + [w for row in W for w in row]
    for i in range(n_out):
        for j in range(n_in):
            verify_equal(sp.diff(L, W[i][j]), grads[i, j], syms)
    return Derivation(L, tuple(w for row in W for w in row), steps, grads, partial=True,
                      answer_lhs=("∂L/∂W", r"\frac{\partial L}{\partial W}"),
                      heading=("symbolic.id_heading_linear", {"n_in": n_in, "n_out": n_out}))


IDENTITIES: dict[str, Callable[..., Derivation]] = {
    "sigmoid_derivative": sigmoid_derivative,
    "sigmoid_symmetry": sigmoid_symmetry,
    "softmax_jacobian": softmax_jacobian,
    "softmax2_is_sigmoid": softmax2_is_sigmoid,
    "softmax_cross_entropy": softmax_cross_entropy,
    "linear_layer_mse": linear_layer_mse,
}


def names() -> list[str]:
    """The names of the worked examples."""
    return list(IDENTITIES)


def get(name: str, **kwargs) -> Derivation:
    """The worked example ``name`` (see :func:`names`) as a Derivation."""
    try:
        fn = IDENTITIES[name]
    except KeyError:
        raise InputError("symbolic.err.no_worked_example_named", name=name, known=', '.join(IDENTITIES)) from None
    return fn(**kwargs)


__all__ = ["names", "get", "IDENTITIES", *IDENTITIES]
