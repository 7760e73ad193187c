"""Globals and tables: host-made and exported, funcref and externref.

python samples/python/tables_globals.py
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    import wacapi
except ImportError:  # running from a source checkout: use its bindings/python
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bindings" / "python"))
    import wacapi

from wacapi import Func, FuncType, Global, GlobalType, Table, TableType, ValType

WAT = """
(module
  (import "env" "counter" (global $counter (mut i64)))
  (import "env" "things" (table $things 2 externref))
  (type $binop (func (param i32 i32) (result i32)))
  (table $ops (export "ops") 2 8 funcref)
  (elem (table $ops) (i32.const 0) func $add $sub)
  (global (export "version") f64 (f64.const 1.5))
  (global $calls (export "calls") (mut i32) (i32.const 0))
  (func $add (type $binop) local.get 0 local.get 1 i32.add)
  (func $sub (type $binop) local.get 0 local.get 1 i32.sub)
  (func (export "apply") (param $op i32) (param i32 i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (global.set $counter (i64.add (global.get $counter) (i64.const 1000)))
    local.get 1 local.get 2 local.get $op
    call_indirect $ops (type $binop))
  (func (export "thing") (param i32) (result externref)
    local.get 0 table.get $things))
"""


def main() -> None:
    store = wacapi.Store()
    counter = Global(store, GlobalType(ValType.i64(), mutable=True), 1)
    things = Table(store, TableType(ValType.externref(), 2), None)
    things[0] = {"name": "a Python dict"}
    things[1] = print
    instance = wacapi.Instance(store, wacapi.Module(store, WAT), {"env": {"counter": counter, "things": things}})
    ex = instance.exports

    print(f"version = {ex.version.value} {ex.version.type}")
    try:
        ex.version.value = 2.0
    except wacapi.WasmError as exc:
        print(f"WasmError: {exc}")

    ops = ex.ops
    print(f"ops: {len(ops)} of {ops.type}")
    print(f"apply(0, 7, 5) = {ex.apply(0, 7, 5)}, apply(1, 7, 5) = {ex.apply(1, 7, 5)}")

    # A Python function in the table, called by call_indirect.
    mul = Func(store, FuncType([ValType.i32()] * 2, [ValType.i32()]), lambda a, b: a * b)
    print(f"ops.grow(1, mul) returned the old size {ops.grow(1, mul)}")
    print(f"apply(2, 7, 5) = {ex.apply(2, 7, 5)}")
    print(f"ops[2](6, 7) = {ops[2](6, 7)}")
    try:
        ex.apply(3, 1, 1)
    except wacapi.Trap as trap:
        print(f"apply(3, ...) trapped: {trap.message}")
    try:
        ops[8]
    except IndexError as exc:
        print(f"IndexError: {exc}")

    print(f"calls = {ex.calls.value}, counter = {counter.value}")
    counter.value = -5
    print(f"counter set from Python: {counter.value}")

    # externref: the very same Python objects come back.
    first = ex.thing(0)
    print(f"thing(0) = {first}, the same object: {first is things[0]}")
    print(f"thing(1) is print: {ex.thing(1) is print}")


if __name__ == "__main__":
    main()
