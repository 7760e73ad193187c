"""Func: WebAssembly functions, called from Python, and Python functions called from wasm.

Performance notes (a call should cost little more than the C call itself):

* Calls: each signature (parameter and result kinds) gets a subclass of
  :class:`Func` whose ``__call__`` is generated Python code with one
  positional parameter per wasm parameter, the conversions written out
  (range check + store into a preallocated ``wasm_val_t``), one C call
  through a ``c_void_p`` prototype of ``wasm_func_call`` with preallocated
  argument/result vectors, and the results read back from them.  Nothing
  is allocated per call beyond what Python itself needs.
* Re-entrancy: a Func reuses its argument and result buffers.  That is safe
  for a nested call of the same Func (a host function calling it again):
  the library reads the arguments before any wasm code runs and writes the
  results only when the call returns, so the inner call has finished with
  the buffers before the outer call's results are written; and calls from
  other threads are serialized by the store lock, which is taken before
  the arguments are written.
* Host functions: each signature gets a generated thunk factory.  The thunk
  is a ``ctypes`` callback taking plain addresses; it reads the arguments
  through ctypes pointers whose target address it rewrites in place (no
  pointer objects are created per call) and writes the results the same
  way.  A per-function closure: no lookup per call.
* A host function's exception is kept per thread and travels through wasm
  as a trap; where the wasm call returns to Python it is raised again (the
  same object, with its traceback).
"""

from __future__ import annotations

import ctypes
import inspect
import sys
import types
import typing
from typing import Annotated, Any, Callable, Optional

from . import _control
from . import binding as _b
from ._cabi import FINALIZER, VAL_OF, VAL_REF, VAL_SIZE, Registry, address, fast, func_call, ref_copy, ref_delete
from ._callgen import FAST_LAYOUT, CallState, call_source, compile_source, thunk_source
from ._control import SuspendRequest
from ._managed import Extern
from ._store import Store
from ._traps import error, host_failed, trap_exception
from ._types import (
    KIND_EXTERNREF,
    KIND_FUNCREF,
    KIND_V128,
    FuncType,
    ValType,
    functype_from_c,
    functype_to_c,
)
from ._values import (
    NUM_FIELD,
    check_plain,
    extern_ref,
    object_of_ref,
    take_object,
    v128_unsupported,
)

__all__ = ["Func", "FuncRef"]

c_void_p = ctypes.c_void_p

#: The thunk type: ``wasm_trap_t* (*)(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results)``.
THUNK = ctypes.CFUNCTYPE(c_void_p, c_void_p, c_void_p, c_void_p)
_func_new_with_env = fast("wasm_func_new_with_env", c_void_p, c_void_p, c_void_p, THUNK, c_void_p, FINALIZER)

#: Where a ``wasm_val_t`` holds a reference (``of.ref``).
_REF_AT = VAL_OF + VAL_REF
#: Whether host functions get the generated thunks (see :data:`wacapi._callgen.FAST_LAYOUT`);
#: the tests set it to False to run the generic thunks.
_FAST_LAYOUT = FAST_LAYOUT

#: The thunks (and through them the Python callables) of the host functions, by the key
#: that is their environment; the library calls the finalizer when a function goes.
_HOST = Registry()


# --------------------------------------------------------------------------
# funcref values and the conversions of every kind
# --------------------------------------------------------------------------


def check_value(kind: int, value: object, what: str) -> None:
    """Raises TypeError/ValueError if ``value`` cannot be a wasm value of ``kind``."""
    if kind == KIND_FUNCREF:
        if value is not None and not isinstance(value, Func):
            raise TypeError(f"{what} must be a Func or None for funcref, not {type(value).__name__}")
    else:
        check_plain(kind, value, what)


def func_ref(store: Store, value: object) -> Optional[int]:
    """The funcref (address, borrowed from the Func) of ``value``; None for None."""
    if value is None:
        return None
    if not isinstance(value, Func):
        raise TypeError(f"a funcref is a Func or None, not {type(value).__name__}")
    if value._store is not store:
        raise ValueError("the Func belongs to another store")
    value._require()
    return value._ref


def take_func(store: Store, ref: Optional[int]) -> Optional[Func]:
    """A Func owning the funcref ``ref`` (address, owned); None for null."""
    if not ref:
        return None
    return Func._from_ref(store, ref)


def write_val(store: Store, kind: int, value: object, val: Any, what: str) -> None:
    """Fills in ``val`` (a ``wasm_val_t``) with ``value`` as ``kind``; refs are borrowed."""
    check_value(kind, value, what)
    val.kind = kind
    if kind in NUM_FIELD:
        setattr(val.of, NUM_FIELD[kind], value)
    elif kind == KIND_EXTERNREF:
        ctypes.c_void_p.from_buffer(val, _REF_AT).value = extern_ref(store, value)
    else:
        ctypes.c_void_p.from_buffer(val, _REF_AT).value = func_ref(store, value)


def read_val(store: Store, val: Any) -> Any:
    """The Python value of an owned ``wasm_val_t``; its reference, if any, is consumed."""
    kind = int(val.kind)
    if kind in NUM_FIELD:
        return getattr(val.of, NUM_FIELD[kind])
    ref = ctypes.c_void_p.from_buffer(val, _REF_AT).value
    if kind == KIND_EXTERNREF:
        return take_object(ref)
    return take_func(store, ref)


# --------------------------------------------------------------------------
# Types from annotations
# --------------------------------------------------------------------------


#: typing.Union, and the type of ``X | Y`` (Python 3.10+).
_UNIONS = (typing.Union, getattr(types, "UnionType", typing.Union))


def _valtype_of(hint: Any, where: str) -> ValType:
    if typing.get_origin(hint) is Annotated:
        for meta in hint.__metadata__:
            if isinstance(meta, ValType):
                return meta
        hint = hint.__origin__
    if hint is int:
        return ValType.i32()
    if hint is float:
        return ValType.f64()
    if hint is Func or (typing.get_origin(hint) in _UNIONS and set(typing.get_args(hint)) == {Func, type(None)}):
        return ValType.funcref()
    raise TypeError(
        f"{where}: cannot map the annotation {hint!r} to a WebAssembly type; use int (i32), float (f64), "
        "wacapi.I32, I64, F32, F64, ExternRef, FuncRef or Func"
    )


def _is_none(hint: Any) -> bool:
    return hint is None or hint is type(None)


def functype_of_callable(func: Callable[..., Any]) -> FuncType:
    """The FuncType described by the annotations of ``func``.

    Every parameter needs an annotation; the return annotation is a type, a
    tuple of types for several results, or None (or missing) for none.
    """
    if not callable(func):
        raise TypeError(f"expected a callable, got {type(func).__name__}")
    name = getattr(func, "__qualname__", None) or repr(func)
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"cannot read the signature of {name}: {exc}") from None
    target = func if inspect.isfunction(func) or inspect.ismethod(func) else type(func).__call__
    try:
        hints = typing.get_type_hints(target, include_extras=True)
    except Exception as exc:  # noqa: BLE001 - any failure to resolve becomes a TypeError
        raise TypeError(f"cannot resolve the annotations of {name}: {exc}") from None
    params = []
    for param in signature.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD, param.KEYWORD_ONLY):
            raise TypeError(f"{name}: parameter {param.name!r} must be positional for a host function")
        if param.name not in hints:
            raise TypeError(f"{name}: parameter {param.name!r} has no type annotation")
        params.append(_valtype_of(hints[param.name], f"{name} parameter {param.name!r}"))
    returns = hints.get("return")
    results: list[ValType] = []
    if not _is_none(returns):
        origin = typing.get_origin(returns)
        if origin is tuple:
            args = typing.get_args(returns)
            if args == ((),):  # Tuple[()]
                args = ()
            if any(a is Ellipsis for a in args):
                raise TypeError(f"{name}: a tuple result annotation needs one type per result")
            results = [_valtype_of(a, f"{name} result {i}") for i, a in enumerate(args)]
        elif returns is tuple:
            raise TypeError(f"{name}: a tuple result annotation needs one type per result")
        else:
            results = [_valtype_of(returns, f"{name} result")]
    return FuncType(params, results)


class _Missing:
    """Default of the generated parameters: tells a missing argument."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


_M = _Missing()


# --------------------------------------------------------------------------
# Slow paths of calls (errors)
# --------------------------------------------------------------------------


def _arity(func: Func, args: tuple[Any, ...]) -> TypeError:
    given = sum(1 for a in args if a is not _M)
    params = func._type.params
    expected = len(params)
    types = ", ".join(p.name for p in params)
    plural = "" if expected == 1 else "s"
    return TypeError(f"{func._label()} takes {expected} argument{plural} ({types}) but {given} were given")


def _bad_args(func: Func, args: tuple[Any, ...]) -> Exception:
    store = func._store
    for i, (param, value) in enumerate(zip(func._type.params, args)):
        what = f"{func._label()} argument {i + 1}"
        try:
            check_value(param.kind, value, what)
            if param.kind == KIND_EXTERNREF:
                extern_ref(store, value)
            elif param.kind == KIND_FUNCREF:
                func_ref(store, value)
        except (TypeError, ValueError) as exc:
            return exc
    return TypeError(f"{func._label()}: cannot convert the arguments {args!r}")


def _trap(func: Func, trap: int) -> BaseException:
    """The exception to raise for the trap (address, owned) a call returned."""
    if func._ptr is None:
        _b.wasm_trap_delete(ctypes.cast(trap, ctypes.POINTER(_b.wasm_trap_t)))
        return ValueError("Func is closed")
    try:
        return trap_exception(trap)
    except (RecursionError, ctypes.ArgumentError) as exc:
        # At the recursion limit (host functions and wasm calling each other deeply)
        # reading the trap fails too; ctypes reports that as an ArgumentError.
        return RecursionError(f"maximum recursion depth exceeded while reading a trap ({exc})")


def _bad_result(where: str, value: object, kinds: tuple[int, ...]) -> Exception:
    types = ", ".join(ValType(k).name for k in kinds)
    if len(kinds) == 0:
        return TypeError(f"{where} returned {value!r}, but its type has no results (return None)")
    if len(kinds) > 1:
        if not isinstance(value, (tuple, list)) or len(value) != len(kinds):
            return TypeError(f"{where} returned {value!r}; expected a tuple of {len(kinds)} values ({types})")
        values = list(value)
    else:
        values = [value]
    for i, (kind, v) in enumerate(zip(kinds, values)):
        what = f"{where} result" + (f" {i + 1}" if len(kinds) > 1 else "")
        try:
            check_value(kind, v, what)
        except (TypeError, ValueError) as exc:
            return exc
    return TypeError(f"{where} returned {value!r}, which does not convert to ({types})")


def _owned_extern(store: Store, value: object) -> Optional[int]:
    ref = extern_ref(store, value)
    return ref_copy(ref) if ref else None


def _owned_func(store: Store, value: object) -> Optional[int]:
    ref = func_ref(store, value)
    return ref_copy(ref) if ref else None


def _borrowed_func(store: Store, ref: Optional[int]) -> Optional[Func]:
    return take_func(store, ref_copy(ref)) if ref else None


# --------------------------------------------------------------------------
# Code generation
# --------------------------------------------------------------------------


def _failure_trap(exc: BaseException, where: str) -> Optional[int]:
    """The trap for a host function that raised ``exc`` (None only if even that fails).

    At the recursion limit (host functions and wasm calling each other deeply) there may be
    no room to make the trap, and None would make the failed call succeed with unwritten
    results: then the limit is raised for a moment (only C calls run meanwhile, no lock
    that user code could deadlock on) and the trap is made again.
    """
    if type(exc) is SuspendRequest:
        # An async def host function inside call_async: the library's suspend trap.
        try:
            return exc.trap()
        except BaseException as other:  # noqa: BLE001 - nothing may escape into C
            exc = other
    try:
        trap = host_failed(exc, where)
    except BaseException:  # noqa: BLE001 - no room for the call itself
        trap = None
    if trap is None:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(limit + 200)
        try:
            trap = host_failed(exc, where)
        finally:
            sys.setrecursionlimit(limit)
    return trap


def _nested(func: Func, args: tuple[Any, ...]) -> Any:
    """A call of ``func`` made while its own buffers are in use: fresh buffers."""
    store = func._store
    ty = func._type
    n, m = len(ty.params), len(ty.results)
    arg_vals = (_b.wasm_val_t * max(n, 1))()
    for i, param in enumerate(ty.params):
        write_val(store, param.kind, args[i], arg_vals[i], f"{func._label()} argument {i + 1}")
    result_vals = (_b.wasm_val_t * max(m, 1))()
    arg_vec = _b.wasm_val_vec_t(n, arg_vals)
    result_vec = _b.wasm_val_vec_t(m, result_vals)
    trap = func_call(func._st.func, ctypes.addressof(arg_vec), ctypes.addressof(result_vec))
    if trap is not None:
        raise _trap(func, trap)
    values = [read_val(store, result_vals[j]) for j in range(m)]
    if m == 0:
        return None
    return values[0] if m == 1 else tuple(values)


def _generic_thunk(fn: Callable[..., Any], where: str, store: Store, kinds: tuple[int, ...], ty: FuncType) -> Any:
    """A thunk for any value layout, through ctypes structs (slower)."""
    vec_t = _b.wasm_val_vec_t
    params = ty.params
    results = ty.results

    def thunk(env: Optional[int], args: Optional[int], out: Optional[int]) -> Optional[int]:
        try:
            values = []
            if params:
                a = vec_t.from_address(args or 0)
                for i in range(len(params)):
                    v = _b.wasm_val_t()
                    _b.wasm_val_copy(ctypes.byref(v), ctypes.byref(a.data[i]))
                    values.append(read_val(store, v))
            r = fn(*values)
            if not results:
                if r is not None:
                    raise _bad_result(where, r, kinds)
                return None
            items = [r] if len(results) == 1 else r
            bad = (
                _bad_result(where, r, kinds)
                if len(results) > 1 and (not isinstance(r, (tuple, list)) or len(r) != len(results))
                else None
            )
            if bad is not None:
                raise bad
            o = vec_t.from_address(out or 0)
            for j, (t, value) in enumerate(zip(results, items)):
                tmp = _b.wasm_val_t()
                write_val(store, t.kind, value, tmp, f"{where} result")
                ctypes.memmove(ctypes.addressof(o.data[j]), ctypes.addressof(tmp), VAL_SIZE)
                if t.is_ref:
                    ref = ctypes.c_void_p.from_buffer(tmp, _REF_AT).value
                    c_void_p.from_address(ctypes.addressof(o.data[j]) + _REF_AT).value = ref_copy(ref) if ref else None
            return None
        except BaseException as exc:  # noqa: BLE001 - nothing may escape into C
            return _failure_trap(exc, where)

    return thunk


#: The globals of the generated code (see :mod:`wacapi._callgen`).
_HELPERS: dict[str, Any] = {
    "_M": _M,
    "_arity": _arity,
    "_bad_args": _bad_args,
    "_trap": _trap,
    "_nested": _nested,
    "_call": func_call,
    "_xref": extern_ref,
    "_fref": func_ref,
    "_take_obj": take_object,
    "_take_func": take_func,
    "_bad_result": _bad_result,
    "_failed": _failure_trap,
    "_obj": object_of_ref,
    "_bfunc": _borrowed_func,
    "_oxref": _owned_extern,
    "_ofref": _owned_func,
}

_CALL_CLASSES: dict[tuple[tuple[int, ...], tuple[int, ...]], type[Func]] = {}
_THUNK_MAKERS: dict[tuple[tuple[int, ...], tuple[int, ...]], Any] = {}


def _signature_text(key: tuple[tuple[int, ...], tuple[int, ...]]) -> str:
    return str(FuncType([ValType(k) for k in key[0]], [ValType(k) for k in key[1]]))


def _key(ty: FuncType) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return tuple(p.kind for p in ty.params), tuple(r.kind for r in ty.results)


def _v128_call(self: Func, *args: Any) -> Any:
    """The ``__call__`` of functions with a v128 in their type: a clear error, no call."""
    error = v128_unsupported(self._type, self._label())
    assert error is not None
    raise error


def _call_class(ty: FuncType) -> type[Func]:
    key = _key(ty)
    cls = _CALL_CLASSES.get(key)
    if cls is None and KIND_V128 in key[0] + key[1]:
        cls = type("Func", (Func,), {"__slots__": (), "__call__": _v128_call, "__module__": Func.__module__})
        cls.__qualname__ = "Func"
        _CALL_CLASSES[key] = cls
    if cls is None:
        call = compile_source(call_source(*key), "__call__", f"call {_signature_text(key)}", _HELPERS)
        call.__doc__ = Func.__call__.__doc__
        call.__qualname__ = "Func.__call__"
        cls = type("Func", (Func,), {"__slots__": (), "__call__": call, "__module__": Func.__module__})
        cls.__qualname__ = "Func"
        _CALL_CLASSES[key] = cls
    return cls


def _make_thunk(fn: Callable[..., Any], where: str, store: Store, ty: FuncType) -> Any:
    key = _key(ty)
    kinds = key[1]
    if not _FAST_LAYOUT:
        return THUNK(_generic_thunk(fn, where, store, kinds, ty))
    make = _THUNK_MAKERS.get(key)
    if make is None:
        make = compile_source(thunk_source(*key), "make", f"host function {_signature_text(key)}", _HELPERS)
        _THUNK_MAKERS[key] = make
    return THUNK(make(fn, where, store, kinds))


# --------------------------------------------------------------------------
# Func
# --------------------------------------------------------------------------


class Func(Extern):
    """A WebAssembly function: an export of an instance, a funcref, or a Python
    callable made callable from wasm.

    ``Func(store, FuncType([ValType.i32()], [ValType.i32()]), callable)``
    makes a host function; :meth:`wrap` reads the type from the callable's
    annotations.  The callable gets Python values and returns ``None``, a
    value, or a tuple of values (several results).  An exception it raises
    unwinds the wasm frames and is raised again, with its traceback, where
    the wasm code was called from Python.

    Calling a Func (``f(1, 2)``) converts the arguments by its type (clear
    ``TypeError``/``ValueError`` on a wrong count, kind or range) and returns
    ``None``, the result, or a tuple of results.  A trap raises
    :class:`~wacapi.Trap`.

    >>> store = wacapi.Store()
    >>> def add(a: int, b: int) -> int:
    ...     return a + b
    >>> f = wacapi.Func.wrap(store, add)
    >>> print(f.type)
    (func (param i32 i32) (result i32))
    >>> f(2, 3)
    5
    >>> try:
    ...     f(2**32, 0)
    ... except ValueError as e:
    ...     print(e)
    add() argument 1 is out of range for i32 (-2147483648..4294967295): 4294967296
    """

    __slots__ = ("_bufs", "_busy", "_fp", "_name", "_ref", "_st", "_type")
    _delete = _b.wasm_func_delete
    _type: FuncType
    _name: Optional[str]
    _ref: int
    _fp: Optional[int]
    _st: CallState

    def __new__(cls, store: Store, ty: FuncType, func: Callable[..., Any]) -> Func:
        if not isinstance(ty, FuncType):
            raise TypeError(f"Func() takes a FuncType, got {type(ty).__name__}")
        return object.__new__(_call_class(ty))

    def __init__(self, store: Store, ty: FuncType, func: Callable[..., Any]) -> None:
        if not isinstance(store, Store):
            raise TypeError(f"Func() takes a Store, got {type(store).__name__}")
        if not callable(func):
            raise TypeError(f"Func() takes a callable, got {type(func).__name__}")
        name = getattr(func, "__qualname__", None) or getattr(func, "__name__", None) or repr(func)
        unsupported = v128_unsupported(ty, f"host function {name}") if isinstance(ty, FuncType) else None
        if unsupported is not None:
            raise unsupported
        if inspect.iscoroutinefunction(func):
            func = _control.async_host(func, ty, f"host function {name}", store)
        thunk = _make_thunk(func, f"host function {name}", store, ty)
        with store._lock:
            store_address = address(store._require())
            ft = functype_to_c(ty)
            key = _HOST.add(thunk)
            try:
                # On failure the library runs the finalizer, which forgets the thunk.
                raw = _func_new_with_env(store_address, address(ft), thunk, key, _HOST.finalizer)
            finally:
                _b.wasm_functype_delete(ft)
        if not raw:
            raise error("cannot create the host function")
        self._setup(store, ctypes.cast(raw, ctypes.POINTER(_b.wasm_func_t)), ty, name)

    @classmethod
    def wrap(cls, store: Store, func: Callable[..., Any]) -> Func:
        """A host function typed by the annotations of ``func``.

        ``int`` is i32 and ``float`` f64; ``wacapi.I32``, ``I64``, ``F32``,
        ``F64``, ``ExternRef`` and ``FuncRef`` name the others.  Several
        results: a tuple annotation (``-> tuple[int, float]``); no result:
        ``-> None`` or no return annotation.
        """
        return cls(store, functype_of_callable(func), func)

    @classmethod
    def _from_ptr(cls, store: Store, ptr: Any, name: Optional[str]) -> Func:
        """Wraps an owned ``wasm_func_t`` pointer."""
        ft = _b.wasm_func_type(ptr)
        if not ft:
            _b.wasm_func_delete(ptr)
            raise error("cannot read the type of a function")
        try:
            ty = functype_from_c(ft)
        finally:
            _b.wasm_functype_delete(ft)
        self: Func = object.__new__(_call_class(ty))
        self._setup(store, ptr, ty, name)
        return self

    @classmethod
    def _from_ref(cls, store: Store, ref: int) -> Func:
        """Wraps an owned funcref (address)."""
        ptr = _b.wasm_ref_as_func(ctypes.cast(ref, ctypes.POINTER(_b.wasm_ref_t)))
        if not ptr:
            ref_delete(ref)
            raise error("the reference is not a function")
        return cls._from_ptr(store, ptr, None)

    def _setup(self, store: Store, ptr: Any, ty: FuncType, name: Optional[str]) -> None:
        self._store = store
        self._type = ty
        self._name = name
        self._ref = address(_b.wasm_func_as_ref(ptr))
        n, m = len(ty.params), len(ty.results)
        args = (_b.wasm_val_t * max(n, 1))()
        results = (_b.wasm_val_t * max(m, 1))()
        views: list[Any] = []
        for i, p in enumerate(ty.params):
            args[i].kind = p.kind
            views.append(args[i].of if p.is_num else c_void_p.from_buffer(args, VAL_SIZE * i + _REF_AT))
        for j, r in enumerate(ty.results):
            views.append(results[j].of if r.is_num else c_void_p.from_buffer(results, VAL_SIZE * j + _REF_AT))
        args_vec = _b.wasm_val_vec_t(n, args if n else None)
        results_vec = _b.wasm_val_vec_t(m, results if m else None)
        self._bufs = (args, results, args_vec, results_vec)
        self._busy = False
        self._fp = address(ptr)
        self._st = CallState(
            lock=store._lock,
            func=address(ptr),
            args=ctypes.addressof(args_vec),
            results=ctypes.addressof(results_vec),
            deferred=store._deferred,
            store=store,
            views=tuple(views),
        )
        self._ptr = ptr

    def _closing(self) -> None:
        self._st = self._st._replace(func=None)
        self._fp = None

    def _write_val(self, kind: int, value: object, val: Any, what: str) -> None:
        """Fills in the ``wasm_val_t`` ``val`` with ``value`` of ``kind`` in this Func's store
        (:func:`write_val`), for the resumable calls of :mod:`wacapi._control`."""
        write_val(self._store, kind, value, val, what)

    def _read_val(self, val: Any) -> Any:
        """The Python value of an owned ``wasm_val_t`` of this Func's store (:func:`read_val`)."""
        return read_val(self._store, val)

    def _label(self) -> str:
        return f"{self._name}()" if self._name else "Func()"

    def __call__(self, *args: Any) -> Any:
        """Calls the function with Python values; returns None, a value or a tuple."""
        raise NotImplementedError  # replaced by the generated code of each signature

    def call(self, *args: Any, timeout: Optional[float] = None) -> Any:
        """Calls the function like ``func(*args)``, with execution control.

        ``timeout=seconds`` stops the call when it runs longer (:class:`~wacapi.Timeout`, a
        :class:`~wacapi.Trap`), also a guest that never returns or calls the host; None (the
        default) sets none.  On a store with :attr:`on_out_of_fuel = "suspend"
        <wacapi.Store.on_out_of_fuel>` a call whose fuel runs out returns a
        :class:`~wacapi.Suspended` instead of raising.  Costs a few microseconds more than
        ``func(*args)``, which stays the fast path.

        >>> store = wacapi.Store()
        >>> spin = wacapi.Instance(store, wacapi.Module(store,
        ...     '(module (func (export "spin") (loop br 0)))')).exports.spin
        >>> try:
        ...     spin.call(timeout=0.05)
        ... except wacapi.Timeout as exc:
        ...     print(exc.message)
        deadline exceeded
        """
        return _control.call(self, args, timeout)

    async def call_async(self, *args: Any, slice_fuel: int = _control.DEFAULT_SLICE_FUEL) -> Any:
        """Calls the function from asyncio: ``await func.call_async(*args)``.

        The guest runs in slices of ``slice_fuel`` units of fuel (about one instruction each;
        1,000,000 by default, 1 to 5 ms) and the event loop runs other tasks in between, so
        several guests (of one store or of many) make progress together and a long guest does
        not block the loop.  Host functions of the guest may be ``async def`` then: the guest
        pauses while the coroutine is awaited.  Cancelling the task abandons the guest's call
        (:class:`asyncio.CancelledError` is raised as usual).  Needs an interruptible engine
        (the default).

        >>> import asyncio
        >>> store = wacapi.Store()
        >>> async def later(x: int) -> int:
        ...     await asyncio.sleep(0)
        ...     return x * 2
        >>> linker = wacapi.Linker(store)
        >>> _ = linker.define_func("host", "later", later)
        >>> f = linker.instantiate(wacapi.Module(store, '''(module
        ...   (import "host" "later" (func $later (param i32) (result i32)))
        ...   (func (export "f") (param i32) (result i32)
        ...     (i32.add (call $later (local.get 0)) (i32.const 1))))''')).exports.f
        >>> asyncio.run(f.call_async(20))
        41
        """
        return await _control.call_async(self, args, slice_fuel)

    @property
    def type(self) -> FuncType:
        """The function's type."""
        return self._type

    @property
    def name(self) -> Optional[str]:
        """The export name or the host callable's name, if known."""
        return self._name

    def _as_extern(self) -> Any:
        return _b.wasm_func_as_extern(self._require())

    def __repr__(self) -> str:
        state = " closed" if self._ptr is None else ""
        label = f" {self._name}" if self._name else ""
        return f"<Func{label} {self._type}{state}>"


FuncRef = Annotated[Optional[Func], ValType.funcref()]
"""Annotation marker of a funcref parameter or result: a :class:`Func` or None."""
