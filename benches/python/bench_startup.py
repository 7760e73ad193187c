#!/usr/bin/env python3
"""Startup of WASI programs from Python: wacapi against wasmtime-py, in one process.

    benches/python/run.sh            # runs bench.py and this
    python bench_startup.py [--quick] [GUESTS_DIR]

The programs are tests/guests/command.c and reactor.c, built for wasm32-wasi
(committed in tests/guests).  Each workload starts from the
module's bytes already in memory and ends when the program's output is in
Python's hands:

* **first output**: compile ``command.wasm``, instantiate it with WASI, run
  ``_start`` in its ``exit0`` mode, which prints one line and exits; the line
  is captured in memory (wacapi: ``capture_stdout()``; wasmtime-py:
  ``stdout_custom``).  This is the time from "here is a program" to its first
  output.
* the same with the module compiled once beforehand (instantiate + run);
* the ``demo`` mode: arguments, environment, stdin, a file written and read
  back in a preopened directory, clocks and random bytes;
* a reactor: compile ``reactor.wasm``, instantiate, ``_initialize``, then a
  first ``greet`` call with a string passed through its memory;
* a new process: ``python -m wacapi run command.wasm exit0`` against a
  Python script doing the same with wasmtime-py (interpreter start and
  imports included).

Each in-process figure is the best of several rounds, each round a fresh
store (and module where compiling is part of the workload) on one engine
per runtime; wasmtime's compilation cache stays off (its default).  The
ratio is wasmtime-py's time over wacapi's: above 1 wacapi is faster.  Both
runtimes' outputs are checked against each other before anything is timed.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

# Use this checkout's package and library unless told otherwise.
if "WACAPI_BENCH_INSTALLED" not in os.environ:
    sys.path.insert(0, str(ROOT / "bindings" / "python"))
    if not os.environ.get("WACAPI_LIBRARY"):
        lib = ROOT / "target" / "release" / "libwacapi.so"
        if lib.is_file():
            os.environ["WACAPI_LIBRARY"] = str(lib)

import wasmtime  # noqa: E402

import wacapi  # noqa: E402

EXIT0_OUT = b"exiting with 0\n"
DEMO_STDIN = b"a line of stdin\n"


def best(fn: Callable[[], Any], rounds: int) -> float:
    fn()  # warm up (and check)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


# --------------------------------------------------------------------------
# wacapi
# --------------------------------------------------------------------------


class Wacapi:
    name = "wacapi"

    def __init__(self, command: bytes, reactor: bytes) -> None:
        self.engine = wacapi.Engine()
        self.command = command
        self.reactor = reactor
        self.compiled = wacapi.Module(wacapi.Store(self.engine), command)

    def run_command(self, args: list[str], module: Any = None, data: str = "") -> tuple[int, bytes]:
        store = wacapi.Store(self.engine)
        if module is None:
            module = wacapi.Module(store, self.command)
        config = wacapi.WasiConfig()
        config.argv = ["command.wasm", *args]
        config.capture_stdout()
        if data:
            config.env = {"GREETING": "hello"}
            config.stdin = DEMO_STDIN
            config.preopen_dir(data, "/data")
        linker = wacapi.Linker(store)
        linker.define_wasi(config)
        instance = linker.instantiate(module)
        try:
            instance.exports.get_func("_start")()
            code = 0
        except wacapi.WasiExit as exc:
            code = exc.code
        return code, config.stdout

    def first_output(self) -> tuple[int, bytes]:
        return self.run_command(["exit0"])

    def precompiled(self) -> tuple[int, bytes]:
        return self.run_command(["exit0"], self.compiled)

    def demo(self, data: str) -> tuple[int, bytes]:
        return self.run_command(["demo", "x"], data=data)

    def reactor_greet(self) -> str:
        store = wacapi.Store(self.engine)
        linker = wacapi.Linker(store)
        linker.define_wasi(wacapi.WasiConfig())
        exports = linker.instantiate(wacapi.Module(store, self.reactor)).exports
        exports.get_func("_initialize")()
        memory = exports.get_memory("memory")
        data = b"world"
        ptr = exports.alloc(len(data))
        memory.write(ptr, data)
        packed = exports.greet(ptr, len(data)) & 0xFFFF_FFFF_FFFF_FFFF
        return memory.read(packed >> 32, packed & 0xFFFF_FFFF).decode()


# --------------------------------------------------------------------------
# wasmtime-py
# --------------------------------------------------------------------------


class Wasmtime:
    name = "wasmtime-py"

    def __init__(self, command: bytes, reactor: bytes) -> None:
        self.engine = wasmtime.Engine()
        self.command = command
        self.reactor = reactor
        self.compiled = wasmtime.Module(self.engine, command)
        self.linker = wasmtime.Linker(self.engine)
        self.linker.define_wasi()

    def run_command(self, args: list[str], module: Any = None, data: str = "") -> tuple[int, bytes]:
        if module is None:
            module = wasmtime.Module(self.engine, self.command)
        store = wasmtime.Store(self.engine)
        out: list[bytes] = []
        config = wasmtime.WasiConfig()
        config.argv = ["command.wasm", *args]
        config.stdout_custom = lambda chunk: out.append(bytes(chunk))  # type: ignore[assignment]
        if data:
            config.env = [("GREETING", "hello")]
            with tempfile.NamedTemporaryFile(delete=False) as f:
                f.write(DEMO_STDIN)
            config.stdin_file = f.name
            config.preopen_dir(data, "/data")
        store.set_wasi(config)
        instance = self.linker.instantiate(store, module)
        start = instance.exports(store)["_start"]
        try:
            start(store)
            code = 0
        except wasmtime.ExitTrap as exc:
            code = exc.code
        finally:
            if data:
                os.unlink(f.name)
        return code, b"".join(out)

    def first_output(self) -> tuple[int, bytes]:
        return self.run_command(["exit0"])

    def precompiled(self) -> tuple[int, bytes]:
        return self.run_command(["exit0"], self.compiled)

    def demo(self, data: str) -> tuple[int, bytes]:
        return self.run_command(["demo", "x"], data=data)

    def reactor_greet(self) -> str:
        store = wasmtime.Store(self.engine)
        store.set_wasi(wasmtime.WasiConfig())
        exports = self.linker.instantiate(store, wasmtime.Module(self.engine, self.reactor)).exports(store)
        exports["_initialize"](store)
        memory = exports["memory"]
        data = b"world"
        ptr = exports["alloc"](store, len(data))
        memory.write(store, data, ptr)
        packed = exports["greet"](store, ptr, len(data)) & 0xFFFF_FFFF_FFFF_FFFF
        return bytes(memory.read(store, packed >> 32, (packed >> 32) + (packed & 0xFFFF_FFFF))).decode()


# --------------------------------------------------------------------------
# New processes
# --------------------------------------------------------------------------

WASMTIME_SCRIPT = """
import sys, wasmtime
engine = wasmtime.Engine()
store = wasmtime.Store(engine)
config = wasmtime.WasiConfig()
config.argv = [sys.argv[1], *sys.argv[2:]]
config.inherit_stdout()
store.set_wasi(config)
linker = wasmtime.Linker(engine)
linker.define_wasi()
module = wasmtime.Module.from_file(engine, sys.argv[1])
try:
    linker.instantiate(store, module).exports(store)["_start"](store)
except wasmtime.ExitTrap as exc:
    sys.exit(exc.code)
"""


def process_time(argv: list[str], rounds: int, pycache: str) -> float:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "bindings" / "python"), env.get("PYTHONPATH", "")])
    # Both runtimes' Python code from cached bytecode, as installed packages are (the warm-up
    # run writes it), without writing into the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache

    def once() -> None:
        result = subprocess.run(argv, capture_output=True, env=env, check=False)
        assert result.returncode == 0 and result.stdout == EXIT0_OUT, result

    return best(once, rounds)


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


GOALS = {"first output: compile + instantiate + run `exit0`": 10.0}


def guests_dir(given: str) -> Path:
    if given:
        return Path(given)
    if os.environ.get("WACAPI_GUESTS"):
        return Path(os.environ["WACAPI_GUESTS"])
    return ROOT / "tests" / "guests"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("guests", nargs="?", default="", help="directory of command.wasm and reactor.wasm")
    args = parser.parse_args()
    rounds = 5 if args.quick else 20
    guests = guests_dir(args.guests)
    command_path = guests / "command.wasm"
    if not command_path.is_file():
        raise SystemExit(f"missing {command_path}: the guests are committed in tests/guests/")
    command = command_path.read_bytes()
    reactor = (guests / "reactor.wasm").read_bytes()

    runtimes = [Wacapi(command, reactor), Wasmtime(command, reactor)]
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as data:
        outputs = [rt.demo(data) for rt in runtimes]
        assert outputs[0] == outputs[1] and outputs[0][0] == 3, outputs
        for rt in runtimes:
            assert rt.first_output() == (0, EXIT0_OUT)
            assert rt.precompiled() == (0, EXIT0_OUT)
            assert rt.reactor_greet() == "Hello, world!"
            results[rt.name] = {
                "first output: compile + instantiate + run `exit0`": best(rt.first_output, rounds),
                "instantiate + run `exit0` (module compiled once)": best(rt.precompiled, rounds),
                "compile + instantiate + run `demo` (args, env, stdin, files, clocks)": best(
                    lambda rt=rt: rt.demo(data), rounds
                ),
                "reactor: compile + instantiate + `_initialize` + first `greet`": best(rt.reactor_greet, rounds),
            }

    process_rounds = 3 if args.quick else 7
    name = "new process: `python -m wacapi run command.wasm exit0` / the same script with wasmtime-py"
    with tempfile.TemporaryDirectory() as pycache:
        results["wacapi"][name] = process_time(
            [sys.executable, "-m", "wacapi", "run", str(command_path), "exit0"], process_rounds, pycache
        )
        results["wasmtime-py"][name] = process_time(
            [sys.executable, "-c", WASMTIME_SCRIPT, str(command_path), "exit0"], process_rounds, pycache
        )
        bare = process_time([sys.executable, "-c", "print('exiting with 0')"], process_rounds, pycache)

    lines = [
        f"date: {datetime.date.today().isoformat()}; python {platform.python_version()}; "
        f"wasmtime-py {importlib.metadata.version('wasmtime')}; "
        f"{platform.machine()}, {os.cpu_count()} cores; command.wasm {len(command)} bytes, "
        f"reactor.wasm {len(reactor)} bytes",
        "",
        "| workload | wacapi | wasmtime-py | wasmtime-py / wacapi | goal |",
        "|---|---:|---:|---:|---:|",
    ]
    for workload, ours in results["wacapi"].items():
        theirs = results["wasmtime-py"][workload]
        ratio = theirs / ours
        goal = GOALS.get(workload)
        mark = "" if goal is None else f"≥ {goal:g}x {'✓' if ratio >= goal else '✗'}"
        lines.append(f"| {workload} | {fmt_time(ours)} | {fmt_time(theirs)} | {ratio:.1f}x | {mark} |")
    lines += ["", f"Reference: a new Python process that only prints the line takes {fmt_time(bare)}."]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
