"""The misconception catalogue: every mistake mibun can name, in the order it is preferred when one wrong
answer fits several (the specific before the general). The words (name, explanation) are in the message
catalogues (``answers.mis.<key>.name`` / ``.explain``, Korean and English); each entry carries a worked
counter-example, which the tests grade to prove that the entry is detected.

Detection never matches text: each entry is *generated* — the worked derivation is re-run with the faulty
rule (:mod:`mibun.answers.faulty`) or the task is transformed (:mod:`mibun.answers.generate`) — and the
student's answer is compared with what the misconception would produce.
"""

from __future__ import annotations

from dataclasses import dataclass

from mibun.i18n import t


@dataclass(frozen=True)
class Misconception:
    """One catalogue entry: ``key``, the ``rule`` (step rule name) it corrupts, and a worked counter-example
    (``task``, the ``wrong`` answer this misconception gives, ``kind``, ``wrt``/``to``)."""

    key: str
    rule: str
    task: str
    wrong: str
    kind: str = "derivative"
    wrt: str | None = None
    to: str | None = None

    def name(self, lang: str | None = None) -> str:
        return t(f"answers.mis.{self.key}.name", lang)

    def explain(self, lang: str | None = None, **fields) -> str:
        return t(f"answers.mis.{self.key}.explain", lang, **fields)


CATALOGUE: tuple[Misconception, ...] = (
    Misconception("ln_missing_inner", "chain", "ln(x^2 + 1)", "1/(x^2 + 1)"),
    Misconception("sigmoid_derivative_squared", "sigmoid", "sigmoid(x)", "sigmoid(x)^2"),
    Misconception("softmax_missing_offdiagonal", "partial", "e^a/(e^a + e^b + e^c)", "0", kind="partial", wrt="b"),
    Misconception("yhat_minus_y_sign", "partial", "-ln(sigmoid(z))", "1 - sigmoid(z)"),
    Misconception("xx_power_rule", "general_power", "x^x", "x*x^(x-1)"),
    Misconception("xx_exponential_rule", "general_power", "x^x", "x^x*ln(x)"),
    Misconception("exp_base_missing_ln", "exp_base", "2^x", "2^x"),
    Misconception("log_base_missing_ln", "log_base", "log_2(x)", "1/x"),
    Misconception("power_rule_on_exponential", "exp", "e^x", "x*e^(x-1)"),
    Misconception("reciprocal_of_derivative", "power", "1/x^3", "1/(3x^2)"),
    Misconception("power_rule_exponent_raised", "power", "1/x^3", "-3/x^2"),
    Misconception("power_rule_exponent_kept", "power", "x^3", "3x^3"),
    Misconception("trig_sign", "cos", "cos(x)", "sin(x)"),
    Misconception("product_rule_as_product", "product", "x^2*sin(x)", "2x*cos(x)"),
    Misconception("quotient_rule_order", "quotient", "sin(x)/x", "(sin(x) - x*cos(x))/x^2"),
    Misconception("quotient_rule_sign", "quotient", "sin(x)/x", "(x*cos(x) + sin(x))/x^2"),
    Misconception("quotient_rule_denominator", "quotient", "sin(x)/x", "(x*cos(x) - sin(x))/x"),
    Misconception("quotient_as_quotient", "quotient", "x^2/(x+1)", "2x"),
    Misconception("chain_missing_inner", "chain", "sin(x^2)", "cos(x^2)"),
    Misconception("chain_wrong_inner", "chain", "sin(x^2)", "cos(2x)"),
    Misconception("constant_derivative_nonzero", "constant", "x^2 + 5", "2x + 5"),
    Misconception("constant_factor_dropped", "constant_multiple", "3x^2", "2x"),
    Misconception("partial_constant_as_variable", "partial", "x^2*y", "2x*y + x^2", kind="partial", wrt="x"),
    Misconception("partial_variable_as_constant", "partial", "x^2*y", "x^2", kind="partial", wrt="x"),
    Misconception("gradient_components_swapped", "gradient", "x^2 + 3y", "(3, 2x)", kind="gradient"),
    Misconception("limit_one_sided", "limit", "abs(x)/x", "1", kind="limit", to="0"),
    Misconception("limit_infinite_sign", "limit", "-1/x^2", "oo", kind="limit", to="0"),
    Misconception("limit_infinite_as_dne", "limit", "1/x^2", "DNE", kind="limit", to="0"),
    Misconception("limit_exists_as_dne", "limit", "(x^2 - 1)/(x - 1)", "DNE", kind="limit", to="1"),
    Misconception("off_by_sign", "answer", "tan(x)", "-1/cos(x)^2"),
    Misconception("off_by_factor", "answer", "x^4", "2x^3"),
    Misconception("off_by_constant", "answer", "x^3", "3x^2 + 1"),
)

BY_KEY: dict[str, Misconception] = {m.key: m for m in CATALOGUE}
ORDER: dict[str, int] = {m.key: i for i, m in enumerate(CATALOGUE)}


def get(key: str) -> Misconception:
    """The catalogue entry ``key``."""
    return BY_KEY[key]


def keys() -> list[str]:
    """All misconception keys, most specific first."""
    return [m.key for m in CATALOGUE]


__all__ = ["Misconception", "CATALOGUE", "BY_KEY", "ORDER", "get", "keys"]
