"""``Tensor``: a NumPy array that remembers how it was made.

A tensor made by an op while recording holds the op (``_op``), its inputs (``_inputs``: Tensors or raw
constants) and their raw values (``_saved``), its parameters (``_params``). That is the whole graph:
no separate node objects (as in micrograd). ``backward`` lives in ``backward.py``.
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Any, SupportsFloat, cast

import numpy as np

from mibun.autodiff.devices import as_array, host_array, is_foreign
from mibun.autodiff.grad_mode import STATE
from mibun.autodiff.guards import readonly
from mibun.autodiff.registry import Op
from mibun.autodiff.tracing import ACTIVE
from mibun.errors import DTypeError, GraphError, ShapeError

_BAD_KINDS = {"O": "Python objects", "U": "strings", "S": "bytes", "V": "raw records",
              "M": "datetimes", "m": "timedeltas"}


def _check_dtype(arr: np.ndarray, requires_grad: bool) -> None:
    kind = arr.dtype.kind
    if kind in _BAD_KINDS:
        raise DTypeError(
            "engine.err.cannot_make_tensor_dtype", kind=_BAD_KINDS[kind], dtype=arr.dtype)
    if kind == "c":
        raise DTypeError("engine.err.complex", where="mb.tensor", dtype=str(arr.dtype))
    if requires_grad and kind not in "f":
        raise DTypeError(
            "engine.err.only_floating_point_tensors", dtype=arr.dtype)


def _const(value: Any) -> Any:
    """A non-Tensor operand as the engine keeps it: Python numbers stay Python numbers (NumPy treats
    them as weak, so float32 stays float32); NumPy scalars and 0-d arrays become Python numbers for the
    same reason (NumPy 2 would upcast float32 * np.float64(2) to float64); the rest becomes an array."""
    tp = type(value)
    if tp is float or tp is int or tp is bool:
        return value
    if isinstance(value, np.generic):  # np.float64 is a float subclass but strong in NumPy 2
        if value.dtype.kind == "c":
            raise DTypeError("engine.err.complex_constant", dtype=str(value.dtype))
        return value.item()
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "c":
            raise DTypeError("engine.err.complex_constant", dtype=str(value.dtype))
        if value.dtype.kind in _BAD_KINDS:
            _check_dtype(value, False)
        if value.ndim == 0 and value.dtype.kind in "biuf":
            return value.item()
        return value
    if isinstance(value, numbers.Number):
        if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
            raise DTypeError("engine.err.complex_constant", dtype="complex")
        # Real numbers and decimal.Decimal (a Number only) have __float__; float() raises TypeError otherwise
        return float(cast(SupportsFloat, value))
    arr = value if type(value) is np.ndarray else as_array(value)  # a device's array stays on its device
    _check_dtype(arr, False)
    return arr.item() if arr.ndim == 0 else arr


class Tensor:
    """An n-dimensional array with automatic differentiation (reverse and forward mode).

    ``data`` is the NumPy array; ``grad`` the accumulated gradient (a Tensor, or None);
    ``requires_grad`` whether operations on it are recorded.
    """

    __slots__ = ("data", "grad", "requires_grad", "_op", "_inputs", "_saved", "_params", "_retain",
                 "_g", "name", "_gbuf", "_seq", "__weakref__")
    # NumPy's protocols (np.sin(t), np.dot(W, t), np.sum(t) → mibun, keeping the graph) are bound in
    # tensor_methods.py from numpy_protocol.py
    __array_priority__ = 1000
    data: np.ndarray
    _gbuf: np.ndarray  # set only on a .grad whose buffer the engine allocated (backward reads it with getattr)
    _seq: int  # set only on recorded results: the tick when the op ran (guards.TICKS: after its inputs, so
    #            backward visits the largest first; a later in-place write has a larger tick)

    def __init__(self, data: Any, requires_grad: bool = False, dtype: Any = None, name: str | None = None):
        if isinstance(data, Tensor):
            data = data.data
        if type(data) is not np.ndarray and is_foreign(data):  # a device's array (CuPy): kept there
            arr = data if dtype is None else data.astype(dtype)
        else:
            arr = np.array(data, dtype=dtype) if dtype is not None else np.asarray(data)
        if arr.dtype.kind in "iub" and dtype is None and requires_grad:
            _check_dtype(arr, True)
        _check_dtype(arr, requires_grad)
        self.data = arr
        self.grad: Tensor | None = None
        self.requires_grad = bool(requires_grad)
        self._op: Op | None = None
        self._inputs: tuple | None = None
        self._saved: tuple | None = None
        self._params: dict = {}
        self._retain = False
        self._g = None
        self.name = name

    if TYPE_CHECKING:  # bound in tensor_methods.py; declared here for type checkers
        def __add__(self, other: Any) -> Tensor: ...
        def __radd__(self, other: Any) -> Tensor: ...
        def __sub__(self, other: Any) -> Tensor: ...
        def __rsub__(self, other: Any) -> Tensor: ...
        def __mul__(self, other: Any) -> Tensor: ...
        def __rmul__(self, other: Any) -> Tensor: ...
        def __truediv__(self, other: Any) -> Tensor: ...
        def __rtruediv__(self, other: Any) -> Tensor: ...
        def __pow__(self, other: Any) -> Tensor: ...
        def __rpow__(self, other: Any) -> Tensor: ...
        def __matmul__(self, other: Any) -> Tensor: ...
        def __rmatmul__(self, other: Any) -> Tensor: ...
        def __neg__(self) -> Tensor: ...
        def __getitem__(self, index: Any) -> Tensor: ...
        def sum(self, axis: Any = None, keepdims: bool = False) -> Tensor: ...
        def astype(self, dtype: Any) -> Tensor: ...
        device: str  # device_methods.py: a property; also .to(device) and .cpu()
        def to(self, device: Any = None, dtype: Any = None) -> Tensor: ...
        def cpu(self) -> Tensor: ...

    # ------------------------------------------------------------------ basic properties
    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def size(self) -> int:
        return self.data.size

    @property
    def is_leaf(self) -> bool:
        """True for tensors not made by a recorded op (created by the user, or under no_grad)."""
        return self._op is None

    @property
    def op(self) -> Op | None:
        """The op that made this tensor (None for leaves)."""
        return self._op

    @property
    def inputs(self) -> tuple:
        """The recorded inputs (Tensors or constants) of the op that made this tensor."""
        return self._inputs or ()

    @property
    def params(self) -> dict:
        """The op's parameters (axis=, p=, …), a copy (ops without any share one empty dict)."""
        return dict(self._params)

    def numpy(self) -> np.ndarray:
        """The values as a read-only view (no copy; writing raises — use ``.data``, untracked, to write).
        A device's tensor is copied to the host (a NumPy array, as ``t.cpu().numpy()``)."""
        if type(self.data) is not np.ndarray and is_foreign(self.data):
            return readonly(host_array(self.data, copy=False))
        return readonly(self.data)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        if ACTIVE and self.requires_grad and STATE.enabled:
            raise GraphError("engine.err.array_conversion")
        if type(self.data) is not np.ndarray and is_foreign(self.data):  # np.asarray(t): a host copy
            return host_array(self.data, dtype=dtype)
        if dtype is not None and dtype != self.data.dtype:
            return self.data.astype(dtype)
        return self.data.copy() if copy else readonly(self.data)

    def item(self) -> float:
        """The single value as a Python number."""
        if self.data.size != 1:
            raise ShapeError("engine.err.tensor_has_elements_shape", size=self.data.size, shape=self.shape)
        return self.data.item()

    def tolist(self) -> Any:
        return self.data.tolist()

    def __len__(self) -> int:
        if self.data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self.data)

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __bool__(self) -> bool:
        return bool(self.data)

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __index__(self) -> int:
        if self.data.dtype.kind not in "iu" or self.data.size != 1:
            raise TypeError("only integer scalar tensors can be used as an index")
        return int(self.data)

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        body = np.array2string(self.data, separator=", ", prefix="tensor(")
        extra = ""
        if self.data.dtype not in (np.float64, np.int64, np.bool_):
            extra += f", dtype={self.data.dtype}"
        if self._op is not None and self.requires_grad:
            extra += f", op={self._op.name}"
        elif self.requires_grad:
            extra += ", requires_grad=True"
        if self.name:
            extra += f", name={self.name!r}"
        return f"tensor({body}{extra})"

    # ------------------------------------------------------------------ graph handling
    def detach(self) -> Tensor:
        """The same data, cut from the graph (shares memory; requires_grad False)."""
        return _wrap(self.data)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Switch recording on this leaf on or off, in place; returns self."""
        if self._op is not None and not requires_grad:
            raise GraphError("engine.err.requires_grad_false_only")
        _check_dtype(self.data, requires_grad)
        self.requires_grad = bool(requires_grad)
        return self

    def retain_grad(self) -> Tensor:
        """Keep ``.grad`` on this non-leaf tensor during backward (leaves always keep theirs)."""
        if not self.requires_grad:
            raise GraphError("engine.err.retain_grad_tensor_does")
        self._retain = True
        return self

    def zero_grad(self) -> None:
        self.grad = None

    def backward(self, grad: Any = None, retain_graph: bool | None = None, create_graph: bool = False) -> None:
        """Reverse-mode differentiation from this tensor: leaves' ``.grad`` accumulate ∂self/∂leaf
        (times ``grad``, the cotangent, required when self is not a scalar). The graph is freed unless
        ``retain_graph=True``; ``create_graph=True`` records the backward pass itself, so gradients can
        be differentiated again."""
        from mibun.autodiff.backward import backward

        backward(self, grad, retain_graph=create_graph if retain_graph is None else retain_graph,
                 create_graph=create_graph)


#: the parameters of an op that has none (shared, so never write into a tensor's ``_params``)
_NO_PARAMS: dict = {}
_new = object.__new__


def _wrap(data: np.ndarray) -> Tensor:
    """A leaf Tensor around an array, without checks (internal fast path)."""
    t = object.__new__(Tensor)
    t.data = data
    t.grad = None
    t.requires_grad = False
    t._op = None
    t._inputs = None
    t._saved = None
    t._params = _NO_PARAMS
    t._retain = False
    t._g = None
    t.name = None
    return t


def as_tensor(value: Any) -> Tensor:
    """``value`` if it is a Tensor, else a new constant Tensor of it."""
    return value if isinstance(value, Tensor) else Tensor(value)


def __getattr__(name: str) -> Any:
    """``apply``, ``apply1``, ``apply2``, ``binary`` and ``unary`` moved to :mod:`mibun.autodiff.recording`;
    importing them from here keeps working."""
    if name in ("apply", "apply1", "apply2", "binary", "unary"):
        from mibun.autodiff import recording

        return getattr(recording, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Tensor", "as_tensor"]
