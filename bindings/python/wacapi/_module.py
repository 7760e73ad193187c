"""Module: compiled WebAssembly code."""

from __future__ import annotations

import ctypes
import os
from typing import Any, Optional, Union

from . import binding as _b
from ._cabi import borrowed_vec, vec_bytes
from ._errors import WasmError
from ._store import Store
from ._storeobject import StoreObject
from ._traps import error
from ._types import ExportType, ImportType, exporttype_from_c, importtype_from_c

__all__ = ["Module"]

Source = Union[str, bytes, bytearray, memoryview]

_MAGIC = b"\0asm"


def wat_to_wasm(text: Union[str, bytes]) -> bytes:
    """WebAssembly text to the binary format; ``WasmError`` with line:column on bad text."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    source = borrowed_vec(data)
    out = _b.wasm_byte_vec_t()
    try:
        if not _b.wacapi_wat2wasm(ctypes.byref(source), ctypes.byref(out)):
            raise error("invalid WebAssembly text")
        return vec_bytes(out)
    finally:
        _b.wasm_byte_vec_delete(ctypes.byref(out))


def to_binary(source: object) -> bytes:
    """The binary module of ``source``: a ``str`` is text, bytes are binary if they
    start with ``\\0asm`` and text otherwise."""
    if isinstance(source, str):
        return wat_to_wasm(source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return data if data.startswith(_MAGIC) else wat_to_wasm(data)
    raise TypeError(f"a module source is str (text) or bytes (binary or text), not {type(source).__name__}")


class Module(StoreObject):
    """A compiled module: ``Module(store, source)``.

    ``source`` is WebAssembly text (``str``), or bytes: the binary format if
    they start with ``b"\\0asm"``, else text.  Compilation errors raise
    :class:`~wacapi.WasmError`.

    >>> store = wacapi.Store()
    >>> module = wacapi.Module(store, '''
    ...   (module (func (export "id") (param i32) (result i32) local.get 0))''')
    >>> [(e.name, str(e.type)) for e in module.exports]
    [('id', '(func (param i32) (result i32))')]
    >>> wacapi.Module.validate(store, b"\\0asm garbage")
    False
    >>> again = wacapi.Module.deserialize(store, module.serialize())
    >>> [e.name for e in again.exports]
    ['id']
    """

    __slots__ = ("_exports", "_imports")
    _delete = _b.wasm_module_delete
    _imports: Optional[tuple[ImportType, ...]]
    _exports: Optional[tuple[ExportType, ...]]

    def __init__(self, store: Store, source: Source) -> None:
        if not isinstance(store, Store):
            raise TypeError(f"Module() takes a Store, got {type(store).__name__}")
        binary = to_binary(source)
        vec = borrowed_vec(binary)
        with store._lock:
            ptr = _b.wasm_module_new(store._require(), ctypes.byref(vec))
        if not ptr:
            raise error("cannot compile the module")
        self._setup(store, ptr)

    def _setup(self, store: Store, ptr: Any) -> None:
        self._store = store
        self._imports = None
        self._exports = None
        self._ptr = ptr

    @classmethod
    def from_file(cls, store: Store, path: Union[str, os.PathLike[str]]) -> Module:
        """Compiles the module in the file ``path`` (binary ``.wasm`` or text ``.wat``)."""
        with open(path, "rb") as f:
            return cls(store, f.read())

    @staticmethod
    def validate(store: Store, source: Source) -> bool:
        """True if ``source`` (as for ``Module()``) is a valid module; never raises for bad input."""
        if not isinstance(store, Store):
            raise TypeError(f"validate() takes a Store, got {type(store).__name__}")
        try:
            binary = to_binary(source)
        except WasmError:
            return False
        vec = borrowed_vec(binary)
        with store._lock:
            return bool(_b.wasm_module_validate(store._require(), ctypes.byref(vec)))

    @classmethod
    def deserialize(
        cls,
        store: Store,
        data: Union[bytes, bytearray, memoryview],
        *,
        trusted: bool = False,
    ) -> Module:
        """The module serialized by :meth:`serialize` (``WasmError`` for anything else).

        The module is validated again, so any bytes are safe. ``trusted=True`` is for a cache
        only this program writes (wasmtime's ``Module.deserialize`` trade): when the bytes
        are this library version's, written under the same engine configuration, validation
        — most of what compiling costs — is skipped. The checksum inside detects corruption,
        not tampering: never pass ``trusted=True`` for bytes someone else could change.
        """
        if not isinstance(store, Store):
            raise TypeError(f"deserialize() takes a Store, got {type(store).__name__}")
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"deserialize() takes bytes, not {type(data).__name__}")
        if not isinstance(trusted, bool):
            raise TypeError(f"deserialize() trusted= takes a bool, not {type(trusted).__name__}")
        raw = bytes(data)
        vec = borrowed_vec(raw)
        read = _b.wacapi_module_deserialize_trusted if trusted else _b.wasm_module_deserialize
        with store._lock:
            ptr = read(store._require(), ctypes.byref(vec))
        if not ptr:
            raise error("cannot deserialize the module")
        self = object.__new__(cls)
        self._setup(store, ptr)
        return self

    def serialize(self) -> bytes:
        """The module in a form :meth:`deserialize` reads back."""
        out = _b.wasm_byte_vec_t()
        with self._store._lock:
            _b.wasm_module_serialize(self._require(), ctypes.byref(out))
        try:
            data = vec_bytes(out)
        finally:
            _b.wasm_byte_vec_delete(ctypes.byref(out))
        if not data:
            raise error("cannot serialize the module")
        return data

    def _import_types(self) -> tuple[ImportType, ...]:
        if self._imports is None:
            vec = _b.wasm_importtype_vec_t()
            with self._store._lock:
                _b.wasm_module_imports(self._require(), ctypes.byref(vec))
            try:
                self._imports = tuple(importtype_from_c(vec.data[i]) for i in range(int(vec.size)))
            finally:
                _b.wasm_importtype_vec_delete(ctypes.byref(vec))
        return self._imports

    def _export_types(self) -> tuple[ExportType, ...]:
        if self._exports is None:
            vec = _b.wasm_exporttype_vec_t()
            with self._store._lock:
                _b.wasm_module_exports(self._require(), ctypes.byref(vec))
            try:
                self._exports = tuple(exporttype_from_c(vec.data[i]) for i in range(int(vec.size)))
            finally:
                _b.wasm_exporttype_vec_delete(ctypes.byref(vec))
        return self._exports

    @property
    def imports(self) -> list[ImportType]:
        """The imports, in declaration order (``.module``, ``.name``, ``.type``)."""
        return list(self._import_types())

    @property
    def exports(self) -> list[ExportType]:
        """The exports, in declaration order (``.name``, ``.type``)."""
        return list(self._export_types())

    def __repr__(self) -> str:
        if self._ptr is None:
            return "<Module closed>"
        return f"<Module: {len(self._import_types())} imports, {len(self._export_types())} exports>"
