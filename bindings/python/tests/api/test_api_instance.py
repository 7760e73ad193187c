"""Instance: imports (list, mapping, callables), start functions, the exports mapping."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

import wacapi
from wacapi import (
    Func,
    FuncType,
    Global,
    GlobalType,
    Instance,
    Memory,
    MemoryType,
    Module,
    Store,
    Table,
    TableType,
    Trap,
    ValType,
    WasmError,
)

I32 = ValType.i32()

IMPORTS = """
(module
  (import "env" "double" (func $double (param i32) (result i32)))
  (import "env" "base" (global $base i32))
  (import "mem" "memory" (memory 1))
  (import "mem" "table" (table 1 funcref))
  (func (export "run") (param i32) (result i32)
    local.get 0 call $double global.get $base i32.add)
  (func (export "load") (result i32) i32.const 0 i32.load)
  (func (export "size") (result i32) table.size 0))
"""


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def module(store: Store) -> Module:
    return Module(store, IMPORTS)


def externs(store: Store) -> dict[str, Any]:
    memory = Memory(store, MemoryType(1))
    memory.write(0, (1234).to_bytes(4, "little"))
    return {
        "double": Func(store, FuncType([I32], [I32]), lambda x: 2 * x),
        "base": Global(store, GlobalType(I32), 100),
        "memory": memory,
        "table": Table(store, TableType(ValType.funcref(), 3)),
    }


def check(instance: Instance) -> None:
    assert instance.exports.run(21) == 142
    assert instance.exports.load() == 1234
    assert instance.exports.size() == 3


def test_positional_imports(store: Store, module: Module) -> None:
    e = externs(store)
    check(Instance(store, module, [e["double"], e["base"], e["memory"], e["table"]]))
    check(Instance(store, module, (e["double"], e["base"], e["memory"], e["table"])))


def test_mapping_imports(store: Store, module: Module) -> None:
    e = externs(store)
    imports = {"env": {"double": e["double"], "base": e["base"]}, "mem": {"memory": e["memory"], "table": e["table"]}}
    instance = Instance(store, module, imports)
    check(instance)
    assert instance.module is module


def test_callables_take_the_import_type(store: Store, module: Module) -> None:
    e = externs(store)
    seen = []

    def double(x: Any) -> Any:  # no usable annotation: the import type decides
        seen.append(x)
        return x * 2

    check(Instance(store, module, {"env": {"double": double, "base": e["base"]}, "mem": e}))
    check(Instance(store, module, [lambda x: 2 * x, e["base"], e["memory"], e["table"]]))
    assert seen == [21]


def test_missing_import(store: Store, module: Module) -> None:
    e = externs(store)
    with pytest.raises(WasmError, match=r"missing import env\.base: \(global i32\)"):
        Instance(store, module, {"env": {"double": e["double"]}, "mem": e})
    with pytest.raises(WasmError, match=r"missing import mem\.memory"):
        Instance(store, module, {"env": e})


def test_wrong_number_of_imports(store: Store, module: Module) -> None:
    e = externs(store)
    with pytest.raises(WasmError, match="has 4 imports, but 2 were given"):
        Instance(store, module, [e["double"], e["base"]])
    with pytest.raises(WasmError, match="has 4 imports, but 0 were given"):
        Instance(store, module)
    with pytest.raises(WasmError, match="has 0 imports, but 1 were given"):
        Instance(store, Module(store, "(module)"), [e["base"]])


@pytest.mark.parametrize("bad", [42, "double", None, b"x"])
def test_import_of_wrong_python_type(store: Store, module: Module, bad: object) -> None:
    e = externs(store)
    with pytest.raises(TypeError, match=r"import env\.double must be a Func, Global, Table, Memory or callable"):
        Instance(store, module, {"env": {"double": bad, "base": e["base"]}, "mem": e})


def test_callable_for_a_non_function_import(store: Store, module: Module) -> None:
    e = externs(store)
    with pytest.raises(TypeError, match=r"import env\.base is \(global i32\), which a callable cannot provide"):
        Instance(store, module, {"env": {"double": e["double"], "base": lambda: 1}, "mem": e})


def test_imports_of_wrong_container_type(store: Store, module: Module) -> None:
    for bad in ("env", 5, None, {1, 2}):
        with pytest.raises(TypeError, match="imports are a list or a mapping"):
            Instance(store, module, bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"imports\['env'\] must be a mapping"):
        Instance(store, module, {"env": [1, 2]})  # type: ignore[dict-item]


def test_import_of_wrong_wasm_type(store: Store, module: Module) -> None:
    e = externs(store)
    wrong_func = Func(store, FuncType([I32], []), lambda x: None)
    with pytest.raises(WasmError, match="cannot instantiate the module"):
        Instance(store, module, {"env": {"double": wrong_func, "base": e["base"]}, "mem": e})
    wrong_global = Global(store, GlobalType(ValType.i64()), 1)
    with pytest.raises(WasmError, match="cannot instantiate the module"):
        Instance(store, module, {"env": {"double": e["double"], "base": wrong_global}, "mem": e})
    with pytest.raises(WasmError):  # a memory where a global goes
        Instance(store, module, [e["double"], e["memory"], e["memory"], e["table"]])


def test_argument_types(store: Store, module: Module) -> None:
    with pytest.raises(TypeError, match="Store"):
        Instance("store", module, [])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Module"):
        Instance(store, IMPORTS, [])  # type: ignore[arg-type]


def test_start_function_trap(store: Store) -> None:
    module = Module(store, "(module (func $s unreachable) (start $s))")
    with pytest.raises(Trap, match="unreachable"):
        Instance(store, module, [])


class StartError(Exception):
    pass


def test_start_function_host_exception(store: Store) -> None:
    module = Module(store, '(module (import "env" "f" (func $f)) (start $f))')

    def f() -> None:
        raise StartError("from start")

    with pytest.raises(StartError, match="from start") as info:
        Instance(store, module, {"env": {"f": f}})
    assert info.traceback[-1].name == "f"
    # The store is usable afterwards.
    assert Instance(store, module, [lambda: None]).exports == {}


EXPORTS = """
(module
  (func (export "f") (result i32) i32.const 7)
  (global (export "g") (mut i32) (i32.const 1))
  (table (export "t") 1 funcref)
  (memory (export "m") 1)
  (func (export "with-dash") (result i32) i32.const 8)
  (func (export "keys") (result i32) i32.const 9)
  (func (export "_start")))
"""


def test_exports_mapping(store: Store) -> None:
    instance = Instance(store, Module(store, EXPORTS), [])
    exports = instance.exports
    assert isinstance(exports, Mapping)
    assert list(exports) == ["f", "g", "t", "m", "with-dash", "keys", "_start"]
    assert len(exports) == 7
    assert "f" in exports and "nope" not in exports and 3 not in exports
    assert isinstance(exports["f"], Func) and exports["f"]() == 7
    assert isinstance(exports.g, Global) and exports.g.value == 1
    assert isinstance(exports.t, Table) and isinstance(exports.m, Memory)
    assert exports["with-dash"]() == 8  # type: ignore[operator]
    assert exports["keys"]() == 9  # type: ignore[operator]  # the method wins as an attribute
    assert callable(exports.keys) and next(iter(exports.keys())) == "f"
    assert exports._start() is None
    # The same object every time.
    assert exports.f is exports["f"] is exports.get("f")
    assert [type(v).__name__ for v in exports.values()] == ["Func", "Global", "Table", "Memory", "Func", "Func", "Func"]
    assert dict(exports.items())["m"] is exports.m
    assert "f" in dir(exports) and "with-dash" not in dir(exports)
    assert repr(exports) == "<Exports f, g, t, m, with-dash, keys, _start>"
    assert repr(instance) == "<Instance exports: f, g, t, m, with-dash, keys, _start>"
    assert exports.f.name == "f"


def test_exports_missing(store: Store) -> None:
    exports = Instance(store, Module(store, EXPORTS), []).exports
    with pytest.raises(KeyError):
        exports["nope"]
    with pytest.raises(AttributeError, match="no export 'nope'"):
        exports.nope  # noqa: B018
    with pytest.raises(TypeError, match="export names are str"):
        exports[0]  # type: ignore[index]
    with pytest.raises(AttributeError):
        exports.__wrapped__  # noqa: B018
    assert exports.get("nope") is None


def test_closed_instance(store: Store) -> None:
    instance = Instance(store, Module(store, EXPORTS), [])
    exports = instance.exports
    f = exports.f
    with instance:
        pass
    assert instance.closed
    with pytest.raises(ValueError, match="Instance is closed"):
        instance.exports  # noqa: B018
    assert f() == 7  # made before: its own handle
    assert exports.f is f
    with pytest.raises(ValueError, match="Instance is closed"):
        exports.g  # noqa: B018
    assert repr(instance) == "<Instance closed>"
    instance.close()


def test_exports_outlive_the_instance_object(store: Store) -> None:
    f = Instance(store, Module(store, EXPORTS), []).exports["f"]
    import gc

    gc.collect()
    assert f() == 7  # type: ignore[operator]


def test_module_of_another_store_same_engine(store: Store) -> None:
    other = Store(store.engine)
    module = Module(other, EXPORTS)
    assert Instance(store, module, []).exports.f() == 7


def test_extern_of_another_store(store: Store, module: Module) -> None:
    e = externs(store)
    other = Store(store.engine)
    foreign_double = Func(other, FuncType([I32], [I32]), lambda x: x)
    with pytest.raises(ValueError, match=r"import env\.double: the Func belongs to another store"):
        Instance(store, module, {"env": {"double": foreign_double, "base": e["base"]}, "mem": e})
    foreign_memory = Memory(other, MemoryType(1))
    with pytest.raises(ValueError, match="the Memory belongs to another store"):
        Instance(store, module, [e["double"], e["base"], foreign_memory, e["table"]])


def test_instantiating_twice_gives_separate_state(store: Store) -> None:
    module = Module(store, EXPORTS)
    a, b = Instance(store, module, []), Instance(store, module, [])
    a.exports.g.value = 5
    assert b.exports.g.value == 1
    assert wacapi.Instance is Instance


def test_typed_getters(store: Store) -> None:
    exports = Instance(store, Module(store, EXPORTS), []).exports
    assert exports.get_func("f")() == 7
    assert exports.get_global("g").value == 1
    assert len(exports.get_table("t")) == 1
    assert exports.get_memory("m").size == 1
    with pytest.raises(TypeError, match="export 'g' is a Global, not a Func"):
        exports.get_func("g")
    with pytest.raises(TypeError, match="export 'f' is a Func, not a Memory"):
        exports.get_memory("f")
    with pytest.raises(TypeError, match="not a Table"):
        exports.get_table("m")
    with pytest.raises(TypeError, match="not a Global"):
        exports.get_global("t")
    with pytest.raises(KeyError):
        exports.get_func("nope")
