"""Module: sources (text, binary), files, validation, imports/exports, serialization."""

from __future__ import annotations

from pathlib import Path

import pytest

import wacapi
from wacapi import Config, Engine, FuncType, Module, Store, ValType, WasmError

ADD = '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'
ADD_WASM = wacapi.ffi.wat2wasm(ADD)


@pytest.fixture
def store() -> Store:
    return Store()


def add_of(store: Store, module: Module) -> int:
    return wacapi.Instance(store, module, []).exports["add"](20, 22)  # type: ignore[operator,no-any-return]


@pytest.mark.parametrize(
    "source",
    [ADD, ADD.encode(), bytearray(ADD.encode()), ADD_WASM, bytearray(ADD_WASM), memoryview(ADD_WASM)],
    ids=["str", "wat-bytes", "wat-bytearray", "binary", "binary-bytearray", "binary-memoryview"],
)
def test_sources(store: Store, source: object) -> None:
    module = Module(store, source)  # type: ignore[arg-type]
    assert [e.name for e in module.exports] == ["add"]
    assert add_of(store, module) == 42
    assert module.store is store


@pytest.mark.parametrize("source", [None, 42, ["(module)"], Path("x.wat")])
def test_source_of_wrong_type(store: Store, source: object) -> None:
    with pytest.raises(TypeError, match="module source"):
        Module(store, source)  # type: ignore[arg-type]


def test_store_of_wrong_type() -> None:
    with pytest.raises(TypeError, match="Store"):
        Module("store", ADD)  # type: ignore[arg-type]


def test_bad_text_names_the_position(store: Store) -> None:
    with pytest.raises(WasmError, match=r"invalid WebAssembly text.*\d+:\d+") as info:
        Module(store, '(module\n  (func (export "f") (result i32) i32.const))')
    assert info.value.message == str(info.value)
    assert not isinstance(info.value, wacapi.Trap)


def test_invalid_module(store: Store) -> None:
    with pytest.raises(WasmError, match=r"cannot compile the module: .*type mismatch"):
        Module(store, "(module (func (result i32)))")
    with pytest.raises(WasmError, match="cannot compile"):
        Module(store, b"\0asm\x02\0\0\0")
    with pytest.raises(WasmError, match="cannot compile"):
        Module(store, ADD_WASM[:-3])


def test_from_file(store: Store, tmp_path: Path) -> None:
    (tmp_path / "add.wat").write_text(ADD)
    (tmp_path / "add.wasm").write_bytes(ADD_WASM)
    assert add_of(store, Module.from_file(store, tmp_path / "add.wat")) == 42
    assert add_of(store, Module.from_file(store, str(tmp_path / "add.wasm"))) == 42
    with pytest.raises(FileNotFoundError):
        Module.from_file(store, tmp_path / "missing.wasm")
    (tmp_path / "bad.wasm").write_bytes(b"\0asm junk")
    with pytest.raises(WasmError):
        Module.from_file(store, tmp_path / "bad.wasm")


def test_validate(store: Store) -> None:
    assert Module.validate(store, ADD) is True
    assert Module.validate(store, ADD_WASM) is True
    assert Module.validate(store, b"\0asm\1\0\0\0") is True
    assert Module.validate(store, "(module (func (result i32)))") is False
    assert Module.validate(store, "(module") is False
    assert Module.validate(store, b"\0asm\x09\0\0\0") is False
    assert Module.validate(store, b"") is False
    with pytest.raises(TypeError):
        Module.validate(store, 5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Module.validate("store", ADD)  # type: ignore[arg-type]
    store.close()
    with pytest.raises(ValueError, match="Store is closed"):
        Module.validate(store, ADD)


def test_imports_and_exports_are_typed_in_order(store: Store) -> None:
    module = Module(
        store,
        """(module
             (import "b" "x" (func))
             (import "a" "y" (global i64))
             (func (export "z") (param f64))
             (func (export "a") (result i32) i32.const 1))""",
    )
    assert [(i.module, i.name) for i in module.imports] == [("b", "x"), ("a", "y")]
    assert [e.name for e in module.exports] == ["z", "a"]
    assert module.exports[0].type == FuncType([ValType.f64()], [])
    # Copies: changing the list does not change the module.
    module.exports.clear()
    assert len(module.exports) == 2
    assert repr(module) == "<Module: 2 imports, 2 exports>"


def test_serialize_roundtrip(store: Store) -> None:
    module = Module(store, ADD)
    data = module.serialize()
    assert isinstance(data, bytes) and data
    again = Module.deserialize(store, data)
    assert again.exports == module.exports
    assert add_of(store, again) == 42
    assert add_of(store, Module.deserialize(store, bytearray(data))) == 42
    # Another store of the same engine reads it too.
    other = Store(store.engine)
    assert add_of(other, Module.deserialize(other, memoryview(data))) == 42


def test_deserialize_trusted_round_trip(store: Store) -> None:
    data = Module(store, ADD).serialize()
    assert add_of(store, Module.deserialize(store, data, trusted=True)) == 42
    other = Store(Engine(Config(consume_fuel=True)))
    other.fuel = 10_000
    # Another engine configuration: the entry is validated again and still works.
    assert add_of(other, Module.deserialize(other, data, trusted=True)) == 42


def test_deserialize_trusted_rejects_corruption(store: Store) -> None:
    data = Module(store, ADD).serialize()
    bad = bytearray(data)
    bad[-1] ^= 1
    with pytest.raises(WasmError, match="checksum mismatch"):
        Module.deserialize(store, bad, trusted=True)
    with pytest.raises(TypeError, match="trusted= takes a bool"):
        Module.deserialize(store, data, trusted=1)  # type: ignore[arg-type]


@pytest.mark.parametrize("data", [b"", b"junk", ADD_WASM])
def test_deserialize_rejects_other_data(store: Store, data: bytes) -> None:
    with pytest.raises(WasmError, match="cannot deserialize"):
        Module.deserialize(store, data)


def test_deserialize_argument_types(store: Store) -> None:
    with pytest.raises(TypeError):
        Module.deserialize(store, "text")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Module.deserialize(None, b"")  # type: ignore[arg-type]


def test_closed_module(store: Store) -> None:
    module = Module(store, ADD)
    with module as same:
        assert same is module
    assert module.closed
    module.close()  # again: nothing
    for use in (lambda: module.serialize(), lambda: module.exports, lambda: module.imports):
        with pytest.raises(ValueError, match="Module is closed"):
            use()
    with pytest.raises(ValueError, match="Module is closed"):
        wacapi.Instance(store, module, [])
    assert repr(module) == "<Module closed>"
    with pytest.raises(ValueError, match="closed"), module:
        pass


def test_module_in_a_closed_store() -> None:
    store = Store()
    store.close()
    with pytest.raises(ValueError, match="Store is closed"):
        Module(store, ADD)
    with pytest.raises(ValueError, match="Store is closed"):
        Module.deserialize(store, b"x")


def test_a_module_outlives_its_store_object() -> None:
    store = Store()
    module = Module(store, ADD)
    store.close()
    # The library keeps the store alive for the module; its types stay readable.
    assert [e.name for e in module.exports] == ["add"]
    assert module.serialize()
