"""The WebAssembly C API (``wasm.h``) of wacapi, procedurally, through ctypes.

``import wacapi.ffi as ffi`` (or ``from wacapi.ffi import *``) gives:

* everything of :mod:`ctypes` and of the generated :mod:`wacapi.binding`:
  every ``wasm_*``/``wacapi_*`` function of the library as a ctypes function
  (``restype``/``argtypes`` set), every struct as a ``ctypes.Structure``,
  the enum constants (``WASM_I32``, ``WASM_EXTERN_FUNC``, ...) and the
  callback types ``wasm_func_callback_t``/``wasm_func_callback_with_env_t``;
* the ``static inline`` helpers of ``wasm.h``, which are not in the library,
  re-implemented here with the same names and arguments
  (``wasm_valtype_new_i32()``, ``wasm_functype_new_1_1(p, r)``,
  ``wasm_name_new_from_string(out, s)``, ``wasm_val_init_ptr(out, p)``, ...);
* value constructors (``wasm_i32_val(7)``, ...), vector <-> list
  conversions, callback decorators and a few conveniences (``wat2wasm``,
  ``last_error``, ``trap_message``);
* structural ``__eq__`` and readable ``__repr__`` on the generated structs
  (type objects print as WebAssembly text, e.g. ``(func (param i32))``);
* the helpers of WAMR's ``wamr.wasmcapi.ffi`` with the same names,
  signatures and meaning (``dereference``, ``create_null_pointer``,
  ``is_null_pointer``, ``wasm_vec_to_list``, ``list_to_carray``,
  ``load_module_file``, ``wasm_finalizer``, ``wasm_limits_new``,
  ``wasm_func_cb_decl``, ...), ``WASM_ANYREF`` and a ``num_elems`` alias of
  every vector's ``size``, so code written for it ports by changing
  ``import wamr.wasmcapi.ffi as ffi`` to ``import wacapi.ffi as ffi``.

This module is for procedural users: the Pythonic API (``wacapi.Store`` and the rest) never
imports it, and shares with it only the C-ABI helpers of :mod:`wacapi._cabi` and
:mod:`wacapi._traps`, which it re-uses.

Ownership follows ``wasm.h``: whatever a ``_new``/``_copy`` function returns
or fills in belongs to the caller until passed to the matching ``_delete``.
A NULL (``None``) where the C API expects an object is never fatal: the call
returns NULL/0/false and :func:`last_error` tells why.
"""

from __future__ import annotations

import ctypes as _ctypes
import os as _os
from _ctypes import CFuncPtr as _CFuncPtr
from collections.abc import Iterable as _Iterable
from ctypes import *  # noqa: F403
from typing import Any as _Any
from typing import Callable as _Callable
from typing import Optional as _Optional
from typing import Union as _U
from typing import overload as _overload

from . import binding as _b
from ._cabi import last_error as last_error  # shared with the Pythonic API
from ._traps import new_trap as _new_trap
from .binding import *  # noqa: F403

# --------------------------------------------------------------------------
# Errors and small internals
# --------------------------------------------------------------------------


class WasmTypeError(TypeError, RuntimeError):
    """An argument of the wrong kind (not a pointer, not a vector, ...).

    Also a ``RuntimeError``, which is what WAMR's helpers raise in these cases.
    """


_Bytes = _U[bytes, bytearray, memoryview]
_Text = _U[str, bytes, bytearray, memoryview]
_PTR_BITS = _ctypes.sizeof(_ctypes.c_void_p) * 8


def _encode(s: _Text) -> bytes:
    if isinstance(s, str):
        return s.encode("utf-8")
    if isinstance(s, (bytes, bytearray, memoryview)):
        return bytes(s)
    raise WasmTypeError(f"expected str or bytes, got {type(s).__name__}")


def _is_pointer(obj: object) -> bool:
    return isinstance(obj, _ctypes._Pointer)


def _deref(obj: _Any, cls: type[_Any], what: str) -> _Any:
    """``obj`` itself if it is a ``cls``, or what a non-NULL ``POINTER(cls)`` points to."""
    if isinstance(obj, cls):
        return obj
    if _is_pointer(obj) and issubclass(type(obj)._type_, cls):
        if not obj:
            raise ValueError(f"{what}: NULL pointer")
        return obj.contents
    raise WasmTypeError(f"{what}: expected {cls.__name__} or a pointer to one, got {type(obj).__name__}")


def _address(p: object) -> int:
    """The address held by ``p``: None, an int or any ctypes pointer-like object."""
    if p is None:
        return 0
    if isinstance(p, int):
        return p
    if isinstance(p, _ctypes.c_void_p):
        return p.value or 0
    if isinstance(p, (_ctypes._Pointer, _CFuncPtr, _ctypes.Array, _ctypes.c_char_p)):
        return _ctypes.cast(p, _ctypes.c_void_p).value or 0
    raise WasmTypeError(f"expected a pointer, an int or None, got {type(p).__name__}")


# --------------------------------------------------------------------------
# Constants (and the WAMR spellings)
# --------------------------------------------------------------------------

WASM_ANYREF: int = int(_b.WASM_EXTERNREF)
"""WAMR's name for the externref kind (the standard header once called it anyref), so that
code written for WAMR's ffi runs unchanged."""

_LIMITS_MAX_DEFAULT = 0xFFFFFFFF

_VALKIND_NAMES = {
    int(_b.WASM_I32): "i32",
    int(_b.WASM_I64): "i64",
    int(_b.WASM_F32): "f32",
    int(_b.WASM_F64): "f64",
    int(_b.WASM_EXTERNREF): "externref",
    int(_b.WASM_FUNCREF): "funcref",
}


# --------------------------------------------------------------------------
# Pointers (WAMR helpers)
# --------------------------------------------------------------------------


def dereference(p: _Any) -> _Any:
    """What pointer ``p`` points to (``p.contents``); ``ValueError`` for NULL."""
    if not _is_pointer(p):
        raise WasmTypeError("not a pointer")
    return p.contents


def create_null_pointer(struct_type: type[_Any]) -> _Any:
    """A NULL ``POINTER(struct_type)``, e.g. for an optional ``wasm_trap_t**``."""
    return _ctypes.POINTER(struct_type)()


def is_null_pointer(c_pointer: object) -> bool:
    """True if ``c_pointer`` is NULL.

    Takes ctypes pointers (``POINTER(T)``, ``c_void_p``, ``c_char_p``,
    function pointers) and what a ``void*`` result becomes in Python
    (``None`` or an int).
    """
    if c_pointer is None:
        return True
    if isinstance(c_pointer, bool):
        raise WasmTypeError("not a pointer")
    if isinstance(c_pointer, int):
        return c_pointer == 0
    if isinstance(c_pointer, (_ctypes._Pointer, _CFuncPtr)):
        return not c_pointer
    if isinstance(c_pointer, (_ctypes.c_void_p, _ctypes.c_char_p)):
        return not c_pointer.value
    raise WasmTypeError("not a pointer")


# --------------------------------------------------------------------------
# Vectors
# --------------------------------------------------------------------------


def _is_vec_type(obj: object) -> bool:
    if not (isinstance(obj, type) and issubclass(obj, _ctypes.Structure)):
        return False
    fields = getattr(obj, "_fields_", None)
    return (
        isinstance(fields, (list, tuple))
        and len(fields) == 2
        and fields[0][0] == "size"
        and fields[1][0] == "data"
        and obj.__name__.endswith("_vec_t")
    )


VEC_TYPES: tuple[type[_ctypes.Structure], ...] = tuple(
    sorted({v for v in vars(_b).values() if _is_vec_type(v)}, key=lambda t: t.__name__)
)
"""Every vector struct of the binding (``wasm_byte_vec_t``, ``wasm_val_vec_t``, ...): what the
vector helpers accept, for callers that check first."""


def _vec_function(vec_type: type[_Any], suffix: str) -> _Any:
    """The binding's ``wasm_<name>_vec<suffix>`` for a vector struct."""
    return getattr(_b, vec_type.__name__[: -len("_t")] + suffix)


def _vec_elem_type(vec_type: type[_Any]) -> _Any:
    return vec_type._fields_[1][1]._type_


def _as_vec(vec: _Any, what: str) -> _Any:
    if isinstance(vec, VEC_TYPES):
        return vec
    if _is_pointer(vec) and type(vec)._type_ in VEC_TYPES:
        if not vec:
            raise ValueError(f"{what}: NULL vector pointer")
        return vec.contents
    raise WasmTypeError(f"{what}: not a known vector type: {type(vec).__name__}")


def wasm_vec_to_list(vec: _Any) -> list[_Any]:
    """The elements of a vector (or of a pointer to one) as a list (WAMR helper).

    Pointer vectors give their element pointers, ``wasm_val_vec_t`` gives
    ``wasm_val_t`` structs living in the vector's buffer, and
    ``wasm_byte_vec_t`` gives 1-byte ``bytes``.  Nothing is copied or
    transferred: the elements stay owned by the vector.
    """
    v = _as_vec(vec, "wasm_vec_to_list")
    n = int(v.size)
    if n == 0:
        return []
    if not v.data:
        raise ValueError(f"wasm_vec_to_list: vector of {n} elements has NULL data")
    return [v.data[i] for i in range(n)]


def list_to_carray(elem_type: type[_Any], *args: _Any) -> _Any:
    """A C array ``elem_type[len(args)]`` holding ``args`` (WAMR helper)."""
    return (elem_type * len(args))(*args)


def wasm_vec_new_from_list(vec_type: type[_Any], items: _Iterable[_Any]) -> _Any:
    """A new ``vec_type`` holding ``items``, made by the library's ``_vec_new``.

    As in C, pointer elements are handed over to the vector, value elements
    are copied.  The caller owns the result: release it with
    :func:`wasm_vec_delete` (or the type's own ``_vec_delete``).
    ``wasm_byte_vec_t`` also takes ``bytes``.
    """
    if vec_type not in VEC_TYPES:
        raise WasmTypeError(f"not a known vector type: {getattr(vec_type, '__name__', vec_type)}")
    out = vec_type()
    elem = _vec_elem_type(vec_type)
    if isinstance(items, (bytes, bytearray, memoryview)):
        data = bytes(items)
        if _ctypes.sizeof(elem) != 1:
            raise WasmTypeError(f"{vec_type.__name__} does not hold bytes")
        array: _Any = (elem * len(data)).from_buffer_copy(data) if data else None
        count = len(data)
    else:
        values = list(items)
        count = len(values)
        array = (elem * count)(*values) if values else None
    if count == 0:
        _vec_function(vec_type, "_new_empty")(_ctypes.byref(out))
    else:
        _vec_function(vec_type, "_new")(_ctypes.byref(out), count, array)
    return out


def wasm_vec_delete(vec: _Any) -> None:
    """Releases a vector (struct or pointer) with its own ``_vec_delete``."""
    v = _as_vec(vec, "wasm_vec_delete")
    _vec_function(type(v), "_delete")(_ctypes.byref(v))


def wasm_byte_vec_new_from_bytes(data: _Text) -> _Any:
    """A new ``wasm_byte_vec_t`` holding a copy of ``data`` (owned by the caller).

    A ``str`` is stored as its UTF-8 encoding.
    """
    return wasm_vec_new_from_list(_b.wasm_byte_vec_t, _encode(data))


def wasm_byte_vec_to_bytes(vec: _Any) -> bytes:
    """The contents of a byte vector (or of a pointer to one) as ``bytes``."""
    v = _deref(vec, _b.wasm_byte_vec_t, "wasm_byte_vec_to_bytes")
    n = int(v.size)
    if n == 0:
        return b""
    if not v.data:
        raise ValueError(f"wasm_byte_vec_to_bytes: vector of {n} bytes has NULL data")
    return _ctypes.string_at(v.data, n)


def wasm_name_to_str(name: _Any) -> str:
    """A name (byte vector) decoded as UTF-8; a message's trailing NUL is dropped."""
    data = wasm_byte_vec_to_bytes(name)
    if data.endswith(b"\0"):
        data = data[:-1]
    return data.decode("utf-8", "replace")


def load_module_file(wasm_content: _U[_Bytes, str, _os.PathLike[str]]) -> _Any:
    """A new ``wasm_byte_vec_t`` holding a module binary (WAMR helper).

    ``wasm_content`` is the binary itself (bytes) or, as an extension, the
    path of a ``.wasm`` file (str or ``os.PathLike``).  The caller owns the
    vector: release it with ``wasm_byte_vec_delete``.
    """
    if isinstance(wasm_content, (str, _os.PathLike)):
        with open(wasm_content, "rb") as f:
            wasm_content = f.read()
    return wasm_byte_vec_new_from_bytes(wasm_content)


def wat2wasm(wat: _Text) -> bytes:
    """WebAssembly text to the binary format (``wacapi_wat2wasm``).

    Raises ``ValueError`` with the error and its line:column on bad text.
    """
    src = wasm_byte_vec_new_from_bytes(_encode(wat))
    out = _b.wasm_byte_vec_t()
    try:
        if not _b.wacapi_wat2wasm(_ctypes.byref(src), _ctypes.byref(out)):
            raise ValueError(f"wat2wasm: {last_error()}")
        return wasm_byte_vec_to_bytes(out)
    finally:
        _b.wasm_byte_vec_delete(_ctypes.byref(out))
        _b.wasm_byte_vec_delete(_ctypes.byref(src))


# --------------------------------------------------------------------------
# Names (wasm.h inline helpers and macros)
# --------------------------------------------------------------------------

# The name macros of wasm.h: the byte-vector functions under another name.
wasm_name_new = _b.wasm_byte_vec_new
"""``wasm_byte_vec_new`` under its ``wasm.h`` macro name: a name is a byte vector."""
wasm_name_new_empty = _b.wasm_byte_vec_new_empty
"""``wasm_byte_vec_new_empty`` under its ``wasm.h`` macro name."""
wasm_name_new_new_uninitialized = _b.wasm_byte_vec_new_uninitialized  # sic, as in wasm.h
"""``wasm_byte_vec_new_uninitialized`` under its ``wasm.h`` macro name (the doubled "new" is the
standard header's spelling)."""
wasm_name_copy = _b.wasm_byte_vec_copy
"""``wasm_byte_vec_copy`` under its ``wasm.h`` macro name."""
wasm_name_delete = _b.wasm_byte_vec_delete
"""``wasm_byte_vec_delete`` under its ``wasm.h`` macro name."""


def _fill_name(out: _Any, data: bytes) -> None:
    target = _deref(out, _b.wasm_byte_vec_t, "wasm_name_new_from_string")
    array = (_ctypes.c_char * len(data)).from_buffer_copy(data) if data else None
    _b.wasm_byte_vec_new(_ctypes.byref(target), len(data), array)


@_overload
def wasm_name_new_from_string(out: _Text) -> _Any: ...
@_overload
def wasm_name_new_from_string(out: _Any, s: _Text) -> None: ...
def wasm_name_new_from_string(out: _Any, s: _Optional[_Text] = None) -> _Any:
    """Makes a name holding the UTF-8 encoding of ``s``, without a NUL.

    ``wasm_name_new_from_string(out, s)`` fills in ``out`` as in C;
    ``wasm_name_new_from_string(s)`` returns a new name (WAMR's form).
    Either way the caller owns the name (``wasm_name_delete``).
    """
    if s is None:
        name = _b.wasm_byte_vec_t()
        _fill_name(name, _encode(out))
        return name
    _fill_name(out, _encode(s))
    return None


@_overload
def wasm_name_new_from_string_nt(out: _Text) -> _Any: ...
@_overload
def wasm_name_new_from_string_nt(out: _Any, s: _Text) -> None: ...
def wasm_name_new_from_string_nt(out: _Any, s: _Optional[_Text] = None) -> _Any:
    """Like :func:`wasm_name_new_from_string`, with a terminating NUL (for trap messages)."""
    if s is None:
        name = _b.wasm_byte_vec_t()
        _fill_name(name, _encode(out) + b"\0")
        return name
    _fill_name(out, _encode(s) + b"\0")
    return None


# --------------------------------------------------------------------------
# Value kinds and value types (wasm.h inline helpers)
# --------------------------------------------------------------------------


def wasm_valkind_is_num(k: int) -> bool:
    """True for the numeric kinds (i32, i64, f32, f64)."""
    return int(k) < int(_b.WASM_EXTERNREF)


def wasm_valkind_is_ref(k: int) -> bool:
    """True for the reference kinds (externref, funcref)."""
    return int(k) >= int(_b.WASM_EXTERNREF)


def wasm_valtype_is_num(t: _Any) -> bool:
    """True if the value type is numeric."""
    return wasm_valkind_is_num(_b.wasm_valtype_kind(t))


def wasm_valtype_is_ref(t: _Any) -> bool:
    """True if the value type is a reference type."""
    return wasm_valkind_is_ref(_b.wasm_valtype_kind(t))


def wasm_valtype_new_i32() -> _Any:
    """New i32 value type (owned)."""
    return _b.wasm_valtype_new(_b.WASM_I32)


def wasm_valtype_new_i64() -> _Any:
    """New i64 value type (owned)."""
    return _b.wasm_valtype_new(_b.WASM_I64)


def wasm_valtype_new_f32() -> _Any:
    """New f32 value type (owned)."""
    return _b.wasm_valtype_new(_b.WASM_F32)


def wasm_valtype_new_f64() -> _Any:
    """New f64 value type (owned)."""
    return _b.wasm_valtype_new(_b.WASM_F64)


def wasm_valtype_new_externref() -> _Any:
    """New externref value type (owned)."""
    return _b.wasm_valtype_new(_b.WASM_EXTERNREF)


def wasm_valtype_new_funcref() -> _Any:
    """New funcref value type (owned)."""
    return _b.wasm_valtype_new(_b.WASM_FUNCREF)


# --------------------------------------------------------------------------
# Function types (wasm.h inline helpers)
# --------------------------------------------------------------------------


def wasm_functype_new_from_lists(params: _Iterable[_Any], results: _Iterable[_Any]) -> _Any:
    """New function type from lists of value types, which it takes over."""
    p = wasm_vec_new_from_list(_b.wasm_valtype_vec_t, params)
    r = wasm_vec_new_from_list(_b.wasm_valtype_vec_t, results)
    return _b.wasm_functype_new(_ctypes.byref(p), _ctypes.byref(r))


def wasm_functype_new_0_0() -> _Any:
    """Function type () -> ()."""
    return wasm_functype_new_from_lists([], [])


def wasm_functype_new_1_0(p: _Any) -> _Any:
    """Function type (p) -> (); takes ``p``."""
    return wasm_functype_new_from_lists([p], [])


def wasm_functype_new_2_0(p1: _Any, p2: _Any) -> _Any:
    """Function type (p1, p2) -> (); takes the value types."""
    return wasm_functype_new_from_lists([p1, p2], [])


def wasm_functype_new_3_0(p1: _Any, p2: _Any, p3: _Any) -> _Any:
    """Function type (p1, p2, p3) -> (); takes the value types."""
    return wasm_functype_new_from_lists([p1, p2, p3], [])


def wasm_functype_new_0_1(r: _Any) -> _Any:
    """Function type () -> (r); takes ``r``."""
    return wasm_functype_new_from_lists([], [r])


def wasm_functype_new_1_1(p: _Any, r: _Any) -> _Any:
    """Function type (p) -> (r); takes the value types."""
    return wasm_functype_new_from_lists([p], [r])


def wasm_functype_new_2_1(p1: _Any, p2: _Any, r: _Any) -> _Any:
    """Function type (p1, p2) -> (r); takes the value types."""
    return wasm_functype_new_from_lists([p1, p2], [r])


def wasm_functype_new_3_1(p1: _Any, p2: _Any, p3: _Any, r: _Any) -> _Any:
    """Function type (p1, p2, p3) -> (r); takes the value types."""
    return wasm_functype_new_from_lists([p1, p2, p3], [r])


def wasm_functype_new_0_2(r1: _Any, r2: _Any) -> _Any:
    """Function type () -> (r1, r2); takes the value types."""
    return wasm_functype_new_from_lists([], [r1, r2])


def wasm_functype_new_1_2(p: _Any, r1: _Any, r2: _Any) -> _Any:
    """Function type (p) -> (r1, r2); takes the value types."""
    return wasm_functype_new_from_lists([p], [r1, r2])


def wasm_functype_new_2_2(p1: _Any, p2: _Any, r1: _Any, r2: _Any) -> _Any:
    """Function type (p1, p2) -> (r1, r2); takes the value types."""
    return wasm_functype_new_from_lists([p1, p2], [r1, r2])


def wasm_functype_new_3_2(p1: _Any, p2: _Any, p3: _Any, r1: _Any, r2: _Any) -> _Any:
    """Function type (p1, p2, p3) -> (r1, r2); takes the value types."""
    return wasm_functype_new_from_lists([p1, p2, p3], [r1, r2])


def wasm_limits_new(min: int, max: int = _LIMITS_MAX_DEFAULT) -> _Any:  # noqa: A002
    """A pointer to new limits ``{min, max}`` (WAMR helper); ``max`` defaults to none."""
    return _ctypes.pointer(_b.wasm_limits_t(min, max))


# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------


def wasm_i32_val(i: int) -> _Any:
    """An i32 ``wasm_val_t`` (``WASM_I32_VAL``)."""
    v = _b.wasm_val_t()
    v.kind = _b.WASM_I32
    v.of.i32 = i
    return v


def wasm_i64_val(i: int) -> _Any:
    """An i64 ``wasm_val_t`` (``WASM_I64_VAL``)."""
    v = _b.wasm_val_t()
    v.kind = _b.WASM_I64
    v.of.i64 = i
    return v


def wasm_f32_val(z: float) -> _Any:
    """An f32 ``wasm_val_t`` (``WASM_F32_VAL``)."""
    v = _b.wasm_val_t()
    v.kind = _b.WASM_F32
    v.of.f32 = z
    return v


def wasm_f64_val(z: float) -> _Any:
    """An f64 ``wasm_val_t`` (``WASM_F64_VAL``)."""
    v = _b.wasm_val_t()
    v.kind = _b.WASM_F64
    v.of.f64 = z
    return v


def wasm_ref_val(ref: _Any = None, kind: int = int(_b.WASM_EXTERNREF)) -> _Any:
    """A reference ``wasm_val_t`` (``WASM_REF_VAL``); ``None`` is the null reference.

    ``ref`` is a ``wasm_ref_t`` pointer or a pointer to any reference object
    (``wasm_func_t``, ``wasm_foreign_t``, ...), viewed as a ``wasm_ref_t``
    with its ``wasm_<kind>_as_ref``; the value owns it, as in C.  ``kind`` is
    ``WASM_EXTERNREF`` (the C macro's choice) or ``WASM_FUNCREF``.
    """
    if not wasm_valkind_is_ref(kind):
        raise ValueError(f"wasm_ref_val: {kind} is not a reference kind")
    v = _b.wasm_val_t()
    v.kind = kind
    v.of.ref = _as_ref_pointer(ref, "wasm_ref_val")
    return v


def _as_ref_pointer(ref: _Any, what: str) -> _Any:
    """``ref`` (None or a pointer to a reference object) as a ``POINTER(wasm_ref_t)``."""
    ref_type = _ctypes.POINTER(_b.wasm_ref_t)
    if ref is None:
        return ref_type()
    if _is_pointer(ref):
        pointee = type(ref)._type_.__name__
        if pointee == "wasm_ref_t":
            return ref
        as_ref = getattr(_b, pointee[: -len("_t")] + "_as_ref", None) if pointee.startswith("wasm_") else None
        if as_ref is not None:
            return as_ref(ref) if ref else ref_type()
    raise WasmTypeError(f"{what}: expected None or a pointer to a reference object, got {type(ref).__name__}")


def wasm_init_val() -> _Any:
    """A placeholder value (``WASM_INIT_VAL``): a null externref."""
    return wasm_ref_val(None)


def wasm_val_value(val: _Any) -> _Any:
    """The Python value of a ``wasm_val_t`` (or pointer to one).

    An int for i32/i64, a float for f32/f64, and for references the
    ``POINTER(wasm_ref_t)`` it holds, or ``None`` for the null reference.
    """
    v = _deref(val, _b.wasm_val_t, "wasm_val_value")
    kind = int(v.kind)
    if kind == _b.WASM_I32:
        return int(v.of.i32)
    if kind == _b.WASM_I64:
        return int(v.of.i64)
    if kind == _b.WASM_F32:
        return float(v.of.f32)
    if kind == _b.WASM_F64:
        return float(v.of.f64)
    if wasm_valkind_is_ref(kind) and kind in _VALKIND_NAMES:
        return v.of.ref if v.of.ref else None
    raise ValueError(f"wasm_val_value: invalid value kind {kind}")


def wasm_val_init_ptr(out: _Any, p: _Any) -> None:
    """Stores a host pointer in a value: an i64 on 64-bit hosts, an i32 on 32-bit ones."""
    v = _deref(out, _b.wasm_val_t, "wasm_val_init_ptr")
    address = _address(p)
    if _PTR_BITS == 32:
        v.kind = _b.WASM_I32
        v.of.i32 = address
    else:
        v.kind = _b.WASM_I64
        v.of.i64 = address


def wasm_val_ptr(val: _Any) -> _Optional[int]:
    """The host pointer stored by :func:`wasm_val_init_ptr` (``None`` for NULL)."""
    v = _deref(val, _b.wasm_val_t, "wasm_val_ptr")
    raw = int(v.of.i32) if _PTR_BITS == 32 else int(v.of.i64)
    value: _Optional[int] = _ctypes.c_void_p(raw & ((1 << _PTR_BITS) - 1)).value
    return value


# --------------------------------------------------------------------------
# Callbacks
# --------------------------------------------------------------------------

wasm_finalizer = _ctypes.CFUNCTYPE(None, _ctypes.c_void_p)
"""The type of finalizers (``void (*)(void*)``), e.g. for ``wasm_func_new_with_env`` (WAMR
helper; also a decorator).  ``wasm_finalizer()`` is the NULL finalizer: ctypes takes no
``None`` for a function pointer argument."""


def _callback_result(result: object) -> _Optional[int]:
    """What a host callback returns to C: a trap address or NULL."""
    if result is None:
        return None
    if isinstance(result, str):
        return _new_trap(result)
    is_address = isinstance(result, int) and not isinstance(result, bool)
    if is_address or isinstance(result, (_ctypes.POINTER(_b.wasm_trap_t), _ctypes.c_void_p)):
        return _address(result) or None
    raise WasmTypeError(f"returned {result!r}; a host callback returns None, a wasm_trap_t pointer or a message")


def _exception_trap(exc: BaseException, where: str) -> _Optional[int]:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    try:
        return _new_trap(f"{where} raised {text}")
    except BaseException:  # noqa: BLE001 - nothing may escape into C
        return None


def wasm_func_cb_decl(func: _Callable[[_Any, _Any], _Any]) -> _Any:
    """Makes a ``wasm_func_callback_t`` of a Python function (WAMR helper; also a decorator).

    ``func(args, results)`` gets pointers to the argument and result
    vectors and fills in ``results``.  It returns ``None`` on success, or a
    trap (a ``wasm_trap_t`` pointer, which it hands over, or a message
    ``str``) to make the call trap.  An exception also becomes a trap,
    naming the exception.  Keep the returned object alive as long as the
    function may be called.
    """

    def trampoline(args: _Any, results: _Any) -> _Optional[int]:
        try:
            return _callback_result(func(args, results))
        except BaseException as exc:  # noqa: BLE001 - nothing may escape into C
            return _exception_trap(exc, _callback_name(func))

    return _b.wasm_func_callback_t(trampoline)


def wasm_func_with_env_cb_decl(func: _Callable[[_Any, _Any, _Any], _Any]) -> _Any:
    """Makes a ``wasm_func_callback_with_env_t`` of ``func(env, args, results)`` (WAMR helper).

    ``env`` arrives as an int (the address given to ``wasm_func_new_with_env``)
    or ``None``; the rest is as in :func:`wasm_func_cb_decl`.
    """

    def trampoline(env: _Any, args: _Any, results: _Any) -> _Optional[int]:
        try:
            return _callback_result(func(env, args, results))
        except BaseException as exc:  # noqa: BLE001 - nothing may escape into C
            return _exception_trap(exc, _callback_name(func))

    return _b.wasm_func_callback_with_env_t(trampoline)


def _callback_name(func: object) -> str:
    return f"host callback {getattr(func, '__qualname__', None) or repr(func)}"


def trap_message(trap: _Any) -> str:
    """The message of a trap (pointer or struct), without its NUL."""
    out = _b.wasm_byte_vec_t()
    _b.wasm_trap_message(trap, _ctypes.byref(out))
    try:
        return wasm_name_to_str(out)
    finally:
        _b.wasm_byte_vec_delete(_ctypes.byref(out))


# --------------------------------------------------------------------------
# __eq__ / __repr__ for the generated structs
# --------------------------------------------------------------------------


def _ref(obj: _Any) -> _Any:
    """A pointer to a struct instance, for passing it back to the library."""
    return _ctypes.byref(obj)


def _opt(ptr: _Any) -> _Any:
    return ptr.contents if ptr else None


def _limits_text(limits: _Any) -> str:
    if limits is None:
        return "?"
    if int(limits.max) == _LIMITS_MAX_DEFAULT:
        return f"{limits.min}"
    return f"{limits.min} {limits.max}"


def _valkind_text(kind: int) -> str:
    return _VALKIND_NAMES.get(int(kind), f"<valkind {int(kind)}>")


def _valtype_text(vt: _Any) -> str:
    return "?" if vt is None else _valkind_text(_b.wasm_valtype_kind(_ref(vt)))


def _valtypes_text(vec: _Any) -> str:
    if vec is None:
        return "?"
    return " ".join(_valtype_text(_opt(p)) for p in wasm_vec_to_list(vec))


def _functype_text(ft: _Any) -> str:
    params = _valtypes_text(_opt(_b.wasm_functype_params(_ref(ft))))
    results = _valtypes_text(_opt(_b.wasm_functype_results(_ref(ft))))
    text = "(func"
    if params:
        text += f" (param {params})"
    if results:
        text += f" (result {results})"
    return text + ")"


def _globaltype_text(gt: _Any) -> str:
    content = _valtype_text(_opt(_b.wasm_globaltype_content(_ref(gt))))
    if int(_b.wasm_globaltype_mutability(_ref(gt))) == int(_b.WASM_VAR):
        return f"(global (mut {content}))"
    return f"(global {content})"


def _tabletype_text(tt: _Any) -> str:
    limits = _limits_text(_opt(_b.wasm_tabletype_limits(_ref(tt))))
    return f"(table {limits} {_valtype_text(_opt(_b.wasm_tabletype_element(_ref(tt))))})"


def _memorytype_text(mt: _Any) -> str:
    return f"(memory {_limits_text(_opt(_b.wasm_memorytype_limits(_ref(mt))))})"


def _externtype_text(et: _Any) -> str:
    if et is None:
        return "?"
    kind = int(_b.wasm_externtype_kind(_ref(et)))
    if kind == _b.WASM_EXTERN_FUNC:
        return _functype_text(_b.wasm_externtype_as_functype_const(_ref(et)).contents)
    if kind == _b.WASM_EXTERN_GLOBAL:
        return _globaltype_text(_b.wasm_externtype_as_globaltype_const(_ref(et)).contents)
    if kind == _b.WASM_EXTERN_TABLE:
        return _tabletype_text(_b.wasm_externtype_as_tabletype_const(_ref(et)).contents)
    if kind == _b.WASM_EXTERN_MEMORY:
        return _memorytype_text(_b.wasm_externtype_as_memorytype_const(_ref(et)).contents)
    return f"<externkind {kind}>"


def _quoted(name: _Any) -> str:
    if name is None:
        return '"?"'
    text = wasm_byte_vec_to_bytes(name).decode("utf-8", "backslashreplace")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _importtype_text(it: _Any) -> str:
    module = _quoted(_opt(_b.wasm_importtype_module(_ref(it))))
    name = _quoted(_opt(_b.wasm_importtype_name(_ref(it))))
    return f"(import {module} {name} {_externtype_text(_opt(_b.wasm_importtype_type(_ref(it))))})"


def _exporttype_text(et: _Any) -> str:
    name = _quoted(_opt(_b.wasm_exporttype_name(_ref(et))))
    return f"(export {name} {_externtype_text(_opt(_b.wasm_exporttype_type(_ref(et))))})"


def _val_text(v: _Any) -> str:
    kind = int(v.kind)
    if kind == _b.WASM_I32:
        return f"(i32.const {v.of.i32})"
    if kind == _b.WASM_I64:
        return f"(i64.const {v.of.i64})"
    if kind == _b.WASM_F32:
        return f"(f32.const {v.of.f32!r})"
    if kind == _b.WASM_F64:
        return f"(f64.const {v.of.f64!r})"
    if kind in (_b.WASM_EXTERNREF, _b.WASM_FUNCREF):
        short = "extern" if kind == _b.WASM_EXTERNREF else "func"
        if not v.of.ref:
            return f"(ref.null {short})"
        return f"(ref.{short} {_address(v.of.ref):#x})"
    return f"<wasm_val_t kind {kind}>"


def _owned_text(obj: _Any, get_type: str, delete: str, text: _Callable[[_Any], str]) -> str:
    """Text of an object's owned type copy (``wasm_func_type`` etc.), released afterwards."""
    ty = getattr(_b, get_type)(_ref(obj))
    if not ty:
        return "?"
    try:
        return text(ty.contents)
    finally:
        getattr(_b, delete)(ty)


def _extern_text(ext: _Any) -> str:
    return _owned_text(ext, "wasm_extern_type", "wasm_externtype_delete", _externtype_text)


def _make_repr(text: _Callable[[_Any], str]) -> _Callable[[_Any], str]:
    def __repr__(self: _Any) -> str:
        try:
            return text(self)
        except Exception as exc:  # noqa: BLE001 - a repr must not fail
            return f"<{type(self).__name__} at {_ctypes.addressof(self):#x} ({exc})>"

    return __repr__


def _wrapped(text: _Callable[[_Any], str]) -> _Callable[[_Any], str]:
    return lambda self: f"<{type(self).__name__} {text(self)}>"


def _eq_by(key: _Callable[[_Any], object]) -> _Callable[[_Any, object], bool]:
    def __eq__(self: _Any, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return key(self) == key(other)

    return __eq__


def _eq_same(same: str) -> _Callable[[_Any, object], bool]:
    def __eq__(self: _Any, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(getattr(_b, same)(_ref(self), _ref(other)))

    return __eq__


def _val_key(v: _Any) -> object:
    kind = int(v.kind)
    if kind in (_b.WASM_I32, _b.WASM_F32):
        return (kind, int(v.of.i32))  # f32 by its bits: a copy equals its original, NaN too
    if kind in (_b.WASM_I64, _b.WASM_F64):
        return (kind, int(v.of.i64))
    return (kind, _RefKey(v.of.ref))


class _RefKey:
    """Compares two ``wasm_ref_t`` pointers with ``wasm_ref_same`` (NULL equals NULL)."""

    def __init__(self, ref: _Any) -> None:
        self.ref = ref

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _RefKey):
            return NotImplemented
        if not self.ref or not other.ref:
            return not self.ref and not other.ref
        return bool(_b.wasm_ref_same(self.ref, other.ref))

    __hash__ = None  # type: ignore[assignment]


def _vec_key(vec: _Any) -> object:
    elem = _vec_elem_type(type(vec))
    if _ctypes.sizeof(elem) == 1 and not issubclass(elem, _ctypes.Structure):
        return wasm_byte_vec_to_bytes(vec)
    items = wasm_vec_to_list(vec)
    if issubclass(elem, _ctypes._Pointer):
        return [_opt(p) for p in items]
    return items


def _vec_repr(vec: _Any) -> str:
    elem = _vec_elem_type(type(vec))
    name = type(vec).__name__
    if _ctypes.sizeof(elem) == 1 and not issubclass(elem, _ctypes.Structure):
        return f"{name}({wasm_byte_vec_to_bytes(vec)!r})"
    items = wasm_vec_to_list(vec)
    if issubclass(elem, _ctypes._Pointer):
        shown = ["NULL" if not p else repr(p.contents) for p in items]
    else:
        shown = [repr(x) for x in items]
    return f"{name}([{', '.join(shown)}])"


def _byte_vec_str(vec: _Any) -> str:
    return wasm_byte_vec_to_bytes(vec).decode("utf-8", "replace")


def _get_num_elems(self: _Any) -> int:
    return int(self.size)


def _set_num_elems(self: _Any, value: int) -> None:
    self.size = value


def _limits_repr(self: _Any) -> str:
    return f"wasm_limits_t(min={self.min}, max={self.max})"


def _module_text(module: _Any) -> str:
    imports = _b.wasm_importtype_vec_t()
    exports = _b.wasm_exporttype_vec_t()
    _b.wasm_module_imports(_ref(module), _ctypes.byref(imports))
    _b.wasm_module_exports(_ref(module), _ctypes.byref(exports))
    try:
        lines = [_importtype_text(p.contents) for p in wasm_vec_to_list(imports) if p]
        lines += [_exporttype_text(p.contents) for p in wasm_vec_to_list(exports) if p]
    finally:
        _b.wasm_importtype_vec_delete(_ctypes.byref(imports))
        _b.wasm_exporttype_vec_delete(_ctypes.byref(exports))
    return "(module" + "".join(" " + line for line in lines) + ")"


def _instance_text(instance: _Any) -> str:
    exports = _b.wasm_extern_vec_t()
    _b.wasm_instance_exports(_ref(instance), _ctypes.byref(exports))
    try:
        shown = [_extern_text(p.contents) if p else "NULL" for p in wasm_vec_to_list(exports)]
    finally:
        _b.wasm_extern_vec_delete(_ctypes.byref(exports))
    return "exports: " + (", ".join(shown) if shown else "none")


def _global_text(glob: _Any) -> str:
    ty = _owned_text(glob, "wasm_global_type", "wasm_globaltype_delete", _globaltype_text)
    value = _b.wasm_val_t()
    _b.wasm_global_get(_ref(glob), _ctypes.byref(value))
    try:
        return f"{ty} = {_val_text(value)}"
    finally:
        _b.wasm_val_delete(_ctypes.byref(value))


def _table_text(table: _Any) -> str:
    ty = _owned_text(table, "wasm_table_type", "wasm_tabletype_delete", _tabletype_text)
    return f"{ty} size {_b.wasm_table_size(_ref(table))}"


def _memory_text(memory: _Any) -> str:
    ty = _owned_text(memory, "wasm_memory_type", "wasm_memorytype_delete", _memorytype_text)
    return f"{ty} size {_b.wasm_memory_size(_ref(memory))}"


def _frame_text(frame: _Any) -> str:
    return (
        f"func {_b.wasm_frame_func_index(_ref(frame))} "
        f"offset {_b.wasm_frame_func_offset(_ref(frame)):#x}, "
        f"module offset {_b.wasm_frame_module_offset(_ref(frame)):#x}"
    )


def _address_text(obj: _Any) -> str:
    return f"at {_ctypes.addressof(obj):#x}"


def _install(cls: type[_Any], *, eq: _Any = None, repr_: _Any = None, str_: _Any = None) -> None:
    if eq is not None:
        setattr(cls, "__eq__", eq)
        setattr(cls, "__hash__", None)  # equal by content, so not hashable
    if repr_ is not None:
        setattr(cls, "__repr__", _make_repr(repr_))
    if str_ is not None:
        setattr(cls, "__str__", _make_repr(str_))


def _install_all() -> None:
    for vec_type in VEC_TYPES:
        vec_type.num_elems = property(_get_num_elems, _set_num_elems)  # type: ignore[attr-defined]
        _install(vec_type, eq=_eq_by(_vec_key), repr_=_vec_repr)
    _install(_b.wasm_byte_vec_t, str_=_byte_vec_str)
    _install(_b.wasm_limits_t, eq=_eq_by(lambda s: (int(s.min), int(s.max))), repr_=_limits_repr)
    _install(_b.wasm_val_t, eq=_eq_by(_val_key), repr_=_val_text)

    # Type objects: plain data, equal when they describe the same type.
    type_objects: list[tuple[str, _Callable[[_Any], str]]] = [
        ("wasm_valtype_t", _valtype_text),
        ("wasm_functype_t", _functype_text),
        ("wasm_globaltype_t", _globaltype_text),
        ("wasm_tabletype_t", _tabletype_text),
        ("wasm_memorytype_t", _memorytype_text),
        ("wasm_externtype_t", _externtype_text),
        ("wasm_importtype_t", _importtype_text),
        ("wasm_exporttype_t", _exporttype_text),
    ]
    for name, text in type_objects:
        _install(getattr(_b, name), eq=_eq_by(text), repr_=text)

    # Reference objects: equal when both handles denote the same entity.
    ref_objects: list[tuple[str, _Callable[[_Any], str]]] = [
        ("func", _wrapped(lambda f: _owned_text(f, "wasm_func_type", "wasm_functype_delete", _functype_text))),
        ("global", _wrapped(_global_text)),
        ("table", _wrapped(_table_text)),
        ("memory", _wrapped(_memory_text)),
        ("extern", _wrapped(_extern_text)),
        ("instance", _wrapped(_instance_text)),
        ("module", _wrapped(_module_text)),
        ("trap", _wrapped(lambda t: repr(trap_message(_ref(t))))),
        ("foreign", _wrapped(_address_text)),
        ("ref", _wrapped(_address_text)),
    ]
    for kind, text in ref_objects:
        _install(getattr(_b, f"wasm_{kind}_t"), eq=_eq_same(f"wasm_{kind}_same"), repr_=text)
    _install(_b.wasm_frame_t, repr_=_wrapped(_frame_text))


_install_all()
