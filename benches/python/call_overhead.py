#!/usr/bin/env python3
"""Where the Python time of a wacapi call goes: ``add(1, 2)`` against the bare ctypes call.

    WACAPI_LIBRARY=target/release/libwacapi.so python benches/python/call_overhead.py [--rounds N]

Times, in short alternating rounds (so that a loaded machine slows all alike; the best round
of each counts), the bare ctypes call of ``wasm_func_call`` with ready vectors (the floor),
the exported ``add`` as users call it, and copies of its generated ``__call__`` with parts
taken out: the store lock, then the busy flag (re-entrancy), then every check (only the two
argument stores, the C call and the result read are left), and the same three steps as a
plain function instead of a ``__call__`` (no type-slot dispatch).  The differences between
neighbouring rows are what each part costs.  The stripped copies are for measuring only:
they are not safe to use.
"""

from __future__ import annotations

import argparse
import sys
import timeit
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bindings" / "python"))

import wacapi  # noqa: E402
from wacapi import _func  # noqa: E402
from wacapi._cabi import func_call  # noqa: E402
from wacapi._callgen import call_source, packed_index  # noqa: E402

ADD_WAT = (ROOT / "benches" / "wasm" / "add.wat").read_text()
#: The stores and the read as the generated code makes them (memoryviews over the buffers).
I0, I1, R0 = packed_index("i", 0), packed_index("i", 1), packed_index("i", 0)
BARE = f"""def __call__(self, a0, a1):
    acquire, release, ap, rp, pend, store, o0, o1, r0, = self._st
    o0[{I0}] = a0
    o1[{I1}] = a1
    _call(self._fp, ap, rp)
    return r0[{R0}]
"""


def variant(add: Any, source: str) -> Any:
    """A Func like ``add`` whose ``__call__`` is ``source``."""
    namespace = dict(_func._HELPERS)
    exec(compile(source, "<variant>", "exec"), namespace)
    cls = type("Func", (_func.Func,), {"__slots__": (), "__call__": namespace["__call__"]})
    f = object.__new__(cls)
    for name in ("_store", "_type", "_name", "_ref", "_bufs", "_busy", "_fp", "_state", "_st", "_ptr"):
        setattr(f, name, getattr(add, name))
    assert f(2, 40) == 42
    return f


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=80, help="alternating rounds (default 80)")
    args = parser.parse_args()

    store = wacapi.Store()
    add = wacapi.Instance(store, wacapi.Module(store, ADD_WAT)).exports.add
    state = add._state  # type: ignore[attr-defined]
    generated = call_source((0, 0), (0,))
    no_lock = generated.replace("    acquire()\n", "").replace("        release()\n", "")
    no_busy = no_lock.replace(
        "        if self._busy:\n            return _nested(self, (a0, a1, ))\n        self._busy = True\n", ""
    ).replace("            self._busy = False\n", "            pass\n")
    assert no_lock != generated and no_busy != no_lock
    o0, o1, r0 = state.views

    def plain(a0: int, a1: int) -> int:
        o0[I0] = a0
        o1[I1] = a1
        func_call(state.func, state.args, state.results)
        return int(r0[R0])

    rows: dict[str, tuple[str, dict[str, Any]]] = {
        "bare ctypes call of wasm_func_call (floor)": (
            "f(a, p, r)",
            {"f": func_call, "a": state.func, "p": state.args, "r": state.results},
        ),
        "add(1, 2): the exported Func": ("f(1, 2)", {"f": add}),
        "  without the store lock": ("f(1, 2)", {"f": variant(add, no_lock)}),
        "  and without the busy flag": ("f(1, 2)", {"f": variant(add, no_busy)}),
        "  and without any check (2 stores, call, 1 read)": ("f(1, 2)", {"f": variant(add, BARE)}),
        "the same 4 steps in a plain function": ("f(1, 2)", {"f": plain}),
    }
    timers = {name: timeit.Timer(stmt, globals=env) for name, (stmt, env) in rows.items()}
    best = dict.fromkeys(rows, float("inf"))
    number = 10_000
    for _ in range(args.rounds):
        for name, timer in timers.items():
            best[name] = min(best[name], timer.timeit(number) / number)
    floor = best["bare ctypes call of wasm_func_call (floor)"]
    print(f"python {sys.version.split()[0]}; best of {args.rounds} alternating rounds of {number:,} calls\n")
    print("| | per call | over the floor | / floor |")
    print("|---|--:|--:|--:|")
    for name, seconds in best.items():
        over = (seconds - floor) * 1e9
        print(f"| {name.strip()} | {seconds * 1e9:.0f} ns | {over:+.0f} ns | {seconds / floor:.2f}x |")


if __name__ == "__main__":
    main()
