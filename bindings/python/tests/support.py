"""Shared test machinery for the wacapi Python bindings (imported by conftest.py).

* Runs the package from this source tree (``bindings/python``) against the
  library cargo built in the repository (``target/release``, else
  ``target/debug``), through ``WACAPI_LIBRARY``, unless that is already set.
  With ``WACAPI_TEST_INSTALLED=1`` the installed package is tested instead
  (whatever ``import wacapi`` finds, with its own library).
* Counts, for every function of ``wacapi.binding``, the calls made with
  valid input and those made with bad input (through :func:`neg`);
  ``test_zz_coverage.py`` fails if a function lacks either.
* Builds the test module and its instance.
"""

from __future__ import annotations

import contextvars
import ctypes
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

TESTS_DIR = Path(__file__).resolve().parent
PACKAGE_ROOT = TESTS_DIR.parent
REPO_ROOT = PACKAGE_ROOT.parent.parent

if not os.environ.get("WACAPI_TEST_INSTALLED"):
    sys.path.insert(0, str(PACKAGE_ROOT))
    if not os.environ.get("WACAPI_LIBRARY"):
        target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO_ROOT / "target")
        if not target.is_absolute():
            target = REPO_ROOT / target
        for profile in ("release", "debug"):
            candidate = target / profile / "libwacapi.so"
            if candidate.is_file():
                os.environ["WACAPI_LIBRARY"] = str(candidate)
                break
        else:
            raise pytest.UsageError(
                f"no libwacapi.so under {target}/release or {target}/debug: "
                "run `cargo build --release` first, or set WACAPI_LIBRARY"
            )

import wacapi.binding as binding  # noqa: E402
import wacapi.ffi as ffi  # noqa: E402

# ---------------------------------------------------------------------------
# Which functions exist, and the counting proxies
# ---------------------------------------------------------------------------


def _binding_functions() -> list[str]:
    declared = getattr(binding, "__all_functions__", None)
    if declared is not None:
        return list(declared)
    # The library's functions: ctypes function objects named after their symbol.
    return sorted(
        name
        for name, value in vars(binding).items()
        if isinstance(value, ctypes._CFuncPtr) and getattr(value, "__name__", None) == name
    )


ALL_FUNCTIONS: list[str] = _binding_functions()
POS_CALLS: Counter[str] = Counter()
NEG_CALLS: Counter[str] = Counter()
_NEGATIVE = contextvars.ContextVar("negative", default=False)


class Counted:
    """Stands in for a ctypes function and counts its calls."""

    __slots__ = ("function", "name")

    def __init__(self, name: str, function: Any) -> None:
        self.name = name
        self.function = function

    def __call__(self, *args: Any) -> Any:
        (NEG_CALLS if _NEGATIVE.get() else POS_CALLS)[self.name] += 1
        return self.function(*args)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.function, attr)

    def __repr__(self) -> str:
        return f"<counted {self.name}>"


def _install_counters() -> None:
    originals = {name: getattr(binding, name) for name in ALL_FUNCTIONS}
    by_id = {id(fn): Counted(name, fn) for name, fn in originals.items()}
    for module in (binding, ffi):
        for attr, value in list(vars(module).items()):
            proxy = by_id.get(id(value))
            if proxy is not None:
                setattr(module, attr, proxy)


_install_counters()


def neg(function: Any, *args: Any) -> Any:
    """Calls a binding function with bad input, counting it as a negative call."""
    if not isinstance(function, Counted):
        raise TypeError(f"neg() wants a binding function, got {function!r}")
    token = _NEGATIVE.set(True)
    try:
        return function(*args)
    finally:
        _NEGATIVE.reset(token)


def set_sentinel_error() -> str:
    """Puts a known message in wacapi_last_error (through an uncounted call); returns it."""
    make = binding.wasm_valtype_new
    if isinstance(make, Counted):
        make = make.function
    assert not make(0xEE)  # not a value kind
    sentinel = ffi.last_error()
    assert sentinel
    return sentinel


def new_error(function: Any, *args: Any) -> tuple[Any, str | None]:
    """neg() that also tells the error the call recorded (None if it recorded none)."""
    sentinel = set_sentinel_error()
    result = neg(function, *args)
    message = ffi.last_error()
    return result, (None if message == sentinel else message)


def void_neg(function: Any, *args: Any) -> str | None:
    """neg() of a function that returns nothing: checks that it returned None and tells the
    error the call recorded (None if it recorded none, as a delete of NULL does)."""
    result, message = new_error(function, *args)
    assert result is None, f"{function.name} returned {result!r}"
    return message


def null_args(function: Any) -> list[Any]:
    """NULL, 0 or false for every parameter of a binding function (by its argtypes)."""
    args: list[Any] = []
    for t in function.argtypes or []:
        if isinstance(t, type) and issubclass(t, ctypes._CFuncPtr):
            args.append(t())  # a NULL function pointer
        elif isinstance(t, type) and issubclass(t, (ctypes._Pointer, ctypes.c_void_p, ctypes.c_char_p)):
            args.append(None)
        elif t is ctypes.c_bool:
            args.append(False)
        else:
            args.append(0)
    return args


def is_null(p: Any) -> bool:
    return ffi.is_null_pointer(p)


#: Cleared by conftest.py when only part of the suite runs.
FULL_RUN = {"value": True}


# ---------------------------------------------------------------------------
# The test module
# ---------------------------------------------------------------------------

# Every kind of import and export, plus code that calls, traps and grows.
MODULE_WAT = """
(module
  (import "env" "double" (func $double (param i32) (result i32)))
  (import "env" "base" (global $base i32))
  (type $binop (func (param i32 i32) (result i32)))
  (func $add (export "add") (type $binop) local.get 0 local.get 1 i32.add)
  (func (export "call_double") (param i32) (result i32)
    local.get 0 call $double global.get $base i32.add)
  (func (export "boom") unreachable)
  (func (export "mixed") (param i64 f32 f64) (result f64 i64)
    local.get 2 local.get 1 f64.promote_f32 f64.add local.get 0)
  (func (export "call_indirect") (param i32 i32 i32) (result i32)
    local.get 0 local.get 1 local.get 2 call_indirect (type $binop))
  (global (export "counter") (mut i32) (i32.const 7))
  (global (export "pi") f64 (f64.const 3.5))
  (memory (export "memory") 1 3)
  (table (export "table") 2 10 funcref)
  (elem (i32.const 0) $add)
  (data (i32.const 16) "hello")
)
"""

EXPORT_NAMES = ["add", "call_double", "boom", "mixed", "call_indirect", "counter", "pi", "memory", "table"]


def compile_module(store: Any, wasm: bytes) -> Any:
    """A module compiled from a binary (owned by the caller)."""
    binary = ffi.wasm_byte_vec_new_from_bytes(wasm)
    m = ffi.wasm_module_new(store, ctypes.byref(binary))
    ffi.wasm_byte_vec_delete(ctypes.byref(binary))
    assert not is_null(m), ffi.last_error()
    return m


@ffi.wasm_func_cb_decl
def double_callback(args: Any, results: Any) -> None:
    value = args.contents.data[0].of.i32
    results.contents.data[0] = ffi.wasm_i32_val(value * 2)


class Instance:
    """The test module instantiated with its imports, and its exports by name."""

    def __init__(self, store: Any, module: Any) -> None:
        ft = ffi.wasm_functype_new_1_1(ffi.wasm_valtype_new_i32(), ffi.wasm_valtype_new_i32())
        self.double = ffi.wasm_func_new(store, ft, double_callback)
        ffi.wasm_functype_delete(ft)
        gt = ffi.wasm_globaltype_new(ffi.wasm_valtype_new_i32(), ffi.WASM_CONST)
        self.base = ffi.wasm_global_new(store, gt, ctypes.byref(ffi.wasm_i32_val(100)))
        ffi.wasm_globaltype_delete(gt)
        imports = ffi.wasm_extern_vec_t()
        data = ffi.list_to_carray(
            ctypes.POINTER(ffi.wasm_extern_t),
            ffi.wasm_func_as_extern(self.double),
            ffi.wasm_global_as_extern(self.base),
        )
        # The vector would own its elements: build it on borrowed memory instead.
        imports.size, imports.data = 2, data
        self._imports_data = data
        trap = ffi.create_null_pointer(ffi.wasm_trap_t)
        self.instance = ffi.wasm_instance_new(store, module, ctypes.byref(imports), ctypes.byref(trap))
        assert not is_null(self.instance), ffi.last_error()
        assert is_null(trap)
        self.exports = ffi.wasm_extern_vec_t()
        ffi.wasm_instance_exports(self.instance, ctypes.byref(self.exports))
        self.by_name = dict(zip(EXPORT_NAMES, ffi.wasm_vec_to_list(self.exports)))

    def func(self, name: str) -> Any:
        return ffi.wasm_extern_as_func(self.by_name[name])

    def global_(self, name: str) -> Any:
        return ffi.wasm_extern_as_global(self.by_name[name])

    def close(self) -> None:
        ffi.wasm_extern_vec_delete(ctypes.byref(self.exports))
        ffi.wasm_instance_delete(self.instance)
        ffi.wasm_func_delete(self.double)
        ffi.wasm_global_delete(self.base)


def call(func: Any, *args: Any, results: int = 1) -> tuple[Any, list[Any]]:
    """Calls a wasm function; returns (trap pointer, result values)."""
    a = ffi.wasm_vec_new_from_list(ffi.wasm_val_vec_t, list(args))
    r = ffi.wasm_val_vec_t()
    ffi.wasm_val_vec_new_uninitialized(ctypes.byref(r), results)
    trap = ffi.wasm_func_call(func, ctypes.byref(a), ctypes.byref(r))
    values = [ffi.wasm_val_value(v) for v in ffi.wasm_vec_to_list(r)] if is_null(trap) else []
    ffi.wasm_val_vec_delete(ctypes.byref(a))
    ffi.wasm_val_vec_delete(ctypes.byref(r))
    return trap, values


def name(s: str) -> Any:
    """A new owned ``wasm_name_t``."""
    return ffi.wasm_name_new_from_string(s)


def byte_vec_text(vec: Any) -> str:
    return ffi.wasm_byte_vec_to_bytes(vec).decode()
