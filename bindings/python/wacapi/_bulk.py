"""Bulk calls: :meth:`wacapi.Func.call_many` over columns of numbers, looping in the library.

One column per parameter goes in, one column per result comes out, and the library
(``wacapi_func_call_many``) makes all the calls without returning to Python in between.
A column is a buffer of the parameter's C type (``array.array``, a numpy array, any
1-D C-contiguous buffer: read in place) or an iterable of Python numbers (converted once,
with :mod:`array`).  A buffer of another item type is refused, never converted: a float
array for an i32 parameter is a mistake to report, not to round.

This module knows no Func: :func:`call_many` gets what it needs (the function's kinds,
its label, its store's lock, its handle) from the caller, :mod:`wacapi._func`.
"""

from __future__ import annotations

import array
import contextlib
import ctypes
import sys
from collections.abc import Sequence
from typing import Any, Callable, Optional

from . import _library
from ._traps import trap_exception
from ._types import KIND_F32, KIND_F64, KIND_I32, KIND_I64, ValType
from ._values import check_plain

__all__ = ["call_many"]

c_void_p = ctypes.c_void_p

#: Per number kind: the C type's size and the ``array`` typecode of that size.
_ITEM_SIZE = {KIND_I32: 4, KIND_I64: 8, KIND_F32: 4, KIND_F64: 8}


def _int_code(size: int) -> str:
    for code in ("i", "l", "q"):
        if array.array(code).itemsize == size:
            return code
    raise RuntimeError(f"no array typecode of {size} bytes")  # pragma: no cover - every CPython has them


#: The ``array`` typecodes of the results (and of converted iterables): signed for
#: integers, as a scalar call returns them.
_ARRAY_CODE = {KIND_I32: _int_code(4), KIND_I64: _int_code(8), KIND_F32: "f", KIND_F64: "d"}
#: The numpy dtype names of the results when the columns were numpy arrays.
_NUMPY_DTYPE = {KIND_I32: "int32", KIND_I64: "int64", KIND_F32: "float32", KIND_F64: "float64"}
#: The buffer format codes (struct syntax) of integers and floats.
_INT_FORMATS = frozenset("bBhHiIlLqQnN")
_FLOAT_FORMATS = {KIND_F32: "f", KIND_F64: "d"}
#: The byte-order prefixes that mean native order here.
_NATIVE = ("@", "=", "<" if sys.byteorder == "little" else ">")

_call_many_fn: Optional[Any] = None


def _library_call_many() -> Any:
    """``wacapi_func_call_many`` as a prototype on addresses (looked up on first use)."""
    global _call_many_fn
    if _call_many_fn is None:
        try:
            fn = _library.lib["wacapi_func_call_many"]
        except AttributeError:
            raise RuntimeError("this libwacapi has no wacapi_func_call_many (it is older than the package)") from None
        fn.restype = c_void_p
        fn.argtypes = (c_void_p, c_void_p, c_void_p, ctypes.c_size_t, c_void_p)
        _call_many_fn = fn
    return _call_many_fn


def _kind_name(kind: int) -> str:
    return ValType(kind).name


def _format_fits(kind: int, fmt: str, itemsize: int) -> bool:
    """Whether a buffer of struct format ``fmt`` holds the C type of ``kind``."""
    if fmt[:1] in _NATIVE:
        fmt = fmt[1:]
    if itemsize != _ITEM_SIZE[kind] or len(fmt) != 1:
        return False
    if kind in (KIND_I32, KIND_I64):
        return fmt in _INT_FORMATS
    return fmt == _FLOAT_FORMATS[kind]


def _is_numpy(obj: object) -> bool:
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(obj, numpy.ndarray)


def _what(label: str, j: int, kind: int) -> str:
    """How messages name column ``j`` (from 0)."""
    return f"{label}.call_many column {j + 1} ({_kind_name(kind)})"


def _check_buffer(kind: int, view: memoryview, label: str, j: int) -> int:
    """The length of a buffer column; TypeError/ValueError unless it holds ``kind``'s C type
    in one contiguous dimension."""
    if view.ndim == 1 and view.c_contiguous and _format_fits(kind, view.format, view.itemsize):
        return int(view.shape[0])  # type: ignore[index]
    what = _what(label, j, kind)
    if not _format_fits(kind, view.format, view.itemsize):
        what_items = "integers" if kind in (KIND_I32, KIND_I64) else f"floats (format {_FLOAT_FORMATS[kind]!r})"
        raise TypeError(
            f"{what} is a buffer of {view.format!r} items ({view.itemsize} bytes); "
            f"{_kind_name(kind)} needs {_ITEM_SIZE[kind]}-byte {what_items}: buffers are never converted"
        )
    if view.ndim != 1:
        raise ValueError(f"{what} must be 1-dimensional, not {view.ndim}-dimensional")
    if not view.c_contiguous:
        raise ValueError(f"{what} must be contiguous (numpy: numpy.ascontiguousarray)")
    return int(view.shape[0]) if view.shape else 0


def _iterable_column(kind: int, values: Any, what: str) -> tuple[int, Any]:
    """(length, ctypes object over the items) of an iterable of Python numbers, converted
    once into an ``array.array``."""
    try:
        items = list(values)
    except TypeError:
        raise TypeError(f"{what} must be a buffer or an iterable of numbers, not {type(values).__name__}") from None
    code = _ARRAY_CODE[kind]
    try:
        column = array.array(code, items)
    except (TypeError, ValueError, OverflowError):
        # Find the bad item and say what is wrong with it, as a call would; i32 and i64
        # also take the unsigned range, stored as its two's complement.
        bits = 8 * _ITEM_SIZE[kind]
        converted = []
        for index, item in enumerate(items):
            value = check_plain(kind, item, f"{what} item {index}")
            if kind in (KIND_I32, KIND_I64) and value >= 1 << (bits - 1):  # type: ignore[operator]
                value -= 1 << bits  # type: ignore[operator]
            converted.append(value)
        column = array.array(code, converted)
    # The ctypes object keeps the array (through a view of it) alive.
    return len(column), (ctypes.c_char.from_buffer(column) if column else None)


def _column(kind: int, values: Any, label: str, j: int) -> tuple[int, Any]:
    """(length, ctypes object over the items, None if empty) of column ``j`` (from 0) of
    ``label``'s call_many, for a parameter of ``kind``."""
    try:
        view = memoryview(values)
    except TypeError:
        return _iterable_column(kind, values, _what(label, j, kind))
    try:
        length = _check_buffer(kind, view, label, j)
        readonly = view.readonly
        data: Any = (ctypes.c_char * view.nbytes).from_buffer_copy(view) if length and readonly else None
    finally:
        view.release()
    if length and not readonly:
        # In place; the ctypes object keeps the buffer exported (not resizable) meanwhile.
        data = ctypes.c_char.from_buffer(values)
    return length, data


def _address(obj: Any) -> Optional[int]:
    return None if obj is None else ctypes.addressof(obj)


def call_many(
    columns: Sequence[Any],
    params: Sequence[int],
    results: Sequence[int],
    label: str,
    lock: Any,
    handle: Callable[[], int],
    flush: Callable[[], None],
) -> Any:
    """The calls of :meth:`wacapi.Func.call_many` (see there).

    ``params``/``results`` are the function's value kinds and ``label`` its name for
    messages; ``handle()`` gives the ``wasm_func_t`` address (raising if closed) under
    ``lock``, the store's; ``flush()`` runs the store's deferred work after the calls (with
    ``lock`` released).
    """
    bad = [k for k in (*params, *results) if k not in _ITEM_SIZE]
    if bad:
        kinds = ", ".join(_kind_name(k) for k in (*params, *results))
        raise TypeError(f"{label}.call_many needs a function of i32, i64, f32 and f64 only; its types are ({kinds})")
    n = len(params)
    if len(columns) != n:
        plural = "" if n == 1 else "s"
        raise TypeError(f"{label}.call_many takes {n} column{plural} (one per parameter) but {len(columns)} were given")
    if n == 0:
        raise TypeError(f"{label}.call_many needs a function with parameters (the columns give the number of calls)")
    lengths = []
    keep = []
    for j, (kind, values) in enumerate(zip(params, columns)):
        length, data = _column(kind, values, label, j)
        lengths.append(length)
        keep.append(data)
    count = lengths[0]
    if any(length != count for length in lengths):
        raise ValueError(f"{label}.call_many: the columns differ in length: {', '.join(map(str, lengths))}")
    as_numpy = any(_is_numpy(c) for c in columns)
    outs: list[Any] = []
    for kind in results:
        if as_numpy:
            numpy = sys.modules["numpy"]
            outs.append(numpy.empty(count, dtype=_NUMPY_DTYPE[kind]))
        else:
            outs.append(array.array(_ARRAY_CODE[kind], bytes(_ITEM_SIZE[kind] * count)))
    if count:
        arg_ptrs = (c_void_p * max(n, 1))(*[_address(d) for d in keep])
        out_objs = [ctypes.c_char.from_buffer(o) for o in outs]
        out_ptrs = (c_void_p * max(len(results), 1))(*[_address(o) for o in out_objs])
        done = ctypes.c_size_t(0)
        done_at = ctypes.addressof(done)
        fn = _library_call_many()
        try:
            with lock:
                trap = fn(handle(), ctypes.addressof(arg_ptrs), ctypes.addressof(out_ptrs), count, done_at)
        finally:
            flush()
        del out_objs  # the results may be resized again
        if trap is not None:
            exc = trap_exception(trap)
            index = int(done.value)
            with contextlib.suppress(AttributeError):  # an exception type with __slots__
                exc.index = index  # type: ignore[attr-defined]
            note = getattr(exc, "add_note", None)
            if note is not None:
                note(f"in call {index} (counting from 0) of {label}.call_many")
            raise exc
    if not results:
        return None
    return outs[0] if len(outs) == 1 else tuple(outs)
