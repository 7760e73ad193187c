#!/usr/bin/env python3
"""wacapi's Pythonic API against wasmtime-py, the same workloads in one process.

    benches/python/run.sh            # makes benches/python/.venv (wasmtime, numpy) and runs this
    python bench.py [--quick] [--markdown]

Workloads (the modules are benches/wasm/*.wat and the generated large module):

* call ``add(i32, i32)`` and a no-op function from Python (time per call);
* ``add`` over two numpy int32 columns of 1,000,000 rows: wacapi's ``Func.call_many`` (the
  loop runs in the library) against wasmtime-py's best, a Python loop over its call (timed
  on 10,000 rows); calls per second;
* ``callback.wat``'s ``run(n)``: wasm calls the Python host function
  ``env.cb`` n times (time per wasm -> Python -> wasm round trip);
* ``fib(30)`` (compute in wasm: a JIT against an interpreter);
* 16 MiB of ``memory.wat``'s memory: copy out (``read``), copy in
  (``write``), and sum it with numpy through a zero-copy view;
* compile + instantiate a module of 10,000 functions
  (``gen_large_wat.py``), from its binary.

Each measurement is the best of several rounds (``--quick``: fewer, shorter
rounds).  The ratio is wasmtime-py's time over wacapi's: above 1 wacapi is
faster.  Both runtimes get identical inputs and their results are checked
against each other.
"""

from __future__ import annotations

import argparse
import ctypes
import datetime
import importlib.metadata
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WASM_DIR = ROOT / "benches" / "wasm"
GEN_LARGE = ROOT.parent / "shared" / "bench" / "gen_large_wat.py"

# Use this checkout's package and library unless told otherwise.
if "WACAPI_BENCH_INSTALLED" not in os.environ:
    sys.path.insert(0, str(ROOT / "bindings" / "python"))
    if not os.environ.get("WACAPI_LIBRARY"):
        lib = ROOT / "target" / "release" / "libwacapi.so"
        if lib.is_file():
            os.environ["WACAPI_LIBRARY"] = str(lib)

import numpy as np  # noqa: E402
import wasmtime  # noqa: E402

import wacapi  # noqa: E402

MIB16 = 16 * 1024 * 1024
#: The calls of the bulk row: wacapi's ``call_many`` over columns of this many rows.
BULK_CALLS = 1_000_000
BULK_ROW = "1,000,000 adds over numpy columns (call_many / a loop)"
NOP_WAT = '(module (func (export "nop")))'


def wat(name: str) -> str:
    return (WASM_DIR / f"{name}.wat").read_text()


def large_wat(nfuncs: int = 10_000) -> str:
    if GEN_LARGE.is_file():
        return subprocess.run(
            [sys.executable, str(GEN_LARGE), str(nfuncs)], check=True, capture_output=True, text=True
        ).stdout
    raise SystemExit(f"missing {GEN_LARGE}")


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------


class Timer:
    def __init__(self, quick: bool) -> None:
        self.rounds = 3 if quick else 7
        self.budget = 0.05 if quick else 0.25

    def per_op(self, fn: Callable[[int], Any], batch: int) -> float:
        """Best time per operation of ``fn(batch)`` (which does ``batch`` operations)."""
        fn(max(1, batch // 10))  # warm up
        best = float("inf")
        for _ in range(self.rounds):
            n = 0
            start = time.perf_counter()
            while True:
                fn(batch)
                n += batch
                elapsed = time.perf_counter() - start
                if elapsed >= self.budget:
                    break
            best = min(best, elapsed / n)
        return best

    def once(self, fn: Callable[[], Any], rounds: int = 0) -> float:
        """Best wall time of ``fn()``."""
        best = float("inf")
        for _ in range(rounds or self.rounds):
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
        return best


# --------------------------------------------------------------------------
# The two runtimes, same workloads
# --------------------------------------------------------------------------


class Wacapi:
    name = "wacapi"

    def __init__(self) -> None:
        self.store = wacapi.Store()

    def instance(self, source: Any, imports: Any = ()) -> Any:
        return wacapi.Instance(self.store, wacapi.Module(self.store, source), imports)

    def caller(self, source: str, export: str) -> Callable[..., Any]:
        f = self.instance(source).exports[export]
        return f  # type: ignore[return-value]

    def add_loop(self) -> Callable[[int], None]:
        add = self.caller(wat("add"), "add")

        def run(n: int) -> None:
            for _ in range(n):
                add(1, 2)

        return run

    def nop_loop(self) -> Callable[[int], None]:
        nop = self.caller(NOP_WAT, "nop")

        def run(n: int) -> None:
            for _ in range(n):
                nop()

        return run

    #: Calls per timed batch of :meth:`bulk_add` (the wacapi loop runs in the library).
    bulk_batch = BULK_CALLS

    def bulk_add(self, a: Any, b: Any) -> Callable[[int], Any]:
        """``add`` over the columns ``a``, ``b`` (numpy int32): ``Func.call_many``, one C call."""
        add = self.caller(wat("add"), "add")
        call_many = add.call_many  # type: ignore[attr-defined]

        def run(n: int) -> Any:
            out = None
            for _ in range(n // len(a)):
                out = call_many(a, b)
            return out

        return run

    def callback_run(self) -> Callable[[int], int]:
        def cb(x: int) -> int:
            return x

        run = self.instance(wat("callback"), {"env": {"cb": cb}}).exports["run"]
        return run  # type: ignore[return-value]

    def memory(self) -> tuple[Any, Callable[[int], None]]:
        exports = self.instance(wat("memory")).exports
        return exports["memory"], exports["fill"]  # type: ignore[return-value]

    def mem_read(self, mem: Any) -> bytes:
        data: bytes = mem.read(0, MIB16)
        return data

    def mem_write(self, mem: Any, data: bytes) -> None:
        mem.write(0, data)

    def mem_numpy_sum(self, mem: Any) -> int:
        return int(np.frombuffer(mem.buffer(), dtype=np.uint32).sum(dtype=np.uint64))

    def compile_instantiate(self, binary: bytes) -> Any:
        store = wacapi.Store()
        instance = wacapi.Instance(store, wacapi.Module(store, binary), [])
        return instance.exports["f0"]


class Wasmtime:
    name = "wasmtime-py"

    def __init__(self) -> None:
        self.engine = wasmtime.Engine()
        self.store = wasmtime.Store(self.engine)

    def instance(self, source: Any, imports: Any = ()) -> Any:
        return wasmtime.Instance(self.store, wasmtime.Module(self.engine, source), list(imports))

    def caller(self, source: str, export: str) -> Callable[..., Any]:
        f = self.instance(source).exports(self.store)[export]
        store = self.store
        return lambda *args: f(store, *args)

    # The timed loops call the function directly, as a user would (no wrapper).
    def add_loop(self) -> Callable[[int], None]:
        add = self.instance(wat("add")).exports(self.store)["add"]
        store = self.store

        def run(n: int) -> None:
            for _ in range(n):
                add(store, 1, 2)

        return run

    def nop_loop(self) -> Callable[[int], None]:
        nop = self.instance(NOP_WAT).exports(self.store)["nop"]
        store = self.store

        def run(n: int) -> None:
            for _ in range(n):
                nop(store)

        return run

    #: wasmtime-py has no bulk call: its best is a Python loop over its call, timed on fewer rows.
    bulk_batch = 10_000

    def bulk_add(self, a: Any, b: Any) -> Callable[[int], Any]:
        """``add`` over the columns ``a``, ``b``: a Python loop over the rows, results in an array."""
        add = self.instance(wat("add")).exports(self.store)["add"]
        store = self.store

        def run(n: int) -> Any:
            xs, ys = a[:n].tolist(), b[:n].tolist()
            out = np.empty(n, dtype=np.int32)
            out[:] = [add(store, x, y) for x, y in zip(xs, ys)]
            return out

        return run

    def callback_run(self) -> Callable[[int], int]:
        i32 = wasmtime.ValType.i32()
        cb = wasmtime.Func(self.store, wasmtime.FuncType([i32], [i32]), lambda x: x)
        run = self.instance(wat("callback"), [cb]).exports(self.store)["run"]
        store = self.store
        return lambda n: run(store, n)  # type: ignore[no-any-return]

    def memory(self) -> tuple[Any, Callable[[int], None]]:
        exports = self.instance(wat("memory")).exports(self.store)
        fill = exports["fill"]
        store = self.store
        return exports["memory"], lambda seed: fill(store, seed)

    def mem_read(self, mem: Any) -> bytes:
        return bytes(mem.read(self.store, 0, MIB16))

    def mem_write(self, mem: Any, data: bytes) -> None:
        mem.write(self.store, data, 0)

    def mem_numpy_sum(self, mem: Any) -> int:
        ptr = mem.data_ptr(self.store)
        view = np.ctypeslib.as_array(ctypes.cast(ptr, ctypes.POINTER(ctypes.c_uint32)), shape=(MIB16 // 4,))
        return int(view.sum(dtype=np.uint64))

    def compile_instantiate(self, binary: bytes) -> Any:
        store = wasmtime.Store(self.engine)
        instance = wasmtime.Instance(store, wasmtime.Module(self.engine, binary), [])
        return instance.exports(store)["f0"]


# --------------------------------------------------------------------------
# Workloads
# --------------------------------------------------------------------------


def measure(rt: Any, timer: Timer, large_binary: bytes, fib_n: int) -> dict[str, float]:
    out: dict[str, float] = {}
    add = rt.caller(wat("add"), "add")
    assert add(2, 40) == 42
    out["call add(i32, i32)"] = timer.per_op(rt.add_loop(), 10_000)
    assert rt.caller(NOP_WAT, "nop")() is None
    out["call a no-op"] = timer.per_op(rt.nop_loop(), 10_000)

    run = rt.callback_run()
    n = 20_000
    assert run(n) == ctypes.c_int32(n * (n - 1) // 2).value
    out["host callback round trip"] = timer.per_op(lambda k: run(k), n)

    a = np.arange(BULK_CALLS, dtype=np.int32)
    b = np.full(BULK_CALLS, 7, dtype=np.int32)
    bulk = rt.bulk_add(a, b)
    assert bulk(rt.bulk_batch)[: rt.bulk_batch].tolist() == (a[: rt.bulk_batch] + 7).tolist()
    out[BULK_ROW] = timer.per_op(bulk, rt.bulk_batch)

    fib = rt.caller(wat("fib"), "fib")
    assert fib(20) == 6765
    out[f"fib({fib_n})"] = timer.once(lambda: fib(fib_n), rounds=3)

    mem, fill = rt.memory()
    fill(12345)
    expected = rt.mem_read(mem)
    out["read 16 MiB (copy)"] = timer.once(lambda: rt.mem_read(mem))
    data = bytes(reversed(expected[:4096])) * (MIB16 // 4096)
    out["write 16 MiB (copy)"] = timer.once(lambda: rt.mem_write(mem, data))
    assert rt.mem_read(mem) == data
    assert rt.mem_numpy_sum(mem) == int(np.frombuffer(data, dtype=np.uint32).sum(dtype=np.uint64))
    out["numpy sum of 16 MiB (zero-copy view)"] = timer.once(lambda: rt.mem_numpy_sum(mem))

    f0 = rt.compile_instantiate(large_binary)
    assert f0 is not None
    out["compile + instantiate 10,000 functions"] = timer.once(lambda: rt.compile_instantiate(large_binary), rounds=3)
    return out


def bare_call(timer: Timer) -> tuple[float, float, float, float]:
    """Reference: one ctypes call of wasm_func_call on add(1, 2) with ready buffers, no
    conversion, no checks (the floor of any ctypes binding), timed in short alternating
    rounds with wacapi's ``add(1, 2)`` and callback round trip, so that a loaded machine
    slows them alike.  Returns (floor, add, callback, add / floor), best per call of each."""
    from wacapi._cabi import func_call

    rt = Wacapi()
    add = rt.caller(wat("add"), "add")
    state = add._state  # type: ignore[attr-defined]
    addr, ap, rp = state.func, state.args, state.results
    add(1, 2)
    run_cb = rt.callback_run()
    n = 10_000

    def floor(k: int) -> None:
        for _ in range(k):
            func_call(addr, ap, rp)

    def calls(k: int) -> None:
        for _ in range(k):
            add(1, 2)

    best = [float("inf")] * 3
    rounds = Timer(quick=True)
    rounds.rounds = 1
    for _ in range(timer.rounds * 3):
        best[0] = min(best[0], rounds.per_op(floor, n))
        best[1] = min(best[1], rounds.per_op(calls, n))
        best[2] = min(best[2], rounds.per_op(run_cb, n))
    return best[0], best[1], best[2], best[1] / best[0]


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def fmt_rate(seconds_per_call: float) -> str:
    return f"{1 / seconds_per_call / 1e6:.2f} M calls/s ({seconds_per_call * 1e9:.0f} ns each)"


GOALS = {
    "call add(i32, i32)": 20.0,
    "host callback round trip": 5.0,
    "compile + instantiate 10,000 functions": 50.0,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter rounds")
    parser.add_argument("--fib", type=int, default=30, help="n of fib(n) (default 30)")
    args = parser.parse_args()

    timer = Timer(args.quick)
    large_binary = wacapi.ffi.wat2wasm(large_wat())
    results = {}
    for rt in (Wacapi(), Wasmtime()):
        results[rt.name] = measure(rt, timer, large_binary, args.fib)

    lines = [
        f"date: {datetime.date.today().isoformat()}; python {platform.python_version()}; "
        f"wasmtime-py {importlib.metadata.version('wasmtime')}; "
        f"{platform.machine()}, {os.cpu_count()} cores",
        "",
        "| workload | wacapi | wasmtime-py | wasmtime-py / wacapi | goal |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, ours in results["wacapi"].items():
        theirs = results["wasmtime-py"][name]
        goal = GOALS.get(name)
        ratio = theirs / ours
        mark = "" if goal is None else (f"≥ {goal:g}x {'✓' if ratio >= goal else '✗'}")
        if name == BULK_ROW:
            lines.append(f"| {name} | {fmt_rate(ours)} | {fmt_rate(theirs)} | {ratio:.2f}x | {mark} |")
            continue
        lines.append(f"| {name} | {fmt_time(ours)} | {fmt_time(theirs)} | {ratio:.2f}x | {mark} |")
    floor, add, callback, ratio = bare_call(timer)
    lines += [
        "",
        f"Reference, in alternating rounds: a bare ctypes call of wasm_func_call for add(1, 2) (buffers "
        f"ready, no conversion) {fmt_time(floor)}; wacapi's add(1, 2) {fmt_time(add)} ({ratio:.2f}x the bare "
        f"call, {fmt_time(add - floor)} more); a host callback round trip {fmt_time(callback)}.",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
