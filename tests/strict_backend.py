"""A strict stand-in for a GPU array module, so the CuPy path is checked on every machine.

`xp` behaves like CuPy for the mistakes that break GPU code without a GPU to show them:

- its arrays (`StrictArray`) wrap NumPy arrays and support the operators, methods and
  `xp.*` functions the engine uses, returning device arrays (0-d ones for reductions,
  as CuPy does: `xp.count_nonzero` and `.sum()` never hand back a Python number);
- any implicit trip to the host raises `ImplicitTransfer`: `np.asarray(a)` (`__array__`,
  `__array_interface__`), `float(a)`, `int(a)`, `bool(a)`, `a.item()`, `a.tolist()`,
  formatting `f"{a:.3f}"`, iterating over a 0-d array;
- a NumPy function handed a device array raises (`__array_function__`), and so does an
  operation that mixes a device array with a host `np.ndarray` (CuPy raises TypeError);
  NumPy ufuncs on device arrays dispatch (CuPy's `__array_ufunc__` does the same);
- the explicit transfers are counted: `xp.asnumpy(a)` / `a.get()` (device → host, what
  `Backend.to_host` calls) and `xp.asarray(host)` (host → device) in `TRANSFERS`.

`STRICT` is a `Backend` over this module, so a `Network` and a `Trainer` run on it
exactly as on CuPy.
"""

from __future__ import annotations

import operator
import types
from dataclasses import dataclass
from typing import Any

import numpy as np

from tui_nn.backend import Backend


class ImplicitTransfer(TypeError):
    """A device array was converted to host data without `Backend.to_host` (a hidden GPU sync)."""


@dataclass
class Transfers:
    """How many explicit transfers the code asked for since the last `reset()`."""

    to_host: int = 0
    """Device → host copies (`xp.asnumpy`, `.get()`): each one is a GPU sync."""
    to_device: int = 0
    """Host → device copies (`xp.asarray` of host data)."""

    def reset(self) -> None:
        self.to_host = 0
        self.to_device = 0


TRANSFERS = Transfers()


def _refuse(what: str) -> ImplicitTransfer:
    return ImplicitTransfer(
        f"implicit device → host conversion ({what}); on a GPU this is a hidden sync or a TypeError: "
        "use Backend.to_host() where the value leaves the engine"
    )


def _unwrap(value: Any) -> Any:
    """Device arrays → their NumPy arrays (inside lists and tuples too); a host ndarray is refused."""
    if isinstance(value, StrictArray):
        return value._a
    if isinstance(value, np.ndarray):
        raise TypeError(
            f"a host numpy.ndarray {value.shape} was mixed with device arrays (CuPy raises here): "
            "put it on the device with xp.asarray first"
        )
    if isinstance(value, (list, tuple)):
        return type(value)(_unwrap(v) for v in value)
    return value


def _unwrap_kwargs(kwargs: dict) -> dict:
    return {k: _unwrap(v) for k, v in kwargs.items()}


def _wrap(value: Any) -> Any:
    """NumPy results → device arrays; a scalar result becomes a 0-d device array (as in CuPy)."""
    if isinstance(value, (np.ndarray, np.generic)):
        return StrictArray(np.asarray(value))
    if isinstance(value, (bool, int, float, complex)):
        return StrictArray(np.asarray(value))
    if isinstance(value, tuple):
        return tuple(_wrap(v) for v in value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


def _call(function: Any, args: tuple, kwargs: dict) -> Any:
    out = kwargs.get("out")
    result = function(*_unwrap(args), **_unwrap_kwargs(kwargs))
    if isinstance(out, StrictArray):
        return out  # the same device array the caller handed in, as CuPy returns it
    return _wrap(result)


def _binary(op: Any) -> Any:
    def method(self: "StrictArray", other: Any) -> Any:
        return _wrap(op(self._a, _unwrap(other)))

    return method


def _reflected(op: Any) -> Any:
    def method(self: "StrictArray", other: Any) -> Any:
        return _wrap(op(_unwrap(other), self._a))

    return method


def _in_place(op: Any) -> Any:
    def method(self: "StrictArray", other: Any) -> "StrictArray":
        op(self._a, _unwrap(other))  # NumPy's in-place operator writes into self._a (or its view)
        return self

    return method


def _unary(op: Any) -> Any:
    def method(self: "StrictArray") -> Any:
        return _wrap(op(self._a))

    return method


_DATA_ATTRIBUTES = frozenset({"shape", "ndim", "size", "dtype", "itemsize", "nbytes", "strides"})
"""Metadata a device array keeps on the host (reading it never syncs)."""

_METHODS = frozenset({
    "all", "any", "argmax", "argmin", "astype", "clip", "copy", "cumsum", "dot", "fill", "flatten",
    "max", "mean", "min", "nonzero", "prod", "ravel", "repeat", "reshape", "squeeze", "std", "sum",
    "swapaxes", "take", "transpose", "var", "view",
})
"""Array methods CuPy has that compute on the device."""


class StrictArray:
    """A device array: a NumPy array that refuses every implicit trip to the host."""

    __slots__ = ("_a",)
    __hash__ = None  # type: ignore[assignment]  # == is element-wise, as on ndarray

    def __init__(self, array: np.ndarray) -> None:
        self._a = array

    # -- what CuPy refuses, or does only with a hidden sync -------------------------------

    def __array__(self, *args: Any, **kwargs: Any) -> np.ndarray:
        raise _refuse("numpy.asarray / __array__")

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        raise TypeError(
            f"numpy.{func.__name__} was handed a device array: use the backend's xp.{func.__name__} "
            "(or Backend.to_host first, where the value leaves the engine)"
        )

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        # CuPy dispatches NumPy ufuncs on its arrays (np.float32(2) * a lands here): so do we,
        # but a host ndarray among the inputs is a mix CuPy refuses.
        return _call(getattr(ufunc, method), inputs, kwargs)

    def __float__(self) -> float:
        raise _refuse("float()")

    def __int__(self) -> int:
        raise _refuse("int()")

    def __index__(self) -> int:
        raise _refuse("operator.index()")

    def __complex__(self) -> complex:
        raise _refuse("complex()")

    def __bool__(self) -> bool:
        raise _refuse("bool(): an `if` or `and` on a device value")

    def __format__(self, spec: str) -> str:
        raise _refuse(f"format {spec!r}")

    def __str__(self) -> str:
        raise _refuse("str()")

    def __repr__(self) -> str:  # safe: pytest shows it in failure messages
        return f"StrictArray(shape={self._a.shape}, dtype={self._a.dtype})"

    def __iter__(self) -> Any:
        if self._a.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        return (StrictArray(np.asarray(row)) if isinstance(row, (np.ndarray, np.generic)) else row
                for row in self._a)

    def item(self, *args: Any) -> Any:
        raise _refuse(".item()")

    def tolist(self) -> Any:
        raise _refuse(".tolist()")

    def tobytes(self, *args: Any) -> Any:
        raise _refuse(".tobytes()")

    def get(self) -> np.ndarray:
        """CuPy's explicit copy to the host (counted)."""
        return asnumpy(self)

    # -- metadata, methods, indexing --------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not defined above; never forward the array protocols
        # (__array_interface__, __array_struct__), which would let NumPy read the data.
        if name in _DATA_ATTRIBUTES:
            return getattr(self._a, name)
        if name in _METHODS:
            method = getattr(self._a, name)
            return lambda *args, **kwargs: _call(method, args, kwargs)
        raise AttributeError(f"StrictArray has no attribute {name!r} (not offered by the strict device module)")

    @property
    def T(self) -> "StrictArray":
        return StrictArray(self._a.T)

    def __len__(self) -> int:
        return len(self._a)

    def __getitem__(self, key: Any) -> Any:
        return _wrap(self._a[_unwrap(key)])

    def __setitem__(self, key: Any, value: Any) -> None:
        self._a[_unwrap(key)] = _unwrap(value)

    __add__, __radd__, __iadd__ = _binary(operator.add), _reflected(operator.add), _in_place(operator.iadd)
    __sub__, __rsub__, __isub__ = _binary(operator.sub), _reflected(operator.sub), _in_place(operator.isub)
    __mul__, __rmul__, __imul__ = _binary(operator.mul), _reflected(operator.mul), _in_place(operator.imul)
    __truediv__, __rtruediv__, __itruediv__ = (
        _binary(operator.truediv), _reflected(operator.truediv), _in_place(operator.itruediv))
    __floordiv__, __rfloordiv__ = _binary(operator.floordiv), _reflected(operator.floordiv)
    __mod__, __rmod__ = _binary(operator.mod), _reflected(operator.mod)
    __pow__, __rpow__, __ipow__ = _binary(operator.pow), _reflected(operator.pow), _in_place(operator.ipow)
    __matmul__, __rmatmul__ = _binary(operator.matmul), _reflected(operator.matmul)
    __and__, __or__, __xor__ = _binary(operator.and_), _binary(operator.or_), _binary(operator.xor)
    __lt__, __le__, __gt__, __ge__ = _binary(operator.lt), _binary(operator.le), _binary(operator.gt), _binary(operator.ge)
    __eq__, __ne__ = _binary(operator.eq), _binary(operator.ne)  # type: ignore[assignment]
    __neg__, __pos__, __abs__, __invert__ = (
        _unary(operator.neg), _unary(operator.pos), _unary(operator.abs), _unary(operator.invert))


# -- the module ---------------------------------------------------------------------------


def _holds_device_arrays(value: Any) -> bool:
    if isinstance(value, StrictArray):
        return True
    return isinstance(value, (list, tuple)) and any(_holds_device_arrays(v) for v in value)


def asarray(value: Any, dtype: Any = None, order: Any = None) -> StrictArray:
    """Put host data on the device (counted), or view a device array with another dtype."""
    if isinstance(value, StrictArray):
        return value if dtype is None else StrictArray(np.asarray(value._a, dtype=dtype))
    if _holds_device_arrays(value):
        raise TypeError("xp.asarray of a list holding device arrays: use xp.stack")
    TRANSFERS.to_device += 1
    return StrictArray(np.array(value, dtype=dtype, order=order or "K"))


def ascontiguousarray(value: Any, dtype: Any = None) -> StrictArray:
    array = asarray(value, dtype)
    return StrictArray(np.ascontiguousarray(array._a))


def asnumpy(value: Any) -> np.ndarray:
    """Copy a device array to the host (counted): `cupy.asnumpy`, what `Backend.to_host` calls."""
    if isinstance(value, StrictArray):
        TRANSFERS.to_host += 1
        return value._a.copy()
    return np.asarray(value)  # cupy.asnumpy takes host data as it is


_HOST_RESULT = frozenset({"shape", "ndim", "size", "result_type", "can_cast", "isscalar", "dtype", "finfo", "iinfo"})
"""Functions whose result is host metadata, not a device array."""

_NOT_ON_DEVICE = frozenset({
    "errstate", "seterr", "geterr", "lib", "testing", "save", "savez", "load", "loadtxt",
    "genfromtxt", "fromfile", "set_printoptions", "printoptions", "vectorize", "frompyfunc",
})
"""NumPy names CuPy does not offer (or offers with another meaning): a sign of host-only code."""


class _DeviceGenerator:
    """`cupy.random.default_rng(seed)`'s part the engine uses (dropout masks): draws on the
    device. NumPy's generator underneath, so the numbers equal the NumPy backend's."""

    def __init__(self, seed: int) -> None:
        self._rng = np.random.default_rng(seed)

    def random(self, shape: Any, dtype: Any = np.float64) -> "StrictArray":
        return asarray(self._rng.random(shape, dtype=np.dtype(dtype)))


class _DeviceRandom:
    """`xp.random` as CuPy has it: generators that draw on the device (NumPy's `random`
    module itself stays refused: its draws would be host arrays)."""

    default_rng = staticmethod(_DeviceGenerator)


class _StrictModule(types.ModuleType):
    """`xp`: NumPy's functions over device arrays, results kept on the device."""

    random = _DeviceRandom()

    ndarray = StrictArray
    asarray = staticmethod(asarray)
    array = staticmethod(asarray)
    ascontiguousarray = staticmethod(ascontiguousarray)
    asnumpy = staticmethod(asnumpy)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in _NOT_ON_DEVICE or not hasattr(np, name):
            raise AttributeError(f"the strict device module has no {name!r} (CuPy has none either, or it is host-only)")
        target = getattr(np, name)
        if isinstance(target, type) or not callable(target):
            return target  # dtypes (float32, float64, bool_), constants (inf, nan, newaxis)
        if name in _HOST_RESULT:
            return lambda *args, **kwargs: target(*_unwrap(args), **_unwrap_kwargs(kwargs))

        def function(*args: Any, **kwargs: Any) -> Any:
            return _call(target, args, kwargs)

        function.__name__ = name
        return function


xp = _StrictModule("strict_xp", "NumPy behind a device's rules, for tests")

STRICT = Backend(name="strict", xp=xp, device="strict test device")
"""A Backend whose arrays behave like CuPy's for host conversions; transfers counted in TRANSFERS."""
