"""Zero-copy views of linear memory, and the grow hook that keeps them valid.

wasmi keeps a linear memory in a ``Vec`` that moves when it grows, so a raw
view (``Memory.buffer()``) would point at freed memory after any growth.  The
package therefore *pins* a memory's size while a view of it is alive:

* Every view a :class:`~wacapi.Memory` hands out is a ``memoryview`` of one
  exporter object, an :class:`Export`'s ctypes array, made once per (memory,
  data address, size) and cached on the Memory.  Everything derived from such
  a view (slices, ``memoryview(view)``, numpy arrays, ``view.obj``) keeps a
  reference to that array, so on CPython "does a view exist?" is "does the
  array have more references than it had when it was made?"
  (``sys.getrefcount``; the baseline is measured when the export is made).
* Each store has a grow hook (``wacapi_store_set_memory_grow_hook``),
  installed when the Store is made: before any memory of the store grows (a
  guest's ``memory.grow``, :meth:`Memory.grow <wacapi.Memory.grow>`), it
  refuses growth of a memory whose current size equals the size of a pinned
  export of the store.  The library does not say which memory grows, so two
  memories of the same size both stay put while either has a view: a
  refusal too many, never one too few.
* An export holds its own handle of the memory (``wasm_memory_copy``),
  deleted when the export goes, so a view stays valid (reads and writes the
  memory, which lives on) after ``Memory.close()`` and ``Store.close()``.

Interpreters without ``sys.getrefcount`` (PyPy) cannot see when views die:
there a view pins its memory from :meth:`Memory.buffer` until
:meth:`Memory.release_views <wacapi.Memory.release_views>`, and the caller
promises, by calling it, that the earlier views are no longer used.

The hook runs while wasm code runs: it must not call the library, only read
the bookkeeping here; when it fails it refuses the growth (a failed growth is
an ordinary outcome for wasm code, a wrong "yes" could corrupt memory).
"""

from __future__ import annotations

import ctypes
import itertools
import sys
import weakref
from typing import Any, Callable, Optional, Protocol

from . import binding as _b
from ._cabi import c_void_p, fast, immortal
from ._traps import error

__all__ = ["GROW_HOOK", "REFCOUNTS", "Export", "forget_store", "new_store_views", "pinned_size"]

#: True where views can be counted through reference counts (CPython).
REFCOUNTS: bool = hasattr(sys, "getrefcount")

_memory_copy = fast("wasm_memory_copy", c_void_p, c_void_p)
_memory_delete = fast("wasm_memory_delete", None, c_void_p)

#: A store's exports that may have views: id(export) -> weak reference.
Views = dict[int, "weakref.ref[Export]"]

#: Grow-hook key of a store -> its exports.  An entry lives as long as the Store object.
_STORES: dict[int, Views] = {}
_keys = itertools.count(1)

#: Without reference counts: the exports that handed out views, kept (and pinned)
#: until Memory.release_views(), because views do not keep them alive there.
_HELD: dict[int, Export] = {}

_getrefcount: Callable[[object], int] = getattr(sys, "getrefcount", lambda _obj: 0)


class ViewsOwner(Protocol):
    """What this module needs of a store (:class:`~wacapi.Store`, a layer above): its views,
    and the deferred release of a handle."""

    _views: Views

    def _release(self, delete: Callable[[Any], None], ptr: Any) -> None:
        """Deletes ``ptr`` with ``delete`` now, or once no call of the store runs."""


def new_store_views() -> tuple[int, Views]:
    """A new grow-hook key and the (empty) exports of a new store."""
    key = next(_keys)
    views: Views = {}
    _STORES[key] = views
    return key, views


def forget_store(key: int, _stores: dict[int, Views] = _STORES) -> None:
    """Drops a store's bookkeeping; called when the Store object dies (no export refers
    to it then, as every export keeps its Store alive)."""
    _stores.pop(key, None)


def _grow_hook(env: Optional[int], current: int, desired: int, _stores: dict[int, Views] = _STORES) -> bool:
    """The grow hook of every store: False while a view may point into the growing memory."""
    try:
        if desired <= current or not current:
            return True  # not growing, or nothing to view (a new or empty memory)
        views = _stores.get(env or 0)
        if not views:
            return True
        for ref in tuple(views.values()):
            export = ref()
            if export is not None and export.size == current and export.pinned():
                return False
        return True
    except BaseException:  # noqa: BLE001 - nothing may escape into C; refusing is the safe answer
        return False


#: The hook's C function pointer (one for all stores; its ``env`` is the store's key).
#: Immortal: a store may outlive the module's globals at interpreter exit.
GROW_HOOK = _b.wacapi_memory_grow_hook_t(_grow_hook)
immortal(GROW_HOOK)


def pinned_size(store: ViewsOwner, size: int) -> bool:
    """True if some view of a memory of ``store`` with ``size`` bytes is alive."""
    for ref in tuple(store._views.values()):
        export = ref()
        if export is not None and export.size == size and export.pinned():
            return True
    return False


def _forget(views: Views, ident: int) -> Callable[[Any], None]:
    def forget(ref: Any) -> None:
        if views.get(ident) is ref:
            del views[ident]

    return forget


class Export:
    """The exporter of a memory's views: a ctypes array over the data, and a handle.

    The array refers back to this object (a cycle), so that whatever keeps a
    view keeps the export, its handle and so the memory alive; the Memory
    breaks the cycle when it drops an export without views.  Make and use
    it with the store lock held.
    """

    __slots__ = ("__weakref__", "array", "base", "data", "handed", "handle", "size", "store")
    array: Optional[Any]
    handle: Optional[int]

    # What the methods use, as class attributes: they may run at interpreter exit
    # (from __del__ or the grow hook), when the module's globals are gone.
    _refcounts = REFCOUNTS
    _getrefcount = staticmethod(_getrefcount)
    _held = _HELD
    _delete = staticmethod(_memory_delete)

    def __init__(self, store: ViewsOwner, memory: int, data: int, size: int) -> None:
        handle = _memory_copy(memory)
        if not handle:
            raise error("cannot make a view of the memory")
        self.store = store
        self.handle = handle
        self.data = data
        self.size = size
        self.handed = False
        self.array = (ctypes.c_ubyte * size).from_address(data)
        self.array._wacapi_export = self  # type: ignore[attr-defined]
        #: The array's reference count without views: measured, not assumed
        #: (2 on CPython 3.9 to 3.13: this object's reference and getrefcount's argument).
        self.base = self.refs()
        views = store._views
        views[id(self)] = weakref.ref(self, _forget(views, id(self)))

    def refs(self) -> int:
        """The reference count of the array (0 without sys.getrefcount)."""
        return self._getrefcount(self.array)

    def pinned(self) -> bool:
        """True while a view may be alive (CPython: exactly; PyPy: until release_views())."""
        if self.array is None:
            return False
        if self._refcounts:
            return self.refs() > self.base
        return self.handed

    def view(self) -> memoryview:
        """A new writable view (format ``"B"``) of the whole memory."""
        array = self.array
        if array is None:
            raise ValueError("Memory is closed")
        self.handed = True
        if not self._refcounts:
            self._held[id(self)] = self
        return memoryview(array).cast("B")

    def close(self) -> None:
        """Ends the export: call when no view is alive (or when it dies).  Idempotent."""
        array = self.array
        if array is None:
            return
        self.array = None
        self._held.pop(id(self), None)
        views = self.store._views
        ref = views.get(id(self))
        if ref is not None and ref() is self:
            del views[id(self)]
        try:  # noqa: SIM105 - no contextlib at interpreter exit
            del array._wacapi_export
        except AttributeError:
            pass
        handle, self.handle = self.handle, None
        if handle:
            self.store._release(self._delete, handle)

    def __del__(self) -> None:
        try:
            self.close()
        except BaseException:  # noqa: BLE001 - also at interpreter exit
            return
