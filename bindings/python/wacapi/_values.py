"""Python values <-> WebAssembly values that need no Func: numbers, externrefs, v128.

* Numbers: i32/i64 take any Python ``int`` (or object with ``__index__``)
  in the signed or the unsigned range of the type, -2**31 .. 2**32-1 for
  i32, and come back signed; f32/f64 take ``float`` or ``int``.
* externref: any Python object; ``None`` is the null reference.  The
  object comes back as the very same object.  It is carried by a
  ``wasm_foreign_t`` whose host info is a key of :data:`OBJECTS` (a
  :class:`~wacapi._cabi.Registry`); the entry goes when the library
  finalizes the foreign object (when its store is deleted).  A store reuses
  one foreign object per Python object.
* funcref values are :class:`~wacapi.Func` objects: their conversions, and
  ``read_val``/``write_val`` of any kind, are in :mod:`wacapi._func`, which
  builds on this module.

The annotation markers :data:`I32`, :data:`I64`, :data:`F32`, :data:`F64`
and :data:`ExternRef` are ``typing.Annotated`` aliases: to a type checker
they are ``int``, ``float`` and ``Any``, to :meth:`Func.wrap` they name the
WebAssembly type.
"""

from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING, Annotated, Any, Optional

from . import binding as _b
from ._cabi import Registry, address, ref_delete, ref_get_host_info
from ._errors import WasmError
from ._traps import error
from ._types import (
    KIND_F32,
    KIND_F64,
    KIND_I32,
    KIND_I64,
    KIND_V128,
    ValType,
)

if TYPE_CHECKING:
    from ._store import Store

__all__ = ["F32", "F64", "I32", "I64", "ExternRef"]

I32 = Annotated[int, ValType.i32()]
"""Annotation marker of an i32 parameter or result (an ``int`` to type checkers).

``int`` alone means i32 too; the marker is for saying so explicitly."""
I64 = Annotated[int, ValType.i64()]
"""Annotation marker of an i64 parameter or result (an ``int`` to type checkers), since
``int`` alone means i32."""
F32 = Annotated[float, ValType.f32()]
"""Annotation marker of an f32 parameter or result (a ``float`` to type checkers), since
``float`` alone means f64."""
F64 = Annotated[float, ValType.f64()]
"""Annotation marker of an f64 parameter or result (a ``float`` to type checkers)."""
ExternRef = Annotated[Any, ValType.externref()]
"""Annotation marker of an externref parameter or result: any Python object, or None.

The object itself travels through wasm (the same object comes back, not a copy)."""

#: Accepted ranges of the integer kinds: the union of the signed and unsigned ranges.
INT_RANGES = {
    KIND_I32: (-(1 << 31), (1 << 32) - 1),
    KIND_I64: (-(1 << 63), (1 << 64) - 1),
    KIND_V128: (-(1 << 127), (1 << 128) - 1),
}

NUM_FIELD = {KIND_I32: "i32", KIND_I64: "i64", KIND_F32: "f32", KIND_F64: "f64"}


# --------------------------------------------------------------------------
# Checks with clear messages (the slow paths)
# --------------------------------------------------------------------------


def check_plain(kind: int, value: object, what: str) -> object:
    """Raises TypeError/ValueError if ``value`` cannot be a wasm value of ``kind``; else
    returns the value to store: the ``int`` of an integer kind (``__index__`` runs once
    only), ``value`` itself for the other kinds.

    Any object is an externref; a funcref is not checked here (see ``_func.check_value``).
    """
    if kind in INT_RANGES:
        if not hasattr(type(value), "__index__"):
            raise TypeError(f"{what} must be an int for {ValType(kind)}, not {type(value).__name__}")
        lo, hi = INT_RANGES[kind]
        number = value.__index__()  # type: ignore[attr-defined]
        if not lo <= number <= hi:
            raise ValueError(f"{what} is out of range for {ValType(kind)} ({lo}..{hi}): {number}")
        return number
    if kind in (KIND_F32, KIND_F64):
        if isinstance(value, (str, bytes)) or not hasattr(type(value), "__float__"):
            raise TypeError(f"{what} must be a float for {ValType(kind)}, not {type(value).__name__}")
        try:
            float(value)  # type: ignore[arg-type]
        except OverflowError:
            raise ValueError(f"{what} is too large for {ValType(kind)}: {value!r}") from None
    return value


# --------------------------------------------------------------------------
# externref: Python objects
# --------------------------------------------------------------------------

#: The Python objects carried by externrefs, by the host info of their foreign objects.
OBJECTS = Registry()


def extern_ref(store: Store, obj: object) -> Optional[int]:
    """The externref (address, borrowed from the store) carrying ``obj``; None for None."""
    if obj is None:
        return None
    hit = store._externs.get(id(obj))
    if hit is not None:
        return hit[1]
    with store._lock:
        foreign = _b.wasm_foreign_new(store._require())
        if not foreign:
            raise error("cannot make an externref")
        key = OBJECTS.add(obj)
        _b.wasm_foreign_set_host_info_with_finalizer(foreign, key, OBJECTS.finalizer)
        ref = address(_b.wasm_foreign_as_ref(foreign))
    store._externs[id(obj)] = (obj, ref, foreign)
    return ref


def object_of_ref(ref: Optional[int], _objects: dict[int, object] = OBJECTS.objects) -> object:
    """The Python object an externref (address, borrowed) carries; None for null."""
    if not ref:
        return None
    key = ref_get_host_info(ref)
    if key is None or key not in _objects:
        raise WasmError("externref does not carry a Python object (it was not made by wacapi's Python API)")
    return _objects[key]


def take_object(ref: Optional[int]) -> object:
    """Like :func:`object_of_ref` for an owned reference, which it deletes."""
    if not ref:
        return None
    try:
        return object_of_ref(ref)
    finally:
        ref_delete(ref)


# --------------------------------------------------------------------------
# wasm_val_t
# --------------------------------------------------------------------------


def v128_val(value: object, what: str) -> Any:
    """A ``wacapi_val_t`` holding the v128 ``value`` (an int; negative ones as two's complement)."""
    check_plain(KIND_V128, value, what)
    val = _b.wacapi_val_t()
    val.kind = KIND_V128
    number = value.__index__() & ((1 << 128) - 1)  # type: ignore[attr-defined]
    ctypes.memmove(val.of.v128, number.to_bytes(16, "little"), 16)
    return val


def v128_value(val: Any) -> int:
    """The unsigned int of a v128 ``wacapi_val_t``."""
    return int.from_bytes(bytes(val.of.v128), "little")


def v128_unsupported(ty: Any, what: str) -> Optional[TypeError]:
    """The error for a function type with a v128 (which ``wasm_val_t`` cannot carry), if any."""
    for where, valtypes in (("parameter", ty.params), ("result", ty.results)):
        for i, t in enumerate(valtypes):
            if t.kind == KIND_V128:
                return TypeError(
                    f"{what}: {where} {i} has type v128, which wasm.h's wasm_val_t cannot carry; "
                    "SIMD inside functions works, only v128 values cannot cross into Python"
                )
    return None
