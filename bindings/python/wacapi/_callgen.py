"""The code generator of calls and host-function thunks: Python source per signature.

A call of a :class:`~wacapi.Func` should cost little more than the C call itself, so each
signature (the kinds of its parameters and results) gets code written for it: the
``__call__`` of a Func subclass (:func:`call_source`) and a factory of ctypes thunks for
host functions (:func:`thunk_source`).  :func:`compile_source` compiles the text with the
helpers :mod:`wacapi._func` passes in as its globals (the slow paths, the conversions of
references: see :data:`CALL_HELPERS` and :data:`THUNK_HELPERS`); this module knows no
Func.  The state of a Func that the generated code needs is a :class:`CallState` (named
fields, in the Func's ``_state``); the code reads it from ``_st``, a flat exact ``tuple``
made from it (:func:`hot_tuple`: the lock's bound methods, the vectors, the views),
unpacked into locals by one statement (a NamedTuple itself would take CPython's generic
unpacking, about 20 ns more per call; a nested tuple a second unpacking, and looking up
``acquire``/``release`` on the lock two more attribute reads per call).

The ``__call__`` of ``(func (param i32 i32) (result i32))``, as generated::

    def __call__(self, a0=_M, a1=_M, /, *extra):
        acquire, release, ap, rp, pend, store, o0, o1, r0, = self._st
        if extra or a1 is _M:
            raise _arity(self, (a0, a1, ) + extra)
        acquire()
        try:
            if self._busy:
                return _nested(self, (a0, a1, ))
            self._busy = True
            # The handle is read under the lock: a close() on another thread deletes
            # it at once if the lock is free, or after this call if not.
            addr = self._fp
            try:
                try:
                    o0[2] = a0
                    o1[6] = a1
                except (TypeError, ValueError, OverflowError):
                    ap = None
                if ap is None:
                    return _retry(self, (a0, a1, ))
                trap = _call(addr, ap, rp)
                if trap is not None:
                    raise _trap(self, trap)
                return r0[2]
            finally:
                self._busy = False
        finally:
            release()
            if pend:
                store._flush()

``o0``, ``o1`` and ``r0`` are memoryviews of format ``'i'`` over the preallocated argument
and result ``wasm_val_t`` arrays (:data:`PACKED_PARAMS`; the indexes are those of the
numbers' members); the stores check the signed range in C, and the arguments they refuse
(a wrong value, or an i32 in the unsigned half of its range) go to ``_retry``.  An f32
parameter's view is the ``of`` union of its ``wasm_val_t`` (a field store after a range
check in Python for integers where the layout is not the usual one), a reference's a
``c_void_p`` on its ``of.ref``.  The thunks index
the value arrays with typed pointers whose element size is the size of the C type, and
all offsets come from the ctypes structures (:mod:`wacapi._cabi`): where the layout does
not fit that indexing, :data:`FAST_LAYOUT` is False and ``_func`` makes generic thunks.
"""

from __future__ import annotations

import ctypes
import itertools
import linecache
from typing import Any, NamedTuple, Optional

from ._cabi import PTR_SIZE, VAL_OF, VAL_REF, VAL_SIZE, VEC_DATA
from ._types import KIND_EXTERNREF, KIND_F32, KIND_F64, KIND_FUNCREF, KIND_I32, KIND_I64
from ._values import INT_RANGES, NUM_FIELD

__all__ = [
    "CALL_HELPERS",
    "FAST_LAYOUT",
    "THUNK_HELPERS",
    "CallState",
    "call_source",
    "compile_source",
    "hot_tuple",
    "thunk_source",
]


class CallState(NamedTuple):
    """What the generated ``__call__`` of a Func needs (the Func's ``_state``).

    The generated code unpacks its :func:`hot_tuple` (the Func's ``_st``), made from these
    fields.
    """

    #: The store's lock, held during the call.
    lock: Any
    #: The address of the ``wasm_func_t``; None once the Func is closed.
    func: Optional[int]
    #: The addresses of the preallocated argument and result ``wasm_val_vec_t``.
    args: int
    results: int
    #: The store's deferred deletions (``Store._deferred``): non-empty means flush after.
    deferred: list[Any]
    #: The :class:`~wacapi.Store`.
    store: Any
    #: One view per parameter, then per result: the ``of`` union of its ``wasm_val_t``
    #: (numbers) or a ``c_void_p`` on its ``of.ref`` (references).
    views: tuple[Any, ...]


def hot_tuple(state: CallState) -> tuple[Any, ...]:
    """What the generated ``__call__`` unpacks (``_st``): a flat, exact ``tuple`` of the
    lock's bound ``acquire`` and ``release``, then ``args``, ``results``, ``deferred``,
    ``store`` and the views (not ``func``, which the call reads from ``self._fp``)."""
    lock = state.lock
    return (lock.acquire, lock.release, state.args, state.results, state.deferred, state.store, *state.views)


#: The globals the generated ``__call__`` uses, which the caller of :func:`compile_source`
#: provides: ``_M`` (the default telling a missing argument), ``_arity``, ``_bad_args``
#: and ``_trap`` (the errors), ``_retry`` (arguments the packed stores refused: the error
#: of the wrong one, or the call made with fresh buffers for an unsigned integer),
#: ``_nested`` (a call while the buffers are in use), ``_call`` (``wasm_func_call`` on
#: addresses), ``_xref``/``_fref`` (a borrowed externref/funcref of a value),
#: ``_take_obj``/``_take_func`` (the value of an owned reference).
CALL_HELPERS = (
    "_M",
    "_arity",
    "_bad_args",
    "_retry",
    "_trap",
    "_nested",
    "_call",
    "_xref",
    "_fref",
    "_take_obj",
    "_take_func",
)
#: The globals of the generated thunk factories: ``_bad_result`` and ``_failed`` (the
#: errors), ``_obj``/``_bfunc`` (the value of a borrowed reference), ``_oxref``/``_ofref``
#: (an owned reference of a value), and the ctypes types ``_VP``, ``_P_VP``, ``_P_I32``,
#: ``_P_I64``, ``_P_F32``, ``_P_F64`` (given by this module).
THUNK_HELPERS = ("_bad_result", "_failed", "_obj", "_bfunc", "_oxref", "_ofref")

#: The ctypes types of the generated code.
CTYPES_HELPERS: dict[str, Any] = {
    "_VP": ctypes.c_void_p,
    "_P_VP": ctypes.POINTER(ctypes.c_void_p),
    "_P_I32": ctypes.POINTER(ctypes.c_int32),
    "_P_I64": ctypes.POINTER(ctypes.c_int64),
    "_P_F32": ctypes.POINTER(ctypes.c_float),
    "_P_F64": ctypes.POINTER(ctypes.c_double),
}

#: Per kind: the name of the thunk's pointer variable, its type, and its element size.
_POINTERS = {
    KIND_I32: ("p32", "_P_I32", ctypes.sizeof(ctypes.c_int32)),
    KIND_I64: ("p64", "_P_I64", ctypes.sizeof(ctypes.c_int64)),
    KIND_F32: ("pf32", "_P_F32", ctypes.sizeof(ctypes.c_float)),
    KIND_F64: ("pf64", "_P_F64", ctypes.sizeof(ctypes.c_double)),
    KIND_EXTERNREF: ("pref", "_P_VP", PTR_SIZE),
    KIND_FUNCREF: ("pref", "_P_VP", PTR_SIZE),
}


def _slot(kind: int) -> int:
    """The offset of the member of a ``wasm_val_t`` that holds a value of ``kind``."""
    return VAL_OF + (VAL_REF if kind in (KIND_EXTERNREF, KIND_FUNCREF) else 0)


#: The index of a ``wasm_val_vec_t``'s ``data`` in pointer-sized words.
_DATA_INDEX = VEC_DATA // PTR_SIZE

#: The sizes of the number types (those of the C types, the same on every target).
_NUMBER_SIZES = sorted({size for kind, (_, _, size) in _POINTERS.items() if kind in NUM_FIELD})


def layout_is_fast(val_size: int, val_of: int, val_ref: int, vec_data: int, ptr_size: int) -> bool:
    """Whether a value layout suits the generated thunks (see :data:`FAST_LAYOUT`).

    ``val_size``, ``val_of`` and ``val_ref`` are the size of a ``wasm_val_t``, the offset of its
    ``of`` and of ``of.ref`` in it; ``vec_data`` the offset of a vector's ``data``.
    """
    slots = [(val_of, size) for size in _NUMBER_SIZES] + [(val_of + val_ref, ptr_size)]
    return vec_data % ptr_size == 0 and all(val_size % size == 0 and at % size == 0 for at, size in slots)


#: Whether the thunks can index the value arrays with typed pointers: every member's
#: offset (in an array of ``wasm_val_t``) a multiple of its size, and the vector's
#: ``data`` at a multiple of the pointer size.  False on layouts such as i386's (a 12-byte
#: ``wasm_val_t``); ``_func`` then makes the generic, slower thunks.
FAST_LAYOUT = layout_is_fast(VAL_SIZE, VAL_OF, VAL_REF, VEC_DATA, PTR_SIZE)


#: The bounds of CPython's "compact" ints (one 30-bit digit), whose comparisons with
#: compact constants take the interpreter's specialized path (about half the cost of
#: comparing with the 32- and 64-bit bounds): :func:`range_check` tests them first.
_COMPACT = (1 << 30) - 1


#: The ``memoryview`` formats through which the generated ``__call__`` stores parameters
#: and reads results of these kinds (where :data:`FAST_LAYOUT` holds), and their sizes.  A
#: memoryview store checks the signed range itself, in C (an unsigned i32/i64 raises
#: ValueError there and takes ``_retry``), and costs less than a ctypes field store plus a
#: range check in Python.  f32 parameters keep the ctypes store: a memoryview refuses a
#: float beyond f32's range, which ctypes (and so wacapi) rounds to infinity.
PACKED_PARAMS = {KIND_I32: "i", KIND_I64: "q", KIND_F64: "d"}
PACKED_RESULTS = {KIND_I32: "i", KIND_I64: "q", KIND_F32: "f", KIND_F64: "d"}
PACKED_SIZES = {"i": 4, "q": 8, "f": 4, "d": 8}


def packed_index(fmt: str, i: int) -> int:
    """The index, in a memoryview of format ``fmt`` over an array of ``wasm_val_t``, of the
    number in element ``i``."""
    return (VAL_SIZE * i + VAL_OF) // PACKED_SIZES[fmt]


def packed_view(buffer: Any, fmt: str) -> Any:
    """A memoryview of format ``fmt`` over the ctypes array ``buffer`` (see :data:`PACKED_PARAMS`)."""
    view: Any = memoryview(buffer).cast("B")
    return view.cast(fmt)


def range_check(kind: int, var: str) -> list[str]:
    """The lines that raise OverflowError when ``var`` is out of the range of ``kind``
    (an integer kind; none for the others).  Only ``<=`` and ``>=`` are used, as before
    (an int-like object may define just those); a value that is not a number raises
    TypeError from the comparison, which the generated code catches as well."""
    if kind in INT_RANGES:
        lo, hi = INT_RANGES[kind]
        return [
            f"if not ({var} <= {_COMPACT} and {var} >= -{_COMPACT}):",
            f"    if not {lo} <= {var} <= {hi}:",
            "        raise OverflowError",
        ]
    return []


_generated = itertools.count(1)


def compile_source(source: str, name: str, what: str, helpers: dict[str, Any]) -> Any:
    """Compiles generated ``source`` with the names of ``helpers`` as its globals; returns
    its function ``name``.  The source is registered in :mod:`linecache` under a file name
    naming ``what``, so that tracebacks through generated code show its lines."""
    namespace = {**CTYPES_HELPERS, **helpers}
    filename = f"<wacapi generated {what} #{next(_generated)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]


def call_source(params: tuple[int, ...], results: tuple[int, ...], packed: Optional[bool] = None) -> str:
    """Source of ``__call__`` for one signature.

    The buffers of the Func are in use from the first argument written to
    the last result read; ``self._busy`` marks that span.  A call of the
    same Func that starts inside it (a host function calling it again, or
    Python code run by a signal handler or a finalizer in between) takes
    ``_nested``, with buffers of its own.  Other threads wait for the
    store lock, which is taken first.
    """
    if packed is None:
        packed = FAST_LAYOUT
    pp = PACKED_PARAMS if packed else {}
    pr = PACKED_RESULTS if packed else {}
    n, m = len(params), len(results)
    args = [f"a{i}" for i in range(n)]
    arg_tuple = "(" + "".join(a + ", " for a in args) + ")"
    views = [f"o{i}" for i in range(n)] + [f"r{j}" for j in range(m)]
    head = ", ".join(f"{a}=_M" for a in args)
    lines = [f"def __call__(self, {head}, /, *extra):" if n else "def __call__(self, /, *extra):"]
    # One flat unpacking binds what the call needs to locals (see hot_tuple).
    lines.append(f"    acquire, release, ap, rp, pend, store, {''.join(v + ', ' for v in views)}= self._st")
    missing = f" or {args[-1]} is _M" if n else ""
    lines += [f"    if extra{missing}:", f"        raise _arity(self, {arg_tuple} + extra)"]
    lines += [
        "    acquire()",
        "    try:",
        "        if self._busy:",
        f"            return _nested(self, {arg_tuple})",
        "        self._busy = True",
        "        # The handle is read under the lock: a close() on another thread deletes",
        "        # it at once if the lock is free, or after this call if not.",
        "        addr = self._fp",
        "        try:",
    ]
    body: list[str] = []
    if n:
        convert: list[str] = []
        for i, kind in enumerate(params):
            if kind in pp:
                convert.append(f"o{i}[{packed_index(pp[kind], i)}] = {args[i]}")
            elif kind in NUM_FIELD:
                convert += range_check(kind, args[i])
                convert.append(f"o{i}.{NUM_FIELD[kind]} = {args[i]}")
            elif kind == KIND_EXTERNREF:
                convert.append(f"o{i}.value = _xref(store, {args[i]})")
            else:
                convert.append(f"o{i}.value = _fref(store, {args[i]})")
        body.append("try:")
        body += ["    " + line for line in convert]
        if packed:
            # Out of the except block, so that an error of the retry has no context.
            body += [
                "except (TypeError, ValueError, OverflowError):",
                "    ap = None",
                "if ap is None:",
                f"    return _retry(self, {arg_tuple})",
            ]
        else:
            body += [
                "except (TypeError, ValueError, OverflowError):",
                f"    raise _bad_args(self, {arg_tuple}) from None",
            ]
    body += ["trap = _call(addr, ap, rp)", "if trap is not None:", "    raise _trap(self, trap)"]
    if m == 0:
        body.append("return None")
    elif m == 1 and results[0] in pr:
        body.append(f"return r0[{packed_index(pr[results[0]], 0)}]")
    elif m == 1 and results[0] in NUM_FIELD:
        body.append(f"return r0.{NUM_FIELD[results[0]]}")
    else:
        # Read every raw value first (plain ints and floats: no Python code can
        # run in between), then convert references.
        raws = []
        for j, kind in enumerate(results):
            if kind in pr:
                body.append(f"t{j} = r{j}[{packed_index(pr[kind], j)}]")
            else:
                body.append(f"t{j} = r{j}.{NUM_FIELD.get(kind, 'value')}")
            if kind in NUM_FIELD:
                raws.append(f"t{j}")
            elif kind == KIND_EXTERNREF:
                raws.append(f"_take_obj(t{j})")
            else:
                raws.append(f"_take_func(store, t{j})")
        body.append(f"return {raws[0]}" if m == 1 else f"return ({', '.join(raws)})")
    lines += ["            " + line for line in body]
    lines += [
        "        finally:",
        "            self._busy = False",
        "    finally:",
        "        release()",
        "        if pend:",
        "            store._flush()",
    ]
    return "\n".join(lines) + "\n"


def thunk_source(params: tuple[int, ...], results: tuple[int, ...]) -> str:
    """Source of ``make(fn, where, store, kinds) -> thunk`` for one signature (fast layout).

    The thunk reads and writes the value vectors through pointer objects
    whose target it rewrites.  A set of them per nesting depth: a call of
    the same host function that starts while an outer one uses its
    pointers (recursion through wasm, or Python code run by a signal
    handler or a finalizer in between) uses the next set.
    """
    kinds = set(params) | set(results)
    pointers = _POINTERS
    used = sorted({pointers[k] for k in kinds})
    names = ["ps", "psa"] + [n for name, _, _ in used for n in (name, f"{name}a")]

    def index(kind: int, i: int) -> str:
        name, _, size = pointers[kind]
        return f"{name}[{(VAL_SIZE * i + _slot(kind)) // size}]"

    lines = [
        "def make(fn, where, store, kinds):",
        "    sets = []",
        "    depth = [0]",
        "    def new_set():",
        "        ps = _P_VP()",
    ]
    lines += [f"        {name} = {ptype}()" for name, ptype, _ in used]
    made = ", ".join(f"{n}, _VP.from_buffer({n})" for n in ["ps"] + [name for name, _, _ in used])
    lines += [f"        pointers = ({made})", "        sets.append(pointers)", "        return pointers"]
    lines += [
        "    new_set()",
        "    def thunk(env, args, results):",
        "        level = depth[0]",
        "        depth[0] = level + 1",
        "        try:",
        "            try:",
        f"                {', '.join(names)}, = sets[level]",
        "            except IndexError:",
        f"                {', '.join(names)}, = new_set()",
    ]
    body: list[str] = []
    if params:
        body += ["psa.value = args", f"d = ps[{_DATA_INDEX}]"]
        body += [f"{name}a.value = d" for name, _, _ in sorted({pointers[k] for k in params})]
    call_args = []
    for i, kind in enumerate(params):
        if kind in NUM_FIELD:
            call_args.append(index(kind, i))
        elif kind == KIND_EXTERNREF:
            call_args.append(f"_obj({index(kind, i)})")
        else:
            call_args.append(f"_bfunc(store, {index(kind, i)})")
    body.append(f"r = fn({', '.join(call_args)})")
    if not results:
        body += ["if r is not None:", "    raise _bad_result(where, r, kinds)"]
    else:
        body += ["psa.value = results", f"d = ps[{_DATA_INDEX}]"]
        body += [f"{name}a.value = d" for name, _, _ in sorted({pointers[k] for k in results})]
        convert: list[str] = []
        values = ["r"] if len(results) == 1 else [f"v{j}" for j in range(len(results))]
        if len(results) > 1:
            convert.append(f"{', '.join(values)}, = r")
        for j, kind in enumerate(results):
            if kind in NUM_FIELD:
                convert += range_check(kind, values[j])
                convert.append(f"{index(kind, j)} = {values[j]}")
            elif kind == KIND_EXTERNREF:
                convert.append(f"{index(kind, j)} = _oxref(store, {values[j]})")
            else:
                convert.append(f"{index(kind, j)} = _ofref(store, {values[j]})")
        body.append("try:")
        body += ["    " + line for line in convert]
        body += ["except (TypeError, ValueError, OverflowError):", "    raise _bad_result(where, r, kinds) from None"]
    body.append("return None")
    lines += ["            " + line for line in body]
    lines += [
        "        except BaseException as exc:",
        "            return _failed(exc, where)",
        "        finally:",
        "            depth[0] = level",
        "    return thunk",
    ]
    return "\n".join(lines) + "\n"
