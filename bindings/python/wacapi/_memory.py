"""Memory: a WebAssembly linear memory."""

from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING, Any, Optional

from . import binding as _b
from ._cabi import address, memory_data, memory_data_size
from ._store import Store
from ._storeobject import Extern
from ._traps import error
from ._types import MemoryType, memorytype_from_c, memorytype_to_c
from ._views import REFCOUNTS, Export, pinned_size

__all__ = ["Memory"]

#: The size of a WebAssembly page.
PAGE_SIZE = 65536

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

_RELEASE = "release them before growing (del view, view.release(), with mem.buffer() as view: ...)" + (
    "" if REFCOUNTS else ", then call Memory.release_views()"
)


class Memory(Extern):
    """A linear memory: ``Memory(store, MemoryType(1, 4))``.

    ``size`` is its size in 64 KiB pages and ``data_len`` in bytes.
    :meth:`read` and :meth:`write` copy bytes out and in, bounds-checked;
    :meth:`buffer` (and, on Python 3.12 and later, ``memoryview(memory)``)
    gives zero-copy access, for example ``numpy.frombuffer(mem.buffer(),
    dtype=numpy.uint32)``.

    Growing may move a memory, so a live view *pins* its size: while any
    view of :meth:`buffer` (or a slice, numpy array, ... made of one) is
    alive, :meth:`grow` raises ``BufferError`` and ``memory.grow`` in wasm
    code returns -1, as growing a ``bytearray`` with exported views fails.
    Release views (``del view``, ``view.release()``, ``with mem.buffer() as
    view:``) before growing.  A view also keeps the memory itself alive: it
    stays valid after :meth:`close` and after its store is closed.  See
    docs/memory-views.md for the details (memories of the same size, PyPy).

    >>> store = wacapi.Store()
    >>> memory = wacapi.Memory(store, wacapi.MemoryType(1, 2))
    >>> memory.write(0, b"hello")
    >>> memory.read(0, 5)
    b'hello'
    >>> memory.size, memory.data_len
    (1, 65536)
    >>> with memory.buffer() as view:
    ...     view[5] = ord("!")
    >>> memory.read(0, 6)
    b'hello!'
    >>> memory.grow(1)
    1
    """

    __slots__ = ("_addr", "_export", "_type")
    _delete = _b.wasm_memory_delete
    _type: MemoryType
    _addr: int
    _export: Optional[Export]

    def __init__(self, store: Store, ty: MemoryType) -> None:
        if not isinstance(store, Store):
            raise TypeError(f"Memory() takes a Store, got {type(store).__name__}")
        if not isinstance(ty, MemoryType):
            raise TypeError(f"Memory() takes a MemoryType, got {type(ty).__name__}")
        with store._lock:
            mt = memorytype_to_c(ty)
            if not mt:
                raise error(f"invalid memory type {ty}")
            try:
                ptr = _b.wasm_memory_new(store._require(), mt)
            finally:
                _b.wasm_memorytype_delete(mt)
        if not ptr:
            raise error("cannot create the memory")
        self._setup(store, ptr, ty)

    @classmethod
    def _from_ptr(cls, store: Store, ptr: Any) -> Memory:
        mt = _b.wasm_memory_type(ptr)
        if not mt:
            _b.wasm_memory_delete(ptr)
            raise error("cannot read the type of a memory")
        try:
            ty = memorytype_from_c(mt)
        finally:
            _b.wasm_memorytype_delete(mt)
        self = object.__new__(cls)
        self._setup(store, ptr, ty)
        return self

    def _setup(self, store: Store, ptr: Any, ty: MemoryType) -> None:
        self._store = store
        self._type = ty
        self._addr = address(ptr)
        self._export = None
        self._ptr = ptr

    def _live(self) -> int:
        """The handle's address; ValueError if closed."""
        if self._ptr is None:
            raise ValueError("Memory is closed")
        return self._addr

    @property
    def type(self) -> MemoryType:
        """The memory's type as created or imported (its ``min`` is the initial size)."""
        return self._type

    @property
    def size(self) -> int:
        """The current size in 64 KiB pages."""
        with self._store._lock:
            return int(_b.wasm_memory_size(self._require()))

    @property
    def data_len(self) -> int:
        """The current size in bytes."""
        with self._store._lock:
            return int(memory_data_size(self._live()))

    def grow(self, delta: int) -> int:
        """Adds ``delta`` pages (zeroed); returns the previous size in pages.

        Raises :class:`~wacapi.WasmError` past the memory's maximum (or the
        store's limit), and ``BufferError`` while a view of :meth:`buffer`
        is alive (growing may move the memory; release the views first).
        Growing by 0 pages always works.
        """
        if not isinstance(delta, int) or isinstance(delta, bool):
            raise TypeError(f"grow() takes an int, not {type(delta).__name__}")
        if not 0 <= delta <= 0xFFFFFFFF:
            raise ValueError(f"grow() delta must be in 0..{0xFFFFFFFF}, got {delta}")
        store = self._store
        with store._lock:
            ptr = self._require()
            if delta:
                export = self._export
                if export is not None:
                    if export.pinned():
                        raise BufferError(f"memory has live buffer views (memoryview/numpy); {_RELEASE}")
                    self._export = None
                    export.close()
                size = int(memory_data_size(self._addr))
                if pinned_size(store, size):
                    raise BufferError(
                        f"a memory of this store with the same size ({size} bytes) has live buffer views "
                        f"(this one through another Memory object, or another memory: the library does "
                        f"not tell which memory grows); {_RELEASE}"
                    )
            old = int(_b.wasm_memory_size(ptr))
            if not _b.wasm_memory_grow(ptr, delta):
                raise error(f"cannot grow the memory of {old} pages by {delta}")
            return old

    def _range(self, offset: object, length: object) -> tuple[int, int]:
        """(data address, length) of a checked range; call with the store lock held."""
        if not isinstance(offset, int) or isinstance(offset, bool):
            raise TypeError(f"memory offsets are ints, not {type(offset).__name__}")
        if not isinstance(length, int) or isinstance(length, bool):
            raise TypeError(f"memory lengths are ints, not {type(length).__name__}")
        if offset < 0 or length < 0:
            raise ValueError(f"negative memory offset or length: offset {offset}, length {length}")
        addr = self._live()
        size = int(memory_data_size(addr))
        if offset + length > size:
            raise IndexError(
                f"memory access out of bounds: {length} bytes at offset {offset}, but the memory has {size} bytes"
            )
        return int(memory_data(addr) or 0), size

    def read(self, offset: int, length: int) -> bytes:
        """A copy of ``length`` bytes at ``offset``.  ``IndexError`` past the end."""
        with self._store._lock:
            data, _ = self._range(offset, length)
            return ctypes.string_at(data + offset, length) if length else b""

    def write(self, offset: int, data: ReadableBuffer) -> None:
        """Copies ``data`` (bytes or any buffer: bytearray, memoryview, array, numpy array, ...)
        to ``offset``.  ``IndexError`` past the end."""
        try:
            view = memoryview(data)
        except TypeError:
            raise TypeError(f"write() takes a bytes-like object, not {type(data).__name__}") from None
        with view:
            if view.format != "B" or view.ndim != 1:
                source = view.cast("B") if view.c_contiguous else memoryview(view.tobytes())
            else:
                source = view
            n = source.nbytes
            with self._store._lock:
                base, _ = self._range(offset, n)
                if n:
                    memoryview((ctypes.c_ubyte * n).from_address(base + offset)).cast("B")[:] = source

    def buffer(self) -> memoryview:
        """A writable zero-copy view of the whole linear memory (format ``"B"``).

        While the view, or anything made of it (a slice, ``memoryview(view)``,
        a numpy array), is alive, the memory cannot grow: :meth:`grow` raises
        ``BufferError`` and ``memory.grow`` in wasm returns -1.  ``del view``,
        ``view.release()`` or ``with mem.buffer() as view:`` end the view.
        The view keeps the memory alive, so it stays valid after
        :meth:`close` and after its store is closed.  After a growth, call
        ``buffer()`` again for a view of the new size.  (On PyPy, which
        cannot see when views die, a view pins the memory until
        :meth:`release_views`.)
        """
        store = self._store
        with store._lock:
            addr = self._live()
            size = int(memory_data_size(addr))
            data = int(memory_data(addr) or 0)
            if size == 0 or not data:
                return memoryview(bytearray())  # nothing to point into, nothing to pin
            export = self._export
            if export is None or export.data != data or export.size != size:
                # New, or the memory grew (without views) since: a fresh exporter.
                self._drop_export()
                export = self._export = Export(store, addr, data, size)
            return export.view()

    def release_views(self) -> None:
        """Ends the views of :meth:`buffer`, so that the memory may grow again.

        On CPython views end by themselves when they are released or go
        away; this raises ``BufferError`` if one is still alive.  On PyPy,
        which cannot tell, it is the way to unpin the memory: calling it
        promises that the views taken before are no longer used (they may
        point at freed memory once the memory grows).  Works also after
        :meth:`close`.
        """
        with self._store._lock:
            export = self._export
            if export is None:
                return
            if export._refcounts and export.pinned():
                raise BufferError(f"memory has live buffer views (memoryview/numpy); {_RELEASE}")
            self._export = None
            export.close()

    def _drop_export(self) -> None:
        """Forgets the cached exporter; call with the store lock held.

        An exporter without views ends now; one with views lives on (they
        keep it) and still pins the memory's size in the grow hook.
        """
        export = self._export
        if export is not None:
            self._export = None
            if not export.pinned():
                export.close()

    def _closing(self) -> None:
        export = self._export
        if export is None:
            return
        if export.pinned():
            # The views keep the export (and its handle of the memory) and end it
            # with the last of them.  Without reference counts it stays here for
            # release_views().
            if export._refcounts:
                self._export = None
            return
        lock = self._store._lock
        if lock.acquire(blocking=False):  # never blocks: close() may run in __del__
            try:
                self._drop_export()
            finally:
                lock.release()

    def __buffer__(self, flags: int) -> memoryview:
        """The buffer protocol (Python 3.12+): ``memoryview(memory)`` is :meth:`buffer`."""
        return self.buffer()

    def _as_extern(self) -> Any:
        return _b.wasm_memory_as_extern(self._require())

    def __repr__(self) -> str:
        if self._ptr is None:
            return f"<Memory {self._type} closed>"
        return f"<Memory {self._type} size {self.size} pages>"
