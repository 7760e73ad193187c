"""The objects that live in a store: :class:`StoreObject`, and :class:`Extern`, the base of
what a module imports and exports.

A StoreObject keeps its :class:`~wacapi.Store` alive and hands its handle back through it
(``Store._release``), so that a handle is never deleted while wasm code of that store runs
(deletion is deferred until the store is idle).  Above :mod:`wacapi._store`, below the
objects (Module, Instance, Func, Global, Table, Memory).
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar

from ._managed import Managed
from ._store import Store
from ._types import ExternType

__all__ = ["Extern", "StoreObject"]


class StoreObject(Managed):
    """A Managed object that lives in a store (and keeps the Store object alive)."""

    __slots__ = ("_store",)
    _store: Store

    #: The binding's ``wasm_<kind>_delete`` for the handle.
    _delete: ClassVar[Callable[[Any], None]]

    @property
    def store(self) -> Store:
        """The store this object belongs to."""
        return self._store

    def _free(self, ptr: Any) -> None:
        self._store._release(type(self)._delete, ptr)


class Extern(StoreObject):
    """Base of what a module can import or export: Func, Global, Table and Memory."""

    __slots__ = ()

    @property
    def type(self) -> ExternType:
        """The type of this object."""
        raise NotImplementedError

    def _as_extern(self) -> Any:
        """The handle viewed as a ``wasm_extern_t`` pointer (borrowed)."""
        raise NotImplementedError
