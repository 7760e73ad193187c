"""Code in the style of WAMR's ``wamr.wasmcapi.ffi`` runs unchanged on ``wacapi.ffi``.

Everything below uses only what WAMR's module offers, the way its users
write it: structs passed where pointers are expected, ``num_elems``,
``create_null_pointer`` for the trap out-parameter, ``dereference`` and the
structural ``==`` of types and values.
"""

from __future__ import annotations

import ctypes as c
import math
from typing import Any

import pytest

import wacapi.ffi as ffi

WAT = """
(module
  (import "mod" "scale" (func $scale (param f32) (result f64)))
  (import "mod" "seed" (global $seed i32))
  (func (export "twice") (param f32) (result f64) local.get 0 call $scale)
  (func (export "seeded") (result i32) global.get $seed)
  (global (export "ratio") (mut f32) (f32.const 3.25))
  (memory (export "heap") 1 2)
  (table (export "slots") 1 funcref)
  (func (export "fail") unreachable)
)
"""


@ffi.wasm_func_cb_decl
def scale(args: Any, results: Any) -> None:
    args = ffi.dereference(args)
    results = ffi.dereference(results)
    arg = args.data[0]
    result = ffi.wasm_f64_val(arg.of.f32 * 2.0)
    ffi.wasm_val_copy(results.data[0], result)
    results.num_elems = 1


class Program:
    def __init__(self) -> None:
        self.engine = ffi.wasm_engine_new()
        self.store = ffi.wasm_store_new(self.engine)
        binary = ffi.load_module_file(ffi.wat2wasm(WAT))
        self.module = ffi.wasm_module_new(self.store, binary)
        assert not ffi.is_null_pointer(self.module)
        ffi.wasm_byte_vec_delete(binary)

        func_type = ffi.wasm_functype_new_1_1(ffi.wasm_valtype_new(ffi.WASM_F32), ffi.wasm_valtype_new(ffi.WASM_F64))
        self.func = ffi.wasm_func_new(self.store, func_type, scale)
        ffi.wasm_functype_delete(func_type)
        glbl_type = ffi.wasm_globaltype_new(ffi.wasm_valtype_new(ffi.WASM_I32), False)
        self.glbl = ffi.wasm_global_new(self.store, glbl_type, ffi.wasm_i32_val(1024))
        ffi.wasm_globaltype_delete(glbl_type)

        imports = ffi.wasm_extern_vec_t()
        data = ffi.list_to_carray(
            c.POINTER(ffi.wasm_extern_t), ffi.wasm_func_as_extern(self.func), ffi.wasm_global_as_extern(self.glbl)
        )
        ffi.wasm_extern_vec_new(imports, 2, data)
        self.imports = c.pointer(imports)
        self.instance = ffi.wasm_instance_new(
            self.store, self.module, self.imports, ffi.create_null_pointer(ffi.wasm_trap_t)
        )
        assert not ffi.is_null_pointer(self.instance)
        exports = ffi.wasm_extern_vec_t()
        ffi.wasm_instance_exports(self.instance, exports)
        self.exports = c.pointer(exports)

    def close(self) -> None:
        ffi.wasm_extern_vec_delete(self.imports)  # also deletes the imported func and global
        ffi.wasm_extern_vec_delete(self.exports)
        ffi.wasm_instance_delete(self.instance)
        ffi.wasm_module_delete(self.module)
        ffi.wasm_store_delete(self.store)
        ffi.wasm_engine_delete(self.engine)


@pytest.fixture
def program() -> Any:
    p = Program()
    yield p
    p.close()


def test_call_through_host_function(program: Program) -> None:
    twice = ffi.wasm_extern_as_func(ffi.wasm_vec_to_list(program.exports)[0])
    params = ffi.wasm_val_vec_t()
    ffi.wasm_val_vec_new(params, 1, ffi.list_to_carray(ffi.wasm_val_t, ffi.wasm_f32_val(1.25)))
    results = ffi.wasm_val_vec_t()
    ffi.wasm_val_vec_new_uninitialized(results, 1)
    trap = ffi.wasm_func_call(twice, params, results)
    assert ffi.is_null_pointer(trap)
    assert results.data[0].of.f64 == 2.5
    assert results.num_elems == 1
    ffi.wasm_val_vec_delete(params)
    ffi.wasm_val_vec_delete(results)


def test_imported_global_and_types(program: Program) -> None:
    seeded = ffi.wasm_extern_as_func(ffi.wasm_vec_to_list(program.exports)[1])
    params = ffi.wasm_val_vec_t()
    ffi.wasm_val_vec_new_empty(params)
    results = ffi.wasm_val_vec_t()
    ffi.wasm_val_vec_new_uninitialized(results, 1)
    ffi.wasm_func_call(seeded, params, results)
    assert results.data[0] == ffi.wasm_i32_val(1024)
    ffi.wasm_val_vec_delete(results)

    imported = ffi.wasm_extern_as_func(ffi.wasm_vec_to_list(program.imports)[0])
    assert ffi.dereference(ffi.wasm_func_type(imported)) == ffi.dereference(ffi.wasm_func_type(program.func))


def test_globals(program: Program) -> None:
    ratio = ffi.wasm_extern_as_global(ffi.wasm_vec_to_list(program.exports)[2])
    val = ffi.wasm_val_t()
    ffi.wasm_global_get(ratio, val)
    assert val.of.f32 == 3.25
    ffi.wasm_global_set(ratio, ffi.wasm_f32_val(math.e))
    ffi.wasm_global_get(ratio, val)
    assert val.of.f32 == pytest.approx(math.e, rel=1e-6)
    # Bad input is harmless: NULL global, NULL value.
    ffi.wasm_global_get(ffi.create_null_pointer(ffi.wasm_global_t), val)
    ffi.wasm_global_set(ratio, ffi.create_null_pointer(ffi.wasm_val_t))


def test_memory_and_table(program: Program) -> None:
    exports = ffi.wasm_vec_to_list(program.exports)
    heap = ffi.wasm_extern_as_memory(exports[3])
    assert ffi.wasm_memory_size(heap) == 1
    assert ffi.wasm_memory_data(heap) is not None
    assert ffi.wasm_memory_data_size(heap) == 65536
    slots = ffi.wasm_extern_as_table(exports[4])
    assert ffi.wasm_table_size(slots) == 1
    assert ffi.is_null_pointer(ffi.wasm_table_get(slots, 0))
    func = ffi.wasm_extern_as_func(exports[0])
    assert ffi.wasm_table_set(slots, 0, ffi.wasm_func_as_ref(func))
    got = ffi.wasm_ref_as_func(ffi.wasm_table_get(slots, 0))
    assert ffi.dereference(ffi.wasm_func_type(got)) == ffi.dereference(ffi.wasm_func_type(func))

    limits = ffi.wasm_limits_new(10, 15)
    table_type = ffi.wasm_tabletype_new(ffi.wasm_valtype_new(ffi.WASM_FUNCREF), limits)
    table = ffi.wasm_table_new(program.store, table_type, ffi.create_null_pointer(ffi.wasm_ref_t))
    assert ffi.wasm_table_size(table) == 10
    assert ffi.dereference(ffi.wasm_tabletype_limits(table_type)) == ffi.dereference(limits)
    ffi.wasm_table_delete(table)
    ffi.wasm_tabletype_delete(table_type)


def test_trap(program: Program) -> None:
    fail = ffi.wasm_extern_as_func(ffi.wasm_vec_to_list(program.exports)[5])
    params = ffi.wasm_val_vec_t()
    ffi.wasm_val_vec_new_empty(params)
    results = ffi.wasm_val_vec_t()
    ffi.wasm_val_vec_new_empty(results)
    trap = ffi.wasm_func_call(fail, params, results)
    assert not ffi.is_null_pointer(trap)
    message = ffi.wasm_message_t()
    ffi.wasm_trap_message(trap, message)
    assert "unreachable" in str(message)
    ffi.wasm_byte_vec_delete(message)
    ffi.wasm_trap_delete(trap)


def test_module_types(program: Program) -> None:
    imports = ffi.wasm_importtype_vec_t()
    ffi.wasm_module_imports(program.module, imports)
    first = ffi.dereference(ffi.wasm_vec_to_list(imports)[0])
    assert str(ffi.dereference(ffi.wasm_importtype_module(first))) == "mod"
    assert str(ffi.dereference(ffi.wasm_importtype_name(first))) == "scale"
    name = ffi.wasm_name_new_from_string("mod")
    assert ffi.dereference(ffi.wasm_importtype_module(first)) == name
    ffi.wasm_byte_vec_delete(name)
    ffi.wasm_importtype_vec_delete(imports)
    assert ffi.WASM_ANYREF == ffi.WASM_EXTERNREF
