"""``python -m wacapi run``: runs a WebAssembly program, in the style of ``wasmtime run``;
``python -m wacapi inspect``: describes a module (see :mod:`wacapi._inspect`).

The guest gets the standard streams of this process, the arguments after
the module, and only the directories (``--dir``) and environment variables
(``--env``) it is given.  The exit status is the guest's: its ``proc_exit``
code, 0 when ``_start`` returns, 134 (what a native program killed by
``abort()`` gets) with the message on standard error when it traps, 1 when
the module cannot be loaded or linked and 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import struct
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, Optional

from ._errors import Timeout, Trap, WasiExit, WasmError

__all__ = ["main"]

PROG = "python -m wacapi"

#: The exit status of a trap: 128 + SIGABRT on POSIX systems (what wasmtime uses), 3 on Windows.
TRAP_EXIT = 3 if sys.platform == "win32" else 134

#: The exit status when --timeout stops the guest (what coreutils' timeout uses).
TIMEOUT_EXIT = 124

DESCRIPTION = "Runs or inspects a WebAssembly module (a WASI command, a reactor or any module) with wacapi."

RUN_EPILOG = """\
The module is binary (.wasm) or text (.wat). Its arguments (argv) are the
module path followed by ARGS. With --invoke, ARGS are the function's
arguments instead, converted to its parameter types (integers in decimal or
0x hex, floats as Python writes them, nan, inf), and its results are printed
one per line. A module exporting _initialize (a WASI reactor) has it called
before the invoked function.

The guest sees this process's standard input, output and error, and nothing
else of the host unless given: --dir grants a directory, --env a variable.

Exit status: the guest's exit code (proc_exit; 0 when _start returns),
134 when it traps (the message is on standard error; also when its fuel
runs out), 124 when it runs past --timeout, 1 when the module cannot be read, compiled or linked, 2 for a
bad command line.

examples:
  python -m wacapi run prog.wasm arg1 arg2
  python -m wacapi run --dir .::/data --env HOME=/data prog.wasm
  python -m wacapi run --dir /srv/static::/static:ro server.wasm
  python -m wacapi run --invoke add math.wat 2 40
  python -m wacapi run --fuel 100000000 untrusted.wasm
  python -m wacapi run --timeout 2.5 untrusted.wasm
  python -m wacapi run --wasm simd=n --wasm compilation=eager prog.wasm

--wasm names (y|n): simd relaxed_simd multi_value multi_memory memory64
  tail_call extended_const bulk_memory reference_types sign_extension
  saturating_float_to_int mutable_global wide_arithmetic custom_page_sizes
  floats; also compilation, max_recursion_depth, max_stack_height,
  min_stack_height (see wacapi.Config).
"""


INSPECT_EPILOG = """\
MODULE is binary (.wasm) or text (.wat), or - for standard input. Nothing
is instantiated or run.

Printed: the size; the kind (command: exports _start; reactor: exports
_initialize and no _start; library: neither); whether it imports WASI
(wasi_snapshot_preview1 or wasi_unstable) and which functions; the imports
and exports with their types; every memory (limits in 64 KiB pages and in
bytes, 32- or 64-bit, shared or not) and table (element type, limits); the
custom sections (name, size) and all sections (id, offset, size).

--json prints the same as one JSON object, with the keys (version 1, see
`python -m pydoc wacapi._inspect` describes each):
  inspect_version path format file_size size kind wasi start_function
  imports exports memories tables sections custom_sections

Exit status: 0; 1 when the module cannot be read or is not a valid module
(one line on standard error); 2 for a bad command line.

examples:
  python -m wacapi inspect prog.wasm
  python -m wacapi inspect --json lib.wat | jq '.exports[].name'
"""


class _Failure(Exception):
    """Ends the run with ``status`` and ``message`` on standard error."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class _UsageError(_Failure):
    """A bad command line found after parsing (exit status 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(f"error: {message}", 2)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION)
    parser.add_argument("--version", action="store_true", help="print the version of wacapi and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser(
        "run",
        usage=f"{PROG} run [-h] [--dir HOST[::GUEST[:ro]]]... [--env NAME[=VALUE]]... [--fuel N]\n"
        "       [--timeout SECONDS] [--max-memory BYTES] [--wasm NAME=VALUE]... [--invoke NAME] MODULE [ARGS ...]",
        help="run a WebAssembly module",
        description="Runs a WebAssembly module: a WASI command's _start, or the function --invoke names.",
        epilog=RUN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "--dir",
        action="append",
        default=[],
        metavar="HOST[::GUEST[:ro]]",
        help="let the guest use the host directory HOST as GUEST (default: the same path); "
        "a ':ro' suffix after GUEST makes it read-only (repeatable)",
    )
    run.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME[=VALUE]",
        help="give the guest the environment variable NAME, with VALUE or, without one, "
        "this process's value (repeatable)",
    )
    run.add_argument("--fuel", type=_natural, metavar="N", help="stop the guest (a trap) after it used N units of fuel")
    run.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        help="stop the guest after SECONDS of wall-clock time (exit status 124)",
    )
    run.add_argument(
        "--max-memory",
        type=_natural,
        metavar="BYTES",
        help="cap each linear memory of the guest at BYTES (growing past it fails)",
    )
    run.add_argument(
        "--wasm",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an engine setting (repeatable): a proposal on or off (simd=n, tail_call=y, ...), "
        "compilation=eager|lazy_translation|lazy, max_recursion_depth=N, max_stack_height=BYTES, "
        "min_stack_height=BYTES",
    )
    run.add_argument(
        "--invoke",
        metavar="NAME",
        help="call the exported function NAME with ARGS instead of running _start, and print its results",
    )
    run.add_argument("module", metavar="MODULE", help="the module: a .wasm binary or a .wat text file")
    run.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS", help="the guest's arguments")
    run.set_defaults(subparser=run)
    inspect = commands.add_parser(
        "inspect",
        help="describe a WebAssembly module: imports, exports, memories, sections, WASI",
        description="Describes a WebAssembly module without running it.",
        epilog=INSPECT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    inspect.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    inspect.add_argument("module", metavar="MODULE", help="the module: a .wasm binary, a .wat text file or -")
    inspect.set_defaults(subparser=inspect)
    return parser


def _natural(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def _seconds(text: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if math.isnan(value) or math.isinf(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return value


def _dir(spec: str) -> tuple[str, str, bool]:
    """``HOST``, ``HOST::GUEST`` or ``HOST::GUEST:ro`` -> (host, guest, readonly)."""
    host, sep, guest = spec.partition("::")
    if not sep:
        guest = host
    readonly = False
    if sep and guest.endswith(":ro"):
        guest, readonly = guest[: -len(":ro")], True
    if not host or not guest:
        raise _UsageError(f"--dir {spec!r}: expected HOST, HOST::GUEST or HOST::GUEST:ro")
    return host, guest, readonly


def _env(specs: Sequence[str]) -> dict[str, str]:
    env: dict[str, str] = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        if not name:
            raise _UsageError(f"--env {spec!r}: expected NAME=VALUE or NAME")
        if not sep:
            inherited = os.environ.get(name)
            if inherited is None:
                continue  # as wasmtime: a variable the host does not have is not given
            value = inherited
        env[name] = value
    return env


_YES = ("y", "yes", "true", "on", "1")
_NO = ("n", "no", "false", "off", "0")


def _wasm_settings(specs: Sequence[str]) -> dict[str, Any]:
    """``--wasm NAME=VALUE`` options -> keyword arguments of :class:`wacapi.Config`."""
    from ._config import _DEFAULTS, COMPILATION_MODES

    names = [n for n in _DEFAULTS if n != "consume_fuel"]
    settings: dict[str, Any] = {}
    for spec in specs:
        name, sep, text = spec.partition("=")
        name = name.strip().replace("-", "_")
        if not sep:
            raise _UsageError(f"--wasm {spec!r}: expected NAME=VALUE, such as simd=n")
        if name not in names:
            raise _UsageError(f"--wasm {spec!r}: unknown name {name!r} (known: {', '.join(names)})")
        default = _DEFAULTS[name]
        value: Any
        if isinstance(default, bool):
            if text.lower() in _YES:
                value = True
            elif text.lower() in _NO:
                value = False
            else:
                raise _UsageError(f"--wasm {spec!r}: {name} takes y or n, not {text!r}")
        elif name == "compilation":
            if text not in COMPILATION_MODES:
                raise _UsageError(f"--wasm {spec!r}: compilation takes one of {', '.join(COMPILATION_MODES)}")
            value = text
        else:
            try:
                value = int(text, 0)
            except ValueError:
                raise _UsageError(f"--wasm {spec!r}: {name} takes an integer, not {text!r}") from None
        settings[name] = value
    return settings


def _parse_arg(text: str, kind: str, index: int) -> Any:
    if kind in ("i32", "i64"):
        try:
            return int(text, 10)
        except ValueError:
            pass
        try:
            return int(text, 0)
        except ValueError:
            raise _UsageError(f"argument {index + 1} ({kind}): not an integer: {text!r}") from None
    if kind in ("f32", "f64"):
        try:
            return float(text)
        except ValueError:
            raise _UsageError(f"argument {index + 1} ({kind}): not a number: {text!r}") from None
    raise _UsageError(f"argument {index + 1}: a {kind} cannot be given on the command line")


def _f32_text(value: float) -> str:
    """The shortest text that reads back as the same f32 (``0.1``, not ``0.10000000149011612``)."""
    if value != value or value in (float("inf"), float("-inf")):
        return repr(value)
    packed = struct.pack("<f", value)
    for digits in range(1, 10):
        text = f"{value:.{digits}g}"
        if struct.pack("<f", float(text)) == packed:
            return repr(float(text))
    return repr(value)  # pragma: no cover - 9 digits always round-trip an f32


def _result_text(value: object, kind: str) -> str:
    if value is None:
        return "null"
    if kind == "f32" and isinstance(value, float):
        return _f32_text(value)
    if isinstance(value, (int, float)):
        return repr(value)
    return f"<{kind}>"


def _fail(message: str, status: int) -> NoReturn:
    raise _Failure(message, status)


def _run(ns: argparse.Namespace) -> int:
    import wacapi

    dirs = [_dir(spec) for spec in ns.dir]
    env = _env(ns.env)
    path: str = ns.module

    settings = _wasm_settings(ns.wasm)
    try:
        engine = wacapi.Engine(wacapi.Config(**settings), consume_fuel=ns.fuel is not None)
    except (TypeError, ValueError) as exc:
        raise _UsageError(f"--wasm: {exc}") from None
    try:
        store = wacapi.Store(engine, max_memory=ns.max_memory)
    except (TypeError, ValueError) as exc:
        raise _UsageError(f"--max-memory: {exc}") from None
    if ns.fuel is not None:
        try:
            store.fuel = ns.fuel
        except ValueError as exc:
            raise _UsageError(f"--fuel: {exc}") from None
    try:
        module = wacapi.Module.from_file(store, path)
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror or exc}", 1)
    except WasmError as exc:
        _fail(f"cannot compile {path}: {exc.message}", 1)

    config = wacapi.WasiConfig()
    config.argv = [path, *ns.args] if ns.invoke is None else [path]
    config.env = env
    config.inherit_stdin()
    config.inherit_stdout()
    config.inherit_stderr()
    for host, guest, readonly in dirs:
        try:
            config.preopen_dir(host, guest, readonly=readonly)
        except WasmError as exc:
            _fail(f"--dir: {exc.message}", 1)

    linker = wacapi.Linker(store)
    linker.define_wasi(config)
    exports = {e.name for e in module.exports}
    deadline = contextlib.nullcontext() if ns.timeout is None else store.deadline(ns.timeout)
    try:
        with deadline:
            # The guest writes to the descriptors directly: nothing of ours may be left in a buffer.
            sys.stdout.flush()
            sys.stderr.flush()
            instance = linker.instantiate(module)
            if ns.invoke is not None:
                return _invoke(instance, exports, ns.invoke, ns.args)
            if "_start" in exports:
                instance.exports.get_func("_start")()
            elif "_initialize" in exports:
                instance.exports.get_func("_initialize")()
            return 0
    except WasiExit as exc:
        return exc.code
    except Timeout:
        _fail(f"{path}: timed out after {ns.timeout:g} s (--timeout)", TIMEOUT_EXIT)
    except Trap as exc:
        _fail(f"{path}: wasm trap: {exc.message}", TRAP_EXIT)
    except WasmError as exc:
        _fail(f"{path}: {exc.message}", 1)


def _inspect(ns: argparse.Namespace) -> int:
    import json

    from ._inspect import InspectError, inspect_module, render

    path: str = ns.module
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror or exc}", 1)
    try:
        report = inspect_module(data, path)
    except InspectError as exc:
        _fail(f"{path}: {exc}", 1)
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n" if ns.json else render(report)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``| head``): no traceback, and none at exit when Python flushes stdout.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def _invoke(instance: Any, exports: set[str], name: str, args: Sequence[str]) -> int:
    import wacapi

    if name not in exports:
        _fail(f"the module exports no function {name!r}", 1)
    func = instance.exports[name]
    if not isinstance(func, wacapi.Func):
        _fail(f"the export {name!r} is a {type(func).__name__}, not a function", 1)
    params = func.type.params
    if len(args) != len(params):
        types = ", ".join(p.name for p in params)
        raise _UsageError(
            f"{name} takes {len(params)} argument{'' if len(params) == 1 else 's'} ({types}), {len(args)} given"
        )
    values = [_parse_arg(text, p.name, i) for i, (text, p) in enumerate(zip(args, params))]
    if "_initialize" in exports and name != "_initialize":
        instance.exports.get_func("_initialize")()
    try:
        result = func(*values)
    except (TypeError, ValueError, OverflowError) as exc:
        raise _UsageError(str(exc)) from None
    results = func.type.results
    values_out = [] if not results else [result] if len(results) == 1 else list(result)
    sys.stdout.write("".join(f"{_result_text(v, r.name)}\n" for v, r in zip(values_out, results)))
    sys.stdout.flush()
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    parser = _parser()
    ns, extra = parser.parse_known_args(argv)
    if extra:
        # What parse_args() would say, but with the usage of the command they were given to.
        getattr(ns, "subparser", parser).error(f"unrecognized arguments: {' '.join(extra)}")
    if ns.version:
        import wacapi

        print(f"wacapi {wacapi.__version__}")
        return 0
    if ns.command is None:
        parser.print_usage(sys.stderr)
        sys.stderr.write(f"{PROG}: error: a command is needed (run or inspect)\n")
        return 2
    try:
        return _inspect(ns) if ns.command == "inspect" else _run(ns)
    except _Failure as exc:
        sys.stdout.flush()
        sys.stderr.write(f"{PROG} {ns.command}: {exc}\n")
        sys.stderr.flush()
        return exc.status
