"""``python -m wacapi run``: the command line, run as a user would (a subprocess), and its
error paths through ``wacapi._cli.main`` in this process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from wasi_support import guests_dir, run_python

from wacapi._cli import TRAP_EXIT, main

# Prints the name of preopened directory 3 (the first --dir) and a newline.
PREOPEN_NAME_WAT = r"""
(module
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (local $len i32)
    (if (call $get (i32.const 3) (i32.const 0)) (then unreachable))
    (local.set $len (i32.load (i32.const 4)))
    (drop (call $name (i32.const 3) (i32.const 1024) (local.get $len)))
    (i32.store8 (i32.add (i32.const 1024) (local.get $len)) (i32.const 10))
    (i32.store (i32.const 16) (i32.const 1024))
    (i32.store (i32.const 20) (i32.add (local.get $len) (i32.const 1)))
    (drop (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))))
"""

FUNCS_WAT = """
(module
  (global $ready (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $ready (i32.add (global.get $ready) (i32.const 1))))
  (func (export "ready") (result i32) (global.get $ready))
  (func (export "mix") (param i32 i64 f32 f64) (result i32 i64 f32 f64)
    (i32.add (local.get 0) (i32.const 1))
    (i64.mul (local.get 1) (i64.const 2))
    (local.get 2)
    (f64.div (local.get 3) (f64.const 2)))
  (func (export "nothing"))
  (func (export "boom") unreachable)
  (func (export "ref") (param externref))
  (memory (export "memory") 1))
"""


@pytest.fixture(scope="module")
def command() -> str:
    return str(guests_dir() / "command.wasm")


@pytest.fixture()
def funcs(tmp_path: Path) -> str:
    path = tmp_path / "funcs.wat"
    path.write_text(FUNCS_WAT)
    return str(path)


def cli(cwd: Path, *args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = run_python(["-m", "wacapi", *args], cwd, stdin, env)
    return result.returncode, result.stdout.decode(), result.stderr.decode()


# --------------------------------------------------------------------------
# As a subprocess
# --------------------------------------------------------------------------


def test_args_env_dir_stdin_and_exit_code(command: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    code, out, err = cli(
        tmp_path,
        "run",
        "--dir",
        f"{data}::/data",
        "--env",
        "GREETING=hi there",
        command,
        "demo",
        "--flag",
        "two words",
        stdin=b"piped in\n",
    )
    assert (code, err) == (3, "")
    assert out == (
        "argc: 4\n"
        f"argv[0]: {command}\n"
        "argv[1]: demo\n"
        "argv[2]: --flag\n"
        "argv[3]: two words\n"
        "GREETING: hi there\n"
        "HOME: (unset)\n"
        "stdin: piped in\n"
        "file: written by the guest\n"
        "clock: ok\n"
        "random: ok\n"
    )
    assert (data / "hello.txt").read_text() == "written by the guest\n"


def test_env(command: str, tmp_path: Path) -> None:
    code, out, err = cli(
        tmp_path,
        "run",
        "--env",
        "A=1",
        "--env",
        "B=",
        "--env",
        "FROM_HOST",
        "--env",
        "WACAPI_NOT_SET_ANYWHERE",
        "--env",
        "C=x=y",
        command,
        "env",
        env={"FROM_HOST": "inherited", "WACAPI_SECRET": "hidden"},
    )
    assert (code, err) == (0, "")
    assert out == "A=1\nB=\nFROM_HOST=inherited\nC=x=y\nend of environment\n"


def test_dir_forms(tmp_path: Path) -> None:
    wat = tmp_path / "preopen.wat"
    wat.write_text(PREOPEN_NAME_WAT)
    (tmp_path / "d").mkdir()
    assert cli(tmp_path, "run", "--dir", "d", str(wat)) == (0, "d\n", "")
    assert cli(tmp_path, "run", "--dir", "d::/guest/dir", str(wat)) == (0, "/guest/dir\n", "")
    assert cli(tmp_path, "run", "--dir", "d::/ro:ro", str(wat)) == (0, "/ro\n", "")


def test_readonly_dir(command: str, tmp_path: Path) -> None:
    (tmp_path / "ro" / "sub").mkdir(parents=True)
    (tmp_path / "ro" / "empty").mkdir()
    (tmp_path / "ro" / "existing.txt").write_text("original\n")
    (tmp_path / "ro" / "sub" / "existing.txt").write_text("original below\n")
    (tmp_path / "rw").mkdir()
    (tmp_path / "rw" / "plant.txt").write_text("planted\n")
    code, out, err = cli(tmp_path, "run", "--dir", "ro::/ro:ro", "--dir", "rw::/rw", command, "readonly")
    assert (code, err) == (0, "")
    assert "ALLOWED" not in out and out.count("refused:") == 32
    assert (tmp_path / "ro" / "existing.txt").read_text() == "original\n"


def test_invoke_typed_args_and_results(funcs: str, tmp_path: Path) -> None:
    code, out, err = cli(tmp_path, "run", "--invoke", "mix", funcs, "-5", "0x10", "0.1", "3")
    assert (code, err) == (0, "")
    assert out == "-4\n32\n0.1\n1.5\n"
    code, out, _ = cli(tmp_path, "run", "--invoke", "mix", funcs, "4294967295", "-1", "inf", "nan")
    assert code == 0 and out == "0\n-2\ninf\nnan\n"
    assert cli(tmp_path, "run", "--invoke", "nothing", funcs) == (0, "", "")


def test_invoke_calls_initialize_first(funcs: str, tmp_path: Path, command: str) -> None:
    assert cli(tmp_path, "run", "--invoke", "ready", funcs) == (0, "1\n", "")
    reactor = str(guests_dir() / "reactor.wasm")
    code, out, err = cli(tmp_path, "run", "--invoke", "alloc", reactor, "16")
    assert (code, err) == (0, "") and int(out) > 0


def test_fuel_ends_a_spin_loop(command: str, tmp_path: Path) -> None:
    code, out, err = cli(tmp_path, "run", "--fuel", "1000000", command, "spin")
    assert code == TRAP_EXIT != 0
    assert out == ""
    assert "all fuel consumed by WebAssembly" in err and command in err


def test_fuel_enough(command: str, tmp_path: Path) -> None:
    assert cli(tmp_path, "run", "--fuel", "100000000", command, "exit0") == (0, "exiting with 0\n", "")


def test_exit_codes(command: str, tmp_path: Path) -> None:
    assert cli(tmp_path, "run", command, "exit0") == (0, "exiting with 0\n", "")
    assert cli(tmp_path, "run", command, "env") == (0, "end of environment\n", "")
    code, out, err = cli(tmp_path, "run", command)  # demo without /data: main returns 1
    assert code == 1 and "cannot write /data/hello.txt" in out
    code, out, err = cli(tmp_path, "run", command, "trap")
    assert code == TRAP_EXIT and out == "" and "wasm trap: wasm `unreachable` instruction executed" in err


def test_max_memory(command: str, tmp_path: Path) -> None:
    code, out, err = cli(tmp_path, "run", "--max-memory", str(8 << 20), command, "eat")
    assert (code, err) == (0, "")
    assert out.startswith("allocated: ") and int(out.split()[1]) < 8


def test_help_and_version(tmp_path: Path) -> None:
    code, out, err = cli(tmp_path, "run", "--help")
    assert code == 0 and "usage: python -m wacapi run" in out and "--invoke NAME" in out
    code, out, err = cli(tmp_path, "--version")
    assert code == 0 and out.startswith("wacapi ")
    code, out, err = cli(tmp_path)
    assert code == 2 and "a command is needed" in err


# --------------------------------------------------------------------------
# In this process: error paths
# --------------------------------------------------------------------------


def test_main_runs_in_process(command: str, capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["run", command, "exit0"]) == 0
    assert capfd.readouterr().out == "exiting with 0\n"


def test_missing_and_bad_modules(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(tmp_path / "missing.wasm")]) == 1
    assert "cannot read" in capfd.readouterr().err
    bad = tmp_path / "bad.wat"
    bad.write_text('(module (func (export "f") i32.add))')
    assert main(["run", str(bad)]) == 1
    assert "cannot compile" in capfd.readouterr().err
    unlinked = tmp_path / "unlinked.wat"
    unlinked.write_text('(module (import "env" "f" (func)))')
    assert main(["run", str(unlinked)]) == 1
    err = capfd.readouterr().err
    assert '"env"."f"' in err and "defines nothing of that name" in err


def test_module_without_start(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "plain.wat"
    plain.write_text("(module)")
    assert main(["run", str(plain)]) == 0
    assert capfd.readouterr() == ("", "")


def test_invoke_errors(funcs: str, capfd: pytest.CaptureFixture[str]) -> None:
    cases = [
        (["--invoke", "missing", funcs], 1, "exports no function 'missing'"),
        (["--invoke", "memory", funcs], 1, "is a Memory, not a function"),
        (["--invoke", "mix", funcs, "1"], 2, "mix takes 4 arguments (i32, i64, f32, f64), 1 given"),
        (["--invoke", "mix", funcs, "x", "1", "1", "1"], 2, "argument 1 (i32): not an integer: 'x'"),
        (["--invoke", "mix", funcs, "1", "1", "one", "1"], 2, "argument 3 (f32): not a number"),
        (["--invoke", "mix", funcs, "1", str(1 << 64), "1", "1"], 2, "out of range for i64"),
        (["--invoke", "ref", funcs, "x"], 2, "a externref cannot be given on the command line"),
        (["--invoke", "ready", funcs, "1"], 2, "ready takes 0 arguments"),
    ]
    for args, status, message in cases:
        assert main(["run", *args]) == status, args
        err = capfd.readouterr().err
        assert message in err, (args, err)
    assert main(["run", "--invoke", "boom", funcs]) == TRAP_EXIT
    assert "wasm trap: wasm `unreachable` instruction executed" in capfd.readouterr().err


def test_command_line_errors(funcs: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--dir", "::/x", funcs]) == 2
    assert "expected HOST, HOST::GUEST or HOST::GUEST:ro" in capfd.readouterr().err
    assert main(["run", "--dir", "d::", funcs]) == 2
    capfd.readouterr()
    assert main(["run", "--env", "=x", funcs]) == 2
    assert "expected NAME=VALUE or NAME" in capfd.readouterr().err
    assert main(["run", "--dir", str(tmp_path / "missing"), funcs]) == 1
    assert "No such file or directory" in capfd.readouterr().err
    for bad in (["--fuel", "-1"], ["--fuel", "lots"], ["--max-memory", "-5"]):
        with pytest.raises(SystemExit) as info:
            main(["run", *bad, funcs])
        assert info.value.code == 2
        capfd.readouterr()
    with pytest.raises(SystemExit) as info:
        main(["run"])  # no module
    assert info.value.code == 2
    capfd.readouterr()
    assert main(["run", "--fuel", str(1 << 64), funcs]) == 2
    assert "--fuel" in capfd.readouterr().err
    assert main(["run", "--max-memory", str(1 << 80), funcs]) == 2
    assert "--max-memory" in capfd.readouterr().err


def test_dunder_main_module() -> None:
    # python -m wacapi imports wacapi.__main__; importing it from elsewhere runs nothing.
    import wacapi.__main__ as entry

    assert entry.main is main
    assert os.path.basename(entry.__file__ or "") == "__main__.py"
    assert sys.modules["wacapi.__main__"] is entry
