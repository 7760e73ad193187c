#!/usr/bin/env python3
"""Writes the committed seed corpora under fuzz/corpus/ (run by `make fuzz-seeds`).

module_bytes: each seeds/wat/*.wat compiled with wat2wasm (Debian package `wabt`), plus a
trailing custom section "fuzz-args" of fixed pseudo-random bytes: the target reads call
arguments from the end of its input, so mutating those bytes changes arguments while the
module stays valid.
smith_modules, differential: fixed pseudo-random byte strings (wasm-smith turns any bytes
into a module, so the seeds only need to be of a few sizes).
bindgen_parser: include/wasm.h and include/wacapi.h preprocessed by gcc exactly as
wacapi-bindgen's preprocess stage asks (-E -std=c11 -include ...), with the absolute include
directory replaced by @INCLUDE@, and the small hand-written seeds/mini.i.
Everything is deterministic: rerunning gives the same files.
"""

import pathlib
import random
import subprocess
import sys

FUZZ = pathlib.Path(__file__).resolve().parent.parent
ROOT = FUZZ.parent
CORPUS = FUZZ / "corpus"
WAT2WASM_FLAGS = ["--enable-tail-call", "--enable-extended-const"]


def leb128(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def custom_section(name, payload):
    body = leb128(len(name)) + name + payload
    return b"\x00" + leb128(len(body)) + body


def write(target, name, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def module_bytes():
    for wat in sorted((FUZZ / "seeds" / "wat").glob("*.wat")):
        wasm = subprocess.run(
            ["wat2wasm", *WAT2WASM_FLAGS, str(wat), "--output=-"],
            check=True,
            capture_output=True,
        ).stdout
        rng = random.Random(wat.stem)
        args = bytes(rng.randrange(256) for _ in range(64))
        write("module_bytes", f"seed-{wat.stem}.wasm", wasm + custom_section(b"fuzz-args", args))


def random_bytes(target):
    for size in (64, 512, 2048, 8192):
        rng = random.Random(f"{target}-{size}")
        write(target, f"seed-random-{size}", bytes(rng.randrange(256) for _ in range(size)))


def bindgen_parser():
    include = ROOT / "include"
    for name, headers in (("api", ["wasm.h", "wacapi.h"]), ("wasm", ["wasm.h"])):
        cmd = ["gcc", "-E", "-std=c11"]
        for h in headers:
            cmd += ["-include", str(include / h)]
        cmd += ["-x", "c", "/dev/null"]
        text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        write("bindgen_parser", f"seed-{name}.i", text.replace(str(include), "@INCLUDE@").encode())
    write("bindgen_parser", "seed-mini.i", (FUZZ / "seeds" / "mini.i").read_bytes())


def main():
    module_bytes()
    random_bytes("smith_modules")
    random_bytes("differential")
    bindgen_parser()
    return 0


if __name__ == "__main__":
    sys.exit(main())
