"""Engine, Store, ownership (close, context managers, __del__, interpreter exit),
threads, and the package surface (lazy import, __all__, typing)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

import support
import wacapi
from wacapi import Engine, Func, FuncType, Instance, Module, Store, ValType

i32 = ValType.i32()

CALLBACK = """
(module
  (import "env" "cb" (func $cb (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get 0)))
        (local.set $acc (i32.add (local.get $acc) (call $cb (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    local.get $acc)
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
"""


# --------------------------------------------------------------------------
# Engine and Store
# --------------------------------------------------------------------------


def test_engine() -> None:
    engine = Engine()
    assert repr(engine) == "<Engine>" and not engine.closed
    store = Store(engine)
    assert store.engine is engine
    with engine as same:
        assert same is engine
    assert engine.closed and repr(engine) == "<Engine closed>"
    engine.close()
    with pytest.raises(ValueError, match="Engine is closed"):
        Store(engine)
    # The store made before keeps working: the library holds its own reference.
    assert Instance(store, Module(store, CALLBACK), [lambda x: x]).exports.add(1, 2) == 3


def test_store() -> None:
    store = Store()
    assert isinstance(store.engine, Engine)
    assert repr(store) == "<Store>"
    with pytest.raises(TypeError, match="takes an Engine"):
        Store("engine")  # type: ignore[arg-type]
    with store:
        Module(store, "(module)")
    assert store.closed and repr(store) == "<Store closed>"
    store.close()
    with pytest.raises(ValueError, match="Store is closed"), store:
        pass


def test_stores_of_one_engine_are_separate() -> None:
    engine = Engine()
    a, b = Store(engine), Store(engine)
    module = Module(a, '(module (global (export "g") (mut i32) (i32.const 0)))')
    ga = Instance(a, module, []).exports.g
    gb = Instance(b, module, []).exports.g
    ga.value = 5  # type: ignore[union-attr]
    assert gb.value == 0  # type: ignore[union-attr]


def test_objects_keep_their_store_alive() -> None:
    def make() -> Any:
        store = Store()
        return Instance(store, Module(store, CALLBACK), [lambda x: x + 1]).exports.run

    run = make()
    gc.collect()
    assert run(3) == 6
    assert isinstance(run.store, Store) and not run.store.closed


class Unraisable:
    """Collects what __del__ methods would print as "Exception ignored in"."""

    def __enter__(self) -> list[Any]:
        self.seen: list[Any] = []
        self.previous = sys.unraisablehook
        sys.unraisablehook = self.seen.append
        return self.seen

    def __exit__(self, *args: object) -> None:
        sys.unraisablehook = self.previous


def test_del_is_safe_for_half_made_objects() -> None:
    store = Store()
    with Unraisable() as seen:
        for bad in (lambda: Func(store, FuncType(), 5), lambda: Module(store, 5), lambda: Store("x")):
            with pytest.raises(TypeError):
                bad()
        gc.collect()
    assert seen == []


def test_forgotten_objects_are_released_quietly() -> None:
    with Unraisable() as seen:
        for _ in range(50):
            store = Store()
            instance = Instance(store, Module(store, CALLBACK), [lambda x: x])
            instance.exports.run(3)
            memo = {"cycle": instance, "store": store}
            memo["self"] = memo
        del store, instance, memo
        gc.collect()
    assert seen == []


def test_deferred_releases_happen_when_the_store_is_idle() -> None:
    store = Store()
    victims = [Func(store, FuncType(), lambda: None) for _ in range(5)]

    def cb(x: int) -> int:
        for v in victims:
            v.close()
        assert len(store._deferred) == 5  # the store is running: later
        return x

    run = Instance(store, Module(store, CALLBACK), [cb]).exports.run
    assert run(1) == 0
    assert store._deferred == []


# --------------------------------------------------------------------------
# Threads
# --------------------------------------------------------------------------


def test_two_threads_on_one_store() -> None:
    """Calls from two threads are serialized by the store lock: every result is right."""
    store = Store()
    calls: dict[str, int] = {}

    def cb(x: int) -> int:
        name = threading.current_thread().name
        calls[name] = calls.get(name, 0) + 1
        return x

    ex = Instance(store, Module(store, CALLBACK), [cb]).exports
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for n in range(300):
                assert ex.run(n) == n * (n - 1) // 2
                assert ex.add(n, 1) == n + 1
                ex.add  # noqa: B018
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, name=f"t{k}") for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert calls == {"t0": sum(range(300)), "t1": sum(range(300))}


def test_a_thread_closing_objects_while_another_calls() -> None:
    store = Store()
    started = threading.Event()
    release = threading.Event()

    def cb(x: int) -> int:
        started.set()
        release.wait(5)
        return x

    ex = Instance(store, Module(store, CALLBACK), [cb]).exports
    victim = Func(store, FuncType([i32], [i32]), lambda x: x)
    runner = threading.Thread(target=lambda: ex.run(1))
    runner.start()
    assert started.wait(5)
    victim.close()  # the store is busy in the other thread: deferred, never blocking
    assert len(store._deferred) == 1
    release.set()
    runner.join()
    assert store._deferred == []
    with pytest.raises(ValueError, match="Func is closed"):
        victim(1)


def test_memory_access_from_threads() -> None:
    store = Store()
    mem = Instance(store, Module(store, '(module (memory (export "m") 1))'), []).exports.m

    def worker(k: int) -> None:
        for i in range(500):
            mem.write(k * 1000 + i % 1000, bytes([k]))  # type: ignore[union-attr]
            mem.read(0, 16)  # type: ignore[union-attr]

    threads = [threading.Thread(target=worker, args=(k,)) for k in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert mem.read(1000, 3) == b"\1\1\1" and mem.read(2000, 3) == b"\2\2\2"  # type: ignore[union-attr]


# --------------------------------------------------------------------------
# Interpreter exit and the package surface (subprocesses)
# --------------------------------------------------------------------------


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if not os.environ.get("WACAPI_TEST_INSTALLED"):
        env["PYTHONPATH"] = os.pathsep.join([str(support.PACKAGE_ROOT), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, timeout=120
    )


def test_interpreter_exit_with_live_objects() -> None:
    result = run_python(
        """
        import wacapi
        store = wacapi.Store()
        module = wacapi.Module(store, '''(module
          (import "env" "cb" (func $cb (param externref) (result externref)))
          (table (export "t") 2 externref)
          (memory (export "m") 1)
          (func (export "run") (param externref) (result externref) local.get 0 call $cb))''')
        keep = []
        instance = wacapi.Instance(store, module, [lambda x: keep.append(x) or x])
        token = object()
        assert instance.exports.run(token) is token
        instance.exports.t[0] = instance
        view = instance.exports.m.buffer()
        cycle = {"instance": instance}
        cycle["self"] = cycle
        other = wacapi.Store()
        wacapi.Func(other, wacapi.FuncType(), lambda: None)
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n"
    assert result.stderr == ""


def test_interpreter_exit_inside_a_host_function() -> None:
    result = run_python(
        """
        import sys, wacapi
        store = wacapi.Store()
        f = wacapi.Func(store, wacapi.FuncType(), lambda: sys.exit(3))
        f()
        """
    )
    assert result.returncode == 3, result.stderr
    assert "Exception ignored" not in result.stderr


def test_import_is_light() -> None:
    result = run_python(
        """
        import sys, wacapi
        assert not any(m.startswith(("wacapi._library", "wacapi.binding", "wacapi.ffi", "wacapi._func"))
                       for m in sys.modules), sorted(m for m in sys.modules if m.startswith("wacapi"))
        try:
            raise wacapi.Trap("x")
        except wacapi.WasmError:
            pass
        assert "wacapi.binding" not in sys.modules
        wacapi.Store
        assert "wacapi.binding" in sys.modules
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n"


def test_package_surface() -> None:
    for name in wacapi.__all__:
        assert getattr(wacapi, name) is not None, name
    assert set(wacapi.__all__) <= set(dir(wacapi))
    with pytest.raises(AttributeError):
        wacapi.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018
    assert isinstance(wacapi.__version__, str)  # type: ignore[attr-defined]
    package = Path(wacapi.__file__).parent
    assert (package / "py.typed").is_file()
    assert issubclass(wacapi.Trap, wacapi.WasmError) and issubclass(wacapi.WasmError, Exception)
    assert wacapi.Trap("m", 3).exit_code == 3 and repr(wacapi.Trap("m", 3)) == "Trap('m', exit_code=3)"
