"""Traps and errors: Python exceptions carried across wasm, Ctrl-C in guests, failed calls.

A host function's exception travels through wasm as a trap (:func:`host_failed`) and is
raised again where the wasm call returns to Python (:func:`trap_exception`); a failed
library call becomes a :class:`~wacapi.WasmError` with the library's reason
(:func:`error`); :func:`new_signal_check` makes Ctrl-C stop a running guest.  Built on
:mod:`wacapi._cabi` and :mod:`wacapi._errors` only.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any, Callable, Optional

from . import binding as _b
from ._cabi import address, last_error, new_message, trap_message
from ._errors import Interrupted, Timeout, Trap, WasmError


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
    msg = new_message(message)
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
        message = trap_message(ptr)
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
