"""What every reference object shares: delete, copy, same, host info, and the ref casts.

Ten kinds: ref, trap, foreign, module, func, global, table, memory, extern,
instance (WASM_DECLARE_REF_BASE / WASM_DECLARE_REF in wasm.h).
"""

from __future__ import annotations

import ctypes
from typing import Any, Callable

import pytest

from support import Instance, compile_module, ffi, is_null, neg, new_error, void_neg

byref = ctypes.byref

MODULE = ffi.wat2wasm('(module (func (export "f")) (memory (export "m") 1))')


@ffi.wasm_func_cb_decl
def noop(args: Any, results: Any) -> None:
    return None


def host_func(store: Any) -> Any:
    ft = ffi.wasm_functype_new_0_0()
    f = ffi.wasm_func_new(store, ft, noop)
    ffi.wasm_functype_delete(ft)
    return f


def make_global(store: Any) -> Any:
    gt = ffi.wasm_globaltype_new(ffi.wasm_valtype_new_i64(), ffi.WASM_VAR)
    g = ffi.wasm_global_new(store, gt, byref(ffi.wasm_i64_val(5)))
    ffi.wasm_globaltype_delete(gt)
    return g


def make_table(store: Any) -> Any:
    tt = ffi.wasm_tabletype_new(ffi.wasm_valtype_new_funcref(), ffi.wasm_limits_new(1, 4))
    t = ffi.wasm_table_new(store, tt, None)
    ffi.wasm_tabletype_delete(tt)
    return t


def make_memory(store: Any) -> Any:
    mt = ffi.wasm_memorytype_new(ffi.wasm_limits_new(1, 2))
    m = ffi.wasm_memory_new(store, mt)
    ffi.wasm_memorytype_delete(mt)
    return m


def make_instance(store: Any) -> Any:
    module = compile_module(store, MODULE)
    trap = ffi.create_null_pointer(ffi.wasm_trap_t)
    empty = ffi.wasm_extern_vec_t()
    inst = ffi.wasm_instance_new(store, module, byref(empty), byref(trap))
    ffi.wasm_module_delete(module)
    return inst


def make_trap(store: Any) -> Any:
    msg = ffi.wasm_name_new_from_string_nt("it's a trap")
    t = ffi.wasm_trap_new(store, byref(msg))
    ffi.wasm_byte_vec_delete(byref(msg))
    return t


def make_ref(store: Any) -> Any:
    foreign = ffi.wasm_foreign_new(store)
    r = ffi.wasm_ref_copy(ffi.wasm_foreign_as_ref(foreign))
    ffi.wasm_foreign_delete(foreign)
    return r


# kind -> function(store) making one owned object of that kind
MAKERS: dict[str, Callable[[Any], Any]] = {
    "ref": make_ref,
    "trap": make_trap,
    "foreign": ffi.wasm_foreign_new,
    "module": lambda store: compile_module(store, MODULE),
    "func": host_func,
    "global": make_global,
    "table": make_table,
    "memory": make_memory,
    "extern": lambda store: ffi.wasm_func_as_extern(host_func(store)),
    "instance": make_instance,
}
ALL_KINDS = sorted(MAKERS)
CASTABLE = [k for k in ALL_KINDS if k != "ref"]


def fn(kind: str, suffix: str) -> Any:
    return getattr(ffi, f"wasm_{kind}_{suffix}")


def make(kind: str, store: Any) -> Any:
    obj = MAKERS[kind](store)
    assert not is_null(obj), ffi.last_error()
    return obj


# --- delete / copy / same ------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_ref_delete_pos(kind: str, store: Any) -> None:
    fn(kind, "delete")(make(kind, store))


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_ref_delete_neg(kind: str) -> None:
    assert void_neg(fn(kind, "delete"), None) is None  # deleting NULL: a no-op, no error


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_ref_copy_pos(kind: str, store: Any) -> None:
    obj = make(kind, store)
    copy = fn(kind, "copy")(obj)
    assert not is_null(copy)
    assert fn(kind, "same")(obj, copy)
    assert copy.contents == obj.contents  # __eq__ is wasm_<kind>_same
    fn(kind, "delete")(obj)
    assert repr(copy.contents).startswith(f"<wasm_{kind}_t ")  # the copy lives on
    fn(kind, "delete")(copy)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_ref_copy_neg(kind: str) -> None:
    assert is_null(neg(fn(kind, "copy"), None))


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_ref_same_pos(kind: str, store: Any) -> None:
    a, b = make(kind, store), make(kind, store)
    assert fn(kind, "same")(a, a)
    assert not fn(kind, "same")(a, b)
    assert a.contents != b.contents
    fn(kind, "delete")(a)
    fn(kind, "delete")(b)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_ref_same_neg(kind: str, store: Any) -> None:
    a = make(kind, store)
    assert not neg(fn(kind, "same"), None, a)
    assert not neg(fn(kind, "same"), a, None)
    assert not neg(fn(kind, "same"), None, None)
    fn(kind, "delete")(a)


# --- host info ---------------------------------------------------------------------------

FINALIZED: list[int | None] = []


@ffi.wasm_finalizer
def record_finalizer(p: int | None) -> None:
    FINALIZED.append(p)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_ref_host_info_pos(kind: str, store: Any) -> None:
    obj = make(kind, store)
    assert fn(kind, "get_host_info")(obj) is None
    fn(kind, "set_host_info")(obj, 0x1234)
    assert fn(kind, "get_host_info")(obj) == 0x1234
    copy = fn(kind, "copy")(obj)
    assert fn(kind, "get_host_info")(copy) == 0x1234  # host info belongs to the entity
    fn(kind, "set_host_info")(copy, None)
    assert fn(kind, "get_host_info")(obj) is None
    fn(kind, "delete")(copy)
    fn(kind, "delete")(obj)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_ref_host_info_neg(kind: str) -> None:
    assert neg(fn(kind, "get_host_info"), None) is None
    assert void_neg(fn(kind, "set_host_info"), None, 0x99) is None  # on NULL: a no-op


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_ref_set_host_info_with_finalizer_pos(kind: str, engine: Any) -> None:
    own_store = ffi.wasm_store_new(engine)
    obj = make(kind, own_store)
    FINALIZED.clear()
    fn(kind, "set_host_info_with_finalizer")(obj, 0xABC, record_finalizer)
    assert fn(kind, "get_host_info")(obj) == 0xABC
    fn(kind, "delete")(obj)
    ffi.wasm_store_delete(own_store)  # store objects are finalized with their store
    assert FINALIZED == [0xABC]


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_ref_set_host_info_with_finalizer_neg(kind: str, store: Any) -> None:
    FINALIZED.clear()
    assert void_neg(fn(kind, "set_host_info_with_finalizer"), None, 0xDEF, record_finalizer) is None
    # A NULL finalizer (ctypes spells it wasm_finalizer()) is plain host info.
    obj = make(kind, store)
    neg(fn(kind, "set_host_info_with_finalizer"), obj, 0x77, ffi.wasm_finalizer())
    assert fn(kind, "get_host_info")(obj) == 0x77
    fn(kind, "delete")(obj)
    assert 0xDEF not in FINALIZED


# --- casts to and from wasm_ref_t ---------------------------------------------------------


@pytest.mark.parametrize("kind", CASTABLE)
@pytest.mark.parametrize("const", ["", "_const"])
def test_ref_casts_pos(kind: str, const: str, store: Any) -> None:
    obj = make(kind, store)
    ref = getattr(ffi, f"wasm_{kind}_as_ref{const}")(obj)
    assert not is_null(ref)
    back = getattr(ffi, f"wasm_ref_as_{kind}{const}")(ref)
    assert not is_null(back)
    assert fn(kind, "same")(back, obj)
    fn(kind, "delete")(obj)


@pytest.mark.parametrize("kind", CASTABLE)
@pytest.mark.parametrize("const", ["", "_const"])
def test_ref_casts_neg(kind: str, const: str, store: Any) -> None:
    assert is_null(neg(getattr(ffi, f"wasm_{kind}_as_ref{const}"), None))
    assert is_null(neg(getattr(ffi, f"wasm_ref_as_{kind}{const}"), None))
    # Wrong kind: a foreign object (or, for foreign itself, a memory) is not a <kind>.
    other = "memory" if kind == "foreign" else "foreign"
    if kind == "extern":
        other = "foreign"
    obj = make(other, store)
    ref = getattr(ffi, f"wasm_{other}_as_ref")(obj)
    assert is_null(neg(getattr(ffi, f"wasm_ref_as_{kind}{const}"), ref))
    fn(other, "delete")(obj)


def test_ref_as_extern_of_every_extern_kind(store: Any, module: Any) -> None:
    inst = Instance(store, module)
    for ext in inst.by_name.values():
        ref = ffi.wasm_extern_as_ref(ext)
        assert ffi.wasm_extern_same(ffi.wasm_ref_as_extern(ref), ext)
    inst.close()


# --- foreign objects ---------------------------------------------------------------------


def test_wasm_foreign_new_pos(store: Any) -> None:
    a, b = ffi.wasm_foreign_new(store), ffi.wasm_foreign_new(store)
    assert not is_null(a) and not is_null(b)
    assert not ffi.wasm_foreign_same(a, b)
    ffi.wasm_foreign_delete(a)
    ffi.wasm_foreign_delete(b)


def test_wasm_foreign_new_neg() -> None:
    result, error = new_error(ffi.wasm_foreign_new, None)
    assert is_null(result)
    assert error is not None and "NULL" in error
