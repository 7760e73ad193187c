"""Ownership of C handles: :class:`Managed`, the base of every object of the Pythonic API.

Every object of the Pythonic API owns one C handle (an engine, a store, a
module, a function, ...).  :class:`Managed` gives them ``close()``, the
context-manager protocol and a ``__del__`` that is safe at any time,
including interpreter exit.  The objects that live in a store build on it in
:mod:`wacapi._storeobject`, above :class:`~wacapi.Store`, which is a Managed
object itself.

The C-ABI helpers are in :mod:`wacapi._cabi`, the trap and error plumbing in
:mod:`wacapi._traps`.
"""

from __future__ import annotations

import threading
from typing import Any, ClassVar

__all__ = ["Managed"]


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
