"""wacapi.h's v128 and memory64 extensions through the generated binding.

``wacapi_val_t`` with ``wacapi_func_call`` and ``wacapi_global_new/get/set``
carry SIMD vectors the standard ``wasm_val_t`` cannot; the
``wacapi_memorytype_*`` functions read and make memory types with 64-bit page
counts. Every function gets a call with valid input and one with bad input.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pytest

from support import binding, compile_module, ffi, is_null, neg, new_error, void_neg

V128 = 4
WAT = """
(module
  (func (export "add") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
  (func (export "ref") (param externref) (result externref) (local.get 0))
  (global (export "g") (mut v128) (v128.const i32x4 1 2 3 4)))
"""


class Exports:
    def __init__(self, store: Any) -> None:
        self.module = compile_module(store, ffi.wat2wasm(WAT))
        trap = ffi.create_null_pointer(ffi.wasm_trap_t)
        imports = ffi.wasm_extern_vec_t()
        self.instance = ffi.wasm_instance_new(store, self.module, ctypes.byref(imports), ctypes.byref(trap))
        assert not is_null(self.instance), ffi.last_error()
        self.vec = ffi.wasm_extern_vec_t()
        ffi.wasm_instance_exports(self.instance, ctypes.byref(self.vec))
        externs = ffi.wasm_vec_to_list(self.vec)
        self.add = ffi.wasm_extern_as_func(externs[0])
        self.ref = ffi.wasm_extern_as_func(externs[1])
        self.g = ffi.wasm_extern_as_global(externs[2])

    def close(self) -> None:
        ffi.wasm_extern_vec_delete(ctypes.byref(self.vec))
        ffi.wasm_instance_delete(self.instance)
        ffi.wasm_module_delete(self.module)


@pytest.fixture()
def store() -> Iterator[Any]:
    engine = ffi.wasm_engine_new()
    store = ffi.wasm_store_new(engine)
    yield store
    ffi.wasm_store_delete(store)
    ffi.wasm_engine_delete(engine)


@pytest.fixture()
def exports(store: Any) -> Iterator[Exports]:
    e = Exports(store)
    yield e
    e.close()


def v128(value: int) -> Any:
    v = binding.wacapi_val_t()
    v.kind = V128
    v.of.v128[:] = list(value.to_bytes(16, "little"))
    return v


def value_of(v: Any) -> int:
    return int.from_bytes(bytes(v.of.v128), "little")


def lanes(*xs: int) -> int:
    return sum(x << (32 * i) for i, x in enumerate(xs))


def test_wacapi_val_t_layout() -> None:
    assert ctypes.sizeof(binding.wacapi_val_t) == 24
    assert binding.WACAPI_V128 == V128


def test_wacapi_func_call_pos(exports: Exports) -> None:
    args = (binding.wacapi_val_t * 2)(v128(lanes(1, 2, 3, 4)), v128(lanes(10, 20, 30, 0xFFFFFFFF)))
    results = (binding.wacapi_val_t * 1)()
    assert is_null(binding.wacapi_func_call(exports.add, args, 2, results, 1))
    assert results[0].kind == V128
    assert value_of(results[0]) == lanes(11, 22, 33, 3)


def test_wacapi_func_call_neg(exports: Exports) -> None:
    args = (binding.wacapi_val_t * 2)(v128(1), v128(2))
    results = (binding.wacapi_val_t * 1)()
    trap = neg(binding.wacapi_func_call, exports.add, args, 1, results, 1)
    assert not is_null(trap)
    assert "expected 2 arguments, got 1" in ffi.last_error()
    ffi.wasm_trap_delete(trap)
    trap = neg(binding.wacapi_func_call, None, args, 2, results, 1)
    assert not is_null(trap)
    ffi.wasm_trap_delete(trap)
    wrong = (binding.wacapi_val_t * 2)()
    wrong[0].kind = wrong[1].kind = ffi.WASM_I32
    trap = neg(binding.wacapi_func_call, exports.add, wrong, 2, results, 1)
    assert "argument 0: expected v128, got i32" in ffi.last_error()
    ffi.wasm_trap_delete(trap)


def test_standard_call_names_the_v128_parameter(exports: Exports) -> None:
    args = ffi.wasm_vec_new_from_list(ffi.wasm_val_vec_t, [ffi.wasm_i64_val(1), ffi.wasm_i64_val(2)])
    results = ffi.wasm_val_vec_t()
    ffi.wasm_val_vec_new_uninitialized(ctypes.byref(results), 1)
    trap = ffi.wasm_func_call(exports.add, ctypes.byref(args), ctypes.byref(results))
    assert not is_null(trap)
    assert "parameter 0 has type v128" in ffi.last_error()
    ffi.wasm_trap_delete(trap)
    ffi.wasm_val_vec_delete(ctypes.byref(args))
    ffi.wasm_val_vec_delete(ctypes.byref(results))


def test_wacapi_global_get_set_pos(exports: Exports) -> None:
    out = binding.wacapi_val_t()
    assert binding.wacapi_global_get(exports.g, ctypes.byref(out))
    assert value_of(out) == lanes(1, 2, 3, 4)
    assert binding.wacapi_global_set(exports.g, ctypes.byref(v128(2**128 - 1)))
    assert binding.wacapi_global_get(exports.g, ctypes.byref(out))
    assert value_of(out) == 2**128 - 1


def test_wacapi_global_get_neg(exports: Exports) -> None:
    ok, message = new_error(binding.wacapi_global_get, None, ctypes.byref(binding.wacapi_val_t()))
    assert not ok and message and "NULL" in message
    ok, message = new_error(binding.wacapi_global_get, exports.g, None)
    assert not ok and message and "NULL" in message


def test_wacapi_global_set_neg(exports: Exports) -> None:
    wrong = binding.wacapi_val_t()
    wrong.kind = ffi.WASM_I64
    ok, message = new_error(binding.wacapi_global_set, exports.g, ctypes.byref(wrong))
    assert not ok and message and "expected v128, got i64" in message
    ok, message = new_error(binding.wacapi_global_set, None, ctypes.byref(v128(0)))
    assert not ok and message


def test_wacapi_global_new_pos(store: Any) -> None:
    gt = ffi.wasm_globaltype_new(ffi.wasm_valtype_new(V128), ffi.WASM_VAR)
    g = binding.wacapi_global_new(store, gt, ctypes.byref(v128(12345)))
    ffi.wasm_globaltype_delete(gt)
    assert not is_null(g), ffi.last_error()
    out = binding.wacapi_val_t()
    assert binding.wacapi_global_get(g, ctypes.byref(out))
    assert value_of(out) == 12345
    ffi.wasm_global_delete(g)


def test_wacapi_global_new_neg(store: Any) -> None:
    gt = ffi.wasm_globaltype_new(ffi.wasm_valtype_new(V128), ffi.WASM_CONST)
    wrong = binding.wacapi_val_t()
    wrong.kind = ffi.WASM_F32
    g, message = new_error(binding.wacapi_global_new, store, gt, ctypes.byref(wrong))
    assert is_null(g) and message and "expected v128, got f32" in message
    g, message = new_error(binding.wacapi_global_new, None, gt, ctypes.byref(v128(0)))
    assert is_null(g) and message
    ffi.wasm_globaltype_delete(gt)


def test_wacapi_val_delete_pos(store: Any, exports: Exports) -> None:
    foreign = ffi.wasm_foreign_new(store)
    arg = (binding.wacapi_val_t * 1)()
    arg[0].kind = ffi.WASM_EXTERNREF
    arg[0].of.ref = ffi.wasm_foreign_as_ref(foreign)
    out = (binding.wacapi_val_t * 1)()
    assert is_null(binding.wacapi_func_call(exports.ref, arg, 1, out, 1))
    assert out[0].of.ref
    binding.wacapi_val_delete(ctypes.byref(out[0]))
    assert not out[0].of.ref
    ffi.wasm_foreign_delete(foreign)


def test_wacapi_val_delete_neg() -> None:
    assert void_neg(binding.wacapi_val_delete, None) is None  # deleting NULL: a no-op, no error
    vector = v128(7)
    neg(binding.wacapi_val_delete, ctypes.byref(vector))  # a vector owns nothing
    assert value_of(vector) == 7


def test_wacapi_memorytype_new64_pos() -> None:
    mt = binding.wacapi_memorytype_new64(1, True, 2**33, True)
    assert not is_null(mt), ffi.last_error()
    assert binding.wacapi_memorytype_is64(mt)
    assert binding.wacapi_memorytype_minimum(mt) == 1
    out = ctypes.c_uint64()
    assert binding.wacapi_memorytype_maximum(mt, ctypes.byref(out))
    assert out.value == 2**33
    assert is_null(ffi.wasm_memorytype_limits(mt))
    assert "do not fit wasm_limits_t" in ffi.last_error()
    ffi.wasm_memorytype_delete(mt)


def test_wacapi_memorytype_new64_neg() -> None:
    mt, message = new_error(binding.wacapi_memorytype_new64, 5, True, 4, True)
    assert is_null(mt) and message and "below minimum" in message
    mt, message = new_error(binding.wacapi_memorytype_new64, 70000, False, 0, False)
    assert is_null(mt) and message


def test_wacapi_memorytype_is64_pos() -> None:
    limits = ffi.wasm_limits_new(1, 2)
    mt = ffi.wasm_memorytype_new(limits)
    assert not binding.wacapi_memorytype_is64(mt)
    ffi.wasm_memorytype_delete(mt)


def test_wacapi_memorytype_is64_neg() -> None:
    ok, message = new_error(binding.wacapi_memorytype_is64, None)
    assert not ok and message and "NULL" in message


def test_wacapi_memorytype_minimum_pos() -> None:
    mt = binding.wacapi_memorytype_new64(3, False, 0, False)
    assert binding.wacapi_memorytype_minimum(mt) == 3
    ffi.wasm_memorytype_delete(mt)


def test_wacapi_memorytype_minimum_neg() -> None:
    value, message = new_error(binding.wacapi_memorytype_minimum, None)
    assert value == 0 and message


def test_wacapi_memorytype_maximum_pos() -> None:
    mt = binding.wacapi_memorytype_new64(3, False, 0, True)
    out = ctypes.c_uint64(99)
    assert not binding.wacapi_memorytype_maximum(mt, ctypes.byref(out))  # no maximum
    assert out.value == 99
    ffi.wasm_memorytype_delete(mt)


def test_wacapi_memorytype_maximum_neg() -> None:
    mt = binding.wacapi_memorytype_new64(3, True, 4, True)
    ok, message = new_error(binding.wacapi_memorytype_maximum, mt, None)
    assert not ok and message and "out is NULL" in message
    ok, message = new_error(binding.wacapi_memorytype_maximum, None, ctypes.byref(ctypes.c_uint64()))
    assert not ok and message
    ffi.wasm_memorytype_delete(mt)
