"""WasiConfig, WasiExit and running WASI guests from the Pythonic API.

The guests are tests/guests/command.c (a C command; argv[1] picks its mode) and
reactor.c (a C library exporting alloc/free/greet), built for the session by
wasi_support; small hand-written WAT guests cover what they cannot show.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import subprocess
import sys
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest
from wasi_support import guests_dir, python_env

import wacapi
from wacapi import Linker, Store, Trap, WasiConfig, WasiExit, WasmError

# Writes memory[ptr, ptr+len) to a descriptor; exits with a code.
WRITER_WAT = r"""
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "write") (param $fd i32) (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)))
  (func (export "exit") (param i32) (call $proc_exit (local.get 0))))
"""

# Writes "started\n" to stdout from its start function.
START_WAT = r"""
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "started\n")
  (func $start
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 8))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (start $start))
"""

DEMO_STDOUT = (
    "argc: 3\n"
    "argv[0]: command.wasm\n"
    "argv[1]: demo\n"
    "argv[2]: two words\n"
    "GREETING: hello from Python\n"
    "HOME: (unset)\n"
    "stdin: line one\n"
    "line two\n"
    "file: written by the guest\n"
    "clock: ok\n"
    "random: ok\n"
)


@pytest.fixture(scope="module")
def command_wasm() -> bytes:
    return (guests_dir() / "command.wasm").read_bytes()


@pytest.fixture(scope="module")
def reactor_wasm() -> bytes:
    return (guests_dir() / "reactor.wasm").read_bytes()


def command_config(*args: str) -> WasiConfig:
    config = WasiConfig()
    config.argv = ["command.wasm", *args]
    config.capture_stdout()
    return config


def start(store: Store, binary: bytes, config: WasiConfig) -> tuple[Optional[int], wacapi.Instance]:
    """Runs a command's _start: (exit code or None if it returned, instance)."""
    linker = Linker(store)
    linker.define_wasi(config)
    instance = linker.instantiate(wacapi.Module(store, binary))
    try:
        instance.exports.get_func("_start")()
    except WasiExit as exc:
        return exc.code, instance
    return None, instance


class Writer:
    """WRITER_WAT instantiated with ``config``: writes bytes to the guest's descriptors."""

    def __init__(self, config: WasiConfig, store: Optional[Store] = None) -> None:
        self.store = store or Store()
        self.linker = Linker(self.store)
        self.linker.define_wasi(config)
        self.instance = self.linker.instantiate(wacapi.Module(self.store, WRITER_WAT))
        self.memory = self.instance.exports.get_memory("memory")
        self._write = self.instance.exports.get_func("write")

    def write(self, fd: int, data: bytes) -> int:
        self.memory.write(1024, data)
        result: int = self._write(fd, 1024, len(data))
        return result


# --------------------------------------------------------------------------
# WasiConfig: settings
# --------------------------------------------------------------------------


def test_config_defaults_grant_nothing() -> None:
    config = WasiConfig()
    assert config.argv == ()
    assert dict(config.env or {}) == {} and config.env is not None
    assert config.stdin is None
    assert config.stdout_file is None and config.stderr_file is None
    assert config.preopens == ()
    assert repr(config) == "<WasiConfig argv=[], env={}>"


def test_config_argv() -> None:
    config = WasiConfig()
    config.argv = ["prog", "a b", "ü"]
    assert config.argv == ("prog", "a b", "ü")
    config.argv = ("x",)
    assert config.argv == ("x",)
    config.inherit_argv()
    assert config.argv is None
    assert "argv inherited" in repr(config)


@pytest.mark.parametrize("bad", [None, "prog", b"prog", 3, {"a": 1}])
def test_config_argv_not_a_list(bad: Any) -> None:
    config = WasiConfig()
    with pytest.raises(TypeError, match="argv must be a list of str"):
        config.argv = bad
    assert config.argv == ()


def test_config_argv_bad_items() -> None:
    config = WasiConfig()
    with pytest.raises(TypeError, match=r"argv\[1\] must be a str, not bytes"):
        config.argv = ["prog", b"x"]  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"argv\[0\] must be a str, not NoneType"):
        config.argv = [None]  # type: ignore[list-item]
    with pytest.raises(ValueError, match="NUL"):
        config.argv = ["a\0b"]
    with pytest.raises(ValueError, match="surrogates"):
        config.argv = ["\udcff"]
    assert config.argv == ()


def test_config_env() -> None:
    config = WasiConfig()
    config.env = {"A": "1", "B": ""}
    env = config.env
    assert env == {"A": "1", "B": ""}
    with pytest.raises(TypeError):
        env["C"] = "x"  # type: ignore[index]  # read-only: assign a new dict instead
    config.inherit_env()
    assert config.env is None
    assert "env inherited" in repr(config)


def test_config_env_bad() -> None:
    config = WasiConfig()
    for bad in (None, [("A", "1")], "A=1"):
        with pytest.raises(TypeError, match="env must be a dict"):
            config.env = bad  # type: ignore[assignment]
    with pytest.raises(TypeError, match="name must be a str"):
        config.env = {1: "x"}  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="value of A must be a str, not int"):
        config.env = {"A": 1}  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="value of A must be a str, not NoneType"):
        config.env = {"A": None}  # type: ignore[dict-item]
    for name in ("", "A=B"):
        with pytest.raises(ValueError, match="contain no '='"):
            config.env = {name: "x"}
    with pytest.raises(ValueError, match="NUL"):
        config.env = {"A": "x\0"}
    assert config.env == {}


def test_config_stdin() -> None:
    config = WasiConfig()
    config.stdin = b"abc"
    assert config.stdin == b"abc"
    config.stdin = bytearray(b"de")
    assert config.stdin == b"de"
    config.stdin = memoryview(b"fg")
    assert config.stdin == b"fg"
    config.stdin = "ü"
    assert config.stdin == "ü".encode()
    assert "stdin=2 bytes" in repr(config)
    config.inherit_stdin()
    assert config.stdin is None and "stdin inherited" in repr(config)
    config.stdin = None
    assert config.stdin is None


def test_config_stdin_bad() -> None:
    config = WasiConfig()
    for bad in (3, [1, 2], object()):
        with pytest.raises(TypeError, match="stdin takes bytes or str"):
            config.stdin = bad
    with pytest.raises(ValueError, match="surrogates"):
        config.stdin = "\udcff"


def test_config_output_files(tmp_path: Path) -> None:
    config = WasiConfig()
    sink = io.StringIO()
    config.stdout_file = sink
    assert config.stdout_file is sink
    config.stderr_file = tmp_path / "err.txt"
    assert config.stderr_file == str(tmp_path / "err.txt")
    assert "stdout to" in repr(config) and "err.txt" in repr(config)
    config.stdout_file = "relative.txt"
    assert config.stdout_file == os.path.abspath("relative.txt")
    config.stdout_file = None
    assert config.stdout_file is None
    with pytest.raises(ValueError, match="not captured"):
        _ = config.stdout
    config.inherit_stdout()
    config.inherit_stderr()
    assert config.stderr_file is None
    assert "stdout inherited" in repr(config) and "stderr inherited" in repr(config)
    config.capture_stdout()
    assert "stdout captured" in repr(config)


def test_config_output_files_bad() -> None:
    config = WasiConfig()
    for bad in (3, object(), b"path"):
        with pytest.raises(TypeError, match="file object"):
            config.stdout_file = bad
        with pytest.raises(TypeError, match="stderr_file"):
            config.stderr_file = bad

    class BytesPath(os.PathLike):  # type: ignore[type-arg]
        def __fspath__(self) -> bytes:
            return b"/tmp/x"

    with pytest.raises(TypeError, match="str path"):
        config.stdout_file = BytesPath()
    assert config.stdout_file is None


def test_config_preopen_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = WasiConfig()
    config.preopen_dir(tmp_path, "/data")
    config.preopen_dir(str(tmp_path), ".", readonly=True)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    config.preopen_dir("sub", "/sub")  # relative to the current directory, now
    assert config.preopens == (
        (str(tmp_path), "/data", False),
        (str(tmp_path), ".", True),
        (str(tmp_path / "sub"), "/sub", False),
    )
    assert "(read-only)" in repr(config)


def test_config_preopen_dir_bad(tmp_path: Path) -> None:
    config = WasiConfig()
    with pytest.raises(TypeError, match="str host path"):
        config.preopen_dir(None, "/x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str host path"):
        config.preopen_dir(b"/tmp", "/x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="guest path must be a str"):
        config.preopen_dir(tmp_path, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="readonly"):
        config.preopen_dir(tmp_path, "/x", readonly="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="guest path is empty"):
        config.preopen_dir(tmp_path, "")
    with pytest.raises(ValueError, match="NUL"):
        config.preopen_dir(tmp_path, "/x\0")
    with pytest.raises(WasmError, match="No such file or directory"):
        config.preopen_dir(tmp_path / "missing", "/x")
    (tmp_path / "file").write_text("x")
    with pytest.raises(WasmError, match="not a directory"):
        config.preopen_dir(tmp_path / "file", "/x")
    with pytest.raises(TypeError):
        config.preopen_dir(tmp_path)  # type: ignore[call-arg]  # wrong arity
    assert config.preopens == ()


def test_config_directory_gone_before_define(tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    config = WasiConfig()
    config.preopen_dir(scratch, "/data")
    scratch.rmdir()
    store = Store()
    with pytest.raises(WasmError, match=r"cannot preopen the host directory.*No such file"):
        Linker(store).define_wasi(config)


def test_config_captured_output_before_define() -> None:
    config = WasiConfig()
    with pytest.raises(ValueError, match="stdout is not captured: call capture_stdout"):
        _ = config.stdout
    with pytest.raises(ValueError, match="stderr is not captured"):
        _ = config.stderr
    config.capture_stdout()
    config.capture_stderr()
    assert config.stdout == b"" and config.stderr == b""


# --------------------------------------------------------------------------
# The C command
# --------------------------------------------------------------------------


def test_command_demo(command_wasm: bytes, tmp_path: Path) -> None:
    store = Store()
    config = command_config("demo", "two words")
    config.env = {"GREETING": "hello from Python"}
    config.stdin = b"line one\nline two\n"
    config.preopen_dir(tmp_path, "/data")
    code, _ = start(store, command_wasm, config)
    assert code == 3
    assert config.stdout.decode() == DEMO_STDOUT
    assert (tmp_path / "hello.txt").read_text() == "written by the guest\n"


def test_command_exit_codes(command_wasm: bytes) -> None:
    # exit(0) is a proc_exit too: WasiExit with code 0.
    config = command_config("exit0")
    code, _ = start(Store(), command_wasm, config)
    assert code == 0 and config.stdout == b"exiting with 0\n"
    # Returning 0 from main: wasi-libc's _start returns without proc_exit.
    config = command_config("env")
    code, _ = start(Store(), command_wasm, config)
    assert code is None and config.stdout == b"end of environment\n"


def test_command_trap_is_no_exit(command_wasm: bytes) -> None:
    with pytest.raises(Trap) as info:
        start(Store(), command_wasm, command_config("trap"))
    assert not isinstance(info.value, WasiExit)
    assert info.value.exit_code is None
    assert "unreachable" in info.value.message


def test_command_wasi_exit_details(command_wasm: bytes, tmp_path: Path) -> None:
    store = Store()
    linker = Linker(store)
    config = command_config("demo")
    config.preopen_dir(tmp_path, "/data")
    linker.define_wasi(config)
    instance = linker.instantiate(wacapi.Module(store, command_wasm))
    with pytest.raises(WasiExit) as info:
        instance.exports.get_func("_start")()
    exc = info.value
    assert isinstance(exc, Trap) and isinstance(exc, WasmError)
    assert exc.code == 3 and exc.exit_code == 3
    assert "3" in exc.message


def test_command_inherit_argv_and_env(command_wasm: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["host.py", "env"])
    monkeypatch.setenv("WACAPI_TEST_INHERITED", "visible")
    config = WasiConfig()
    config.inherit_argv()
    config.inherit_env()
    config.capture_stdout()
    code, _ = start(Store(), command_wasm, config)
    assert code is None
    lines = config.stdout.decode().splitlines()
    assert "WACAPI_TEST_INHERITED=visible" in lines
    assert lines[-1] == "end of environment"


def test_command_clock_and_random(command_wasm: bytes, tmp_path: Path) -> None:
    config = command_config("demo")
    config.preopen_dir(tmp_path, "/data")
    start(Store(), command_wasm, config)
    lines = config.stdout.decode().splitlines()
    assert "clock: ok" in lines and "random: ok" in lines


def test_command_without_data_dir(command_wasm: bytes) -> None:
    # No preopen: the guest's fopen fails, it says so and returns 1 from main (proc_exit(1)).
    config = command_config("demo")
    code, _ = start(Store(), command_wasm, config)
    assert code == 1
    assert "cannot write /data/hello.txt" in config.stdout.decode()


def test_inherited_streams_in_a_subprocess(command_wasm: bytes, tmp_path: Path) -> None:
    script = f"""
import sys, wacapi
store = wacapi.Store()
config = wacapi.WasiConfig()
config.argv = ["command.wasm", "demo"]
config.inherit_stdin()
config.inherit_stdout()
config.inherit_stderr()
config.preopen_dir({str(tmp_path)!r}, "/data")
linker = wacapi.Linker(store)
linker.define_wasi(config)
instance = linker.instantiate(wacapi.Module.from_file(store, {str(guests_dir() / "command.wasm")!r}))
try:
    instance.exports._start()
except wacapi.WasiExit as exc:
    print("exit", exc.code)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], input=b"from the pipe\n", capture_output=True, env=python_env(), timeout=120
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "stdin: from the pipe\n" in out
    assert out.endswith("random: ok\nexit 3\n")


def test_inherited_stdout_and_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    config = WasiConfig()
    config.inherit_stdout()
    config.inherit_stderr()
    writer = Writer(config)
    writer.write(1, b"to fd 1\n")
    writer.write(2, b"to fd 2\n")
    out, err = capfd.readouterr()
    assert out == "to fd 1\n" and err == "to fd 2\n"
    with pytest.raises(ValueError, match="not captured"):
        _ = config.stdout


def test_unconfigured_streams_reach_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    config = WasiConfig()
    writer = Writer(config)
    writer.write(1, b"lost\n")
    writer.write(2, b"lost\n")
    assert capfd.readouterr() == ("", "")
    with pytest.raises(ValueError, match="stdout is not captured"):
        _ = config.stdout
    with pytest.raises(ValueError, match="stderr is not captured"):
        _ = config.stderr


# --------------------------------------------------------------------------
# Captured output and output files
# --------------------------------------------------------------------------


def test_capture_stdout_and_stderr() -> None:
    config = WasiConfig()
    config.capture_stdout()
    config.capture_stderr()
    writer = Writer(config)
    assert writer.write(1, b"out 1\n") == 0
    assert writer.write(2, b"err\n") == 0
    assert writer.write(1, b"out 2\n") == 0
    assert config.stdout == b"out 1\nout 2\n"
    assert config.stderr == b"err\n"


def test_output_to_text_file_object_after_each_call() -> None:
    config = WasiConfig()
    out, err = io.StringIO(), io.StringIO()
    config.stdout_file = out
    config.stderr_file = err
    writer = Writer(config)
    writer.write(1, b"first\n")
    assert out.getvalue() == "first\n"
    writer.write(2, "é".encode()[:1])  # half a character: kept until the rest comes
    assert err.getvalue() == ""
    writer.write(2, "é".encode()[1:] + b"\xff\n")  # a bad byte is replaced
    assert err.getvalue() == "é\ufffd\n"
    writer.write(1, b"second\n")
    assert out.getvalue() == "first\nsecond\n"
    assert config.stdout == b"first\nsecond\n"  # captured as well


def test_output_to_binary_file_object() -> None:
    config = WasiConfig()
    sink = io.BytesIO()
    config.stdout_file = sink
    writer = Writer(config)
    writer.write(1, b"\x00\xffraw")
    assert sink.getvalue() == b"\x00\xffraw"


def test_output_to_object_with_write() -> None:
    chunks: list[object] = []

    class Collector:
        def write(self, data: object) -> None:
            chunks.append(data)

    config = WasiConfig()
    config.stdout_file = Collector()
    writer = Writer(config)
    writer.write(1, b"a")
    writer.write(1, b"b")
    assert chunks == [b"a", b"b"]


def test_output_to_path(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old content\n")
    config = WasiConfig()
    config.stdout_file = target
    writer = Writer(config)
    assert target.read_bytes() == b""  # truncated by define_wasi
    writer.write(1, b"one\n")
    assert target.read_bytes() == b"one\n"
    writer.write(1, b"two\n")
    assert target.read_bytes() == b"one\ntwo\n"


def test_output_before_an_exit_reaches_the_file() -> None:
    config = WasiConfig()
    sink = io.StringIO()
    config.stdout_file = sink
    writer = Writer(config)
    writer.write(1, b"last words\n")
    with pytest.raises(WasiExit) as info:
        writer.instance.exports.get_func("exit")(9)
    assert info.value.code == 9
    assert sink.getvalue() == "last words\n"


def test_output_of_the_start_function_reaches_the_file() -> None:
    config = WasiConfig()
    sink = io.StringIO()
    config.stdout_file = sink
    store = Store()
    linker = Linker(store)
    linker.define_wasi(config)
    linker.instantiate(wacapi.Module(store, START_WAT))
    assert sink.getvalue() == "started\n"
    # Instance() runs the start function too (its imports from the linker).
    fd_write = linker.get("wasi_snapshot_preview1", "fd_write")
    wacapi.Instance(store, wacapi.Module(store, START_WAT), [fd_write])
    assert sink.getvalue() == "started\nstarted\n"


def test_output_file_errors_come_out_of_the_call() -> None:
    class Broken:
        def write(self, data: object) -> None:
            raise OSError("disk full")

    config = WasiConfig()
    config.stdout_file = Broken()
    writer = Writer(config)
    with pytest.raises(OSError, match="disk full"):
        writer.write(1, b"x")
    assert config.stdout == b"x"


def test_output_failed_to_a_text_file_is_retried() -> None:
    class Flaky(io.StringIO):
        fail = True

        def write(self, text: str) -> int:
            if self.fail:
                self.fail = False
                raise OSError("try again")
            return super().write(text)

    config = WasiConfig()
    sink = Flaky()
    config.stdout_file = sink
    writer = Writer(config)
    writer.write(1, "é".encode()[:1])  # nothing to write yet
    with pytest.raises(OSError, match="try again"):
        writer.write(1, "é".encode()[1:])
    assert sink.getvalue() == ""
    writer.write(1, b"")
    assert sink.getvalue() == "é"
    with pytest.raises(OSError, match="try again"):
        sink.fail = True
        writer.write(1, b"!")
    writer.write(1, b"\n")
    assert sink.getvalue() == "é!\n"


def test_output_file_with_calls_from_another_thread() -> None:
    config = WasiConfig()
    sink = io.StringIO()
    config.stdout_file = sink
    writer = Writer(config)
    threads = [threading.Thread(target=writer.write, args=(1, b"line\n")) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    writer.write(1, b"end\n")  # a flush point: everything so far is delivered
    assert sink.getvalue() == "line\n" * 4 + "end\n"


def test_output_kept_after_the_store_closes() -> None:
    config = WasiConfig()
    config.capture_stdout()
    config.capture_stderr()
    writer = Writer(config)
    writer.write(1, b"kept\n")
    writer.store.close()
    assert config.stdout == b"kept\n" and config.stderr == b""
    writer.store.close()  # again: nothing


def test_output_of_nested_calls_comes_after_the_outer_call() -> None:
    # While a call runs (here: wasm -> a host function -> the guest's own "write" export)
    # nothing is flushed: the output reaches the file when the outermost call returns.
    config = WasiConfig()
    sink = io.StringIO()
    config.stdout_file = sink
    store = Store()
    linker = Linker(store)
    linker.define_wasi(config)
    inner: list[wacapi.Instance] = []
    seen: list[str] = []

    def host() -> None:
        exports = inner[0].exports
        exports.get_memory("memory").write(1024, b"inner\n")
        assert exports.write(1, 1024, 6) == 0
        seen.append(sink.getvalue())

    linker.define_func("host", "f", host)
    wat = WRITER_WAT.replace(
        '(memory (export "memory") 1)',
        '(import "host" "f" (func $f)) (memory (export "memory") 1) (func (export "run") call $f)',
    )
    instance = linker.instantiate(wacapi.Module(store, wat))
    inner.append(instance)
    instance.exports.get_func("run")()
    assert seen == [""] and sink.getvalue() == "inner\n"


def test_output_file_gets_the_rest_when_the_store_closes() -> None:
    # Output that no call from Python delivered (a call through the C API) reaches the
    # file when the store closes.
    config = WasiConfig()
    sink = io.StringIO()
    config.stdout_file = sink
    writer = Writer(config)
    writer.memory.write(1024, b"raw\n")
    ffi = wacapi.ffi
    args = ffi.wasm_vec_new_from_list(ffi.wasm_val_vec_t, [ffi.wasm_i32_val(v) for v in (1, 1024, 4)])
    results = ffi.wasm_val_vec_t()
    ffi.wasm_val_vec_new_uninitialized(results, 1)
    trap = ffi.wasm_func_call(writer._write._require(), args, results)
    assert not trap and results.data[0].of.i32 == 0
    ffi.wasm_val_vec_delete(args)
    ffi.wasm_val_vec_delete(results)
    assert sink.getvalue() == ""
    writer.store.close()
    assert sink.getvalue() == "raw\n" and config.stdout == b"raw\n"


def test_a_kept_config_does_not_keep_the_store_alive() -> None:
    config = WasiConfig()
    sink = io.StringIO()
    config.stdout_file = sink
    writer = Writer(config)
    writer.write(1, b"delivered\n")
    # Written through the C API: not delivered yet; the store's collection delivers it.
    writer.memory.write(1024, b"at collection\n")
    ffi = wacapi.ffi
    args = ffi.wasm_vec_new_from_list(ffi.wasm_val_vec_t, [ffi.wasm_i32_val(v) for v in (1, 1024, 14)])
    results = ffi.wasm_val_vec_t()
    ffi.wasm_val_vec_new_uninitialized(results, 1)
    assert not ffi.wasm_func_call(writer._write._require(), args, results)
    ffi.wasm_val_vec_delete(args)
    ffi.wasm_val_vec_delete(results)
    store = weakref.ref(writer.store)
    del writer
    gc.collect()
    assert store() is None
    assert sink.getvalue() == "delivered\nat collection\n"
    assert config.stdout == b"delivered\nat collection\n"


def test_one_config_for_several_stores() -> None:
    config = WasiConfig()
    config.capture_stdout()
    first = Writer(config)
    first.write(1, b"first store\n")
    assert config.stdout == b"first store\n"
    second = Writer(config)
    assert config.stdout == b""  # the store it was defined for last
    second.write(1, b"second store\n")
    assert config.stdout == b"second store\n"
    first.write(1, b"more\n")
    assert config.stdout == b"second store\n"


def test_redefining_wasi_replaces_the_store_context() -> None:
    old = WasiConfig()
    old_sink = io.StringIO()
    old.stdout_file = old_sink
    writer = Writer(old)
    writer.write(1, b"old\n")
    new = WasiConfig()
    new.capture_stdout()
    Linker(writer.store).define_wasi(new)  # another linker, same store: the context is replaced
    writer.write(1, b"new\n")  # the instance's WASI functions now use the new context
    assert new.stdout == b"new\n"
    assert old.stdout == b"old\n" and old_sink.getvalue() == "old\n"


def test_refused_define_keeps_the_old_context() -> None:
    config = WasiConfig()
    sink = io.StringIO()
    config.stdout_file = sink
    writer = Writer(config)
    with pytest.raises(WasmError, match="already defined"):
        writer.linker.define_wasi(WasiConfig())
    writer.write(1, b"still here\n")
    assert sink.getvalue() == "still here\n"
    assert config.stdout == b"still here\n"


def test_output_read_after_store_closed_without_capture_fails() -> None:
    config = WasiConfig()
    writer = Writer(config)
    writer.store.close()
    with pytest.raises(ValueError, match="not captured"):
        _ = config.stdout


# --------------------------------------------------------------------------
# The C reactor
# --------------------------------------------------------------------------


@pytest.fixture()
def reactor(reactor_wasm: bytes) -> Iterator[wacapi.Instance]:
    store = Store()
    linker = Linker(store)
    linker.define_wasi(WasiConfig())
    yield linker.instantiate(wacapi.Module(store, reactor_wasm))


def greet(instance: wacapi.Instance, name: str) -> str:
    exports = instance.exports
    memory = exports.get_memory("memory")
    data = name.encode("utf-8")
    ptr = exports.alloc(len(data))
    assert ptr != 0
    memory.write(ptr, data)
    packed = exports.greet(ptr, len(data)) & 0xFFFF_FFFF_FFFF_FFFF
    result_ptr, result_len = packed >> 32, packed & 0xFFFF_FFFF
    text = memory.read(result_ptr, result_len).decode("utf-8")
    exports.free(result_ptr)
    exports.free(ptr)
    return text


def test_reactor_greet(reactor: wacapi.Instance) -> None:
    assert list(reactor.exports) == ["memory", "_initialize", "alloc", "free", "greet"]
    reactor.exports.get_func("_initialize")()
    assert greet(reactor, "world") == "Hello, world!"
    assert greet(reactor, "Wörld 🌍") == "Hello, Wörld 🌍!"
    assert greet(reactor, "") == "Hello, !"
    size = reactor.exports.get_memory("memory").size
    for i in range(2000):
        assert greet(reactor, f"n{i}") == f"Hello, n{i}!"
    assert reactor.exports.get_memory("memory").size == size  # everything was freed


def test_reactor_types(reactor: wacapi.Instance) -> None:
    i32, i64 = wacapi.ValType.i32(), wacapi.ValType.i64()
    assert reactor.exports.get_func("greet").type == wacapi.FuncType([i32, i32], [i64])
    assert reactor.exports.get_func("alloc").type == wacapi.FuncType([i32], [i32])
    assert reactor.exports.get_func("_initialize").type == wacapi.FuncType([], [])
    with pytest.raises(TypeError, match="takes 2 arguments"):
        reactor.exports.greet(1)


# --------------------------------------------------------------------------
# WasiExit
# --------------------------------------------------------------------------


def test_wasi_exit_class() -> None:
    exc = WasiExit("exit with status 4", 4)
    assert exc.code == 4 and exc.exit_code == 4 and exc.message == "exit with status 4"
    assert isinstance(exc, Trap) and isinstance(exc, WasmError)
    # A Trap with an exit code is a WasiExit (how traps from the library become one).
    made = Trap("exit with status 0", 0)
    assert type(made) is WasiExit and made.code == 0
    assert type(Trap("plain")) is Trap
    assert wacapi.WasiExit is WasiExit and "WasiExit" in wacapi.__all__


def test_wasi_exit_pickles() -> None:
    for exc in (WasiExit("bye", 2), Trap("boom"), Trap("bye", 5)):
        copy = pickle.loads(pickle.dumps(exc))
        assert type(copy) is type(exc)
        assert copy.message == exc.message and copy.exit_code == exc.exit_code


def test_wasi_exit_bad_arguments() -> None:
    with pytest.raises(TypeError, match="int exit code"):
        WasiExit("x", None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="int exit code"):
        WasiExit("x", "3")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        WasiExit("x")  # type: ignore[call-arg]  # wrong arity


def test_wasi_exit_from_raw_wat() -> None:
    writer = Writer(WasiConfig())
    exit_ = writer.instance.exports.get_func("exit")
    for code in (0, 1, 125):
        with pytest.raises(WasiExit) as info:
            exit_(code)
        assert info.value.code == code
    # WASI (wasi-common) takes exit codes 0..125 only; the others are a plain trap.
    with pytest.raises(Trap, match="invalid exit status") as trap:
        exit_(126)
    assert not isinstance(trap.value, WasiExit)


def test_config_methods_wrong_arity() -> None:
    config = WasiConfig()
    for method in (
        config.inherit_argv,
        config.inherit_env,
        config.inherit_stdin,
        config.inherit_stdout,
        config.inherit_stderr,
        config.capture_stdout,
        config.capture_stderr,
    ):
        with pytest.raises(TypeError):
            method(True)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        WasiConfig(argv=["x"])  # type: ignore[call-arg]  # settings are attributes
    with pytest.raises(AttributeError):
        config.stdout = b"x"  # type: ignore[misc]  # read-only


def test_define_wasi_in_a_closed_store() -> None:
    store = Store()
    linker = Linker(store)
    store.close()
    config = WasiConfig()
    config.capture_stdout()
    with pytest.raises(ValueError, match="Store is closed"):
        linker.define_wasi(config)
    assert config.stdout == b""  # never defined


def test_bad_output_path_fails_before_anything_changes(tmp_path: Path) -> None:
    old = WasiConfig()
    old.capture_stdout()
    writer = Writer(old)
    config = WasiConfig()
    config.stdout_file = tmp_path / "missing-dir" / "out.txt"
    with pytest.raises(FileNotFoundError):
        writer.linker.define_wasi(config)
    writer.write(1, b"old context\n")
    assert old.stdout == b"old context\n"


def test_file_failure_while_replacing_keeps_the_old_context() -> None:
    class FailsOnce:
        def __init__(self) -> None:
            self.failed = False
            self.data: list[bytes] = []

        def write(self, data: bytes) -> None:
            if not self.failed:
                self.failed = True
                raise OSError("disk full")
            self.data.append(data)

    sink = FailsOnce()
    old = WasiConfig()
    old.stdout_file = sink
    writer = Writer(old)
    writer.memory.write(1024, b"pending\n")
    # Written without a flush (through the C API), so replacing the context must deliver it.
    ffi = wacapi.ffi
    args = ffi.wasm_vec_new_from_list(ffi.wasm_val_vec_t, [ffi.wasm_i32_val(v) for v in (1, 1024, 8)])
    results = ffi.wasm_val_vec_t()
    ffi.wasm_val_vec_new_uninitialized(results, 1)
    assert not ffi.wasm_func_call(writer._write._require(), args, results)
    ffi.wasm_val_vec_delete(args)
    ffi.wasm_val_vec_delete(results)
    with pytest.raises(OSError, match="disk full"):
        Linker(writer.store).define_wasi(WasiConfig())
    writer.write(1, b"more\n")  # the old context is still the store's, and delivers again
    assert old.stdout == b"pending\nmore\n"
    assert sink.data == [b"pending\nmore\n"]  # what failed was due still


def test_incomplete_character_at_the_end() -> None:
    config = WasiConfig()
    sink = io.StringIO()
    config.stdout_file = sink
    writer = Writer(config)
    writer.write(1, b"ok \xe2\x82")  # the start of a three-byte character, never finished
    assert sink.getvalue() == "ok "
    writer.store.close()
    assert sink.getvalue() == "ok \ufffd"
