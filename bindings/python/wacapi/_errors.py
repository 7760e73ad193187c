"""The exceptions of the Pythonic API: :class:`WasmError`, :class:`Trap`, :class:`WasiExit`,
:class:`Timeout` and :class:`Interrupted`.

This module loads nothing: the exceptions can be caught (``except
wacapi.WasmError``) before the library is ever touched.
"""

from __future__ import annotations

from typing import Any, Optional, TypeVar

__all__ = ["Interrupted", "Timeout", "Trap", "WasiExit", "WasmError"]

_T = TypeVar("_T", bound="Trap")


class WasmError(Exception):
    """An operation of the WebAssembly runtime failed.

    ``message`` is the reason the library gave (``wacapi_last_error``), or
    the reason found on the Python side for failures detected before the
    library was called (a missing import, growing past a maximum, ...).
    """

    message: str
    """The reason, without a traceback or the exception's class name."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Trap(WasmError):
    """WebAssembly code trapped (``unreachable``, division by zero, out-of-bounds access,
    a host function that returned a trap, running out of fuel, ...).

    ``message`` is the trap's message.  ``exit_code`` is the code given to
    WASI's ``proc_exit`` when the trap is a guest's exit rather than a fault,
    else ``None``.  Such a trap is a :class:`WasiExit`: ``Trap(message,
    exit_code)`` with an exit code makes one, so every place that turns a
    library trap into an exception raises ``WasiExit`` for an exit without
    knowing about WASI.

    >>> store = wacapi.Store()
    >>> module = wacapi.Module(store, '(module (func (export "boom") unreachable))')
    >>> try:
    ...     wacapi.Instance(store, module).exports.boom()
    ... except wacapi.Trap as trap:
    ...     print(trap.message, trap.exit_code)
    wasm `unreachable` instruction executed None
    """

    exit_code: Optional[int]
    """The guest's ``proc_exit`` status if the trap is a WASI exit, else None."""
    index: Optional[int] = None
    """For a trap raised by :meth:`Func.call_many <wacapi.Func.call_many>`: the index of the
    failing call (the number of calls that returned); else None."""

    def __new__(cls: type[_T], message: str, exit_code: Optional[int] = None) -> _T:
        if exit_code is not None and cls is Trap:
            # Python then runs WasiExit.__init__ (the object is a Trap), with the same arguments.
            exit_: Any = Exception.__new__(WasiExit, message, exit_code)
            return exit_  # type: ignore[no-any-return]
        return Exception.__new__(cls, message, exit_code)

    def __init__(self, message: str, exit_code: Optional[int] = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def __reduce__(self) -> tuple[Any, ...]:
        # The default (type, args) would lose exit_code.
        return (type(self), (self.message, self.exit_code))

    def __repr__(self) -> str:
        if self.exit_code is not None:
            return f"Trap({self.message!r}, exit_code={self.exit_code})"
        return f"Trap({self.message!r})"


class WasiExit(Trap):
    """A WASI guest ended itself with ``proc_exit(code)`` (``exit()`` in C, ``os.Exit``
    in Go, ``std::process::exit`` in Rust): ``code`` is its exit status.

    Raised for every ``proc_exit``, also ``proc_exit(0)``: the guest's code
    stopped there, which a caller of an export must know even when the
    status means success.  A command that returns from ``main`` with 0
    usually does not call ``proc_exit`` at all (wasi-libc skips it), so its
    ``_start`` simply returns.  It is a :class:`Trap`, so ``except Trap``
    also catches it; ``exit_code`` is the same number as ``code``.  WASI
    exit codes are 0 to 125: a guest passing a larger one gets a plain
    :class:`Trap` ("invalid exit status") instead.

    >>> store = wacapi.Store()
    >>> linker = wacapi.Linker(store)
    >>> linker.define_wasi(wacapi.WasiConfig())
    >>> module = wacapi.Module(store, '''
    ...   (module
    ...     (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    ...     (memory (export "memory") 1)
    ...     (func (export "_start") (call $exit (i32.const 3))))''')
    >>> try:
    ...     linker.instantiate(module).exports._start()
    ... except wacapi.WasiExit as exit:
    ...     print("exit code", exit.code)
    exit code 3
    """

    exit_code: int
    """The exit status (also :attr:`code`): never None for an exit."""

    def __init__(self, message: str, exit_code: int) -> None:
        if not isinstance(exit_code, int) or isinstance(exit_code, bool):
            raise TypeError(f"WasiExit() takes an int exit code, not {type(exit_code).__name__}")
        super().__init__(message, exit_code)

    @property
    def code(self) -> int:
        """The exit status the guest passed to ``proc_exit``."""
        return self.exit_code


class Timeout(Trap):
    """A call ran past its deadline (``func.call(..., timeout=)``, :meth:`Store.deadline
    <wacapi.Store.deadline>`, ``python -m wacapi run --timeout``) and was stopped.

    A :class:`Trap` (message "deadline exceeded"), so ``except Trap`` also catches it; the
    guest's frames are gone, the store stays usable.  The deadline is checked between slices
    of guest work, so the call ends within a few milliseconds after it.
    """

    def __repr__(self) -> str:
        return f"Timeout({self.message!r})"


class Interrupted(Trap):
    """A call was stopped by :meth:`Store.interrupt <wacapi.Store.interrupt>` (message
    "interrupted"), from any thread.

    A :class:`Trap`, so ``except Trap`` also catches it.  Ctrl-C during a guest call raises
    :class:`KeyboardInterrupt` instead (the exception Python's signal handler raised).
    """

    def __repr__(self) -> str:
        return f"Interrupted({self.message!r})"
