"""HIPS autograd's tests/test_numpy.py, rewritten for mibun (cases, not code): each checks reverse and
forward mode to second order against finite differences."""

import numpy as onp
import pytest

import mibun as mb
import mibun.numpy as np
from tests.autodiff.autograd_port.shim import check_grads, combo_check

R = onp.random.default_rng(1).standard_normal
m10x11, m5x6x4 = R((10, 11)), R((5, 6, 4))
pos23 = R((2, 3)) ** 2 + 0.1

CASES = {
    "dot_mat_vec": (lambda x, y: np.dot(x, y), [R((10, 11)), R(11)]),
    "dot_mat_mat": (lambda x, y: np.dot(x, y), [R((10, 11)), R((11, 10))]),
    "dot_vec_mat": (lambda x, y: np.dot(x, y), [R(10), R((10, 11))]),
    "dot_vec_vec": (lambda x, y: np.dot(x, y), [R(11), R(11)]),
    "dot_mat_float": (lambda x, y: np.dot(x, y), [R((10, 11)), 0.7]),
    "dot_float_mat": (lambda x, y: np.dot(x, y), [0.7, R((10, 11))]),
    "dot_vec_float": (lambda x, y: np.dot(x, y), [R(10), -1.3]),
    "dot_float_vec": (lambda x, y: np.dot(x, y), [-1.3, R(10)]),
    "outer": (lambda x, y: np.outer(x, y), [R(11), R(11)]),
    "max": (lambda x: np.max(x), [m10x11]),
    "max_axis": (lambda x: np.max(x, axis=1), [R((3, 4, 5))]),
    "max_axis_keepdims": (lambda x: np.max(x, axis=1, keepdims=True), [R((3, 4, 5))]),
    "min": (lambda x: np.min(x), [m10x11]),
    "min_axis": (lambda x: np.min(x, axis=1), [R((3, 4, 5))]),
    "min_axis_keepdims": (lambda x: np.min(x, axis=1, keepdims=True), [R((3, 4, 5))]),
    "sum_1": (lambda x: np.sum(x), [m10x11]),
    "sum_2": (lambda x: np.sum(x, axis=0), [m10x11]),
    "sum_3": (lambda x: np.sum(x, axis=0, keepdims=True), [m10x11]),
    "sum_axis_tuple": (lambda x: np.sum(x, axis=(1, 2)), [R((10, 11, 7))]),
    "flipud": (lambda x: np.flipud(x), [m10x11]),
    "fliplr": (lambda x: np.fliplr(x), [m10x11]),
    "rot90": (lambda x: np.rot90(x), [m10x11]),
    "cumsum_axis0": (lambda x: np.cumsum(x, axis=0), [m10x11]),
    "cumsum_axis1": (lambda x: np.cumsum(x, axis=1), [m10x11]),
    "cumsum_1d": (lambda x: np.cumsum(x), [R(10)]),
    "cumsum_no_axis": (lambda x: np.cumsum(x), [m10x11]),
    "non_numpy_sum": (lambda x, y: sum([x, y]), [m10x11, R((10, 11))]),
    "mean_1": (lambda x: np.mean(x), [m10x11]),
    "mean_2": (lambda x: np.mean(x, axis=0), [m10x11]),
    "mean_3": (lambda x: np.mean(x, axis=0, keepdims=True), [m10x11]),
    "index_ints": (lambda x: x[3, 0, 1], [m5x6x4]),
    "index_slice": (lambda x: x[::-1, 2:4, :], [m5x6x4]),
    "index_lists": (lambda x: x[[0, 1, 2], :, :], [m5x6x4]),
    "index_mixed": (lambda x: x[3, 2:, [1, 3]], [m5x6x4]),
    "vector_slice": (lambda x: x[2:4], [R(5)]),
    "index_slice_fanout": (lambda x: x[::-1, 2:4, :] + x[::-1, 3:5, :], [m5x6x4]),
    "index_multiple_slices": (lambda x: x[2:6][1:3], [R(7)]),
    "reshape_method": (lambda x: x.reshape((5 * 4, 6)), [m5x6x4]),
    "reshape_call": (lambda x: np.reshape(x, (5 * 4, 6)), [m5x6x4]),
    "reshape_method_nolist": (lambda x: x.reshape(5 * 4, 6), [m5x6x4]),
    "ravel_method": (lambda x: x.ravel(), [m5x6x4]),
    "ravel_call": (lambda x: np.ravel(x), [m5x6x4]),
    "flatten_method": (lambda x: x.flatten(), [m5x6x4]),
    "simple_append_list": (lambda a, b: np.append(a, b), [[1.0, 2.0, 3.0], 4.0]),
    "simple_concatenate": (lambda x: np.concatenate((m5x6x4, x)), [R((4, 6, 4))]),
    "concatenate_axis_0": (lambda x: np.concatenate((m5x6x4, x, m5x6x4)), [R((5, 6, 4))]),
    "concatenate_axis_1": (lambda x: np.concatenate((m5x6x4, x, m5x6x4), axis=1), [R((5, 6, 4))]),
    "concatenate_axis_1_unnamed": (lambda x: np.concatenate((m5x6x4, x, m5x6x4), 1), [R((5, 6, 4))]),
    "trace_offset": (lambda x: np.trace(x, offset=3), [m10x11]),
    "trace2_offset": (lambda x: np.trace(x, offset=-4), [R((11, 10))]),
    "split": (lambda x: np.split(x, 2)[0], [R(10)]),
    "trace_extradims": (lambda x: np.trace(x, offset=2), [R((5, 6, 4, 3))]),
    "diag": (lambda x: np.diag(x), [R((10, 10))]),
    "transpose": (lambda x: x.T, [R((8, 8))]),
    "roll": (lambda x: np.roll(x, 2, axis=1), [R((4, 5))]),
    "roll_no_axis": (lambda x: np.roll(x, 2), [R((4, 5))]),
    "triu": (lambda x: np.triu(x, k=2), [R((5, 5))]),
    "tril": (lambda x: np.tril(x, k=2), [R((5, 5))]),
    "clip": (lambda x: np.clip(x, a_min=0.1, a_max=1.1), [R((5, 5))]),
    "prod_1": (lambda x: np.prod(x), [pos23 / 10 + 0.1]),
    "prod_2": (lambda x: np.prod(x, axis=0), [pos23]),
    "prod_3": (lambda x: np.prod(x, axis=0, keepdims=True), [pos23]),
    "prod_4": (lambda x: np.prod(x), [R(7) ** 2 + 0.1]),
    "1d_array": (lambda x: np.array([x, x * 1.0, x + 2.5]), [3.0]),
    "2d_array": (lambda x: np.array([[x, x * 1.0, x + 2.5], [x**2, x, x / 2.0]]), [3.0]),
    "1d_array_fanout": (lambda x: (lambda A: A + A)(np.array([x, x * 1.0, x + 2.5])), [3.0]),
    "array_from_scalar": (lambda x: np.array(x), [3.0]),
    "array_from_arrays": (lambda x: np.array([x, x]), [R((3, 2))]),
    "array_from_arrays_2": (lambda x: np.array([[2 * x, x + 1], [x, x]]), [R((3, 2))]),
    "len": (lambda x: x if len(x) == 3 else None, [R((3, 2))]),
    "r_basic": (lambda x: np.r_[x], [R((3, 2))]),
    "r_double": (lambda x: np.r_[x, x], [R((3, 2))]),
    "no_relation": (lambda x: np.array(m10x11[:3, :2]), [R((3, 2))]),
    "c_": (lambda x: np.c_[x, m10x11[:3, :2], x], [R((3, 2))]),
    "where": (lambda x, y: np.where(m10x11[:4, :5] > 0, x, y), [R((4, 5)), R((4, 5))]),
    "squeeze_func": (lambda x: np.squeeze(x), [R((5, 1, 4))]),
    "squeeze_method": (lambda x: x.squeeze(), [R((5, 1, 4))]),
    "repeat": (lambda x: np.repeat(x, 2, axis=1), [R((5, 3, 4))]),
    "repeat_axis1_rep1": (lambda x: np.repeat(x, 1, axis=1), [R((5, 3, 4))]),
    "repeat_axis0": (lambda x: np.repeat(x, 2, axis=0), [R((5, 3))]),
    "repeat_1d_axis0": (lambda x: np.repeat(x, 2, axis=0), [R(5)]),
    "repeat_axis0_rep1": (lambda x: np.repeat(x, 1, axis=0), [R((5, 1))]),
    "expand_dims": (lambda x: np.expand_dims(x, 2), [R((5, 1, 4))]),
    "multi_index": (lambda x: np.sum(x[[0, 0]]), [R(3)]),
    "multi_index2": (lambda x: np.sum(x[[0, 1, 0]]), [R(3)]),
    "index_dot_slices": (lambda x: np.dot(x[:2], x[2:]), [R(4)]),
    "cast_to_int": (lambda W: W[:, :-1][np.int64(onp.ones(5))].sum(), [R((5, 10))]),
    "diagonal": (lambda D: np.diagonal(D, axis1=-1, axis2=-2), [R((3, 4, 4))]),
    "nan_to_num": (lambda x: np.sum(np.sin(np.nan_to_num(x + onp.array([0.0, onp.nan, onp.inf, -onp.inf])))),
                   [R(4)]),
    "max_equal_values": (lambda x: np.max(np.array([x, x])), [1.0]),
    "max_equal_values_2d": (lambda x: np.max(np.array([[x, x], [x, 0.5]]), axis=1), [1.0]),
    "min_3_way_equality": (lambda x: np.min(np.array([[x, x, x], [x, 0.5, 0.5], [0.5, 0.5, 0.5]]), axis=1),
                           [1.0]),
    "maximum_equal_values": (lambda x: np.maximum(x, x), [1.0]),
    "maximum_equal_values_2d": (lambda x, y: np.maximum(x, y), [onp.array([1.0, 2.0]), onp.array([1.0, 3.0])]),
    "tensordot_kwargs_by_position": (lambda x: np.tensordot(x * np.ones((2, 2)), x * np.ones((2, 2)), 2), [1.0]),
}

# second order through a non-smooth point: autograd checks these to first order only
FIRST_ORDER = {"max_equal_values", "max_equal_values_2d", "min_3_way_equality", "maximum_equal_values",
               "maximum_equal_values_2d", "clip"}
XFAIL: dict[str, str] = {}


@pytest.mark.parametrize("name", sorted(CASES))
def test_numpy(name):
    if name in XFAIL:
        pytest.xfail(XFAIL[name])
    fun, args = CASES[name]
    check_grads(fun, order=1 if name in FIRST_ORDER else 2)(*args)


def test_var_ddof():
    B, C, D = R(3), R((3, 4)), R((1, 3))
    combo_check(np.var, (0,))([B, C, D], axis=[None], keepdims=[True, False], ddof=[0, 1])
    combo_check(np.var, (0,))([C, D], axis=[None, 1], keepdims=[True, False], ddof=[2])


def test_std_ddof():
    B, C, D = R(3), R((3, 4)), R((1, 3))
    combo_check(np.std, (0,))([B, C, D], axis=[None], keepdims=[True, False], ddof=[0, 1])
    combo_check(np.std, (0,))([C, D], axis=[None, 1], keepdims=[True, False], ddof=[2])


def test_max_equal_values_gradient_is_shared():
    # autograd splits the gradient equally between tied maxima; so does mibun
    assert mb.grad(lambda x: np.max(np.array([x, x])))(1.0) == pytest.approx(1.0)
