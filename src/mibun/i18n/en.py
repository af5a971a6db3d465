"""English message catalogue. Keys are namespaced by area: ``engine.*``, ``numeric.*``, ``symbolic.*``,
``rule.*``, ``nn.*``, ``cli.*``, ``plot.*``, ``explain.*``, ``diagnose.*``. Every key exists in ko.py too."""

MESSAGES: dict[str, str] = {
    # --- engine / demo -------------------------------------------------------------------------
    "demo.title": "mibun demo: backpropagation through a small network, checked by finite differences",
    "demo.network": "network: x (4×3) → Linear(3→5) → tanh → Linear(5→2) → softmax cross-entropy",
    "demo.param": "parameter",
    "demo.autodiff": "backprop",
    "demo.numeric": "finite differences",
    "demo.maxerr": "max |difference|",
    "demo.verdict_ok": "all gradients agree with finite differences ({n} parameters, worst relative error {err:.1e})",
    "demo.verdict_bad": "gradients DISAGREE with finite differences (worst relative error {err:.1e})",
    "cli.help_more": "More commands arrive as mibun grows; see README.md.",
    "cli.error": "mibun: error: {msg}",
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
