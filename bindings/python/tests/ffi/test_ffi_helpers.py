"""The hand-written part of wacapi.ffi: inline helpers, conversions, WAMR helpers, __eq__/__repr__."""

from __future__ import annotations

import ctypes
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support import Instance, call, ffi, is_null

byref = ctypes.byref


# --- module surface ---------------------------------------------------------------------


def test_star_export_has_ctypes_binding_and_helpers() -> None:
    namespace: dict[str, Any] = {}
    exec("from wacapi.ffi import *", namespace)
    for name in ("c_int32", "POINTER", "byref", "CFUNCTYPE", "Structure"):  # ctypes
        assert name in namespace, name
    for name in ("wasm_engine_new", "wasm_val_t", "WASM_I32", "WASM_FUNCREF", "wasm_func_callback_t"):  # binding
        assert name in namespace, name
    for name in ("wasm_valtype_new_i32", "wasm_functype_new_3_2", "dereference", "wasm_vec_to_list", "WASM_ANYREF"):
        assert name in namespace, name
    assert not any(name.startswith("_") for name in namespace if name != "__builtins__")


def test_enum_values() -> None:
    assert (ffi.WASM_I32, ffi.WASM_I64, ffi.WASM_F32, ffi.WASM_F64) == (0, 1, 2, 3)
    assert (ffi.WASM_EXTERNREF, ffi.WASM_FUNCREF) == (128, 129)
    assert ffi.WASM_ANYREF == ffi.WASM_EXTERNREF
    assert (ffi.WASM_CONST, ffi.WASM_VAR) == (0, 1)
    assert (ffi.WASM_EXTERN_FUNC, ffi.WASM_EXTERN_GLOBAL, ffi.WASM_EXTERN_TABLE, ffi.WASM_EXTERN_MEMORY) == (0, 1, 2, 3)
    assert ffi.wasm_limits_max_default == 0xFFFFFFFF
    assert ffi.MEMORY_PAGE_SIZE == 65536


def test_import_wacapi_is_light() -> None:
    code = (
        "import sys, wacapi\n"
        "assert 'wacapi.ffi' not in sys.modules and 'wacapi.binding' not in sys.modules\n"
        "assert wacapi.ffi.wasm_engine_new is not None and 'wacapi.binding' in sys.modules\n"
        "assert isinstance(wacapi.__version__, str)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=_child_env())


def _child_env() -> dict[str, str]:
    import os

    import wacapi

    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(wacapi.__file__).parent.parent)
    return env


def test_wasm_name_aliases() -> None:
    name = ffi.wasm_byte_vec_t()
    ffi.wasm_name_new_new_uninitialized(byref(name), 2)
    assert name.size == 2
    ffi.wasm_name_delete(byref(name))
    ffi.wasm_name_new_empty(byref(name))
    ffi.wasm_name_new(byref(name), 3, b"abc")
    copy = ffi.wasm_byte_vec_t()
    ffi.wasm_name_copy(byref(copy), byref(name))
    assert str(copy) == "abc"
    ffi.wasm_name_delete(byref(name))
    ffi.wasm_name_delete(byref(copy))


# --- pointers (WAMR helpers) --------------------------------------------------------------


def test_dereference() -> None:
    limits = ffi.wasm_limits_new(1, 2)
    assert ffi.dereference(limits) == ffi.wasm_limits_t(1, 2)
    with pytest.raises(RuntimeError, match="not a pointer"):
        ffi.dereference(ffi.wasm_limits_t(1, 2))
    with pytest.raises(TypeError):
        ffi.dereference(42)
    with pytest.raises(ValueError):
        ffi.dereference(ffi.create_null_pointer(ffi.wasm_limits_t))


def test_null_pointers() -> None:
    p = ffi.create_null_pointer(ffi.wasm_trap_t)
    assert isinstance(p, ctypes.POINTER(ffi.wasm_trap_t))
    assert ffi.is_null_pointer(p)
    assert ffi.is_null_pointer(None) and ffi.is_null_pointer(0)
    assert ffi.is_null_pointer(ctypes.c_void_p()) and not ffi.is_null_pointer(ctypes.c_void_p(8))
    assert not ffi.is_null_pointer(ffi.wasm_limits_new(0))
    assert ffi.is_null_pointer(ffi.wasm_finalizer())
    for bad in (ffi.wasm_limits_t(), "x", 1.5, True):
        with pytest.raises(RuntimeError, match="not a pointer"):
            ffi.is_null_pointer(bad)


# --- vectors --------------------------------------------------------------------------------


def test_num_elems_alias() -> None:
    for vec_type in ffi.VEC_TYPES:
        vec = vec_type()
        vec.num_elems = 3
        assert vec.size == 3 and vec.num_elems == 3
        vec.size = 0
        assert vec.num_elems == 0


def test_wasm_vec_to_list() -> None:
    vec = ffi.wasm_byte_vec_new_from_bytes(b"hey")
    assert ffi.wasm_vec_to_list(vec) == [b"h", b"e", b"y"]
    assert ffi.wasm_vec_to_list(ctypes.pointer(vec)) == [b"h", b"e", b"y"]
    ffi.wasm_byte_vec_delete(byref(vec))
    assert ffi.wasm_vec_to_list(ffi.wasm_val_vec_t()) == []
    with pytest.raises(RuntimeError, match="not a known vector type"):
        ffi.wasm_vec_to_list(ffi.wasm_limits_t())
    with pytest.raises(ValueError):
        ffi.wasm_vec_to_list(ffi.create_null_pointer(ffi.wasm_val_vec_t))
    broken = ffi.wasm_valtype_vec_t()
    broken.size = 2  # size without data
    with pytest.raises(ValueError, match="NULL data"):
        ffi.wasm_vec_to_list(broken)


def test_list_to_carray() -> None:
    array = ffi.list_to_carray(ffi.wasm_val_t, ffi.wasm_i32_val(1), ffi.wasm_i32_val(2))
    assert len(array) == 2 and array[1] == ffi.wasm_i32_val(2)
    assert len(ffi.list_to_carray(ctypes.c_int)) == 0


def test_wasm_vec_new_from_list_and_delete() -> None:
    vals = ffi.wasm_vec_new_from_list(ffi.wasm_val_vec_t, [ffi.wasm_i64_val(i) for i in range(4)])
    assert [ffi.wasm_val_value(v) for v in ffi.wasm_vec_to_list(vals)] == [0, 1, 2, 3]
    ffi.wasm_vec_delete(vals)
    assert vals.size == 0
    types = ffi.wasm_vec_new_from_list(ffi.wasm_valtype_vec_t, [ffi.wasm_valtype_new_f32()])
    assert repr(types) == "wasm_valtype_vec_t([f32])"
    ffi.wasm_vec_delete(ctypes.pointer(types))
    empty = ffi.wasm_vec_new_from_list(ffi.wasm_extern_vec_t, [])
    assert empty.size == 0 and not empty.data
    with pytest.raises(TypeError):
        ffi.wasm_vec_new_from_list(ffi.wasm_limits_t, [])
    with pytest.raises(TypeError):
        ffi.wasm_vec_new_from_list(ffi.wasm_val_vec_t, b"bytes")
    with pytest.raises(TypeError):
        ffi.wasm_vec_delete(ffi.wasm_limits_t())


def test_byte_vectors_and_names() -> None:
    vec = ffi.wasm_byte_vec_new_from_bytes(bytearray(b"\x00\xffabc"))
    assert ffi.wasm_byte_vec_to_bytes(vec) == b"\x00\xffabc"
    assert ffi.wasm_byte_vec_to_bytes(ctypes.pointer(vec)) == b"\x00\xffabc"
    ffi.wasm_byte_vec_delete(byref(vec))
    assert ffi.wasm_byte_vec_to_bytes(ffi.wasm_byte_vec_t()) == b""
    with pytest.raises(TypeError):
        ffi.wasm_byte_vec_to_bytes(ffi.wasm_val_vec_t())
    text = ffi.wasm_byte_vec_new_from_bytes("\u00e9")  # str: its UTF-8 encoding
    assert ffi.wasm_byte_vec_to_bytes(text) == b"\xc3\xa9"
    ffi.wasm_byte_vec_delete(byref(text))
    with pytest.raises(TypeError):
        ffi.wasm_byte_vec_new_from_bytes(3)  # type: ignore[arg-type]
    name = ffi.wasm_name_new_from_string_nt("caf\u00e9")
    assert ffi.wasm_byte_vec_to_bytes(name) == "caf\u00e9\0".encode()
    assert ffi.wasm_name_to_str(name) == "caf\u00e9"  # the NUL is dropped
    ffi.wasm_name_delete(byref(name))


def test_wasm_name_new_from_string_forms() -> None:
    out = ffi.wasm_byte_vec_t()
    assert ffi.wasm_name_new_from_string(out, "abc") is None  # wasm.h form
    assert ffi.wasm_byte_vec_to_bytes(out) == b"abc"
    ffi.wasm_name_delete(byref(out))
    ptr = ctypes.pointer(ffi.wasm_byte_vec_t())
    ffi.wasm_name_new_from_string_nt(ptr, b"xy")
    assert ffi.wasm_byte_vec_to_bytes(ptr) == b"xy\0"
    ffi.wasm_name_delete(ptr)
    name = ffi.wasm_name_new_from_string("\u65e5\u672c")  # WAMR's form: returns the name
    assert str(name) == "\u65e5\u672c" and name.size == 6
    ffi.wasm_name_delete(byref(name))
    empty = ffi.wasm_name_new_from_string("")
    assert empty.size == 0
    with pytest.raises(TypeError):
        ffi.wasm_name_new_from_string(123)
    with pytest.raises(TypeError):
        ffi.wasm_name_new_from_string(ffi.wasm_val_vec_t(), "x")
    with pytest.raises(ValueError):
        ffi.wasm_name_new_from_string(ffi.create_null_pointer(ffi.wasm_byte_vec_t), "x")


def test_load_module_file(tmp_path: Path, module_wasm: bytes, store: Any) -> None:
    binary = ffi.load_module_file(module_wasm)
    assert ffi.wasm_byte_vec_to_bytes(binary) == module_wasm
    module = ffi.wasm_module_new(store, binary)
    assert not is_null(module)
    ffi.wasm_module_delete(module)
    ffi.wasm_byte_vec_delete(binary)
    path = tmp_path / "m.wasm"
    path.write_bytes(module_wasm)
    for where in (path, str(path)):
        binary = ffi.load_module_file(where)
        assert binary.size == len(module_wasm)
        ffi.wasm_byte_vec_delete(binary)
    with pytest.raises(FileNotFoundError):
        ffi.load_module_file(tmp_path / "missing.wasm")


def test_wat2wasm() -> None:
    assert ffi.wat2wasm("(module)") == b"\0asm\1\0\0\0"
    assert ffi.wat2wasm(b"(module)") == b"\0asm\1\0\0\0"
    with pytest.raises(ValueError, match="1:10"):
        ffi.wat2wasm("(module (bogus))")
    with pytest.raises(TypeError):
        ffi.wat2wasm(None)  # type: ignore[arg-type]


def test_last_error() -> None:
    ffi.wasm_valtype_new(99)
    assert ffi.last_error() == "wasm_valtype_new: 99 is not a value kind"


# --- value kinds and types ----------------------------------------------------------------


def test_valkind_predicates() -> None:
    for k in (ffi.WASM_I32, ffi.WASM_I64, ffi.WASM_F32, ffi.WASM_F64):
        assert ffi.wasm_valkind_is_num(k) and not ffi.wasm_valkind_is_ref(k)
    for k in (ffi.WASM_EXTERNREF, ffi.WASM_FUNCREF):
        assert ffi.wasm_valkind_is_ref(k) and not ffi.wasm_valkind_is_num(k)


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (ffi.wasm_valtype_new_i32, ffi.WASM_I32),
        (ffi.wasm_valtype_new_i64, ffi.WASM_I64),
        (ffi.wasm_valtype_new_f32, ffi.WASM_F32),
        (ffi.wasm_valtype_new_f64, ffi.WASM_F64),
        (ffi.wasm_valtype_new_externref, ffi.WASM_EXTERNREF),
        (ffi.wasm_valtype_new_funcref, ffi.WASM_FUNCREF),
    ],
)
def test_valtype_shorthands(make: Any, kind: int) -> None:
    vt = make()
    assert ffi.wasm_valtype_kind(vt) == kind
    assert ffi.wasm_valtype_is_num(vt) == (kind < 128)
    assert ffi.wasm_valtype_is_ref(vt) == (kind >= 128)
    assert ffi.wasm_valtype_is_num(vt.contents) == (kind < 128)  # a struct works too
    ffi.wasm_valtype_delete(vt)


@pytest.mark.parametrize("params", range(4))
@pytest.mark.parametrize("results", range(3))
def test_functype_shorthands(params: int, results: int) -> None:
    kinds = ["i32", "i64", "f32", "f64", "externref"]
    makers = [getattr(ffi, f"wasm_valtype_new_{k}") for k in kinds]
    p = [makers[i]() for i in range(params)]
    r = [makers[-1 - i]() for i in range(results)]
    ft = getattr(ffi, f"wasm_functype_new_{params}_{results}")(*p, *r)
    text = "(func"
    if params:
        text += " (param " + " ".join(kinds[:params]) + ")"
    if results:
        text += " (result " + " ".join(kinds[-1 - i] for i in range(results)) + ")"
    assert repr(ft.contents) == text + ")"
    ffi.wasm_functype_delete(ft)


def test_functype_shorthand_with_null_valtype() -> None:
    ft = ffi.wasm_functype_new_1_0(ffi.create_null_pointer(ffi.wasm_valtype_t))
    assert is_null(ft)


def test_wasm_limits_new() -> None:
    limits = ffi.wasm_limits_new(3)
    assert isinstance(limits, ctypes.POINTER(ffi.wasm_limits_t))
    assert (limits.contents.min, limits.contents.max) == (3, ffi.wasm_limits_max_default)
    assert ffi.wasm_limits_new(1, 2).contents == ffi.wasm_limits_t(1, 2)


# --- values ---------------------------------------------------------------------------------


def test_value_constructors() -> None:
    assert (ffi.wasm_i32_val(-5).kind, ffi.wasm_i32_val(-5).of.i32) == (ffi.WASM_I32, -5)
    assert ffi.wasm_i64_val(-(2**63)).of.i64 == -(2**63)
    assert ffi.wasm_f32_val(0.5).of.f32 == 0.5
    assert ffi.wasm_f64_val(1e300).of.f64 == 1e300
    assert ffi.wasm_val_value(ffi.wasm_i32_val(0xFFFFFFFF)) == -1  # wraps like C
    init = ffi.wasm_init_val()
    assert init.kind == ffi.WASM_EXTERNREF and not init.of.ref
    assert ffi.wasm_val_value(init) is None
    assert ffi.wasm_ref_val(None, ffi.WASM_FUNCREF).kind == ffi.WASM_FUNCREF
    with pytest.raises(ValueError):
        ffi.wasm_ref_val(None, ffi.WASM_I32)
    with pytest.raises(TypeError):
        ffi.wasm_ref_val(1234)
    with pytest.raises(TypeError):
        ffi.wasm_ref_val(ffi.wasm_limits_new(1))  # not a reference object
    assert not ffi.wasm_ref_val(ffi.create_null_pointer(ffi.wasm_func_t)).of.ref


def test_wasm_ref_val_of_any_reference_object(instance: Instance) -> None:
    func = instance.func("add")
    for ref in (func, ffi.wasm_func_as_ref(func), instance.by_name["add"]):
        value = ffi.wasm_ref_val(ref, ffi.WASM_FUNCREF)
        assert ffi.wasm_func_same(ffi.wasm_ref_as_func(value.of.ref), func)


def test_wasm_val_value() -> None:
    assert ffi.wasm_val_value(ffi.wasm_i64_val(7)) == 7
    assert ffi.wasm_val_value(ctypes.pointer(ffi.wasm_f32_val(1.5))) == 1.5
    assert ffi.wasm_val_value(ffi.wasm_f64_val(-0.0)) == 0.0
    bogus = ffi.wasm_val_t()
    bogus.kind = 42
    with pytest.raises(ValueError):
        ffi.wasm_val_value(bogus)
    with pytest.raises(TypeError):
        ffi.wasm_val_value(3)


def test_val_ptr_round_trip() -> None:
    val = ffi.wasm_val_t()
    buf = ctypes.create_string_buffer(8)
    for p, expected in (
        (None, None),
        (0, None),
        (0x1234, 0x1234),
        (ctypes.c_void_p(0xBEEF), 0xBEEF),
        (ctypes.pointer(ctypes.c_int(1)), None),
        (buf, ctypes.addressof(buf)),
    ):
        ffi.wasm_val_init_ptr(val, p)
        assert val.kind == (ffi.WASM_I64 if ctypes.sizeof(ctypes.c_void_p) == 8 else ffi.WASM_I32)
        got = ffi.wasm_val_ptr(val)
        if isinstance(p, ctypes._Pointer):
            assert got == ctypes.cast(p, ctypes.c_void_p).value
        else:
            assert got == expected
    ffi.wasm_val_init_ptr(ctypes.pointer(val), 0xFFFF_FFFF_FFFF_FFF0)
    assert ffi.wasm_val_ptr(ctypes.pointer(val)) == 0xFFFF_FFFF_FFFF_FFF0
    with pytest.raises(TypeError):
        ffi.wasm_val_init_ptr(val, "pointer")
    with pytest.raises(TypeError):
        ffi.wasm_val_ptr(ffi.wasm_limits_t())


# --- callbacks ------------------------------------------------------------------------------


def test_callback_decorators(store: Any) -> None:
    seen: list[Any] = []

    @ffi.wasm_func_with_env_cb_decl
    def with_env(env: Any, args: Any, results: Any) -> None:
        seen.append((env, ffi.wasm_vec_to_list(args.contents)))

    assert isinstance(with_env, ffi.wasm_func_callback_with_env_t)
    ft = ffi.wasm_functype_new_1_0(ffi.wasm_valtype_new_f32())
    func = ffi.wasm_func_new_with_env(store, ft, with_env, 77, ffi.wasm_finalizer())
    ffi.wasm_functype_delete(ft)
    trap, _ = call(func, ffi.wasm_f32_val(2.5), results=0)
    assert is_null(trap)
    assert seen == [(77, [ffi.wasm_f32_val(2.5)])]

    @ffi.wasm_func_with_env_cb_decl
    def fails(env: Any, args: Any, results: Any) -> None:
        raise KeyError("k")

    ft = ffi.wasm_functype_new_0_0()
    bad = ffi.wasm_func_new_with_env(store, ft, fails, None, ffi.wasm_finalizer())
    ffi.wasm_functype_delete(ft)
    trap, _ = call(bad, results=0)
    assert "KeyError" in ffi.trap_message(trap)
    ffi.wasm_trap_delete(trap)


def test_plain_callback_decorator_type() -> None:
    cb = ffi.wasm_func_cb_decl(lambda args, results: None)
    assert isinstance(cb, ffi.wasm_func_callback_t)
    assert cb(None, None) is None  # callable from Python too


# --- __eq__ and __repr__ ---------------------------------------------------------------------


def test_value_eq_and_repr() -> None:
    assert ffi.wasm_i32_val(1) == ffi.wasm_i32_val(1)
    assert ffi.wasm_i32_val(1) != ffi.wasm_i64_val(1)
    assert ffi.wasm_f64_val(math.nan) == ffi.wasm_f64_val(math.nan)  # same bits
    assert ffi.wasm_f32_val(0.0) != ffi.wasm_f32_val(-0.0)
    assert ffi.wasm_init_val() == ffi.wasm_ref_val(None)
    assert ffi.wasm_init_val() != ffi.wasm_ref_val(None, ffi.WASM_FUNCREF)
    assert (ffi.wasm_i32_val(1) == 1) is False
    assert repr(ffi.wasm_i32_val(-3)) == "(i32.const -3)"
    assert repr(ffi.wasm_f32_val(1.5)) == "(f32.const 1.5)"
    assert repr(ffi.wasm_f64_val(2.0)) == "(f64.const 2.0)"
    assert repr(ffi.wasm_ref_val(None, ffi.WASM_FUNCREF)) == "(ref.null func)"
    with pytest.raises(TypeError):
        hash(ffi.wasm_i32_val(1))


def test_struct_reprs(instance: Instance, store: Any) -> None:
    assert repr(ffi.wasm_limits_t(1, 2)) == "wasm_limits_t(min=1, max=2)"
    name = ffi.wasm_name_new_from_string("n")
    assert repr(name) == "wasm_byte_vec_t(b'n')" and str(name) == "n"
    ffi.wasm_name_delete(byref(name))
    assert repr(ffi.wasm_val_vec_t()) == "wasm_val_vec_t([])"
    assert repr(instance.func("add").contents) == "<wasm_func_t (func (param i32 i32) (result i32))>"
    assert repr(instance.global_("counter").contents) == "<wasm_global_t (global (mut i32)) = (i32.const 7)>"
    assert (
        repr(ffi.wasm_extern_as_table(instance.by_name["table"]).contents)
        == "<wasm_table_t (table 2 10 funcref) size 2>"
    )
    assert repr(ffi.wasm_extern_as_memory(instance.by_name["memory"]).contents) == "<wasm_memory_t (memory 1 3) size 1>"
    assert repr(instance.by_name["pi"].contents) == "<wasm_extern_t (global f64)>"
    assert repr(instance.instance.contents).startswith(
        "<wasm_instance_t exports: (func (param i32 i32) (result i32)), "
    )
    trap, _ = call(instance.func("boom"), results=0)
    assert repr(trap.contents).startswith("<wasm_trap_t '") and "unreachable" in repr(trap.contents)
    ffi.wasm_trap_delete(trap)
    foreign = ffi.wasm_foreign_new(store)
    assert repr(foreign.contents).startswith("<wasm_foreign_t at 0x")
    assert repr(ffi.wasm_foreign_as_ref(foreign).contents).startswith("<wasm_ref_t at 0x")
    ffi.wasm_foreign_delete(foreign)


def test_module_repr(module: Any) -> None:
    text = repr(module.contents)
    assert text.startswith('<wasm_module_t (module (import "env" "double" (func (param i32) (result i32))) ')
    assert '(export "memory" (memory 1 3))' in text


def test_type_equality() -> None:
    a = ffi.wasm_functype_new_1_1(ffi.wasm_valtype_new_i32(), ffi.wasm_valtype_new_i64())
    b = ffi.wasm_functype_new_1_1(ffi.wasm_valtype_new_i32(), ffi.wasm_valtype_new_i64())
    c = ffi.wasm_functype_new_1_1(ffi.wasm_valtype_new_i64(), ffi.wasm_valtype_new_i32())
    assert a.contents == b.contents and a.contents != c.contents
    assert ffi.wasm_functype_params(a).contents == ffi.wasm_functype_params(b).contents  # vectors too
    ea, ec = ffi.wasm_functype_as_externtype(a), ffi.wasm_functype_as_externtype(c)
    assert ea.contents == ffi.wasm_functype_as_externtype(b).contents and ea.contents != ec.contents
    assert (a.contents == ea.contents) is False  # different classes
    for ft in (a, b, c):
        ffi.wasm_functype_delete(ft)
    g1 = ffi.wasm_globaltype_new(ffi.wasm_valtype_new_i32(), ffi.WASM_VAR)
    g2 = ffi.wasm_globaltype_new(ffi.wasm_valtype_new_i32(), ffi.WASM_CONST)
    assert g1.contents != g2.contents
    assert repr(g2.contents) == "(global i32)"
    ffi.wasm_globaltype_delete(g1)
    ffi.wasm_globaltype_delete(g2)
    assert ffi.wasm_limits_t(1, 2) == ffi.wasm_limits_t(1, 2) != ffi.wasm_limits_t(1, 3)


def test_repr_never_raises() -> None:
    # A vector claiming elements it does not have: the repr says so instead of failing.
    broken = ffi.wasm_valtype_vec_t()
    broken.size = 3
    assert "NULL data" in repr(broken)
