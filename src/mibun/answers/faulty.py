"""Re-running the worked derivation with one faulty rule: the answer a misconception would produce.

:class:`FaultyDeriver` is mibun's own rule-by-rule differentiator (:class:`mibun.symbolic.rules.Deriver`)
with one rule replaced by the student's wrong version of it — the product rule as the product of the
derivatives, the chain rule without the inner derivative, … . Each place where the faulty rule can apply
is a *site*; the deriver can apply the fault at every site or at chosen ones (a student often slips once).
It records where it applied the fault (rule, expression) so the worked derivation can mark the step where
the student's path diverges.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from mibun.symbolic import functions as mf
from mibun.symbolic.parser import substitute
from mibun.symbolic.rules import Deriver, Step, rmul

#: the faults this deriver knows (catalogue keys; variants of a key end in ":<n>")
FAULTS = (
    "chain_missing_inner", "chain_wrong_inner:outer_at_derivative", "chain_wrong_inner:innermost",
    "ln_missing_inner", "product_rule_as_product", "quotient_rule_order", "quotient_rule_sign",
    "quotient_rule_denominator", "quotient_as_quotient", "reciprocal_of_derivative", "power_rule_exponent_kept",
    "power_rule_exponent_raised", "power_rule_on_exponential",
    "exp_base_missing_ln", "log_base_missing_ln", "constant_derivative_nonzero:kept",
    "constant_derivative_nonzero:one", "constant_factor_dropped", "trig_sign:sin", "trig_sign:cos",
    "xx_power_rule", "xx_exponential_rule", "sigmoid_derivative_squared",
)


#: the worked derivation's rules each fault needs (a fault whose rules are not used has no site)
NEEDS: dict[str, set[str]] = {
    "chain_missing_inner": {"chain"}, "chain_wrong_inner": {"chain"}, "ln_missing_inner": {"ln"},
    "product_rule_as_product": {"product"}, "quotient_rule_order": {"quotient"}, "quotient_rule_sign": {"quotient"},
    "quotient_rule_denominator": {"quotient"}, "quotient_as_quotient": {"quotient"},
    "reciprocal_of_derivative": {"power", "sqrt"}, "power_rule_exponent_kept": {"power", "sqrt"},
    "power_rule_exponent_raised": {"power", "sqrt"}, "power_rule_on_exponential": {"exp", "exp_base"},
    "exp_base_missing_ln": {"exp_base"}, "log_base_missing_ln": {"log_base"},
    "constant_derivative_nonzero": {"constant"}, "constant_factor_dropped": {"constant_multiple"},
    "trig_sign": {"sin", "cos"}, "xx_power_rule": {"general_power"}, "xx_exponential_rule": {"general_power"},
    "sigmoid_derivative_squared": {"sigmoid"},
}


@dataclass
class Site:
    """Where a fault was applied: the rule of the worked step, its expression, the correct and faulty result."""

    rule: str
    expr: sp.Basic
    correct: sp.Basic
    wrong: sp.Basic


class FaultyDeriver(Deriver):
    """A Deriver with the fault ``fault`` (or several faults of different rules, a tuple) applied at the sites
    in ``sites`` (None: every site)."""

    def __init__(self, var, taken, partial=False, *, fault: str | tuple[str, ...], sites: set[int] | None = None):
        super().__init__(var, taken, partial)
        self.faults = (fault,) if isinstance(fault, str) else tuple(fault)
        self.keys = {f.split(":")[0] for f in self.faults}
        self.sites = sites
        self.count = 0
        self.applied: list[Site] = []

    def on(self, key: str) -> bool:
        """Is the misconception ``key`` one of this deriver's faults?"""
        return key in self.keys

    def variant(self, fault: str) -> bool:
        return fault in self.faults

    def _hit(self) -> bool:
        i = self.count
        self.count += 1
        return self.sites is None or i in self.sites

    def _record(self, step: Step, wrong) -> Step:
        self.applied.append(Site(step.rule, step.expr, step.result, wrong))
        step.result = wrong
        return step

    # -- constants ---------------------------------------------------------------------------------
    def derive(self, e):
        if self.var not in e.free_symbols and self.on("constant_derivative_nonzero") and e.is_number \
                and e != 0 and self._hit():
            step = super().derive(e)
            return self._record(step, e if self.variant("constant_derivative_nonzero:kept") else sp.Integer(1))
        return super().derive(e)

    # -- chain rule ------------------------------------------------------------------------------
    def _chain(self, e, inner, make_outer):
        step = super()._chain(e, inner, make_outer)
        fault = next((f for f in self.faults if f.startswith(("chain_", "ln_missing_inner"))), None)
        if fault is None:
            return step
        key = fault.split(":")[0]
        outer, inner_step = step.substeps
        u = sp.Symbol(next(iter(step.given)))
        if key == "ln_missing_inner" and outer.rule != "ln":
            return step
        if fault == "chain_wrong_inner:innermost" and _innermost(inner, self.var) == inner:
            return step
        if not self._hit():
            return step
        outer_at = substitute(outer.result, {u: inner})
        if key in ("chain_missing_inner", "ln_missing_inner"):
            wrong = outer_at
        elif fault == "chain_wrong_inner:outer_at_derivative":
            wrong = substitute(outer.result, {u: inner_step.result})
        else:
            deep = _innermost(inner, self.var)
            wrong = rmul([outer_at, sp.diff(deep, self.var)])
        return self._record(step, wrong)

    # -- outer rules ------------------------------------------------------------------------------
    def _outer(self, e, arg, var):
        step = super()._outer(e, arg, var)
        f = type(e)
        if self.variant("trig_sign:sin") and f is sp.sin and self._hit():
            return self._record(step, -sp.cos(var))
        if self.variant("trig_sign:cos") and f is sp.cos and self._hit():
            return self._record(step, sp.sin(var))
        if self.on("sigmoid_derivative_squared") and f is mf.sigmoid and self._hit():
            return self._record(step, mf.sigmoid(var) ** 2)
        if self.on("power_rule_on_exponential") and f is sp.exp and self._hit():
            return self._record(step, var * sp.exp(var - 1))
        return step

    def _power_outer(self, base_sym, n):
        step = super()._power_outer(base_sym, n)
        if self.on("power_rule_exponent_kept") and self._hit():
            return self._record(step, n * base_sym ** n)
        if self.on("power_rule_exponent_raised") and self._hit():
            return self._record(step, n * base_sym ** (n + 1))
        return step

    def _exp_base_outer(self, a, u):
        step = super()._exp_base_outer(a, u)
        if self.on("exp_base_missing_ln") and self._hit():
            return self._record(step, sp.Pow(a, u))
        if self.on("power_rule_on_exponential") and self._hit():
            return self._record(step, u * sp.Pow(a, u - 1))
        return step

    def _log_base(self, e):
        if not self.on("log_base_missing_ln") or self.var in e.args[1].free_symbols:
            return super()._log_base(e)
        arg, base = e.args
        hit = self._hit()
        step = super()._log_base(e)
        if not hit:
            return step
        inner = sp.Integer(1) if arg == self.var else sp.diff(arg, self.var)
        return self._record(step, inner / arg)

    # -- powers f^g ---------------------------------------------------------------------------------
    def _pow(self, e):
        b, n = e.args
        if self.on("reciprocal_of_derivative") and n.is_number and n.is_negative and \
                self.var in b.free_symbols:
            hit = self._hit()
            step = super()._pow(e)
            if not hit:
                return step
            d = sp.diff(b ** (-n), self.var)
            if d.is_number:   # 1/x: "1/1" would be the chain rule without its inner derivative
                return step
            return self._record(step, 1 / d)
        step = super()._pow(e)
        if step.rule != "general_power" or not (self.keys & {"xx_power_rule", "xx_exponential_rule"}):
            return step
        if not self._hit():
            return step
        b, n = e.args
        x = self.var
        if self.on("xx_power_rule"):
            wrong = n * b ** (n - 1) * sp.diff(b, x)
        else:
            wrong = e * sp.log(b) * sp.diff(n, x)
        return self._record(step, wrong)

    # -- products and quotients ---------------------------------------------------------------------
    def _mul(self, e):
        step = super()._mul(e)
        if step.rule == "constant_multiple" and self.on("constant_factor_dropped"):
            c = step.given.get("c")
            if c is not None and c not in (1, -1) and self._hit():
                return self._record(step, step.substeps[0].result)
            return step
        if step.rule == "product" and self.on("product_rule_as_product") and self._hit():
            return self._record(step, sp.Mul(*[s.result for s in step.substeps]))
        qk = next((k for k in self.keys if k.startswith("quotient_")), None)
        if step.rule == "quotient" and qk is not None and self._hit():
            f, g = step.given["f"], step.given["g"]
            df, dg = (s.result for s in step.substeps)
            wrong = {
                "quotient_rule_order": (f * dg - df * g) / g ** 2,
                "quotient_rule_sign": (df * g + f * dg) / g ** 2,
                "quotient_rule_denominator": (df * g - f * dg) / g,
                "quotient_as_quotient": df / dg if dg != 0 else sp.nan,
            }[qk]
            return self._record(step, wrong)
        return step


def _innermost(e: sp.Basic, x: sp.Symbol) -> sp.Basic:
    """The innermost argument of a nest of one-argument functions and powers around x (sin(x²)² → x²)."""
    cur = e
    while True:
        if isinstance(cur, sp.Function) and len(cur.args) == 1 and cur.args[0] != x:
            cur = cur.args[0]
        elif cur.is_Pow and x not in cur.exp.free_symbols and cur.base != x and not cur.base.is_Symbol:
            cur = cur.base
        else:
            return cur


def run(expr: sp.Basic, var: sp.Symbol, fault: str | tuple[str, ...], sites: set[int] | None = None) \
        -> tuple[sp.Basic | None, list[Site], int]:
    """(faulty result, the sites where the fault was applied, how many sites there are)."""
    others = sorted((s for s in expr.free_symbols if s != var), key=str)
    d = FaultyDeriver(var, {s.name for s in expr.free_symbols}, partial=bool(others), fault=fault, sites=sites)
    try:
        step = d.derive(expr)
    except (TypeError, ValueError, ZeroDivisionError, NotImplementedError, RecursionError):
        return None, [], 0
    if not d.applied:
        return None, [], d.count
    return step.result, d.applied, d.count


__all__ = ["FAULTS", "FaultyDeriver", "Site", "run"]
