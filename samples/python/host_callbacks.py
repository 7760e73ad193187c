"""Host callbacks: Python functions called by wasm, typed by annotations, and
exceptions that cross wasm frames.

    python samples/python/host_callbacks.py
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

try:
    import wacapi
except ImportError:  # running from a source checkout: use its bindings/python
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bindings" / "python"))
    import wacapi

from wacapi import F32, I64

WAT = """
(module
  (import "host" "scale" (func $scale (param i64 f32) (result f32 i64)))
  (import "host" "check" (func $check (param i32) (result i32)))
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  (func (export "scale") (param i64 f32) (result f32 i64)
    local.get 0 local.get 1 call $scale)
  (func (export "sum_checked") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $check (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    local.get $acc)
  (func $countdown (export "countdown") (param i32) (result i32)
    ;; countdown(n) = n == 0 ? 0 : 1 + reenter(n - 1), where the host calls countdown again
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $reenter (i32.sub (local.get 0) (i32.const 1)))))))
  (func (export "divide") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.div_s))
"""


class TooBig(Exception):
    """Raised by the host function when wasm passes a value it refuses."""


def main() -> None:
    store = wacapi.Store()
    module = wacapi.Module(store, WAT)

    # Types from annotations: I64 and F32 are int and float to type checkers.
    def scale(n: I64, factor: F32) -> tuple[F32, I64]:
        return n * factor, n * 2

    def check(i: int) -> int:
        if i >= 5:
            raise TooBig(f"{i} is too big")
        return i

    exports: dict[str, wacapi.Func] = {}

    def reenter(n: int) -> int:
        return int(exports["countdown"](n))  # wasm -> Python -> wasm -> ...

    instance = wacapi.Instance(
        store,
        module,
        {
            "host": {
                "scale": wacapi.Func.wrap(store, scale),
                "check": check,  # a plain callable takes the type of the import
                "reenter": reenter,
            }
        },
    )
    for name in instance.exports:
        exports[name] = instance.exports.get_func(name)

    print(f"scale(21, 0.5) = {exports['scale'](21, 0.5)}")
    print(f"sum_checked(5) = {exports['sum_checked'](5)}")
    print(f"countdown(10) = {exports['countdown'](10)} (10 nested wasm -> Python -> wasm calls)")

    # The host function's own exception comes out of the wasm call, with its traceback.
    try:
        exports["sum_checked"](10)
    except TooBig as exc:
        frames = [frame.name for frame in traceback.extract_tb(exc.__traceback__)]
        print(f"caught {type(exc).__name__}: {exc}")
        print(f"  raised in {frames[-1]}(), called from wasm called from {frames[0]}()")

    # A trap in wasm code raises wacapi.Trap.
    try:
        exports["divide"](1, 0)
    except wacapi.Trap as trap:
        print(f"Trap: {trap.message}")

    # Wrong results of a host function are reported like wrong arguments.
    bad = wacapi.Func(store, wacapi.FuncType([], [wacapi.ValType.i32()]), lambda: "seven")
    try:
        bad()
    except TypeError as exc:
        print(f"TypeError: {exc}")


if __name__ == "__main__":
    main()
