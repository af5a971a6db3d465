"""English messages of `mibun tour`: the guided HTML tour (``tour.*``)."""

MESSAGES: dict[str, str] = {
    # --- tour ---
    "tour.title": "mibun tour: differentiation for deep learning, in one run",
    "tour.limits": "1. Limits: approaching a point from both sides",
    "tour.quotient": "2. The difference quotient and its error",
    "tour.quotient_text": "x² at 3 with h = 0.01: (f(3.01) − f(3))/0.01 = {q}, not 6 — the error is h = {err}. The table shows the error falling with h until rounding takes over (the V).",
    "tour.rules": "3. Differentiation rules, step by step",
    "tour.partials": "4. Partial derivatives, total differential, gradient",
    "tour.sigmoid": "5. The derivatives of sigmoid and softmax",
    "tour.cross_entropy": "6. Cross-entropy of softmax: ∂L/∂o = ŷ − y",
    "tour.yhat_check": "checked with backprop on a batch of 2: largest |backprop − (ŷ − y)| = {err}",
    "tour.backprop": "7. Backprop of a small network, checked four ways and explained rule by rule",
    "tour.training": "8. Training a network on the handwritten digits",
    "tour.training_text": "an MLP 64-128-10 (ReLU, dropout) trained for {epochs} epochs with Adam: test accuracy {acc}",
    "tour.done": "done in {s} s: open {path}",
}
