"""The Pythonic side of SIMD and memory64: v128 in types, v128 globals as ints, clear
errors for calls that cannot carry a v128, and 64-bit memory types."""

from __future__ import annotations

import pytest

import wacapi
from wacapi import FuncType, Global, GlobalType, Instance, Memory, MemoryType, Module, Store, ValType

SIMD_WAT = """
(module
  (func (export "dot") (param i32 i32) (result i32)
    (i32x4.extract_lane 0 (i32x4.mul (i32x4.splat (local.get 0)) (i32x4.splat (local.get 1)))))
  (func (export "add") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
  (func (export "make") (param i64) (result v128) (i64x2.splat (local.get 0)))
  (global (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
  (memory (export "m64") i64 1 0x100000000))
"""


@pytest.fixture()
def exports() -> wacapi.Exports:
    store = Store()
    return Instance(store, Module(store, SIMD_WAT)).exports


def test_valtype_v128() -> None:
    assert ValType.v128().name == "v128"
    assert ValType("v128") is ValType.v128()
    assert ValType(4) is ValType.v128()
    assert not ValType.v128().is_num and not ValType.v128().is_ref
    with pytest.raises(ValueError, match="unknown value type"):
        ValType("v256")


def test_simd_inside_runs(exports: wacapi.Exports) -> None:
    assert exports.dot(6, 7) == 42


def test_types_report_v128(exports: wacapi.Exports) -> None:
    assert exports.add.type == FuncType([ValType.v128()] * 2, [ValType.v128()])
    assert exports.g.type == GlobalType(ValType.v128(), True)


def test_calling_a_v128_function_names_the_parameter(exports: wacapi.Exports) -> None:
    with pytest.raises(TypeError, match="parameter 0 has type v128"):
        exports.add(1, 2)
    with pytest.raises(TypeError, match="result 0 has type v128"):
        exports.make(3)


def test_host_function_with_v128_is_refused() -> None:
    store = Store()
    with pytest.raises(TypeError, match="parameter 0 has type v128"):
        wacapi.Func(store, FuncType([ValType.v128()], []), lambda v: None)


def test_v128_global_reads_and_writes_ints(exports: wacapi.Exports) -> None:
    g = exports.g
    assert g.value == 1 | 2 << 32 | 3 << 64 | 4 << 96
    g.value = 2**128 - 1
    assert g.value == 2**128 - 1
    g.value = -1  # two's complement
    assert g.value == 2**128 - 1
    with pytest.raises(ValueError, match="out of range"):
        g.value = 2**128
    with pytest.raises(TypeError, match="must be an int"):
        g.value = 1.5


def test_v128_host_global() -> None:
    store = Store()
    g = Global(store, GlobalType(ValType.v128(), False), 12345)
    assert g.value == 12345
    with pytest.raises(wacapi.WasmError):
        g.value = 1
    with pytest.raises(TypeError):
        Global(store, GlobalType(ValType.v128(), False), "x")


def test_memory64_type_of_export(exports: wacapi.Exports) -> None:
    ty = exports.m64.type
    assert ty == MemoryType(1, 2**32, is64=True)
    assert ty.is64 and ty.max == 2**32
    assert str(ty) == "(memory i64 1 4294967296)"
    assert repr(ty) == "MemoryType(1, 4294967296, is64=True)"


def test_memory64_host_memory() -> None:
    store = Store()
    mem = Memory(store, MemoryType(1, 3, is64=True))
    assert mem.type.is64
    assert mem.size == 1
    importer = Module(store, '(module (import "" "m" (memory i64 1)) (func (export "s") (result i64) memory.size))')
    assert Instance(store, importer, [mem]).exports.s() == 1
    plain = Memory(store, MemoryType(1, 3))
    assert not plain.type.is64
    with pytest.raises(wacapi.WasmError):
        Instance(store, importer, [plain])


def test_memorytype_bad_arguments() -> None:
    with pytest.raises(TypeError, match="is64 must be a bool"):
        MemoryType(1, is64=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="below its minimum"):
        MemoryType(5, 4, is64=True)
    with pytest.raises(ValueError):
        MemoryType(2**32)  # a 32-bit memory's limits are 32-bit
    with pytest.raises(ValueError):
        MemoryType(0, 2**64, is64=True)
    store = Store()
    with pytest.raises(wacapi.WasmError, match="invalid memory type"):
        Memory(store, MemoryType(2**60, is64=True))
    assert MemoryType(1, is64=True) != MemoryType(1)
