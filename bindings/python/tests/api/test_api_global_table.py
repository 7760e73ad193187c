"""Global and Table of the Pythonic API: values by type, mutability, growth, references, errors."""

from __future__ import annotations

from typing import Any

import pytest

from wacapi import (
    Func,
    FuncType,
    Global,
    GlobalType,
    Instance,
    Module,
    Store,
    Table,
    TableType,
    Trap,
    ValType,
    WasmError,
)

i32, i64, f32, f64 = ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64()
externref, funcref = ValType.externref(), ValType.funcref()


@pytest.fixture
def store() -> Store:
    return Store()


# --------------------------------------------------------------------------
# Global
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vt", "value", "back", "new", "new_back"),
    [
        (i32, 7, 7, 2**32 - 1, -1),
        (i64, -(2**63), -(2**63), 2**63, -(2**63)),
        (f32, 1.5, 1.5, 0.25, 0.25),
        (f64, 0.1, 0.1, -2, -2.0),
    ],
)
def test_number_globals(store: Store, vt: ValType, value: Any, back: Any, new: Any, new_back: Any) -> None:
    const = Global(store, GlobalType(vt), value)
    assert const.value == back
    assert const.type == GlobalType(vt)
    var = Global(store, GlobalType(vt, mutable=True), value)
    var.value = new
    assert var.value == new_back and type(var.value) is type(new_back)


def test_const_global_cannot_be_set(store: Store) -> None:
    g = Global(store, GlobalType(i32), 1)
    with pytest.raises(WasmError, match="immutable global"):
        g.value = 2
    assert g.value == 1


@pytest.mark.parametrize(
    ("vt", "value", "error"),
    [
        (i32, 2**32, ValueError),
        (i32, "1", TypeError),
        (i64, 1.0, TypeError),
        (f64, "x", TypeError),
        (funcref, 1, TypeError),
    ],
)
def test_global_values_are_checked(store: Store, vt: ValType, value: Any, error: type) -> None:
    with pytest.raises(error):
        Global(store, GlobalType(vt), value)
    g = Global(store, GlobalType(vt, mutable=True), None if vt.is_ref else 0)
    with pytest.raises(error):
        g.value = value


def test_reference_globals(store: Store) -> None:
    token = {"x": 1}
    g = Global(store, GlobalType(externref, True), token)
    assert g.value is token
    g.value = None
    assert g.value is None
    f = Func(store, FuncType([], [i32]), lambda: 3)
    fg = Global(store, GlobalType(funcref, True), f)
    assert fg.value() == 3
    fg.value = None
    assert fg.value is None
    other = Store(store.engine)
    with pytest.raises(ValueError, match="another store"):
        fg.value = Func(other, FuncType(), lambda: None)


def test_global_argument_types(store: Store) -> None:
    with pytest.raises(TypeError, match="Store"):
        Global(None, GlobalType(i32), 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="GlobalType"):
        Global(store, i32, 1)  # type: ignore[arg-type]


def test_globals_shared_with_wasm(store: Store) -> None:
    module = Module(
        store,
        """(module
             (import "env" "g" (global $g (mut i64)))
             (global (export "mine") (mut f32) (f32.const 2.5))
             (func (export "bump") (global.set $g (i64.add (global.get $g) (i64.const 1)))))""",
    )
    g = Global(store, GlobalType(i64, True), 41)
    ex = Instance(store, module, [g]).exports
    ex.bump()
    assert g.value == 42
    g.value = -1
    ex.bump()
    assert g.value == 0
    mine = ex.mine
    assert isinstance(mine, Global) and mine.type == GlobalType(f32, True) and mine.value == 2.5
    mine.value = 3
    assert mine.value == 3.0
    assert repr(mine) == "<Global (global (mut f32)) = 3.0>"


def test_closed_global(store: Store) -> None:
    g = Global(store, GlobalType(i32, True), 1)
    g.close()
    with pytest.raises(ValueError, match="Global is closed"):
        g.value  # noqa: B018
    with pytest.raises(ValueError, match="Global is closed"):
        g.value = 2
    assert repr(g) == "<Global (global (mut i32)) closed>"
    with pytest.raises(ValueError, match="Global is closed"):
        Instance(store, Module(store, '(module (import "" "g" (global (mut i32))))'), [g])
    store.close()
    with pytest.raises(ValueError, match="Store is closed"):
        Global(store, GlobalType(i32), 1)


# --------------------------------------------------------------------------
# Table
# --------------------------------------------------------------------------


def test_funcref_table(store: Store) -> None:
    f = Func(store, FuncType([i32], [i32]), lambda x: x + 1)
    t = Table(store, TableType(funcref, 2, 5), f)
    assert len(t) == 2 and t.size == 2
    assert t.type == TableType(funcref, 2, 5)
    assert t[0](1) == 2 and t[-1](2) == 3
    t[1] = None
    assert t[1] is None
    assert [x is None for x in t] == [False, True]
    assert t.grow(2) == 2 and len(t) == 4 and t[3] is None
    assert t.grow(1, f) == 4 and t[4](0) == 1
    assert t.grow(0) == 5
    with pytest.raises(WasmError, match="cannot grow the table of 5 elements by 1"):
        t.grow(1)
    assert repr(t) == "<Table (table 2 5 funcref) size 5>"


def test_externref_table(store: Store) -> None:
    a, b = object(), [1]
    t = Table(store, TableType(externref, 1), a)
    assert t[0] is a
    t[0] = b
    assert t[0] is b
    assert t.grow(2, "x") == 1
    assert list(t) == [b, "x", "x"]
    t[-2] = None
    assert t[1] is None


def test_table_index_errors(store: Store) -> None:
    t = Table(store, TableType(funcref, 2))
    for bad in (2, -3, 100):
        with pytest.raises(IndexError, match="out of range"):
            t[bad]
        with pytest.raises(IndexError, match="out of range"):
            t[bad] = None
    for bad_index in ("0", 1.0, None, True):
        with pytest.raises(TypeError, match="table indexes are ints"):
            t[bad_index]  # type: ignore[index]


def test_table_value_errors(store: Store) -> None:
    t = Table(store, TableType(funcref, 1))
    with pytest.raises(TypeError, match="funcref"):
        t[0] = 5
    with pytest.raises(TypeError, match="funcref"):
        t.grow(1, "f")
    with pytest.raises(TypeError, match="funcref"):
        Table(store, TableType(funcref, 1), print)
    other = Store(store.engine)
    with pytest.raises(ValueError, match="another store"):
        t[0] = Func(other, FuncType(), lambda: None)
    for bad, error in ((-1, ValueError), (2**32, ValueError), ("1", TypeError), (1.0, TypeError)):
        with pytest.raises(error):
            t.grow(bad)


def test_table_argument_types(store: Store) -> None:
    with pytest.raises(TypeError, match="Store"):
        Table(1, TableType(funcref, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="TableType"):
        Table(store, funcref)  # type: ignore[arg-type]


def test_table_shared_with_wasm(store: Store) -> None:
    module = Module(
        store,
        """(module
             (type $t (func (param i32) (result i32)))
             (import "env" "tab" (table $tab 1 funcref))
             (table (export "own") 1 3 funcref)
             (func $neg (type $t) (i32.sub (i32.const 0) (local.get 0)))
             (elem (table 1) (i32.const 0) func $neg)
             (func (export "call") (param i32 i32) (result i32)
               local.get 1 local.get 0 call_indirect $tab (type $t))
             (func (export "grow") (result i32) ref.null func i32.const 1 table.grow $tab))""",
    )
    tab = Table(store, TableType(funcref, 1))
    ex = Instance(store, module, [tab]).exports
    with pytest.raises(Trap):
        ex.call(0, 5)  # null element
    tab[0] = Func(store, FuncType([i32], [i32]), lambda x: x * 10)
    assert ex.call(0, 5) == 50
    assert ex.grow() == 1 and len(tab) == 2
    own = ex.own
    assert isinstance(own, Table) and own[0](4) == -4
    tab[1] = own[0]
    assert ex.call(1, 6) == -6
    tab[1] = Func(store, FuncType([i64], [i64]), lambda x: x)
    with pytest.raises(Trap, match="mismatch"):
        ex.call(1, 1)


def test_closed_table(store: Store) -> None:
    t = Table(store, TableType(externref, 1))
    with t:
        pass
    for use in (lambda: len(t), lambda: t[0], lambda: t.grow(1), lambda: list(t)):
        with pytest.raises(ValueError, match="Table is closed"):
            use()
    with pytest.raises(ValueError, match="Table is closed"):
        t[0] = None
    assert repr(t) == "<Table (table 1 externref) closed>"
