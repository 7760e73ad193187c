"""``python -m wacapi inspect``: the text and JSON reports of the test guests, text modules and
hand-built binaries (as a subprocess, as a user runs it), and its errors through
``wacapi._cli.main`` in this process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from wasi_support import guests_dir, python_env, run_python

import wacapi._inspect
from wacapi._cli import main
from wacapi._inspect import InspectError, _decode, _Malformed, read_sections

HEADER = b"\0asm\x01\0\0\0"

#: One import and one export of every extern kind, an internal memory, a start function, odd names.
ALL_KINDS_WAT = r"""
(module
  (import "env" "f" (func $f (param i32 f64) (result i64)))
  (import "env" "g" (global $g (mut i32)))
  (import "env" "t" (table 1 10 externref))
  (import "env" "m" (memory 1 16))
  (global (export "c") f32 (f32.const 1))
  (table (export "tab") 2 funcref)
  (memory 3)
  (memory (export "mem") 0 1)
  (func (export "run") (result f64 f32) f64.const 0 f32.const 0)
  (func (export "quo\"te \u{e9}") (param externref funcref))
  (func $init)
  (start $init))
"""

#: The top-level keys of --json, as its documentation lists them.
JSON_KEYS = {
    "inspect_version",
    "path",
    "format",
    "file_size",
    "size",
    "kind",
    "wasi",
    "start_function",
    "imports",
    "exports",
    "memories",
    "tables",
    "sections",
    "custom_sections",
}


def leb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def section(section_id: int, payload: bytes) -> bytes:
    return bytes([section_id]) + leb(len(payload)) + payload


def custom(name: str, data: bytes) -> bytes:
    raw = name.encode()
    return section(0, leb(len(raw)) + raw + data)


def cli(cwd: Path, *args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    result = run_python(["-m", "wacapi", "inspect", *args], cwd, stdin)
    return result.returncode, result.stdout.decode(), result.stderr.decode()


def inspect_json(cwd: Path, path: str) -> dict[str, Any]:
    code, out, err = cli(cwd, "--json", path)
    assert (code, err) == (0, ""), err
    report = json.loads(out)
    assert isinstance(report, dict)
    assert set(report) == JSON_KEYS
    return report


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


def one_line_error(err: str) -> str:
    """The message of a failure: exactly one line, no traceback."""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert err.startswith("python -m wacapi inspect: "), err
    return err


# --------------------------------------------------------------------------
# The guests of tests/guests
# --------------------------------------------------------------------------


def test_wasi_command(tmp_path: Path) -> None:
    path = str(guests_dir() / "command.wasm")
    report = inspect_json(tmp_path, path)
    assert report["kind"] == "command"
    assert report["format"] == "binary"
    assert report["size"] == report["file_size"] == os.path.getsize(path)
    wasi = report["wasi"]
    assert wasi["modules"] == ["wasi_snapshot_preview1"]
    assert wasi["functions"] == sorted(wasi["functions"])
    assert {"fd_write", "proc_exit", "args_get", "path_open"} <= set(wasi["functions"])
    assert {e["name"] for e in report["exports"]} >= {"_start", "memory"}
    fd_write = next(i for i in report["imports"] if i["name"] == "fd_write")
    assert fd_write == {
        "module": "wasi_snapshot_preview1",
        "name": "fd_write",
        "kind": "func",
        "index": fd_write["index"],
        "type": {"params": ["i32", "i32", "i32", "i32"], "results": ["i32"]},
    }
    code, out, err = cli(tmp_path, path)
    assert (code, err) == (0, "")
    assert "kind:    command (exports _start)" in out
    assert f"WASI:    yes, wasi_snapshot_preview1: {len(wasi['functions'])} functions" in out
    assert '"wasi_snapshot_preview1"."fd_write": [i32 i32 i32 i32] -> [i32]' in out
    assert '"_start": [] -> []' in out


def test_wasi_reactor(tmp_path: Path) -> None:
    path = str(guests_dir() / "reactor.wasm")
    report = inspect_json(tmp_path, path)
    assert report["kind"] == "reactor"
    exports = {e["name"]: e for e in report["exports"]}
    assert set(exports) >= {"_initialize", "alloc", "free", "greet", "memory"}
    assert "_start" not in exports
    assert exports["greet"]["type"] == {"params": ["i32", "i32"], "results": ["i64"]}
    memory = exports["memory"]
    assert memory["kind"] == "memory"
    assert memory["type"]["min_bytes"] == memory["type"]["min"] * 65536
    assert (memory["type"]["memory64"], memory["type"]["shared"]) == (False, False)
    assert report["memories"][memory["index"]]["exports"] == ["memory"]
    # Its wasi-libc needs no WASI call: a reactor by its exports, not by its imports.
    assert report["wasi"] is None
    code, out, err = cli(tmp_path, path)
    assert (code, err) == (0, "")
    assert "kind:    reactor (exports _initialize, no _start)" in out
    assert '"greet": [i32 i32] -> [i64]' in out
    assert '32-bit, not shared; exported as "memory"' in out


# --------------------------------------------------------------------------
# Text modules and hand-built binaries
# --------------------------------------------------------------------------


def test_every_extern_kind_from_text(tmp_path: Path) -> None:
    path = write(tmp_path, "all.wat", ALL_KINDS_WAT)
    report = inspect_json(tmp_path, path)
    assert report["format"] == "text"
    assert report["file_size"] == len(ALL_KINDS_WAT.encode())
    assert report["size"] < report["file_size"]
    assert report["kind"] == "library" and report["wasi"] is None
    assert report["start_function"] == 3  # 1 imported + run, quote, init
    assert report["path"] == path
    assert report["imports"] == [
        {
            "module": "env",
            "name": "f",
            "kind": "func",
            "index": 0,
            "type": {"params": ["i32", "f64"], "results": ["i64"]},
        },
        {"module": "env", "name": "g", "kind": "global", "index": 0, "type": {"content": "i32", "mutable": True}},
        {
            "module": "env",
            "name": "t",
            "kind": "table",
            "index": 0,
            "type": {"element": "externref", "min": 1, "max": 10},
        },
        {
            "module": "env",
            "name": "m",
            "kind": "memory",
            "index": 0,
            "type": {
                "min": 1,
                "max": 16,
                "min_bytes": 65536,
                "max_bytes": 16 * 65536,
                "memory64": False,
                "shared": False,
            },
        },
    ]
    exports = {e["name"]: e for e in report["exports"]}
    assert exports["c"] == {"name": "c", "kind": "global", "index": 1, "type": {"content": "f32", "mutable": False}}
    assert exports["tab"]["index"] == 1 and exports["tab"]["type"] == {"element": "funcref", "min": 2, "max": None}
    assert exports["mem"]["index"] == 2 and exports["mem"]["type"]["max_bytes"] == 65536
    assert exports["run"]["type"] == {"params": [], "results": ["f64", "f32"]}
    assert exports['quo"te \u00e9']["type"] == {"params": ["externref", "funcref"], "results": []}
    assert [(m["index"], m["import"], m["exports"], m["min"], m["max"]) for m in report["memories"]] == [
        (0, {"module": "env", "name": "m"}, [], 1, 16),
        (1, None, [], 3, None),
        (2, None, ["mem"], 0, 1),
    ]
    assert [(t["element"], t["import"] is None, t["exports"], t["table64"]) for t in report["tables"]] == [
        ("externref", False, [], False),
        ("funcref", True, ["tab"], False),
    ]
    # wat2wasm keeps the $names in a "name" section.
    assert [c["name"] for c in report["custom_sections"]] == ["name"]

    code, out, err = cli(tmp_path, path)
    assert (code, err) == (0, "")
    for line in (
        f"module:  {path}",
        f"format:  WebAssembly text, {report['file_size']} bytes; binary: {report['size']} bytes",
        "kind:    library (exports neither _start nor _initialize)",
        "WASI:    no (imports nothing from wasi_snapshot_preview1 or wasi_unstable)",
        "start:   function 3 runs when the module is instantiated",
        '    "env"."f": [i32 f64] -> [i64]',
        '    "env"."g": mut i32',
        '    "env"."t": externref, min 1, max 10',
        '    "env"."m": min 1 page = 64 KiB (65536 bytes), max 16 pages = 1 MiB (1048576 bytes), 32-bit, not shared',
        '    "c": const f32',
        '    "tab": funcref, min 2, no max',
        '    "quo\\"te \u00e9": [externref funcref] -> []',
        "  1: min 3 pages = 192 KiB (196608 bytes), no max, 32-bit, not shared; internal",
        '  2: min 0 pages = 0 bytes, max 1 page = 64 KiB (65536 bytes), 32-bit, not shared; exported as "mem"',
        '  0: externref, min 1, max 10; imported from "env" "t"',
    ):
        assert line in out.splitlines(), (line, out)


def test_custom_sections_of_a_built_binary(tmp_path: Path) -> None:
    type_section = section(1, leb(1) + b"\x60\x00\x00")  # one type: [] -> []
    padded = b"\x00" + b"\x86\x80\x80\x80\x00" + b"\x04note" + b"!"  # a 5-byte LEB128 size, as wasm allows
    binary = (
        HEADER + custom("producers", b"p" * 300) + type_section + custom("", b"") + custom("caf\u00e9", b"xyz") + padded
    )
    path = write(tmp_path, "custom.wasm", binary)
    report = inspect_json(tmp_path, path)
    assert report["size"] == len(binary)
    assert report["kind"] == "library"
    assert report["imports"] == report["exports"] == report["memories"] == report["tables"] == []
    producers_offset = 8 + 1 + 2  # header, id, 2-byte size
    assert report["custom_sections"] == [
        {"name": "producers", "offset": producers_offset, "size": 310, "data_size": 300},
        {"name": "", "offset": producers_offset + 310 + 2 + len(type_section), "size": 1, "data_size": 0},
        {"name": "caf\u00e9", "offset": len(binary) - len(padded) - 9, "size": 9, "data_size": 3},
        {"name": "note", "offset": len(binary) - 6, "size": 6, "data_size": 1},
    ]
    assert [(s["id"], s["name"]) for s in report["sections"]] == [
        (0, "custom"),
        (1, "type"),
        (0, "custom"),
        (0, "custom"),
        (0, "custom"),
    ]
    assert report["sections"][1] == {"id": 1, "name": "type", "offset": producers_offset + 310 + 2, "size": 4}
    code, out, err = cli(tmp_path, path)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "custom sections (4):" in lines
    assert '  "producers": 300 bytes' in lines
    assert '  "": 0 bytes' in lines
    assert '  "caf\u00e9": 3 bytes' in lines
    assert '  "note": 1 byte' in lines
    assert any(line.split()[:3] == ["0", "custom", '"producers"'] and line.endswith(" 310") for line in lines)


def test_read_sections_directly() -> None:
    binary = HEADER + custom("a", b"12") + section(1, b"\x00")
    sections = read_sections(binary)
    assert [(s.id, s.name, s.offset, s.size, s.custom_name, s.data_size) for s in sections] == [
        (0, "custom", 10, 4, "a", 2),
        (1, "type", 16, 1, None, 0),
    ]
    assert read_sections(HEADER) == []


@pytest.mark.parametrize(
    ("binary", "message"),
    [
        (b"", "not a WebAssembly binary"),
        (b"\0asm\x01", "the 4-byte version is missing"),
        (b"\0asm\x02\0\0\0", "unknown WebAssembly binary version 0x2"),
        (b"\0asm\x0d\0\x01\0", "a WebAssembly component, not a core module"),
        (HEADER + b"\x00\x10\x03abc", "section 0 (custom) at offset 0x8 is truncated: its size is 16 bytes"),
        (
            HEADER + b"\x00\x03\x05ab",
            "section 0 (custom) at offset 0x8: bad custom section name: 5 bytes needed, 2 left",
        ),
        (HEADER + b"\x00\x03\x02\xff\xfe", "name is not UTF-8 at offset 0xa"),
        (HEADER + b"\x01\x80\x80", "section 1 (type) at offset 0x8: bad size: truncated LEB128 integer"),
        (HEADER + b"\x01\x80\x80\x80\x80\x80\x00", "LEB128 integer longer than 32 bits"),
        (HEADER + b"\x01\xff\xff\xff\xff\x7f", "LEB128 integer out of range for u32"),
    ],
)
def test_read_sections_rejects(binary: bytes, message: str) -> None:
    with pytest.raises(InspectError) as info:
        read_sections(binary)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_memory_flags_decoded() -> None:
    # The library build may reject 64-bit and shared memories; the binary's flags are read all the same.
    memories = section(5, leb(3) + b"\x00\x01" + b"\x05\x02\x80\x80\x80\x80\x20" + b"\x03\x01\x02")
    decoded = _decode(HEADER + memories, read_sections(HEADER + memories))
    assert [(m.limits.min, m.limits.max, m.limits.index64, m.limits.shared) for m in decoded.memories] == [
        (1, None, False, False),
        (2, 1 << 33, True, False),
        (1, 2, False, True),
    ]


def test_memory64_and_shared_memories(tmp_path: Path) -> None:
    # Reported with their flags when this build of the library validates them, else a clear error.
    for wat, flag, feature in (
        ('(module (memory (export "m") i64 1 2))', "memory64", "memory64"),
        ('(module (memory (export "m") 1 2 shared))', "shared", "threads"),
    ):
        path = write(tmp_path, f"{flag}.wat", wat)
        code, out, err = cli(tmp_path, "--json", path)
        if code == 0:
            report = json.loads(out)
            assert report["memories"][0][flag] is True
            assert report["exports"][0]["type"][flag] is True
        else:
            assert (code, out) == (1, "")
            assert f"{feature} must be enabled" in one_line_error(err)


def test_wasi_unstable_and_stdin(tmp_path: Path) -> None:
    wat = """(module
      (import "wasi_unstable" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
      (func (export "_initialize")) (func (export "_start")))"""
    code, out, err = cli(tmp_path, "--json", "-", stdin=wat.encode())
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["path"] == "-"
    assert report["kind"] == "command"  # _start wins over _initialize
    assert report["wasi"] == {
        "modules": ["wasi_unstable", "wasi_snapshot_preview1"],
        "functions": ["fd_write", "proc_exit"],
    }
    code, out, err = cli(tmp_path, "-", stdin=wat.encode())
    assert code == 0 and "`run` cannot link wasi_unstable" in out


def test_help_documents_the_json_keys(tmp_path: Path) -> None:
    code, out, err = cli(tmp_path, "--help")
    assert (code, err) == (0, "") and "usage: python -m wacapi inspect [-h] [--json] MODULE" in out
    for key in JSON_KEYS:
        assert key in out, key
    for key in JSON_KEYS:
        assert f"``{key}``" in (wacapi._inspect.__doc__ or ""), key


# --------------------------------------------------------------------------
# Errors, in this process
# --------------------------------------------------------------------------


def test_missing_and_unreadable_files(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing.wasm")
    assert main(["inspect", missing]) == 1
    out, err = capfd.readouterr()
    assert out == ""
    assert one_line_error(err) == f"python -m wacapi inspect: cannot read {missing}: No such file or directory\n"
    assert main(["inspect", str(tmp_path)]) == 1
    assert "Is a directory" in one_line_error(capfd.readouterr().err)
    if hasattr(os, "geteuid") and os.geteuid() != 0:  # root reads any file
        locked = tmp_path / "locked.wasm"
        locked.write_bytes(HEADER)
        locked.chmod(0)
        assert main(["inspect", str(locked)]) == 1
        assert "Permission denied" in one_line_error(capfd.readouterr().err)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (HEADER + b"\x01\x01\x05", "invalid module:"),  # 5 types announced, none there
        (HEADER + b"\x00\x10\x03abc", "is truncated: its size is 16 bytes, the module has 4 left"),
        (b"\x7fELF\x02\x01\x01\x00", "neither a WebAssembly binary (no \\0asm header) nor valid WebAssembly text"),
        (b'(module (func (export "f") i32.add))', "invalid module:"),
        (b"(module (func", "nor valid WebAssembly text: 1:"),
        (b"\0asm\x0d\0\x01\0", "a WebAssembly component"),
    ],
)
def test_invalid_modules(data: bytes, message: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "bad.wasm", data)
    for args in (["inspect", path], ["inspect", "--json", path]):
        assert main(args) == 1
        out, err = capfd.readouterr()
        assert out == ""
        assert one_line_error(err).startswith(f"python -m wacapi inspect: {path}: ")
        assert message in err, err


def test_bad_command_lines(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "m.wat", "(module)")
    for args in (["inspect"], ["inspect", "--bogus", path], ["inspect", path, "extra"]):
        with pytest.raises(SystemExit) as info:
            main(args)
        assert info.value.code == 2
        err = capfd.readouterr().err
        assert "usage: python -m wacapi inspect" in err and "Traceback" not in err
    code, out, err = cli(tmp_path, "--bogus", path)
    assert code == 2 and out == "" and "unrecognized arguments: --bogus" in err and "Traceback" not in err


def test_in_process_round_trip(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "m.wat", '(module (memory (export "memory") 1 2))')
    assert main(["inspect", "--json", path]) == 0
    out, err = capfd.readouterr()
    report = json.loads(out)
    assert err == "" and set(report) == JSON_KEYS and report["inspect_version"] == 1
    # The JSON is the whole report: printing it again gives the same text.
    assert json.dumps(report, indent=2, ensure_ascii=False) + "\n" == out
    assert main(["inspect", path]) == 0
    assert "max 2 pages = 128 KiB (131072 bytes)" in capfd.readouterr().out


def test_report_without_the_decoded_parts(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A valid module with something the binary decoder does not know: the library's view stands alone.
    def fail(binary: bytes, sections: object) -> None:
        raise _Malformed("unknown construct", 0)

    monkeypatch.setattr(wacapi._inspect, "_decode", fail)
    path = write(tmp_path, "m.wat", '(module (memory (export "memory") 1) (func (export "_start")))')
    assert main(["inspect", "--json", path]) == 0
    report = json.loads(capfd.readouterr().out)
    assert (report["memories"], report["tables"], report["start_function"]) == (None, None, None)
    memory = report["exports"][0]
    assert memory["index"] is None and (memory["type"]["memory64"], memory["type"]["shared"]) == (None, None)
    assert report["kind"] == "command" and len(report["sections"]) == 5
    assert main(["inspect", path]) == 0
    out = capfd.readouterr().out
    assert '    "memory": min 1 page = 64 KiB (65536 bytes), no max\n' in out
    assert "memories: not decoded" in out and "tables: not decoded" in out


def test_closed_standard_output(tmp_path: Path) -> None:
    # A reader that went away (`| head`): status 1, and no traceback.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "wacapi", "inspect", str(guests_dir() / "command.wasm")],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=python_env(),
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (1, b"")
