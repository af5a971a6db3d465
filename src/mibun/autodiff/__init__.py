"""The automatic-differentiation engine: ``Tensor``, the op registry, reverse and forward mode, and
the functional transforms. See ``registry.py`` for how a primitive is defined."""

from mibun.autodiff import graph  # the recorded graph, read-only (for explain, viz, diagnose)
from mibun.autodiff import np_array as _np_array
from mibun.autodiff import np_math as _np_math
from mibun.autodiff import np_stats as _np_stats
from mibun.autodiff import ops as _ops  # noqa: F401  (registers the primitives)
from mibun.autodiff import tensor_methods as _methods  # noqa: F401  (binds operators)
from mibun.autodiff.backward import backprop, toposort, unbroadcast
from mibun.autodiff.device_methods import install as _install_devices
from mibun.autodiff.functions import *  # noqa: F403
from mibun.autodiff.functions import __all__ as _fn_all
from mibun.autodiff.grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from mibun.autodiff.gradcheck import GradcheckReport, InputCheck, gradcheck
from mibun.autodiff.guards import detect_anomaly
from mibun.autodiff.guards import install as _install_guards
from mibun.autodiff.recording import apply
from mibun.autodiff.registry import REGISTRY, Op, defop
from mibun.autodiff.tensor import Tensor, as_tensor
from mibun.autodiff.transforms import grad, hessian, jacobian, jvp, value_and_grad, vjp

# NumPy-semantics functions (mb.dot is NumPy's dot; mb.pad, mb.take, mb.squeeze, mb.expand_dims keep their
# earlier signatures, their NumPy twins are in mibun.numpy)
_NP_NAMES = [n for n in (*_np_array.__all__, *_np_math.__all__, *_np_stats.__all__) if n not in _fn_all or n == "dot"]
_NP_NAMES = [n for n in _NP_NAMES if n not in ("array", "asarray", "matmul", "round", "real", "positive", "fix",
                                              "mod", "around", "r_", "c_", "select", "real_if_close", "imag",
                                              "angle")]
for _n in _NP_NAMES:
    globals()[_n] = getattr(_np_array, _n, None) or getattr(_np_math, _n, None) or getattr(_np_stats, _n)

_install_guards(Tensor)  # in-place ops (add_, mul_, t[i] = v, …) with version checks
_install_devices(Tensor)  # t.device, t.to(device), t.cpu(): the array-module seam (devices.py)

__all__ = [*_fn_all, *_NP_NAMES, "detect_anomaly", "Tensor", "apply", "as_tensor", "backprop", "toposort",
           "unbroadcast", "enable_grad",
           "is_grad_enabled", "no_grad", "set_grad_enabled", "GradcheckReport", "InputCheck", "gradcheck",
           "REGISTRY", "Op", "defop", "graph", "grad", "hessian", "jacobian", "jvp", "value_and_grad", "vjp"]
