"""The code generator of calls and thunks (wacapi._callgen): its documented example and globals.

The generated code is compiled with ``exec``, where neither mypy nor ruff look: these tests
check that the example in the module's docstring is what it generates, and that the code of
every signature uses only the globals the module documents and ``_func`` provides.
"""

from __future__ import annotations

import ast
import builtins
import itertools
import textwrap
import threading

import pytest

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
