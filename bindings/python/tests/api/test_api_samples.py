"""Runs samples/python/*.py and compares their output with samples/python/expected/.

The WASI samples run the guests of tests/guests, built for the session by wasi_support.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from wasi_support import guests_dir

import support

SAMPLES = support.REPO_ROOT / "samples" / "python"
NAMES = sorted(p.stem for p in SAMPLES.glob("*.py"))


def test_every_sample_has_an_expected_output() -> None:
    assert NAMES == [
        "bulk_calls",
        "hello",
        "host_callbacks",
        "memory_numpy",
        "tables_globals",
        "wasi_command",
        "wasi_reactor",
    ]
    assert sorted(p.stem for p in (SAMPLES / "expected").glob("*.out")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_sample(name: str, tmp_path: Path) -> None:
    if name == "memory_numpy" and importlib.util.find_spec("numpy") is None:
        pytest.skip("needs numpy")
    env = dict(os.environ)
    if not os.environ.get("WACAPI_TEST_INSTALLED"):
        # The source tree's package (the samples fall back to it too) and the library support.py chose.
        env["PYTHONPATH"] = os.pathsep.join([str(support.PACKAGE_ROOT), env.get("PYTHONPATH", "")])
    if name.startswith("wasi_"):
        env["WACAPI_GUESTS"] = str(guests_dir())
    result = subprocess.run(
        [sys.executable, str(SAMPLES / f"{name}.py")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == (SAMPLES / "expected" / f"{name}.out").read_text()
