"""The code generator of calls and thunks (wacapi._callgen): its documented example and globals.

The generated code is compiled with ``exec``, where neither mypy nor ruff look: these tests
check that the example in the module's docstring is what it generates, and that the code of
every signature uses only the globals the module documents and ``_func`` provides.
"""

from __future__ import annotations

import ast
import builtins
import itertools
import re
import textwrap
import threading
from typing import Any

import pytest

import wacapi
from wacapi import _callgen, _func
from wacapi._types import KIND_EXTERNREF, KIND_F32, KIND_F64, KIND_FUNCREF, KIND_I32, KIND_I64

KINDS = (KIND_I32, KIND_I64, KIND_F32, KIND_F64, KIND_EXTERNREF, KIND_FUNCREF)

#: A spread of signatures: none, one and several parameters and results of every kind.
SIGNATURES = [
    ((), ()),
    ((KIND_I32, KIND_I32), (KIND_I32,)),
    *[((kind,), (kind,)) for kind in KINDS],
    (KINDS, tuple(reversed(KINDS))),
    ((), (KIND_EXTERNREF, KIND_FUNCREF)),
    *[((a, b), ()) for a, b in itertools.combinations(KINDS, 2)],
]


def _free_names(source: str) -> set[str]:
    """The names the code reads without binding them itself: its globals."""
    tree = ast.parse(source)
    bound: set[str] = set()
    read: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.Lambda)):
            args = node.args
            bound.update(a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs])
            bound.update(a.arg for a in (args.vararg, args.kwarg) if a is not None)
            if isinstance(node, ast.FunctionDef):
                bound.add(node.name)
        elif isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return read - bound - set(dir(builtins))


def test_the_docstring_example_is_generated_code() -> None:
    doc = _callgen.__doc__ or ""
    start = doc.index("    def __call__(")
    example = textwrap.dedent(doc[start : doc.index("\n\n", start)]) + "\n"
    assert example == _callgen.call_source((KIND_I32, KIND_I32), (KIND_I32,))


@pytest.mark.parametrize(("params", "results"), SIGNATURES)
def test_generated_code_uses_only_the_documented_globals(params: tuple[int, ...], results: tuple[int, ...]) -> None:
    call = _free_names(_callgen.call_source(params, results))
    assert call <= set(_callgen.CALL_HELPERS), call - set(_callgen.CALL_HELPERS)
    thunk = _free_names(_callgen.thunk_source(params, results))
    allowed = set(_callgen.THUNK_HELPERS) | set(_callgen.CTYPES_HELPERS)
    assert thunk <= allowed, thunk - allowed


def test_func_provides_every_helper() -> None:
    assert set(_func._HELPERS) == set(_callgen.CALL_HELPERS) | set(_callgen.THUNK_HELPERS)


def test_the_call_state_is_named_and_unpacks_as_a_flat_tuple() -> None:
    lock = threading.RLock()
    state = _callgen.CallState(lock=lock, func=2, args=3, results=4, deferred=[], store=6, views=(7, 8))
    hot = _callgen.hot_tuple(state)
    assert type(hot) is tuple and hot == (lock.acquire, lock.release, 3, 4, [], 6, 7, 8)
    assert state.func == 2 and state._replace(func=None).func is None


PACKED_WAT = """
(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "add64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
  (func (export "idf32") (param f32) (result f32) local.get 0)
  (func (export "idf64") (param f64) (result f64) local.get 0)
  (func (export "pair") (param i64 f64) (result f64 i64) local.get 1 local.get 0))
"""


@pytest.fixture
def packed_exports() -> Any:
    store = wacapi.Store()
    return wacapi.Instance(store, wacapi.Module(store, PACKED_WAT)).exports


def test_packed_stores_take_the_whole_range(packed_exports: Any) -> None:
    """Signed values go through the memoryview stores; the unsigned half through _retry."""
    ex = packed_exports
    assert ex.add(-(2**31), 2**31 - 1) == -1
    assert ex.add(2**32 - 1, 1) == 0
    assert ex.add(1, 2**31) == -(2**31) + 1
    assert ex.add64(2**64 - 1, 2) == 1
    assert ex.add64(-(2**63), 0) == -(2**63)
    assert ex.idf64(3) == 3.0 and ex.idf64(True) == 1.0
    assert ex.pair(2**63, 0.5) == (0.5, -(2**63))


def test_packed_store_errors_name_the_argument_without_context(packed_exports: Any) -> None:
    ex = packed_exports
    for call, message in [
        (lambda: ex.add(2**32, 0), "add() argument 1 is out of range for i32"),
        (lambda: ex.add(0, -(2**31) - 1), "add() argument 2 is out of range for i32"),
        (lambda: ex.add(1.5, 0), "add() argument 1 must be an int for i32, not float"),
        (lambda: ex.add64(0, 2**64), "add64() argument 2 is out of range for i64"),
        (lambda: ex.idf64("x"), "idf64() argument 1"),
    ]:
        with pytest.raises((TypeError, ValueError), match=re.escape(message)) as info:
            call()
        assert info.value.__cause__ is None
        assert info.value.__context__ is None or info.value.__suppress_context__


def test_f32_parameters_keep_the_ctypes_store(packed_exports: Any) -> None:
    """An f32 beyond its range rounds to infinity, as before (a memoryview would refuse it)."""
    assert packed_exports.idf32(1e300) == float("inf")
    assert packed_exports.idf32(0.5) == 0.5


def test_the_unpacked_generator_is_the_ctypes_one() -> None:
    """Where the layout is not the usual one, the views are ctypes fields and the checks Python's."""
    source = _callgen.call_source((KIND_I32, KIND_I64), (KIND_I32,), packed=False)
    assert "o0.i32 = a0" in source and "o1.i64 = a1" in source and "return r0.i32" in source
    assert "raise _bad_args" in source and "_retry" not in source
    assert (
        _callgen.call_source((KIND_I32, KIND_I64), (KIND_I32,), packed=True)
        == _callgen.call_source((KIND_I32, KIND_I64), (KIND_I32,))
        or not _callgen.FAST_LAYOUT
    )
