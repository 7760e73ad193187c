"""Execution control of calls: timeouts, resumable calls out of fuel (:class:`Suspended`),
``await func.call_async()`` in slices, and ``async def`` host functions.

All of it goes through the library's resumable calls (``wacapi_func_call_resumable``): a call
that pauses (its fuel ran out, the store's yield interval was reached, or an async host
function asked to be suspended) keeps its own wasm stack inside the library and goes on with
``wacapi_resumable_call_resume``.  The plain call path (``func(...)``, generated code in
_func.py) does not come here at all.

Below :mod:`wacapi._func` (which imports this module): the values of a call are converted by
the methods ``_write_val``/``_read_val`` of the Func itself, which this module knows as a
:class:`Callee`.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
from collections.abc import Awaitable, Coroutine
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol

from . import binding as _b
from ._cabi import address
from ._errors import Trap, WasmError
from ._store import seconds
from ._traps import _tls, error, trap_exception

if TYPE_CHECKING:
    from ._store import Store
    from ._types import FuncType

__all__ = ["Suspended"]

#: Fuel between two yields of ``call_async`` unless ``slice_fuel=`` says otherwise.
DEFAULT_SLICE_FUEL = 1_000_000
_FUEL_MAX = (1 << 64) - 1

_FINISHED = int(_b.WACAPI_CALL_FINISHED)
_OUT_OF_FUEL = int(_b.WACAPI_CALL_OUT_OF_FUEL)
_YIELDED = int(_b.WACAPI_CALL_YIELDED)
_HOST_SUSPENDED = int(_b.WACAPI_CALL_HOST_SUSPENDED)

_OUT_OF_FUEL_MESSAGE = "all fuel consumed by WebAssembly"


class Callee(Protocol):
    """What this module needs of a :class:`~wacapi.Func` (defined a layer above)."""

    _store: Store
    _type: FuncType

    def _label(self) -> str:
        """The function's name for messages."""

    def _require(self) -> Any:
        """The handle; ``ValueError`` if the Func was closed."""

    def _write_val(self, kind: int, value: object, val: Any, what: str) -> None:
        """Fills in the ``wasm_val_t`` ``val`` with ``value`` of ``kind``."""

    def _read_val(self, val: Any) -> Any:
        """The Python value of an owned ``wasm_val_t``."""

    def __call__(self, *args: Any) -> Any:
        """The plain call."""


# --------------------------------------------------------------------------
# async def host functions
# --------------------------------------------------------------------------


class SuspendRequest(BaseException):
    """Raised by the wrapper of an ``async def`` host function inside ``call_async``: the
    thunk's failure path (``_failure_trap`` in _func.py) turns it into the library's suspend
    trap and keeps the coroutine for ``call_async`` to await.  A BaseException, so that no
    ``except Exception`` of the wrapper's callers could swallow it (only the thunk sees it).
    """

    def __init__(self, coro: Coroutine[Any, Any, Any], ty: FuncType, where: str, store: Store) -> None:
        super().__init__(where)
        self.coro = coro
        self.ty = ty
        self.where = where
        self.store = store

    def trap(self) -> Optional[int]:
        """The suspend trap (address) for the thunk to return; keeps the coroutine."""
        ptr = self.store._ptr
        trap = address(_b.wacapi_trap_new_suspend(ptr)) if ptr is not None else 0
        if not trap:
            self.coro.close()
            return None
        _tls.suspended = (self.coro, self.ty, self.where)
        return trap


def async_host(fn: Callable[..., Awaitable[Any]], ty: FuncType, where: str, store: Store) -> Callable[..., Any]:
    """The synchronous callable the thunk of the ``async def`` host function ``fn`` calls."""

    @functools.wraps(fn)
    def run(*args: Any) -> Any:
        if not getattr(_tls, "async_steps", 0):
            raise TypeError(
                f"{where} is an async def function: it can only be called from a guest run with "
                "`await func.call_async(...)`, not from a plain call"
            )
        raise SuspendRequest(fn(*args), ty, where, store)  # type: ignore[arg-type]

    return run


def _take_suspended() -> Optional[tuple[Coroutine[Any, Any, Any], FuncType, str]]:
    value = getattr(_tls, "suspended", None)
    _tls.suspended = None
    return value


# --------------------------------------------------------------------------
# One resumable call
# --------------------------------------------------------------------------


class _Run:
    """A call made with ``wacapi_func_call_resumable``: its buffers and, while paused, the
    library's call object."""

    __slots__ = ("_arg_vec", "_args", "_results", "call", "func", "result_vec", "store")

    def __init__(self, func: Callee, args: tuple[Any, ...]) -> None:
        ty = func._type
        func._require()
        params, results = ty.params, ty.results
        if len(args) != len(params):
            types = ", ".join(p.name for p in params)
            plural = "" if len(params) == 1 else "s"
            raise TypeError(
                f"{func._label()} takes {len(params)} argument{plural} ({types}) but {len(args)} were given"
            )
        self.func = func
        self.store = func._store
        self._args = (_b.wasm_val_t * max(len(params), 1))()
        for i, param in enumerate(params):
            func._write_val(param.kind, args[i], self._args[i], f"{func._label()} argument {i + 1}")
        self._arg_vec = _b.wasm_val_vec_t(len(params), self._args)
        self._results = (_b.wasm_val_t * max(len(results), 1))()
        self.result_vec = _b.wasm_val_vec_t(len(results), self._results)
        self.call: Any = None

    def step(self, yield_fuel: int) -> bool:
        """Starts or resumes the call; True when it finished.  A trap is raised (and the call
        dropped)."""
        store = self.store
        steps = getattr(_tls, "async_steps", 0)
        with store._lock:
            store_ptr = store._require()
            ptr = self.func._require()
            watched = store._interrupt is not None
            if watched:
                # Per step: other calls (other tasks) of the store may use other intervals.
                _b.wacapi_store_set_yield_interval(store_ptr, yield_fuel)
            _tls.async_steps = steps + (1 if yield_fuel else 0)
            try:
                if self.call is None:
                    self.call = ctypes.POINTER(_b.wacapi_resumable_call_t)()
                    trap = _b.wacapi_func_call_resumable(
                        ptr, ctypes.byref(self._arg_vec), ctypes.byref(self.result_vec), ctypes.byref(self.call)
                    )
                else:
                    trap = _b.wacapi_resumable_call_resume(self.call, ctypes.byref(self.result_vec))
            finally:
                _tls.async_steps = steps
                if watched and yield_fuel:
                    _b.wacapi_store_set_yield_interval(store_ptr, 0)
        store._flush()
        if trap:
            self.drop()
            leftover = _take_suspended()
            if leftover is not None:
                leftover[0].close()
            raise trap_exception(address(trap))
        if not self.call or self.state() == _FINISHED:
            self.drop()
            return True
        return False

    def state(self) -> int:
        return int(_b.wacapi_resumable_call_state(self.call))

    def values(self) -> Any:
        """The results of the finished call, as a plain call returns them."""
        func = self.func
        values = [func._read_val(self._results[j]) for j in range(len(func._type.results))]
        if not values:
            return None
        return values[0] if len(values) == 1 else tuple(values)

    def give_host_results(self, value: object, ty: FuncType, where: str) -> None:
        """Hands the result of an awaited async host function to the suspended call."""
        kinds = [r.kind for r in ty.results]
        if not kinds:
            if value is not None:
                raise TypeError(f"{where} returned {value!r}, but its type has no results (return None)")
            items: list[object] = []
        elif len(kinds) == 1:
            items = [value]
        else:
            if not isinstance(value, (tuple, list)) or len(value) != len(kinds):
                raise TypeError(f"{where} returned {value!r}; expected a tuple of {len(kinds)} values")
            items = list(value)
        vals = (_b.wasm_val_t * max(len(kinds), 1))()
        for j, (kind, item) in enumerate(zip(kinds, items)):
            what = f"{where} result" + (f" {j + 1}" if len(kinds) > 1 else "")
            self.func._write_val(kind, item, vals[j], what)
        vec = _b.wasm_val_vec_t(len(kinds), vals)
        with self.store._lock:
            ok = _b.wacapi_resumable_call_set_host_results(self.call, ctypes.byref(vec))
        if not ok:
            raise error(f"{where}: cannot hand over the results")

    def drop(self) -> None:
        """Abandons (or frees, once finished) the library's call; idempotent."""
        call, self.call = self.call, None
        if call:
            self.store._release(_b.wacapi_resumable_call_delete, call)


# --------------------------------------------------------------------------
# Func.call and Suspended
# --------------------------------------------------------------------------


class Suspended:
    """A call that ran out of fuel on a store with ``on_out_of_fuel = "suspend"``, paused
    with all its state instead of lost: :meth:`resume` gives it more fuel and goes on, so the
    results are those of an uninterrupted run.

    Returned by :meth:`Func.call <wacapi.Func.call>` (and by :meth:`resume`, when the fuel
    given runs out again).  Holds the guest's stack until it is resumed to its end,
    :meth:`cancel`\\ led, left by ``with``, or collected.  Other calls of the store may run
    meanwhile.

    >>> store = wacapi.Store(wacapi.Engine(consume_fuel=True))
    >>> store.on_out_of_fuel = "suspend"
    >>> count = wacapi.Instance(store, wacapi.Module(store, '''(module
    ...   (func (export "count") (param i32) (result i32) (local i32)
    ...     (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))
    ...           (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
    ...     (local.get 1)))''')).exports.count
    >>> store.fuel = 1000
    >>> result = count.call(10_000)
    >>> while isinstance(result, wacapi.Suspended):
    ...     result = result.resume(1000)
    >>> result
    10000
    """

    __slots__ = ("__weakref__", "_run")

    def __init__(self, run: _Run) -> None:
        self._run: Optional[_Run] = run

    @property
    def done(self) -> bool:
        """True once the call was resumed (this object handed it on), finished or cancelled."""
        return self._run is None

    def resume(self, fuel: int) -> Any:
        """Adds ``fuel`` to the store's fuel and goes on with the call: its results (as the
        plain call returns them), or a new Suspended if the fuel ran out again.  A trap is
        raised.  ValueError for a Suspended that is done."""
        if isinstance(fuel, bool) or not isinstance(fuel, int):
            raise TypeError(f"Suspended.resume() takes an int amount of fuel, not {type(fuel).__name__}")
        if not 0 <= fuel <= _FUEL_MAX:
            raise ValueError(f"Suspended.resume() fuel must be in 0..{_FUEL_MAX}, got {fuel}")
        run = self._run
        if run is None:
            raise ValueError("Suspended.resume(): this call was resumed, finished or cancelled already")
        self._run = None
        store = run.store
        try:
            with store._lock:
                store.fuel = min(_FUEL_MAX, store.fuel + fuel)
            return _finish(run)
        except BaseException:
            run.drop()
            raise

    def cancel(self) -> None:
        """Abandons the call (its guest frames are dropped).  Calling it again does nothing."""
        run, self._run = self._run, None
        if run is not None:
            run.drop()

    def __enter__(self) -> Suspended:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.cancel()

    def __del__(self) -> None:
        try:
            self.cancel()
        except BaseException:  # noqa: BLE001 - also at interpreter exit
            return

    def __repr__(self) -> str:
        if self._run is None:
            return "<Suspended done>"
        return f"<Suspended {self._run.func._label()} out of fuel>"


def _finish(run: _Run, first: bool = False) -> Any:
    """Runs ``run`` (sync) to its end: the results, or a Suspended when out of fuel."""
    while not run.step(0):
        state = run.state()
        if state == _OUT_OF_FUEL:
            return Suspended(run)
        if state == _HOST_SUSPENDED:  # cannot happen: async host functions refuse (no steps)
            run.drop()
            raise Trap("a host function suspended a call made without call_async")
        # YIELDED: another thread's setting; go on.
    return run.values()


def call(func: Callee, args: tuple[Any, ...], timeout: Optional[float]) -> Any:
    """:meth:`Func.call`: ``func(*args)``, with a deadline and/or a resumable call."""
    store = func._store
    func._require()
    if timeout is not None:
        seconds(timeout, "timeout")
    if store._on_out_of_fuel == "suspend":
        run = _Run(func, args)
        if timeout is None:
            return _finish(run)
        with store.deadline(timeout):
            return _finish(run)
    if timeout is None:
        return func(*args)
    with store.deadline(timeout):
        return func(*args)


async def call_async(func: Callee, args: tuple[Any, ...], slice_fuel: int) -> Any:
    """:meth:`Func.call_async`."""
    if isinstance(slice_fuel, bool) or not isinstance(slice_fuel, int):
        raise TypeError(f"call_async() slice_fuel takes an int, not {type(slice_fuel).__name__}")
    if not 1 <= slice_fuel <= _FUEL_MAX:
        raise ValueError(f"call_async() slice_fuel must be in 1..{_FUEL_MAX}, got {slice_fuel}")
    store = func._store
    store._require()
    if store._interrupt is None:
        raise WasmError(
            "call_async() needs an interruptible engine: this store's engine was made with "
            "Config(interruptible=False) (the default is True)"
        )
    run = _Run(func, args)
    try:
        while not run.step(slice_fuel):
            state = run.state()
            if state == _HOST_SUSPENDED:
                suspended = _take_suspended()
                if suspended is None:
                    raise WasmError("a host function suspended the call without a coroutine")
                coro, ty, where = suspended
                value = await coro
                run.give_host_results(value, ty, where)
            elif state == _OUT_OF_FUEL:
                raise Trap(_OUT_OF_FUEL_MESSAGE)
            else:
                # Let the other tasks run between two slices.
                await asyncio.sleep(0)
        return run.values()
    finally:
        # Cancelled (CancelledError at an await), raised or finished: the paused call goes.
        run.drop()
