"""Runs last (conftest.py moves it there): every function of wacapi.binding was exercised, for real.

support.py replaced each ctypes function of the binding with a counting proxy.
Calls through ``neg()`` count as calls with bad input, all others as calls
with valid input.  A function that lacks either fails this test.
"""

from __future__ import annotations

import pytest

from support import ALL_FUNCTIONS, FULL_RUN, NEG_CALLS, POS_CALLS, binding

# No valid input exists: the library never creates a wasm_frame_t (wasmi keeps
# no backtrace; test_trap_frame_val.py checks that wasm_trap_origin is NULL and
# wasm_trap_trace empty), so these can only be given NULL.
NO_VALID_INPUT = {
    "wasm_frame_copy",
    "wasm_frame_delete",
    "wasm_frame_func_index",
    "wasm_frame_func_offset",
    "wasm_frame_instance",
    "wasm_frame_module_offset",
}


def no_arguments(name: str) -> bool:
    """Functions without parameters cannot be given bad input."""
    return not getattr(binding, name).argtypes


def test_every_binding_function_is_exercised() -> None:
    if not FULL_RUN["value"]:
        pytest.skip("only part of the suite ran")
    assert len(ALL_FUNCTIONS) >= 283
    missing_pos = [n for n in ALL_FUNCTIONS if not POS_CALLS[n] and n not in NO_VALID_INPUT]
    missing_neg = [n for n in ALL_FUNCTIONS if not NEG_CALLS[n] and not no_arguments(n)]
    stale = [n for n in NO_VALID_INPUT if POS_CALLS[n] or n not in ALL_FUNCTIONS]
    print(
        f"\nbinding functions: {len(ALL_FUNCTIONS)}; with valid input: "
        f"{sum(1 for n in ALL_FUNCTIONS if POS_CALLS[n])}; with bad input: "
        f"{sum(1 for n in ALL_FUNCTIONS if NEG_CALLS[n])}; calls: "
        f"{sum(POS_CALLS.values())} valid, {sum(NEG_CALLS.values())} bad"
    )
    assert not missing_pos, f"never called with valid input: {missing_pos}"
    assert not missing_neg, f"never called with bad input: {missing_neg}"
    assert not stale, f"now called with valid input, drop from NO_VALID_INPUT: {stale}"


def test_per_function_negative_tests_beyond_the_sweep() -> None:
    """The NULL sweep alone does not count: each function also has a targeted bad-input call.

    The sweep calls every function exactly once; a count of at least 2 shows
    a test of its own (wrong kind, bad bytes, out of range, NULL) as well.
    """
    if not FULL_RUN["value"]:
        pytest.skip("only part of the suite ran")
    only_sweep = [n for n in ALL_FUNCTIONS if NEG_CALLS[n] < 2 and not no_arguments(n)]
    assert not only_sweep, f"only the NULL sweep gives these bad input: {only_sweep}"


def test_negative_calls_assert_something() -> None:
    """No call exists only to feed the counters: a ``neg(...)`` whose result is dropped is
    followed by an ``assert`` (the state after the call, or the error it recorded)."""
    import ast

    from support import TESTS_DIR

    bare: list[str] = []
    for path in sorted(TESTS_DIR.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(node, field, None)
                if not isinstance(block, list):
                    continue
                for i, stmt in enumerate(block):
                    call = stmt.value if isinstance(stmt, ast.Expr) else None
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "neg":
                        following = block[i + 1] if i + 1 < len(block) else None
                        if not isinstance(following, ast.Assert):
                            bare.append(f"{path.relative_to(TESTS_DIR)}:{stmt.lineno}")
    assert not bare, f"neg() calls that check nothing: {bare}"
