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
}
