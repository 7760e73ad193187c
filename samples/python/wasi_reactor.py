"""WASI reactor: call into a C library compiled for wasm32-wasi, passing strings.

    python samples/python/wasi_reactor.py [GUESTS_DIR]

A reactor is a module without ``main``: the host calls ``_initialize`` once
(``Linker.instantiate`` does not), then its exports, as often as it likes.
Strings cross by memory: the host asks the guest to ``alloc`` room, writes
UTF-8 there and passes pointer and length; ``greet`` answers with its
result's pointer and length packed in one i64 (``ptr << 32 | len``, as Go
reactors do), which the host reads and gives back with ``free``.  The guests
are looked for in GUESTS_DIR, ``$WACAPI_GUESTS``, then this checkout's
tests/guests (committed; ``make guests`` rebuilds them).
"""

from __future__ import annotations

import os
import sys
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


class Greeter:
    """The reactor's ``greet`` as a Python method taking and returning str."""

    def __init__(self, instance: wacapi.Instance) -> None:
        exports = instance.exports
        self.memory = exports.get_memory("memory")
        self.alloc = exports.get_func("alloc")
        self.free = exports.get_func("free")
        self.greet_raw = exports.get_func("greet")

    def greet(self, name: str) -> str:
        data = name.encode("utf-8")
        ptr = self.alloc(len(data))
        if ptr == 0:
            raise MemoryError("the guest is out of memory")
        try:
            self.memory.write(ptr, data)
            packed = self.greet_raw(ptr, len(data)) & 0xFFFF_FFFF_FFFF_FFFF  # i64 comes back signed
        finally:
            self.free(ptr)
        result_ptr, result_len = packed >> 32, packed & 0xFFFF_FFFF
        try:
            return self.memory.read(result_ptr, result_len).decode("utf-8")
        finally:
            self.free(result_ptr)


def main() -> None:
    path = guests_dir() / "reactor.wasm"
    if not path.is_file():
        sys.exit(f"{path} is missing: the guests are committed in tests/guests/ (`make guests` rebuilds them)")
    store = wacapi.Store()
    module = wacapi.Module.from_file(store, path)
    print("imports:", ", ".join(f"{i.module}.{i.name}" for i in module.imports) or "none")
    print("exports:", ", ".join(e.name for e in module.exports))

    linker = wacapi.Linker(store)
    # This reactor imports nothing, but most do (printf, files, clocks): WASI is defined
    # anyway, granting nothing, so the same code runs any reactor.
    linker.define_wasi(wacapi.WasiConfig())
    instance = linker.instantiate(module)
    instance.exports.get_func("_initialize")()  # once, before anything else

    greeter = Greeter(instance)
    for name in ["world", "Python", "Wörld 🌍"]:
        print(greeter.greet(name))

    # Everything allocated is freed again: many calls leave the memory as it was.
    before = greeter.memory.size
    for i in range(10_000):
        greeter.greet(f"caller {i}")
    print(f"10,000 more calls; the memory grew by {greeter.memory.size - before} pages")


if __name__ == "__main__":
    main()
