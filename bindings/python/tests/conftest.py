"""pytest hooks and fixtures; the machinery is in support.py."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import support
from support import ffi, is_null


def pytest_deselected(items: list[pytest.Item]) -> None:
    if items:
        support.FULL_RUN["value"] = False


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Runs the coverage check last, and notes whether this is a full run."""
    files = {Path(str(item.fspath)).resolve() for item in items}
    expected = {p.resolve() for p in support.TESTS_DIR.rglob("test_*.py")}
    if not expected <= files or any("::" in arg for arg in config.args):
        support.FULL_RUN["value"] = False
    last = [item for item in items if Path(str(item.fspath)).name == "test_zz_coverage.py"]
    items[:] = [item for item in items if item not in last] + last


@pytest.fixture(scope="session")
def module_wasm() -> bytes:
    return ffi.wat2wasm(support.MODULE_WAT)


@pytest.fixture(scope="session")
def engine() -> Iterator[Any]:
    e = ffi.wasm_engine_new()
    assert not is_null(e)
    yield e
    ffi.wasm_engine_delete(e)


@pytest.fixture
def store(engine: Any) -> Iterator[Any]:
    s = ffi.wasm_store_new(engine)
    assert not is_null(s)
    yield s
    ffi.wasm_store_delete(s)


@pytest.fixture
def module(store: Any, module_wasm: bytes) -> Iterator[Any]:
    m = support.compile_module(store, module_wasm)
    yield m
    ffi.wasm_module_delete(m)


@pytest.fixture
def instance(store: Any, module: Any) -> Iterator[support.Instance]:
    inst = support.Instance(store, module)
    yield inst
    inst.close()


@pytest.fixture
def out_byte_vec() -> Iterator[Any]:
    """An empty wasm_byte_vec_t for out-parameters, released afterwards."""
    vec = ffi.wasm_byte_vec_t()
    yield vec
    ffi.wasm_byte_vec_delete(ctypes.byref(vec))
