"""A representative subset of the WebAssembly spec testsuite through the Pythonic API.

The Rust crate tests/spec runs the whole testsuite through the C API; this replays some of
its files (integers, floats, memory, tables, references, indirect calls, imports, linking)
through ``wacapi.Module``/``Instance``/``Func``/``Global``/``Table``/``Memory`` to prove
the ctypes layer on the same cases.  The commands come from ``wacapi-wast2json`` (a binary
of tests/spec): from the directory ``WACAPI_SPEC_JSON`` names (``make python-test`` makes
it), else generated here with ``cargo run``.  Missing data fails the test, never skips it.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any, Optional

import pytest

import support
import wacapi

ROOT = support.REPO_ROOT
EXPECTED_FILES = 11  # the SUBSET of tests/spec/src/bin/wacapi-wast2json.rs


@pytest.fixture(scope="module")
def spec_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("WACAPI_SPEC_JSON")
    if given:
        out = Path(given)
    else:
        cargo = shutil.which(os.environ.get("CARGO", "cargo"))
        if cargo is None or not (ROOT / "tests" / "spec" / "Cargo.toml").is_file():
            pytest.fail("no spec data: set WACAPI_SPEC_JSON or run from a checkout with cargo")
        out = tmp_path_factory.mktemp("spec-json")
        cmd = [cargo, "run", "--release", "-q", "-p", "wacapi-spec", "--bin", "wacapi-wast2json", "--", str(out)]
        subprocess.run(cmd, cwd=ROOT, check=True)
    files = sorted(out.glob("*.json"))
    if len(files) != EXPECTED_FILES:
        pytest.fail(f"expected {EXPECTED_FILES} spec files in {out}, found {len(files)}")
    return out


class Ext:
    """The host object behind ``ref.extern N``."""

    def __init__(self, n: int) -> None:
        self.n = n


def f32_of(bits: int) -> float:
    return float(struct.unpack("<f", struct.pack("<I", bits))[0])


def f64_of(bits: int) -> float:
    return float(struct.unpack("<d", struct.pack("<Q", bits))[0])


def spectest(store: wacapi.Store) -> dict[str, wacapi.Func | wacapi.Global | wacapi.Table | wacapi.Memory]:
    v = wacapi.ValType

    def func(*params: wacapi.ValType) -> wacapi.Func:
        return wacapi.Func(store, wacapi.FuncType(params, ()), lambda *args: None)

    def const(ty: wacapi.ValType, value: Any) -> wacapi.Global:
        return wacapi.Global(store, wacapi.GlobalType(ty, mutable=False), value)

    return {
        "print": func(),
        "print_i32": func(v.i32()),
        "print_i64": func(v.i64()),
        "print_f32": func(v.f32()),
        "print_f64": func(v.f64()),
        "print_i32_f32": func(v.i32(), v.f32()),
        "print_f64_f64": func(v.f64(), v.f64()),
        "global_i32": const(v.i32(), 666),
        "global_i64": const(v.i64(), 666),
        "global_f32": const(v.f32(), f32_of(struct.unpack("<I", struct.pack("<f", 666.6))[0])),
        "global_f64": const(v.f64(), 666.6),
        "table": wacapi.Table(store, wacapi.TableType(v.funcref(), 10, 20)),
        "memory": wacapi.Memory(store, wacapi.MemoryType(1, 2)),
    }


class Runner:
    """The state of one file: a store, registered and named instances, ref.extern objects."""

    def __init__(self, directory: Path, features: dict[str, bool]) -> None:
        self.dir = directory
        self.store = wacapi.Store(wacapi.Engine(wacapi.Config(**features)))
        self.registered: dict[str, Any] = {"spectest": spectest(self.store)}
        self.named: dict[str, wacapi.Instance] = {}
        self.current: Optional[wacapi.Instance] = None
        self.externs: dict[int, Ext] = {}

    def module(self, filename: str) -> wacapi.Module:
        return wacapi.Module(self.store, (self.dir / filename).read_bytes())

    def instantiate(self, module: wacapi.Module) -> wacapi.Instance:
        return wacapi.Instance(self.store, module, self.registered)

    def instance(self, name: Optional[str]) -> wacapi.Instance:
        inst = self.named[name] if name else self.current
        assert inst is not None, "no current instance"
        return inst

    def arg(self, a: dict[str, str]) -> Any:
        ty, value = a["type"], a["value"]
        if value == "null":
            return None
        if ty == "externref":
            return self.externs.setdefault(int(value), Ext(int(value)))
        bits = int(value)
        if ty == "i32":
            return bits - (1 << 32) if bits >= 1 << 31 else bits
        if ty == "i64":
            return bits - (1 << 64) if bits >= 1 << 63 else bits
        return f32_of(bits) if ty == "f32" else f64_of(bits)

    def act(self, action: dict[str, Any]) -> list[Any]:
        inst = self.instance(action["module"])
        item = inst.exports[action["field"]]
        if action["type"] == "get":
            assert isinstance(item, wacapi.Global)
            return [item.value]
        assert isinstance(item, wacapi.Func)
        result = item(*(self.arg(a) for a in action["args"]))
        n = len(item.type.results)
        return [] if n == 0 else [result] if n == 1 else list(result)

    def run(self, cmd: dict[str, Any]) -> None:
        kind = cmd["type"]
        if kind == "module":
            inst = self.instantiate(self.module(cmd["filename"]))
            if cmd["name"]:
                self.named[cmd["name"]] = inst
            self.current = inst
        elif kind == "register":
            self.registered[cmd["as"]] = self.instance(cmd["name"]).exports
        elif kind == "action":
            self.act(cmd["action"])
        elif kind == "assert_return":
            actual = self.act(cmd["action"])
            expected = cmd["expected"]
            assert len(actual) == len(expected), f"expected {len(expected)} results, got {actual}"
            for e, a in zip(expected, actual):
                assert matches(e, a), f"expected {e}, got {a!r}"
        elif kind in ("assert_trap", "assert_exhaustion"):
            with pytest.raises(wacapi.Trap) as trap:
                self.act(cmd["action"])
            assert trap_matches(cmd["text"], trap.value.message), trap.value.message
        elif kind in ("assert_invalid", "assert_malformed"):
            if cmd["module_type"] == "binary":
                with pytest.raises(wacapi.WasmError):
                    self.module(cmd["filename"])
            elif cmd["module_type"] == "text":
                with pytest.raises(wacapi.WasmError):
                    wacapi.Module(self.store, cmd["wat"])
        elif kind == "assert_unlinkable":
            module = self.module(cmd["filename"])
            with pytest.raises(wacapi.WasmError) as err:
                self.instantiate(module)
            assert not isinstance(err.value, wacapi.Trap), err.value.message
        elif kind == "assert_uninstantiable":
            module = self.module(cmd["filename"])
            with pytest.raises(wacapi.Trap) as trap:
                self.instantiate(module)
            assert trap_matches(cmd["text"], trap.value.message), trap.value.message
        else:
            raise AssertionError(f"unknown command {kind}")


def trap_matches(expected: str, actual: str) -> bool:
    """wasmi's trap texts contain the spec's (or the reverse); a trap of another kind fails."""
    e, a = expected.lower(), actual.lower()
    return e in a or a in e


def matches(expected: dict[str, str], actual: Any) -> bool:
    ty, value = expected["type"], expected["value"]
    if ty in ("funcref", "externref"):
        if value == "null":
            return actual is None
        if value == "func":
            return isinstance(actual, wacapi.Func)
        return isinstance(actual, Ext) and actual.n == int(value)
    if ty in ("i32", "i64"):
        mask = (1 << (32 if ty == "i32" else 64)) - 1
        return isinstance(actual, int) and actual & mask == int(value)
    if ty == "f32":
        bits = struct.unpack("<I", struct.pack("<f", actual))[0]
        canonical, arithmetic, sign = 0x7FC0_0000, 0x7FC0_0000, 0x8000_0000
    else:
        bits = struct.unpack("<Q", struct.pack("<d", actual))[0]
        canonical, arithmetic, sign = 0x7FF8 << 48, 0x7FF8 << 48, 1 << 63
    if value == "nan:canonical":
        return bool(bits & ~sign == canonical)
    if value == "nan:arithmetic":
        return bool(bits & arithmetic == arithmetic)
    return bool(bits == int(value))


def test_spec_subset(spec_json: Path) -> None:
    failures: list[str] = []
    total = passed = skipped = 0
    for path in sorted(spec_json.glob("*.json")):
        doc = json.loads(path.read_text())
        runner = Runner(spec_json, doc["features"])
        for cmd in doc["commands"]:
            if "skip" in cmd:  # tests/spec/skip.txt: checked to still fail on the Rust side
                skipped += 1
                continue
            total += 1
            try:
                runner.run(cmd)
                passed += 1
            except (AssertionError, wacapi.WasmError, pytest.fail.Exception) as e:
                failures.append(f"{doc['source']}:{cmd['line']}: {cmd['type']}: {e}")
    print(f"spec subset through the Python API: {passed}/{total} passed, {skipped} skipped")
    assert not failures, "\n".join(failures[:50])
    assert total > 3000
