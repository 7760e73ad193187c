"""Python values <-> WebAssembly values, and function types from annotations.

* Numbers: i32/i64 take any Python ``int`` (or object with ``__index__``)
  in the signed or the unsigned range of the type, -2**31 .. 2**32-1 for
  i32, and come back signed; f32/f64 take ``float`` or ``int``.
* externref: any Python object; ``None`` is the null reference.  The
  object comes back as the very same object.  It is carried by a
  ``wasm_foreign_t`` whose host info is a key of :data:`_OBJECTS`; the
  entry goes when the library finalizes the foreign object (when its store
  is deleted).  A store reuses one foreign object per Python object.
* funcref: a :class:`~wacapi.Func` of the same store, or ``None``.

The annotation markers :data:`I32`, :data:`I64`, :data:`F32`, :data:`F64`
and :data:`ExternRef` are ``typing.Annotated`` aliases: to a type checker
they are ``int``, ``float`` and ``Any``, to :meth:`Func.wrap` they name the
WebAssembly type.
"""

from __future__ import annotations

import ctypes
import inspect
import itertools
import types
import typing
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional

from . import binding as _b
from ._managed import FINALIZER, address, error, immortal, ref_delete, ref_get_host_info
from ._types import (
    KIND_EXTERNREF,
    KIND_F32,
    KIND_F64,
    KIND_FUNCREF,
    KIND_I32,
    KIND_I64,
    KIND_V128,
    FuncType,
    ValType,
)

if TYPE_CHECKING:
    from ._func import Func
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

_FIELD = {KIND_I32: "i32", KIND_I64: "i64", KIND_F32: "f32", KIND_F64: "f64"}


# --------------------------------------------------------------------------
# Checks with clear messages (the slow paths)
# --------------------------------------------------------------------------


def check_value(kind: int, value: object, what: str) -> None:
    """Raises TypeError/ValueError if ``value`` cannot be a wasm value of ``kind``."""
    if kind in INT_RANGES:
        if not hasattr(type(value), "__index__"):
            raise TypeError(f"{what} must be an int for {ValType(kind)}, not {type(value).__name__}")
        lo, hi = INT_RANGES[kind]
        number = value.__index__()  # type: ignore[attr-defined]
        if not lo <= number <= hi:
            raise ValueError(f"{what} is out of range for {ValType(kind)} ({lo}..{hi}): {number}")
    elif kind in (KIND_F32, KIND_F64):
        if isinstance(value, (str, bytes)) or not hasattr(type(value), "__float__"):
            raise TypeError(f"{what} must be a float for {ValType(kind)}, not {type(value).__name__}")
        try:
            float(value)  # type: ignore[arg-type]
        except OverflowError:
            raise ValueError(f"{what} is too large for {ValType(kind)}: {value!r}") from None
    elif kind == KIND_FUNCREF:
        from ._func import Func

        if value is not None and not isinstance(value, Func):
            raise TypeError(f"{what} must be a Func or None for funcref, not {type(value).__name__}")


# --------------------------------------------------------------------------
# externref: Python objects
# --------------------------------------------------------------------------

#: Key (the host info of a foreign object) -> the Python object it carries.
_OBJECTS: dict[int, object] = {}
_keys = itertools.count(1)


def _forget_object(key: Optional[int], _pop: Callable[..., object] = _OBJECTS.pop) -> None:
    if key is not None:
        _pop(key, None)


_FORGET_OBJECT = FINALIZER(_forget_object)
immortal(_FORGET_OBJECT)


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
        key = next(_keys)
        _OBJECTS[key] = obj
        _b.wasm_foreign_set_host_info_with_finalizer(foreign, key, _FORGET_OBJECT)
        ref = address(_b.wasm_foreign_as_ref(foreign))
    store._externs[id(obj)] = (obj, ref, foreign)
    return ref


def object_of_ref(ref: Optional[int]) -> object:
    """The Python object an externref (address, borrowed) carries; None for null."""
    if not ref:
        return None
    key = ref_get_host_info(ref)
    if key is None or key not in _OBJECTS:
        from ._errors import WasmError

        raise WasmError("externref does not carry a Python object (it was not made by wacapi's Python API)")
    return _OBJECTS[key]


def take_object(ref: Optional[int]) -> object:
    """Like :func:`object_of_ref` for an owned reference, which it deletes."""
    if not ref:
        return None
    try:
        return object_of_ref(ref)
    finally:
        ref_delete(ref)


# --------------------------------------------------------------------------
# funcref: Func objects
# --------------------------------------------------------------------------


def func_ref(store: Store, value: object) -> Optional[int]:
    """The funcref (address, borrowed from the Func) of ``value``; None for None."""
    if value is None:
        return None
    from ._func import Func

    if not isinstance(value, Func):
        raise TypeError(f"a funcref is a Func or None, not {type(value).__name__}")
    if value._store is not store:
        raise ValueError("the Func belongs to another store")
    value._require()
    return value._ref


def take_func(store: Store, ref: Optional[int]) -> Optional[Func]:
    """A Func owning the funcref ``ref`` (address, owned); None for null."""
    if not ref:
        return None
    from ._func import Func

    return Func._from_ref(store, ref)


# --------------------------------------------------------------------------
# wasm_val_t
# --------------------------------------------------------------------------


def v128_val(value: object, what: str) -> Any:
    """A ``wacapi_val_t`` holding the v128 ``value`` (an int; negative ones as two's complement)."""
    check_value(KIND_V128, value, what)
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


def write_val(store: Store, kind: int, value: object, val: Any, what: str) -> None:
    """Fills in ``val`` (a ``wasm_val_t``) with ``value`` as ``kind``; refs are borrowed."""
    check_value(kind, value, what)
    val.kind = kind
    if kind in _FIELD:
        setattr(val.of, _FIELD[kind], value)
    elif kind == KIND_EXTERNREF:
        ctypes.c_void_p.from_buffer(val, 8).value = extern_ref(store, value)
    else:
        ctypes.c_void_p.from_buffer(val, 8).value = func_ref(store, value)


def read_val(store: Store, val: Any) -> Any:
    """The Python value of an owned ``wasm_val_t``; its reference, if any, is consumed."""
    kind = int(val.kind)
    if kind in _FIELD:
        return getattr(val.of, _FIELD[kind])
    ref = ctypes.c_void_p.from_buffer(val, 8).value
    if kind == KIND_EXTERNREF:
        return take_object(ref)
    return take_func(store, ref)


# --------------------------------------------------------------------------
# Types from annotations
# --------------------------------------------------------------------------


#: typing.Union, and the type of ``X | Y`` (Python 3.10+).
_UNIONS = (typing.Union, getattr(types, "UnionType", typing.Union))


def _valtype_of(hint: Any, where: str) -> ValType:
    if typing.get_origin(hint) is Annotated:
        for meta in hint.__metadata__:
            if isinstance(meta, ValType):
                return meta
        hint = hint.__origin__
    if hint is int:
        return ValType.i32()
    if hint is float:
        return ValType.f64()
    from ._func import Func

    if hint is Func or (typing.get_origin(hint) in _UNIONS and set(typing.get_args(hint)) == {Func, type(None)}):
        return ValType.funcref()
    raise TypeError(
        f"{where}: cannot map the annotation {hint!r} to a WebAssembly type; use int (i32), float (f64), "
        "wacapi.I32, I64, F32, F64, ExternRef, FuncRef or Func"
    )


def _is_none(hint: Any) -> bool:
    return hint is None or hint is type(None)


def functype_of_callable(func: Callable[..., Any]) -> FuncType:
    """The FuncType described by the annotations of ``func``.

    Every parameter needs an annotation; the return annotation is a type, a
    tuple of types for several results, or None (or missing) for none.
    """
    if not callable(func):
        raise TypeError(f"expected a callable, got {type(func).__name__}")
    name = getattr(func, "__qualname__", None) or repr(func)
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"cannot read the signature of {name}: {exc}") from None
    target = func if inspect.isfunction(func) or inspect.ismethod(func) else type(func).__call__
    try:
        hints = typing.get_type_hints(target, include_extras=True)
    except Exception as exc:  # noqa: BLE001 - any failure to resolve becomes a TypeError
        raise TypeError(f"cannot resolve the annotations of {name}: {exc}") from None
    params = []
    for param in signature.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD, param.KEYWORD_ONLY):
            raise TypeError(f"{name}: parameter {param.name!r} must be positional for a host function")
        if param.name not in hints:
            raise TypeError(f"{name}: parameter {param.name!r} has no type annotation")
        params.append(_valtype_of(hints[param.name], f"{name} parameter {param.name!r}"))
    returns = hints.get("return")
    results: list[ValType] = []
    if not _is_none(returns):
        origin = typing.get_origin(returns)
        if origin is tuple:
            args = typing.get_args(returns)
            if args == ((),):  # Tuple[()]
                args = ()
            if any(a is Ellipsis for a in args):
                raise TypeError(f"{name}: a tuple result annotation needs one type per result")
            results = [_valtype_of(a, f"{name} result {i}") for i, a in enumerate(args)]
        elif returns is tuple:
            raise TypeError(f"{name}: a tuple result annotation needs one type per result")
        else:
            results = [_valtype_of(returns, f"{name} result")]
    return FuncType(params, results)
