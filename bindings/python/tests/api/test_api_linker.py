"""Linker: definitions by (module, name), instantiation through them, and their errors."""

from __future__ import annotations

import gc

import pytest

import wacapi
from wacapi import (
    I64,
    Func,
    FuncType,
    Global,
    GlobalType,
    Instance,
    Linker,
    Memory,
    MemoryType,
    Module,
    Store,
    Table,
    TableType,
    Trap,
    ValType,
    WasiConfig,
    WasiExit,
    WasmError,
)

i32, i64, f64 = ValType.i32(), ValType.i64(), ValType.f64()

IMPORTS_WAT = """
(module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (import "env" "big" (func $big (param i64) (result i64)))
  (import "env" "base" (global $base i32))
  (import "env" "mem" (memory 1))
  (import "env" "tab" (table 1 funcref))
  (func (export "run") (param i32) (result i32)
    (call $add (local.get 0) (global.get $base)))
  (func (export "twice") (param i64) (result i64) (call $big (local.get 0)))
  (func (export "peek") (result i32) (i32.load8_u (i32.const 0)))
  (func (export "size") (result i32) (table.size 0)))
"""

PROVIDER_WAT = """
(module
  (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (global (export "g") i32 (i32.const 5)))
"""

CONSUMER_WAT = """
(module
  (import "provider" "double" (func $double (param i32) (result i32)))
  (import "provider" "g" (global $g i32))
  (func (export "run") (result i32) (call $double (global.get $g))))
"""

# A reactor-like module: _initialize sets a global the host can see.
REACTOR_WAT = """
(module
  (global $ready (export "ready") (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $ready (i32.add (global.get $ready) (i32.const 1)))))
"""


def imports(store: Store, linker: Linker) -> dict[str, wacapi.Extern]:
    """Defines everything IMPORTS_WAT needs; returns the Python objects."""
    base = Global(store, GlobalType(i32, mutable=False), 100)
    mem = Memory(store, MemoryType(1))
    tab = Table(store, TableType(ValType.funcref(), 3), None)

    def add(a: int, b: int) -> int:
        return a + b

    def big(x: I64) -> I64:
        return x * 2

    return {
        "add": linker.define_func("env", "add", add),
        "big": linker.define_func("env", "big", big, FuncType([i64], [i64])),
        "base": (linker.define("env", "base", base), base)[1],
        "mem": (linker.define("env", "mem", mem), mem)[1],
        "tab": (linker.define("env", "tab", tab), tab)[1],
    }


def test_define_and_instantiate() -> None:
    store = Store()
    linker = Linker(store)
    assert linker.store is store and not linker.allow_shadowing
    items = imports(store, linker)
    assert repr(linker) == "<Linker: 5 definitions>"
    instance = linker.instantiate(Module(store, IMPORTS_WAT))
    assert isinstance(instance, Instance) and instance.module.exports[0].name == "run"
    assert instance.exports.run(1) == 101
    assert instance.exports.twice(1 << 40) == 1 << 41
    mem = items["mem"]
    assert isinstance(mem, Memory)
    mem.write(0, b"\x2a")
    assert instance.exports.peek() == 42
    assert instance.exports.size() == 3
    assert isinstance(items["add"], Func) and items["add"].type == FuncType([i32, i32], [i32])
    # Several instances from one linker.
    assert linker.instantiate(Module(store, IMPORTS_WAT)).exports.run(2) == 102


def test_define_instance_links_modules() -> None:
    store = Store()
    linker = Linker(store)
    provider = linker.instantiate(Module(store, PROVIDER_WAT))
    linker.define_instance("provider", provider)
    consumer = linker.instantiate(Module(store, CONSUMER_WAT))
    assert consumer.exports.run() == 10
    double = linker.get("provider", "double")
    assert isinstance(double, Func) and double(21) == 42 and double.name == "double"


def test_get() -> None:
    store = Store()
    linker = Linker(store)
    g = Global(store, GlobalType(f64, mutable=True), 1.5)
    linker.define("m", "g", g)
    got = linker.get("m", "g")
    assert isinstance(got, Global) and got.value == 1.5
    g.value = 2.5
    assert got.value == 2.5  # the same global
    with pytest.raises(WasmError, match=r'"m"\."missing" is not defined'):
        linker.get("m", "missing")
    with pytest.raises(TypeError, match="module name must be a str"):
        linker.get(None, "g")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="import name must be a str"):
        linker.get("m", b"g")  # type: ignore[arg-type]


def test_wasi_functions_are_ordinary_functions() -> None:
    store = Store()
    linker = Linker(store)
    linker.define_wasi(WasiConfig())
    sched_yield = linker.get("wasi_snapshot_preview1", "sched_yield")
    assert isinstance(sched_yield, Func) and sched_yield.type == FuncType([], [i32])
    # Given to a module as an ordinary import, it works ...
    wat = """(module (import "wasi" "yield" (func $y (result i32))) (memory (export "memory") 1)
      (func (export "go") (result i32) call $y))"""
    instance = Instance(store, Module(store, wat), [sched_yield])
    assert instance.exports.go() == 0
    # ... but WASI functions use the memory of the instance calling them: not from Python.
    with pytest.raises(Trap, match="missing required WASI memory export"):
        sched_yield()


def test_missing_import_names_module_name_and_type() -> None:
    store = Store()
    linker = Linker(store)
    module = Module(store, '(module (import "host" "f" (func (param i32) (result i64))))')
    with pytest.raises(WasmError) as info:
        linker.instantiate(module)
    message = info.value.message
    assert '"host"."f"' in message
    assert "expects func (i32) -> (i64)" in message
    assert "defines nothing of that name" in message
    assert not isinstance(info.value, Trap)


def test_mistyped_import_names_expected_and_given_type() -> None:
    store = Store()
    linker = Linker(store)
    linker.define_func("host", "f", lambda: None, FuncType([], []))
    with pytest.raises(WasmError) as info:
        linker.instantiate(Module(store, '(module (import "host" "f" (func (param i32) (result i64))))'))
    message = info.value.message
    assert '"host"."f"' in message
    assert "expected func (i32) -> (i64), got func () -> ()" in message
    with pytest.raises(WasmError, match=r"expected global const i32, got func \(\) -> \(\)"):
        linker.instantiate(Module(store, '(module (import "host" "f" (global i32)))'))


def test_wasi_import_of_the_wrong_type() -> None:
    store = Store()
    linker = Linker(store)
    linker.define_wasi(WasiConfig())
    module = Module(store, '(module (import "wasi_snapshot_preview1" "proc_exit" (func (param i64))))')
    with pytest.raises(WasmError, match=r'"wasi_snapshot_preview1"."proc_exit": expected func \(i64\)'):
        linker.instantiate(module)


def test_instantiate_does_not_call_initialize() -> None:
    store = Store()
    linker = Linker(store)
    instance = linker.instantiate(Module(store, REACTOR_WAT))
    ready = instance.exports.get_global("ready")
    assert ready.value == 0
    instance.exports.get_func("_initialize")()
    assert ready.value == 1


def test_start_function_trap_and_exit() -> None:
    store = Store()
    linker = Linker(store)
    with pytest.raises(Trap, match="unreachable") as info:
        linker.instantiate(Module(store, "(module (func $s unreachable) (start $s))"))
    assert not isinstance(info.value, WasiExit)
    linker.define_wasi(WasiConfig())
    exits = """
    (module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (func $s (call $exit (i32.const 7))) (start $s))"""
    with pytest.raises(WasiExit) as exit_info:
        linker.instantiate(Module(store, exits))
    assert exit_info.value.code == 7


def test_host_exception_in_start_function() -> None:
    store = Store()
    linker = Linker(store)

    class Oops(Exception):
        pass

    def boom() -> None:
        raise Oops("from the host")

    linker.define_func("host", "boom", boom)
    module = Module(store, '(module (import "host" "boom" (func $b)) (start $b))')
    with pytest.raises(Oops, match="from the host"):
        linker.instantiate(module)


def test_define_twice_and_shadowing() -> None:
    store = Store()
    linker = Linker(store)
    linker.define_func("m", "f", lambda: 1, FuncType([], [i32]))
    with pytest.raises(WasmError, match=r'"m"\."f" is already defined'):
        linker.define_func("m", "f", lambda: 2, FuncType([], [i32]))
    linker.define_wasi(WasiConfig())
    with pytest.raises(WasmError, match="already defined"):
        linker.define_wasi(WasiConfig())
    linker.allow_shadowing = True
    assert linker.allow_shadowing
    linker.define_func("m", "f", lambda: 2, FuncType([], [i32]))
    linker.define_wasi(WasiConfig())
    f = linker.get("m", "f")
    assert isinstance(f, Func) and f() == 2
    linker.allow_shadowing = False
    with pytest.raises(WasmError, match="already defined"):
        linker.define_func("m", "f", lambda: 3, FuncType([], [i32]))


def test_allow_shadowing_bad() -> None:
    linker = Linker(Store())
    for bad in (None, 1, "yes"):
        with pytest.raises(TypeError, match="allow_shadowing takes a bool"):
            linker.allow_shadowing = bad  # type: ignore[assignment]
    assert not linker.allow_shadowing


def test_define_func_forms() -> None:
    store = Store()
    linker = Linker(store)

    def typed(x: int, y: float) -> float:
        return x + y

    made = linker.define_func("m", "typed", typed)
    assert made.type == FuncType([i32, f64], [f64])
    explicit = linker.define_func("m", "explicit", lambda x: x, FuncType([i64], [i64]))
    assert explicit.type == FuncType([i64], [i64])
    # A Func is defined as it is (its type checked against functype when given).
    again = linker.define_func("m", "again", made)
    assert again is made
    assert linker.define_func("m", "again2", made, FuncType([i32, f64], [f64])) is made
    with pytest.raises(TypeError, match=r"the Func is \(func"):
        linker.define_func("m", "again3", made, FuncType([], []))

    class Callable:
        def __call__(self, x: int) -> int:
            return x + 1

    assert linker.define_func("m", "obj", Callable()).type == FuncType([i32], [i32])


def test_define_func_bad() -> None:
    store = Store()
    linker = Linker(store)
    with pytest.raises(TypeError, match="takes a callable"):
        linker.define_func("m", "f", 3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes a callable"):
        linker.define_func("m", "f", None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes a FuncType or None"):
        linker.define_func("m", "f", lambda: None, "() -> ()")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="has no type annotation"):
        linker.define_func("m", "f", lambda x: x)
    with pytest.raises(TypeError, match="module name must be a str"):
        linker.define_func(3, "f", lambda: None, FuncType([], []))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="import name must be a str"):
        linker.define_func("m", None, lambda: None, FuncType([], []))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        linker.define_func("m", "f")  # type: ignore[call-arg]  # wrong arity
    with pytest.raises(WasmError, match="is not defined"):
        linker.get("m", "f")  # nothing was defined by the failures


def test_define_bad() -> None:
    store = Store()
    linker = Linker(store)
    for bad in (None, 3, lambda: None, Module(store, "(module)")):
        with pytest.raises(TypeError, match="takes a Func, Global, Table or Memory"):
            linker.define("m", "x", bad)  # type: ignore[arg-type]
    other = Global(Store(), GlobalType(i32, mutable=False), 1)
    with pytest.raises(ValueError, match="belongs to another store"):
        linker.define("m", "x", other)
    closed = Global(store, GlobalType(i32, mutable=False), 1)
    closed.close()
    with pytest.raises(ValueError, match="Global is closed"):
        linker.define("m", "x", closed)
    g = Global(store, GlobalType(i32, mutable=False), 1)
    with pytest.raises(TypeError, match="module name must be a str"):
        linker.define(None, "x", g)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not valid Unicode"):
        linker.define("\udcff", "x", g)
    with pytest.raises(TypeError):
        linker.define("m", "x")  # type: ignore[call-arg]  # wrong arity


def test_define_instance_bad() -> None:
    store = Store()
    linker = Linker(store)
    with pytest.raises(TypeError, match="takes an Instance"):
        linker.define_instance("p", None)  # type: ignore[arg-type]
    other_store = Store()
    other = Linker(other_store).instantiate(Module(other_store, PROVIDER_WAT))
    with pytest.raises(ValueError, match="belongs to another store"):
        linker.define_instance("p", other)
    mine = linker.instantiate(Module(store, PROVIDER_WAT))
    linker.define_instance("p", mine)
    with pytest.raises(WasmError, match="already defined"):
        linker.define_instance("p", mine)
    with pytest.raises(TypeError, match="module name must be a str"):
        linker.define_instance(b"p", mine)  # type: ignore[arg-type]
    mine.close()
    with pytest.raises(ValueError, match="Instance is closed"):
        linker.define_instance("q", mine)


def test_define_wasi_bad() -> None:
    linker = Linker(Store())
    for bad in (None, {}, "config"):
        with pytest.raises(TypeError, match="takes a WasiConfig"):
            linker.define_wasi(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        linker.define_wasi()  # type: ignore[call-arg]  # wrong arity


def test_instantiate_bad() -> None:
    store = Store()
    linker = Linker(store)
    for bad in (None, "(module)", b"\0asm"):
        with pytest.raises(TypeError, match="takes a Module"):
            linker.instantiate(bad)  # type: ignore[arg-type]
    module = Module(store, "(module)")
    module.close()
    with pytest.raises(ValueError, match="Module is closed"):
        linker.instantiate(module)


def test_constructor_bad() -> None:
    for bad in (None, 3, wacapi.Engine()):
        with pytest.raises(TypeError, match="Linker\\(\\) takes a Store"):
            Linker(bad)  # type: ignore[arg-type]
    store = Store()
    store.close()
    with pytest.raises(ValueError, match="Store is closed"):
        Linker(store)
    with pytest.raises(TypeError):
        Linker()  # type: ignore[call-arg]  # wrong arity


def test_closed_linker() -> None:
    store = Store()
    with Linker(store) as linker:
        linker.define_func("m", "f", lambda: 1, FuncType([], [i32]))
    assert linker.closed and repr(linker) == "<Linker closed>"
    linker.close()  # again: nothing
    g = Global(store, GlobalType(i32, mutable=False), 1)
    for call in (
        lambda: linker.define("m", "g", g),
        lambda: linker.define_func("m", "h", lambda: None, FuncType([], [])),
        lambda: linker.define_wasi(WasiConfig()),
        lambda: linker.get("m", "f"),
        lambda: linker.instantiate(Module(store, "(module)")),
        lambda: linker.define_instance("p", Instance(store, Module(store, "(module)"))),
    ):
        with pytest.raises(ValueError, match="Linker is closed"):
            call()
    with pytest.raises(ValueError, match="Linker is closed"):
        linker.allow_shadowing = True
    with pytest.raises(ValueError, match="Linker is closed"), linker:
        pass


def test_instances_outlive_the_linker() -> None:
    store = Store()
    linker = Linker(store)
    calls: list[int] = []

    def record(x: int) -> None:
        calls.append(x)

    linker.define_func("host", "record", record)
    module = Module(
        store, '(module (import "host" "record" (func $r (param i32))) (func (export "go") i32.const 9 call $r))'
    )
    instance = linker.instantiate(module)
    linker.close()
    del linker, record
    gc.collect()
    instance.exports.go()
    assert calls == [9]


def test_linker_closed_from_a_host_function() -> None:
    store = Store()
    linker = Linker(store)
    holder: list[Linker] = [linker]

    def close_it() -> None:
        holder[0].close()  # deferred by the store until the call returns

    linker.define_func("host", "close", close_it)
    instance = linker.instantiate(
        Module(store, '(module (import "host" "close" (func $c)) (func (export "go") call $c))')
    )
    instance.exports.go()
    assert linker.closed
