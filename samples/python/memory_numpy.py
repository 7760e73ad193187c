"""Linear memory: copy in and out, zero-copy numpy views, growing (views pin the size).

python samples/python/memory_numpy.py      (needs numpy)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

try:
    import wacapi
except ImportError:  # running from a source checkout: use its bindings/python
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bindings" / "python"))
    import wacapi

WAT = """
(module
  (memory (export "memory") 1 4)
  (data (i32.const 0) "Hello from wasm memory")
  ;; sum(n) = the sum of the first n u32 words
  (func (export "sum") (param $n i32) (result i64)
    (local $p i32) (local $acc i64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (i32.mul (local.get $n) (i32.const 4))))
        (local.set $acc (i64.add (local.get $acc) (i64.load32_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next)))
    local.get $acc)
  (func (export "grow") (param i32) (result i32)
    local.get 0 memory.grow))
"""


def main() -> None:
    store = wacapi.Store()
    instance = wacapi.Instance(store, wacapi.Module(store, WAT), [])
    memory = instance.exports.memory
    assert isinstance(memory, wacapi.Memory)
    print(f"memory: {memory.size} page(s), {memory.data_len} bytes, type {memory.type}")
    print(f"read: {memory.read(0, 22).decode()}")

    # Zero-copy: numpy works on the linear memory itself.
    words = np.frombuffer(memory.buffer(), dtype=np.uint32)
    words[:1000] = np.arange(1000, dtype=np.uint32)
    print(f"numpy wrote 0..999, wasm sum(1000) = {instance.exports.sum(1000)}")
    memory.write(0, np.array([7, 8, 9], dtype=np.uint32).data)  # any buffer: bytes, array, numpy...
    print(f"write() copied a numpy buffer in: first words {words[:4].tolist()}")

    # Bounds are checked.
    try:
        memory.read(memory.data_len - 2, 4)
    except IndexError as exc:
        print(f"IndexError: {exc}")

    # Growing may move the memory, so a live view pins its size: the host's grow()
    # raises BufferError and wasm's memory.grow returns -1 until the view is gone.
    try:
        memory.grow(1)
    except BufferError as exc:
        print(f"BufferError: {exc}")
    print(f"wasm memory.grow(1) with a live view returned {instance.exports.grow(1)}")
    del words  # or view.release(), or `with memory.buffer() as view:`
    print(f"grow(1) returned the old size {memory.grow(1)}; now {memory.size} pages")
    print(f"wasm memory.grow(2) returned {instance.exports.grow(2)}; now {memory.size} pages")
    with memory.buffer() as view:  # a new view sees the new size; released at the end
        words = np.frombuffer(view, dtype=np.uint32)
        print(f"new view: {words.size} words, first {words[:3].tolist()}")
        del words  # the numpy array must go before the view is released
    try:
        memory.grow(1)
    except wacapi.WasmError as exc:
        print(f"WasmError: {exc}")


if __name__ == "__main__":
    main()
