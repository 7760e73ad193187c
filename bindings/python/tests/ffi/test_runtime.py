"""The procedural binding's configuration, engine and store: wasm_config_*, wasm_engine_*, wasm_store_*."""

from __future__ import annotations

import threading
from typing import Any

from support import ffi, is_null, neg, void_neg


def test_wasm_config_new_and_delete_pos() -> None:
    config = ffi.wasm_config_new()
    assert not is_null(config)
    ffi.wasm_config_delete(config)


def test_wasm_config_delete_neg() -> None:
    assert void_neg(ffi.wasm_config_delete, None) is None  # deleting NULL: a no-op, no error


def test_wasm_engine_new_and_delete_pos() -> None:
    engine = ffi.wasm_engine_new()
    assert not is_null(engine)
    ffi.wasm_engine_delete(engine)


def test_wasm_engine_delete_neg() -> None:
    assert void_neg(ffi.wasm_engine_delete, None) is None  # deleting NULL: a no-op, no error


def test_wasm_engine_new_with_config_pos() -> None:
    engine = ffi.wasm_engine_new_with_config(ffi.wasm_config_new())  # consumes the config
    assert not is_null(engine)
    store = ffi.wasm_store_new(engine)
    assert not is_null(store)
    ffi.wasm_store_delete(store)
    ffi.wasm_engine_delete(engine)


def test_wasm_engine_new_with_config_neg() -> None:
    # A NULL configuration: the defaults, or NULL -- never a crash.
    engine = neg(ffi.wasm_engine_new_with_config, None)
    if not is_null(engine):
        ffi.wasm_engine_delete(engine)


def test_wasm_store_new_and_delete_pos(engine: Any) -> None:
    stores = [ffi.wasm_store_new(engine) for _ in range(3)]
    assert all(not is_null(s) for s in stores)
    for s in stores:
        ffi.wasm_store_delete(s)


def test_wasm_store_new_neg() -> None:
    assert is_null(neg(ffi.wasm_store_new, None))
    assert "NULL" in ffi.last_error()


def test_wasm_store_delete_neg() -> None:
    assert void_neg(ffi.wasm_store_delete, None) is None  # deleting NULL: a no-op, no error


def test_engine_shared_between_threads(engine: Any) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            s = ffi.wasm_store_new(engine)
            assert not is_null(s)
            assert ffi.wat2wasm("(module)") == b"\0asm\1\0\0\0"
            ffi.wasm_store_delete(s)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
