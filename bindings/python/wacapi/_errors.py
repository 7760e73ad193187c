"""The exceptions of the Pythonic API: :class:`WasmError` and :class:`Trap`.

This module loads nothing: the exceptions can be caught (``except
wacapi.WasmError``) before the library is ever touched.
"""

from __future__ import annotations

from typing import Optional

__all__ = ["Trap", "WasmError"]


class WasmError(Exception):
    """An operation of the WebAssembly runtime failed.

    ``message`` is the reason the library gave (``wacapi_last_error``), or
    the reason found on the Python side for failures detected before the
    library was called (a missing import, growing past a maximum, ...).
    """

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Trap(WasmError):
    """WebAssembly code trapped (``unreachable``, division by zero, out-of-bounds access,
    a host function that returned a trap, ...).

    ``message`` is the trap's message.  ``exit_code`` is the code given to
    WASI's ``proc_exit`` when the trap is a guest's exit rather than a fault,
    else ``None``.
    """

    exit_code: Optional[int]

    def __init__(self, message: str, exit_code: Optional[int] = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def __repr__(self) -> str:
        if self.exit_code is not None:
            return f"Trap({self.message!r}, exit_code={self.exit_code})"
        return f"Trap({self.message!r})"
