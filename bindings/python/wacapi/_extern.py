"""Wrapping ``wasm_extern_t`` handles in the class of their kind."""

from __future__ import annotations

from typing import Any, Optional

from . import binding as _b
from ._func import Func
from ._global import Global
from ._memory import Memory
from ._store import Store
from ._storeobject import Extern
from ._table import Table
from ._traps import error

__all__ = ["wrap_extern"]


def wrap_extern(store: Store, ext: Any, name: Optional[str] = None) -> Extern:
    """A Func, Global, Table or Memory owning ``ext`` (an owned ``wasm_extern_t`` pointer)."""
    kind = int(_b.wasm_extern_kind(ext))
    if kind == _b.WASM_EXTERN_FUNC:
        return Func._from_ptr(store, _b.wasm_extern_as_func(ext), name)
    if kind == _b.WASM_EXTERN_GLOBAL:
        return Global._from_ptr(store, _b.wasm_extern_as_global(ext))
    if kind == _b.WASM_EXTERN_TABLE:
        return Table._from_ptr(store, _b.wasm_extern_as_table(ext))
    if kind == _b.WASM_EXTERN_MEMORY:
        return Memory._from_ptr(store, _b.wasm_extern_as_memory(ext))
    _b.wasm_extern_delete(ext)
    raise error(f"unknown extern kind {kind}")
