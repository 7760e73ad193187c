"""Instance: a module instantiated with its imports, and its exports."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Callable, TypeVar, Union

from . import binding as _b
from ._cabi import address
from ._errors import WasmError
from ._extern import wrap_extern
from ._func import Func
from ._global import Global
from ._memory import Memory
from ._module import Module
from ._store import Store
from ._storeobject import Extern, StoreObject
from ._table import Table
from ._traps import error, trap_exception
from ._types import FuncType, ImportType

__all__ = ["Exports", "Instance"]

#: What an import may be: an extern of the store, or (for function imports) a callable.
ImportItem = Union[Extern, Callable[..., Any]]
Imports = Union[Sequence[ImportItem], Mapping[str, Mapping[str, ImportItem]]]

_P_EXTERN = ctypes.POINTER(_b.wasm_extern_t)
_E = TypeVar("_E", bound=Extern)


def _import_items(module: Module, imports: object) -> list[tuple[ImportType, object]]:
    wanted = module._import_types()
    if isinstance(imports, Mapping):
        items = []
        for it in wanted:
            namespace = imports.get(it.module)
            if namespace is not None and not isinstance(namespace, Mapping):
                raise TypeError(f"imports[{it.module!r}] must be a mapping of names to imports")
            if namespace is None or it.name not in namespace:
                raise WasmError(f"missing import {it.module}.{it.name}: {it.type}")
            items.append((it, namespace[it.name]))
        return items
    if isinstance(imports, (str, bytes)) or not isinstance(imports, (Sequence, tuple, list)):
        raise TypeError(f"imports are a list or a mapping {{module: {{name: item}}}}, not {type(imports).__name__}")
    given = list(imports)
    if len(given) != len(wanted):
        raise WasmError(f"the module has {len(wanted)} imports, but {len(given)} were given")
    return list(zip(wanted, given))


def _as_extern(store: Store, it: ImportType, item: object) -> Extern:
    if isinstance(item, Extern):
        if item._store is not store:
            # The library would refuse it too, but only after wasmi panics (caught) on it.
            raise ValueError(f"import {it.module}.{it.name}: the {type(item).__name__} belongs to another store")
        return item
    if callable(item):
        if not isinstance(it.type, FuncType):
            raise TypeError(f"import {it.module}.{it.name} is {it.type}, which a callable cannot provide")
        return Func(store, it.type, item)
    raise TypeError(
        f"import {it.module}.{it.name} must be a Func, Global, Table, Memory or callable, not {type(item).__name__}"
    )


class Instance(StoreObject):
    """An instance of a module: ``Instance(store, module, imports)``.

    ``imports`` is a list in the order of ``module.imports``, or a mapping
    ``{"env": {"log": item}}``; an item is a Func, Global, Table or Memory
    of the store, or, for a function import, any callable (made a host
    function of the imported type).  A trap in the start function raises
    :class:`~wacapi.Trap` (or the exception a host function raised there);
    a missing or mistyped import and other failures raise
    :class:`~wacapi.WasmError`, an object of another store ``ValueError``.

    ``instance.exports`` maps export names to Func, Global, Table and Memory
    objects, in declaration order: ``instance.exports["add"]`` or
    ``instance.exports.add``.

    >>> store = wacapi.Store()
    >>> module = wacapi.Module(store, '''
    ...   (module
    ...     (import "env" "log" (func $log (param i32)))
    ...     (func (export "run") (call $log (i32.const 42))))''')
    >>> seen = []
    >>> instance = wacapi.Instance(store, module, {"env": {"log": seen.append}})
    >>> instance.exports.run()
    >>> seen
    [42]
    >>> list(instance.exports)
    ['run']
    """

    __slots__ = ("_exports", "_keep", "_module")
    _delete = _b.wasm_instance_delete

    def __init__(self, store: Store, module: Module, imports: Imports = ()) -> None:
        if not isinstance(store, Store):
            raise TypeError(f"Instance() takes a Store, got {type(store).__name__}")
        if not isinstance(module, Module):
            raise TypeError(f"Instance() takes a Module, got {type(module).__name__}")
        externs = [_as_extern(store, it, item) for it, item in _import_items(module, imports)]
        trap = ctypes.POINTER(_b.wasm_trap_t)()
        try:
            with store._lock:
                # The imports' handles are read under the lock, so that none is deleted
                # (closed on another thread) before the library has used it.
                array = (_P_EXTERN * max(len(externs), 1))(*(e._as_extern() for e in externs))
                vec = _b.wasm_extern_vec_t(len(externs), array)  # borrowed: never deleted
                ptr = _b.wasm_instance_new(store._require(), module._require(), ctypes.byref(vec), ctypes.byref(trap))
                if not ptr:
                    if trap:
                        raise trap_exception(address(trap))
                    raise error("cannot instantiate the module")
                out = _b.wasm_extern_vec_t()
                _b.wasm_instance_exports(ptr, ctypes.byref(out))
        finally:
            store._flush()
        self._store = store
        self._module = module
        self._keep = externs  # host functions made of callables live as long as the instance
        self._exports = Exports(self, [e.name for e in module._export_types()], out)
        self._ptr = ptr

    @property
    def module(self) -> Module:
        """The module this is an instance of."""
        return self._module

    @property
    def exports(self) -> Exports:
        """The exports, by name, in declaration order."""
        self._require()
        return self._exports

    def _closing(self) -> None:
        self._exports._release()

    def __repr__(self) -> str:
        if self._ptr is None:
            return "<Instance closed>"
        return f"<Instance exports: {', '.join(self._exports)}>"


class Exports(Mapping[str, Extern]):
    """The exports of an instance: a read-only mapping of names to Func, Global,
    Table and Memory objects, iterated in declaration order.

    Exports are also attributes (``exports.add``, typed ``Any``) when their
    name is a Python identifier that is not a method of this class (the
    methods of ``Mapping`` and the ``get_*`` getters).  ``exports["add"]``
    is typed :class:`Extern`; :meth:`get_func`, :meth:`get_global`,
    :meth:`get_table` and :meth:`get_memory` check the kind and are typed
    precisely.  Each export object is made on first use and then reused.
    """

    __slots__ = ("_cache", "_index", "_instance", "_names", "_vec")

    def __init__(self, instance: Instance, names: list[str], vec: Any) -> None:
        self._instance = instance
        self._names = names
        self._index = {name: i for i, name in enumerate(names)}
        self._vec: Any = vec
        self._cache: dict[int, Extern] = {}

    def _release(self) -> None:
        vec, self._vec = self._vec, None
        if vec is not None:
            self._instance._store._release(_b.wasm_extern_vec_delete, ctypes.byref(vec))

    def _get(self, i: int) -> Extern:
        found = self._cache.get(i)
        if found is not None:
            return found
        store = self._instance._store
        with store._lock:
            # Read under the lock: Instance.close() on another thread deletes the vector.
            vec = self._vec
            if vec is None:
                raise ValueError("Instance is closed")
            if i >= int(vec.size):
                raise error(f"the instance has no export {i}")
            ext = _b.wasm_extern_copy(vec.data[i])
            if not ext:
                raise error(f"cannot read export {self._names[i]!r}")
            found = wrap_extern(store, ext, self._names[i])
        self._cache[i] = found
        return found

    def __getitem__(self, name: str) -> Extern:
        i = self._index.get(name) if isinstance(name, str) else None
        if i is None:
            if not isinstance(name, str):
                raise TypeError(f"export names are str, not {type(name).__name__}")
            raise KeyError(name)
        return self._get(i)

    def __getattr__(self, name: str) -> Any:
        if name in Exports.__slots__ or name.startswith("__"):
            raise AttributeError(name)
        i = self._index.get(name)
        if i is None:
            raise AttributeError(f"the instance has no export {name!r}")
        return self._get(i)

    def _typed(self, name: str, cls: type[_E]) -> _E:
        found = self[name]
        if not isinstance(found, cls):
            raise TypeError(f"export {name!r} is a {type(found).__name__}, not a {cls.__name__}")
        return found

    def get_func(self, name: str) -> Func:
        """The export ``name`` as a :class:`Func` (``TypeError`` if it is something else).

        ``exports[name]`` is typed ``Extern``; these typed getters spare a cast.
        """
        return self._typed(name, Func)

    def get_global(self, name: str) -> Global:
        """The export ``name`` as a :class:`Global` (``TypeError`` if it is something else)."""
        return self._typed(name, Global)

    def get_table(self, name: str) -> Table:
        """The export ``name`` as a :class:`Table` (``TypeError`` if it is something else)."""
        return self._typed(name, Table)

    def get_memory(self, name: str) -> Memory:
        """The export ``name`` as a :class:`Memory` (``TypeError`` if it is something else)."""
        return self._typed(name, Memory)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | {n for n in self._names if n.isidentifier()})

    def __repr__(self) -> str:
        return f"<Exports {', '.join(self._names)}>"
