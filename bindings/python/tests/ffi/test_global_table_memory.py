"""Globals, tables and memories through the procedural binding: wasm_global_*, wasm_table_*, wasm_memory_*."""

from __future__ import annotations

import ctypes
from typing import Any

import pytest

from support import Instance, ffi, is_null, neg, void_neg

byref = ctypes.byref


def globaltype(kind: int, mutability: int) -> Any:
    return ffi.wasm_globaltype_new(ffi.wasm_valtype_new(kind), mutability)


def new_global(store: Any, kind: int, mutability: int, value: Any) -> Any:
    gt = globaltype(kind, mutability)
    g = ffi.wasm_global_new(store, gt, byref(value))
    ffi.wasm_globaltype_delete(gt)
    return g


def get(g: Any) -> Any:
    out = ffi.wasm_val_t()
    ffi.wasm_global_get(g, byref(out))
    return out


# --- globals -------------------------------------------------------------------------

VALUES = [
    (ffi.WASM_I32, ffi.wasm_i32_val(-7)),
    (ffi.WASM_I64, ffi.wasm_i64_val(2**62)),
    (ffi.WASM_F32, ffi.wasm_f32_val(1.5)),
    (ffi.WASM_F64, ffi.wasm_f64_val(-2.25)),
    (ffi.WASM_EXTERNREF, ffi.wasm_ref_val(None)),
    (ffi.WASM_FUNCREF, ffi.wasm_ref_val(None, ffi.WASM_FUNCREF)),
]


@pytest.mark.parametrize(("kind", "value"), VALUES)
def test_wasm_global_new_pos(store: Any, kind: int, value: Any) -> None:
    g = new_global(store, kind, ffi.WASM_CONST, value)
    assert not is_null(g), ffi.last_error()
    assert get(g) == value
    ffi.wasm_global_delete(g)


def test_wasm_global_new_neg(store: Any) -> None:
    gt = globaltype(ffi.WASM_I32, ffi.WASM_VAR)
    value = ffi.wasm_i32_val(1)
    assert is_null(neg(ffi.wasm_global_new, None, gt, byref(value)))
    assert is_null(neg(ffi.wasm_global_new, store, None, byref(value)))
    assert is_null(neg(ffi.wasm_global_new, store, gt, None))
    # Wrong kind: an i64 value for an i32 global.
    assert is_null(neg(ffi.wasm_global_new, store, gt, byref(ffi.wasm_i64_val(1))))
    # A value with no valid kind at all.
    bogus = ffi.wasm_i32_val(1)
    bogus.kind = 77
    assert is_null(neg(ffi.wasm_global_new, store, gt, byref(bogus)))
    ffi.wasm_globaltype_delete(gt)


def test_wasm_global_type_pos(instance: Instance) -> None:
    gt = ffi.wasm_global_type(instance.global_("counter"))
    assert repr(gt.contents) == "(global (mut i32))"
    ffi.wasm_globaltype_delete(gt)


def test_wasm_global_type_neg() -> None:
    assert is_null(neg(ffi.wasm_global_type, None))


def test_wasm_global_get_pos(instance: Instance) -> None:
    assert get(instance.global_("counter")) == ffi.wasm_i32_val(7)
    assert get(instance.global_("pi")) == ffi.wasm_f64_val(3.5)


def test_wasm_global_get_neg(instance: Instance) -> None:
    out = ffi.wasm_f32_val(9.0)
    assert void_neg(ffi.wasm_global_get, None, byref(out)) == "wasm_global_get: NULL argument"
    assert out == ffi.wasm_i32_val(0)  # cleared: no stale value is left in it
    assert void_neg(ffi.wasm_global_get, instance.global_("counter"), None) is None  # nowhere to write
    assert get(instance.global_("counter")) == ffi.wasm_i32_val(7)


def test_wasm_global_set_pos(instance: Instance) -> None:
    g = instance.global_("counter")
    ffi.wasm_global_set(g, byref(ffi.wasm_i32_val(99)))
    assert get(g) == ffi.wasm_i32_val(99)


def test_wasm_global_set_neg(instance: Instance) -> None:
    counter, pi = instance.global_("counter"), instance.global_("pi")
    neg(ffi.wasm_global_set, counter, byref(ffi.wasm_f32_val(1.0)))  # wrong kind
    assert get(counter) == ffi.wasm_i32_val(7)
    neg(ffi.wasm_global_set, pi, byref(ffi.wasm_f64_val(3.0)))  # immutable
    assert get(pi) == ffi.wasm_f64_val(3.5)
    assert ffi.last_error()
    assert void_neg(ffi.wasm_global_set, None, byref(ffi.wasm_i32_val(1))) == "wasm_global_set: NULL argument"
    neg(ffi.wasm_global_set, counter, None)
    assert get(counter) == ffi.wasm_i32_val(7)


def test_global_holds_references(store: Any) -> None:
    foreign = ffi.wasm_foreign_new(store)
    g = new_global(store, ffi.WASM_EXTERNREF, ffi.WASM_VAR, ffi.wasm_ref_val(None))
    ffi.wasm_global_set(g, byref(ffi.wasm_ref_val(ffi.wasm_foreign_as_ref(foreign))))
    out = get(g)
    assert ffi.wasm_foreign_same(ffi.wasm_ref_as_foreign(out.of.ref), foreign)
    ffi.wasm_val_delete(byref(out))  # a reference read from a global is owned
    ffi.wasm_global_delete(g)
    ffi.wasm_foreign_delete(foreign)


# --- tables ----------------------------------------------------------------------------


def tabletype(lo: int, hi: int, kind: int = ffi.WASM_FUNCREF) -> Any:
    return ffi.wasm_tabletype_new(ffi.wasm_valtype_new(kind), ffi.wasm_limits_new(lo, hi))


def test_wasm_table_new_pos(store: Any, instance: Instance) -> None:
    tt = tabletype(3, 5)
    add_ref = ffi.wasm_func_as_ref(instance.func("add"))
    table = ffi.wasm_table_new(store, tt, add_ref)
    ffi.wasm_tabletype_delete(tt)
    assert not is_null(table)
    assert ffi.wasm_table_size(table) == 3
    got = ffi.wasm_table_get(table, 2)
    assert ffi.wasm_ref_same(got, add_ref)
    ffi.wasm_ref_delete(got)
    ffi.wasm_table_delete(table)


def test_wasm_table_new_neg(store: Any) -> None:
    tt = tabletype(1, 2)
    assert is_null(neg(ffi.wasm_table_new, None, tt, None))
    assert is_null(neg(ffi.wasm_table_new, store, None, None))
    ffi.wasm_tabletype_delete(tt)
    bad = tabletype(5, 2)  # min above max
    assert is_null(neg(ffi.wasm_table_new, store, bad, None))
    ffi.wasm_tabletype_delete(bad)
    # Wrong kind: a foreign object cannot initialise a funcref table.
    foreign = ffi.wasm_foreign_new(store)
    tt = tabletype(1, 2)
    assert is_null(neg(ffi.wasm_table_new, store, tt, ffi.wasm_foreign_as_ref(foreign)))
    ffi.wasm_tabletype_delete(tt)
    ffi.wasm_foreign_delete(foreign)


def test_wasm_table_type_pos(instance: Instance) -> None:
    tt = ffi.wasm_table_type(ffi.wasm_extern_as_table(instance.by_name["table"]))
    assert repr(tt.contents) == "(table 2 10 funcref)"
    ffi.wasm_tabletype_delete(tt)


def test_wasm_table_type_neg() -> None:
    assert is_null(neg(ffi.wasm_table_type, None))


def test_wasm_table_get_set_size_grow_pos(instance: Instance) -> None:
    table = ffi.wasm_extern_as_table(instance.by_name["table"])
    assert ffi.wasm_table_size(table) == 2
    first = ffi.wasm_table_get(table, 0)
    assert not is_null(first)  # $add, put there by the elem segment
    assert is_null(ffi.wasm_table_get(table, 1))  # a null reference
    assert ffi.wasm_table_set(table, 1, first)
    second = ffi.wasm_table_get(table, 1)
    assert ffi.wasm_ref_same(first, second)
    assert ffi.wasm_table_set(table, 0, None)
    assert is_null(ffi.wasm_table_get(table, 0))
    assert ffi.wasm_table_grow(table, 3, first)
    assert ffi.wasm_table_size(table) == 5
    fourth = ffi.wasm_table_get(table, 4)
    assert ffi.wasm_ref_same(fourth, first)
    assert ffi.wasm_table_grow(table, 0, None)
    for r in (first, second, fourth):
        ffi.wasm_ref_delete(r)


def test_wasm_table_get_neg(instance: Instance) -> None:
    table = ffi.wasm_extern_as_table(instance.by_name["table"])
    assert is_null(neg(ffi.wasm_table_get, table, 2))  # out of bounds
    assert is_null(neg(ffi.wasm_table_get, table, 0xFFFFFFFF))
    assert is_null(neg(ffi.wasm_table_get, None, 0))


def test_wasm_table_set_neg(store: Any, instance: Instance) -> None:
    table = ffi.wasm_extern_as_table(instance.by_name["table"])
    assert neg(ffi.wasm_table_set, table, 2, None) is False  # out of bounds
    foreign = ffi.wasm_foreign_new(store)
    assert neg(ffi.wasm_table_set, table, 0, ffi.wasm_foreign_as_ref(foreign)) is False  # wrong kind
    assert not is_null(ffi.wasm_table_get(table, 0))  # unchanged
    assert neg(ffi.wasm_table_set, None, 0, None) is False
    ffi.wasm_foreign_delete(foreign)


def test_wasm_table_size_neg() -> None:
    assert neg(ffi.wasm_table_size, None) == 0


def test_wasm_table_grow_neg(store: Any, instance: Instance) -> None:
    table = ffi.wasm_extern_as_table(instance.by_name["table"])
    assert neg(ffi.wasm_table_grow, table, 9, None) is False  # over the maximum of 10
    assert neg(ffi.wasm_table_grow, table, 0xFFFFFFFF, None) is False
    foreign = ffi.wasm_foreign_new(store)
    assert neg(ffi.wasm_table_grow, table, 1, ffi.wasm_foreign_as_ref(foreign)) is False  # wrong kind
    assert ffi.wasm_table_size(table) == 2
    assert neg(ffi.wasm_table_grow, None, 1, None) is False
    ffi.wasm_foreign_delete(foreign)


def test_externref_table(store: Any) -> None:
    tt = tabletype(1, 3, ffi.WASM_EXTERNREF)
    table = ffi.wasm_table_new(store, tt, None)
    ffi.wasm_tabletype_delete(tt)
    foreign = ffi.wasm_foreign_new(store)
    assert ffi.wasm_table_set(table, 0, ffi.wasm_foreign_as_ref(foreign))
    got = ffi.wasm_table_get(table, 0)
    assert ffi.wasm_foreign_same(ffi.wasm_ref_as_foreign(got), foreign)
    ffi.wasm_ref_delete(got)
    ffi.wasm_foreign_delete(foreign)
    ffi.wasm_table_delete(table)


# --- memories -------------------------------------------------------------------------------


def memorytype(lo: int, hi: int = 0xFFFFFFFF) -> Any:
    return ffi.wasm_memorytype_new(ffi.wasm_limits_new(lo, hi))


def test_wasm_memory_new_pos(store: Any) -> None:
    mt = memorytype(2, 4)
    mem = ffi.wasm_memory_new(store, mt)
    ffi.wasm_memorytype_delete(mt)
    assert not is_null(mem)
    assert ffi.wasm_memory_size(mem) == 2
    assert ffi.wasm_memory_data_size(mem) == 2 * ffi.MEMORY_PAGE_SIZE
    ffi.wasm_memory_delete(mem)


@pytest.mark.parametrize(("lo", "hi"), [(3, 1), (65537, 0xFFFFFFFF), (1, 65537)])
def test_wasm_memory_new_neg(store: Any, lo: int, hi: int) -> None:
    mt = memorytype(lo, hi)
    assert is_null(neg(ffi.wasm_memory_new, store, mt))
    assert ffi.last_error()
    assert is_null(neg(ffi.wasm_memory_new, None, mt))
    ffi.wasm_memorytype_delete(mt)
    assert is_null(neg(ffi.wasm_memory_new, store, None))


def test_wasm_memory_type_pos(instance: Instance) -> None:
    mt = ffi.wasm_memory_type(ffi.wasm_extern_as_memory(instance.by_name["memory"]))
    assert repr(mt.contents) == "(memory 1 3)"
    ffi.wasm_memorytype_delete(mt)


def test_wasm_memory_type_neg() -> None:
    assert is_null(neg(ffi.wasm_memory_type, None))


def test_wasm_memory_data_pos(instance: Instance) -> None:
    mem = ffi.wasm_extern_as_memory(instance.by_name["memory"])
    data = ffi.wasm_memory_data(mem)
    assert ctypes.string_at(data, 21)[16:] == b"hello"
    size = ffi.wasm_memory_data_size(mem)
    assert size == ffi.MEMORY_PAGE_SIZE
    view = (ctypes.c_char * size).from_address(ctypes.addressof(data.contents))
    view[size - 1] = b"!"
    assert ctypes.string_at(ffi.wasm_memory_data(mem), size)[-1:] == b"!"


def test_wasm_memory_data_neg() -> None:
    assert is_null(neg(ffi.wasm_memory_data, None))
    assert neg(ffi.wasm_memory_data_size, None) == 0
    assert neg(ffi.wasm_memory_size, None) == 0


def test_wasm_memory_grow_pos(instance: Instance) -> None:
    mem = ffi.wasm_extern_as_memory(instance.by_name["memory"])
    assert ffi.wasm_memory_grow(mem, 2)
    assert ffi.wasm_memory_size(mem) == 3
    assert ffi.wasm_memory_data_size(mem) == 3 * ffi.MEMORY_PAGE_SIZE
    assert ctypes.string_at(ffi.wasm_memory_data(mem), 21)[16:] == b"hello"
    assert ffi.wasm_memory_grow(mem, 0)


def test_wasm_memory_grow_neg(instance: Instance) -> None:
    mem = ffi.wasm_extern_as_memory(instance.by_name["memory"])
    assert neg(ffi.wasm_memory_grow, mem, 3) is False  # over the maximum of 3 pages
    assert neg(ffi.wasm_memory_grow, mem, 0xFFFFFFFF) is False
    assert ffi.wasm_memory_size(mem) == 1
    assert neg(ffi.wasm_memory_grow, None, 1) is False
