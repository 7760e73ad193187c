"""Ownership of C handles, fast C entry points and trap/exception plumbing.

Every object of the Pythonic API owns one C handle (an engine, a store, a
module, a function, ...).  :class:`Managed` gives them ``close()``, the
context-manager protocol and a ``__del__`` that is safe at any time,
including interpreter exit.  Objects that live in a store derive from
:class:`StoreObject`: they keep their :class:`~wacapi.Store` alive and hand
their handle back through it, so that a handle is never deleted while wasm
code of that store runs (deletion is deferred until the store is idle).

The hot paths (calls, host callbacks, memory access) use private ctypes
prototypes of a few library functions that take and return plain addresses
(``c_void_p``): passing an int is much cheaper for ctypes than passing a
typed pointer object, and a ``c_void_p`` result costs no pointer object.
"""

from __future__ import annotations

import ctypes
import threading
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Optional

from . import _library, ffi
from . import binding as _b
from ._errors import Interrupted, Timeout, Trap, WasmError
from ._types import ExternType

if TYPE_CHECKING:
    from ._store import Store

__all__ = ["Extern", "Managed", "StoreObject"]

c_void_p = ctypes.c_void_p


def _fast(name: str, restype: Any, *argtypes: Any) -> Any:
    """A private ctypes prototype of the library function ``name``.

    ``lib[name]`` makes a new function object, so changing its types does
    not affect the generated binding's copy.
    """
    fn = _library.lib[name]
    fn.restype = restype
    fn.argtypes = argtypes
    return fn


# wasm_func_call(func, args, results) -> trap, all as addresses.
func_call = _fast("wasm_func_call", c_void_p, c_void_p, c_void_p, c_void_p)
ref_copy = _fast("wasm_ref_copy", c_void_p, c_void_p)
ref_delete = _fast("wasm_ref_delete", None, c_void_p)
ref_get_host_info = _fast("wasm_ref_get_host_info", c_void_p, c_void_p)
memory_data = _fast("wasm_memory_data", c_void_p, c_void_p)
memory_data_size = _fast("wasm_memory_data_size", ctypes.c_size_t, c_void_p)

#: ``void (*)(void*)``: finalizers of host-function environments and host info.
FINALIZER = _b.fnptr_void__void_p


def immortal(obj: object) -> None:
    """Keeps ``obj`` alive for the life of the process.

    Used for the ctypes thunks the library may call while the interpreter
    shuts down (finalizers run when a store is deleted, which may happen
    during the last garbage collection): clearing module globals must not
    free them.  Interpreters without ``ctypes.pythonapi`` (PyPy) get a
    reference from a list of this module instead.
    """
    pythonapi = getattr(ctypes, "pythonapi", None)
    if pythonapi is None:
        _IMMORTAL.append(obj)
        return
    pythonapi.Py_IncRef(ctypes.py_object(obj))


_IMMORTAL: list[object] = []


def address(ptr: Any) -> int:
    """The address held by a ctypes pointer (0 for NULL)."""
    return ctypes.cast(ptr, c_void_p).value or 0


def last_error() -> str:
    """The library's message for the last failed call on this thread ("" if none)."""
    return ffi.last_error()


def error(what: str) -> WasmError:
    """A WasmError for a failed library call: the library's reason, prefixed by ``what``."""
    reason = last_error()
    return WasmError(f"{what}: {reason}" if reason else what)


# --------------------------------------------------------------------------
# Exceptions of host functions, carried across wasm
# --------------------------------------------------------------------------

_tls = threading.local()
_trap_engine: list[Any] = []


def _trap_store() -> Any:
    """This thread's private store for making traps (a trap's store does not matter
    to the runtime, which only reads its message)."""
    store = getattr(_tls, "trap_store", None)
    if store is None:
        if not _trap_engine:
            _trap_engine.append(_b.wasm_engine_new())
        store = _b.wasm_store_new(_trap_engine[0])
        _tls.trap_store = store
    return store


def new_trap(message: str) -> Optional[int]:
    """A new trap (its address) with ``message``, for a host callback to return."""
    msg = ffi.wasm_name_new_from_string_nt(message)
    try:
        trap = _b.wasm_trap_new(_trap_store(), ctypes.byref(msg))
    finally:
        _b.wasm_byte_vec_delete(ctypes.byref(msg))
    return address(trap) or None


def host_failed(exc: BaseException, where: str) -> Optional[int]:
    """Called by a host-function thunk whose Python code raised ``exc``.

    Keeps ``exc`` as this thread's pending exception and returns a trap to
    unwind the wasm frames; :func:`trap_exception` gives back ``exc`` (same
    object, original traceback) where the wasm call returns to Python.
    Never raises: nothing may escape into C.
    """
    try:
        try:
            text = str(exc)
        except BaseException:  # noqa: BLE001 - an exception that cannot print itself
            text = "<unprintable>"
        message = f"{where} raised {type(exc).__name__}" + (f": {text}" if text else "")
        trap = new_trap(message)
    except BaseException:  # noqa: BLE001 - nothing may escape into C
        return None
    _tls.pending = (message, exc)
    return trap


def trap_exception(trap: int) -> BaseException:
    """The exception for an owned trap (address) that a call returned; deletes the trap.

    The pending Python exception of this thread if the trap carries one,
    else a :class:`Trap`.  The caller raises it.
    """
    ptr = ctypes.cast(trap, ctypes.POINTER(_b.wasm_trap_t))
    try:
        message = ffi.trap_message(ptr)
        code = ctypes.c_int32()
        exit_code = int(code.value) if _b.wacapi_trap_exit_code(ptr, ctypes.byref(code)) else None
    finally:
        _b.wasm_trap_delete(ptr)
    pending = getattr(_tls, "pending", None)
    if pending is not None:
        _tls.pending = None
        if pending[0] == message:
            exc: BaseException = pending[1]
            return exc
    if exit_code is None:
        if message == INTERRUPTED:
            signal = getattr(_tls, "signal", None)
            if signal is not None:
                # The interrupt check stopped the call for a signal (Ctrl-C): its exception.
                _tls.signal = None
                return signal  # type: ignore[no-any-return]
            return Interrupted(message)
        if message == DEADLINE_EXCEEDED:
            return Timeout(message)
    return Trap(message, exit_code)


# --------------------------------------------------------------------------
# Ctrl-C during guest code: the interrupt check of every interruptible store
# --------------------------------------------------------------------------

#: The trap messages of the library's execution control (src/control.rs).
INTERRUPTED = "interrupted"
DEADLINE_EXCEEDED = "deadline exceeded"


def _signal_checks(check_signals: Optional[Callable[[], object]]) -> Any:
    """The generator behind one store's interrupt check (see :func:`new_signal_check`)."""
    stop = False
    while True:
        try:
            # Python runs pending signal handlers when this frame resumes, so what they
            # raise (KeyboardInterrupt) is raised here, inside the try.
            yield stop
            stop = False
            if check_signals is not None:
                check_signals()  # a PyDLL function: raises what a handler raised
        except GeneratorExit:
            return
        except BaseException as exc:  # noqa: BLE001 - nothing may escape into C
            _tls.signal = exc
            stop = True


def _pythonapi_check() -> Optional[Callable[[], object]]:
    pythonapi = getattr(ctypes, "pythonapi", None)
    if pythonapi is None:
        return None
    check: Any = pythonapi.PyErr_CheckSignals
    check.restype = ctypes.c_int
    check.argtypes = []
    return check  # type: ignore[no-any-return]


_CHECK_SIGNALS = _pythonapi_check()


def new_signal_check() -> Any:
    """A ``wacapi_interrupt_check_t`` for one store, which makes Ctrl-C stop its guests.

    While a guest runs, the GIL is released and Python's signal handlers wait: a Ctrl-C only
    sets a flag.  The library asks the check at the end of every slice of guest work (about a
    millisecond).  The check must run the pending handlers and catch what they raise, but
    Python runs them when a function is entered, before any ``try`` of it could catch: so the
    callback is the ``send`` of a generator, and the handlers run where it resumes, inside its
    ``try``.  The exception (``KeyboardInterrupt``) is kept for this thread and the call ends
    with the trap "interrupted", which :func:`trap_exception` turns back into it.  Signal
    handlers run on the main thread only, so elsewhere the check finds nothing.  One per
    store: a store's calls run one at a time, a generator cannot run twice at once.
    """
    checks = _signal_checks(_CHECK_SIGNALS)
    next(checks)
    return _b.wacapi_interrupt_check_t(checks.send)


# --------------------------------------------------------------------------
# Handles
# --------------------------------------------------------------------------


class Managed:
    """Base of the objects that own a C handle.

    ``close()`` releases the handle (idempotent); using the object afterwards
    raises ``ValueError``.  ``with obj:`` closes it at the end of the block.
    A forgotten object is released by the garbage collector.
    """

    __slots__ = ("__weakref__", "_ptr")
    _ptr: Any

    def _require(self) -> Any:
        """The handle; ``ValueError`` if the object was closed."""
        ptr = self._ptr
        if ptr is None:
            raise ValueError(f"{type(self).__name__} is closed")
        return ptr

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return getattr(self, "_ptr", None) is None

    #: Makes taking the handle in close() atomic: two threads closing one object
    #: must not both free it.  Held for two attribute operations only; re-entrant,
    #: as a finalizer run by a collection in between may close another object.  A
    #: class attribute: close() also runs at interpreter exit.
    _close_lock: ClassVar[Any] = threading.RLock()

    def close(self) -> None:
        """Releases the C handle.  Calling it again does nothing."""
        with self._close_lock:
            ptr = getattr(self, "_ptr", None)
            if ptr is None:
                return
            self._ptr = None
        self._closing()
        self._free(ptr)

    def _closing(self) -> None:
        """Hook: forget state that refers to the handle (before it is freed)."""

    def _free(self, ptr: Any) -> None:
        raise NotImplementedError

    def __enter__(self) -> Any:
        self._require()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        # Also at interpreter exit, when module globals may already be None:
        # only attributes of the object and its class are used.
        try:
            self.close()
        except BaseException:  # noqa: BLE001
            return


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
