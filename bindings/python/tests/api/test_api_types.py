"""The type descriptors of the Pythonic API: ValType, FuncType, GlobalType,
TableType, MemoryType, ImportType, ExportType."""

from __future__ import annotations

import pickle

import pytest

import wacapi
from wacapi import ExportType, FuncType, GlobalType, ImportType, MemoryType, TableType, ValType

I32, I64, F32, F64 = ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64()
EXTERNREF, FUNCREF = ValType.externref(), ValType.funcref()


# --------------------------------------------------------------------------
# ValType
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vt", "name", "kind", "is_num"),
    [
        (I32, "i32", 0, True),
        (I64, "i64", 1, True),
        (F32, "f32", 2, True),
        (F64, "f64", 3, True),
        (EXTERNREF, "externref", 128, False),
        (FUNCREF, "funcref", 129, False),
    ],
)
def test_valtype_kinds(vt: ValType, name: str, kind: int, is_num: bool) -> None:
    assert vt.name == name == str(vt)
    assert vt.kind == kind
    assert vt.is_num is is_num and vt.is_ref is not is_num
    assert repr(vt) == f"ValType.{name}()"
    # One object per kind: by name, by number, by itself.
    assert ValType(name) is vt and ValType(kind) is vt and ValType(vt) is vt
    assert pickle.loads(pickle.dumps(vt)) is vt
    assert hash(vt) == hash(ValType(name))


def test_valtype_factories_are_singletons() -> None:
    assert ValType.i32() is ValType.i32()
    assert ValType.i32() != ValType.i64()
    assert len({ValType.i32(), ValType.i32(), ValType.f64()}) == 2


@pytest.mark.parametrize("bad", ["i31", "I32", "", "anyref"])
def test_valtype_unknown_name(bad: str) -> None:
    with pytest.raises(ValueError, match="unknown value type"):
        ValType(bad)


@pytest.mark.parametrize("bad", [5, 127, 130, -1])
def test_valtype_unknown_kind(bad: int) -> None:
    with pytest.raises(ValueError, match="unknown value kind"):
        ValType(bad)


@pytest.mark.parametrize("bad", [1.0, None, True, b"i32", [0]])
def test_valtype_wrong_argument_type(bad: object) -> None:
    with pytest.raises(TypeError):
        ValType(bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# FuncType
# --------------------------------------------------------------------------


def test_functype() -> None:
    ft = FuncType([I32, I64], [F32])
    assert ft.params == (I32, I64) and ft.results == (F32,)
    assert str(ft) == "(func (param i32 i64) (result f32))"
    assert repr(ft) == "FuncType([ValType.i32(), ValType.i64()], [ValType.f32()])"
    assert ft == FuncType((I32, I64), (F32,))
    assert ft != FuncType([I32], [F32])
    assert ft != "(func (param i32 i64) (result f32))"
    assert hash(ft) == hash(FuncType([I32, I64], [F32]))
    assert str(FuncType()) == "(func)" and FuncType().params == ()
    assert str(FuncType([], [EXTERNREF, FUNCREF])) == "(func (result externref funcref))"


def test_functype_takes_any_iterable() -> None:
    assert FuncType(iter([I32]), (r for r in [I64])) == FuncType([I32], [I64])


@pytest.mark.parametrize(
    ("params", "results"),
    [([int], []), ([], [None]), ("i32", []), (5, []), ([I32], "f64"), ([I32], I64)],
)
def test_functype_rejects_non_valtypes(params: object, results: object) -> None:
    with pytest.raises(TypeError):
        FuncType(params, results)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# GlobalType, TableType, MemoryType
# --------------------------------------------------------------------------


def test_globaltype() -> None:
    const = GlobalType(I32)
    var = GlobalType(F64, mutable=True)
    assert const.content is I32 and const.mutable is False
    assert str(const) == "(global i32)" and str(var) == "(global (mut f64))"
    assert repr(var) == "GlobalType(ValType.f64(), mutable=True)"
    assert var == GlobalType(F64, True) and var != GlobalType(F64) and var != 1
    assert hash(var) == hash(GlobalType(F64, True))


def test_globaltype_errors() -> None:
    with pytest.raises(TypeError, match="content"):
        GlobalType("i32")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="mutable"):
        GlobalType(I32, 1)  # type: ignore[arg-type]


def test_tabletype() -> None:
    tt = TableType(FUNCREF, 1, 5)
    assert (tt.element, tt.min, tt.max) == (FUNCREF, 1, 5)
    assert str(tt) == "(table 1 5 funcref)"
    assert str(TableType(EXTERNREF, 0)) == "(table 0 externref)"
    assert TableType(EXTERNREF, 0).max is None
    assert tt == TableType(FUNCREF, 1, 5) and tt != TableType(FUNCREF, 1) and tt != "x"
    assert hash(tt) == hash(TableType(FUNCREF, 1, 5))
    assert repr(tt) == "TableType(ValType.funcref(), 1, 5)"
    assert TableType(FUNCREF, 0xFFFFFFFF).min == 0xFFFFFFFF


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((I32, 1), ValueError),
        (("funcref", 1), TypeError),
        ((FUNCREF, -1), ValueError),
        ((FUNCREF, 2**32), ValueError),
        ((FUNCREF, 5, 4), ValueError),
        ((FUNCREF, 1.0), TypeError),
        ((FUNCREF, True), TypeError),
        ((FUNCREF, 1, "2"), TypeError),
    ],
)
def test_tabletype_errors(args: tuple[object, ...], error: type[Exception]) -> None:
    with pytest.raises(error):
        TableType(*args)  # type: ignore[arg-type]


def test_memorytype() -> None:
    mt = MemoryType(1, 3)
    assert (mt.min, mt.max) == (1, 3)
    assert str(mt) == "(memory 1 3)" and str(MemoryType(2)) == "(memory 2)"
    assert mt == MemoryType(1, 3) and mt != MemoryType(1) and mt != (1, 3)
    assert hash(mt) == hash(MemoryType(1, 3))
    assert repr(MemoryType(0)) == "MemoryType(0, None)"


@pytest.mark.parametrize(
    ("args", "error"),
    [((-1,), ValueError), ((2, 1), ValueError), (("1",), TypeError), ((1, 2**32), ValueError), ((None,), TypeError)],
)
def test_memorytype_errors(args: tuple[object, ...], error: type[Exception]) -> None:
    with pytest.raises(error):
        MemoryType(*args)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# ImportType / ExportType, as a module reports them
# --------------------------------------------------------------------------

MODULE = """
(module
  (import "env" "f" (func (param i32 i64) (result f32)))
  (import "env" "g" (global (mut f64)))
  (import "other" "t" (table 1 5 externref))
  (import "other" "m" (memory 2))
  (func (export "run") (param funcref) (result externref) ref.null extern)
  (global (export "pi") f32 (f32.const 3.5))
  (table (export "tab") 3 funcref)
  (memory (export "mem") 1 4))
"""


def test_import_and_export_types() -> None:
    store = wacapi.Store()
    module = wacapi.Module(store, MODULE)
    assert module.imports == [
        ImportType("env", "f", FuncType([I32, I64], [F32])),
        ImportType("env", "g", GlobalType(F64, mutable=True)),
        ImportType("other", "t", TableType(EXTERNREF, 1, 5)),
        ImportType("other", "m", MemoryType(2)),
    ]
    assert module.exports == [
        ExportType("run", FuncType([FUNCREF], [EXTERNREF])),
        ExportType("pi", GlobalType(F32)),
        ExportType("tab", TableType(FUNCREF, 3)),
        ExportType("mem", MemoryType(1, 4)),
    ]
    first = module.imports[0]
    assert (first.module, first.name) == ("env", "f")
    assert str(first) == '(import "env" "f" (func (param i32 i64) (result f32)))'
    assert repr(first) == "ImportType('env', 'f', FuncType([ValType.i32(), ValType.i64()], [ValType.f32()]))"
    assert hash(first) == hash(ImportType("env", "f", FuncType([I32, I64], [F32])))
    assert first != module.exports[0] and first != "x"
    export = module.exports[3]
    assert str(export) == '(export "mem" (memory 1 4))'
    assert repr(export) == "ExportType('mem', MemoryType(1, 4))"
    assert hash(export) == hash(ExportType("mem", MemoryType(1, 4)))
    assert export != ExportType("mem", MemoryType(1)) and export != 3
