"""English messages of `mb.check`: symbolic vs automatic vs numerical (``check.*``)."""

MESSAGES: dict[str, str] = {
    # --- check (mb.check) ---
    "check.function": "f = {f}",
    "check.point": "at {point}: f = {value}",
    "check.formula": "formula",
    "check.method.symbolic": "symbolic",
    "check.method.reverse": "reverse mode",
    "check.method.forward": "forward mode",
    "check.method.numeric": "numerical",
    "check.maxdiff": "largest relative difference between the methods: {d}",
    "check.agree": "verdict: all four agree",
    "check.disagree": "verdict: DISAGREE — {method} is off for ∂f/∂{var} (relative difference {d})",
    "check.nondiff.kink": "not differentiable: at {at}, f has a kink along {var} (left derivative {left}, right derivative {right}), so there is no single derivative to compare",
    "check.nondiff.jump": "not differentiable: at {at}, f jumps along {var} (it is not continuous there; left {left}, right {right})",
    "check.nondiff.infinite_slope": "not differentiable: at {at}, the slope along {var} is infinite (left derivative {left}, right derivative {right}; — means f is undefined on that side)",
    "check.nondiff.undetermined": "no derivative found: at {at}, the difference quotients along {var} do not settle (f oscillates or has a pole right there)",
    "check.nondiff_short": "not differentiable here",
    "check.disagree_short": "DISAGREE",
    "check.err.no_variable": "check: {expr} has no variable to differentiate",
    "check.err.count": "check: {n} variable(s) ({names}) but {m} value(s) in at=; give at={{'x': …}}",
    "check.err.missing": "check: no value for {names}; add it to at=, e.g. at={example}",
    "check.err.kind": "check: expected text, a SymPy expression or a function, got {kind}",
    "check.numeric_error": "± (numerical)",
    "check.err.domain": "check: the point {point} is outside the domain of f (f there is {value}); choose a point where f is defined",
}
