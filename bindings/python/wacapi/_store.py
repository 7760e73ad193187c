"""Store: the owner of all runtime objects (functions, globals, tables, memories, instances)."""

from __future__ import annotations

import contextlib
import ctypes
import math
import threading
import time
from collections.abc import Iterator
from typing import Any, Callable, Optional, Protocol

from . import binding as _b
from ._engine import Engine
from ._errors import WasmError
from ._managed import Managed
from ._traps import error, new_signal_check
from ._views import GROW_HOOK, Views, forget_store, new_store_views

__all__ = ["Store"]

#: The largest fuel amount and memory cap the library takes (u64, size_t).
_FUEL_MAX = (1 << 64) - 1
_SIZE_MAX = (1 << (8 * ctypes.sizeof(ctypes.c_size_t))) - 1


class WasiHooks(Protocol):
    """What a store needs of the WASI state of its guests (``_wasi.WasiState``, a layer above)."""

    def detach(self, store: Store) -> None:
        """Keeps the output captured so far, before the store's WASI context goes."""

    def reattach(self, store: Store) -> None:
        """Undoes :meth:`detach` when the context turned out not to be replaced."""

    @property
    def has_sinks(self) -> bool:
        """Whether output goes to file objects (then the store runs :meth:`pump` after calls)."""

    def pump(self, store: Optional[Store] = None) -> None:
        """Delivers new output to the file sinks (after each call; see :meth:`Store._flush`)."""


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


#: The most nanoseconds a deadline takes (u64).
_NS_MAX = (1 << 64) - 1

#: What :attr:`Store.on_out_of_fuel` takes.
_OUT_OF_FUEL = ("trap", "suspend")


def seconds(value: object, what: str) -> float:
    """``value`` as a number of seconds for a timeout or deadline, or TypeError/ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{what} takes a number of seconds (int or float), not {type(value).__name__}")
    if math.isnan(value) or math.isinf(value) or value < 0:
        raise ValueError(f"{what} must be a finite number of seconds >= 0, not {value!r}")
    return float(value)


def _not_interruptible(what: str) -> WasmError:
    return WasmError(
        f"{what} needs an interruptible engine: this store's engine was made with "
        "Config(interruptible=False) (the default is True)"
    )


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
        "_deadline_at",
        "_deferred",
        "_engine",
        "_externs",
        "_grow_key",
        "_hook",
        "_interrupt",
        "_lock",
        "_max_memory",
        "_on_out_of_fuel",
        "_owned",
        "_signal_check",
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
        self._wasi: Optional[WasiHooks] = None
        self._max_memory: Optional[int] = None
        #: The grow hook's key of this store, and the exports of its memories' views
        #: (see _views.py).  The hook goes in now, while no code of the store runs:
        #: the library cannot install it later from inside a host function.
        self._grow_key, self._views = new_store_views()
        _b.wacapi_store_set_memory_grow_hook(ptr, GROW_HOOK, self._grow_key)
        #: The interrupt handle (interruptible engines), made now so that interrupt() works
        #: from any thread at any time; the monotonic time of the deadline Store.deadline()
        #: set, if any; what a call that runs out of fuel does.
        self._interrupt: Any = None
        self._signal_check: Any = None
        self._deadline_at: Optional[float] = None
        self._on_out_of_fuel = "trap"
        if engine._config.interruptible:
            handle = _b.wacapi_store_interrupt_handle(ptr)
            if not handle:
                _b.wasm_store_delete(ptr)
                raise error("cannot create the interrupt handle of a store")
            self._interrupt = handle
            # Kept by the store: only calls of its functions (which keep it) ask it.
            self._signal_check = new_signal_check()
            _b.wacapi_store_set_interrupt_check(ptr, self._signal_check, None)
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

    @property
    def on_out_of_fuel(self) -> str:
        """What a call made with :meth:`Func.call <wacapi.Func.call>` does when the store's
        fuel runs out: ``"trap"`` (the default: :class:`~wacapi.Trap` "all fuel consumed by
        WebAssembly") or ``"suspend"``: the call pauses and ``func.call()`` returns a
        :class:`~wacapi.Suspended`, whose ``resume(fuel)`` goes on with more fuel, so a host
        can meter a guest in portions without losing its work.  Plain calls (``func(...)``)
        always trap: they have no way to hand out a paused call.  ``"suspend"`` needs an
        ``Engine(consume_fuel=True)``.
        """
        return self._on_out_of_fuel

    @on_out_of_fuel.setter
    def on_out_of_fuel(self, mode: str) -> None:
        if not isinstance(mode, str):
            raise TypeError(f"on_out_of_fuel takes 'trap' or 'suspend', not {type(mode).__name__}")
        if mode not in _OUT_OF_FUEL:
            raise ValueError(f"on_out_of_fuel takes 'trap' or 'suspend', not {mode!r}")
        self._require()
        if mode == "suspend" and not self._engine._config.consume_fuel:
            raise WasmError("on_out_of_fuel = 'suspend' needs an Engine(consume_fuel=True)")
        self._on_out_of_fuel = mode

    # ------------------------------------------------------------------ execution control

    def interrupt(self) -> None:
        """Stops the running call of this store, or if none runs the next one: it raises
        :class:`~wacapi.Interrupted` where it was called from Python.

        Safe from any thread (also while another thread's call holds the store), as it only
        sets a flag that the guest's call looks at between slices of work (about a
        millisecond); a guest in a loop that never calls the host stops too.  Needs an
        interruptible engine (the default; else :class:`~wacapi.WasmError`).

        >>> store = wacapi.Store()
        >>> spin = wacapi.Instance(store, wacapi.Module(store,
        ...     '(module (func (export "spin") (loop br 0)))')).exports.spin
        >>> store.interrupt()   # no call runs: the next one stops
        >>> try:
        ...     spin()
        ... except wacapi.Interrupted as exc:
        ...     print(exc.message)
        interrupted
        """
        handle = self._interrupt
        self._require()
        if handle is None:
            raise _not_interruptible("Store.interrupt()")
        _b.wacapi_interrupt(handle)

    @contextlib.contextmanager
    def deadline(self, seconds_from_now: float) -> Iterator[None]:
        """``with store.deadline(1.5):`` every call of the store inside the block that runs
        past 1.5 seconds from now raises :class:`~wacapi.Timeout`.

        The bound on a guest's running time that does not depend on what it does (fuel
        depends on the code); also after the deadline passed, each further call in the block
        raises at once.  Blocks nest: the earlier deadline applies, and the outer one is back
        after the inner block.  Needs an interruptible engine (the default; else
        :class:`~wacapi.WasmError`); ``func.call(..., timeout=)`` is the same for one call.

        >>> store = wacapi.Store()
        >>> spin = wacapi.Instance(store, wacapi.Module(store,
        ...     '(module (func (export "spin") (loop br 0)))')).exports.spin
        >>> try:
        ...     with store.deadline(0.05):
        ...         spin()
        ... except wacapi.Timeout as exc:
        ...     print(exc.message)
        deadline exceeded
        """
        span = seconds(seconds_from_now, "Store.deadline()")
        with self._lock:
            ptr = self._require()
            if self._interrupt is None:
                raise _not_interruptible("Store.deadline()")
            now = time.monotonic()
            previous = self._deadline_at
            at = now + span if previous is None else min(previous, now + span)
            self._set_deadline(ptr, at, now)
            self._deadline_at = at
        try:
            yield
        finally:
            with self._lock:
                self._deadline_at = previous
                ptr = self._ptr
                if ptr is not None:
                    if previous is None:
                        _b.wacapi_store_clear_deadline(ptr)
                    else:
                        self._set_deadline(ptr, previous, time.monotonic())

    @staticmethod
    def _set_deadline(ptr: Any, at: float, now: float) -> None:
        ns = min(_NS_MAX, max(0, int((at - now) * 1e9)))
        if not _b.wacapi_store_set_deadline(ptr, ns):
            raise error("cannot set the deadline")

    @property
    def fuel_slice(self) -> int:
        """Not readable: see the setter."""
        raise AttributeError("Store.fuel_slice can only be set")

    @fuel_slice.setter
    def fuel_slice(self, fuel: int) -> None:
        """How much guest work runs between two looks at interrupts, deadlines and Ctrl-C
        (1,000,000 fuel by default, about 1 to 5 ms): smaller makes them take effect sooner,
        at the cost of more pauses."""
        _check_int(fuel, "fuel_slice", _FUEL_MAX)
        if fuel == 0:
            raise ValueError("fuel_slice must be at least 1")
        with self._lock:
            ptr = self._require()
            if self._interrupt is None:
                raise _not_interruptible("Store.fuel_slice")
            if not _b.wacapi_store_set_fuel_slice(ptr, fuel):
                raise error("cannot set the fuel slice")

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
    _delete_interrupt = staticmethod(_b.wacapi_interrupt_handle_delete)

    def __del__(self) -> None:
        try:
            self.close()
            # No export refers to this store any more (each keeps its Store alive).
            self._forget_store(self._grow_key)
        except BaseException:  # noqa: BLE001 - also at interpreter exit
            pass
        try:
            # Only now: interrupt() may run on another thread until the object is gone.
            handle, self._interrupt = getattr(self, "_interrupt", None), None
            if handle:
                self._delete_interrupt(handle)
        except BaseException:  # noqa: BLE001 - also at interpreter exit
            return

    def __repr__(self) -> str:
        return "<Store closed>" if self._ptr is None else "<Store>"
