"""Store: the owner of all runtime objects (functions, globals, tables, memories, instances)."""

from __future__ import annotations

import threading
from typing import Any, Callable, Optional

from . import binding as _b
from ._engine import Engine
from ._managed import Managed, error

__all__ = ["Store"]


class Store(Managed):
    """A store (``wasm_store_t``): every module, instance, function, global, table
    and memory lives in one.

    A store and its objects are single-threaded in the library.  This class
    makes them safe to share between Python threads by serializing every
    operation on the store with a re-entrant lock: a call from another
    thread waits until the running one returns, and host functions may call
    back into the store on their own thread.

    Objects of the store keep this object alive.  ``close()`` releases the
    store's handle; objects made earlier stay usable (the library keeps the
    store itself alive while any of them exists), but nothing new can be
    made in a closed store.
    """

    __slots__ = ("_deferred", "_engine", "_externs", "_lock", "_owned")

    def __init__(self, engine: Optional[Engine] = None) -> None:
        if engine is None:
            engine = Engine()
        elif not isinstance(engine, Engine):
            raise TypeError(f"Store() takes an Engine, got {type(engine).__name__}")
        ptr = _b.wasm_store_new(engine._require())
        if not ptr:
            raise error("cannot create a store")
        self._engine = engine
        self._lock = threading.RLock()
        #: True while this thread holds the lock, i.e. runs code of this store.
        self._owned: Callable[[], bool] = getattr(self._lock, "_is_owned")  # noqa: B009 - private, untyped
        #: Handles whose deletion waits until no call of this store runs.
        self._deferred: list[tuple[Callable[[Any], None], Any]] = []
        #: id(obj) -> (obj, externref address, foreign handle): the externrefs made of
        #: Python objects, so that the same object is always the same reference.
        self._externs: dict[int, tuple[object, int, Any]] = {}
        self._ptr = ptr

    @property
    def engine(self) -> Engine:
        """The engine of this store."""
        return self._engine

    def _release(self, delete: Callable[[Any], None], ptr: Any) -> None:
        """Deletes a handle of this store now, or once the store is idle.

        A handle must not go while wasm code of the store runs (a host
        function closing the function that called it, a collection
        triggered inside a callback, another thread's ``__del__``): then
        the deletion waits for the end of the running call.  Never blocks.
        """
        lock = self._lock
        if self._owned() or not lock.acquire(blocking=False):
            self._deferred.append((delete, ptr))
            return
        try:
            delete(ptr)
            self._flush_locked()
        finally:
            lock.release()

    def _flush(self) -> None:
        """Runs the deferred deletions if no call of this store is running."""
        lock = self._lock
        if self._deferred and not self._owned() and lock.acquire(blocking=False):
            try:
                self._flush_locked()
            finally:
                lock.release()

    def _flush_locked(self) -> None:
        deferred = self._deferred
        while deferred:
            delete, ptr = deferred.pop()
            delete(ptr)

    def _closing(self) -> None:
        externs, self._externs = self._externs, {}
        for _obj, _ref, foreign in externs.values():
            self._release(_b.wasm_foreign_delete, foreign)

    def _free(self, ptr: Any) -> None:
        self._release(_b.wasm_store_delete, ptr)

    def __repr__(self) -> str:
        return "<Store closed>" if self._ptr is None else "<Store>"
