"""Misuse never crashes: closing objects on one thread while another uses them,
host functions failing at the recursion limit.

Found by the API fuzzer (fuzz_api.py); each test is the smallest program that
showed the problem.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any, Callable

import pytest

import wacapi
from wacapi import Func, FuncType, Instance, Linker, Memory, MemoryType, Module, Store, ValType, _traps

ADD = '(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))'
REENTER = """
(module (import "h" "f" (func $f (param i32) (result i32)))
  (func (export "g") (param i32) (result i32) (call $f (local.get 0))))
"""


def two_threads(seconds: float, first: Callable[[], None], second: Callable[[], None]) -> None:
    """Runs ``first`` and ``second`` in loops on two threads, switching threads often."""
    stop = time.monotonic() + seconds
    errors: list[BaseException] = []

    def loop(body: Callable[[], None]) -> None:
        try:
            while time.monotonic() < stop:
                body()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        threads = [threading.Thread(target=loop, args=(b,)) for b in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []


# --------------------------------------------------------------------------
# Host functions at the recursion limit
# --------------------------------------------------------------------------


def test_deep_host_recursion_raises_recursion_error() -> None:
    # Host function -> wasm -> host function ...: the recursion limit is reached inside
    # a host function, where making the trap needs a few frames more.  That used to
    # fail silently, and the failed call "succeeded" with an unwritten result.
    store = Store()
    limit = sys.getrecursionlimit()

    def f(x: int) -> int:
        return int(instance.exports.g(x + 1)) + 1

    instance = Instance(store, Module(store, REENTER), [f])
    with pytest.raises(RecursionError):
        instance.exports.g(0)
    assert sys.getrecursionlimit() == limit
    store.close()


def test_host_function_whose_trap_cannot_be_made_at_first(monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store()
    limit = sys.getrecursionlimit()
    failures = [1]
    real = _traps.new_trap

    def flaky(message: str) -> Any:
        if failures[0]:
            failures[0] -= 1
            raise MemoryError("no trap this time")
        return real(message)

    monkeypatch.setattr(_traps, "new_trap", flaky)

    class Boom(Exception):
        pass

    def fail(x: int) -> int:
        raise Boom("from the host")

    instance = Instance(store, Module(store, REENTER), [fail])
    with pytest.raises(Boom, match="from the host"):
        instance.exports.g(1)  # the second try made the trap
    assert failures == [0]
    assert sys.getrecursionlimit() == limit  # raised for the second try only


# --------------------------------------------------------------------------
# Closing on one thread while another uses the object
# --------------------------------------------------------------------------


def test_func_closed_while_another_thread_calls_it() -> None:
    store = Store()
    module = Module(store, ADD)
    current = [Instance(store, module).exports.add]

    def call() -> None:
        try:
            assert current[0](1, 2) == 3
        except ValueError as exc:
            assert "closed" in str(exc)

    def replace() -> None:
        instance = Instance(store, module)
        current[0] = instance.exports.add
        instance.exports.add.close()
        instance.close()

    two_threads(0.5, call, replace)


def test_linker_closed_while_another_thread_instantiates() -> None:
    store = Store()
    module = Module(store, ADD)
    current = [Linker(store)]

    def instantiate() -> None:
        try:
            current[0].instantiate(module)
        except ValueError as exc:
            assert "closed" in str(exc)

    def replace() -> None:
        linker = Linker(store)
        current[0] = linker
        linker.allow_shadowing = True
        linker.close()

    two_threads(0.5, instantiate, replace)


def test_import_closed_while_another_thread_instantiates() -> None:
    store = Store()
    module = Module(store, '(module (import "env" "m" (memory 1)) (import "env" "f" (func)))')
    current: list[Any] = [Memory(store, MemoryType(1)), Func(store, FuncType(), lambda: None)]

    def instantiate() -> None:
        try:
            Instance(store, module, current[:])
        except ValueError as exc:
            assert "closed" in str(exc)

    def replace() -> None:
        memory, func = Memory(store, MemoryType(1)), Func(store, FuncType(), lambda: None)
        current[:] = [memory, func]
        memory.close()
        func.close()

    two_threads(0.5, instantiate, replace)


def test_instance_closed_while_another_thread_reads_its_exports() -> None:
    store = Store()
    module = Module(store, ADD)
    current = [Instance(store, module)]

    def read() -> None:
        try:
            current[0].exports["add"]
        except ValueError as exc:
            assert "closed" in str(exc)

    def replace() -> None:
        instance = Instance(store, module)
        current[0] = instance
        instance.close()

    two_threads(0.5, read, replace)


def test_one_object_closed_by_two_threads() -> None:
    store = Store()
    ty = wacapi.GlobalType(ValType.i32(), mutable=True)
    objects: list[Any] = []

    def close_all() -> None:
        for obj in list(objects):
            obj.close()

    def make() -> None:
        objects[:] = [wacapi.Global(store, ty, i) for i in range(20)]
        close_all()

    two_threads(0.5, make, close_all)
    assert all(obj.closed for obj in objects)
