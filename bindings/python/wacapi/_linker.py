"""Linker: imports resolved by module and name, WASI included."""

from __future__ import annotations

import ctypes
from typing import Any, Callable, Optional

from . import binding as _b
from ._cabi import address, borrowed_vec
from ._extern import wrap_extern
from ._func import Func
from ._instance import Exports, Instance
from ._managed import Managed
from ._module import Module
from ._store import Store, WasiHooks
from ._storeobject import Extern
from ._traps import error, trap_exception
from ._types import FuncType
from ._wasi import WasiConfig

__all__ = ["Linker"]


def _name(value: object, what: str) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"the {what} name must be a str, not {type(value).__name__}")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"the {what} name is not valid Unicode: {value!r}") from None


def _reattach(store: Store, state: WasiHooks) -> None:
    """Gives ``store`` back the WASI state it had, when replacing it failed."""
    state.reattach(store)
    store._wasi = state
    if state.has_sinks:
        store._set_after_call(state.pump)


class Linker(Managed):
    """Definitions by ``(module, name)`` for instantiating modules in one store:
    ``Linker(store)``.

    Where :class:`~wacapi.Instance` takes the imports of one module in
    order, a linker holds named definitions (host functions, globals,
    tables, memories, other instances' exports, and all of WASI) and gives
    each module what it imports by name::

        linker = wacapi.Linker(store)
        linker.define_wasi(config)
        linker.define_func("env", "log", log)        # typed by its annotations
        instance = linker.instantiate(module)

    A missing or mistyped import raises :class:`~wacapi.WasmError` naming the
    module, the name, the type the module expects and the type defined.
    Defining a name twice is an error (it catches mistakes such as defining
    WASI twice) unless :attr:`allow_shadowing` is set.

    The linker keeps what it defined alive in the store; closing it (or
    losing it) leaves the instances it made working.

    >>> store = wacapi.Store()
    >>> linker = wacapi.Linker(store)
    >>> def double(x: int) -> int:
    ...     return 2 * x
    >>> host = linker.define_func("env", "double", double)
    >>> module = wacapi.Module(store, '''
    ...   (module
    ...     (import "env" "double" (func $double (param i32) (result i32)))
    ...     (func (export "quad") (param i32) (result i32)
    ...       (call $double (call $double (local.get 0)))))''')
    >>> linker.instantiate(module).exports.quad(5)
    20
    """

    __slots__ = ("_items", "_shadowing", "_store")

    def __init__(self, store: Store) -> None:
        if not isinstance(store, Store):
            raise TypeError(f"Linker() takes a Store, got {type(store).__name__}")
        with store._lock:
            ptr = _b.wacapi_linker_new(store._require())
        if not ptr:
            raise error("cannot create a linker")
        self._store = store
        self._shadowing = False
        #: The Python objects defined (host functions keep their callables through them).
        self._items: list[object] = []
        self._ptr = ptr

    @property
    def store(self) -> Store:
        """The store the linker defines things in and instantiates modules in."""
        return self._store

    @property
    def allow_shadowing(self) -> bool:
        """Whether a later definition may replace an earlier one of the same name (False
        by default: then defining a name twice raises ``WasmError``)."""
        return self._shadowing

    @allow_shadowing.setter
    def allow_shadowing(self, allow: bool) -> None:
        if not isinstance(allow, bool):
            raise TypeError(f"allow_shadowing takes a bool, not {type(allow).__name__}")
        with self._store._lock:  # the linker is the store's: no change while another thread uses it
            _b.wacapi_linker_allow_shadowing(self._require(), allow)
            self._shadowing = allow

    def define(self, module: str, name: str, item: Extern) -> None:
        """Defines ``item`` (a Func, Global, Table or Memory of the linker's store) as the
        import ``module``.``name``."""
        module_b, name_b = _name(module, "module"), _name(name, "import")
        if not isinstance(item, Extern):
            raise TypeError(f"define() takes a Func, Global, Table or Memory, not {type(item).__name__}")
        store = self._store
        if item._store is not store:
            raise ValueError(f"define({module!r}, {name!r}): the {type(item).__name__} belongs to another store")
        with store._lock:
            ok = _b.wacapi_linker_define(
                self._require(),
                ctypes.byref(borrowed_vec(module_b)),
                ctypes.byref(borrowed_vec(name_b)),
                item._as_extern(),
            )
        if not ok:
            raise error(f"cannot define {module}.{name}")
        self._items.append(item)

    def define_func(
        self, module: str, name: str, func: Callable[..., Any], functype: Optional[FuncType] = None
    ) -> Func:
        """Defines the Python callable ``func`` as the function import ``module``.``name``
        and returns the host :class:`~wacapi.Func` made of it.

        Its type is ``functype``, or when that is None, read from the
        callable's annotations as :meth:`Func.wrap <wacapi.Func.wrap>` does
        (``int`` is i32, ``float`` f64, ``wacapi.I64`` ... name the others).
        """
        _name(module, "module")
        _name(name, "import")
        if not callable(func):
            raise TypeError(f"define_func() takes a callable, not {type(func).__name__}")
        if functype is not None and not isinstance(functype, FuncType):
            raise TypeError(f"define_func() takes a FuncType or None, not {type(functype).__name__}")
        store = self._store
        self._require()
        if isinstance(func, Func):
            if functype is not None and functype != func.type:
                raise TypeError(f"define_func(): the Func is {func.type}, not {functype}")
            host = func
        else:
            host = Func.wrap(store, func) if functype is None else Func(store, functype, func)
        self.define(module, name, host)
        return host

    def define_instance(self, module: str, instance: Instance) -> None:
        """Defines every export of ``instance`` under the module name ``module``, so that
        modules instantiated later can import from it (the usual way to link
        several modules)."""
        module_b = _name(module, "module")
        if not isinstance(instance, Instance):
            raise TypeError(f"define_instance() takes an Instance, not {type(instance).__name__}")
        store = self._store
        if instance._store is not store:
            raise ValueError(f"define_instance({module!r}): the Instance belongs to another store")
        with store._lock:
            ok = _b.wacapi_linker_define_instance(
                self._require(), ctypes.byref(borrowed_vec(module_b)), instance._require()
            )
        if not ok:
            raise error(f"cannot define the exports of the instance as {module}")
        self._items.append(instance)

    def define_wasi(self, config: WasiConfig) -> None:
        """Defines all of WASI preview 1 (module ``wasi_snapshot_preview1``) for the
        linker's store, as ``config`` says.

        The WASI context belongs to the store, not to the linker: a store has
        one, and defining WASI again for it (with any linker) replaces it.
        ``config`` is read now and can be reused; its :attr:`~WasiConfig.stdout`
        and :attr:`~WasiConfig.stderr` then read this store's captured output.
        A WASI command is run by calling its ``_start`` export: a
        ``proc_exit`` raises :class:`~wacapi.WasiExit` with the exit code.  A
        reactor's ``_initialize`` is not called by :meth:`instantiate`: call
        it once before using the other exports.
        """
        if not isinstance(config, WasiConfig):
            raise TypeError(f"define_wasi() takes a WasiConfig, not {type(config).__name__}")
        store = self._store
        with store._lock:
            # Handles are read under the lock: close() on another thread deletes them.
            linker = self._require()
            store._require()
            state = config._new_state(store)
            c_config = config._build()
            old = store._wasi
            if old is not None:
                # The library replaces the store's context: deliver and keep what the old one had.
                store._wasi = None
                store._set_after_call(None)
                try:
                    old.detach(store)
                except BaseException:
                    _b.wacapi_wasi_config_delete(c_config)
                    _reattach(store, old)
                    raise
            if not _b.wacapi_linker_define_wasi(linker, c_config):  # consumes c_config
                exc = error("cannot define WASI")
                if old is not None:  # refused: the old context is still the store's
                    _reattach(store, old)
                raise exc
            config._state = state
            store._wasi = state
            if state.has_sinks:
                store._set_after_call(state.pump)
        self._items.append(config)

    def get(self, module: str, name: str) -> Extern:
        """The definition of ``module``.``name`` (a Func, Global, Table or Memory);
        ``WasmError`` if nothing of that name is defined.

        WASI functions are ordinary functions too: ``linker.get("wasi_snapshot_preview1",
        "fd_write")`` can be given to :class:`~wacapi.Instance` as an import.
        They work on the memory (the ``memory`` export) of the instance that
        calls them, so calling one from Python directly traps.
        """
        module_b, name_b = _name(module, "module"), _name(name, "import")
        store = self._store
        with store._lock:
            ext = _b.wacapi_linker_get(
                self._require(), ctypes.byref(borrowed_vec(module_b)), ctypes.byref(borrowed_vec(name_b))
            )
            if not ext:
                raise error(f"no definition of {module}.{name}")
            return wrap_extern(store, ext, name)

    def instantiate(self, module: Module) -> Instance:
        """Instantiates ``module`` in the linker's store, each import resolved by its
        module and name.

        A missing or mistyped import raises :class:`~wacapi.WasmError`; a
        trap in the start function :class:`~wacapi.Trap` (or
        :class:`~wacapi.WasiExit`).  A reactor's ``_initialize`` is not
        called: the host calls it once, before the other exports.
        """
        if not isinstance(module, Module):
            raise TypeError(f"instantiate() takes a Module, not {type(module).__name__}")
        self._require()
        store = self._store
        trap = ctypes.POINTER(_b.wasm_trap_t)()
        try:
            with store._lock:
                # Read under the lock: close() on another thread deletes the handle.
                ptr = _b.wacapi_linker_instantiate(self._require(), module._require(), ctypes.byref(trap))
                if not ptr:
                    if trap:
                        raise trap_exception(address(trap))
                    raise error("cannot instantiate the module")
                out = _b.wasm_extern_vec_t()
                _b.wasm_instance_exports(ptr, ctypes.byref(out))
        finally:
            store._flush()
        instance: Instance = object.__new__(Instance)
        instance._store = store
        instance._module = module
        instance._keep = [item for item in self._items if isinstance(item, Extern)]
        instance._exports = Exports(instance, [e.name for e in module._export_types()], out)
        instance._ptr = ptr
        return instance

    def _free(self, ptr: Any) -> None:
        # What the linker defined stays alive in the store; the handle goes once no call runs.
        self._store._release(_b.wacapi_linker_delete, ptr)

    def __repr__(self) -> str:
        return "<Linker closed>" if self._ptr is None else f"<Linker: {len(self._items)} definitions>"
