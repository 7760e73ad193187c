"""Memory views cannot outlive their memory: a live view pins the memory's size.

Growing a wasmi memory may move it, so while a view of ``Memory.buffer()`` (or
anything made of one) is alive, the host's ``grow()`` raises BufferError and a
guest's ``memory.grow`` returns -1; a view also keeps the memory itself alive,
after ``Memory.close()`` and ``Store.close()``.  See docs/memory-views.md.
"""

from __future__ import annotations

import gc
import sys
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from wacapi import Func, FuncType, Instance, Memory, MemoryType, Module, Store, WasmError, _views

PAGE = 65536

GROW_WAT = """
(module
  (memory (export "memory") 1 16)
  (data (i32.const 8) "wasm data")
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) memory.size)
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))
"""

# Re-exports an imported memory: a second Memory object of the same memory.
REEXPORT_WAT = """
(module
  (import "env" "memory" (memory 1))
  (export "again" (memory 0))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
"""

# Calls back into the host, which takes a view, then grows: the guest sees -1.
CALLBACK_WAT = """
(module
  (import "host" "touch" (func $touch))
  (memory (export "memory") 1)
  (func (export "touch_then_grow") (param i32) (result i32)
    call $touch
    (memory.grow (local.get 0))))
"""


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store()
    yield s
    s.close()


@pytest.fixture
def ex(store: Store) -> Any:
    return Instance(store, Module(store, GROW_WAT)).exports


def numpy_or_skip() -> Any:
    return pytest.importorskip("numpy")


# --------------------------------------------------------------------------
# The exporter and its reference count
# --------------------------------------------------------------------------


class _Slot:
    """Holds an object in one slot and counts its references the way Export does."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def refs(self) -> int:
        return sys.getrefcount(self.value)


def test_baseline_refcount_is_measured(ex: Any) -> None:
    if not _views.REFCOUNTS:
        pytest.skip("needs sys.getrefcount")
    mem = ex.memory
    view = mem.buffer()
    export = mem._export
    assert export is not None and view.obj is export.array
    # The baseline: the array held by one slot, as sys.getrefcount sees it from a
    # method (2 on CPython 3.9-3.13), whatever the interpreter counts.
    measured = _Slot(object()).refs()
    assert export.base == measured
    assert export.refs() == export.base + 1  # the view's managed buffer
    piece = view[10:20]
    assert export.refs() == export.base + 1  # slices share it
    del view
    assert export.pinned() and export.refs() == export.base + 1
    del piece
    assert not export.pinned() and export.refs() == export.base


def test_one_exporter_per_address_and_size(ex: Any) -> None:
    mem = ex.memory
    a, b = mem.buffer(), mem.buffer()
    assert a.obj is b.obj  # the same exporter while the memory stays put
    del a, b
    before = mem._export
    assert ex.grow(1) == 1  # no view alive: the guest may grow
    view = mem.buffer()
    assert mem._export is not before  # a fresh exporter of the new size
    assert len(view) == 2 * PAGE and bytes(view[8:17]) == b"wasm data"
    assert before is not None and before.array is None  # the old one ended


DERIVED = {
    "memoryview": lambda view: view,
    "slice": lambda view: view[100:200],
    "memoryview of a view": memoryview,
    "cast": lambda view: view.cast("I"),
    "the exporter (view.obj)": lambda view: view.obj,
}


@pytest.mark.parametrize("kind", list(DERIVED))
def test_every_kind_of_view_pins(ex: Any, kind: str) -> None:
    mem = ex.memory
    view = mem.buffer()
    derived = DERIVED[kind](view)
    del view
    gc.collect()
    with pytest.raises(BufferError, match="live buffer views"):
        mem.grow(1)
    assert ex.grow(1) == -1
    del derived
    assert mem.grow(1) == 1 and ex.grow(1) == 2 and ex.size() == 3


# --------------------------------------------------------------------------
# Growth by the host
# --------------------------------------------------------------------------


def test_host_grow_with_a_live_view(ex: Any) -> None:
    mem = ex.memory
    view = mem.buffer()
    with pytest.raises(BufferError, match=r"memory has live buffer views \(memoryview/numpy\); release them"):
        mem.grow(1)
    assert mem.size == 1 and len(view) == PAGE
    view[300] = 7  # the old view still writes the live memory, which did not move
    assert ex.load8(300) == 7 and mem.read(300, 1) == b"\x07"
    del view
    assert mem.grow(1) == 1
    new = mem.buffer()
    assert len(new) == 2 * PAGE and new[300] == 7
    new[PAGE + 5] = 9
    assert ex.load8(PAGE + 5) == 9


def test_host_grow_after_release_and_with(ex: Any) -> None:
    mem = ex.memory
    view = mem.buffer()
    view.release()
    with pytest.raises(ValueError, match="released"):
        view[0] = 1  # a released view refuses access: no write through it
    assert mem.grow(1) == 1
    with mem.buffer() as scoped:
        assert len(scoped) == 2 * PAGE
        with pytest.raises(BufferError):
            mem.grow(1)
    assert mem.grow(1) == 2
    assert len(mem.buffer()) == 3 * PAGE


def test_host_grow_with_a_slice_only(ex: Any) -> None:
    mem = ex.memory
    piece = mem.buffer()[8:17]
    with pytest.raises(BufferError):
        mem.grow(1)
    assert bytes(piece) == b"wasm data"
    del piece
    assert mem.grow(1) == 1


def test_host_grow_with_numpy(ex: Any) -> None:
    np = numpy_or_skip()
    mem = ex.memory
    words = np.frombuffer(mem.buffer(), dtype=np.uint32)
    tail = words[100:]
    del words
    with pytest.raises(BufferError):
        mem.grow(1)
    assert ex.grow(1) == -1
    tail[0] = 0x01020304
    assert mem.read(400, 4) == b"\x04\x03\x02\x01"
    del tail
    assert mem.grow(1) == 1
    words = np.frombuffer(mem.buffer(), dtype=np.uint32)
    assert words.size == 2 * PAGE // 4 and words[100] == 0x01020304


def test_numpy_array_made_inside_with_keeps_the_pin(ex: Any) -> None:
    np = numpy_or_skip()
    mem = ex.memory
    with mem.buffer() as view:
        words = np.frombuffer(view, dtype=np.uint8)
    # The memoryview is released, but numpy shares its buffer: still pinned.
    with pytest.raises(BufferError):
        mem.grow(1)
    assert ex.grow(1) == -1
    words[0] = 5
    assert ex.load8(0) == 5
    del words
    assert mem.grow(1) == 1


def test_grow_by_zero_is_always_allowed(ex: Any) -> None:
    mem = ex.memory
    view = mem.buffer()
    assert mem.grow(0) == 1
    assert ex.grow(0) == 1  # memory.grow 0 does not move the memory
    assert len(view) == PAGE


def test_grow_errors_still_raise_wasm_error(ex: Any) -> None:
    mem = ex.memory
    with pytest.raises(WasmError, match="cannot grow the memory of 1 pages by 16"):
        mem.grow(16)  # past the maximum, no view: the ordinary error
    view = mem.buffer()
    with pytest.raises(BufferError):
        mem.grow(16)  # the pin is checked first
    del view


# --------------------------------------------------------------------------
# Growth by the guest
# --------------------------------------------------------------------------


def test_guest_grow_with_a_live_view(ex: Any) -> None:
    mem = ex.memory
    view = mem.buffer()
    assert ex.grow(1) == -1  # refused: the view would point into freed memory
    assert ex.size() == 1 and mem.size == 1
    ex.store8(12, 99)
    assert view[12] == 99
    del view
    assert ex.grow(1) == 1 and ex.size() == 2
    view = mem.buffer()
    assert len(view) == 2 * PAGE and view[12] == 99


def test_guest_grow_inside_a_host_function_with_a_view(store: Store) -> None:
    kept: list[memoryview] = []
    take = [True]

    def touch() -> None:
        if take[0]:
            kept.append(exports.memory.buffer())
        else:
            kept.clear()  # views released inside the call, before the guest grows

    exports = Instance(store, Module(store, CALLBACK_WAT), {"host": {"touch": touch}}).exports
    assert exports.touch_then_grow(1) == -1  # the host took a view during the call
    assert len(kept) == 1 and len(kept[0]) == PAGE
    take[0] = False
    assert exports.touch_then_grow(1) == 1


def test_guest_grow_from_another_thread(ex: Any) -> None:
    mem = ex.memory
    view = mem.buffer()
    results: list[int] = []
    thread = threading.Thread(target=lambda: results.append(ex.grow(1)))
    thread.start()
    thread.join()
    assert results == [-1]
    del view
    thread = threading.Thread(target=lambda: results.append(ex.grow(1)))
    thread.start()
    thread.join()
    assert results == [-1, 1]


def test_view_taken_by_another_memory_object(store: Store) -> None:
    first = Instance(store, Module(store, GROW_WAT)).exports
    second = Instance(store, Module(store, REEXPORT_WAT), {"env": {"memory": first.memory}}).exports
    again = second.again
    assert isinstance(again, Memory) and again is not first.memory
    view = again.buffer()
    assert first.grow(1) == -1 and second.grow(1) == -1
    with pytest.raises(BufferError, match="same size"):
        first.memory.grow(1)
    del view
    assert first.memory.grow(1) == 1 and second.grow(1) == 2


# --------------------------------------------------------------------------
# Two memories, the memory cap, the hook
# --------------------------------------------------------------------------


def test_two_memories(store: Store) -> None:
    a = Memory(store, MemoryType(1, 8))
    b = Memory(store, MemoryType(2, 8))
    view = a.buffer()
    assert b.grow(1) == 2  # 2 pages, not the viewed size: free to grow
    c = Memory(store, MemoryType(1, 8))
    # c has a's size: the library does not say which memory grows, so c waits too.
    with pytest.raises(BufferError, match="same size"):
        c.grow(1)
    with pytest.raises(BufferError, match="live buffer views"):
        a.grow(1)
    del view
    assert c.grow(1) == 1 and a.grow(1) == 1
    # Views of both at once, then each released on its own.
    va, vb = a.buffer(), b.buffer()
    va[0], vb[0] = 1, 2
    assert a.read(0, 1) == b"\x01" and b.read(0, 1) == b"\x02"
    del vb
    assert b.grow(1) == 3
    with pytest.raises(BufferError):
        a.grow(1)
    del va
    assert a.grow(1) == 2


def test_memories_of_two_stores_do_not_pin_each_other() -> None:
    one, two = Store(), Store()
    a, b = Memory(one, MemoryType(1)), Memory(two, MemoryType(1))
    view = a.buffer()
    assert b.grow(1) == 1  # another store: its own hook and views
    with pytest.raises(BufferError):
        a.grow(1)
    del view


def test_views_and_max_memory() -> None:
    store = Store(max_memory=3 * PAGE)
    ex = Instance(store, Module(store, GROW_WAT)).exports
    mem = ex.memory
    view = mem.buffer()
    assert ex.grow(1) == -1  # the view
    with pytest.raises(BufferError):
        mem.grow(1)
    del view
    assert ex.grow(2) == 1  # up to the cap
    assert ex.grow(1) == -1  # the cap
    with pytest.raises(WasmError, match="cannot grow"):
        mem.grow(1)
    view = mem.buffer()
    assert len(view) == 3 * PAGE
    store.max_memory = None
    assert ex.grow(1) == -1  # the view, the cap is gone
    del view
    assert ex.grow(1) == 3
    store.max_memory = 4 * PAGE  # a cap set later still works with the hook
    assert ex.grow(1) == -1


def test_hook_exceptions_refuse_growth(ex: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    mem = ex.memory
    view = mem.buffer()

    def broken(self: Any) -> bool:
        raise RuntimeError("bookkeeping failed")

    monkeypatch.setattr(_views.Export, "pinned", broken)
    assert ex.grow(1) == -1  # the hook caught the exception and said no
    monkeypatch.undo()
    del view
    assert ex.grow(1) == 1


def test_hook_direct_calls() -> None:
    hook = _views._grow_hook
    assert hook(None, 0, PAGE) is True  # a new memory, no views
    assert hook(987654321, PAGE, 2 * PAGE) is True  # an unknown store
    store = Store()
    mem = Memory(store, MemoryType(1))
    view = mem.buffer()
    key = store._grow_key
    assert hook(key, PAGE, 2 * PAGE) is False  # the viewed size
    assert hook(key, 2 * PAGE, 3 * PAGE) is True  # another size
    assert hook(key, PAGE, PAGE) is True  # not growing
    bad: dict[int, Any] = {1: "not a weak reference"}
    assert hook(1, 0, PAGE, {1: bad}) is True  # current size 0: nothing can be viewed
    assert hook(1, PAGE, 2 * PAGE, {1: bad}) is False  # broken bookkeeping: refused
    del view
    assert hook(key, PAGE, 2 * PAGE) is True


def test_store_made_inside_a_host_function_has_the_hook(store: Store) -> None:
    made: list[tuple[Any, memoryview]] = []

    def make() -> None:
        inner = Store()
        exports = Instance(inner, Module(inner, GROW_WAT)).exports
        made.append((exports, exports.memory.buffer()))

    Func(store, FuncType(), make)()
    exports, view = made.pop()
    assert exports.grow(1) == -1
    del view
    assert exports.grow(1) == 1


def test_memory_views_of_an_empty_memory(store: Store) -> None:
    mem = Memory(store, MemoryType(0, 2))
    view = mem.buffer()
    assert len(view) == 0
    assert mem.grow(1) == 0  # an empty view points at nothing: no pin
    assert len(mem.buffer()) == PAGE


# --------------------------------------------------------------------------
# Views outliving their Memory and Store
# --------------------------------------------------------------------------


def test_view_after_memory_close(ex: Any) -> None:
    mem = ex.memory
    view = mem.buffer()
    mem.close()
    with pytest.raises(ValueError, match="Memory is closed"):
        mem.buffer()
    assert bytes(view[8:17]) == b"wasm data"
    view[20] = 33  # the export's own handle keeps the memory alive
    assert ex.load8(20) == 33
    assert ex.grow(1) == -1  # and the view still pins it
    del view
    gc.collect()
    assert ex.grow(1) == 1


def test_view_after_store_close(store: Store) -> None:
    ex = Instance(store, Module(store, GROW_WAT)).exports
    view = ex.memory.buffer()
    store.close()
    assert ex.grow(1) == -1  # objects made before stay usable, the hook too
    ex.store8(40, 41)
    assert view[40] == 41
    view[41] = 42
    assert ex.load8(41) == 42


def test_view_outlives_everything() -> None:
    def make() -> memoryview:
        store = Store()
        exports = Instance(store, Module(store, GROW_WAT)).exports
        view = exports.memory.buffer()
        exports.memory.close()
        store.close()
        return view

    view = make()
    gc.collect()
    assert bytes(view[8:17]) == b"wasm data"
    view[0 : len(view)] = bytes(len(view))  # writes all of it: the memory is alive
    view[PAGE - 1] = 255
    assert view[PAGE - 1] == 255
    del view
    gc.collect()


def test_export_ends_with_its_views(store: Store) -> None:
    mem = Memory(store, MemoryType(1))
    view = mem.buffer()
    export = weakref.ref(mem._export)  # type: ignore[arg-type]
    assert len(store._views) == 1
    mem.close()
    assert mem._export is None
    alive = export()
    assert alive is not None and alive.array is not None and alive.handle  # the view keeps it
    del alive
    view[0] = 1
    del view
    gc.collect()  # the exporter and its array form a cycle
    assert export() is None and len(store._views) == 0


def test_closing_an_unviewed_memory_ends_the_export(store: Store) -> None:
    mem = Memory(store, MemoryType(1))
    mem.buffer()
    export = mem._export
    assert export is not None
    mem.close()
    assert export.array is None and export.handle is None and len(store._views) == 0


# --------------------------------------------------------------------------
# release_views(), __buffer__, and the rule without reference counts (PyPy)
# --------------------------------------------------------------------------


def test_release_views(ex: Any) -> None:
    mem = ex.memory
    mem.release_views()  # nothing to release
    view = mem.buffer()
    if _views.REFCOUNTS:
        with pytest.raises(BufferError, match="live buffer views"):
            mem.release_views()  # CPython sees the view: it must go first
        del view
    mem.release_views()
    assert mem._export is None
    assert mem.grow(1) == 1
    mem.close()
    mem.release_views()  # also after close


def test_buffer_protocol_pins(ex: Any) -> None:
    mem = ex.memory
    view = mem.__buffer__(0)
    assert ex.grow(1) == -1
    del view
    assert ex.grow(1) == 1
    if sys.version_info >= (3, 12):
        with memoryview(mem) as whole:  # type: ignore[arg-type, unused-ignore]
            assert len(whole) == 2 * PAGE
            assert ex.grow(1) == -1
        assert ex.grow(1) == 2


def test_rule_without_refcounts(ex: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # What PyPy does (no sys.getrefcount): a view pins until release_views().
    monkeypatch.setattr(_views.Export, "_refcounts", False)
    mem = ex.memory
    view = mem.buffer()
    del view
    gc.collect()
    with pytest.raises(BufferError):
        mem.grow(1)  # cannot tell that the view went
    assert ex.grow(1) == -1
    export = mem._export
    assert export is not None and id(export) in _views._HELD
    mem.release_views()  # the caller's word that the views are unused
    assert id(export) not in _views._HELD
    assert mem.grow(1) == 1 and ex.grow(1) == 2
    # A held export outlives its Memory object and still pins.
    view = mem.buffer()
    mem.close()
    del view
    gc.collect()
    assert ex.grow(1) == -1
    mem.release_views()
    assert ex.grow(1) == 3


def test_closed_memory_and_views(store: Store) -> None:
    mem = Memory(store, MemoryType(1))
    mem.close()
    with pytest.raises(ValueError, match="Memory is closed"):
        mem.buffer()
    with pytest.raises(ValueError, match="Memory is closed"):
        mem.grow(1)
