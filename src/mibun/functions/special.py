"""Special functions: the error function erf."""

from __future__ import annotations

import math

import numpy as np

from mibun.functions.numpy_ns import ON_DEVICE, float_like, is_device_array
from mibun.functions.spec import scalar

TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_ERF = np.frompyfunc(math.erf, 1, 1)


def np_erf(x):
    """erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, elementwise (float32 stays float32)."""
    if type(x) is not np.ndarray and is_device_array(x) and ON_DEVICE[0] is not None:
        return ON_DEVICE[0]("erf", np_erf, x)
    x = float_like(x)
    return np.asarray(_ERF(x), dtype=x.dtype)


ERF = scalar("erf", np_erf, lambda ns, out, x: TWO_OVER_SQRT_PI * ns.exp(-(x * x)),
             sympy=lambda sp: sp.erf, derivative=lambda sp, u: 2 * sp.exp(-(u**2)) / sp.sqrt(sp.pi),
             rule="d erf u/du = (2/√π)·e^(−u²)",
             rule_latex=r"\frac{d \operatorname{erf} u}{du} = \frac{2}{\sqrt{\pi}} e^{-u^{2}}",
             latex_names=("erf",), latex=r"\operatorname{erf}", family="special",
             names={"ko": "오차함수", "en": "error function"})
