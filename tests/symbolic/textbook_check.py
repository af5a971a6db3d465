"""Comparing an answer's printed form with the textbook's: the same expression tree after SymPy's automatic
evaluation, with a number multiplied into a bracket (4(2x − 3)·… and (8x − 12)·…) counted as the same form."""

from __future__ import annotations

import sympy as sp

from mibun.symbolic.parser import evaluate


def canon(e: sp.Basic) -> sp.Basic:
    e = evaluate(e)

    def spread(node):
        nums = [a for a in node.args if a.is_Number]
        adds = [a for a in node.args if a.is_Add]
        if len(node.args) > 2 and nums and adds:
            rest = [a for a in node.args if a is not nums[0] and a is not adds[0]]
            return sp.Mul(sp.expand(nums[0] * adds[0]), *rest)
        return node

    return e.replace(lambda n: n.is_Mul, spread)


def same_form(a: sp.Basic, b: sp.Basic) -> bool:
    return canon(a) == canon(b)
