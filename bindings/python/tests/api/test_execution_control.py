"""Execution control (issue 11): timeouts, Store.interrupt(), Ctrl-C, call_async, Suspended.

Every guest that could run forever runs on a store with a fuel backstop (consume_fuel and
a large tank: at worst it traps "all fuel consumed" after a few seconds) or in a subprocess
with a timeout, so no test can hang.
"""

from __future__ import annotations

import asyncio
import math
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import support
import wacapi
from support import binding, neg, void_neg

SPIN = '(module (func (export "spin") (loop br 0)))'
COUNT = """(module
  (func (export "count") (param i32) (result i32) (local i32)
    (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))
          (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 1)))"""
#: Fuel for at most a few seconds of guest work: the backstop of the endless guests.
BACKSTOP = 3_000_000_000


def backstop_store() -> wacapi.Store:
    store = wacapi.Store(wacapi.Engine(consume_fuel=True))
    store.fuel = BACKSTOP
    return store


def export(store: wacapi.Store, wat: str, name: str) -> Any:
    return getattr(wacapi.Instance(store, wacapi.Module(store, wat)).exports, name)


# ---------------------------------------------------------------- config


def test_interruptible_is_the_default() -> None:
    assert wacapi.Config().interruptible is True
    assert wacapi.Engine().interruptible is True
    engine = wacapi.Engine(wacapi.Config(interruptible=False))
    assert engine.interruptible is False
    assert "interruptible=False" in repr(engine.config)
    with pytest.raises(TypeError, match="takes a bool"):
        wacapi.Config(interruptible=1)


def test_exports() -> None:
    for name in ("Timeout", "Interrupted", "Suspended"):
        assert name in wacapi.__all__
    assert issubclass(wacapi.Timeout, wacapi.Trap)
    assert issubclass(wacapi.Interrupted, wacapi.Trap)


# ---------------------------------------------------------------- timeouts


def test_infinite_loop_timeout() -> None:
    store = backstop_store()
    spin = export(store, SPIN, "spin")
    start = time.monotonic()
    with pytest.raises(wacapi.Timeout) as info:
        spin.call(timeout=0.1)
    assert info.value.message == "deadline exceeded"
    assert time.monotonic() - start < 2
    # The deadline went with the call: the store works on.
    assert export(store, COUNT, "count").call(100, timeout=5) == 100
    assert store.fuel > 0


def test_deadline_context_manager_nests() -> None:
    store = backstop_store()
    spin = export(store, SPIN, "spin")
    count = export(store, COUNT, "count")
    with store.deadline(10):
        with pytest.raises(wacapi.Timeout), store.deadline(0.05):
            spin()
        assert count(10) == 10  # the outer deadline is back, and far away
    with pytest.raises(wacapi.Timeout), store.deadline(0):
        count(10)
    assert count(10) == 10


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf, -0.5])
def test_bad_timeout_values(bad: float) -> None:
    store = backstop_store()
    count = export(store, COUNT, "count")
    with pytest.raises(ValueError, match="finite number of seconds"):
        count.call(1, timeout=bad)
    with pytest.raises(ValueError), store.deadline(bad):
        pass


@pytest.mark.parametrize("bad", ["1", True, [1]])
def test_timeout_types(bad: Any) -> None:
    store = backstop_store()
    count = export(store, COUNT, "count")
    with pytest.raises(TypeError, match="number of seconds"):
        count.call(1, timeout=bad)
    with pytest.raises(TypeError), store.deadline(None):  # type: ignore[arg-type]
        pass
    assert count.call(3, timeout=None) == 3


def test_not_interruptible_engine() -> None:
    store = wacapi.Store(wacapi.Engine(wacapi.Config(interruptible=False)))
    count = export(store, COUNT, "count")
    assert count(5) == 5
    with pytest.raises(wacapi.WasmError, match="interruptible engine"):
        count.call(5, timeout=1)
    with pytest.raises(wacapi.WasmError, match="interruptible engine"):
        store.interrupt()
    with pytest.raises(wacapi.WasmError, match="interruptible engine"):
        asyncio.run(count.call_async(5))
    with pytest.raises(wacapi.WasmError, match="interruptible engine"):
        store.fuel_slice = 1000


def test_closed_store_and_func() -> None:
    store = backstop_store()
    count = export(store, COUNT, "count")
    count.close()
    with pytest.raises(ValueError, match="closed"):
        count.call(1, timeout=1)
    with pytest.raises(ValueError, match="closed"):
        asyncio.run(count.call_async(1))
    store.close()
    with pytest.raises(ValueError, match="closed"):
        store.interrupt()
    with pytest.raises(ValueError, match="closed"), store.deadline(1):
        pass


# ---------------------------------------------------------------- interrupt


def test_interrupt_from_a_thread() -> None:
    store = backstop_store()
    spin = export(store, SPIN, "spin")
    timer = threading.Timer(0.1, store.interrupt)
    timer.start()
    try:
        with pytest.raises(wacapi.Interrupted) as info:
            spin()
    finally:
        timer.cancel()
    assert info.value.message == "interrupted"
    # The flag was consumed.
    assert export(store, COUNT, "count")(7) == 7


def test_interrupt_before_the_call_stops_the_next_one() -> None:
    store = backstop_store()
    store.fuel_slice = 10_000
    store.interrupt()
    with pytest.raises(wacapi.Interrupted):
        export(store, COUNT, "count")(10)


# ---------------------------------------------------------------- Ctrl-C


def _run_child(code: str) -> subprocess.CompletedProcess[str]:
    here = support.TESTS_DIR
    env = dict(os.environ)
    if not env.get("WACAPI_TEST_INSTALLED"):
        # The source tree's package, as the parent imports it (pytest's pythonpath setting).
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(here.parent), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=here,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_ctrl_c_stops_a_guest_loop() -> None:
    result = _run_child(
        """
        import os, signal, threading, time, wacapi
        store = wacapi.Store(wacapi.Engine(consume_fuel=True))
        store.fuel = 3_000_000_000
        spin = wacapi.Instance(store, wacapi.Module(store,
            '(module (func (export "spin") (loop br 0)))')).exports.spin
        threading.Timer(0.2, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        start = time.monotonic()
        try:
            spin()
        except KeyboardInterrupt:
            print("KeyboardInterrupt", time.monotonic() - start < 2)
        threading.Timer(0.2, lambda: signal.raise_signal(signal.SIGINT)).start()
        try:
            spin.call(timeout=30)
        except KeyboardInterrupt:
            print("again")
        """
    )
    assert result.stdout.split() == ["KeyboardInterrupt", "True", "again"], result.stderr
    assert "Exception ignored" not in result.stderr


def test_keyboard_interrupt_in_a_host_function() -> None:
    store = backstop_store()

    def host() -> None:
        raise KeyboardInterrupt

    linker = wacapi.Linker(store)
    linker.define_func("env", "host", host)
    f = linker.instantiate(
        wacapi.Module(store, '(module (import "env" "host" (func $h)) (func (export "f") (call $h)))')
    ).exports.f
    with pytest.raises(KeyboardInterrupt):
        f()


# ---------------------------------------------------------------- asyncio


def test_async_two_guests_interleave_and_cancel() -> None:
    store = backstop_store()
    order: list[str] = []

    def tick(which: int) -> None:
        order.append("ab"[which])

    linker = wacapi.Linker(store)
    linker.define_func("env", "tick", tick, wacapi.FuncType([wacapi.ValType.i32()], []))
    work = linker.instantiate(
        wacapi.Module(
            store,
            """(module (import "env" "tick" (func $tick (param i32)))
              (func (export "work") (param i32 i32) (local i32)
                (loop
                  (call $tick (local.get 0))
                  ;; some work between the ticks
                  (local.set 2 (i32.const 0))
                  (loop (local.set 2 (i32.add (local.get 2) (i32.const 1)))
                        (br_if 0 (i32.lt_u (local.get 2) (i32.const 20000))))
                  (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
                  (br_if 0 (local.get 1)))))""",
        )
    ).exports.work
    spin = export(store, SPIN, "spin")

    async def main() -> None:
        await asyncio.gather(work.call_async(0, 20, slice_fuel=50_000), work.call_async(1, 20, slice_fuel=50_000))
        task = asyncio.ensure_future(spin.call_async(slice_fuel=10_000))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert order.count("a") == order.count("b") == 20
    text = "".join(order)
    assert "ab" in text and "ba" in text, text  # interleaved, not one after the other
    # Nothing of the cancelled call is left running: the store calls on.
    assert export(store, COUNT, "count")(3) == 3


def test_async_host_functions() -> None:
    store = backstop_store()

    async def double(x: int) -> int:
        await asyncio.sleep(0.001)
        return x * 2

    async def pair(x: int) -> tuple[int, int]:
        await asyncio.sleep(0)
        return x, x + 1

    async def bad(x: int) -> int:
        return "no"  # type: ignore[return-value]

    linker = wacapi.Linker(store)
    linker.define_func("host", "double", double)
    linker.define_func("host", "pair", pair)
    linker.define_func("host", "bad", bad)
    exports = linker.instantiate(
        wacapi.Module(
            store,
            """(module
              (import "host" "double" (func $d (param i32) (result i32)))
              (import "host" "pair" (func $p (param i32) (result i32 i32)))
              (import "host" "bad" (func $b (param i32) (result i32)))
              (func (export "f") (param i32) (result i32)
                (call $d (call $d (local.get 0))))
              (func (export "g") (param i32) (result i32)
                (i32.add (call $p (local.get 0))))
              (func (export "h") (result i32) (call $b (i32.const 1))))""",
        )
    ).exports
    assert asyncio.run(exports.f.call_async(5)) == 20
    assert asyncio.run(exports.g.call_async(5)) == 11
    with pytest.raises(TypeError, match="must be an int"):
        asyncio.run(exports.h.call_async())
    # From a plain call: a clear TypeError, no coroutine left unawaited.
    with pytest.raises(TypeError, match="async def"):
        exports.f(5)
    with pytest.raises(TypeError, match="async def"):
        exports.f.call(5, timeout=5)


def test_async_bad_slice_fuel() -> None:
    store = backstop_store()
    count = export(store, COUNT, "count")
    with pytest.raises(ValueError):
        asyncio.run(count.call_async(1, slice_fuel=0))
    with pytest.raises(TypeError):
        asyncio.run(count.call_async(1, slice_fuel=1.5))  # type: ignore[arg-type]
    # Warmed up first: with lazy translation, compiling the function on its first call takes
    # more fuel than a slice of 100 (the library then traps "all fuel consumed").
    assert count(1) == 1
    assert asyncio.run(count.call_async(1000, slice_fuel=100)) == 1000


# ---------------------------------------------------------------- Suspended


def test_suspend_and_resume_equal_an_uninterrupted_run() -> None:
    plain_store = backstop_store()
    expected = export(plain_store, COUNT, "count")(50_000)
    used = BACKSTOP - plain_store.fuel

    store = wacapi.Store(wacapi.Engine(consume_fuel=True))
    store.on_out_of_fuel = "suspend"
    count = export(store, COUNT, "count")
    store.fuel = 1000
    result = count.call(50_000)
    pauses = 0
    while isinstance(result, wacapi.Suspended):
        pauses += 1
        previous = result
        result = result.resume(10_000)
        assert previous.done
        with pytest.raises(ValueError, match="already"):
            previous.resume(10)
    assert result == expected
    assert pauses >= used // 10_000 - 1
    # Plain calls still trap.
    store.fuel = 10
    with pytest.raises(wacapi.Trap, match="fuel"):
        count(50_000)


def test_suspended_cancel_and_with() -> None:
    store = wacapi.Store(wacapi.Engine(consume_fuel=True))
    store.on_out_of_fuel = "suspend"
    count = export(store, COUNT, "count")
    store.fuel = 1000  # the first call also pays for compiling count (lazy translation)
    s = count.call(1_000_000)
    assert isinstance(s, wacapi.Suspended) and not s.done
    assert "out of fuel" in repr(s)
    s.cancel()
    s.cancel()
    assert s.done
    with pytest.raises(ValueError):
        s.resume(1000)
    store.fuel = 1000
    with count.call(1_000_000) as s2:
        assert isinstance(s2, wacapi.Suspended)
    assert s2.done
    store.fuel = 1000
    with count.call(1_000_000) as s3, pytest.raises(TypeError):
        s3.resume("1")


def test_on_out_of_fuel_checks() -> None:
    store = wacapi.Store()
    with pytest.raises(wacapi.WasmError, match="consume_fuel"):
        store.on_out_of_fuel = "suspend"
    with pytest.raises(ValueError):
        store.on_out_of_fuel = "pause"
    with pytest.raises(TypeError):
        store.on_out_of_fuel = None  # type: ignore[assignment]
    assert store.on_out_of_fuel == "trap"


# ---------------------------------------------------------------- CLI


def test_cli_timeout(tmp_path: Path) -> None:
    wat = tmp_path / "spin.wat"
    wat.write_text('(module (func (export "_start") (loop br 0)))')
    here = support.TESTS_DIR
    result = subprocess.run(
        [sys.executable, "-m", "wacapi", "run", "--timeout", "0.2", str(wat)],
        cwd=here.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 124, result.stderr
    assert "timed out after 0.2 s" in result.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "wacapi", "run", "--timeout", "-1", str(wat)],
        cwd=here.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2


# ---------------------------------------------------------------- the C functions with bad input


def test_binding_functions_refuse_null() -> None:
    config = binding.wasm_config_new()
    binding.wacapi_config_interruptible(config, True)
    binding.wasm_config_delete(config)
    neg(binding.wacapi_config_interruptible, None, True)
    assert not neg(binding.wacapi_store_interrupt_handle, None)
    assert void_neg(binding.wacapi_interrupt, None) == "wacapi_interrupt: handle is NULL"
    neg(binding.wacapi_interrupt_handle_delete, None)
    assert not neg(binding.wacapi_store_set_deadline, None, 1)
    neg(binding.wacapi_store_clear_deadline, None)
    assert not neg(binding.wacapi_store_set_interrupt_check, None, binding.wacapi_interrupt_check_t(), None)
    assert not neg(binding.wacapi_store_set_fuel_slice, None, 1)
    assert not neg(binding.wacapi_store_set_yield_interval, None, 1)
    trap = neg(binding.wacapi_func_call_resumable, None, None, None, None)
    assert trap
    binding.wasm_trap_delete(trap)
    trap = neg(binding.wacapi_resumable_call_resume, None, None)
    assert trap
    binding.wasm_trap_delete(trap)
    assert neg(binding.wacapi_resumable_call_state, None) == binding.WACAPI_CALL_TRAPPED
    assert not neg(binding.wacapi_resumable_call_set_host_results, None, None)
    neg(binding.wacapi_resumable_call_delete, None)
    assert not neg(binding.wacapi_trap_new_suspend, None)
