"""The C-ABI helpers of the Pythonic API: fast prototypes, addresses, layouts, vectors.

The layer right above the generated :mod:`wacapi.binding`: it imports nothing of the
package but the binding and the library loader, and everything else of the Pythonic
API builds on it.

The hot paths (calls, host callbacks, memory access) use private ctypes
prototypes of a few library functions that take and return plain addresses
(``c_void_p``): passing an int is much cheaper for ctypes than passing a
typed pointer object, and a ``c_void_p`` result costs no pointer object.

The value layout (:data:`VAL_SIZE`, :data:`VAL_OF`, :data:`PTR_SIZE`) comes from the
ctypes structures, never from literals, so that it is right on 32-bit targets too.
:class:`Registry` keeps the Python objects that C holds by a key (host callables,
externref objects) until the library's finalizer releases them.
"""

from __future__ import annotations

import ctypes
import itertools
from typing import Any, Callable, Optional

from . import _library
from . import binding as _b

c_void_p = ctypes.c_void_p


def _offset(struct: type[Any], field: str) -> int:
    """The offset of ``field`` in the ctypes structure or union ``struct``."""
    return int(getattr(struct, field).offset)


#: The size of a pointer (4 or 8).
PTR_SIZE = ctypes.sizeof(c_void_p)
#: The size of a ``wasm_val_t``.
VAL_SIZE = ctypes.sizeof(_b.wasm_val_t)
#: The offset of a ``wasm_val_t``'s ``of`` union; its reference (``of.ref``) is at
#: ``VAL_OF + VAL_REF``.
VAL_OF = _offset(_b.wasm_val_t, "of")
#: The offset of the ``ref`` member inside the ``of`` union (0 in a C union).
VAL_REF = _offset(_b.wasm_val_t_of, "ref")
#: The offset of a ``wasm_val_vec_t``'s ``data`` pointer.
VEC_DATA = _offset(_b.wasm_val_vec_t, "data")


def fast(name: str, restype: Any, *argtypes: Any) -> Any:
    """A private ctypes prototype of the library function ``name``.

    ``lib[name]`` makes a new function object, so changing its types does
    not affect the generated binding's copy.
    """
    fn = _library.lib[name]
    fn.restype = restype
    fn.argtypes = argtypes
    return fn


# wasm_func_call(func, args, results) -> trap, all as addresses.
func_call = fast("wasm_func_call", c_void_p, c_void_p, c_void_p, c_void_p)
ref_copy = fast("wasm_ref_copy", c_void_p, c_void_p)
ref_delete = fast("wasm_ref_delete", None, c_void_p)
ref_get_host_info = fast("wasm_ref_get_host_info", c_void_p, c_void_p)
memory_data = fast("wasm_memory_data", c_void_p, c_void_p)
memory_data_size = fast("wasm_memory_data_size", ctypes.c_size_t, c_void_p)

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
    """The message of the last failed call on this thread (``wacapi_last_error``); "" if none."""
    raw = _b.wacapi_last_error()
    if raw is None:
        return ""
    if isinstance(raw, bytes):
        return raw.decode("utf-8", "replace")
    return ctypes.string_at(raw).decode("utf-8", "replace")


# --------------------------------------------------------------------------
# Byte vectors
# --------------------------------------------------------------------------


def borrowed_vec(data: bytes) -> Any:
    """A ``wasm_byte_vec_t`` viewing ``data`` without copying (never to be deleted)."""
    vec = _b.wasm_byte_vec_t()
    vec.size = len(data)
    if data:
        vec.data = ctypes.cast(ctypes.c_char_p(data), ctypes.POINTER(ctypes.c_char))
    return vec


def vec_bytes(vec: Any) -> bytes:
    """The contents of a ``wasm_byte_vec_t`` (the struct, or a pointer to one)."""
    if isinstance(vec, ctypes._Pointer):
        vec = vec.contents
    n = int(vec.size)
    if n == 0:
        return b""
    if not vec.data:
        raise ValueError(f"byte vector of {n} bytes has NULL data")
    return ctypes.string_at(vec.data, n)


def new_message(text: str) -> Any:
    """A new ``wasm_message_t`` (owned: ``wasm_byte_vec_delete``): ``text`` in UTF-8 plus a NUL."""
    data = text.encode("utf-8") + b"\0"
    name = _b.wasm_byte_vec_t()
    array = (ctypes.c_char * len(data)).from_buffer_copy(data)
    _b.wasm_byte_vec_new(ctypes.byref(name), len(data), array)
    return name


def trap_message(trap: Any) -> str:
    """The message of a trap (a ``wasm_trap_t`` pointer), without its NUL."""
    out = _b.wasm_byte_vec_t()
    _b.wasm_trap_message(trap, ctypes.byref(out))
    try:
        data = vec_bytes(out)
    finally:
        _b.wasm_byte_vec_delete(ctypes.byref(out))
    if data.endswith(b"\0"):
        data = data[:-1]
    return data.decode("utf-8", "replace")


# --------------------------------------------------------------------------
# Objects held by C through a key
# --------------------------------------------------------------------------


class Registry:
    """Python objects that C holds by an integer key, until a finalizer lets them go.

    :meth:`add` keeps an object under a new key, which goes to C as the environment of a
    host function or the host info of a foreign object, with :attr:`finalizer`: the
    library calls that when it drops the C object (at the latest when its store is
    deleted), and the entry goes.  The finalizer is immortal: it may run while the
    interpreter shuts down.  :attr:`objects` is the dict itself, for the hot paths.
    """

    __slots__ = ("_keys", "finalizer", "objects")

    def __init__(self) -> None:
        self.objects: dict[int, object] = {}
        self._keys = itertools.count(1)
        # Bound now: at interpreter exit module globals may be None already.
        forget = _forgetter(self.objects.pop)
        self.finalizer: Any = FINALIZER(forget)
        immortal(self.finalizer)

    def add(self, obj: object) -> int:
        """Keeps ``obj`` under a new key, which it returns."""
        key = next(self._keys)
        self.objects[key] = obj
        return key


def _forgetter(pop: Callable[..., object]) -> Callable[[Optional[int]], None]:
    def forget(key: Optional[int], _pop: Callable[..., object] = pop) -> None:
        if key is not None:
            _pop(key, None)

    return forget
