"""Func: calls from Python (conversion, arity, ranges, traps), host functions
(types, annotations, results), exceptions across wasm, references, re-entrancy,
closing."""

from __future__ import annotations

import gc
import signal
import sys
import traceback
import typing
from typing import Any, Optional

import pytest

import wacapi
from wacapi import F32, F64, I32, I64, ExternRef, Func, FuncRef, FuncType, Instance, Module, Store, Trap, ValType

i32, i64, f32, f64 = ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64()
externref, funcref = ValType.externref(), ValType.funcref()

WAT = """
(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "add64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
  (func (export "id32") (param i32) (result i32) local.get 0)
  (func (export "id64") (param i64) (result i64) local.get 0)
  (func (export "idf32") (param f32) (result f32) local.get 0)
  (func (export "idf64") (param f64) (result f64) local.get 0)
  (func (export "nop"))
  (func (export "swap") (param i32 f64) (result f64 i32) local.get 1 local.get 0)
  (func (export "mixed") (param i32 i64 f32 f64) (result f64)
    local.get 0 f64.convert_i32_s local.get 1 f64.convert_i64_s f64.add
    local.get 2 f64.promote_f32 f64.add local.get 3 f64.add)
  (func (export "trap") unreachable)
  (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func $loop (export "recurse") (param i32) (result i32) local.get 0 call $loop)
  (func (export "xid") (param externref) (result externref) local.get 0)
  (func (export "fid") (param funcref) (result funcref) local.get 0)
  (func (export "xnull") (result externref) ref.null extern)
  (func (export "refs") (param externref funcref i32) (result i32 funcref externref)
    local.get 2 local.get 1 local.get 0))
"""


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def ex(store: Store) -> Any:
    return Instance(store, Module(store, WAT), []).exports


# --------------------------------------------------------------------------
# Calling wasm from Python
# --------------------------------------------------------------------------


def test_numbers(ex: Any) -> None:
    assert ex.add(2, 40) == 42
    assert ex.add64(2**40, 2**40) == 2**41
    assert ex.idf32(1.5) == 1.5
    assert ex.idf32(0.1) == pytest.approx(0.1, rel=1e-7) and ex.idf32(0.1) != 0.1  # rounded to single
    assert ex.idf64(0.1) == 0.1
    assert ex.idf64(3) == 3.0 and isinstance(ex.idf64(3), float)
    assert ex.mixed(1, 2, 3.5, 4.25) == 10.75
    assert ex.nop() is None
    assert ex.swap(7, 2.5) == (2.5, 7)
    assert ex.idf64(float("inf")) == float("inf")
    nan = ex.idf64(float("nan"))
    assert nan != nan


@pytest.mark.parametrize(
    ("name", "value", "back"),
    [
        ("id32", -(2**31), -(2**31)),
        ("id32", 2**31 - 1, 2**31 - 1),
        ("id32", 2**31, -(2**31)),  # unsigned range accepted, read back signed
        ("id32", 2**32 - 1, -1),
        ("id64", -(2**63), -(2**63)),
        ("id64", 2**64 - 1, -1),
        ("id64", 2**63, -(2**63)),
        ("id32", True, 1),
    ],
)
def test_integer_ranges(ex: Any, name: str, value: int, back: int) -> None:
    assert ex[name](value) == back


@pytest.mark.parametrize(
    ("name", "value"),
    [("id32", -(2**31) - 1), ("id32", 2**32), ("id64", -(2**63) - 1), ("id64", 2**64), ("id32", 10**30)],
)
def test_integer_out_of_range(ex: Any, name: str, value: int) -> None:
    with pytest.raises(ValueError, match=rf"{name}\(\) argument 1 is out of range"):
        ex[name](value)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("id32", 1.5, "must be an int for i32, not float"),
        ("id32", "1", "must be an int for i32, not str"),
        ("id32", None, "must be an int for i32, not NoneType"),
        ("id64", 2.0, "must be an int for i64, not float"),
        ("idf64", "1.0", "must be a float for f64, not str"),
        ("idf32", None, "must be a float for f32, not NoneType"),
        ("idf64", b"1", "must be a float for f64, not bytes"),
    ],
)
def test_argument_of_wrong_type(ex: Any, name: str, value: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        ex[name](value)


def test_float_too_large(ex: Any) -> None:
    with pytest.raises(ValueError, match="too large for f64"):
        ex.idf64(10**400)


def test_second_argument_is_named(ex: Any) -> None:
    with pytest.raises(TypeError, match=r"add\(\) argument 2 must be an int"):
        ex.add(1, "x")
    with pytest.raises(ValueError, match=r"add\(\) argument 1 is out of range"):
        ex.add(2**33, 1)


def test_arity(ex: Any) -> None:
    with pytest.raises(TypeError, match=r"add\(\) takes 2 arguments \(i32, i32\) but 1 were given"):
        ex.add(1)
    with pytest.raises(TypeError, match=r"add\(\) takes 2 arguments \(i32, i32\) but 3 were given"):
        ex.add(1, 2, 3)
    with pytest.raises(TypeError, match=r"add\(\) takes 2 arguments \(i32, i32\) but 0 were given"):
        ex.add()
    with pytest.raises(TypeError, match=r"nop\(\) takes 0 arguments \(\) but 1 were given"):
        ex.nop(1)
    with pytest.raises(TypeError, match=r"id32\(\) takes 1 argument \(i32\) but 2 were given"):
        ex.id32(1, 2)
    with pytest.raises(TypeError):
        ex.add(a0=1, a1=2)


def test_numpy_scalars(ex: Any) -> None:
    np = pytest.importorskip("numpy")
    assert ex.add(np.int32(2), np.int64(40)) == 42
    assert ex.idf64(np.float32(1.5)) == 1.5
    with pytest.raises(TypeError):
        ex.id32(np.float64(1.0))


def test_traps(ex: Any) -> None:
    with pytest.raises(Trap, match="unreachable") as info:
        ex.trap()
    assert isinstance(info.value, wacapi.WasmError)
    assert info.value.exit_code is None
    assert "unreachable" in info.value.message
    assert repr(info.value).startswith("Trap(")
    with pytest.raises(Trap, match="divide by zero"):
        ex.div(1, 0)
    with pytest.raises(Trap, match="overflow"):
        ex.div(-(2**31), -1)
    with pytest.raises(Trap, match="stack"):
        ex.recurse(1)
    assert ex.div(7, 2) == 3  # still usable


def test_func_objects(ex: Any) -> None:
    add = ex.add
    assert isinstance(add, Func) and isinstance(add, wacapi.Extern)
    assert type(add).__name__ == "Func"
    assert add.type == FuncType([i32, i32], [i32])
    assert add.name == "add"
    assert repr(add) == "<Func add (func (param i32 i32) (result i32))>"
    assert type(ex.add64) is not type(add)  # one class per signature
    assert type(ex.id32) is type(ex.id32)


# --------------------------------------------------------------------------
# References
# --------------------------------------------------------------------------


def test_externref_carries_python_objects(ex: Any) -> None:
    for obj in (object(), [1, 2], "text", 42, 1.5, {"a": 1}, ex, print):
        assert ex.xid(obj) is obj
    assert ex.xid(None) is None
    assert ex.xnull() is None
    big = [object() for _ in range(1000)]
    assert all(ex.xid(o) is o for o in big)


def test_funcref(store: Store, ex: Any) -> None:
    back = ex.fid(ex.add)
    assert isinstance(back, Func) and back(1, 2) == 3 and back is not ex.add
    assert ex.fid(None) is None
    host = Func(store, FuncType([], [i32]), lambda: 5)
    assert ex.fid(host)() == 5
    with pytest.raises(TypeError, match="must be a Func or None for funcref, not int"):
        ex.fid(1)
    other = Store(store.engine)
    with pytest.raises(ValueError, match="another store"):
        ex.fid(Func(other, FuncType(), lambda: None))


def test_mixed_references(store: Store, ex: Any) -> None:
    token = object()
    n, f, obj = ex.refs(token, ex.nop, 7)
    assert n == 7 and obj is token and f() is None


# --------------------------------------------------------------------------
# Host functions
# --------------------------------------------------------------------------


def test_host_function_with_a_type(store: Store) -> None:
    f = Func(store, FuncType([i32, i64, f32, f64], [f64]), lambda a, b, c, d: a + b + c + d)
    assert f(1, 2, 0.5, 0.25) == 3.75
    assert f.type == FuncType([i32, i64, f32, f64], [f64])
    assert f.store is store
    assert repr(f).startswith("<Func test_host_function_with_a_type.<locals>.<lambda> (func")


def test_host_function_arguments_arrive_converted(store: Store) -> None:
    seen: list[Any] = []

    def record(*args: Any) -> None:
        seen.extend(args)

    f = Func(store, FuncType([i32, i64, f32, f64], []), record)
    f(2**32 - 1, 2**64 - 1, 0.5, 0.1)
    assert seen == [-1, -1, 0.5, 0.1]


def test_host_function_results(store: Store) -> None:
    none = Func(store, FuncType([], []), lambda: None)
    one = Func(store, FuncType([], [i64]), lambda: 2**64 - 1)
    two = Func(store, FuncType([], [f32, i32]), lambda: (1.5, 2**31))
    listed = Func(store, FuncType([], [i32, i32]), lambda: [1, 2])
    assert none() is None and one() == -1 and two() == (1.5, -(2**31)) and listed() == (1, 2)


@pytest.mark.parametrize(
    ("results", "value", "error", "message"),
    [
        ([], 5, TypeError, "returned 5, but its type has no results"),
        ([i32], "x", TypeError, "result must be an int for i32, not str"),
        ([i32], None, TypeError, "result must be an int for i32, not NoneType"),
        ([i32], 2**32, ValueError, "result is out of range for i32"),
        ([i64], -(2**63) - 1, ValueError, "result is out of range for i64"),
        ([f64], "1.5", TypeError, "result must be a float for f64, not str"),
        ([i32, i32], 1, TypeError, "expected a tuple of 2 values"),
        ([i32, i32], (1, 2, 3), TypeError, "expected a tuple of 2 values"),
        ([i32, f32], (1, "x"), TypeError, "result 2 must be a float for f32"),
        ([funcref], 3, TypeError, "must be a Func or None for funcref"),
    ],
)
def test_bad_host_results(store: Store, results: list[ValType], value: object, error: type, message: str) -> None:
    f = Func(store, FuncType([], results), lambda: value)
    with pytest.raises(error, match=message):
        f()


def test_host_function_through_wasm(store: Store) -> None:
    module = Module(
        store,
        """(module
             (import "" "f" (func $f (param i32 i64 f32 f64) (result f64 i32)))
             (func (export "run") (result f64 i32)
               i32.const -1 i64.const 5 f32.const 0.5 f64.const 0.25 call $f))""",
    )
    got: list[Any] = []

    def f(a: int, b: int, c: float, d: float) -> tuple[float, int]:
        got.append((a, b, c, d))
        return b + c + d, a * 2

    run = Instance(store, module, [f]).exports.run
    assert run() == (5.75, -2)
    assert got == [(-1, 5, 0.5, 0.25)]


def test_func_argument_errors(store: Store) -> None:
    with pytest.raises(TypeError, match="FuncType"):
        Func(store, [i32], lambda x: x)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Store"):
        Func("store", FuncType(), lambda: None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="callable"):
        Func(store, FuncType(), 5)  # type: ignore[arg-type]
    store.close()
    with pytest.raises(ValueError, match="Store is closed"):
        Func(store, FuncType(), lambda: None)


# --------------------------------------------------------------------------
# Func.wrap: types from annotations
# --------------------------------------------------------------------------


def test_wrap_annotations(store: Store) -> None:
    def plain(a: int, b: float) -> float:
        return a + b

    def markers(a: I32, b: I64, c: F32, d: F64) -> typing.Tuple[I64, F32]:  # noqa: UP006 - typing.Tuple works too
        return b, c

    def refs(x: ExternRef, f: FuncRef, g: Func, h: Optional[Func]) -> ExternRef:
        return x

    def nothing() -> None:
        pass

    def unannotated_result(a: int):  # type: ignore[no-untyped-def]
        pass

    def empty_tuple() -> tuple[()]:
        return ()  # type: ignore[return-value]

    assert Func.wrap(store, plain).type == FuncType([i32, f64], [f64])
    assert Func.wrap(store, markers).type == FuncType([i32, i64, f32, f64], [i64, f32])
    assert Func.wrap(store, refs).type == FuncType([externref, funcref, funcref, funcref], [externref])
    assert Func.wrap(store, nothing).type == FuncType()
    assert Func.wrap(store, unannotated_result).type == FuncType([i32], [])
    assert Func.wrap(store, empty_tuple).type == FuncType()
    assert Func.wrap(store, plain)(1, 0.5) == 1.5
    assert Func.wrap(store, markers)(1, 2, 3.0, 4.0) == (2, 3.0)


def test_wrap_builtin_tuple_and_callable_objects(store: Store) -> None:
    def pair(a: int) -> tuple[int, int]:
        return a, -a

    class Scale:
        def __init__(self, k: int) -> None:
            self.k = k

        def __call__(self, x: I64) -> I64:
            return self.k * x

    assert Func.wrap(store, pair)(3) == (3, -3)
    scale = Func.wrap(store, Scale(3))
    assert scale.type == FuncType([i64], [i64]) and scale(2**40) == 3 * 2**40
    assert Func.wrap(store, Scale(2).__call__)(4) == 8


def test_wrap_errors(store: Store) -> None:
    def missing(a, b: int) -> int:  # type: ignore[no-untyped-def]
        return b

    def varargs(*a: int) -> None:
        pass

    def kwonly(*, a: int) -> None:
        pass

    def unknown(a: str) -> None:
        pass

    def ellipsis() -> tuple[int, ...]:
        return ()

    def bare_tuple() -> tuple:  # type: ignore[type-arg]
        return ()

    def unresolvable(a: NotDefinedAnywhere) -> None:  # type: ignore[name-defined]  # noqa: F821
        pass

    def list_result() -> list[int]:
        return []

    cases = [
        (missing, "parameter 'a' has no type annotation"),
        (varargs, "parameter 'a' must be positional"),
        (kwonly, "parameter 'a' must be positional"),
        (unknown, "cannot map the annotation"),
        (ellipsis, "one type per result"),
        (bare_tuple, "one type per result"),
        (unresolvable, "cannot resolve the annotations"),
        (list_result, "cannot map the annotation"),
        (lambda x: x, "has no type annotation"),
    ]
    for func, message in cases:
        with pytest.raises(TypeError, match=message):
            Func.wrap(store, func)
    with pytest.raises(TypeError, match="expected a callable"):
        Func.wrap(store, 5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cannot read the signature"):
        Func.wrap(store, type)


# --------------------------------------------------------------------------
# Exceptions across wasm
# --------------------------------------------------------------------------

CALLBACK = """
(module
  (import "env" "cb" (func $cb (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0 call $cb i32.const 1 i32.add)
  (func (export "trap") unreachable))
"""


class Boom(Exception):
    pass


def instantiate(store: Store, cb: Any) -> Any:
    return Instance(store, Module(store, CALLBACK), {"env": {"cb": cb}}).exports


def test_exception_keeps_type_object_and_traceback(store: Store) -> None:
    raised: list[BaseException] = []

    def cb(x: int) -> int:
        exc = Boom(f"bad {x}")
        raised.append(exc)
        raise exc

    ex = instantiate(store, cb)
    with pytest.raises(Boom, match="bad 3") as info:
        ex.run(3)
    assert info.value is raised[0]
    names = [frame.name for frame in traceback.extract_tb(info.value.__traceback__)]
    assert names[0] == "test_exception_keeps_type_object_and_traceback"
    assert names[-1] == "cb"
    # Nothing is left pending: the next trap is an ordinary one.
    with pytest.raises(Trap, match="unreachable"):
        ex.trap()


@pytest.mark.parametrize("exc_type", [KeyboardInterrupt, SystemExit, GeneratorExit, ZeroDivisionError, MemoryError])
def test_base_exceptions_cross_too(store: Store, exc_type: type[BaseException]) -> None:
    def cb(x: int) -> int:
        raise exc_type("stop")

    with pytest.raises(exc_type):
        instantiate(store, cb).run(1)


def test_real_sigint_inside_host_function(store: Store) -> None:
    if not hasattr(signal, "raise_signal"):
        pytest.skip("no signal.raise_signal")
    calls = []

    def cb(x: int) -> int:
        calls.append(x)
        signal.raise_signal(signal.SIGINT)
        return x  # the handler runs at the next bytecode boundary: KeyboardInterrupt here

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            instantiate(store, cb).run(1)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert calls == [1]


def test_exception_from_a_direct_host_call(store: Store) -> None:
    def f() -> None:
        raise Boom("direct")

    with pytest.raises(Boom, match="direct"):
        Func.wrap(store, f)()


NESTED = """
(module
  (import "env" "outer" (func $outer (param i32) (result i32)))
  (import "env" "inner" (func $inner (param i32) (result i32)))
  (func (export "a") (param i32) (result i32) local.get 0 call $outer)
  (func (export "b") (param i32) (result i32) local.get 0 call $inner)
  (func (export "boom") (param i32) (result i32) unreachable))
"""


def nested(store: Store, outer: Any, inner: Any) -> Any:
    return Instance(store, Module(store, NESTED), {"env": {"outer": outer, "inner": inner}}).exports


def test_exception_crosses_two_levels_of_wasm(store: Store) -> None:
    holder: dict[str, Any] = {}

    def outer(x: int) -> int:
        return holder["ex"].b(x) + 1  # wasm -> outer -> wasm b -> inner

    def inner(x: int) -> int:
        raise Boom(f"deep {x}")

    ex = holder["ex"] = nested(store, outer, inner)
    with pytest.raises(Boom, match="deep 5") as info:
        ex.a(5)
    names = [frame.name for frame in traceback.extract_tb(info.value.__traceback__)]
    assert "outer" in names and names[-1] == "inner"


def test_trap_inside_a_nested_host_call(store: Store) -> None:
    holder: dict[str, Any] = {}

    def outer(x: int) -> int:
        return holder["ex"].boom(x)  # traps below this host function

    ex = holder["ex"] = nested(store, outer, lambda x: x)
    with pytest.raises(Trap, match="unreachable"):
        ex.a(1)


def test_host_function_may_handle_an_inner_trap(store: Store) -> None:
    holder: dict[str, Any] = {}

    def outer(x: int) -> int:
        try:
            return holder["ex"].boom(x)  # type: ignore[no-any-return]
        except Trap:
            return -x

    def inner(x: int) -> int:
        raise Boom("inner")

    def outer2(x: int) -> int:
        try:
            return holder["ex"].b(x)  # type: ignore[no-any-return]
        except Boom:
            return 100

    ex = holder["ex"] = nested(store, outer, inner)
    assert ex.a(4) == -4
    ex = holder["ex"] = nested(store, outer2, inner)
    assert ex.a(4) == 100


def test_reentrant_calls_of_the_same_func(store: Store) -> None:
    """countdown(n) calls the host, which calls countdown(n-1): the buffers of the
    one Func are reused at every level without clobbering the outer levels."""
    module = Module(
        store,
        """(module
             (import "env" "down" (func $down (param i32 i64) (result i64 i32)))
             (func (export "countdown") (param i32 i64) (result i64 i32)
               (if (result i64 i32) (i32.eqz (local.get 0))
                 (then (local.get 1) (i32.const 0))
                 (else (call $down (local.get 0) (local.get 1))))))""",
    )
    holder: dict[str, Any] = {}
    seen: list[tuple[int, int]] = []

    def down(n: int, acc: int) -> tuple[int, int]:
        seen.append((n, acc))
        total, depth = holder["f"](n - 1, acc + n)
        return total, depth + 1

    holder["f"] = f = Instance(store, module, [down]).exports.countdown
    assert f(50, 0) == (50 * 51 // 2, 50)
    assert seen[0] == (50, 0) and seen[-1] == (1, 50 * 51 // 2 - 1)


def test_exceptions_stay_on_their_thread(store: Store) -> None:
    import threading

    results: dict[int, str] = {}

    def worker(k: int) -> None:
        s = Store(store.engine)

        def cb(x: int) -> int:
            if x % 2:
                raise Boom(f"thread {k}")
            return x

        ex = instantiate(s, cb)
        for i in range(200):
            try:
                ex.run(i)
            except Boom as exc:
                assert str(exc) == f"thread {k}"
        results[k] = "ok"

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {0: "ok", 1: "ok", 2: "ok", 3: "ok"}


def test_trap_message_of_a_host_exception_when_seen_by_plain_ffi(store: Store) -> None:
    """A host function's exception seen through the procedural API is an ordinary trap."""
    import ctypes

    from wacapi import ffi

    def cb(x: int) -> int:
        raise Boom("seen by C")

    run = instantiate(store, cb).run
    args = ffi.wasm_vec_new_from_list(ffi.wasm_val_vec_t, [ffi.wasm_i32_val(1)])
    results = ffi.wasm_val_vec_t()
    ffi.wasm_val_vec_new_uninitialized(ctypes.byref(results), 1)
    trap = ffi.wasm_func_call(run._ptr, ctypes.byref(args), ctypes.byref(results))
    try:
        assert "raised Boom: seen by C" in ffi.trap_message(trap)
    finally:
        ffi.wasm_trap_delete(trap)
        ffi.wasm_val_vec_delete(ctypes.byref(args))
        ffi.wasm_val_vec_delete(ctypes.byref(results))
    # The exception left pending by that call is not raised for an unrelated trap.
    with pytest.raises(Trap, match="unreachable"):
        Instance(store, Module(store, CALLBACK), [lambda x: x]).exports.trap()


# --------------------------------------------------------------------------
# Closing
# --------------------------------------------------------------------------


def test_closed_func(store: Store, ex: Any) -> None:
    add = ex.add
    with add as same:
        assert same(1, 1) == 2
    assert add.closed
    with pytest.raises(ValueError, match="Func is closed"):
        add(1, 2)
    with pytest.raises(ValueError, match="Func is closed"):
        ex.fid(add)
    assert repr(add).endswith("closed>")
    add.close()
    host = Func(store, FuncType([i32], [i32]), lambda x: x)
    host.close()
    with pytest.raises(ValueError, match="Func is closed"):
        host(1)
    with pytest.raises(ValueError, match="Func is closed"):
        Instance(store, Module(store, CALLBACK), [host])


def test_closing_a_func_inside_its_own_call(store: Store) -> None:
    holder: dict[str, Any] = {}

    def cb(x: int) -> int:
        holder["run"].close()  # deferred: the call is still running
        gc.collect()
        return x

    ex = instantiate(store, cb)
    holder["run"] = run = ex.run
    assert run(4) == 5
    with pytest.raises(ValueError, match="Func is closed"):
        run(4)
    assert not store._deferred  # released when the call returned


def test_closing_the_store_inside_a_call(store: Store) -> None:
    def cb(x: int) -> int:
        store.close()
        return x

    run = instantiate(store, cb).run
    assert run(1) == 2
    assert store.closed and not store._deferred
    assert run(2) == 3  # the library keeps the store alive for its objects
    with pytest.raises(ValueError, match="Store is closed"):
        Func(store, FuncType(), lambda: None)


def test_host_function_outlives_its_func_object(store: Store) -> None:
    def make() -> Any:
        return instantiate(store, Func(store, FuncType([i32], [i32]), lambda x: 10 * x))

    ex = make()
    gc.collect()
    assert ex.run(2) == 21


def test_generic_thunks(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The slower path for value layouts the generated thunks do not index."""
    from wacapi import _func

    monkeypatch.setattr(_func, "_FAST_LAYOUT", False)
    token = object()
    f = Func(store, FuncType([i32, i64, f32, f64, externref, funcref], [f64, externref, funcref, i32]), _generic_cb)
    n = Func(store, FuncType([], []), lambda: None)
    got = f(1, 2, 0.5, 0.25, token, n)
    assert got[0] == 0.75 and got[1] is token and isinstance(got[2], Func) and got[3] == 1
    assert Func(store, FuncType([i32], [i32]), lambda x: x + 1)(1) == 2
    assert Func(store, FuncType(), lambda: None)() is None
    with pytest.raises(TypeError, match="no results"):
        Func(store, FuncType(), lambda: 1)()
    with pytest.raises(TypeError, match="expected a tuple of 2"):
        Func(store, FuncType([], [i32, i32]), lambda: 1)()
    with pytest.raises(TypeError, match="must be an int"):
        Func(store, FuncType([], [i32]), lambda: "x")()
    with pytest.raises(Boom):
        Func(store, FuncType([], [i32]), _raise_boom)()


def _generic_cb(a: int, b: int, c: float, d: float, x: object, f: Func) -> tuple[float, object, Func, int]:
    return a + b + c + d - 3, x, f, a


def _raise_boom() -> int:
    raise Boom("generic")


def test_calls_do_not_leak(ex: Any, store: Store) -> None:
    """A call creates no lasting objects (the buffers are reused)."""
    add, run = ex.add, instantiate(store, lambda x: x).run
    for _ in range(1000):
        add(1, 2)
        run(1)
    gc.collect()
    before = sys.getallocatedblocks()
    for _ in range(20000):
        add(1, 2)
        run(1)
    gc.collect()
    assert sys.getallocatedblocks() - before < 200


class Reentrant:
    """An int-like value whose conversion runs Python code that calls wasm again."""

    def __init__(self, value: int, action: Any) -> None:
        self.value = value
        self.action = action
        self.inner: Any = None

    def __index__(self) -> int:
        self.inner = self.action()
        return self.value

    def __le__(self, other: object) -> bool:
        return True

    def __ge__(self, other: object) -> bool:
        return True


def test_reentry_while_arguments_are_written(ex: Any) -> None:
    """The second argument's conversion calls the same Func: the outer call's
    first argument, already in the buffer, must survive."""
    add = ex.add
    evil = Reentrant(7, lambda: add(5, 5))
    assert add(3, evil) == 10
    assert evil.inner == 10


def test_reentry_while_host_results_are_written(store: Store) -> None:
    """A host function's first result converts by calling the same host function
    again: each level writes its own results (the outer second result too)."""
    holder: dict[str, Any] = {}
    depth = [0]

    def cb(x: int) -> Any:
        depth[0] += 1
        if depth[0] > 3:
            return x, -x
        return Reentrant(x * 10, lambda: holder["f"](x + 1)), -x

    holder["f"] = f = Func(store, FuncType([i32], [i32, i32]), cb)
    assert f(1) == (10, -1)
    assert depth[0] == 4


@pytest.mark.skipif(sys.version_info < (3, 10), reason="X | None needs Python 3.10")
def test_wrap_union_syntax(store: Store) -> None:
    def f(g: Func | None) -> Func | None:
        return g

    assert Func.wrap(store, f).type == FuncType([funcref], [funcref])


class Unprintable(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no text")


def test_unprintable_exception_still_crosses(store: Store) -> None:
    def f() -> None:
        raise Unprintable

    with pytest.raises(Unprintable):
        Func.wrap(store, f)()


def test_bools_are_ints_everywhere(store: Store, ex: Any) -> None:
    from wacapi import Global, GlobalType

    assert ex.id32(True) == 1 and ex.idf64(False) == 0.0
    assert Global(store, GlobalType(i32), True).value == 1
    assert Func(store, FuncType([], [i32]), lambda: True)() == 1
