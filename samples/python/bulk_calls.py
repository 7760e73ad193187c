"""Bulk calls: Func.call_many over columns of numbers, the loop in the library.

python samples/python/bulk_calls.py
"""

from __future__ import annotations

import array
import sys
from pathlib import Path

try:
    import wacapi
except ImportError:  # running from a source checkout: use its bindings/python
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bindings" / "python"))
    import wacapi

WAT = """
(module
  (func (export "lerp") (param f64 f64 f64) (result f64)
    ;; a + (b - a) * t
    local.get 0 local.get 1 local.get 0 f64.sub local.get 2 f64.mul f64.add)
  (func (export "divmod") (param i32 i32) (result i32 i32)
    local.get 0 local.get 1 i32.div_s local.get 0 local.get 1 i32.rem_s))
"""


def main() -> None:
    store = wacapi.Store()
    exports = wacapi.Instance(store, wacapi.Module(store, WAT)).exports
    lerp, divmod_ = exports.lerp, exports.divmod
    assert isinstance(lerp, wacapi.Func) and isinstance(divmod_, wacapi.Func)

    # One column per parameter: buffers of the C type are read in place, lists converted once.
    t = array.array("d", [0.0, 0.25, 0.5, 1.0])
    print("lerp(0, 10, t) =", lerp.call_many([0.0] * len(t), [10.0] * len(t), t).tolist())

    # Several results: a tuple of columns.
    quotients, remainders = divmod_.call_many(range(10, 15), [3] * 5)
    print("divmod(10..14, 3) =", list(zip(quotients, remainders)))

    # A million calls in one C call.
    n = 1_000_000
    q, _ = divmod_.call_many(array.array("i", range(n)), array.array("i", [7]) * n)
    print(f"{len(q)} calls, sum of quotients {sum(q)}")

    # A trap stops at the failing call; the exception says which.
    try:
        divmod_.call_many([1, 2, 3], [1, 0, 1])
    except wacapi.Trap as trap:
        print(f"trap in call {trap.index}: {trap.message}")

    # Buffers of another item type are refused, not converted.
    try:
        divmod_.call_many(array.array("d", [1.0]), [1])
    except TypeError as exc:
        print("TypeError:", exc)


if __name__ == "__main__":
    main()
