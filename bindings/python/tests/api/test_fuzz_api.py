"""Runs the API fuzzer (fuzz_api.py) in a subprocess: a crash becomes a test failure.

The budget suits CI: ``WACAPI_PYFUZZ_OPS`` operations (50,000 by default),
at most ``WACAPI_PYFUZZ_SECONDS`` seconds (25), seed ``WACAPI_PYFUZZ_SEED``
(random by default, and always in the failure message). For longer runs,
start the script by hand: ``python tests/fuzz_api.py --ops 1000000``.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import support

FUZZER = support.TESTS_DIR / "fuzz_api.py"


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.splitlines()[-lines:])


def test_fuzz_api(tmp_path: Path) -> None:
    ops = int(os.environ.get("WACAPI_PYFUZZ_OPS") or 50000)
    seconds = float(os.environ.get("WACAPI_PYFUZZ_SECONDS") or 25)
    seed = int(os.environ.get("WACAPI_PYFUZZ_SEED") or random.randrange(2**32))
    log = tmp_path / "ops.log"
    command = [
        sys.executable,
        str(FUZZER),
        "--ops",
        str(ops),
        "--seed",
        str(seed),
        "--seconds",
        str(seconds),
        "--log",
        str(log),
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    except subprocess.TimeoutExpired as exc:  # a deadlock: faulthandler could not help
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        pytest.fail(f"the fuzzer hung (seed {seed}); last operations:\n{_tail(log.read_text(), 40)}\n{out}")
    replay = f"replay: python {FUZZER} --seed {seed} --threads 1 (or the same --ops {ops} with 2 threads)"
    if result.returncode != 0:
        if result.returncode < 0:
            what = f"crashed with signal {signal.Signals(-result.returncode).name}"
        else:
            what = f"exited with status {result.returncode}"
        last = _tail(log.read_text(errors="replace"), 40) if log.exists() else "(no log)"
        pytest.fail(
            f"the fuzzer {what} (seed {seed}); {replay}\n"
            f"--- last operations:\n{last}\n"
            f"--- stdout:\n{_tail(result.stdout, 20)}\n--- stderr:\n{_tail(result.stderr, 80)}"
        )
    match = re.search(r"seed \d+: (\d+) operations in ([\d.]+) s", result.stdout)
    assert match, result.stdout
    done = int(match.group(1))
    print(f"fuzz_api: seed {seed}: {done} operations in {match.group(2)} s")
    assert done > 0
    assert result.stderr == "", result.stderr
