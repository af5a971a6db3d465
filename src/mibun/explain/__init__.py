"""``mb.explain``: the chain rule along a recorded graph, rule by rule, with the numbers.

    import mibun as mb
    x = mb.tensor(0.5, requires_grad=True, name="x")
    L = mb.tanh(x * 2.0)
    print(mb.explain(L, x).text("ko"))

See ``walk.py`` (the graph and the per-edge numbers), ``patterns.py`` (softmax + cross-entropy, linear
layers, shared parameters, sigmoid chains), ``render.py`` (text, LaTeX, HTML, dict) and ``examples.py``
(the course's RNN and a small MLP).
"""

from mibun.explain.core import MAX_PATHS, Explanation, explain
from mibun.explain.examples import EXAMPLES, mlp_example, rnn_example
from mibun.explain.patterns import Pattern
from mibun.explain.walk import Edge, Path, Step, Target

__all__ = ["explain", "Explanation", "Step", "Edge", "Path", "Target", "Pattern", "MAX_PATHS",
           "rnn_example", "mlp_example", "EXAMPLES"]


# ``mibun.explain`` is both this package and the function ``mb.explain``: importing the package (e.g.
# ``from mibun.explain import rnn_example``) makes Python set ``mibun.explain`` to the module, so the
# module itself is made callable and forwards to ``explain``.
import sys as _sys
import types as _types


class _CallableModule(_types.ModuleType):
    def __call__(self, output, wrt=None, lang=None, **kwargs):
        return explain(output, wrt, lang, **kwargs)


_sys.modules[__name__].__class__ = _CallableModule
