"""WASI command: run a C program compiled for wasm32-wasi from Python.

    python samples/python/wasi_command.py [GUESTS_DIR]

The guest is an ordinary C program with ``main``; what it may see of the host
is exactly what a ``WasiConfig`` grants: arguments, environment variables,
standard input, where its output goes, and preopened directories.  Its
``exit()`` code comes back as ``WasiExit``; fuel stops a guest that never
ends and a memory cap one that allocates without end.  The guests are looked
for in GUESTS_DIR, ``$WACAPI_GUESTS``, then this checkout's tests/guests
(committed beside their C sources; ``make guests`` rebuilds them).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

try:
    import wacapi
except ImportError:  # running from a source checkout: use its bindings/python
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bindings" / "python"))
    import wacapi


def guests_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    if os.environ.get("WACAPI_GUESTS"):
        return Path(os.environ["WACAPI_GUESTS"])
    return Path(__file__).resolve().parents[2] / "tests" / "guests"


def run(instance: wacapi.Instance) -> str:
    """Runs a command's ``_start``; how it ended."""
    try:
        instance.exports.get_func("_start")()
    except wacapi.WasiExit as exit_:
        return f"exited with code {exit_.code}"
    except wacapi.Trap as trap:
        return f"trapped: {trap.message}"
    return "returned from main"


def main() -> None:
    path = guests_dir() / "command.wasm"
    if not path.is_file():
        sys.exit(f"{path} is missing: the guests are committed in tests/guests/ (`make guests` rebuilds them)")
    binary = path.read_bytes()

    print("== the demo: arguments, environment, stdin, a directory, captured output")
    store = wacapi.Store()
    module = wacapi.Module(store, binary)
    config = wacapi.WasiConfig()
    config.argv = ["command.wasm", "demo", "from Python"]
    config.env = {"GREETING": "hello from the host"}  # HOME and the rest stay invisible
    config.stdin = b"a line of stdin\n"
    config.capture_stdout()
    with tempfile.TemporaryDirectory() as scratch:
        config.preopen_dir(scratch, "/data")
        linker = wacapi.Linker(store)
        linker.define_wasi(config)
        instance = linker.instantiate(module)
        print(f"the command {run(instance)}")
        print("its standard output:")
        for line in config.stdout.decode().splitlines():
            print(f"  | {line}")
        print(f"/data/hello.txt on the host: {Path(scratch, 'hello.txt').read_text()!r}")

    print("== output straight to a Python file object (here sys.stdout)")
    store = wacapi.Store()
    config = wacapi.WasiConfig()
    config.argv = ["command.wasm", "env"]
    config.env = {"LANG": "C", "ANSWER": "42"}
    config.stdout_file = sys.stdout  # written after each call into the store returns
    linker = wacapi.Linker(store)
    linker.define_wasi(config)
    print(f"the command {run(linker.instantiate(wacapi.Module(store, binary)))}")

    print("== a guest that never ends, under fuel")
    store = wacapi.Store(wacapi.Engine(consume_fuel=True))
    store.fuel = 5_000_000
    config = wacapi.WasiConfig()
    config.argv = ["command.wasm", "spin"]
    linker = wacapi.Linker(store)
    linker.define_wasi(config)
    print(f"the command {run(linker.instantiate(wacapi.Module(store, binary)))}")
    print(f"fuel left: {store.fuel}")

    print("== a guest that allocates without end, under a memory cap")
    cap = 16 << 20
    store = wacapi.Store(max_memory=cap)
    config = wacapi.WasiConfig()
    config.argv = ["command.wasm", "eat"]
    config.capture_stdout()
    linker = wacapi.Linker(store)
    linker.define_wasi(config)
    instance = linker.instantiate(wacapi.Module(store, binary))
    print(f"the command {run(instance)}")
    got = int(config.stdout.decode().split()[1])  # "allocated: N MiB"
    memory = instance.exports.get_memory("memory")
    print(f"malloc failed before the cap: {got < cap >> 20}; linear memory within it: {memory.data_len <= cap}")


if __name__ == "__main__":
    main()
