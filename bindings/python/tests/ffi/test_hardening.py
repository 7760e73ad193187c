"""Misuse of the procedural layer never crashes the interpreter.

Pointers the library never made, objects deleted twice, objects of another
kind, absurd vector sizes and failed allocations are answered like NULL, with
the reason in ``wacapi_last_error``.  Every function with a handle argument
is also swept with a foreign pointer in that position.
"""

from __future__ import annotations

import ctypes
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from support import ALL_FUNCTIONS, PACKAGE_ROOT, binding, ffi, is_null, neg, null_args

#: Opaque handle types of the headers (pointers to them are validated).
HANDLE_TYPES = {
    name
    for name in dir(binding)
    if name.endswith("_t")
    and isinstance(getattr(binding, name), type)
    and issubclass(getattr(binding, name), ctypes.Structure)
    and not getattr(getattr(binding, name), "_fields_", None)
}


def last_error() -> str:
    return (binding.wacapi_last_error() or b"").decode()


def junk_pointer(kind: Any) -> tuple[Any, ctypes.Array[ctypes.c_char]]:
    """A pointer of type ``POINTER(kind)`` into a buffer full of 0xA5 bytes."""
    buf = ctypes.create_string_buffer(b"\xa5" * 256, 256)
    return ctypes.cast(ctypes.addressof(buf) + 64, ctypes.POINTER(kind)), buf


def test_handle_types_found() -> None:
    assert {"wasm_store_t", "wasm_engine_t", "wasm_ref_t", "wasm_valtype_t", "wacapi_linker_t"} <= HANDLE_TYPES


def test_delete_of_a_string_buffer_pos() -> None:
    # The case: a 64-byte buffer cast to a store.
    buf = ctypes.create_string_buffer(64)
    binding.wasm_store_delete(ctypes.cast(buf, ctypes.POINTER(binding.wasm_store_t)))
    assert "is not a live wasm_store_t" in last_error()
    assert buf.raw == b"\0" * 64


def test_delete_of_a_python_made_struct_pos() -> None:
    binding.wasm_ref_delete(binding.wasm_ref_t())
    binding.wasm_ref_delete(ctypes.pointer(binding.wasm_ref_t()))


def test_double_delete_is_a_no_op_pos() -> None:
    engine = binding.wasm_engine_new()
    store = binding.wasm_store_new(engine)
    binding.wasm_store_delete(store)
    binding.wasm_store_delete(store)
    assert "is not a live wasm_store_t" in last_error()
    # A deleted store makes nothing.
    assert is_null(binding.wasm_foreign_new(store))
    binding.wasm_engine_delete(engine)
    binding.wasm_engine_delete(engine)
    assert is_null(binding.wasm_store_new(engine))


def test_wrong_kind_neg() -> None:
    engine = binding.wasm_engine_new()
    binding.wasm_store_delete(ctypes.cast(engine, ctypes.POINTER(binding.wasm_store_t)))
    assert "wasm_store_t" in last_error()
    store = binding.wasm_store_new(engine)  # the engine is unharmed
    assert not is_null(store)
    assert is_null(binding.wasm_store_new(ctypes.cast(store, ctypes.POINTER(binding.wasm_engine_t))))
    binding.wasm_store_delete(store)
    binding.wasm_engine_delete(engine)


def test_huge_valtype_vector_neg() -> None:
    data = (ctypes.POINTER(binding.wasm_valtype_t) * 3)(*(binding.wasm_valtype_new(k) for k in (0, 1, 2)))
    v = binding.wasm_valtype_vec_t()
    binding.wasm_valtype_vec_new(ctypes.byref(v), 1_000_000_000, data)
    assert (v.size, bool(v.data)) == (0, False)
    assert "exceed the vector size limit" in last_error()
    binding.wasm_valtype_vec_new_uninitialized(ctypes.byref(v), 1_000_000_000)
    assert (v.size, bool(v.data)) == (0, False)
    # The three valtypes are still ours.
    binding.wasm_valtype_vec_new(ctypes.byref(v), 3, data)
    assert v.size == 3
    binding.wasm_valtype_vec_delete(ctypes.byref(v))


def test_garbage_vector_element_neg() -> None:
    bad, buf = junk_pointer(binding.wasm_valtype_t)
    data = (ctypes.POINTER(binding.wasm_valtype_t) * 2)(binding.wasm_valtype_new(0), bad)
    v = binding.wasm_valtype_vec_t()
    binding.wasm_valtype_vec_new(ctypes.byref(v), 2, data)
    assert v.size == 0
    assert "element 1 of 2" in last_error()
    assert buf.raw[:256] == b"\xa5" * 256


def test_byte_vectors_keep_a_nul_after_pos() -> None:
    v = binding.wasm_byte_vec_t()
    binding.wasm_byte_vec_new(ctypes.byref(v), 3, b"abc")
    assert v.size == 3
    assert ctypes.string_at(v.data) == b"abc"  # read as a C string: stops at the stored NUL
    binding.wasm_byte_vec_delete(ctypes.byref(v))


FAILED_ALLOCATION = textwrap.dedent(
    """
    import ctypes, resource, sys
    sys.path.insert(0, {root!r})
    import wacapi.binding as b
    # Leave the process about 256 MiB of address space more than it has now.
    with open("/proc/self/status") as f:
        vm = next(int(l.split()[1]) * 1024 for l in f if l.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (vm + (256 << 20), resource.RLIM_INFINITY))
    v = b.wasm_byte_vec_t()
    b.wasm_byte_vec_new_uninitialized(ctypes.byref(v), 1 << 30)  # 1 GiB: under the cap
    print(v.size, bool(v.data), b.wacapi_last_error().decode())
    # The process is healthy: small vectors still work.
    b.wasm_byte_vec_new_uninitialized(ctypes.byref(v), 16)
    print(v.size)
    b.wasm_byte_vec_delete(ctypes.byref(v))
    """
)


def test_failed_allocation_is_an_error_not_an_abort_neg() -> None:
    code = FAILED_ALLOCATION.format(root=str(PACKAGE_ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.splitlines()
    assert first.startswith("0 False ")
    assert "out of memory" in first
    assert second == "16"


# ---------------------------------------------------------------------------
# The sweep: every function, a foreign pointer in each handle position
# ---------------------------------------------------------------------------

OWNING = ("_new", "_copy", "_call", "_type", "_obtain", "_share", "_origin", "_table_get", "_with_config")


def handle_positions(function: Any) -> list[int]:
    positions = []
    for i, t in enumerate(function.argtypes or []):
        target = getattr(t, "_type_", None)
        if isinstance(target, type) and target.__name__ in HANDLE_TYPES:
            positions.append(i)
    return positions


#: Pure casts return their argument unchanged and never look at it.
CASTS = tuple(f"_as_{k}" for k in ("ref", "ref_const", "extern", "extern_const", "externtype", "externtype_const"))

SWEPT = [name for name in ALL_FUNCTIONS if handle_positions(getattr(binding, name)) and not name.endswith(CASTS)]


def test_sweep_covers_functions() -> None:
    assert len(SWEPT) > 200


@pytest.mark.parametrize("name", SWEPT)
def test_foreign_pointer_in_every_handle_position_neg(name: str) -> None:
    function = getattr(ffi, name)
    for position in handle_positions(function):
        args = null_args(function)
        kind = function.argtypes[position]._type_
        pointer, buf = junk_pointer(kind)
        args[position] = pointer
        result = neg(function, *args)
        assert buf.raw[:256] == b"\xa5" * 256, f"{name} wrote into a foreign buffer"
        if isinstance(result, ctypes._Pointer) and not is_null(result):
            if ctypes.addressof(result.contents) == ctypes.addressof(pointer.contents):
                pytest.fail(f"{name} returned the foreign pointer")
            if name.endswith(OWNING):
                delete = getattr(ffi, type(result)._type_.__name__[: -len("_t")] + "_delete", None)
                if delete is not None:
                    delete(result)


# ---------------------------------------------------------------------------
# The memory grow hook (procedural)
# ---------------------------------------------------------------------------


def test_memory_grow_hook_pos() -> None:
    engine = ffi.wasm_engine_new()
    store = ffi.wasm_store_new(engine)
    asked: list[tuple[int, int]] = []
    pinned = [False]

    def hook(_env: Any, current: int, desired: int) -> bool:
        asked.append((current, desired))
        return not pinned[0]

    keep = binding.wacapi_memory_grow_hook_t(hook)
    ffi.wacapi_store_set_memory_grow_hook(store, keep, None)
    memtype = ffi.wasm_memorytype_new(ctypes.byref(binding.wasm_limits_t(1, 10)))
    memory = ffi.wasm_memory_new(store, memtype)
    ffi.wasm_memorytype_delete(memtype)
    assert asked == [(0, 65536)]
    pinned[0] = True
    assert not ffi.wasm_memory_grow(memory, 1)
    assert ffi.wasm_memory_size(memory) == 1
    pinned[0] = False
    assert ffi.wasm_memory_grow(memory, 2)
    assert asked[-1] == (65536, 3 * 65536)
    ffi.wacapi_store_set_memory_grow_hook(store, binding.wacapi_memory_grow_hook_t(), None)
    pinned[0] = True
    assert ffi.wasm_memory_grow(memory, 1)  # no hook any more
    ffi.wasm_memory_delete(memory)
    ffi.wasm_store_delete(store)
    ffi.wasm_engine_delete(engine)


def test_memory_grow_hook_neg() -> None:
    hook = binding.wacapi_memory_grow_hook_t(lambda _e, _c, _d: True)
    neg(ffi.wacapi_store_set_memory_grow_hook, None, hook, None)
    assert "store is NULL" in last_error()
