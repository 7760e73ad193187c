"""Shared by the WASI tests: the guest programs committed in tests/guests.

``guests_dir()`` is ``tests/guests`` of this checkout, where ``command.wasm``
and ``reactor.wasm`` sit beside their C sources (``make guests`` rebuilds
them; ``tests/guests.rs`` checks they are current), or ``$WACAPI_GUESTS``.
A missing binary fails the tests that need it: the guests are part of what the
suite checks, so they never skip.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

import support

GUESTS_SOURCE = support.REPO_ROOT / "tests" / "guests"


@functools.cache
def guests_dir() -> Path:
    """The directory holding command.wasm and reactor.wasm."""
    out = Path(os.environ.get("WACAPI_GUESTS") or GUESTS_SOURCE)
    for name in ("command.wasm", "reactor.wasm"):
        if not (out / name).is_file():
            pytest.fail(f"missing {out / name}: the WASI guests are committed in tests/guests/ (git checkout)")
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
