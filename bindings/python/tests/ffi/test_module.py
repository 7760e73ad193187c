"""Modules: compile, validate, imports/exports, serialize, share/obtain."""

from __future__ import annotations

import ctypes
import threading
from typing import Any

import pytest

from support import EXPORT_NAMES, ffi, is_null, neg, void_neg

byref = ctypes.byref

BAD_BINARIES = {
    "empty": b"",
    "garbage": b"definitely not wasm",
    "truncated": b"\0asm\1\0\0",
    "wrong version": b"\0asm\2\0\0\0",
    "text": b"(module)",
    "bad section": b"\0asm\1\0\0\0\x01\xff\xff\xff\xff\x0f",
}


def byte_vec(data: bytes) -> Any:
    return ffi.wasm_byte_vec_new_from_bytes(data)


def test_wasm_module_new_pos(store: Any, module_wasm: bytes) -> None:
    binary = byte_vec(module_wasm)
    module = ffi.wasm_module_new(store, byref(binary))
    ffi.wasm_byte_vec_delete(byref(binary))
    assert not is_null(module)
    ffi.wasm_module_delete(module)


@pytest.mark.parametrize("what", sorted(BAD_BINARIES))
def test_wasm_module_new_neg(store: Any, what: str) -> None:
    binary = byte_vec(BAD_BINARIES[what])
    assert is_null(neg(ffi.wasm_module_new, store, byref(binary)))
    assert ffi.last_error()
    assert is_null(neg(ffi.wasm_module_new, None, byref(binary)))
    ffi.wasm_byte_vec_delete(byref(binary))
    assert is_null(neg(ffi.wasm_module_new, store, None))


def test_wasm_module_new_rejects_invalid_code(store: Any) -> None:
    # Well-formed but invalid: i32.add with nothing on the stack.
    wasm = ffi.wat2wasm("(module (func (result i32) i32.add))")
    binary = byte_vec(wasm)
    assert is_null(neg(ffi.wasm_module_new, store, byref(binary)))
    assert not neg(ffi.wasm_module_validate, store, byref(binary))
    ffi.wasm_byte_vec_delete(byref(binary))


def test_wasm_module_validate_pos(store: Any, module_wasm: bytes) -> None:
    binary = byte_vec(module_wasm)
    assert ffi.wasm_module_validate(store, byref(binary)) is True
    ffi.wasm_byte_vec_delete(byref(binary))


@pytest.mark.parametrize("what", sorted(BAD_BINARIES))
def test_wasm_module_validate_neg(store: Any, what: str) -> None:
    binary = byte_vec(BAD_BINARIES[what])
    assert neg(ffi.wasm_module_validate, store, byref(binary)) is False
    assert neg(ffi.wasm_module_validate, None, byref(binary)) is False
    ffi.wasm_byte_vec_delete(byref(binary))
    assert neg(ffi.wasm_module_validate, store, None) is False


def test_wasm_module_imports_pos(module: Any) -> None:
    imports = ffi.wasm_importtype_vec_t()
    ffi.wasm_module_imports(module, byref(imports))
    assert [repr(p.contents) for p in ffi.wasm_vec_to_list(imports)] == [
        '(import "env" "double" (func (param i32) (result i32)))',
        '(import "env" "base" (global i32))',
    ]
    ffi.wasm_importtype_vec_delete(byref(imports))


def test_wasm_module_imports_neg(module: Any) -> None:
    out = ffi.wasm_importtype_vec_t()
    out.size = 3  # garbage in the out-parameter is overwritten, not read
    neg(ffi.wasm_module_imports, None, byref(out))
    assert out.size == 0 and not out.data
    assert void_neg(ffi.wasm_module_imports, module, None) is None  # nowhere to write: no-op
    ffi.wasm_module_imports(module, byref(out))
    assert out.size > 0  # the module is unharmed
    ffi.wasm_importtype_vec_delete(byref(out))


def test_wasm_module_exports_pos(module: Any) -> None:
    exports = ffi.wasm_exporttype_vec_t()
    ffi.wasm_module_exports(module, byref(exports))
    items = [p.contents for p in ffi.wasm_vec_to_list(exports)]
    assert [ffi.wasm_name_to_str(ffi.wasm_exporttype_name(e)) for e in items] == EXPORT_NAMES
    assert repr(items[3]) == '(export "mixed" (func (param i64 f32 f64) (result f64 i64)))'
    assert repr(items[5]) == '(export "counter" (global (mut i32)))'
    assert repr(items[7]) == '(export "memory" (memory 1 3))'
    assert repr(items[8]) == '(export "table" (table 2 10 funcref))'
    ffi.wasm_exporttype_vec_delete(byref(exports))


def test_wasm_module_exports_neg(module: Any) -> None:
    out = ffi.wasm_exporttype_vec_t()
    neg(ffi.wasm_module_exports, None, byref(out))
    assert out.size == 0
    assert void_neg(ffi.wasm_module_exports, module, None) is None  # nowhere to write: no-op
    ffi.wasm_module_exports(module, byref(out))
    assert out.size > 0  # the module is unharmed
    ffi.wasm_exporttype_vec_delete(byref(out))


def test_wasm_module_serialize_deserialize_pos(store: Any, module: Any) -> None:
    blob = ffi.wasm_byte_vec_t()
    ffi.wasm_module_serialize(module, byref(blob))
    assert blob.size > 0
    again = ffi.wasm_module_deserialize(store, byref(blob))
    ffi.wasm_byte_vec_delete(byref(blob))
    assert not is_null(again), ffi.last_error()
    assert repr(again.contents) == repr(module.contents)
    ffi.wasm_module_delete(again)


def test_wasm_module_serialize_neg(module: Any) -> None:
    out = ffi.wasm_byte_vec_t()
    neg(ffi.wasm_module_serialize, None, byref(out))
    assert out.size == 0
    assert void_neg(ffi.wasm_module_serialize, module, None) is None  # nowhere to write: no-op
    ffi.wasm_module_serialize(module, byref(out))
    assert out.size > 0  # the module is unharmed
    ffi.wasm_byte_vec_delete(byref(out))


def test_wasm_module_deserialize_neg(store: Any, module: Any, module_wasm: bytes) -> None:
    blob = ffi.wasm_byte_vec_t()
    ffi.wasm_module_serialize(module, byref(blob))
    data = ffi.wasm_byte_vec_to_bytes(blob)
    ffi.wasm_byte_vec_delete(byref(blob))
    for bad in (b"", b"junk", data[: len(data) // 2], data[:-1], bytes(len(data)), b"\xff" + data[1:]):
        vec = byte_vec(bad)
        assert is_null(neg(ffi.wasm_module_deserialize, store, byref(vec))), bad[:16]
        ffi.wasm_byte_vec_delete(byref(vec))
    vec = byte_vec(data)
    assert is_null(neg(ffi.wasm_module_deserialize, None, byref(vec)))
    ffi.wasm_byte_vec_delete(byref(vec))
    assert is_null(neg(ffi.wasm_module_deserialize, store, None))


def test_wasm_module_share_obtain_pos(engine: Any, module: Any) -> None:
    shared = ffi.wasm_module_share(module)
    assert not is_null(shared)
    results: list[str] = []

    def other_thread() -> None:
        store = ffi.wasm_store_new(engine)
        obtained = ffi.wasm_module_obtain(store, shared)
        results.append(repr(obtained.contents))
        ffi.wasm_module_delete(obtained)
        ffi.wasm_store_delete(store)

    t = threading.Thread(target=other_thread)
    t.start()
    t.join()
    assert results == [repr(module.contents)]
    ffi.wasm_shared_module_delete(shared)


def test_wasm_module_share_neg() -> None:
    assert is_null(neg(ffi.wasm_module_share, None))


def test_wasm_module_obtain_neg(store: Any, module: Any) -> None:
    assert is_null(neg(ffi.wasm_module_obtain, store, None))
    shared = ffi.wasm_module_share(module)
    assert is_null(neg(ffi.wasm_module_obtain, None, shared))
    ffi.wasm_shared_module_delete(shared)


def test_wasm_shared_module_delete_neg() -> None:
    assert void_neg(ffi.wasm_shared_module_delete, None) is None  # deleting NULL: a no-op, no error


def test_module_survives_its_store(engine: Any, module_wasm: bytes) -> None:
    store = ffi.wasm_store_new(engine)
    binary = byte_vec(module_wasm)
    module = ffi.wasm_module_new(store, byref(binary))
    ffi.wasm_byte_vec_delete(byref(binary))
    ffi.wasm_store_delete(store)
    exports = ffi.wasm_exporttype_vec_t()
    ffi.wasm_module_exports(module, byref(exports))
    assert exports.size == len(EXPORT_NAMES)
    ffi.wasm_exporttype_vec_delete(byref(exports))
    ffi.wasm_module_delete(module)
