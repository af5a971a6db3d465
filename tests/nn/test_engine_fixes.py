"""Regression tests for engine fixes made while building mibun.nn."""

import numpy as np

import mibun as mb
from mibun.autodiff.recording import apply
from mibun.autodiff.registry import defop

# an op registered with a VJP only (no JVP), as the registry allows
_DOUBLE = defop("test_double_vjp_only", lambda x: np.concatenate([2 * x, 3 * x]),
                (lambda ns, g, out, x: 2 * g[: x.shape[0]] + 3 * g[x.shape[0]:],))


def test_jacobian_of_reverse_only_op_with_more_outputs_than_inputs():
    # jacobian used forward mode whenever the input was smaller than the output, and failed on ops
    # without JVPs; it now falls back to reverse mode
    x = np.array([1.0, 2.0])
    jac = mb.jacobian(lambda x: apply(_DOUBLE, x))(x)
    np.testing.assert_array_equal(jac, np.vstack([2 * np.eye(2), 3 * np.eye(2)]))
    assert mb.gradcheck(lambda x: apply(_DOUBLE, x), x)
