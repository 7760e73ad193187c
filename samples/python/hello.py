"""Hello: compile a module, give it a Python function, call its exports.

python samples/python/hello.py
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    import wacapi
except ImportError:  # running from a source checkout: use its bindings/python
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bindings" / "python"))
    import wacapi

WAT = """
(module
  (import "env" "hello" (func $hello (param i32)))
  (func (export "run") (param i32)
    local.get 0
    call $hello)
  (func (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add))
"""


def main() -> None:
    store = wacapi.Store()
    print("compiling the module")
    module = wacapi.Module(store, WAT)
    for imp in module.imports:
        print(f"  import {imp.module}.{imp.name}: {imp.type}")
    for exp in module.exports:
        print(f"  export {exp.name}: {exp.type}")

    def hello(n: int) -> None:
        print(f"host: Hello, world! wasm passed {n}")

    print("instantiating")
    instance = wacapi.Instance(store, module, {"env": {"hello": hello}})
    print('calling "run"')
    instance.exports.run(42)
    add = instance.exports.get_func("add")  # typed: exports["add"] is any Extern
    print(f"add(2, 40) = {add(2, 40)}")
    print(f"add(0xFFFFFFFF, 1) = {add(0xFFFFFFFF, 1)} (i32 arithmetic wraps)")
    try:
        add(1, "2")
    except TypeError as exc:
        print(f"TypeError: {exc}")
    print("done")


if __name__ == "__main__":
    main()
