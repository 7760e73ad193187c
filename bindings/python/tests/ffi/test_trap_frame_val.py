"""Traps, frames, values, and wacapi's extensions (wacapi.h)."""

from __future__ import annotations

import ctypes
import threading
from typing import Any

import pytest

from support import Instance, call, ffi, is_null, neg, new_error, void_neg

byref = ctypes.byref


def new_trap(store: Any, text: str) -> Any:
    msg = ffi.wasm_name_new_from_string_nt(text)
    trap = ffi.wasm_trap_new(store, byref(msg))
    ffi.wasm_byte_vec_delete(byref(msg))
    return trap


# --- traps ---------------------------------------------------------------------------


def test_wasm_trap_new_pos(store: Any) -> None:
    trap = new_trap(store, "out of cheese")
    assert not is_null(trap)
    assert ffi.trap_message(trap) == "out of cheese"
    ffi.wasm_trap_delete(trap)


def test_wasm_trap_new_neg(store: Any) -> None:
    msg = ffi.wasm_name_new_from_string_nt("x")
    trap, error = new_error(ffi.wasm_trap_new, None, byref(msg))
    assert is_null(trap) and error == "wasm_trap_new: store is NULL"
    ffi.wasm_byte_vec_delete(byref(msg))
    # A NULL message reads as the empty one.
    trap = neg(ffi.wasm_trap_new, store, None)
    assert not is_null(trap)
    assert ffi.trap_message(trap) == ""
    ffi.wasm_trap_delete(trap)


def test_wasm_trap_message_pos(store: Any) -> None:
    trap = new_trap(store, "\u00fcber")
    out = ffi.wasm_byte_vec_t()
    ffi.wasm_trap_message(trap, byref(out))
    assert ffi.wasm_byte_vec_to_bytes(out) == "\u00fcber\0".encode()  # NUL-terminated
    ffi.wasm_byte_vec_delete(byref(out))
    ffi.wasm_trap_delete(trap)


def test_wasm_trap_message_neg(store: Any) -> None:
    out = ffi.wasm_byte_vec_t()
    assert void_neg(ffi.wasm_trap_message, None, byref(out)) is None
    assert out.size == 0 and not out.data  # no message
    ffi.wasm_byte_vec_delete(byref(out))
    trap = new_trap(store, "m")
    assert void_neg(ffi.wasm_trap_message, trap, None) is None  # nowhere to write: no-op
    assert ffi.trap_message(trap) == "m"
    ffi.wasm_trap_delete(trap)


def test_wasm_trap_origin_trace_pos(instance: Instance) -> None:
    trap, _ = call(instance.func("boom"), results=0)
    # wasmi keeps no backtrace: no origin, an empty trace.
    assert is_null(ffi.wasm_trap_origin(trap))
    trace = ffi.wasm_frame_vec_t()
    ffi.wasm_trap_trace(trap, byref(trace))
    assert trace.size == 0
    ffi.wasm_frame_vec_delete(byref(trace))
    ffi.wasm_trap_delete(trap)


def test_wasm_trap_origin_trace_neg(store: Any) -> None:
    assert is_null(neg(ffi.wasm_trap_origin, None))
    trace = ffi.wasm_frame_vec_t()
    trace.size = 4
    neg(ffi.wasm_trap_trace, None, byref(trace))
    assert trace.size == 0
    trap = new_trap(store, "t")
    assert void_neg(ffi.wasm_trap_trace, trap, None) is None  # nowhere to write: no-op
    ffi.wasm_trap_delete(trap)


# --- frames: the library never makes one, so only bad input can be passed -------------

FRAME_QUERIES = ["wasm_frame_func_index", "wasm_frame_func_offset", "wasm_frame_module_offset"]


def test_wasm_frame_functions_neg() -> None:
    neg(ffi.wasm_frame_delete, None)
    assert is_null(neg(ffi.wasm_frame_copy, None))
    assert is_null(neg(ffi.wasm_frame_instance, None))
    for name in FRAME_QUERIES:
        assert neg(getattr(ffi, name), None) == 0


# --- values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        ffi.wasm_i32_val(-1),
        ffi.wasm_i64_val(1 << 40),
        ffi.wasm_f32_val(0.25),
        ffi.wasm_f64_val(1e100),
        ffi.wasm_init_val(),
    ],
)
def test_wasm_val_copy_pos(value: Any) -> None:
    out = ffi.wasm_val_t()
    ffi.wasm_val_copy(byref(out), byref(value))
    assert out == value
    ffi.wasm_val_delete(byref(out))


def test_wasm_val_copy_reference_pos(store: Any) -> None:
    foreign = ffi.wasm_foreign_new(store)
    value = ffi.wasm_ref_val(ffi.wasm_ref_copy(ffi.wasm_foreign_as_ref(foreign)))
    out = ffi.wasm_val_t()
    ffi.wasm_val_copy(byref(out), byref(value))
    assert out == value
    assert ffi.wasm_ref_same(out.of.ref, value.of.ref)  # a new handle to the same object
    ffi.wasm_val_delete(byref(out))
    ffi.wasm_val_delete(byref(value))
    ffi.wasm_foreign_delete(foreign)


def test_wasm_val_copy_neg() -> None:
    value = ffi.wasm_i32_val(3)
    assert void_neg(ffi.wasm_val_copy, None, byref(value)) is None
    assert value == ffi.wasm_i32_val(3)  # the source is untouched
    out = ffi.wasm_f64_val(2.0)
    assert void_neg(ffi.wasm_val_copy, byref(out), None) is None
    assert out.kind == ffi.WASM_EXTERNREF and not out.of.ref  # a copy of nothing: the null reference
    bogus = ffi.wasm_i32_val(0)
    bogus.kind = 200  # not a value kind
    out = ffi.wasm_val_t()
    assert void_neg(ffi.wasm_val_copy, byref(out), byref(bogus)) is None
    assert bogus.kind == 200 and not out.of.i64  # no payload is copied
    ffi.wasm_val_delete(byref(out))


def test_wasm_val_delete_pos(store: Any) -> None:
    foreign = ffi.wasm_foreign_new(store)
    value = ffi.wasm_ref_val(ffi.wasm_ref_copy(ffi.wasm_foreign_as_ref(foreign)))
    ffi.wasm_val_delete(byref(value))
    number = ffi.wasm_i64_val(5)
    ffi.wasm_val_delete(byref(number))  # nothing to release
    ffi.wasm_foreign_delete(foreign)


def test_wasm_val_delete_neg() -> None:
    assert void_neg(ffi.wasm_val_delete, None) is None  # deleting NULL: a no-op, no error
    bogus = ffi.wasm_i32_val(0)
    bogus.kind = 200
    assert void_neg(ffi.wasm_val_delete, byref(bogus)) is None
    assert bogus.kind == 200  # not a reference: nothing released, nothing changed


# --- wacapi.h ------------------------------------------------------------------------


def test_wacapi_last_error_pos(store: Any) -> None:
    ffi.wasm_trap_new(None, None)
    assert ffi.wacapi_last_error() == b"wasm_trap_new: store is NULL"
    assert ffi.last_error() == "wasm_trap_new: store is NULL"
    seen: list[bytes] = []
    t = threading.Thread(target=lambda: seen.append(ffi.wacapi_last_error()))
    t.start()
    t.join()
    assert seen == [b""]  # per thread, and "" (never NULL) before any failure


def test_wacapi_wat2wasm_pos() -> None:
    wat = ffi.wasm_byte_vec_new_from_bytes(b'(module (func (export "f") (result i32) i32.const 1))')
    out = ffi.wasm_byte_vec_t()
    assert ffi.wacapi_wat2wasm(byref(wat), byref(out)) is True
    assert ffi.wasm_byte_vec_to_bytes(out).startswith(b"\0asm\1\0\0\0")
    ffi.wasm_byte_vec_delete(byref(out))
    ffi.wasm_byte_vec_delete(byref(wat))


@pytest.mark.parametrize(
    "text", [b"(module", b"(modul)", b"(module (func (result i32) i32.const x))", b"\xff\xfe", b""]
)
def test_wacapi_wat2wasm_neg(text: bytes) -> None:
    wat = ffi.wasm_byte_vec_new_from_bytes(text)
    out = ffi.wasm_byte_vec_t()
    ok, error = new_error(ffi.wacapi_wat2wasm, byref(wat), byref(out))
    assert ok is False and error
    assert out.size == 0
    with pytest.raises(ValueError, match=r"wat2wasm: (\d+:\d+: |.*not UTF-8)"):  # line:column
        ffi.wat2wasm(text)
    ffi.wasm_byte_vec_delete(byref(wat))
    assert neg(ffi.wacapi_wat2wasm, None, byref(out)) is False
    wat = ffi.wasm_byte_vec_new_from_bytes(b"(module)")
    assert neg(ffi.wacapi_wat2wasm, byref(wat), None) is False
    ffi.wasm_byte_vec_delete(byref(wat))


def test_wacapi_trap_exit_code_pos(instance: Instance) -> None:
    trap, _ = call(instance.func("boom"), results=0)
    code = ctypes.c_int32(-99)
    assert ffi.wacapi_trap_exit_code(trap, byref(code)) is False  # a real trap, not proc_exit
    assert code.value == -99
    ffi.wasm_trap_delete(trap)


def test_wacapi_trap_exit_code_neg(store: Any) -> None:
    code = ctypes.c_int32(5)
    assert neg(ffi.wacapi_trap_exit_code, None, byref(code)) is False
    trap = new_trap(store, "t")
    assert neg(ffi.wacapi_trap_exit_code, trap, None) is False
    ffi.wasm_trap_delete(trap)
    assert code.value == 5
