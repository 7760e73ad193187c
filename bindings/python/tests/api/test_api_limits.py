"""Resource limits: Engine(consume_fuel=True) with Store.fuel, and Store(max_memory=...)."""

from __future__ import annotations

import ctypes

import pytest

import wacapi
from wacapi import Engine, Instance, Memory, MemoryType, Module, Store, Trap, WasiExit, WasmError

LOOP_WAT = """
(module
  (import "host" "tick" (func $tick))
  (func (export "spin") (loop br 0))
  (func (export "count") (param $n i32) (result i32)
    (local $i i32)
    (block (loop
      (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br 0)))
    (local.get $i))
  (func (export "tick_then_count") (param $n i32) (result i32)
    call $tick
    (local.get $n)
    (call 2)))
"""

GROW_WAT = """
(module (memory (export "memory") 1)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
"""

SIZE_MAX = (1 << (8 * ctypes.sizeof(ctypes.c_size_t))) - 1


def loop_instance(store: Store, tick: object = lambda: None) -> Instance:
    return Instance(store, Module(store, LOOP_WAT), {"host": {"tick": tick}})


# --------------------------------------------------------------------------
# Engine(consume_fuel=...)
# --------------------------------------------------------------------------


def test_engine_consume_fuel() -> None:
    metered = Engine(consume_fuel=True)
    assert metered.consume_fuel and repr(metered) == "<Engine consume_fuel>"
    plain = Engine(consume_fuel=False)
    assert not plain.consume_fuel and repr(plain) == "<Engine>"
    assert not Engine().consume_fuel
    metered.close()
    assert repr(metered) == "<Engine closed>"


def test_engine_consume_fuel_bad() -> None:
    for bad in (None, 1, "yes"):
        with pytest.raises(TypeError, match="consume_fuel=\\) takes a bool"):
            Engine(consume_fuel=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Engine(True)  # type: ignore[misc]  # keyword only


# --------------------------------------------------------------------------
# Store.fuel
# --------------------------------------------------------------------------


def test_fuel_starts_empty_and_is_used() -> None:
    store = Store(Engine(consume_fuel=True))
    assert store.fuel == 0
    count = loop_instance(store).exports.get_func("count")
    with pytest.raises(Trap, match="all fuel consumed by WebAssembly"):
        count(10)
    store.fuel = 1_000_000
    assert store.fuel == 1_000_000
    assert count(10) == 10
    after_small = store.fuel
    assert after_small < 1_000_000
    assert count(1000) == 1000
    after_big = store.fuel
    assert after_small - after_big > 10 * (1_000_000 - after_small)


def test_fuel_stops_an_endless_loop_and_refills() -> None:
    store = Store(Engine(consume_fuel=True))
    exports = loop_instance(store).exports
    store.fuel = 100_000
    with pytest.raises(Trap) as info:
        exports.spin()
    assert "all fuel consumed" in info.value.message
    assert not isinstance(info.value, WasiExit) and info.value.exit_code is None
    assert store.fuel == 0
    store.fuel = 50_000  # the same store and instance work again
    assert exports.count(7) == 7


def test_fuel_topped_up_from_a_host_function() -> None:
    store = Store(Engine(consume_fuel=True))

    def tick() -> None:
        store.fuel = 10_000_000  # for the running call

    exports = loop_instance(store, tick).exports
    store.fuel = 10_000
    with pytest.raises(Trap, match="all fuel consumed"):
        exports.count(100_000)
    store.fuel = 10_000
    assert exports.tick_then_count(100_000) == 100_000


def test_fuel_extremes() -> None:
    store = Store(Engine(consume_fuel=True))
    store.fuel = 0
    assert store.fuel == 0
    store.fuel = (1 << 64) - 1
    assert store.fuel > 0


def test_fuel_without_metering_is_an_error() -> None:
    store = Store()
    with pytest.raises(WasmError) as info:
        _ = store.fuel
    message = info.value.message
    assert "Engine(consume_fuel=True)" in message
    assert "fuel metering is disabled" in message  # the library's reason
    with pytest.raises(WasmError, match=r"cannot set the fuel.*fuel metering is disabled"):
        store.fuel = 10


def test_fuel_bad_values() -> None:
    store = Store(Engine(consume_fuel=True))
    for bad in (None, 1.5, "10", True):
        with pytest.raises(TypeError, match="fuel must be an int"):
            store.fuel = bad  # type: ignore[assignment]
    for bad in (-1, 1 << 64):
        with pytest.raises(ValueError, match=r"fuel must be in 0\.\."):
            store.fuel = bad
    assert store.fuel == 0


def test_fuel_closed_store() -> None:
    store = Store(Engine(consume_fuel=True))
    store.close()
    with pytest.raises(ValueError, match="Store is closed"):
        _ = store.fuel
    with pytest.raises(ValueError, match="Store is closed"):
        store.fuel = 1


# --------------------------------------------------------------------------
# Store(max_memory=...) and Store.max_memory
# --------------------------------------------------------------------------


def test_max_memory_caps_growth() -> None:
    store = Store(max_memory=2 * 65536)
    assert store.max_memory == 2 * 65536
    exports = Instance(store, Module(store, GROW_WAT)).exports
    assert exports.grow(1) == 1
    assert exports.grow(1) == -1  # past the cap: an ordinary failed memory.grow
    memory = exports.get_memory("memory")
    assert memory.size == 2
    with pytest.raises(WasmError, match="cannot grow the memory of 2 pages by 1"):
        memory.grow(1)
    # The cap applies to every memory of the store, host-made ones too.
    own = Memory(store, MemoryType(1))
    own.grow(1)
    with pytest.raises(WasmError):
        own.grow(1)


def test_max_memory_changed_and_lifted() -> None:
    store = Store(max_memory=65536)
    exports = Instance(store, Module(store, GROW_WAT)).exports
    assert exports.grow(1) == -1
    store.max_memory = 3 * 65536
    assert store.max_memory == 3 * 65536
    assert exports.grow(2) == 1
    assert exports.grow(1) == -1
    store.max_memory = None
    assert store.max_memory is None
    assert exports.grow(5) == 3
    store.max_memory = 65536  # smaller than the memory: it keeps its size, cannot grow
    assert exports.get_memory("memory").size == 8
    assert exports.grow(1) == -1


def test_max_memory_refuses_large_initial_memory() -> None:
    store = Store(max_memory=65536)
    with pytest.raises(WasmError):
        Instance(store, Module(store, "(module (memory 2))"))
    Instance(store, Module(store, "(module (memory 1))"))


def test_no_cap_by_default() -> None:
    store = Store()
    assert store.max_memory is None
    store.max_memory = None  # nothing to lift
    exports = Instance(store, Module(store, GROW_WAT)).exports
    assert exports.grow(100) == 1


def test_max_memory_bad_values() -> None:
    for bad in ("1", 1.0, True):
        with pytest.raises(TypeError, match="max_memory must be an int"):
            Store(max_memory=bad)  # type: ignore[arg-type]
    for bad in (-1, SIZE_MAX + 1):
        with pytest.raises(ValueError, match=r"max_memory must be in 0\.\."):
            Store(max_memory=bad)
    store = Store()
    with pytest.raises(TypeError, match="max_memory must be an int"):
        store.max_memory = "big"  # type: ignore[assignment]
    with pytest.raises(ValueError):
        store.max_memory = -5
    assert store.max_memory is None
    store.max_memory = SIZE_MAX
    assert store.max_memory == SIZE_MAX
    with pytest.raises(TypeError):
        Store(Engine(), 65536)  # type: ignore[misc]  # keyword only


def test_max_memory_closed_store() -> None:
    store = Store()
    store.close()
    with pytest.raises(ValueError, match="Store is closed"):
        store.max_memory = 65536


def test_max_memory_from_a_host_function() -> None:
    # The store installs the library's limiter when it is made (with its grow hook),
    # so even the first cap can be set while wasm code of the store runs.
    store = Store()
    errors: list[Exception] = []

    def tick() -> None:
        try:
            store.max_memory = 65536
        except WasmError as exc:
            errors.append(exc)

    exports = loop_instance(store, tick).exports
    exports.tick_then_count(1)
    assert errors == [] and store.max_memory == 65536
    grower = Instance(store, Module(store, GROW_WAT)).exports
    assert grower.grow(1) == -1  # the cap set from the host function holds


def test_fuel_and_memory_cap_together() -> None:
    store = Store(Engine(consume_fuel=True), max_memory=65536)
    store.fuel = 10_000
    exports = Instance(store, Module(store, GROW_WAT)).exports
    assert exports.grow(1) == -1
    assert store.fuel < 10_000
    assert isinstance(store.engine, wacapi.Engine) and store.engine.consume_fuel
