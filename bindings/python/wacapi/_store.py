"""Store: the owner of all runtime objects (functions, globals, tables, memories, instances)."""

from __future__ import annotations

import ctypes
import threading
from typing import TYPE_CHECKING, Any, Callable, Optional

from . import binding as _b
from ._engine import Engine
from ._managed import Managed, error
from ._views import GROW_HOOK, Views, forget_store, new_store_views

if TYPE_CHECKING:
    from ._wasi import WasiState

__all__ = ["Store"]

#: The largest fuel amount and memory cap the library takes (u64, size_t).
_FUEL_MAX = (1 << 64) - 1
_SIZE_MAX = (1 << (8 * ctypes.sizeof(ctypes.c_size_t))) - 1


def _keep(_ptr: Any) -> None:
    """The "deletion" of :data:`_AFTER_CALL_MARK`: nothing."""


#: Kept at the bottom of ``Store._deferred`` while the store has an after-call hook.
#: Every Func of the store ends its call with ``if deferred: store._flush()``; a
#: list that is never empty makes that call happen after each call, so the hook
#: runs then, at no cost to stores without one.
_AFTER_CALL_MARK: tuple[Callable[[Any], None], Any] = (_keep, None)


def _check_int(value: object, what: str, maximum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if not 0 <= value <= maximum:
        raise ValueError(f"{what} must be in 0..{maximum}, got {value}")
    return value


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

    Limits, for guests that are not trusted: ``Store(engine,
    max_memory=bytes)`` caps every linear memory of the store (growing past
    it fails like any failed ``memory.grow``, and a module whose memory
    starts larger does not instantiate); :attr:`fuel` bounds how much code
    may run, on an ``Engine(consume_fuel=True)``.

    Memory views: every store asks a hook of this package before any of its
    memories grows, which refuses while a view of :meth:`Memory.buffer
    <wacapi.Memory.buffer>` of a memory that size is alive (growing could
    move the memory under the view; see docs/memory-views.md).

    For example, a store whose memories may not exceed two pages:

    >>> store = wacapi.Store(max_memory=2 * 65536)
    >>> memory = wacapi.Memory(store, wacapi.MemoryType(1))
    >>> memory.grow(1)
    1
    >>> try:
    ...     memory.grow(1)
    ... except wacapi.WasmError:
    ...     print("refused")
    refused
    """

    __slots__ = (
        "_deferred",
        "_engine",
        "_externs",
        "_grow_key",
        "_hook",
        "_lock",
        "_max_memory",
        "_owned",
        "_views",
        "_wasi",
    )
    _views: Views

    def __init__(self, engine: Optional[Engine] = None, *, max_memory: Optional[int] = None) -> None:
        if engine is None:
            engine = Engine()
        elif not isinstance(engine, Engine):
            raise TypeError(f"Store() takes an Engine, got {type(engine).__name__}")
        if max_memory is not None:
            _check_int(max_memory, "max_memory", _SIZE_MAX)
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
        #: Runs after each call of the store's functions from Python (see _set_after_call).
        self._hook: Optional[Callable[[], None]] = None
        #: The WASI context defined last for this store (by a Linker), if any.
        self._wasi: Optional[WasiState] = None
        self._max_memory: Optional[int] = None
        #: The grow hook's key of this store, and the exports of its memories' views
        #: (see _views.py).  The hook goes in now, while no code of the store runs:
        #: the library cannot install it later from inside a host function.
        self._grow_key, self._views = new_store_views()
        _b.wacapi_store_set_memory_grow_hook(ptr, GROW_HOOK, self._grow_key)
        self._ptr = ptr
        if max_memory is not None:
            self.max_memory = max_memory

    @property
    def engine(self) -> Engine:
        """The engine of this store."""
        return self._engine

    # ------------------------------------------------------------------ limits

    @property
    def fuel(self) -> int:
        """The fuel left: how much more wasm code the store may run.

        Only for a store of an ``Engine(consume_fuel=True)`` (else
        :class:`~wacapi.WasmError`).  A new store has none, so its first call
        traps at once: give it fuel first (``store.fuel = 1_000_000``).  When
        a call uses it all up it raises :class:`~wacapi.Trap` ("all fuel
        consumed by WebAssembly"); setting the fuel again refills the store,
        also from inside a host function, for the running call.
        """
        out = ctypes.c_uint64()
        with self._lock:
            ok = _b.wacapi_store_get_fuel(self._require(), ctypes.byref(out))
        if not ok:
            raise error(self._fuel_problem("cannot read the fuel"))
        return int(out.value)

    @fuel.setter
    def fuel(self, fuel: int) -> None:
        _check_int(fuel, "fuel", _FUEL_MAX)
        with self._lock:
            ok = _b.wacapi_store_set_fuel(self._require(), fuel)
        if not ok:
            raise error(self._fuel_problem("cannot set the fuel"))

    def _fuel_problem(self, what: str) -> str:
        if not self._engine._config.consume_fuel:
            return f"{what} (make the engine with Engine(consume_fuel=True))"
        return what

    @property
    def max_memory(self) -> Optional[int]:
        """The cap on each linear memory of the store, in bytes, or None (no cap, the default).

        Growing a memory past the cap fails as an ordinary failed growth
        (``memory.grow`` returns -1 in wasm, :meth:`Memory.grow
        <wacapi.Memory.grow>` raises), so a guest's ``malloc`` returns NULL
        instead of taking the host's memory; instantiating a module whose
        memory starts above the cap fails.  The cap may be changed at any
        time, also from inside a host function; memories already larger
        keep their size.  Setting None lifts it.
        """
        return self._max_memory

    @max_memory.setter
    def max_memory(self, limit: Optional[int]) -> None:
        if limit is not None:
            _check_int(limit, "max_memory", _SIZE_MAX)
        with self._lock:
            ptr = self._require()
            if limit is None and self._max_memory is None:
                return
            # The library's limiter is installed already (with the grow hook, when the
            # store was made), so this works also while code of the store runs.
            _b.wacapi_store_set_max_memory(ptr, _SIZE_MAX if limit is None else limit)
            self._max_memory = limit

    # ------------------------------------------------------------------ deferred work

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
        """Runs the deferred deletions, then the after-call hook, if no call of this
        store is running.

        Called when a call from Python returns (or raises) and after
        instantiation.  The hook's exceptions propagate to that caller.
        """
        lock = self._lock
        if self._deferred and not self._owned() and lock.acquire(blocking=False):
            try:
                self._flush_locked()
                hook = self._hook
                if hook is not None and self._ptr is not None:
                    hook()
            finally:
                lock.release()

    def _flush_locked(self) -> None:
        deferred = self._deferred
        keep = 0 if self._hook is None else 1  # the mark at the bottom stays
        while len(deferred) > keep:
            delete, ptr = deferred.pop()
            delete(ptr)

    def _set_after_call(self, hook: Optional[Callable[[], None]]) -> None:
        """Sets (or with None removes) the function run after each call from Python.

        Used by WASI to deliver captured output to Python file objects: only
        stores with such a hook pay for it.
        """
        with self._lock:
            had = self._hook is not None
            self._hook = hook
            deferred = self._deferred
            if hook is not None and not had:
                deferred.insert(0, _AFTER_CALL_MARK)
            elif hook is None and had:
                for i, entry in enumerate(deferred):
                    if entry is _AFTER_CALL_MARK:
                        del deferred[i]
                        break

    def _closing(self) -> None:
        externs, self._externs = self._externs, {}
        for _obj, _ref, foreign in externs.values():
            self._release(_b.wasm_foreign_delete, foreign)

    def close(self) -> None:
        """Releases the C handle.  Calling it again does nothing.

        Output a WASI guest of this store wrote to captured streams is kept
        first: :attr:`WasiConfig.stdout <wacapi.WasiConfig.stdout>` still
        returns it, and what is still due to a ``stdout_file`` is written
        there.
        """
        try:
            wasi = getattr(self, "_wasi", None)
            if wasi is not None and getattr(self, "_ptr", None) is not None:
                lock = self._lock
                if lock.acquire(blocking=False):  # also when this thread holds it
                    try:
                        self._wasi = None
                        self._set_after_call(None)
                        wasi.detach(self)
                    finally:
                        lock.release()
        finally:
            super().close()

    def _free(self, ptr: Any) -> None:
        self._release(_b.wasm_store_delete, ptr)

    #: Class attribute: __del__ may run at interpreter exit, after the module globals.
    _forget_store = staticmethod(forget_store)

    def __del__(self) -> None:
        try:
            self.close()
            # No export refers to this store any more (each keeps its Store alive).
            self._forget_store(self._grow_key)
        except BaseException:  # noqa: BLE001 - also at interpreter exit
            return

    def __repr__(self) -> str:
        return "<Store closed>" if self._ptr is None else "<Store>"
