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
    "check.disagree_short": "DISAGREE",
    "check.err.no_variable": "check: {expr} has no variable to differentiate",
    "check.err.count": "check: {n} variable(s) ({names}) but {m} value(s) in at=; give at={{'x': …}}",
    "check.err.missing": "check: no value for {names}; add it to at=, e.g. at={example}",
    "check.err.kind": "check: expected text, a SymPy expression or a function, got {kind}",
    "check.numeric_error": "± (numerical)",
}
