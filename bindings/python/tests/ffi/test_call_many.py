"""``wacapi_func_call_many`` through the generated binding: columns in, columns out, traps.

A call with valid input (``add`` and the mixed-type ``mixed`` of the test module over C
arrays), and bad input: a NULL function, NULL columns, a trap in the middle (``done``
counts the calls that returned), a function with a reference parameter.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pytest

from support import Instance, binding, compile_module, ffi, is_null, neg


def columns(*arrays: Any) -> Any:
    """A C array of the addresses of ``arrays`` (for ``args``/``results``)."""
    return ctypes.cast(
        (ctypes.c_void_p * max(len(arrays), 1))(*[ctypes.addressof(a) for a in arrays]), ctypes.POINTER(ctypes.c_void_p)
    )


@pytest.fixture
def inst(store: Any, module: Any) -> Iterator[Instance]:
    i = Instance(store, module)
    yield i
    i.close()


def test_call_many_pos(inst: Instance) -> None:
    a = (ctypes.c_int32 * 4)(1, 2, 3, -5)
    b = (ctypes.c_int32 * 4)(10, 20, 30, 5)
    out = (ctypes.c_int32 * 4)()
    done = ctypes.c_size_t(99)
    trap = binding.wacapi_func_call_many(inst.func("add"), columns(a, b), columns(out), 4, ctypes.byref(done))
    assert is_null(trap)
    assert list(out) == [11, 22, 33, 0] and done.value == 4


def test_call_many_pos_mixed_types(inst: Instance) -> None:
    """``mixed(i64, f32, f64) -> (f64, i64)``: every element size, two results."""
    x = (ctypes.c_int64 * 2)(2**40, -1)
    y = (ctypes.c_float * 2)(0.5, 1.5)
    z = (ctypes.c_double * 2)(1.0, 2.0)
    r0 = (ctypes.c_double * 2)()
    r1 = (ctypes.c_int64 * 2)()
    trap = binding.wacapi_func_call_many(inst.func("mixed"), columns(x, y, z), columns(r0, r1), 2, None)
    assert is_null(trap)
    assert list(r0) == [1.5, 3.5] and list(r1) == [2**40, -1]


def test_call_many_neg(inst: Instance) -> None:
    a = (ctypes.c_int32 * 2)(1, 2)
    out = (ctypes.c_int32 * 2)()
    done = ctypes.c_size_t(7)
    trap = neg(binding.wacapi_func_call_many, None, columns(a, a), columns(out), 2, ctypes.byref(done))
    assert not is_null(trap)
    ffi.wasm_trap_delete(trap)
    trap = neg(binding.wacapi_func_call_many, inst.func("add"), None, columns(out), 2, ctypes.byref(done))
    assert not is_null(trap)
    assert ffi.last_error()
    ffi.wasm_trap_delete(trap)


def test_call_many_trap_counts_the_calls_that_returned(store: Any) -> None:
    m = compile_module(
        store,
        ffi.wat2wasm('(module (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s))'),
    )
    trap_out = ffi.create_null_pointer(ffi.wasm_trap_t)
    imports = ffi.wasm_extern_vec_t()
    instance = ffi.wasm_instance_new(store, m, ctypes.byref(imports), ctypes.byref(trap_out))
    exports = ffi.wasm_extern_vec_t()
    ffi.wasm_instance_exports(instance, ctypes.byref(exports))
    div = ffi.wasm_extern_as_func(ffi.wasm_vec_to_list(exports)[0])
    a = (ctypes.c_int32 * 3)(10, 20, 30)
    b = (ctypes.c_int32 * 3)(2, 0, 3)
    out = (ctypes.c_int32 * 3)()
    done = ctypes.c_size_t(0)
    trap = neg(binding.wacapi_func_call_many, div, columns(a, b), columns(out), 3, ctypes.byref(done))
    assert not is_null(trap)
    assert done.value == 1 and out[0] == 5
    ffi.wasm_trap_delete(trap)
    ffi.wasm_extern_vec_delete(ctypes.byref(exports))
    ffi.wasm_instance_delete(instance)
    ffi.wasm_module_delete(m)
