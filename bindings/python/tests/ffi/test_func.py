"""Functions: host functions (with and without env), types, arities and calls."""

from __future__ import annotations

import ctypes
import math
from typing import Any

import pytest

from support import Instance, call, ffi, is_null, neg

byref = ctypes.byref


def i32_to_i32() -> Any:
    return ffi.wasm_functype_new_1_1(ffi.wasm_valtype_new_i32(), ffi.wasm_valtype_new_i32())


@ffi.wasm_func_cb_decl
def negate(args: Any, results: Any) -> None:
    results.contents.data[0] = ffi.wasm_i32_val(-args.contents.data[0].of.i32)


SEEN_ENV: list[int | None] = []
FINALIZED: list[int | None] = []


@ffi.wasm_func_with_env_cb_decl
def add_env(env: int | None, args: Any, results: Any) -> None:
    SEEN_ENV.append(env)
    results.contents.data[0] = ffi.wasm_i32_val(args.contents.data[0].of.i32 + (env or 0))


@ffi.wasm_finalizer
def finalize(env: int | None) -> None:
    FINALIZED.append(env)


# --- wasm_func_new ------------------------------------------------------------------


def test_wasm_func_new_pos(store: Any) -> None:
    ft = i32_to_i32()
    func = ffi.wasm_func_new(store, ft, negate)
    ffi.wasm_functype_delete(ft)  # the function keeps a copy
    assert not is_null(func)
    trap, values = call(func, ffi.wasm_i32_val(42))
    assert is_null(trap) and values == [-42]
    ffi.wasm_func_delete(func)


def test_wasm_func_new_neg(store: Any) -> None:
    ft = i32_to_i32()
    assert is_null(neg(ffi.wasm_func_new, None, ft, negate))
    assert is_null(neg(ffi.wasm_func_new, store, None, negate))
    assert is_null(neg(ffi.wasm_func_new, store, ft, ffi.wasm_func_callback_t()))  # NULL callback
    assert "callback is NULL" in ffi.last_error()
    ffi.wasm_functype_delete(ft)


def test_wasm_func_new_with_env_pos(engine: Any) -> None:
    store = ffi.wasm_store_new(engine)
    ft = i32_to_i32()
    SEEN_ENV.clear()
    FINALIZED.clear()
    func = ffi.wasm_func_new_with_env(store, ft, add_env, 1000, finalize)
    ffi.wasm_functype_delete(ft)
    trap, values = call(func, ffi.wasm_i32_val(5))
    assert is_null(trap) and values == [1005]
    assert SEEN_ENV == [1000]
    ffi.wasm_func_delete(func)
    assert FINALIZED == []
    ffi.wasm_store_delete(store)  # the finalizer runs with the store
    assert FINALIZED == [1000]


def test_wasm_func_new_with_env_neg(store: Any) -> None:
    ft = i32_to_i32()
    FINALIZED.clear()
    assert is_null(neg(ffi.wasm_func_new_with_env, None, ft, add_env, 1, finalize))
    assert is_null(neg(ffi.wasm_func_new_with_env, store, None, add_env, 2, finalize))
    null_cb = ffi.wasm_func_callback_with_env_t()
    assert is_null(neg(ffi.wasm_func_new_with_env, store, ft, null_cb, 3, ffi.wasm_finalizer()))
    # NULL env and finalizer are fine.
    func = neg(ffi.wasm_func_new_with_env, store, ft, add_env, None, ffi.wasm_finalizer())
    assert not is_null(func)
    assert call(func, ffi.wasm_i32_val(1))[1] == [1]
    ffi.wasm_func_delete(func)
    ffi.wasm_functype_delete(ft)


# --- type and arities ------------------------------------------------------------------


def test_wasm_func_type_pos(instance: Instance) -> None:
    ft = ffi.wasm_func_type(instance.func("mixed"))
    assert repr(ft.contents) == "(func (param i64 f32 f64) (result f64 i64))"
    ffi.wasm_functype_delete(ft)


def test_wasm_func_type_neg() -> None:
    assert is_null(neg(ffi.wasm_func_type, None))


def test_wasm_func_arity_pos(instance: Instance) -> None:
    assert ffi.wasm_func_param_arity(instance.func("mixed")) == 3
    assert ffi.wasm_func_result_arity(instance.func("mixed")) == 2
    assert ffi.wasm_func_param_arity(instance.func("boom")) == 0
    assert ffi.wasm_func_result_arity(instance.func("boom")) == 0


def test_wasm_func_arity_neg() -> None:
    assert neg(ffi.wasm_func_param_arity, None) == 0
    assert neg(ffi.wasm_func_result_arity, None) == 0


# --- calls -------------------------------------------------------------------------


def test_wasm_func_call_pos(instance: Instance) -> None:
    trap, values = call(instance.func("add"), ffi.wasm_i32_val(2), ffi.wasm_i32_val(40))
    assert is_null(trap) and values == [42]
    # Through the imported host function and global: 21 * 2 + 100.
    trap, values = call(instance.func("call_double"), ffi.wasm_i32_val(21))
    assert is_null(trap) and values == [142]
    trap, values = call(
        instance.func("mixed"), ffi.wasm_i64_val(-(2**40)), ffi.wasm_f32_val(0.5), ffi.wasm_f64_val(1.25), results=2
    )
    assert is_null(trap) and values == [1.75, -(2**40)]
    # call_indirect through the table's element 0 ($add)
    trap, values = call(instance.func("call_indirect"), *(ffi.wasm_i32_val(v) for v in (3, 4, 0)))
    assert is_null(trap) and values == [7]


def test_wasm_func_call_traps(instance: Instance) -> None:
    trap, _ = call(instance.func("boom"), results=0)
    assert not is_null(trap)
    assert "unreachable" in ffi.trap_message(trap)
    ffi.wasm_trap_delete(trap)
    trap, _ = call(instance.func("call_indirect"), *(ffi.wasm_i32_val(v) for v in (3, 4, 1)))
    assert not is_null(trap)  # element 1 is null
    ffi.wasm_trap_delete(trap)


def _call_raw(func: Any, args: Any, results: Any) -> Any:
    return neg(ffi.wasm_func_call, func, args, results)


@pytest.mark.parametrize(
    "case",
    ["null func", "too few args", "too many args", "wrong kind", "null args", "too few results", "null results"],
)
def test_wasm_func_call_neg(instance: Instance, case: str) -> None:
    func = instance.func("add")
    args_list = [ffi.wasm_i32_val(1), ffi.wasm_i32_val(2)]
    nresults = 1
    if case == "too few args":
        args_list = args_list[:1]
    elif case == "too many args":
        args_list.append(ffi.wasm_i32_val(3))
    elif case == "wrong kind":
        args_list[1] = ffi.wasm_f64_val(2.0)
    elif case == "too few results":
        nresults = 0
    args = ffi.wasm_vec_new_from_list(ffi.wasm_val_vec_t, args_list)
    results = ffi.wasm_val_vec_t()
    ffi.wasm_val_vec_new_uninitialized(byref(results), nresults)
    trap = _call_raw(
        None if case == "null func" else func,
        None if case == "null args" else byref(args),
        None if case == "null results" else byref(results),
    )
    assert not is_null(trap), case
    assert ffi.trap_message(trap)
    ffi.wasm_trap_delete(trap)
    ffi.wasm_val_vec_delete(byref(args))
    ffi.wasm_val_vec_delete(byref(results))


@ffi.wasm_func_cb_decl
def raising(args: Any, results: Any) -> None:
    raise ValueError("no thanks")


@ffi.wasm_func_cb_decl
def returns_message(args: Any, results: Any) -> str:
    return "stop right there"


def test_host_callback_exception_becomes_trap(store: Any) -> None:
    ft = ffi.wasm_functype_new_0_0()
    for cb, text in ((raising, "ValueError: no thanks"), (returns_message, "stop right there")):
        func = ffi.wasm_func_new(store, ft, cb)
        trap, _ = call(func, results=0)
        assert not is_null(trap)
        assert text in ffi.trap_message(trap)
        ffi.wasm_trap_delete(trap)
        ffi.wasm_func_delete(func)
    ffi.wasm_functype_delete(ft)


@pytest.mark.parametrize("returned", [True, 1.5, b"bytes", ["list"]])
def test_host_callback_bad_return_becomes_trap(store: Any, returned: Any) -> None:
    @ffi.wasm_func_cb_decl
    def bad(args: Any, results: Any) -> Any:
        return returned

    ft = ffi.wasm_functype_new_0_0()
    func = ffi.wasm_func_new(store, ft, bad)
    ffi.wasm_functype_delete(ft)
    trap, _ = call(func, results=0)
    assert not is_null(trap)
    assert "a host callback returns None, a wasm_trap_t pointer or a message" in ffi.trap_message(trap)
    ffi.wasm_trap_delete(trap)
    ffi.wasm_func_delete(func)


def test_host_callback_returns_trap(store: Any) -> None:
    @ffi.wasm_func_cb_decl
    def make_trap(args: Any, results: Any) -> Any:
        msg = ffi.wasm_name_new_from_string_nt("from the host")
        trap = ffi.wasm_trap_new(store, byref(msg))
        ffi.wasm_byte_vec_delete(byref(msg))
        return trap

    ft = ffi.wasm_functype_new_0_0()
    func = ffi.wasm_func_new(store, ft, make_trap)
    ffi.wasm_functype_delete(ft)
    trap, _ = call(func, results=0)
    assert ffi.trap_message(trap) == "from the host"
    ffi.wasm_trap_delete(trap)
    ffi.wasm_func_delete(func)


def test_float_values_round_trip(store: Any) -> None:
    @ffi.wasm_func_cb_decl
    def identity(args: Any, results: Any) -> None:
        ffi.wasm_val_copy(byref(results.contents.data[0]), byref(args.contents.data[0]))

    ft = ffi.wasm_functype_new_1_1(ffi.wasm_valtype_new_f64(), ffi.wasm_valtype_new_f64())
    func = ffi.wasm_func_new(store, ft, identity)
    ffi.wasm_functype_delete(ft)
    for x in (0.0, -0.0, 1e308, math.inf, -math.inf):
        assert call(func, ffi.wasm_f64_val(x))[1] == [x]
    assert math.isnan(call(func, ffi.wasm_f64_val(math.nan))[1][0])
    ffi.wasm_func_delete(func)
