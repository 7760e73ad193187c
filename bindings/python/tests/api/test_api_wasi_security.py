"""What a WASI guest must not be able to do, from the Pythonic API.

The guest is tests/guests/command.c: it tries to leave its preopened
directory, to change a read-only one, reads its environment, allocates
without end and loops for ever.  Each check also looks at the host side.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import pytest
from wasi_support import guests_dir

import wacapi
from wacapi import Engine, Linker, Store, Trap, WasiConfig, WasiExit

# Raw WASI: path_open relative to descriptor $fd of the path at 1024; the new descriptor at 0.
RAW_WAT = r"""
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "open") (param $fd i32) (param $len i32) (param $oflags i32) (param $rights i64) (result i32)
    (call $path_open (local.get $fd) (i32.const 1) (i32.const 1024) (local.get $len)
      (local.get $oflags) (local.get $rights) (i64.const 0) (i32.const 0) (i32.const 0))))
"""
ERRNO_SUCCESS, ERRNO_ROFS = 0, 69
RIGHT_FD_READ, RIGHT_FD_WRITE = 2, 64
OFLAG_CREAT = 1


@pytest.fixture(scope="module")
def command_wasm() -> bytes:
    return (guests_dir() / "command.wasm").read_bytes()


def run(binary: bytes, config: WasiConfig, store: Optional[Store] = None) -> str:
    """Runs the command (its _start) to the end; its captured standard output."""
    store = store or Store()
    config.capture_stdout()
    linker = Linker(store)
    linker.define_wasi(config)
    instance = linker.instantiate(wacapi.Module(store, binary))
    try:
        instance.exports.get_func("_start")()
    except WasiExit as exc:
        assert exc.code == 0, config.stdout.decode()
    return config.stdout.decode()


def mode(name: str) -> WasiConfig:
    config = WasiConfig()
    config.argv = ["command.wasm", name]
    return config


@pytest.fixture()
def escape_tree(tmp_path: Path) -> Path:
    """root/secret.txt outside; root/data (the preopen) with inside.txt, sub/, escape-link -> root."""
    (tmp_path / "secret.txt").write_text("top secret\n")
    (tmp_path / "data" / "sub").mkdir(parents=True)
    (tmp_path / "data" / "inside.txt").write_text("inside\n")
    os.symlink(tmp_path, tmp_path / "data" / "escape-link")
    return tmp_path


def test_cannot_leave_the_preopen(command_wasm: bytes, escape_tree: Path) -> None:
    config = mode("escape")
    config.preopen_dir(escape_tree / "data", "/data")
    out = run(command_wasm, config)
    assert "ALLOWED" not in out, out
    assert out.count("refused:") == 7, out
    assert "refused: reading /data/../secret.txt" in out
    assert "refused: reading /data/escape-link/secret.txt" in out
    assert (escape_tree / "secret.txt").read_text() == "top secret\n"


def test_cannot_leave_the_preopen_with_raw_calls(escape_tree: Path) -> None:
    config = WasiConfig()
    config.preopen_dir(escape_tree / "data", "/data")
    store = Store()
    linker = Linker(store)
    linker.define_wasi(config)
    instance = linker.instantiate(wacapi.Module(store, RAW_WAT))
    memory = instance.exports.get_memory("memory")
    open_ = instance.exports.get_func("open")

    def path_open(path: str, oflags: int = 0, rights: int = RIGHT_FD_READ) -> int:
        data = path.encode()
        memory.write(1024, data)
        result: int = open_(3, len(data), oflags, rights)
        return result

    assert path_open("inside.txt") == ERRNO_SUCCESS  # the control
    assert path_open("sub/../inside.txt") == ERRNO_SUCCESS
    for outside in ("..", "../secret.txt", "sub/../../secret.txt", "/etc/passwd", "escape-link/secret.txt"):
        assert path_open(outside) != ERRNO_SUCCESS, outside
    assert path_open("../created.txt", OFLAG_CREAT, RIGHT_FD_WRITE) != ERRNO_SUCCESS
    assert not (escape_tree / "created.txt").exists()


@pytest.fixture()
def readonly_tree(tmp_path: Path) -> Path:
    """root/ro (read-only preopen) with existing.txt, sub/existing.txt, empty/; root/rw with plant.txt."""
    (tmp_path / "ro" / "sub").mkdir(parents=True)
    (tmp_path / "ro" / "empty").mkdir()
    (tmp_path / "ro" / "existing.txt").write_text("original\n")
    (tmp_path / "ro" / "sub" / "existing.txt").write_text("original below\n")
    (tmp_path / "rw").mkdir()
    (tmp_path / "rw" / "plant.txt").write_text("planted\n")
    return tmp_path


def tree(root: Path) -> dict[str, str]:
    """Every path under root with the content of the files ("<dir>" for directories)."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames:
            found[os.path.relpath(os.path.join(dirpath, name), root)] = "<dir>"
        for name in filenames:
            path = os.path.join(dirpath, name)
            found[os.path.relpath(path, root)] = Path(path).read_text()
    return found


def test_cannot_change_a_readonly_preopen(command_wasm: bytes, readonly_tree: Path) -> None:
    before = tree(readonly_tree)
    config = mode("readonly")
    config.preopen_dir(readonly_tree / "ro", "/ro", readonly=True)
    config.preopen_dir(readonly_tree / "rw", "/rw")
    out = run(command_wasm, config)
    assert "ALLOWED" not in out and "cannot read" not in out, out
    assert "read /ro/existing.txt: original\n" in out
    assert "read /ro/sub/existing.txt: original below\n" in out
    assert "refused: opening /ro/sub/existing.txt for writing (Read-only file system)" in out
    assert out.count("refused:") == 2 * 15 + 2
    assert tree(readonly_tree) == before


def test_readonly_refuses_raw_writes(readonly_tree: Path) -> None:
    config = WasiConfig()
    config.preopen_dir(readonly_tree / "ro", "/ro", readonly=True)
    store = Store()
    linker = Linker(store)
    linker.define_wasi(config)
    instance = linker.instantiate(wacapi.Module(store, RAW_WAT))
    memory = instance.exports.get_memory("memory")
    open_ = instance.exports.get_func("open")
    for path, oflags, rights, expected in (
        ("existing.txt", 0, RIGHT_FD_READ, ERRNO_SUCCESS),
        ("existing.txt", 0, RIGHT_FD_READ | RIGHT_FD_WRITE, ERRNO_ROFS),
        ("made.txt", OFLAG_CREAT, RIGHT_FD_READ, ERRNO_ROFS),
    ):
        memory.write(1024, path.encode())
        assert open_(3, len(path), oflags, rights) == expected, path
    assert not (readonly_tree / "ro" / "made.txt").exists()


def test_sees_no_host_environment(command_wasm: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WACAPI_TEST_SECRET", "hunter2")
    assert run(command_wasm, mode("env")) == "end of environment\n"
    config = mode("env")
    config.env = {"GIVEN": "yes"}
    assert run(command_wasm, config) == "GIVEN=yes\nend of environment\n"


def test_cannot_exhaust_memory_past_the_cap(command_wasm: bytes) -> None:
    cap = 8 << 20
    store = Store(max_memory=cap)
    out = run(command_wasm, mode("eat"), store)
    assert out.startswith("allocated: ") and out.endswith(" MiB\n")
    got = int(out.split()[1])
    assert 1 <= got < 8


def test_memory_cap_leaves_the_store_usable(command_wasm: bytes) -> None:
    store = Store(max_memory=4 << 20)
    out = run(command_wasm, mode("eat"), store)
    assert int(out.split()[1]) < 4
    store.max_memory = 12 << 20  # raised: the next run gets more
    out = run(command_wasm, mode("eat"), store)
    assert 4 <= int(out.split()[1]) < 12


def test_cannot_loop_forever_under_fuel(command_wasm: bytes) -> None:
    store = Store(Engine(consume_fuel=True))
    store.fuel = 2_000_000
    with pytest.raises(Trap, match="all fuel consumed") as info:
        run(command_wasm, mode("spin"), store)
    assert not isinstance(info.value, WasiExit)
    assert store.fuel == 0


def test_fuel_is_enough_for_a_real_run(command_wasm: bytes) -> None:
    store = Store(Engine(consume_fuel=True))
    store.fuel = 50_000_000
    assert run(command_wasm, mode("exit0"), store) == "exiting with 0\n"
    used = 50_000_000 - store.fuel
    assert 0 < used < 50_000_000
