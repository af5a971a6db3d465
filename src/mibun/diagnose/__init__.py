"""``mb.diagnose``: is the gradient getting through?

* ``gradient_flow(model, batch, loss_fn)``: per-layer ‖∇θ‖, ‖θ‖, ‖∇θ‖/‖θ‖ and a verdict naming vanishing
  and exploding layers (``flow.py`` documents the criterion); ``GradientFlowCallback`` records it
  during ``mibun.train.fit``;
* ``hidden_gradients(rnn, x, loss_fn)``: ‖∂L/∂hₜ‖ for every time step of a recurrent layer;
* ``saliency`` and ``guided_backprop``: which input pixels a class score is sensitive to, and
  ``plot_saliency`` to show them over the input;
* ``vanishing_demo()``: the worked demonstration behind ``mibun vanish`` (sigmoid vs ReLU+He vs
  residual at depth 20, tanh RNN vs LSTM over time), with the theory's 0.25ⁿ beside the measurements.

None of these writes the model's ``.grad``.
"""

from mibun.diagnose.callback import GradientFlowCallback
from mibun.diagnose.demo import VanishingDemo, recurrent_demo, vanishing_demo
from mibun.diagnose.flow import EXPLODE, VANISH, GradientFlow, LayerGrad, gradient_flow
from mibun.diagnose.recurrent import HiddenGradients, hidden_gradients
from mibun.diagnose.saliency import guided_backprop, input_gradient, plot_saliency, saliency

__all__ = ["gradient_flow", "GradientFlow", "LayerGrad", "GradientFlowCallback", "hidden_gradients",
           "HiddenGradients", "saliency", "guided_backprop", "input_gradient", "plot_saliency", "vanishing_demo",
           "recurrent_demo", "VanishingDemo", "VANISH", "EXPLODE"]
