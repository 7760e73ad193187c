"""Table: a WebAssembly table of references."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

from . import binding as _b
from ._cabi import address
from ._func import check_value, func_ref, take_func
from ._store import Store
from ._storeobject import Extern
from ._traps import error
from ._types import KIND_EXTERNREF, TableType, tabletype_from_c, tabletype_to_c
from ._values import extern_ref, take_object

__all__ = ["Table"]

_P_REF = ctypes.POINTER(_b.wasm_ref_t)


class Table(Extern):
    """A table of references: ``Table(store, TableType(ValType.funcref(), 2), init=None)``.

    ``len(table)`` is its size; ``table[i]`` reads an element (a
    :class:`~wacapi.Func`, a Python object for externref, or ``None``) and
    ``table[i] = value`` sets one; negative indexes count from the end, other
    indexes out of range raise ``IndexError``.  :meth:`grow` adds elements.

    >>> store = wacapi.Store()
    >>> table = wacapi.Table(store, wacapi.TableType(wacapi.ValType.funcref(), 2))
    >>> table[0] is None
    True
    >>> table[1] = wacapi.Func.wrap(store, lambda: None)
    >>> print(table[1].type)
    (func)
    >>> table.grow(1), len(table)
    (2, 3)
    >>> refs = wacapi.Table(store, wacapi.TableType(wacapi.ValType.externref(), 1))
    >>> token = object()
    >>> refs[0] = token
    >>> refs[0] is token
    True
    """

    __slots__ = ("_type",)
    _delete = _b.wasm_table_delete
    _type: TableType

    def __init__(self, store: Store, ty: TableType, init: Any = None) -> None:
        if not isinstance(store, Store):
            raise TypeError(f"Table() takes a Store, got {type(store).__name__}")
        if not isinstance(ty, TableType):
            raise TypeError(f"Table() takes a TableType, got {type(ty).__name__}")
        self._type = ty  # for _to_ref
        with store._lock:
            ref = self._to_ref(store, ty, init, "Table() init")
            tt = tabletype_to_c(ty)
            try:
                ptr = _b.wasm_table_new(store._require(), tt, ctypes.cast(ref, _P_REF))
            finally:
                _b.wasm_tabletype_delete(tt)
        if not ptr:
            raise error("cannot create the table")
        self._store = store
        self._ptr = ptr

    @classmethod
    def _from_ptr(cls, store: Store, ptr: Any) -> Table:
        tt = _b.wasm_table_type(ptr)
        if not tt:
            _b.wasm_table_delete(ptr)
            raise error("cannot read the type of a table")
        try:
            ty = tabletype_from_c(tt)
        finally:
            _b.wasm_tabletype_delete(tt)
        self = object.__new__(cls)
        self._store = store
        self._type = ty
        self._ptr = ptr
        return self

    @staticmethod
    def _to_ref(store: Store, ty: TableType, value: Any, what: str) -> Any:
        """The reference (address, borrowed) for ``value`` as an element of a table of type ``ty``."""
        kind = ty.element.kind
        check_value(kind, value, what)
        if kind == KIND_EXTERNREF:
            return extern_ref(store, value)
        return func_ref(store, value)

    @property
    def type(self) -> TableType:
        """The table's type as created or imported (its ``min`` is the initial size)."""
        return self._type

    def __len__(self) -> int:
        with self._store._lock:
            return int(_b.wasm_table_size(self._require()))

    @property
    def size(self) -> int:
        """The current number of elements (``len(table)``)."""
        return len(self)

    def _index(self, index: object, size: int) -> int:
        if not isinstance(index, int) or isinstance(index, bool):
            raise TypeError(f"table indexes are ints, not {type(index).__name__}")
        i = index + size if index < 0 else index
        if not 0 <= i < size:
            raise IndexError(f"table index {index} out of range (size {size})")
        return i

    def __getitem__(self, index: int) -> Any:
        store = self._store
        with store._lock:
            ptr = self._require()
            i = self._index(index, int(_b.wasm_table_size(ptr)))
            ref = address(_b.wasm_table_get(ptr, i)) or None
            if self._type.element.kind == KIND_EXTERNREF:
                return take_object(ref)
            return take_func(store, ref)

    def __setitem__(self, index: int, value: Any) -> None:
        store = self._store
        with store._lock:
            ptr = self._require()
            i = self._index(index, int(_b.wasm_table_size(ptr)))
            ref = self._to_ref(store, self._type, value, "table element")
            if not _b.wasm_table_set(ptr, i, ctypes.cast(ref, _P_REF)):
                raise error(f"cannot set table element {i}")

    def __iter__(self) -> Iterator[Any]:
        for i in range(len(self)):
            yield self[i]

    def grow(self, delta: int, init: Any = None) -> int:
        """Adds ``delta`` elements set to ``init``; returns the previous size.

        Raises :class:`~wacapi.WasmError` past the table's maximum.
        """
        if not isinstance(delta, int) or isinstance(delta, bool):
            raise TypeError(f"grow() takes an int, not {type(delta).__name__}")
        if not 0 <= delta <= 0xFFFFFFFF:
            raise ValueError(f"grow() delta must be in 0..{0xFFFFFFFF}, got {delta}")
        store = self._store
        with store._lock:
            ptr = self._require()
            ref = self._to_ref(store, self._type, init, "grow() init")
            old = int(_b.wasm_table_size(ptr))
            if not _b.wasm_table_grow(ptr, delta, ctypes.cast(ref, _P_REF)):
                raise error(f"cannot grow the table of {old} elements by {delta}")
            return old

    def _as_extern(self) -> Any:
        return _b.wasm_table_as_extern(self._require())

    def __repr__(self) -> str:
        if self._ptr is None:
            return f"<Table {self._type} closed>"
        return f"<Table {self._type} size {len(self)}>"
