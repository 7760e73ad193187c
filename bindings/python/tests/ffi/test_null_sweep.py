"""Every function with arguments, called with all of them NULL/zero: nothing crashes.

This is on top of the per-function negative tests: it needs no knowledge of
the function, so it also covers any function added to the headers later.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pytest

from support import ALL_FUNCTIONS, binding, ffi, is_null, neg, null_args

# Results that the caller owns even when the input was NULL (e.g. a trap
# saying the function was NULL, or a function type from two NULL vectors).
OWNING = ("_new", "_copy", "_call", "_type", "_obtain", "_share", "_origin", "_table_get", "_with_config")


def release(name: str, result: Any) -> None:
    if not isinstance(result, ctypes._Pointer) or is_null(result) or not name.endswith(OWNING):
        return
    type_name = type(result)._type_.__name__  # wasm_X_t
    delete = getattr(ffi, type_name[: -len("_t")] + "_delete", None)
    if delete is not None:
        delete(result)


WITH_ARGS = [name for name in ALL_FUNCTIONS if getattr(binding, name).argtypes]


def test_sweep_covers_functions() -> None:
    assert len(WITH_ARGS) > 250


@pytest.mark.parametrize("name", WITH_ARGS)
def test_all_null_arguments_neg(name: str) -> None:
    function = getattr(ffi, name)
    result = neg(function, *null_args(function))
    release(name, result)
