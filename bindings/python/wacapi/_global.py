"""Global: a WebAssembly global variable."""

from __future__ import annotations

import ctypes
from typing import Any

from . import binding as _b
from ._errors import WasmError
from ._func import read_val, write_val
from ._store import Store
from ._storeobject import Extern
from ._traps import error
from ._types import KIND_V128, GlobalType, globaltype_from_c, globaltype_to_c
from ._values import v128_val, v128_value

__all__ = ["Global"]


class Global(Extern):
    """A global: ``Global(store, GlobalType(ValType.i32(), mutable=True), 7)``.

    ``.value`` reads it and, for a mutable global, sets it (converted by its
    type, as arguments of a call are).  Setting an immutable global raises
    :class:`~wacapi.WasmError`.

    >>> store = wacapi.Store()
    >>> counter = wacapi.Global(store, wacapi.GlobalType(wacapi.ValType.i32(), mutable=True), 7)
    >>> counter.value += 1
    >>> counter.value
    8
    """

    __slots__ = ("_type",)
    _delete = _b.wasm_global_delete
    _type: GlobalType

    def __init__(self, store: Store, ty: GlobalType, value: Any) -> None:
        if not isinstance(store, Store):
            raise TypeError(f"Global() takes a Store, got {type(store).__name__}")
        if not isinstance(ty, GlobalType):
            raise TypeError(f"Global() takes a GlobalType, got {type(ty).__name__}")
        vector = ty.content.kind == KIND_V128
        val = v128_val(value, "Global() value") if vector else _b.wasm_val_t()
        with store._lock:
            if not vector:
                write_val(store, ty.content.kind, value, val, "Global() value")
            gt = globaltype_to_c(ty)
            try:
                new = _b.wacapi_global_new if vector else _b.wasm_global_new
                ptr = new(store._require(), gt, ctypes.byref(val))
            finally:
                _b.wasm_globaltype_delete(gt)
        if not ptr:
            raise error("cannot create the global")
        self._setup(store, ptr, ty)

    @classmethod
    def _from_ptr(cls, store: Store, ptr: Any) -> Global:
        gt = _b.wasm_global_type(ptr)
        if not gt:
            _b.wasm_global_delete(ptr)
            raise error("cannot read the type of a global")
        try:
            ty = globaltype_from_c(gt)
        finally:
            _b.wasm_globaltype_delete(gt)
        self = object.__new__(cls)
        self._setup(store, ptr, ty)
        return self

    def _setup(self, store: Store, ptr: Any, ty: GlobalType) -> None:
        self._store = store
        self._type = ty
        self._ptr = ptr

    @property
    def type(self) -> GlobalType:
        """The global's type (content type and mutability)."""
        return self._type

    @property
    def value(self) -> Any:
        """The current value (an int, a float, a Func, a Python object or None).

        A v128 global reads as an unsigned 128-bit int (lane 0 in the low bits) and takes any
        int from -2**127 to 2**128-1."""
        store = self._store
        with store._lock:
            if self._type.content.kind == KIND_V128:
                vector = _b.wacapi_val_t()
                if not _b.wacapi_global_get(self._require(), ctypes.byref(vector)):
                    raise error("cannot read the global")
                return v128_value(vector)
            val = _b.wasm_val_t()
            _b.wasm_global_get(self._require(), ctypes.byref(val))
            return read_val(store, val)

    @value.setter
    def value(self, value: Any) -> None:
        store = self._store
        with store._lock:
            ptr = self._require()
            if not self._type.mutable:
                raise WasmError(f"cannot set an immutable global {self._type}")
            if self._type.content.kind == KIND_V128:
                if not _b.wacapi_global_set(ptr, ctypes.byref(v128_val(value, "Global value"))):
                    raise error("cannot set the global")
                return
            val = _b.wasm_val_t()
            write_val(store, self._type.content.kind, value, val, "Global value")
            _b.wasm_global_set(ptr, ctypes.byref(val))

    def _as_extern(self) -> Any:
        return _b.wasm_global_as_extern(self._require())

    def __repr__(self) -> str:
        if self._ptr is None:
            return f"<Global {self._type} closed>"
        return f"<Global {self._type} = {self.value!r}>"
