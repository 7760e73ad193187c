"""WASI preview 1: what a guest may see of the host (:class:`WasiConfig`), and the
output it wrote to captured streams.

A :class:`WasiConfig` is a plain Python description: setting it up touches no
library object, so it cannot leak one, can be changed freely and can serve
several stores.  :meth:`Linker.define_wasi <wacapi.Linker.define_wasi>` turns
it into the library's configuration (``wacapi_wasi_config_t``, which that call
consumes) and gives the store its WASI context.  The store keeps what the
guest writes to a captured stream; a :class:`WasiState`, made by
``define_wasi`` and shared by the config and the store, reads it back
(``config.stdout``) and hands it on to Python file objects (``stdout_file``).
"""

from __future__ import annotations

import codecs
import ctypes
import io
import os
import stat
import sys
import types
import weakref
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional, Union

from . import binding as _b
from ._cabi import borrowed_vec, vec_bytes
from ._errors import WasmError
from ._traps import error

if TYPE_CHECKING:
    from ._store import Store

__all__ = ["WasiConfig", "WasiState"]

#: What ``stdout_file``/``stderr_file`` take: a path, or an object with ``write``.
OutputTarget = Union[str, "os.PathLike[str]", Any]

_CLOSED, _INHERIT, _CAPTURE = "closed", "inherit", "capture"
_STREAMS = ("stdout", "stderr")


def _text(value: object, what: str) -> bytes:
    """``value`` (a str) as UTF-8 for the library, which copies it as a C string."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if "\0" in value:
        raise ValueError(f"{what} contains a NUL character: {value!r}")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} is not valid Unicode (lone surrogates): {value!r}") from None


def _c_strings(items: Sequence[bytes]) -> Any:
    return (ctypes.c_char_p * max(len(items), 1))(*items)


class _Sink:
    """Where the captured output of one stream goes: a Python file object or a file path.

    ``offset`` is how much of the captured output was delivered already
    (the library keeps everything the guest wrote since the start).
    """

    __slots__ = ("decoder", "offset", "path", "target")

    def __init__(self, target: object, what: str) -> None:
        self.offset = 0
        self.decoder: Optional[codecs.IncrementalDecoder] = None
        self.path: Optional[str] = None
        self.target: Any = None
        if isinstance(target, (str, os.PathLike)):
            path = os.fspath(target)
            if not isinstance(path, str):
                raise TypeError(f"{what} takes a str path, not {type(path).__name__}")
            self.path = os.path.abspath(path)
        elif callable(getattr(target, "write", None)):
            self.target = target
        else:
            raise TypeError(f"{what} takes a file object (with write()) or a path, not {type(target).__name__}")

    def copy(self) -> _Sink:
        """A fresh sink for the same target (one per store the config is defined for)."""
        return _Sink(self.path if self.path is not None else self.target, "sink")

    def start(self) -> None:
        """Called when WASI is defined: a path is truncated, so the file holds this run only."""
        if self.path is not None:
            with open(self.path, "wb"):
                pass
        elif self.target is not None and _is_text(self.target):
            self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def deliver(self, captured: bytes) -> None:
        """Writes what ``captured`` (all output so far) has beyond what was delivered.

        If the write raises, the output stays due and the next delivery tries
        it again.
        """
        new = captured[self.offset :]
        if not new:
            return
        if self.path is not None:
            with open(self.path, "ab") as f:
                f.write(new)
        else:
            target = self.target
            decoder = self.decoder
            if decoder is None:
                target.write(new)
            else:
                state = decoder.getstate()
                try:
                    text = decoder.decode(new)
                    if text:
                        target.write(text)
                except BaseException:
                    decoder.setstate(state)
                    raise
            flush = getattr(target, "flush", None)
            if callable(flush):
                flush()
        self.offset = len(captured)

    def finish(self) -> None:
        """The end of the output: a character left incomplete is written as U+FFFD."""
        decoder = self.decoder
        if decoder is not None:
            rest = decoder.decode(b"", final=True)
            if rest:
                self.target.write(rest)

    def describe(self) -> str:
        return repr(self.path) if self.path is not None else repr(self.target)


def _is_text(target: object) -> bool:
    """True for text streams (``sys.stdout``, ``io.StringIO``, ``open(p, "w")``)."""
    if isinstance(target, io.TextIOBase):
        return True
    if isinstance(target, (io.RawIOBase, io.BufferedIOBase)):
        return False
    return isinstance(getattr(target, "encoding", None), str)


class WasiState:
    """The WASI context of one store, as far as Python needs it: which streams were
    captured, where their output goes, and (once the store is closed or its
    context replaced) the final output.

    Made by :meth:`Linker.define_wasi <wacapi.Linker.define_wasi>`; the
    store and the :class:`WasiConfig` both refer to it.  It refers to the
    store weakly: a config kept for later must not keep the store (and its
    memories) alive, and the store must go as soon as it is unused, without
    waiting for the cycle collector.  The store hands over its final output
    when it closes, also when it is garbage collected.
    """

    __slots__ = ("captured", "final", "sinks", "store")

    def __init__(
        self, store: Store, captured: tuple[bool, bool], sinks: tuple[Optional[_Sink], Optional[_Sink]]
    ) -> None:
        self.store: Optional[weakref.ref[Store]] = weakref.ref(store)
        self.captured = captured
        self.sinks = sinks
        #: The captured output once the store is gone (or its WASI context replaced).
        self.final: Optional[tuple[bytes, bytes]] = None

    @property
    def has_sinks(self) -> bool:
        return self.sinks[0] is not None or self.sinks[1] is not None

    def read(self, index: int, store: Optional[Store] = None) -> bytes:
        """Everything the guest wrote to stdout (0) or stderr (1) so far.

        ``store`` is the store, when the caller has it (the weak reference
        may already be cleared while the store is being collected).
        """
        if not self.captured[index]:
            raise ValueError(
                f"the guest's {_STREAMS[index]} is not captured: call capture_{_STREAMS[index]}() "
                f"(or set {_STREAMS[index]}_file) before define_wasi()"
            )
        if self.final is not None:
            return self.final[index]
        if store is None and self.store is not None:
            store = self.store()
        if store is None:  # gone without closing (at interpreter exit): nothing kept
            return b""
        out = _b.wasm_byte_vec_t()
        read = _b.wacapi_wasi_stdout if index == 0 else _b.wacapi_wasi_stderr
        with store._lock:
            ok = read(store._require(), ctypes.byref(out))
        try:
            if not ok:
                raise error(f"cannot read the guest's {_STREAMS[index]}")
            return vec_bytes(out)
        finally:
            _b.wasm_byte_vec_delete(ctypes.byref(out))

    def pump(self, store: Optional[Store] = None) -> None:
        """Delivers new output to the file sinks (after each call; see Store._flush)."""
        for index, sink in enumerate(self.sinks):
            if sink is not None:
                sink.deliver(self.read(index, store))

    def detach(self, store: Store) -> None:
        """Delivers the rest and keeps the final output: ``store`` is closing, or a new
        WASI context replaces this one."""
        if self.final is not None:
            return
        try:
            self.pump(store)
            for sink in self.sinks:
                if sink is not None:
                    sink.finish()
        finally:
            final = tuple(self.read(i, store) if self.captured[i] else b"" for i in range(2))
            self.final = (final[0], final[1])
            self.store = None

    def reattach(self, store: Store) -> None:
        """Undoes :meth:`detach` when the context turned out not to be replaced."""
        self.final = None
        self.store = weakref.ref(store)


class WasiConfig:
    """What a WASI guest may see of the host: arguments, environment, standard
    streams and directories.

    By default it sees nothing: no arguments, an empty environment, standard
    streams connected to nothing (reads see end of file, writes vanish), no
    files.  Each setting grants something::

        config = wacapi.WasiConfig()
        config.argv = ["prog", "--verbose"]   # argv[0] included
        config.env = {"LANG": "C"}
        config.stdin = b"input\\n"
        config.capture_stdout()               # then config.stdout after the run
        config.preopen_dir("/tmp/data", "/data", readonly=True)
        linker.define_wasi(config)

    The settings are read when :meth:`Linker.define_wasi
    <wacapi.Linker.define_wasi>` is called; changing the config afterwards
    affects only later ``define_wasi`` calls.  One config may serve several
    stores; :attr:`stdout` and :attr:`stderr` then read the store it was
    defined for last.

    Output: each standard stream is connected to nothing (the default), inherited from
    this process (``inherit_stdout()``: written to file descriptor 1 at
    once, beside ``sys.stdout``), captured (``capture_stdout()``: read
    :attr:`stdout` when you like), or written to a file (``stdout_file =
    f``).  A file gets the output after each call into the store from Python
    returns or raises (a command's ``_start``, a reactor's exports, the start
    function during instantiation), and when the store is closed; during a
    call it accumulates in the store.

    A guest writing to its captured standard output:

    >>> store = wacapi.Store()
    >>> config = wacapi.WasiConfig()
    >>> config.capture_stdout()
    >>> linker = wacapi.Linker(store)
    >>> linker.define_wasi(config)
    >>> module = wacapi.Module(store, '''
    ...   (module
    ...     (import "wasi_snapshot_preview1" "fd_write"
    ...       (func $fd_write (param i32 i32 i32 i32) (result i32)))
    ...     (memory (export "memory") 1)
    ...     (data (i32.const 16) "hi!")
    ...     (func (export "_start")
    ...       (i32.store (i32.const 0) (i32.const 16))   ;; iovec: the bytes at 16
    ...       (i32.store (i32.const 4) (i32.const 3))    ;; and their length
    ...       (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))''')
    >>> linker.instantiate(module).exports._start()
    >>> config.stdout
    b'hi!'
    """

    __slots__ = ("_argv", "_env", "_preopens", "_state", "_stderr", "_stdin", "_stdout")

    def __init__(self) -> None:
        self._argv: Optional[tuple[str, ...]] = ()  # None: sys.argv
        self._env: Optional[dict[str, str]] = {}  # None: the process environment
        self._stdin: Union[bytes, str, None] = None  # bytes, _INHERIT or None (closed)
        self._stdout: tuple[str, Optional[_Sink]] = (_CLOSED, None)
        self._stderr: tuple[str, Optional[_Sink]] = (_CLOSED, None)
        self._preopens: list[tuple[str, str, bool]] = []
        #: The WASI context this config was defined for last.
        self._state: Optional[WasiState] = None

    # ------------------------------------------------------------------ arguments

    @property
    def argv(self) -> Optional[tuple[str, ...]]:
        """The guest's command-line arguments, ``argv[0]`` (the program name) first.

        Assign a list (or any sequence) of str; reading gives a tuple copy,
        or None after :meth:`inherit_argv`.  Empty by default.
        """
        return self._argv

    @argv.setter
    def argv(self, argv: Sequence[str]) -> None:
        if isinstance(argv, (str, bytes)) or not isinstance(argv, Sequence):
            raise TypeError(f"argv must be a list of str, not {type(argv).__name__}")
        items = tuple(argv)
        for i, arg in enumerate(items):
            _text(arg, f"argv[{i}]")
        self._argv = items

    def inherit_argv(self) -> None:
        """Gives the guest this program's arguments, ``sys.argv`` as it is when
        ``define_wasi`` is called (``sys.argv[0]`` is the guest's ``argv[0]``)."""
        self._argv = None

    # ------------------------------------------------------------------ environment

    @property
    def env(self) -> Optional[Mapping[str, str]]:
        """The guest's environment variables: exactly these, none of the host's.

        Assign a dict (any mapping of str to str); reading gives a read-only
        copy, or None after :meth:`inherit_env`.  Empty by default.
        """
        return None if self._env is None else types.MappingProxyType(dict(self._env))

    @env.setter
    def env(self, env: Mapping[str, str]) -> None:
        if not isinstance(env, Mapping):
            raise TypeError(f"env must be a dict of str to str, not {type(env).__name__}")
        items = dict(env)
        for name, value in items.items():
            _text(name, "an environment variable name")
            if not name or "=" in name:
                raise ValueError(f"environment variable names are not empty and contain no '=': {name!r}")
            _text(value, f"the value of {name}")
        self._env = items

    def inherit_env(self) -> None:
        """Gives the guest every environment variable of this process, as they are
        when ``define_wasi`` is called.  Only for trusted guests: the
        environment often holds secrets."""
        self._env = None

    # ------------------------------------------------------------------ standard streams

    @property
    def stdin(self) -> Optional[bytes]:
        """What the guest reads from standard input, then end of file.

        Assign bytes (or a str, encoded as UTF-8); None gives no input (the
        default).  Reads None after :meth:`inherit_stdin`.
        """
        return self._stdin if isinstance(self._stdin, bytes) else None

    @stdin.setter
    def stdin(self, data: Union[bytes, bytearray, memoryview, str, None]) -> None:
        if data is None:
            self._stdin = None
        elif isinstance(data, str):
            self._stdin = _text_bytes(data)
        elif isinstance(data, (bytes, bytearray, memoryview)):
            self._stdin = bytes(data)
        else:
            raise TypeError(f"stdin takes bytes or str, not {type(data).__name__}")

    def inherit_stdin(self) -> None:
        """Makes the guest read this process's standard input (file descriptor 0)."""
        self._stdin = _INHERIT

    def inherit_stdout(self) -> None:
        """Makes the guest write to this process's standard output (file descriptor 1).

        The guest's writes go to the descriptor directly, not through
        ``sys.stdout``: flush ``sys.stdout`` before running the guest when
        the order of the two matters.
        """
        self._stdout = (_INHERIT, None)

    def inherit_stderr(self) -> None:
        """Makes the guest write to this process's standard error (file descriptor 2)."""
        self._stderr = (_INHERIT, None)

    def capture_stdout(self) -> None:
        """Keeps the guest's standard output in the store; :attr:`stdout` reads it."""
        self._stdout = (_CAPTURE, None)

    def capture_stderr(self) -> None:
        """Keeps the guest's standard error in the store; :attr:`stderr` reads it."""
        self._stderr = (_CAPTURE, None)

    @property
    def stdout_file(self) -> Optional[OutputTarget]:
        """A file object (or a path) that gets the guest's standard output.

        A text file object (``sys.stdout``, ``io.StringIO``, ``open(p,
        "w")``) gets it decoded as UTF-8 (bad bytes replaced), any other
        object with ``write`` gets bytes; a path (str or ``os.PathLike``)
        is truncated by ``define_wasi`` and appended to.  The output
        reaches it after each call into the store from Python returns or
        raises, and when the store is closed.  The output is captured too,
        so :attr:`stdout` also has it.  None connects the stream to nothing
        again (the default).
        """
        return _target(self._stdout[1])

    @stdout_file.setter
    def stdout_file(self, target: Optional[OutputTarget]) -> None:
        self._stdout = (_CLOSED, None) if target is None else (_CAPTURE, _Sink(target, "stdout_file"))

    @property
    def stderr_file(self) -> Optional[OutputTarget]:
        """Like :attr:`stdout_file`, for standard error."""
        return _target(self._stderr[1])

    @stderr_file.setter
    def stderr_file(self, target: Optional[OutputTarget]) -> None:
        self._stderr = (_CLOSED, None) if target is None else (_CAPTURE, _Sink(target, "stderr_file"))

    @property
    def stdout(self) -> bytes:
        """Everything the guest wrote to its captured standard output so far.

        Empty before the config was given to ``define_wasi``.  ``ValueError``
        if standard output is not captured (:meth:`capture_stdout` or
        :attr:`stdout_file`).  Still readable after the store is closed.
        """
        return self._read(0)

    @property
    def stderr(self) -> bytes:
        """Like :attr:`stdout`, for standard error (:meth:`capture_stderr`)."""
        return self._read(1)

    def _read(self, index: int) -> bytes:
        state = self._state
        if state is None:
            mode = (self._stdout, self._stderr)[index][0]
            if mode != _CAPTURE:
                raise ValueError(
                    f"the guest's {_STREAMS[index]} is not captured: call capture_{_STREAMS[index]}() "
                    f"(or set {_STREAMS[index]}_file) before define_wasi()"
                )
            return b""
        return state.read(index)

    # ------------------------------------------------------------------ directories

    def preopen_dir(self, host_path: Union[str, os.PathLike[str]], guest_path: str, readonly: bool = False) -> None:
        """Lets the guest use the host directory ``host_path`` as ``guest_path``
        (for example ``"/data"`` or ``"."``).

        The guest reaches nothing outside it: paths are resolved beneath the
        directory, and ``..`` or symlinks leading out are refused.
        ``readonly=True`` refuses every change (writing, creating,
        truncating, renaming, unlinking, making directories or links,
        setting times) in it and below it.  A relative ``host_path`` is
        taken relative to the current directory now.  ``WasmError`` if it
        is not an existing directory.
        """
        if not isinstance(host_path, (str, os.PathLike)):
            raise TypeError(f"preopen_dir() takes a str host path, not {type(host_path).__name__}")
        host = os.fspath(host_path)
        if not isinstance(host, str):
            raise TypeError(f"preopen_dir() takes a str host path, not {type(host).__name__}")
        _text(host, "the host path")
        _text(guest_path, "the guest path")
        if not guest_path:
            raise ValueError("the guest path is empty (use '.' or '/data', for example)")
        if not isinstance(readonly, bool):
            raise TypeError(f"preopen_dir(readonly=) takes a bool, not {type(readonly).__name__}")
        try:
            mode = os.stat(host).st_mode
        except OSError as exc:
            raise WasmError(f"cannot preopen the host directory {host!r}: {exc.strerror}") from None
        if not stat.S_ISDIR(mode):
            raise WasmError(f"cannot preopen the host directory {host!r}: not a directory")
        self._preopens.append((os.path.abspath(host), guest_path, readonly))

    @property
    def preopens(self) -> tuple[tuple[str, str, bool], ...]:
        """The preopened directories: ``(host path, guest path, readonly)`` each."""
        return tuple(self._preopens)

    # ------------------------------------------------------------------ the library's configuration

    def _build(self) -> Any:
        """A new ``wacapi_wasi_config_t`` with these settings (owned by the caller)."""
        config = _b.wacapi_wasi_config_new()
        if not config:
            raise error("cannot create a WASI configuration")
        try:
            self._apply(config)
        except BaseException:
            _b.wacapi_wasi_config_delete(config)
            raise
        return config

    def _apply(self, config: Any) -> None:
        argv = self._argv
        if argv is None:
            argv = tuple(sys.argv)
        if argv:
            encoded = [_text(arg, f"argv[{i}]") for i, arg in enumerate(argv)]
            if not _b.wacapi_wasi_config_set_argv(config, len(encoded), _c_strings(encoded)):
                raise error("cannot set the guest's arguments")
        if self._env is None:
            _b.wacapi_wasi_config_inherit_env(config)
        elif self._env:
            names = [name.encode("utf-8") for name in self._env]
            values = [value.encode("utf-8") for value in self._env.values()]
            if not _b.wacapi_wasi_config_set_env(config, len(names), _c_strings(names), _c_strings(values)):
                raise error("cannot set the guest's environment")
        if isinstance(self._stdin, bytes):
            if not _b.wacapi_wasi_config_set_stdin_bytes(config, ctypes.byref(borrowed_vec(self._stdin))):
                raise error("cannot set the guest's standard input")
        elif self._stdin == _INHERIT:
            _b.wacapi_wasi_config_inherit_stdin(config)
        for (mode, _sink), inherit, capture in (
            (self._stdout, _b.wacapi_wasi_config_inherit_stdout, _b.wacapi_wasi_config_capture_stdout),
            (self._stderr, _b.wacapi_wasi_config_inherit_stderr, _b.wacapi_wasi_config_capture_stderr),
        ):
            if mode == _INHERIT:
                inherit(config)
            elif mode == _CAPTURE:
                capture(config)
        for host, guest, readonly in self._preopens:
            if not _b.wacapi_wasi_config_preopen_dir(config, os.fsencode(host), guest.encode("utf-8"), readonly):
                raise error(f"cannot preopen the host directory {host!r}")

    def _new_state(self, store: Store) -> WasiState:
        """The Python side of the WASI context ``define_wasi`` is about to give ``store``
        (output files are truncated now, so a bad path fails before anything changes)."""
        sinks = tuple(None if sink is None else sink.copy() for _mode, sink in (self._stdout, self._stderr))
        for sink in sinks:
            if sink is not None:
                sink.start()
        state = WasiState(
            store,
            (self._stdout[0] == _CAPTURE, self._stderr[0] == _CAPTURE),
            (sinks[0], sinks[1]),
        )
        return state

    def __repr__(self) -> str:
        parts = []
        parts.append("argv inherited" if self._argv is None else f"argv={list(self._argv)!r}")
        parts.append("env inherited" if self._env is None else f"env={self._env!r}")
        if self._stdin == _INHERIT:
            parts.append("stdin inherited")
        elif isinstance(self._stdin, bytes):
            parts.append(f"stdin={len(self._stdin)} bytes")
        for name, (mode, sink) in (("stdout", self._stdout), ("stderr", self._stderr)):
            if sink is not None:
                parts.append(f"{name} to {sink.describe()}")
            elif mode != _CLOSED:
                parts.append(f"{name} {'inherited' if mode == _INHERIT else 'captured'}")
        for host, guest, readonly in self._preopens:
            parts.append(f"{host!r} as {guest!r}{' (read-only)' if readonly else ''}")
        return f"<WasiConfig {', '.join(parts)}>"


def _text_bytes(data: str) -> bytes:
    try:
        return data.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("stdin is not valid Unicode (lone surrogates)") from None


def _target(sink: Optional[_Sink]) -> Optional[OutputTarget]:
    if sink is None:
        return None
    return sink.path if sink.path is not None else sink.target
