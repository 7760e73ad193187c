"""The wacapi extensions of wacapi.h: fuel, memory cap, linker and WASI configuration.

Every function gets a call with valid input and one with bad input (NULL, wrong kind,
bad values); none of them may crash.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pytest

from support import byte_vec_text, compile_module, ffi, is_null, name, neg, new_error, void_neg

# A WASI guest written by hand: prints argv[1] (or "none") and an env var check, then exits 7.
WASI_WAT = r"""
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wasi\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 16))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $proc_exit (i32.const 7))))
"""

LOOP_WAT = '(module (func (export "spin") (loop (br 0))))'
GROW_WAT = """
(module (memory (export "m") 1)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
"""
HOST_IMPORT_WAT = """
(module (import "host" "f" (func (result i32))) (func (export "g") (result i32) (call 0)))
"""


@pytest.fixture()
def fuel_store() -> Iterator[Any]:
    config = ffi.wasm_config_new()
    ffi.wacapi_config_consume_fuel(config, True)
    engine = ffi.wasm_engine_new_with_config(config)
    store = ffi.wasm_store_new(engine)
    yield store
    ffi.wasm_store_delete(store)
    ffi.wasm_engine_delete(engine)


def test_wacapi_config_consume_fuel_pos(fuel_store: Any) -> None:
    assert ffi.wacapi_store_set_fuel(fuel_store, 1000)


def test_wacapi_config_consume_fuel_neg() -> None:
    assert void_neg(ffi.wacapi_config_consume_fuel, None, True) == "wacapi_config_consume_fuel: config is NULL"


def test_wacapi_store_fuel_pos(fuel_store: Any) -> None:
    assert ffi.wacapi_store_set_fuel(fuel_store, 12345)
    out = ctypes.c_uint64()
    assert ffi.wacapi_store_get_fuel(fuel_store, ctypes.byref(out))
    assert out.value == 12345


def test_wacapi_store_fuel_runs_out(fuel_store: Any) -> None:
    module = compile_module(fuel_store, ffi.wat2wasm(LOOP_WAT))
    instance = ffi.wasm_instance_new(fuel_store, module, None, None)
    exports = ffi.wasm_extern_vec_t()
    ffi.wasm_instance_exports(instance, ctypes.byref(exports))
    assert ffi.wacapi_store_set_fuel(fuel_store, 10_000)
    empty = ffi.wasm_val_vec_t()
    trap = ffi.wasm_func_call(ffi.wasm_extern_as_func(exports.data[0]), ctypes.byref(empty), ctypes.byref(empty))
    assert not is_null(trap)
    message = ffi.wasm_byte_vec_t()
    ffi.wasm_trap_message(trap, ctypes.byref(message))
    assert "all fuel consumed" in byte_vec_text(message)
    ffi.wasm_byte_vec_delete(ctypes.byref(message))
    ffi.wasm_trap_delete(trap)
    ffi.wasm_extern_vec_delete(ctypes.byref(exports))
    ffi.wasm_instance_delete(instance)
    ffi.wasm_module_delete(module)


def test_wacapi_store_fuel_neg(store: Any) -> None:
    # Fuel is off in the default engine: refused with a message, never a crash.
    ok, message = new_error(ffi.wacapi_store_set_fuel, store, 10)
    assert not ok and message
    out = ctypes.c_uint64()
    assert not neg(ffi.wacapi_store_get_fuel, store, ctypes.byref(out))
    assert not neg(ffi.wacapi_store_set_fuel, None, 10)
    assert not neg(ffi.wacapi_store_get_fuel, None, ctypes.byref(out))


def test_wacapi_store_set_max_memory_pos(store: Any) -> None:
    ffi.wacapi_store_set_max_memory(store, 2 * 65536)
    module = compile_module(store, ffi.wat2wasm(GROW_WAT))
    instance = ffi.wasm_instance_new(store, module, None, None)
    exports = ffi.wasm_extern_vec_t()
    ffi.wasm_instance_exports(instance, ctypes.byref(exports))
    memory = ffi.wasm_extern_as_memory(exports.data[0])
    assert ffi.wasm_memory_grow(memory, 1)
    assert not ffi.wasm_memory_grow(memory, 1)  # past the cap: an ordinary grow failure
    ffi.wasm_extern_vec_delete(ctypes.byref(exports))
    ffi.wasm_instance_delete(instance)
    ffi.wasm_module_delete(module)


def test_wacapi_store_set_max_memory_neg() -> None:
    assert void_neg(ffi.wacapi_store_set_max_memory, None, 65536) == "wacapi_store_set_max_memory: store is NULL"


def _grow_memory_export(store: Any) -> tuple[Any, Any, Any]:
    """(module, instance, memory) of GROW_WAT; the caller deletes the module and instance."""
    module = compile_module(store, ffi.wat2wasm(GROW_WAT))
    instance = ffi.wasm_instance_new(store, module, None, None)
    assert not is_null(instance), ffi.last_error()
    exports = ffi.wasm_extern_vec_t()
    ffi.wasm_instance_exports(instance, ctypes.byref(exports))
    memory = ffi.wasm_memory_copy(ffi.wasm_extern_as_memory(exports.data[0]))
    ffi.wasm_extern_vec_delete(ctypes.byref(exports))
    return module, instance, memory


def test_wacapi_store_set_memory_grow_hook_pos(store: Any) -> None:
    calls: list[tuple[int, int]] = []
    allow = [True]

    @ffi.wacapi_memory_grow_hook_t
    def hook(env: Any, current: int, desired: int) -> bool:
        assert env == 1234
        calls.append((current, desired))
        return allow[0]

    ffi.wacapi_store_set_memory_grow_hook(store, hook, 1234)
    module, instance, memory = _grow_memory_export(store)
    assert calls == [(0, 65536)]  # the memory's initial size, at instantiation
    assert ffi.wasm_memory_grow(memory, 1)
    allow[0] = False
    assert not ffi.wasm_memory_grow(memory, 1)  # refused: an ordinary failed growth
    assert calls[1:] == [(65536, 131072), (131072, 196608)]
    assert ffi.wasm_memory_size(memory) == 2
    # Removed by a NULL hook (ctypes takes no None for a function pointer argument:
    # an instance made without a callable is NULL).
    ffi.wacapi_store_set_memory_grow_hook(store, ffi.wacapi_memory_grow_hook_t(), None)
    assert ffi.wasm_memory_grow(memory, 1) and len(calls) == 3
    ffi.wasm_memory_delete(memory)
    ffi.wasm_instance_delete(instance)
    ffi.wasm_module_delete(module)


def test_wacapi_store_set_memory_grow_hook_neg(store: Any) -> None:
    hook = ffi.wacapi_memory_grow_hook_t(lambda env, current, desired: True)
    _, message = new_error(ffi.wacapi_store_set_memory_grow_hook, None, hook, None)
    assert message is not None and "store is NULL" in message
    # The first hook of a store cannot be installed from inside its host callback.
    seen: list[str | None] = []

    @ffi.wasm_func_cb_decl
    def callback(args: Any, results: Any) -> None:
        seen.append(new_error(ffi.wacapi_store_set_memory_grow_hook, store, hook, None)[1])

    ft = ffi.wasm_functype_new_0_0()
    func = ffi.wasm_func_new(store, ft, callback)
    ffi.wasm_functype_delete(ft)
    args, results = ffi.wasm_val_vec_t(), ffi.wasm_val_vec_t()
    trap = ffi.wasm_func_call(func, ctypes.byref(args), ctypes.byref(results))
    assert is_null(trap)
    assert len(seen) == 1 and seen[0] is not None and "inside a host callback" in seen[0]
    ffi.wasm_func_delete(func)


def test_wacapi_linker_new_delete_pos(store: Any) -> None:
    linker = ffi.wacapi_linker_new(store)
    assert not is_null(linker)
    ffi.wacapi_linker_allow_shadowing(linker, True)
    ffi.wacapi_linker_delete(linker)


def test_wacapi_linker_new_delete_neg() -> None:
    assert is_null(neg(ffi.wacapi_linker_new, None))
    assert void_neg(ffi.wacapi_linker_delete, None) is None  # deleting NULL: a no-op, no error
    assert void_neg(ffi.wacapi_linker_allow_shadowing, None, True) == "wacapi_linker_allow_shadowing: linker is NULL"


@ffi.wasm_func_cb_decl
def _forty_two(args: Any, results: Any) -> None:
    results.contents.data[0] = ffi.wasm_i32_val(42)


def test_wacapi_linker_define_get_instantiate_pos(store: Any) -> None:
    linker = ffi.wacapi_linker_new(store)
    ft = ffi.wasm_functype_new_0_1(ffi.wasm_valtype_new_i32())
    func = ffi.wasm_func_new(store, ft, _forty_two)
    ffi.wasm_functype_delete(ft)
    module_name, field = name("host"), name("f")
    item = ffi.wasm_func_as_extern(func)
    assert ffi.wacapi_linker_define(linker, ctypes.byref(module_name), ctypes.byref(field), item)
    got = ffi.wacapi_linker_get(linker, ctypes.byref(module_name), ctypes.byref(field))
    assert not is_null(got) and ffi.wasm_extern_same(got, ffi.wasm_func_as_extern(func))
    ffi.wasm_extern_delete(got)
    module = compile_module(store, ffi.wat2wasm(HOST_IMPORT_WAT))
    trap = ffi.create_null_pointer(ffi.wasm_trap_t)
    instance = ffi.wacapi_linker_instantiate(linker, module, ctypes.byref(trap))
    assert not is_null(instance), ffi.last_error()
    other = ffi.wacapi_linker_new(store)
    inst_name = name("inst")
    assert ffi.wacapi_linker_define_instance(other, ctypes.byref(inst_name), instance)
    g = name("g")
    export = ffi.wacapi_linker_get(other, ctypes.byref(inst_name), ctypes.byref(g))
    assert not is_null(export)
    ffi.wasm_extern_delete(export)
    for vec in (module_name, field, inst_name, g):
        ffi.wasm_byte_vec_delete(ctypes.byref(vec))
    ffi.wasm_instance_delete(instance)
    ffi.wasm_module_delete(module)
    ffi.wasm_func_delete(func)
    ffi.wacapi_linker_delete(other)
    ffi.wacapi_linker_delete(linker)


def test_wacapi_linker_define_get_instantiate_neg(store: Any) -> None:
    linker = ffi.wacapi_linker_new(store)
    a, b = name("host"), name("f")
    assert not neg(ffi.wacapi_linker_define, linker, ctypes.byref(a), ctypes.byref(b), None)
    assert not neg(ffi.wacapi_linker_define, None, None, None, None)
    assert not neg(ffi.wacapi_linker_define_instance, linker, ctypes.byref(a), None)
    assert is_null(neg(ffi.wacapi_linker_get, linker, ctypes.byref(a), ctypes.byref(b)))
    module = compile_module(store, ffi.wat2wasm(HOST_IMPORT_WAT))
    trap = ffi.create_null_pointer(ffi.wasm_trap_t)
    instance, message = new_error(ffi.wacapi_linker_instantiate, linker, module, ctypes.byref(trap))
    assert is_null(instance)
    assert message and '"host"' in message and '"f"' in message
    assert is_null(neg(ffi.wacapi_linker_instantiate, None, None, None))
    ffi.wasm_module_delete(module)
    for vec in (a, b):
        ffi.wasm_byte_vec_delete(ctypes.byref(vec))
    ffi.wacapi_linker_delete(linker)


def _argv(*items: str) -> Any:
    return (ctypes.c_char_p * len(items))(*(s.encode() for s in items))


def test_wasi_config_setters_pos() -> None:
    config = ffi.wacapi_wasi_config_new()
    assert not is_null(config)
    assert ffi.wacapi_wasi_config_set_argv(config, 2, _argv("prog", "x"))
    assert ffi.wacapi_wasi_config_set_env(config, 1, _argv("A"), _argv("1"))
    stdin = ffi.wasm_byte_vec_new_from_bytes(b"input")
    assert ffi.wacapi_wasi_config_set_stdin_bytes(config, ctypes.byref(stdin))
    ffi.wasm_byte_vec_delete(ctypes.byref(stdin))
    assert ffi.wacapi_wasi_config_preopen_dir(config, b".", b"/work", True)
    for setter in (
        ffi.wacapi_wasi_config_inherit_argv,
        ffi.wacapi_wasi_config_inherit_env,
        ffi.wacapi_wasi_config_inherit_stdin,
        ffi.wacapi_wasi_config_inherit_stdout,
        ffi.wacapi_wasi_config_inherit_stderr,
        ffi.wacapi_wasi_config_capture_stdout,
        ffi.wacapi_wasi_config_capture_stderr,
    ):
        setter(config)
    ffi.wacapi_wasi_config_delete(config)


def test_wasi_config_setters_neg() -> None:
    config = ffi.wacapi_wasi_config_new()
    assert not neg(ffi.wacapi_wasi_config_set_argv, config, 1, None)
    assert not neg(ffi.wacapi_wasi_config_set_env, config, 1, _argv("A=B"), _argv("1"))
    neg(ffi.wacapi_wasi_config_set_stdin_bytes, config, None)  # NULL: no input, never a crash
    assert not neg(ffi.wacapi_wasi_config_preopen_dir, config, b"/nonexistent/dir/for/wacapi", b"/x", False)
    for setter in (
        ffi.wacapi_wasi_config_inherit_argv,
        ffi.wacapi_wasi_config_inherit_env,
        ffi.wacapi_wasi_config_inherit_stdin,
        ffi.wacapi_wasi_config_inherit_stdout,
        ffi.wacapi_wasi_config_inherit_stderr,
        ffi.wacapi_wasi_config_capture_stdout,
        ffi.wacapi_wasi_config_capture_stderr,
        ffi.wacapi_wasi_config_delete,
    ):
        expected = None if setter is ffi.wacapi_wasi_config_delete else f"{setter.name}: config is NULL"
        assert void_neg(setter, None) == expected
    ffi.wacapi_wasi_config_delete(config)


def test_wasi_run_captures_stdout_and_exit_code(store: Any) -> None:
    linker = ffi.wacapi_linker_new(store)
    config = ffi.wacapi_wasi_config_new()
    ffi.wacapi_wasi_config_capture_stdout(config)
    ffi.wacapi_wasi_config_capture_stderr(config)
    assert ffi.wacapi_linker_define_wasi(linker, config)  # consumes the config
    module = compile_module(store, ffi.wat2wasm(WASI_WAT))
    trap = ffi.create_null_pointer(ffi.wasm_trap_t)
    instance = ffi.wacapi_linker_instantiate(linker, module, ctypes.byref(trap))
    assert not is_null(instance), ffi.last_error()
    exports = ffi.wasm_extern_vec_t()
    ffi.wasm_instance_exports(instance, ctypes.byref(exports))
    start = ffi.wasm_extern_as_func(exports.data[1])
    empty = ffi.wasm_val_vec_t()
    trap = ffi.wasm_func_call(start, ctypes.byref(empty), ctypes.byref(empty))
    code = ctypes.c_int32()
    assert ffi.wacapi_trap_exit_code(trap, ctypes.byref(code)) and code.value == 7
    out = ffi.wasm_byte_vec_t()
    assert ffi.wacapi_wasi_stdout(store, ctypes.byref(out))
    assert ffi.wasm_byte_vec_to_bytes(out) == b"hello from wasi\n"
    ffi.wasm_byte_vec_delete(ctypes.byref(out))
    err = ffi.wasm_byte_vec_t()
    assert ffi.wacapi_wasi_stderr(store, ctypes.byref(err))
    assert ffi.wasm_byte_vec_to_bytes(err) == b""
    ffi.wasm_byte_vec_delete(ctypes.byref(err))
    ffi.wasm_trap_delete(trap)
    ffi.wasm_extern_vec_delete(ctypes.byref(exports))
    ffi.wasm_instance_delete(instance)
    ffi.wasm_module_delete(module)
    ffi.wacapi_linker_delete(linker)


def test_wasi_define_and_output_neg(store: Any) -> None:
    assert not neg(ffi.wacapi_linker_define_wasi, None, None)
    linker = ffi.wacapi_linker_new(store)
    assert not neg(ffi.wacapi_linker_define_wasi, linker, None)
    ffi.wacapi_linker_delete(linker)
    out = ffi.wasm_byte_vec_t()
    # Nothing was captured in this store (no WASI defined): false, never a crash.
    assert not neg(ffi.wacapi_wasi_stdout, store, ctypes.byref(out))
    assert not neg(ffi.wacapi_wasi_stderr, None, ctypes.byref(out))
