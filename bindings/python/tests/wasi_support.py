"""Shared by the WASI tests: the guest programs of tests/guests, built once per session.

``guests_dir()`` runs ``tests/guests/build.sh`` into ``target/guests`` (or
``$CARGO_TARGET_DIR/guests``), the directory ``make guests`` fills, once per
test session; the build script itself keeps the outputs when it fails.  A
missing WASI toolchain fails the tests that need it with the packages to
install: the guests are part of what the suite checks, so they never skip.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

import support

GUESTS_SOURCE = support.REPO_ROOT / "tests" / "guests"
DEBIAN_PACKAGES = "clang lld wasi-libc libclang-rt-14-dev-wasm32"


def _target_dir() -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR") or support.REPO_ROOT / "target")
    return target if target.is_absolute() else support.REPO_ROOT / target


@functools.cache
def guests_dir() -> Path:
    """The directory holding command.wasm and reactor.wasm, built for this session."""
    out = _target_dir() / "guests"
    build = GUESTS_SOURCE / "build.sh"
    if not build.is_file():
        pytest.fail(f"missing {build}: the WASI guest sources are part of the repository")
    compiler = os.environ.get("CC_WASI", "clang")
    if shutil.which(compiler) is None:
        pytest.fail(
            f"the WASI guests need clang for wasm32-wasi ('{compiler}' is not on PATH); "
            f"on Debian: apt-get install -y {DEBIAN_PACKAGES}"
        )
    result = subprocess.run(["sh", str(build), str(out)], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.fail(
            f"building the WASI guests failed (tests/guests/build.sh {out}); "
            f"the toolchain on Debian: apt-get install -y {DEBIAN_PACKAGES}\n{result.stdout}{result.stderr}"
        )
    for name in ("command.wasm", "reactor.wasm"):
        if not (out / name).is_file():
            pytest.fail(f"tests/guests/build.sh made no {out / name}")
    return out


def python_env(extra: Optional[dict[str, str]] = None) -> dict[str, str]:
    """The environment of a Python subprocess: this tree's package and library, as the tests use."""
    env = dict(os.environ)
    if not os.environ.get("WACAPI_TEST_INSTALLED"):
        env["PYTHONPATH"] = os.pathsep.join([str(support.PACKAGE_ROOT), env.get("PYTHONPATH", "")])
    if extra:
        env.update(extra)
    return env


def run_python(
    args: list[str], cwd: Path, stdin: bytes = b"", env: Optional[dict[str, str]] = None, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    """Runs ``python ARGS`` with this tree's package (bytes in and out)."""
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        env=python_env(env),
        cwd=cwd,
        timeout=timeout,
    )
