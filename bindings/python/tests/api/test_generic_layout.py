"""The generic host-function thunks (``_FAST_LAYOUT = False``) pass the main call and callback tests.

The generated thunks index the value arrays with typed pointers; where the value layout does
not allow that (``wacapi._callgen.FAST_LAYOUT`` is False, e.g. on i386) host functions get
the generic thunks instead.  This machine has the fast layout, so a child pytest forces the
generic path before any host function is made and runs the Pythonic API's call, callback,
linking and execution-control tests through it; the child also checks that no generated
thunk was made.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import support

#: The tests the child runs on the generic path.
GENERIC_TESTS = [
    "api/test_api_func.py",
    "api/test_api_linker.py",
    "api/test_api_instance.py",
    "api/test_api_global_table.py",
    "api/test_execution_control.py",
]

CHILD = """
import sys
import pytest
from wacapi import _func
_func._FAST_LAYOUT = False
code = pytest.main(sys.argv[1:])
assert not _func._FAST_LAYOUT, "a test left the fast layout on"
assert not _func._THUNK_MAKERS, f"generated thunks were made: {sorted(_func._THUNK_MAKERS)}"
sys.exit(int(code))
"""


@pytest.mark.skipif(bool(os.environ.get("WACAPI_GENERIC_CHILD")), reason="already the child")
def test_the_main_cases_through_the_generic_thunks() -> None:
    env = dict(os.environ, WACAPI_GENERIC_CHILD="1")
    if not env.get("WACAPI_TEST_INSTALLED"):
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(support.PACKAGE_ROOT), env.get("PYTHONPATH")]))
    paths = [str(support.TESTS_DIR / p) for p in GENERIC_TESTS]
    result = subprocess.run(
        [sys.executable, "-c", CHILD, "-q", "-x", "-p", "no:cacheprovider", *paths],
        cwd=support.TESTS_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary, summary


def test_which_layouts_take_the_fast_path() -> None:
    """The offsets decide (never a literal size): x86-64 and 32-bit ARM fit, i386 does not."""
    from wacapi import _cabi, _callgen

    assert (
        _callgen.layout_is_fast(_cabi.VAL_SIZE, _cabi.VAL_OF, _cabi.VAL_REF, _cabi.VEC_DATA, _cabi.PTR_SIZE)
        == _callgen.FAST_LAYOUT
    )
    assert _callgen.layout_is_fast(16, 8, 0, 8, 8)  # x86-64, aarch64
    assert _callgen.layout_is_fast(16, 8, 0, 4, 4)  # arm32: int64 8-aligned, 4-byte pointers
    assert not _callgen.layout_is_fast(12, 4, 0, 4, 4)  # i386: int64 4-aligned in structs
    assert not _callgen.layout_is_fast(16, 8, 0, 6, 8)  # a vector's data off the pointer grid
