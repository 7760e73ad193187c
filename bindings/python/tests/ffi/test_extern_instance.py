"""Externals (kinds, types, casts) and instances through the procedural binding."""

from __future__ import annotations

import ctypes
from typing import Any

import pytest

from support import (
    EXPORT_NAMES,
    Instance,
    compile_module,
    double_callback,
    ffi,
    is_null,
    neg,
    set_sentinel_error,
    void_neg,
)

byref = ctypes.byref

KINDS = {
    "func": ffi.WASM_EXTERN_FUNC,
    "global": ffi.WASM_EXTERN_GLOBAL,
    "table": ffi.WASM_EXTERN_TABLE,
    "memory": ffi.WASM_EXTERN_MEMORY,
}
SAMPLE_EXPORT = {"func": "add", "global": "counter", "table": "table", "memory": "memory"}


def test_wasm_extern_kind_pos(instance: Instance) -> None:
    kinds = [ffi.wasm_extern_kind(instance.by_name[n]) for n in EXPORT_NAMES]
    assert kinds == [KINDS["func"]] * 5 + [KINDS["global"]] * 2 + [KINDS["memory"], KINDS["table"]]


def test_wasm_extern_kind_neg() -> None:
    # Like the standard API, there is no "no kind" value: NULL gives 0 (WASM_EXTERN_FUNC).
    assert neg(ffi.wasm_extern_kind, None) == 0


def test_wasm_extern_type_pos(instance: Instance) -> None:
    et = ffi.wasm_extern_type(instance.by_name["call_double"])
    assert repr(et.contents) == "(func (param i32) (result i32))"
    ffi.wasm_externtype_delete(et)


def test_wasm_extern_type_neg() -> None:
    assert is_null(neg(ffi.wasm_extern_type, None))


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("const", ["", "_const"])
def test_extern_casts_pos(instance: Instance, kind: str, const: str) -> None:
    ext = instance.by_name[SAMPLE_EXPORT[kind]]
    specific = getattr(ffi, f"wasm_extern_as_{kind}{const}")(ext)
    assert not is_null(specific)
    back = getattr(ffi, f"wasm_{kind}_as_extern{const}")(specific)
    assert not is_null(back)
    assert ffi.wasm_extern_same(back, ext)
    assert ffi.wasm_extern_kind(back) == KINDS[kind]


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("const", ["", "_const"])
def test_extern_casts_neg(instance: Instance, kind: str, const: str) -> None:
    assert is_null(neg(getattr(ffi, f"wasm_extern_as_{kind}{const}"), None))
    assert is_null(neg(getattr(ffi, f"wasm_{kind}_as_extern{const}"), None))
    # Wrong kind: every other kind of export.
    for other, export in SAMPLE_EXPORT.items():
        if other != kind:
            assert is_null(neg(getattr(ffi, f"wasm_extern_as_{kind}{const}"), instance.by_name[export]))


# --- instances ------------------------------------------------------------------------


def test_wasm_instance_new_pos(store: Any, module: Any) -> None:
    inst = Instance(store, module)  # with its function and global imports
    assert len(inst.by_name) == len(EXPORT_NAMES)
    inst.close()


def test_wasm_instance_new_without_trap_out(store: Any) -> None:
    module = compile_module(store, ffi.wat2wasm("(module)"))
    empty = ffi.wasm_extern_vec_t()
    inst = ffi.wasm_instance_new(store, module, byref(empty), None)
    assert not is_null(inst)
    ffi.wasm_instance_delete(inst)
    ffi.wasm_module_delete(module)


def _instantiate(store: Any, module: Any, externs: list[Any] | None) -> tuple[Any, Any]:
    trap = ffi.create_null_pointer(ffi.wasm_trap_t)
    if externs is None:
        inst = neg(ffi.wasm_instance_new, store, module, None, byref(trap))
    else:
        vec = ffi.wasm_extern_vec_t()
        array = ffi.list_to_carray(ctypes.POINTER(ffi.wasm_extern_t), *externs)
        vec.size, vec.data = len(externs), array  # borrowed elements
        inst = neg(ffi.wasm_instance_new, store, module, byref(vec), byref(trap))
    return inst, trap


def test_wasm_instance_new_neg(store: Any, module: Any) -> None:
    good = Instance(store, module)
    double, base = ffi.wasm_func_as_extern(good.double), ffi.wasm_global_as_extern(good.base)
    cases: dict[str, tuple[Any, Any, list[Any] | None]] = {
        "null store": (None, module, [double, base]),
        "null module": (store, None, [double, base]),
        "null imports": (store, module, None),
        "missing import": (store, module, [double]),
        "wrong kinds": (store, module, [base, double]),
        "null import": (store, module, [double, None]),
    }
    for case, (s, m, externs) in cases.items():
        sentinel = set_sentinel_error()
        inst, trap = _instantiate(s, m, externs)
        assert is_null(inst), case
        assert ffi.last_error() != sentinel, case
        if not is_null(trap):
            ffi.wasm_trap_delete(trap)
    good.close()


def test_wasm_instance_new_extra_imports(store: Any, module: Any) -> None:
    # wacapi uses the first len(imports) externals and ignores any beyond them.
    good = Instance(store, module)
    double, base = ffi.wasm_func_as_extern(good.double), ffi.wasm_global_as_extern(good.base)
    inst, trap = _instantiate(store, module, [double, base, base])
    assert is_null(trap)
    if not is_null(inst):
        ffi.wasm_instance_delete(inst)
    good.close()


def test_wasm_instance_new_wrong_import_type(store: Any, module: Any) -> None:
    # A function of the wrong signature and a global of the wrong type.
    ft = ffi.wasm_functype_new_0_0()
    func = ffi.wasm_func_new(store, ft, double_callback)
    ffi.wasm_functype_delete(ft)
    gt = ffi.wasm_globaltype_new(ffi.wasm_valtype_new_i64(), ffi.WASM_CONST)
    glob = ffi.wasm_global_new(store, gt, byref(ffi.wasm_i64_val(1)))
    ffi.wasm_globaltype_delete(gt)
    inst, trap = _instantiate(store, module, [ffi.wasm_func_as_extern(func), ffi.wasm_global_as_extern(glob)])
    assert is_null(inst)
    if not is_null(trap):
        ffi.wasm_trap_delete(trap)
    ffi.wasm_func_delete(func)
    ffi.wasm_global_delete(glob)


def test_wasm_instance_new_start_function_traps(store: Any) -> None:
    module = compile_module(store, ffi.wat2wasm("(module (func $s unreachable) (start $s))"))
    inst, trap = _instantiate(store, module, [])
    assert is_null(inst)
    assert not is_null(trap)
    assert "unreachable" in ffi.trap_message(trap)
    ffi.wasm_trap_delete(trap)
    ffi.wasm_module_delete(module)


def test_wasm_instance_exports_pos(instance: Instance) -> None:
    out = ffi.wasm_extern_vec_t()
    ffi.wasm_instance_exports(instance.instance, byref(out))
    assert out.size == len(EXPORT_NAMES)
    assert out == instance.exports  # element by element: the same entities
    ffi.wasm_extern_vec_delete(byref(out))


def test_wasm_instance_exports_neg(instance: Instance) -> None:
    out = ffi.wasm_extern_vec_t()
    neg(ffi.wasm_instance_exports, None, byref(out))
    assert out.size == 0
    assert void_neg(ffi.wasm_instance_exports, instance.instance, None) is None  # nowhere to write: no-op
    ffi.wasm_instance_exports(instance.instance, byref(out))
    assert out.size == len(EXPORT_NAMES)  # the instance is unharmed
    ffi.wasm_extern_vec_delete(byref(out))
