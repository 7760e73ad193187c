"""Memory: sizes, growing, bounds-checked copies, zero-copy views (numpy)."""

from __future__ import annotations

import gc
import sys
from typing import Any

import pytest

from wacapi import Instance, Memory, MemoryType, Module, Store, WasmError

PAGE = 65536

WAT = """
(module
  (memory (export "mem") 1 3)
  (data (i32.const 8) "wasm data")
  (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "store8") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "load32") (param i32) (result i32) local.get 0 i32.load)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))
"""


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def ex(store: Store) -> Any:
    return Instance(store, Module(store, WAT), []).exports


def test_sizes_and_grow(store: Store) -> None:
    mem = Memory(store, MemoryType(1, 3))
    assert mem.size == 1 and mem.data_len == PAGE
    assert mem.type == MemoryType(1, 3)
    assert mem.grow(1) == 1
    assert mem.size == 2 and mem.data_len == 2 * PAGE
    assert mem.grow(0) == 2
    with pytest.raises(WasmError, match="cannot grow the memory of 2 pages by 2"):
        mem.grow(2)
    assert mem.grow(1) == 2 and mem.size == 3
    assert repr(mem) == "<Memory (memory 1 3) size 3 pages>"
    unbounded = Memory(store, MemoryType(0))
    assert unbounded.size == 0 and unbounded.data_len == 0
    assert unbounded.grow(2) == 0 and unbounded.data_len == 2 * PAGE
    with pytest.raises(WasmError):
        unbounded.grow(70000)  # past 4 GiB


@pytest.mark.parametrize(
    ("delta", "error"), [(-1, ValueError), (2**32, ValueError), ("1", TypeError), (1.0, TypeError)]
)
def test_grow_argument_errors(store: Store, delta: Any, error: type) -> None:
    with pytest.raises(error):
        Memory(store, MemoryType(1)).grow(delta)


def test_read_and_write(ex: Any) -> None:
    mem = ex.mem
    assert isinstance(mem, Memory)
    assert mem.read(8, 9) == b"wasm data"
    mem.write(100, b"abc")
    assert ex.load8(101) == ord("b")
    ex.store8(200, 0x7F)
    assert mem.read(200, 1) == b"\x7f"
    mem.write(0, bytearray(b"\x01\x02"))
    mem.write(2, memoryview(b"\x03\x04"))
    assert ex.load32(0) == 0x04030201
    assert mem.read(PAGE - 1, 1) == b"\0"
    assert mem.read(PAGE, 0) == b""
    mem.write(PAGE, b"")
    data = bytes(range(256)) * 256
    mem.write(0, data)
    assert mem.read(0, PAGE) == data


def test_write_other_buffers(ex: Any) -> None:
    import array

    mem = ex.mem
    mem.write(0, array.array("I", [1, 2]))
    assert mem.read(0, 8) == b"\x01\0\0\0\x02\0\0\0"
    strided = memoryview(b"a-b-c-")[::2]
    mem.write(10, strided)
    assert mem.read(10, 3) == b"abc"


@pytest.mark.parametrize(
    ("offset", "length", "error", "message"),
    [
        (PAGE - 2, 3, IndexError, "3 bytes at offset 65534, but the memory has 65536 bytes"),
        (PAGE + 1, 0, IndexError, "out of bounds"),
        (10**12, 1, IndexError, "out of bounds"),
        (-1, 1, ValueError, "negative"),
        (0, -1, ValueError, "negative"),
        ("0", 1, TypeError, "offsets are ints"),
        (0, 1.0, TypeError, "lengths are ints"),
        (True, 1, TypeError, "offsets are ints"),
    ],
)
def test_read_bounds(ex: Any, offset: Any, length: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        ex.mem.read(offset, length)


def test_write_bounds(ex: Any) -> None:
    mem = ex.mem
    with pytest.raises(IndexError, match="out of bounds"):
        mem.write(PAGE - 1, b"ab")
    with pytest.raises(ValueError, match="negative"):
        mem.write(-1, b"a")
    with pytest.raises(TypeError, match="bytes-like"):
        mem.write(0, "text")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bytes-like"):
        mem.write(0, [1, 2])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="offsets are ints"):
        mem.write(None, b"x")  # type: ignore[arg-type]
    assert mem.read(PAGE - 1, 1) == b"\0"


def test_buffer_is_zero_copy_and_writable(ex: Any) -> None:
    mem = ex.mem
    view = mem.buffer()
    assert isinstance(view, memoryview)
    assert not view.readonly and view.format == "B" and len(view) == PAGE
    assert bytes(view[8:17]) == b"wasm data"
    view[300] = 42
    assert ex.load8(300) == 42
    ex.store8(301, 43)
    assert view[301] == 43
    view[0:4] = b"\x10\x20\x30\x40"
    assert mem.read(0, 4) == b"\x10\x20\x30\x40"


def test_buffer_after_grow(ex: Any) -> None:
    mem = ex.mem
    mem.write(5, b"keep")
    assert ex.grow(1) == 1  # wasm's memory.grow (no view alive)
    view = mem.buffer()
    assert len(view) == 2 * PAGE and bytes(view[5:9]) == b"keep"
    del view  # a live view pins the size (tests/api/test_memory_views.py)
    assert mem.grow(1) == 2
    assert len(mem.buffer()) == 3 * PAGE


def test_buffer_keeps_the_memory_alive(store: Store) -> None:
    def make() -> memoryview:
        mem = Memory(store, MemoryType(1))
        mem.write(0, b"alive")
        return mem.buffer()

    view = make()
    gc.collect()
    assert bytes(view[:5]) == b"alive"


def test_buffer_of_an_empty_memory(store: Store) -> None:
    view = Memory(store, MemoryType(0)).buffer()
    assert len(view) == 0


def test_buffer_protocol(ex: Any) -> None:
    mem = ex.mem
    view = mem.__buffer__(0)
    assert len(view) == PAGE and bytes(view[8:12]) == b"wasm"
    if sys.version_info >= (3, 12):
        assert bytes(memoryview(mem)[8:12]) == b"wasm"
        assert bytes(mem)[8:12] == b"wasm"


def test_numpy(ex: Any) -> None:
    np = pytest.importorskip("numpy")
    mem = ex.mem
    words = np.frombuffer(mem.buffer(), dtype=np.uint32)
    assert words.size == PAGE // 4 and words.flags.writeable
    words[:] = np.arange(words.size, dtype=np.uint32)
    assert ex.load32(4 * 1000) == 1000
    ex.store8(0, 0xFF)
    assert words[0] == 0xFF
    mem.write(0, np.array([7, 8], dtype=np.uint32))
    assert words[:3].tolist() == [7, 8, 2]
    mem.write(0, np.arange(10, dtype=np.uint32)[::2])  # not contiguous: copied first
    assert words[:5].tolist() == [0, 2, 4, 6, 8]


def test_memory_argument_types(store: Store) -> None:
    with pytest.raises(TypeError, match="Store"):
        Memory("s", MemoryType(1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="MemoryType"):
        Memory(store, 1)  # type: ignore[arg-type]
    with pytest.raises(WasmError, match="cannot create the memory"):
        Memory(store, MemoryType(70000))  # more than 4 GiB


def test_closed_memory(store: Store) -> None:
    mem = Memory(store, MemoryType(1))
    with mem:
        pass
    uses = [
        lambda: mem.size,
        lambda: mem.data_len,
        lambda: mem.grow(1),
        lambda: mem.read(0, 1),
        lambda: mem.write(0, b"x"),
        lambda: mem.buffer(),
    ]
    for use in uses:
        with pytest.raises(ValueError, match="Memory is closed"):
            use()
    assert repr(mem) == "<Memory (memory 1) closed>"
    store.close()
    with pytest.raises(ValueError, match="Store is closed"):
        Memory(store, MemoryType(1))


def test_memory_import(store: Store) -> None:
    module = Module(
        store, '(module (import "env" "m" (memory 1)) (func (export "f") (result i32) i32.const 3 i32.load8_u))'
    )
    mem = Memory(store, MemoryType(1))
    mem.write(3, b"\x09")
    assert Instance(store, module, {"env": {"m": mem}}).exports.f() == 9
