"""Engine guards against the cases PyTorch documents (autograd mechanics: in-place correctness checks,
detect_anomaly): a saved value changed in place is caught at backward with the op named; arrays handed out
are read-only; .data stays the untracked escape hatch; detect_anomaly names the first op making NaN/Inf."""

import numpy as np
import pytest

import mibun as mb
from mibun.autodiff.registry import REGISTRY, defop


def test_saved_input_changed_in_place_is_caught_at_backward_naming_the_op():
    # torch: a = x.sin(); ...; in-place change of a value mul saved → "modified by an inplace operation"
    w = mb.tensor([1.0, 2.0, 3.0], requires_grad=True)
    c = mb.tensor([4.0, 5.0, 6.0])
    y = (w * c).sum()
    c.mul_(2)
    with pytest.raises(mb.GraphError) as exc:
        y.backward()
    assert exc.value.key == "reliability.engine.version"
    assert exc.value.fields["op"] == "mul" and exc.value.fields["index"] == 1
    assert "mul" in str(exc.value)


def test_saved_output_changed_in_place_is_caught():
    # torch docs: y = x.exp(); y.add_(1) → exp needs its result for backward
    x = mb.tensor([0.5, 1.0], requires_grad=True)
    y = mb.exp(x)
    with mb.no_grad():
        y.add_(1)
    with pytest.raises(mb.GraphError) as exc:
        y.sum().backward()
    assert exc.value.key == "reliability.engine.version_out" and exc.value.fields["op"] == "exp"


def test_a_leaf_updated_before_backward_is_caught_and_after_backward_is_fine():
    w = mb.tensor([1.0, -2.0], requires_grad=True)
    loss = (w * w).sum()
    with mb.no_grad():
        w.sub_(0.1)                       # a manual SGD step before backward: the saved w is stale
    with pytest.raises(mb.GraphError):
        loss.backward()
    w2 = mb.tensor([1.0, -2.0], requires_grad=True)
    loss2 = (w2 * w2).sum()
    loss2.backward()
    with mb.no_grad():
        w2.sub_(0.1 * w2.grad.data)       # after backward: allowed, and the gradient was right
    np.testing.assert_allclose(w2.grad.data, [2.0, -4.0])
    np.testing.assert_allclose(w2.data, [0.8, -1.6])


def test_aliases_share_the_check_detach_and_views():
    a = mb.tensor([1.0, 2.0, 3.0])
    w = mb.tensor([1.0, 1.0, 1.0], requires_grad=True)
    y = (w * a).sum()
    b = a.detach()                        # shares a's memory
    b[0] = 10.0                           # __setitem__ is an in-place write
    with pytest.raises(mb.GraphError):
        y.backward()


def test_changes_before_use_and_unrelated_changes_are_fine():
    c = mb.tensor([1.0, 2.0])
    c.mul_(3)                             # before it is used: fine
    w = mb.tensor([1.0, 1.0], requires_grad=True)
    d = mb.tensor([5.0, 5.0])
    y = (w * c).sum()
    d.add_(1)                             # not saved by anything: fine
    y.backward()
    np.testing.assert_allclose(w.grad.data, [3.0, 6.0])


def test_in_place_on_a_tensor_requiring_grad_while_recording_is_refused():
    # torch: "a leaf Variable that requires grad is being used in an in-place operation"
    w = mb.tensor([1.0], requires_grad=True)
    for call in (lambda: w.add_(1), lambda: w.mul_(2), lambda: w.zero_(), lambda: w.fill_(3.0),
                 lambda: w.copy_([2.0]), lambda: w.clamp_(0, 1), lambda: w.__setitem__(0, 5.0)):
        with pytest.raises(mb.GraphError) as exc:
            call()
        assert exc.value.key == "reliability.engine.inplace_grad"
    assert w.data.tolist() == [1.0]
    with mb.no_grad():
        w.add_(1).mul_(3)
    assert w.data.tolist() == [6.0]


def test_inplace_ops_compute_the_right_values():
    t = mb.tensor([[1.0, -2.0], [3.0, 4.0]])
    t.add_(1)
    t.sub_(mb.tensor([1.0, 1.0]))
    t.div_(2)
    t.clamp_(-0.5, 1.5)
    t[1, 1] = 9.0
    np.testing.assert_array_equal(t.data, [[0.5, -0.5], [1.5, 9.0]])


def test_numpy_and_asarray_are_read_only_views_data_is_the_escape_hatch():
    x = mb.tensor([1.0, 2.0], requires_grad=True)
    for arr in (x.numpy(), np.asarray(x)):
        assert not arr.flags.writeable
        assert np.shares_memory(arr, x.data)          # no copy
        with pytest.raises(ValueError):
            arr[0] = 5.0
    copy = np.array(x)                                  # an explicit copy is the user's own
    copy[0] = 7.0
    assert x.data[0] == 1.0
    y = (x * x).sum()
    x.data[0] = 3.0                                     # .data: untracked (documented), as in PyTorch
    y.backward()
    assert x.grad.data.tolist() == [6.0, 4.0]           # computed from the saved (now changed) array


def test_optimizers_and_initialisers_still_update_parameters_through_data():
    mb.nn.init.manual_seed(0)
    lin = mb.nn.Linear(3, 2, dtype="float64")
    before = lin.weight.data.copy()
    opt = mb.optim.Adam(lin.parameters(), lr=0.1)
    loss = (lin(mb.tensor(np.ones((4, 3)))) ** 2).mean()
    loss.backward()
    opt.step()
    assert not np.array_equal(before, lin.weight.data)
    mb.nn.init.zeros_(lin.bias)
    assert not lin.bias.data.any()


def _nan_vjp_op():
    name = "test_reliability_nan_backward"  # test_*: ignored by the registry-coverage test
    if name not in REGISTRY:
        defop(name, lambda x: x * 1.0, (lambda ns, g, out, x: g * np.nan,))
    return REGISTRY[name]


def test_detect_anomaly_names_the_op_whose_backward_made_nan():
    # torch docs: a custom Function whose backward returns NaN; detect_anomaly points at it
    op = _nan_vjp_op()
    x = mb.tensor([1.0, 2.0], requires_grad=True)
    with mb.detect_anomaly():
        y = mb.apply(op, x)
        loss = (y * 2.0).sum()
        with pytest.raises(mb.GraphError) as exc:
            loss.backward()
    assert exc.value.key == "reliability.engine.anomaly_backward_at"
    assert exc.value.fields["op"] == op.name and "test_guards.py" in exc.value.fields["where"]
    # without detect_anomaly the NaN goes through silently
    x2 = mb.tensor([1.0, 2.0], requires_grad=True)
    (mb.apply(op, x2) * 2.0).sum().backward()
    assert np.isnan(x2.grad.data).all()


def test_detect_anomaly_forward_and_the_infinite_gradient_of_sqrt_at_zero():
    with mb.detect_anomaly(), np.errstate(all="ignore"):
        with pytest.raises(mb.GraphError) as exc:
            mb.log(mb.tensor([-1.0, 1.0], requires_grad=True))
        assert exc.value.fields["op"] == "log" and exc.value.fields["kind"] == "NaN"
        with pytest.raises(mb.GraphError) as exc:
            mb.tensor([1.0]) / mb.tensor([0.0], requires_grad=True)
        assert exc.value.fields["kind"] == "Inf"
        w = mb.tensor([0.0, 4.0], requires_grad=True)
        y = mb.sqrt(w).sum()                       # finite forward, infinite derivative at 0
        with pytest.raises(mb.GraphError) as exc:
            y.backward()
        assert exc.value.fields["op"] == "sqrt" and exc.value.fields["kind"] == "Inf"
        # NaN already in the input: not the op's fault
        mb.exp(mb.tensor([np.nan], requires_grad=True))
    assert "sqrt" in exc.value.message("ko") and "이상 감지" in exc.value.message("ko")


def test_detect_anomaly_leaves_correct_programs_alone_and_restores_state():
    x = mb.tensor([0.3, -0.7], requires_grad=True)
    with mb.detect_anomaly():
        y = (mb.tanh(x) * mb.sigmoid(x)).sum()
        y.backward()
    from mibun.autodiff.guards import GUARD

    assert GUARD.anomaly is False
    s = 1 / (1 + np.exp(-x.data))
    expected = (1 - np.tanh(x.data) ** 2) * s + np.tanh(x.data) * s * (1 - s)
    np.testing.assert_allclose(x.grad.data, expected, rtol=1e-12)
