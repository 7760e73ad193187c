"""A random driver of the Pythonic API: every operation succeeds or raises, nothing crashes.

    python tests/fuzz_api.py --ops 200000 --seed 7            # by hand, as long as you like
    python tests/fuzz_api.py --seconds 600 --log /tmp/fuzz.log
    WACAPI_PYFUZZ_OPS=20000 WACAPI_PYFUZZ_SEED=1 python tests/fuzz_api.py

It makes and uses engines, stores, modules (valid text and binaries, invalid
and mutated bytes), instances, host functions (``Func.wrap``, ones that raise,
return wrong values or call back into their store), globals, tables, memories
and zero-copy views; it calls functions with random and wrong-typed
arguments, grows memories from the host and from the guest, takes, writes
and releases views, closes and deletes objects (``del`` and
``gc.collect()``), in two stores at once from two threads (a store's lock
serializes its operations; each thread may use either store).

An operation may raise wacapi's or Python's ordinary exceptions
(``WasmError``, ``TypeError``, ``ValueError``, ``IndexError``,
``BufferError``, ...). Anything else (an ``AttributeError`` from inside the
package, a ``ctypes.ArgumentError``, ...) is reported as a finding and makes
the exit status 1. A crash of the interpreter is what the pytest wrapper
(``test_fuzz_api.py``) catches: run in a subprocess, the seed and the last
operations (``--log``, flushed line by line) tell how to reproduce it.
The seed fixes each thread's choices; the interleaving of the two threads is
up to the OS, so use ``--threads 1`` for an exact replay.
"""

from __future__ import annotations

import argparse
import faulthandler
import gc
import itertools
import os
import random
import sys
import threading
import time
import traceback
from collections import deque
from pathlib import Path
from typing import Any, Callable, Optional

HERE = Path(__file__).resolve().parent
if not os.environ.get("WACAPI_TEST_INSTALLED"):
    sys.path.insert(0, str(HERE.parent))

import wacapi  # noqa: E402
from wacapi import (  # noqa: E402
    F32,
    F64,
    I64,
    Engine,
    ExternRef,
    Func,
    FuncRef,
    FuncType,
    Global,
    GlobalType,
    Instance,
    Linker,
    Memory,
    MemoryType,
    Module,
    Store,
    Table,
    TableType,
    ValType,
    WasiConfig,
    WasmError,
)

try:
    import numpy
except ImportError:  # numpy views are one kind of view among others
    numpy = None

PAGE = 65536


class FuzzError(Exception):
    """What the fuzzer's host functions raise on purpose."""


#: What an operation may raise without it being a finding.
EXPECTED: tuple[type[BaseException], ...] = (
    WasmError,
    TypeError,
    ValueError,
    IndexError,
    KeyError,
    BufferError,
    OverflowError,
    FuzzError,
    RecursionError,
)

# --------------------------------------------------------------------------
# Modules
# --------------------------------------------------------------------------

KITCHEN = """
(module
  (import "host" "echo" (func $echo (param i32) (result i32)))
  (import "host" "poke" (func $poke))
  (import "host" "mix" (func $mix (param i64 f32 f64) (result f64)))
  (import "host" "obj" (func $obj (param externref) (result externref)))
  (type $unop (func (param i32) (result i32)))
  (memory (export "memory") 1 8)
  (global $g (export "g") (mut i32) (i32.const 0))
  (table $t (export "table") 4 16 funcref)
  (elem (i32.const 0) $double $echo)
  (data (i32.const 0) "kitchen")
  (func $double (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) memory.size)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "echo") (param i32) (result i32) (call $echo (local.get 0)))
  (func (export "poke_then_grow") (param i32) (result i32) (call $poke) (memory.grow (local.get 0)))
  (func (export "mix") (param i64 f32 f64) (result f64) (call $mix (local.get 0) (local.get 1) (local.get 2)))
  (func (export "obj") (param externref) (result externref) (call $obj (local.get 0)))
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect (type $unop) (local.get 1) (local.get 0)))
  (func (export "table_grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
  (func (export "set_g") (param i32) (global.set $g (local.get 0)))
  (func $rec (export "recurse") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
  (func (export "spin") (param i32) (result i32) (local $i i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get 0)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $i))
  (func (export "boom") unreachable))
"""

# Imports a memory, a global and a table and exports them again (other Memory objects).
IMPORTER = """
(module
  (import "env" "memory" (memory 1))
  (import "env" "g" (global $g (mut i32)))
  (import "env" "table" (table 1 funcref))
  (export "memory" (memory 0))
  (export "g" (global $g))
  (export "table" (table 0))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "get_g") (result i32) (global.get $g)))
"""

SMALL = '(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))'
REFS = """
(module
  (table (export "refs") 2 externref)
  (func (export "id") (param externref) (result externref) (local.get 0))
  (func (export "fref") (param funcref) (result funcref) (local.get 0)))
"""

TEXTS = [KITCHEN, IMPORTER, SMALL, REFS]
BINARIES = [wacapi.ffi.wat2wasm(t) for t in TEXTS]
INVALID: list[Any] = [
    b"\0asm\x01\0\0\0\xff",
    b"\0asm",
    b"",
    "(module (func (result i32)))",  # invalid: no result on the stack
    '(module (func $f (export "f") (param i32) (result i32) i64.const 1))',
    "(not wat at all",
    bytearray(b"\0asm\x01\0\0\0"),
    memoryview(b"\0asm\x02\0\0\0"),
    12345,
    None,
]

#: Values for wrong-typed arguments, besides good ones.
ODD_VALUES: list[Any] = [
    0,
    -1,
    1,
    2**31,
    2**31 - 1,
    -(2**31) - 1,
    2**32,
    2**63,
    2**64,
    -(2**63) - 1,
    1.5,
    -0.0,
    float("nan"),
    float("inf"),
    None,
    True,
    "text",
    b"bytes",
    [],
    (1, 2),
    object(),
    10**100,
]

# --------------------------------------------------------------------------
# The shared pool of objects
# --------------------------------------------------------------------------

KINDS = ("engine", "module", "instance", "func", "global", "table", "memory", "view", "linker")
CAP = 24  # objects of one kind; beyond it a random one is dropped


class Pool:
    """The objects the operations work on, shared by the threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stores: list[Optional[Store]] = [None, None]
        self.items: dict[str, list[Any]] = {k: [] for k in KINDS}

    def add(self, kind: str, obj: Any, rng: random.Random) -> None:
        dropped = None
        with self.lock:
            items = self.items[kind]
            items.append(obj)
            if len(items) > CAP:
                dropped = items.pop(rng.randrange(len(items)))
        del dropped  # outside the pool lock: finalizers may run here

    def pick(self, kind: str, rng: random.Random, store: Optional[Store] = None) -> Any:
        with self.lock:
            items = self.items[kind]
            if store is not None:
                items = [o for o in items if _store_of(o) is store]
            return rng.choice(items) if items else None

    def remove(self, kind: str, rng: random.Random, store: Optional[Store] = None) -> Any:
        with self.lock:
            items = self.items[kind]
            if store is not None:
                mine = [i for i, o in enumerate(items) if _store_of(o) is store]
                return items.pop(rng.choice(mine)) if mine else None
            return items.pop(rng.randrange(len(items))) if items else None

    def store(self, rng: random.Random) -> Optional[Store]:
        with self.lock:
            return self.stores[rng.randrange(2)]


def _store_of(obj: Any) -> Any:
    if isinstance(obj, tuple):  # a view: (memoryview or numpy array, its Memory)
        return obj[1].store
    return getattr(obj, "store", None)


# --------------------------------------------------------------------------
# The driver
# --------------------------------------------------------------------------


class Fuzzer:
    def __init__(self, seed: int, ops: int, seconds: float, threads: int, log: Optional[str]) -> None:
        self.seed = seed
        self.total = ops
        self.deadline = time.monotonic() + seconds
        self.nthreads = threads
        self.pool = Pool()
        self.counter = itertools.count()
        self.done = [0] * threads
        self.findings: list[str] = []
        self.recent: deque[str] = deque(maxlen=60)
        self.log_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644) if log else None
        self.log_lines = 0
        self.tls = threading.local()
        self.stats: dict[str, int] = {}
        self.raised = 0
        #: (operation, exception type, message start) -> count, for --verbose.
        self.reasons: dict[tuple[str, str, str], int] = {}
        self.verbose = False
        self.progress = 0  # a progress line every this many operations (0: none)
        self.close_stores = 0.9  # how often a replaced store is closed (else just dropped)
        self.started = time.monotonic()
        self.ops: list[tuple[int, Callable[[random.Random, str], None]]] = [
            (3, self.op_new_store),
            (1, self.op_close_store),
            (2, self.op_new_engine),
            (6, self.op_new_module),
            (6, self.op_instantiate),
            (2, self.op_linker),
            (4, self.op_wrap),
            (30, self.op_call),
            (4, self.op_call_host),
            (4, self.op_global),
            (5, self.op_table),
            (3, self.op_new_memory),
            (8, self.op_memory_rw),
            (8, self.op_grow_host),
            (6, self.op_grow_guest),
            (8, self.op_take_view),
            (8, self.op_use_view),
            (5, self.op_release_view),
            (4, self.op_close),
            (3, self.op_delete),
            (1, self.op_collect),
            (2, self.op_misc),
        ]
        self.weights = list(itertools.accumulate(w for w, _ in self.ops))

    # ---------------------------------------------------------------- logging

    def note(self, line: str) -> None:
        self.recent.append(line)
        fd = self.log_fd
        if fd is not None:
            if self.log_lines >= 20000:  # keep the log short: the last operations matter
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                self.log_lines = 0
            self.log_lines += 1
            os.write(fd, (line + "\n").encode("utf-8", "backslashreplace"))

    # ---------------------------------------------------------------- running

    def run(self) -> int:
        start = self.started = time.monotonic()
        # Two stores from the start; operations replace them now and then.
        rng = random.Random(self.seed)
        self.pool.stores = [Store(), Store(max_memory=4 * PAGE)]
        workers = [
            threading.Thread(target=self.worker, args=(i, random.Random(rng.getrandbits(64))), name=f"fuzz-{i}")
            for i in range(self.nthreads)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        # Tear down: everything goes, views last-but-one, then the stores.
        with self.pool.lock:
            for items in self.pool.items.values():
                items.clear()
            self.pool.stores = [None, None]
        gc.collect()
        elapsed = time.monotonic() - start
        done = sum(self.done)
        print(
            f"pyfuzz: seed {self.seed}: {done} operations in {elapsed:.1f} s "
            f"({done / max(elapsed, 1e-9):.0f}/s) on {self.nthreads} threads, "
            f"{self.raised} raised an expected exception, {len(self.findings)} findings",
            flush=True,
        )
        top = sorted(self.stats.items(), key=lambda kv: -kv[1])
        print("pyfuzz: " + ", ".join(f"{name} {count}" for name, count in top), flush=True)
        if self.verbose:
            for (op, kind, text), count in sorted(self.reasons.items(), key=lambda kv: -kv[1])[:60]:
                print(f"pyfuzz: {count:6d} {op}: {kind}: {text}")
        for finding in self.findings[:20]:
            print(finding, file=sys.stderr)
        return 1 if self.findings else 0

    def worker(self, tid: int, rng: random.Random) -> None:
        self.tls.depth = 0
        self.tls.rng = rng
        self.tls.tid = tid
        while time.monotonic() < self.deadline:
            n = next(self.counter)
            if n >= self.total:
                break
            self.one(rng, f"t{tid} #{n}")
            self.done[tid] += 1
            if self.progress and n % self.progress == 0 and n:
                self.report(n)

    def report(self, n: int) -> None:
        """A progress line: the rate, and what could grow without bound."""
        now = time.monotonic()
        last_n, last_t = getattr(self, "_last", (0, self.started))
        self._last = (n, now)
        rss = 0
        try:
            with open("/proc/self/statm") as f:
                rss = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") >> 20
        except (OSError, ValueError, IndexError):
            pass
        stores = [s for s in self.pool.stores if s is not None]
        # Not gc.get_objects(): it hands out objects other threads are still building
        # (a tuple being filled), which CPython then fails to finish.
        print(
            f"pyfuzz: {n} ops, {(n - last_n) / max(now - last_t, 1e-9):.0f}/s, rss {rss} MiB, "
            f"gc counts {gc.get_count()}, externrefs {[len(s._externs) for s in stores]}, "
            f"views {[len(s._views) for s in stores]}, memories "
            f"{sum(m.data_len for m in list(self.pool.items['memory']) if not m.closed) >> 20} MiB",
            flush=True,
        )

    def one(self, rng: random.Random, tag: str, store: Optional[Store] = None) -> None:
        """One random operation (only on ``store``'s objects when given: inside its host function)."""
        i = self._choose(rng)
        _, op = self.ops[i]
        name = op.__name__[3:]
        self.stats[name] = self.stats.get(name, 0) + 1
        self.tls.store = store
        try:
            op(rng, tag)
        except EXPECTED as exc:
            self.raised += 1
            if self.verbose:
                key = (name, type(exc).__name__, str(exc)[:70])
                self.reasons[key] = self.reasons.get(key, 0) + 1
        except Exception as exc:  # noqa: BLE001 - the point: report it, go on
            text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            self.findings.append(f"finding at {tag} {name}: {type(exc).__name__}: {exc}\n{text}")
            self.note(f"{tag} FINDING {type(exc).__name__}: {exc}")
        finally:
            self.tls.store = store

    def _choose(self, rng: random.Random) -> int:
        x = rng.random() * self.weights[-1]
        for i, w in enumerate(self.weights):
            if x < w:
                return i
        return len(self.weights) - 1

    # ---------------------------------------------------------------- helpers

    def a_store(self, rng: random.Random) -> Optional[Store]:
        inner = getattr(self.tls, "store", None)
        return inner if inner is not None else self.pool.store(rng)

    def pick(self, kind: str, rng: random.Random) -> Any:
        """An object of the pool; inside a host function only one of that function's store
        (another store's lock could be held by a thread waiting for this one: a deadlock)."""
        return self.pool.pick(kind, rng, getattr(self.tls, "store", None))

    def value(self, rng: random.Random, kind: Optional[ValType] = None) -> Any:
        """A random argument: mostly right for ``kind``, sometimes anything."""
        if kind is None or rng.random() < 0.15:
            choice = rng.randrange(4)
            if choice == 0:
                return rng.choice(ODD_VALUES)
            if choice == 1:
                return self.pick("func", rng)
            if choice == 2:
                return self.pick(rng.choice(["memory", "global", "table", "instance"]), rng)
            return rng.randrange(-(2**33), 2**33)
        name = kind.name
        if name == "i32":
            return rng.choice([0, 1, 7, 100, 65536, -1, 2**31 - 1, rng.randrange(-(2**31), 2**32)])
        if name == "i64":
            return rng.randrange(-(2**63), 2**64)
        if name in ("f32", "f64"):
            return rng.choice([0.0, 1.5, -2.25, float("inf"), float("nan"), rng.random() * 1e6, 3])
        if name == "externref":
            return rng.choice([None, "obj", 42, object(), self.pick("memory", rng)])
        return rng.choice([None, self.pick("func", rng)])

    def host_callable(self, rng: random.Random) -> Callable[..., Any]:
        """A Python function to import or wrap: well behaved or not."""
        fuzzer = self
        mode = rng.randrange(6)

        def echo(x: int) -> int:
            if mode == 1:
                raise FuzzError("host function raised on purpose")
            if mode == 2:
                return "not an int"  # type: ignore[return-value]
            if mode == 3:
                return 2**40  # out of range
            return x

        def poke() -> None:
            fuzzer.callback()

        def mix(a: I64, b: F32, c: F64) -> float:
            if mode == 1:
                raise FuzzError("mix")
            return float(a) + b + c

        def obj(x: ExternRef) -> ExternRef:
            fuzzer.callback() if mode == 4 else None
            return x

        def fref(f: FuncRef) -> FuncRef:
            return f

        def two(a: int, b: float) -> tuple[int, float]:
            if mode == 2:
                return (a,)  # type: ignore[return-value]
            return a, b

        return rng.choice([echo, poke, mix, obj, fref, two])

    def callback(self) -> None:
        """Inside a host function: a few operations on its own store, not too deep."""
        tls = self.tls
        depth = getattr(tls, "depth", 0)
        rng: random.Random = getattr(tls, "rng", None) or random.Random(0)
        store = getattr(tls, "store", None)  # the store whose call is running
        if depth >= 2 or store is None:
            return
        tls.depth = depth + 1
        saved = getattr(tls, "store", None)
        try:
            for _ in range(rng.randrange(3)):
                self.one(rng, f"t{getattr(tls, 'tid', '?')} cb{depth}", store)
        finally:
            tls.depth = depth
            tls.store = saved

    def imports_for(self, module: Module, store: Store, rng: random.Random) -> Any:
        """Imports for ``module``: often right, sometimes wrong (kind, type, store, count)."""
        out: list[Any] = []
        for imp in module.imports:
            ty = imp.type
            r = rng.random()
            if r < 0.1:
                out.append(self.value(rng))
                continue
            if isinstance(ty, FuncType):
                out.append(self.host_callable(rng) if r < 0.6 else self.pick("func", rng) or self.host_callable(rng))
            elif isinstance(ty, MemoryType):
                out.append(self.pick("memory", rng) or Memory(store, MemoryType(1, 8)))
            elif isinstance(ty, GlobalType):
                out.append(self.pick("global", rng) or Global(store, GlobalType(ValType.i32(), mutable=True), 3))
            elif isinstance(ty, TableType):
                out.append(self.pick("table", rng) or Table(store, TableType(ValType.funcref(), 1)))
            else:
                out.append(None)
        if rng.random() < 0.05:
            out.append(None) if rng.random() < 0.5 else out.pop() if out else None
        if rng.random() < 0.3 and module.imports:
            by_name: dict[str, dict[str, Any]] = {}
            for imp, item in zip(module.imports, out):
                by_name.setdefault(imp.module, {})[imp.name] = item
            return by_name
        return out

    def adopt_exports(self, instance: Instance, rng: random.Random) -> None:
        for name in list(instance.exports):
            item = instance.exports[name]
            kind = {Func: "func", Memory: "memory", Global: "global", Table: "table"}.get(type(item))
            if kind is None:
                kind = "func" if isinstance(item, Func) else None
            if kind is not None and rng.random() < 0.7:
                self.pool.add(kind, item, rng)

    # ---------------------------------------------------------------- operations

    def op_new_store(self, rng: random.Random, tag: str) -> None:
        if getattr(self.tls, "store", None) is not None:
            return  # not from inside a host function: it would replace a store in use
        slot = rng.randrange(2)
        engine = self.pick("engine", rng) if rng.random() < 0.5 else None
        limit = rng.choice([None, None, 2 * PAGE, 5 * PAGE, 0])
        self.note(f"{tag} new_store slot {slot} engine {engine!r} max_memory {limit}")
        store = Store(engine, max_memory=limit)
        if engine is not None and engine.consume_fuel:
            store.fuel = rng.choice([0, 1000, 10**6, 10**9])
        with self.pool.lock:
            old, self.pool.stores[slot] = self.pool.stores[slot], store
        if old is not None and self.close_stores and rng.random() < self.close_stores:
            # Mostly closed: a store dropped without close() may stay alive (its host
            # functions refer to it from a global registry), and memory would grow.
            old.close()
        del old

    def op_close_store(self, rng: random.Random, tag: str) -> None:
        store = self.a_store(rng)
        self.note(f"{tag} close_store {store!r}")
        if store is not None:
            store.close()

    def op_new_engine(self, rng: random.Random, tag: str) -> None:
        fuel = rng.random() < 0.5
        self.note(f"{tag} new_engine fuel {fuel}")
        self.pool.add("engine", Engine(consume_fuel=fuel), rng)

    def op_new_module(self, rng: random.Random, tag: str) -> None:
        store = self.a_store(rng)
        r = rng.random()
        source: Any
        if r < 0.45:
            i = rng.randrange(len(TEXTS))
            source, what = (TEXTS[i], f"text {i}") if rng.random() < 0.5 else (BINARIES[i], f"binary {i}")
        elif r < 0.6:
            source, what = rng.choice(INVALID), "invalid"
        elif r < 0.9:
            data = bytearray(rng.choice(BINARIES))
            for _ in range(rng.randrange(1, 4)):
                data[rng.randrange(8, len(data))] = rng.randrange(256)
            source, what = bytes(data), f"mutated {bytes(data).hex()}"
        else:
            data = rng.choice(BINARIES)
            cut = rng.randrange(len(data))
            source, what = data[:cut], f"truncated at {cut}"
        self.note(f"{tag} new_module {what} in {store!r}")
        if store is None:
            return
        if rng.random() < 0.2:
            Module.validate(store, source)
            return
        module = Module(store, source)
        module.imports, module.exports  # noqa: B018 - reading the types is a use too
        if rng.random() < 0.1:
            module = Module.deserialize(store, module.serialize())
        self.pool.add("module", module, rng)

    def op_instantiate(self, rng: random.Random, tag: str) -> None:
        module = self.pick("module", rng)
        store = module.store if module is not None and rng.random() < 0.85 else self.a_store(rng)
        self.note(f"{tag} instantiate {module!r} in {store!r}")
        if module is None or store is None:
            return
        instance = Instance(store, module, self.imports_for(module, store, rng))
        self.pool.add("instance", instance, rng)
        self.adopt_exports(instance, rng)

    def op_linker(self, rng: random.Random, tag: str) -> None:
        store = self.a_store(rng)
        module = self.pick("module", rng)
        self.note(f"{tag} linker {store!r} {module!r}")
        if store is None:
            return
        linker = self.pick("linker", rng) if rng.random() < 0.5 else None
        if linker is None or linker.store is not store:
            linker = Linker(store)
            linker.allow_shadowing = rng.random() < 0.5
            self.pool.add("linker", linker, rng)
        if module is not None:
            for imp in module.imports:
                ty = imp.type
                if isinstance(ty, FuncType):
                    linker.define_func(
                        imp.module, imp.name, self.host_callable(rng), ty if rng.random() < 0.5 else None
                    )
                elif rng.random() < 0.8:
                    item = self.pick({MemoryType: "memory", GlobalType: "global", TableType: "table"}[type(ty)], rng)
                    if item is not None:
                        linker.define(imp.module, imp.name, item)
        if rng.random() < 0.2:
            config = WasiConfig()
            config.argv = ["fuzz", str(rng.random())]
            config.capture_stdout()
            linker.define_wasi(config)
        if module is not None:
            instance = linker.instantiate(module)
            self.pool.add("instance", instance, rng)
            self.adopt_exports(instance, rng)
        if rng.random() < 0.1:
            linker.close()

    def op_wrap(self, rng: random.Random, tag: str) -> None:
        store = self.a_store(rng)
        fn = self.host_callable(rng)
        self.note(f"{tag} wrap {fn.__name__} in {store!r}")
        if store is None:
            return
        if rng.random() < 0.2:
            func = Func(store, FuncType([ValType.i32()], [ValType.i32()]), rng.choice([fn, 42, None]))
        else:
            func = Func.wrap(store, fn)
        self.pool.add("func", func, rng)

    def op_call(self, rng: random.Random, tag: str) -> None:
        func = self.pick("func", rng)
        if func is None:
            self.note(f"{tag} call: no func")
            return
        name = func.name or ""
        params = func.type.params if not func.closed else ()
        args = [self.value(rng, p) for p in params]
        if name in ("spin", "recurse"):
            args = [rng.randrange(0, 20000)]
        elif name in ("grow", "poke_then_grow"):
            args = [rng.choice([0, 1, 1, 2, 100, -1])]
        r = rng.random()
        if r < 0.05:
            args.append(1)
        elif r < 0.1 and args:
            args.pop()
        self.note(f"{tag} call {func!r} {args!r}"[:300])
        saved = getattr(self.tls, "store", None)
        self.tls.store = func.store  # host functions it reaches work on this store only
        try:
            func(*args)
        finally:
            self.tls.store = saved

    def op_call_host(self, rng: random.Random, tag: str) -> None:
        """A call of an export that calls back into Python (which then runs operations)."""
        func = self.pick("func", rng)
        self.note(f"{tag} call_host {func!r}")
        if func is None or func.name not in ("poke_then_grow", "obj", "echo"):
            return
        store = func.store
        saved = getattr(self.tls, "store", None)
        self.tls.store = store
        try:
            if func.name == "poke_then_grow":
                func(rng.choice([0, 1]))
            elif func.name == "obj":
                func(object())
            else:
                func(rng.randrange(100))
        finally:
            self.tls.store = saved

    def op_global(self, rng: random.Random, tag: str) -> None:
        g = self.pick("global", rng)
        store = self.a_store(rng)
        r = rng.random()
        if g is None or r < 0.3:
            kind = rng.choice([ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64(), ValType.externref()])
            value = self.value(rng, kind)
            self.note(f"{tag} new_global {kind.name} {value!r}"[:200])
            if store is not None:
                self.pool.add("global", Global(store, GlobalType(kind, mutable=rng.random() < 0.7), value), rng)
            return
        if r < 0.65:
            self.note(f"{tag} global_get {g!r}")
            g.value  # noqa: B018
        else:
            value = self.value(rng, g.type.content)
            self.note(f"{tag} global_set {g!r} {value!r}"[:200])
            g.value = value

    def op_table(self, rng: random.Random, tag: str) -> None:
        t = self.pick("table", rng)
        store = self.a_store(rng)
        r = rng.random()
        if t is None or r < 0.2:
            element = rng.choice([ValType.funcref(), ValType.externref()])
            size = rng.choice([0, 1, 3, 10])
            self.note(f"{tag} new_table {element.name} {size}")
            if store is not None:
                init = self.value(rng, element)
                self.pool.add("table", Table(store, TableType(element, size, rng.choice([None, 20])), init), rng)
            return
        index = rng.choice([0, 1, -1, 5, 100, 2**40, "x"])
        if r < 0.45:
            self.note(f"{tag} table_get {t!r} {index!r}")
            t[index]
        elif r < 0.7:
            value = self.value(rng, t.type.element)
            self.note(f"{tag} table_set {t!r} {index!r} {value!r}"[:200])
            t[index] = value
        elif r < 0.85:
            delta = rng.choice([0, 1, 5, 2**33, -1])
            self.note(f"{tag} table_grow {t!r} {delta}")
            t.grow(delta, self.value(rng, t.type.element))
        else:
            self.note(f"{tag} table_iter {t!r}")
            list(t)
            len(t)

    def op_new_memory(self, rng: random.Random, tag: str) -> None:
        store = self.a_store(rng)
        lo = rng.choice([0, 1, 1, 2, 70000])
        hi = rng.choice([None, lo, lo + 3, 16])
        self.note(f"{tag} new_memory {lo} {hi} in {store!r}")
        if store is not None:
            self.pool.add("memory", Memory(store, MemoryType(lo, hi)), rng)

    def op_memory_rw(self, rng: random.Random, tag: str) -> None:
        mem = self.pick("memory", rng)
        if mem is None:
            return
        offset = rng.choice([0, 1, PAGE - 4, PAGE, 2 * PAGE, -1, 2**40, rng.randrange(4 * PAGE)])
        length = rng.choice([0, 1, 4, 100, PAGE, -1])
        if rng.random() < 0.5:
            self.note(f"{tag} read {mem!r} {offset} {length}")
            mem.read(offset, length)
        else:
            data: Any = rng.choice([b"abc", bytes(length if 0 <= length < 70000 else 3), "str", memoryview(b"xy")])
            self.note(f"{tag} write {mem!r} {offset} {type(data).__name__}")
            mem.write(offset, data)
        if rng.random() < 0.2:
            mem.size, mem.data_len, repr(mem)

    def op_grow_host(self, rng: random.Random, tag: str) -> None:
        mem = self.pick("memory", rng)
        delta = rng.choice([0, 1, 1, 2, 5, 100, 70000, -1, 2**33])
        self.note(f"{tag} grow_host {mem!r} {delta}")
        if mem is not None:
            old = mem.size
            got = mem.grow(delta)
            if got < old:  # (another thread may have grown it in between: more, not less)
                raise AssertionError(f"grow() returned {got}, the size was {old}")

    def op_grow_guest(self, rng: random.Random, tag: str) -> None:
        func = self.pick("func", rng)
        if func is None or func.name != "grow":
            return
        delta = rng.choice([0, 1, 1, 2, 100])
        self.note(f"{tag} grow_guest {func!r} {delta}")
        saved = getattr(self.tls, "store", None)
        self.tls.store = func.store
        try:
            func(delta)
        finally:
            self.tls.store = saved

    def op_take_view(self, rng: random.Random, tag: str) -> None:
        mem = self.pick("memory", rng)
        if mem is None:
            return
        how = rng.randrange(5)
        self.note(f"{tag} take_view {mem!r} kind {how}")
        view = mem.buffer()
        kept: Any = view
        if how == 1:
            kept = view[rng.randrange(len(view) + 1) :]
        elif how == 2 and numpy is not None and len(view) >= 4:
            kept = numpy.frombuffer(view, dtype=numpy.uint32)
        elif how == 3:
            kept = memoryview(view)
        elif how == 4:
            with mem.buffer() as scoped:  # a view that ends at once
                if len(scoped):
                    scoped[0] = scoped[0]
            kept = None
        del view
        if kept is not None:
            self.pool.add("view", (kept, mem), rng)

    def op_use_view(self, rng: random.Random, tag: str) -> None:
        entry = self.pick("view", rng)
        if entry is None:
            return
        view, mem = entry
        n = len(view)
        if n == 0:
            return
        i = rng.randrange(n)
        self.note(f"{tag} use_view {mem!r} len {n} at {i}")
        # Writes through any live view must land in the live memory (never freed).
        if numpy is not None and isinstance(view, numpy.ndarray):
            view[i] = rng.randrange(2**32)
            int(view[i])
            if rng.random() < 0.1:
                int(view.sum())
        else:
            view[i] = rng.randrange(256)
            view[i]
            if rng.random() < 0.05:
                bytes(view[: min(n, 4096)])

    def op_release_view(self, rng: random.Random, tag: str) -> None:
        entry = self.pool.remove("view", rng, getattr(self.tls, "store", None))
        self.note(f"{tag} release_view {entry[1] if entry else None!r}")
        if entry is None:
            return
        view, mem = entry
        if isinstance(view, memoryview) and rng.random() < 0.5:
            view.release()
        del view, entry
        if rng.random() < 0.1:
            mem.release_views()

    def op_close(self, rng: random.Random, tag: str) -> None:
        kind = rng.choice(["module", "instance", "func", "global", "table", "memory", "linker", "engine"])
        obj = self.pick(kind, rng)
        self.note(f"{tag} close {obj!r}")
        if obj is not None:
            obj.close()

    def op_delete(self, rng: random.Random, tag: str) -> None:
        kind = rng.choice(KINDS)
        obj = self.pool.remove(kind, rng, getattr(self.tls, "store", None))
        self.note(f"{tag} delete {kind} {type(obj).__name__}")
        del obj
        if rng.random() < 0.3:
            gc.collect()

    def op_collect(self, rng: random.Random, tag: str) -> None:
        self.note(f"{tag} gc.collect")
        gc.collect()

    def op_misc(self, rng: random.Random, tag: str) -> None:
        """Odd uses: cross-store imports, use after close, reprs, fuel."""
        r = rng.randrange(5)
        store = self.a_store(rng)
        self.note(f"{tag} misc {r} {store!r}")
        if store is None:
            return
        if r == 0:
            store.fuel = rng.choice([0, 100, 10**6])
        elif r == 1:
            store.fuel  # noqa: B018
        elif r == 2:
            store.max_memory = rng.choice([None, PAGE, 3 * PAGE, 2**40])
        elif r == 3:
            for kind in KINDS:
                obj = self.pick(kind, rng)
                repr(obj)
        else:
            inst = self.pick("instance", rng)
            if inst is not None:
                inst.exports.get_memory(rng.choice(["memory", "g", "nope"]))


def main(argv: Optional[list[str]] = None) -> int:
    env_ops = os.environ.get("WACAPI_PYFUZZ_OPS")
    env_seed = os.environ.get("WACAPI_PYFUZZ_SEED")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--ops", type=int, default=int(env_ops) if env_ops else 20000, help="operations in all")
    parser.add_argument("--seed", type=int, default=int(env_seed) if env_seed else None)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("WACAPI_PYFUZZ_SECONDS", "1e9")))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--log", help="file for the operations, flushed as they start (for crashes)")
    parser.add_argument("--verbose", action="store_true", help="count the expected exceptions by reason")
    parser.add_argument("--progress", type=int, default=0, help="print a progress line every N operations")
    parser.add_argument("--close-stores", type=float, default=0.9, help="chance that a replaced store is closed")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    print(f"pyfuzz: seed {seed} (replay: --seed {seed} --threads 1)", flush=True)
    faulthandler.enable(all_threads=True)
    sys.setswitchinterval(rng_interval(seed))
    fuzzer = Fuzzer(seed, args.ops, args.seconds, args.threads, args.log)
    fuzzer.verbose = args.verbose
    fuzzer.progress = args.progress
    fuzzer.close_stores = args.close_stores
    return fuzzer.run()


def rng_interval(seed: int) -> float:
    """A short thread switch interval, so that the threads interleave often."""
    return random.Random(seed).choice([0.0001, 0.0005, 0.001])


if __name__ == "__main__":
    sys.exit(main())
