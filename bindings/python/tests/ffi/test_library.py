"""wacapi._library: where the shared library is looked for, and the errors when it is not there.

Each case runs in a child interpreter on a copy of the package's loader, so
that it sees exactly the environment and files the test gives it.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import wacapi
from support import ffi
from wacapi import _library

PACKAGE_DIR = Path(wacapi.__file__).resolve().parent
LIBRARY = Path(_library.path)


def make_package(root: Path, with_library: bool = False) -> Path:
    """A copy of the loader (no binding, no ffi) as package ``wacapi`` under root."""
    pkg = root / "wacapi"
    pkg.mkdir(parents=True)
    for name in ("__init__.py", "_library.py"):
        shutil.copy(PACKAGE_DIR / name, pkg / name)
    if with_library:
        shutil.copy(LIBRARY, pkg / _library.LIBRARY_NAMES[0])
    return pkg


def run(root: Path, code: str, env_library: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("WACAPI_LIBRARY", "PYTHONPATH")}
    env["PYTHONPATH"] = str(root)
    if env_library is not None:
        env["WACAPI_LIBRARY"] = env_library
    return subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=60)


LOAD = "from wacapi import _library as l; print(l.path); print(l.function('wasm_engine_new'))"


def test_loaded_library_exports_everything() -> None:
    assert ffi.lib is _library.lib
    assert callable(_library.function("wasm_store_new"))
    assert _library.function("wasm_store_new") is _library.function("wasm_store_new")


def test_missing_symbol_is_an_import_error() -> None:
    with pytest.raises(ImportError, match="does not export 'wasm_no_such_function'"):
        _library.function("wasm_no_such_function")


def test_env_var_names_the_file(tmp_path: Path) -> None:
    make_package(tmp_path)
    result = run(tmp_path, LOAD, str(LIBRARY))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(LIBRARY)


def test_env_var_names_a_directory(tmp_path: Path) -> None:
    make_package(tmp_path)
    result = run(tmp_path, LOAD, str(LIBRARY.parent))
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.splitlines()[0]).parent == LIBRARY.parent


def test_env_var_wins_over_the_bundled_copy(tmp_path: Path) -> None:
    make_package(tmp_path, with_library=True)
    result = run(tmp_path, LOAD, str(LIBRARY))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(LIBRARY)


@pytest.mark.parametrize("what", ["missing file", "empty directory", "not a library"])
def test_bad_env_var_is_an_import_error(tmp_path: Path, what: str) -> None:
    make_package(tmp_path / "pkg", with_library=True)  # no silent fallback to it
    target = tmp_path / "nowhere" / "libwacapi.so"
    expected = "not a file"
    if what == "empty directory":
        target = tmp_path / "empty"
        target.mkdir()
        expected = "holds none of"
    elif what == "not a library":
        target = tmp_path / "libwacapi.so"
        target.write_text("not an ELF file")
        expected = "cannot load"
    result = run(tmp_path / "pkg", LOAD, str(target))
    assert result.returncode != 0
    assert "ImportError: wacapi: " in result.stderr
    assert expected in result.stderr


def test_bundled_copy_is_found(tmp_path: Path) -> None:
    pkg = make_package(tmp_path, with_library=True)
    result = run(tmp_path, LOAD, None)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(pkg / _library.LIBRARY_NAMES[0])


def test_not_found_says_where_it_looked(tmp_path: Path) -> None:
    if ctypes.util.find_library("wacapi"):
        pytest.skip("a wacapi library is installed on the system library path")
    pkg = make_package(tmp_path)
    result = run(tmp_path, LOAD, None)
    assert result.returncode != 0
    assert "ImportError: wacapi: the wacapi shared library was not found" in result.stderr
    assert str(pkg / _library.LIBRARY_NAMES[0]) in result.stderr
    assert "WACAPI_LIBRARY" in result.stderr


def test_import_wacapi_alone_needs_no_library(tmp_path: Path) -> None:
    make_package(tmp_path)
    result = run(tmp_path, "import wacapi; print(wacapi.__doc__.splitlines()[0])", None)
    assert result.returncode == 0, result.stderr
    assert "wacapi" in result.stdout
