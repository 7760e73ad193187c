"""Type objects: value, function, global, table, memory, extern, import and export types."""

from __future__ import annotations

import ctypes
from typing import Any, Callable

import pytest

from support import ffi, is_null, name, neg, void_neg

byref = ctypes.byref


def limits(lo: int, hi: int = 0xFFFFFFFF) -> Any:
    return ffi.wasm_limits_new(lo, hi)


# kind -> function making one owned type object of that kind
MAKERS: dict[str, Callable[[], Any]] = {
    "valtype": lambda: ffi.wasm_valtype_new_i64(),
    "functype": lambda: ffi.wasm_functype_new_2_1(
        ffi.wasm_valtype_new_i32(), ffi.wasm_valtype_new_externref(), ffi.wasm_valtype_new_f64()
    ),
    "globaltype": lambda: ffi.wasm_globaltype_new(ffi.wasm_valtype_new_f32(), ffi.WASM_VAR),
    "tabletype": lambda: ffi.wasm_tabletype_new(ffi.wasm_valtype_new_funcref(), limits(1, 9)),
    "memorytype": lambda: ffi.wasm_memorytype_new(limits(1, 2)),
    "externtype": lambda: ffi.wasm_memorytype_as_externtype(ffi.wasm_memorytype_new(limits(3))),
    "importtype": lambda: ffi.wasm_importtype_new(
        byref(name("env")), byref(name("mem")), ffi.wasm_memorytype_as_externtype(ffi.wasm_memorytype_new(limits(1)))
    ),
    "exporttype": lambda: ffi.wasm_exporttype_new(
        byref(name("run")), ffi.wasm_functype_as_externtype(ffi.wasm_functype_new_0_0())
    ),
}
TYPE_KINDS = sorted(MAKERS)
REPRS = {
    "valtype": "i64",
    "functype": "(func (param i32 externref) (result f64))",
    "globaltype": "(global (mut f32))",
    "tabletype": "(table 1 9 funcref)",
    "memorytype": "(memory 1 2)",
    "externtype": "(memory 3)",
    "importtype": '(import "env" "mem" (memory 1))',
    "exporttype": '(export "run" (func))',
}


def fn(kind: str, suffix: str) -> Any:
    return getattr(ffi, f"wasm_{kind}_{suffix}")


# --- delete and copy, for every type object --------------------------------


@pytest.mark.parametrize("kind", TYPE_KINDS)
def test_type_delete_pos(kind: str) -> None:
    obj = MAKERS[kind]()
    assert not is_null(obj), ffi.last_error()
    fn(kind, "delete")(obj)


@pytest.mark.parametrize("kind", TYPE_KINDS)
def test_type_delete_neg(kind: str) -> None:
    assert void_neg(fn(kind, "delete"), None) is None  # deleting NULL: a no-op, no error


@pytest.mark.parametrize("kind", TYPE_KINDS)
def test_type_copy_pos(kind: str) -> None:
    obj = MAKERS[kind]()
    copy = fn(kind, "copy")(obj)
    assert not is_null(copy)
    assert ctypes.addressof(copy.contents) != ctypes.addressof(obj.contents)
    assert copy.contents == obj.contents
    assert repr(copy.contents) == repr(obj.contents) == REPRS[kind]
    fn(kind, "delete")(obj)
    assert repr(copy.contents) == REPRS[kind]  # independent of the original
    fn(kind, "delete")(copy)


@pytest.mark.parametrize("kind", TYPE_KINDS)
def test_type_copy_neg(kind: str) -> None:
    assert is_null(neg(fn(kind, "copy"), None))


# --- value types -------------------------------------------------------------

KINDS = [ffi.WASM_I32, ffi.WASM_I64, ffi.WASM_F32, ffi.WASM_F64, ffi.WASM_EXTERNREF, ffi.WASM_FUNCREF]


@pytest.mark.parametrize("kind", KINDS)
def test_wasm_valtype_new_pos(kind: int) -> None:
    vt = ffi.wasm_valtype_new(kind)
    assert not is_null(vt)
    assert ffi.wasm_valtype_kind(vt) == kind
    ffi.wasm_valtype_delete(vt)


@pytest.mark.parametrize("kind", [5, 127, 130, 255])
def test_wasm_valtype_new_neg(kind: int) -> None:
    assert is_null(neg(ffi.wasm_valtype_new, kind))
    assert "not a value kind" in ffi.last_error()


def test_wasm_valtype_kind_pos() -> None:
    vt = ffi.wasm_valtype_new_funcref()
    assert ffi.wasm_valtype_kind(vt) == ffi.WASM_FUNCREF == 129
    ffi.wasm_valtype_delete(vt)


def test_wasm_valtype_kind_neg() -> None:
    assert neg(ffi.wasm_valtype_kind, None) == 0


# --- function types ------------------------------------------------------------


def test_wasm_functype_new_pos() -> None:
    params = ffi.wasm_vec_new_from_list(
        ffi.wasm_valtype_vec_t, [ffi.wasm_valtype_new_i32(), ffi.wasm_valtype_new_i64()]
    )
    results = ffi.wasm_valtype_vec_t()
    ffi.wasm_valtype_vec_new_empty(byref(results))
    ft = ffi.wasm_functype_new(byref(params), byref(results))
    assert not is_null(ft)
    # The function type took the vectors' contents.
    assert repr(ft.contents) == "(func (param i32 i64))"
    ffi.wasm_functype_delete(ft)


def test_wasm_functype_new_neg() -> None:
    # wacapi reads a NULL vector as an empty one.
    ft = neg(ffi.wasm_functype_new, None, None)
    assert repr(ft.contents) == "(func)"
    ffi.wasm_functype_delete(ft)
    # A NULL element is not a value type.
    holes = ffi.wasm_valtype_vec_t()
    ffi.wasm_valtype_vec_new_uninitialized(byref(holes), 2)
    none = ffi.wasm_valtype_vec_t()
    ffi.wasm_valtype_vec_new_empty(byref(none))
    assert is_null(neg(ffi.wasm_functype_new, byref(holes), byref(none)))
    assert "NULL" in ffi.last_error()
    ffi.wasm_valtype_vec_delete(byref(holes))
    ffi.wasm_valtype_vec_delete(byref(none))


def test_wasm_functype_params_results_pos() -> None:
    ft = MAKERS["functype"]()
    params = ffi.wasm_functype_params(ft)
    results = ffi.wasm_functype_results(ft)
    assert [ffi.wasm_valtype_kind(p) for p in ffi.wasm_vec_to_list(params)] == [ffi.WASM_I32, ffi.WASM_EXTERNREF]
    assert [ffi.wasm_valtype_kind(p) for p in ffi.wasm_vec_to_list(results)] == [ffi.WASM_F64]
    ffi.wasm_functype_delete(ft)


def test_wasm_functype_params_results_neg() -> None:
    assert is_null(neg(ffi.wasm_functype_params, None))
    assert is_null(neg(ffi.wasm_functype_results, None))


# --- global types --------------------------------------------------------------


@pytest.mark.parametrize("mutability", [ffi.WASM_CONST, ffi.WASM_VAR])
def test_wasm_globaltype_new_pos(mutability: int) -> None:
    gt = ffi.wasm_globaltype_new(ffi.wasm_valtype_new_externref(), mutability)
    assert not is_null(gt)
    assert ffi.wasm_globaltype_mutability(gt) == mutability
    assert ffi.wasm_valtype_kind(ffi.wasm_globaltype_content(gt)) == ffi.WASM_EXTERNREF
    ffi.wasm_globaltype_delete(gt)


def test_wasm_globaltype_new_neg() -> None:
    assert is_null(neg(ffi.wasm_globaltype_new, None, ffi.WASM_CONST))
    assert is_null(neg(ffi.wasm_globaltype_new, ffi.wasm_valtype_new_i32(), 2))  # not a mutability


def test_wasm_globaltype_content_mutability_pos() -> None:
    gt = MAKERS["globaltype"]()
    assert ffi.wasm_valtype_kind(ffi.wasm_globaltype_content(gt)) == ffi.WASM_F32
    assert ffi.wasm_globaltype_mutability(gt) == ffi.WASM_VAR
    ffi.wasm_globaltype_delete(gt)


def test_wasm_globaltype_content_mutability_neg() -> None:
    assert is_null(neg(ffi.wasm_globaltype_content, None))
    assert neg(ffi.wasm_globaltype_mutability, None) == ffi.WASM_CONST


# --- table types -----------------------------------------------------------------


def test_wasm_tabletype_new_pos() -> None:
    tt = ffi.wasm_tabletype_new(ffi.wasm_valtype_new_externref(), limits(0))
    assert not is_null(tt)
    lim = ffi.wasm_tabletype_limits(tt).contents
    assert (lim.min, lim.max) == (0, ffi.wasm_limits_max_default)
    assert ffi.wasm_valtype_kind(ffi.wasm_tabletype_element(tt)) == ffi.WASM_EXTERNREF
    ffi.wasm_tabletype_delete(tt)


def test_wasm_tabletype_new_neg() -> None:
    assert is_null(neg(ffi.wasm_tabletype_new, None, limits(1)))
    assert is_null(neg(ffi.wasm_tabletype_new, ffi.wasm_valtype_new_funcref(), None))
    # Wrong kind: tables hold references only.
    assert is_null(neg(ffi.wasm_tabletype_new, ffi.wasm_valtype_new_i32(), limits(1)))
    assert "funcref or externref" in ffi.last_error()


def test_wasm_tabletype_element_limits_pos() -> None:
    tt = MAKERS["tabletype"]()
    assert ffi.wasm_valtype_kind(ffi.wasm_tabletype_element(tt)) == ffi.WASM_FUNCREF
    assert ffi.wasm_tabletype_limits(tt).contents == ffi.wasm_limits_t(1, 9)
    ffi.wasm_tabletype_delete(tt)


def test_wasm_tabletype_element_limits_neg() -> None:
    assert is_null(neg(ffi.wasm_tabletype_element, None))
    assert is_null(neg(ffi.wasm_tabletype_limits, None))


# --- memory types ----------------------------------------------------------------


def test_wasm_memorytype_new_pos() -> None:
    mt = ffi.wasm_memorytype_new(limits(1, 65536))
    assert not is_null(mt)
    assert ffi.wasm_memorytype_limits(mt).contents == ffi.wasm_limits_t(1, 65536)
    ffi.wasm_memorytype_delete(mt)


def test_wasm_memorytype_new_neg() -> None:
    assert is_null(neg(ffi.wasm_memorytype_new, None))
    assert "limits is NULL" in ffi.last_error()
    # Limits are only checked when a memory is made (see test_memory.py).


def test_wasm_memorytype_limits_pos() -> None:
    mt = MAKERS["memorytype"]()
    lim = ffi.wasm_memorytype_limits(mt).contents
    assert (lim.min, lim.max) == (1, 2)
    ffi.wasm_memorytype_delete(mt)


def test_wasm_memorytype_limits_neg() -> None:
    assert is_null(neg(ffi.wasm_memorytype_limits, None))


# --- extern types and the casts ------------------------------------------------------

SPECIFIC = {
    "functype": (ffi.WASM_EXTERN_FUNC, lambda: MAKERS["functype"]()),
    "globaltype": (ffi.WASM_EXTERN_GLOBAL, lambda: MAKERS["globaltype"]()),
    "tabletype": (ffi.WASM_EXTERN_TABLE, lambda: MAKERS["tabletype"]()),
    "memorytype": (ffi.WASM_EXTERN_MEMORY, lambda: MAKERS["memorytype"]()),
}


@pytest.mark.parametrize("kind", sorted(SPECIFIC))
@pytest.mark.parametrize("const", ["", "_const"])
def test_externtype_casts_pos(kind: str, const: str) -> None:
    externkind, make = SPECIFIC[kind]
    obj = make()
    up = getattr(ffi, f"wasm_{kind}_as_externtype{const}")(obj)
    assert not is_null(up)
    # The same object, seen as an extern type.
    assert ctypes.addressof(up.contents) == ctypes.addressof(obj.contents)
    assert ffi.wasm_externtype_kind(up) == externkind
    down = getattr(ffi, f"wasm_externtype_as_{kind}{const}")(up)
    assert ctypes.addressof(down.contents) == ctypes.addressof(obj.contents)
    assert repr(up.contents) == repr(obj.contents)
    getattr(ffi, f"wasm_{kind}_delete")(obj)


@pytest.mark.parametrize("kind", sorted(SPECIFIC))
@pytest.mark.parametrize("const", ["", "_const"])
def test_externtype_casts_neg(kind: str, const: str) -> None:
    assert is_null(neg(getattr(ffi, f"wasm_{kind}_as_externtype{const}"), None))
    assert is_null(neg(getattr(ffi, f"wasm_externtype_as_{kind}{const}"), None))
    # Wrong kind: a downcast to another kind gives NULL.
    other = "memorytype" if kind != "memorytype" else "functype"
    obj = SPECIFIC[other][1]()
    ext = getattr(ffi, f"wasm_{other}_as_externtype")(obj)
    assert is_null(neg(getattr(ffi, f"wasm_externtype_as_{kind}{const}"), ext))
    ffi.wasm_externtype_delete(ext)


def test_wasm_externtype_kind_pos() -> None:
    for kind, (externkind, make) in SPECIFIC.items():
        obj = make()
        ext = getattr(ffi, f"wasm_{kind}_as_externtype")(obj)
        assert ffi.wasm_externtype_kind(ext) == externkind
        ffi.wasm_externtype_delete(ext)


def test_wasm_externtype_kind_neg() -> None:
    neg(ffi.wasm_externtype_kind, None)
    assert ffi.last_error()


# --- import and export types -------------------------------------------------------------


def test_wasm_importtype_new_pos() -> None:
    it = MAKERS["importtype"]()
    assert not is_null(it)
    assert ffi.wasm_byte_vec_to_bytes(ffi.wasm_importtype_module(it)) == b"env"
    assert ffi.wasm_byte_vec_to_bytes(ffi.wasm_importtype_name(it)) == b"mem"
    assert ffi.wasm_externtype_kind(ffi.wasm_importtype_type(it)) == ffi.WASM_EXTERN_MEMORY
    ffi.wasm_importtype_delete(it)


def test_wasm_importtype_new_neg() -> None:
    ext = lambda: ffi.wasm_memorytype_as_externtype(ffi.wasm_memorytype_new(limits(1)))  # noqa: E731
    assert is_null(neg(ffi.wasm_importtype_new, None, byref(name("n")), ext()))
    assert is_null(neg(ffi.wasm_importtype_new, byref(name("m")), None, ext()))
    assert is_null(neg(ffi.wasm_importtype_new, byref(name("m")), byref(name("n")), None))


def test_wasm_importtype_accessors_neg() -> None:
    assert is_null(neg(ffi.wasm_importtype_module, None))
    assert is_null(neg(ffi.wasm_importtype_name, None))
    assert is_null(neg(ffi.wasm_importtype_type, None))


def test_wasm_importtype_accessors_pos() -> None:
    it = ffi.wasm_importtype_new(
        byref(name("wasi_snapshot_preview1")),
        byref(name("fd_write")),
        ffi.wasm_functype_as_externtype(ffi.wasm_functype_new_0_0()),
    )
    assert ffi.wasm_name_to_str(ffi.wasm_importtype_module(it)) == "wasi_snapshot_preview1"
    assert ffi.wasm_name_to_str(ffi.wasm_importtype_name(it)) == "fd_write"
    assert repr(ffi.wasm_importtype_type(it).contents) == "(func)"
    ffi.wasm_importtype_delete(it)


def test_wasm_exporttype_new_pos() -> None:
    et = MAKERS["exporttype"]()
    assert not is_null(et)
    assert ffi.wasm_name_to_str(ffi.wasm_exporttype_name(et)) == "run"
    assert ffi.wasm_externtype_kind(ffi.wasm_exporttype_type(et)) == ffi.WASM_EXTERN_FUNC
    ffi.wasm_exporttype_delete(et)


def test_wasm_exporttype_new_neg() -> None:
    ext = ffi.wasm_functype_as_externtype(ffi.wasm_functype_new_0_0())
    assert is_null(neg(ffi.wasm_exporttype_new, None, ext))
    assert is_null(neg(ffi.wasm_exporttype_new, byref(name("x")), None))


def test_wasm_exporttype_accessors_pos() -> None:
    et = ffi.wasm_exporttype_new(byref(name("\u00e9t\u00e9")), ffi.wasm_tabletype_as_externtype(MAKERS["tabletype"]()))
    assert ffi.wasm_name_to_str(ffi.wasm_exporttype_name(et)) == "\u00e9t\u00e9"
    assert repr(ffi.wasm_exporttype_type(et).contents) == "(table 1 9 funcref)"
    ffi.wasm_exporttype_delete(et)


def test_wasm_exporttype_accessors_neg() -> None:
    assert is_null(neg(ffi.wasm_exporttype_name, None))
    assert is_null(neg(ffi.wasm_exporttype_type, None))
