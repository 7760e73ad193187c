"""wacapi: the standard WebAssembly C API (``wasm.h``) over the wasmi interpreter.

The Pythonic API::

    import wacapi

    store = wacapi.Store()
    module = wacapi.Module(store, '''
      (module (func (export "add") (param i32 i32) (result i32)
        local.get 0 local.get 1 i32.add))''')
    instance = wacapi.Instance(store, module, [])
    assert instance.exports.add(2, 40) == 42

:class:`Engine` (and its :class:`Config`), :class:`Store`, :class:`Module`, :class:`Instance`,
:class:`Func`, :class:`Global`, :class:`Table`, :class:`Memory`, the type
descriptors (:class:`ValType`, :class:`FuncType`, ...), the annotation
markers (:data:`I32`, :data:`I64`, :data:`F32`, :data:`F64`,
:data:`ExternRef`, :data:`FuncRef`), WASI preview 1 and linking
(:class:`WasiConfig`, :class:`Linker`) and the exceptions
(:class:`WasmError`, :class:`Trap`, :class:`WasiExit`, :class:`Timeout`,
:class:`Interrupted`); execution control: :meth:`Func.call` (``timeout=``),
:meth:`Func.call_async`, :meth:`Store.interrupt`, :meth:`Store.deadline`, :class:`Suspended`.

Running a WASI program::

    store = wacapi.Store()
    config = wacapi.WasiConfig()
    config.argv = ["prog.wasm", "hello"]
    config.inherit_stdout()
    linker = wacapi.Linker(store)
    linker.define_wasi(config)
    instance = linker.instantiate(wacapi.Module.from_file(store, "prog.wasm"))
    try:
        instance.exports._start()
    except wacapi.WasiExit as exit:
        print("exit code", exit.code)

or from the command line: ``python -m wacapi run prog.wasm hello``.

The procedural API, one Python function per C function plus the ``static
inline`` helpers of ``wasm.h``, lives in :mod:`wacapi.ffi`.

``import wacapi`` alone imports and loads nothing: every name is imported
on first use, and the library loaded by the first name that needs it (the
exceptions do not).  Set ``WACAPI_LIBRARY`` to the path of a
``libwacapi.so`` to use another build of the library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import ffi as ffi
    from ._config import Config as Config
    from ._control import Suspended as Suspended
    from ._engine import Engine as Engine
    from ._errors import Interrupted as Interrupted
    from ._errors import Timeout as Timeout
    from ._errors import Trap as Trap
    from ._errors import WasiExit as WasiExit
    from ._errors import WasmError as WasmError
    from ._func import Func as Func
    from ._func import FuncRef as FuncRef
    from ._global import Global as Global
    from ._instance import Exports as Exports
    from ._instance import Instance as Instance
    from ._linker import Linker as Linker
    from ._memory import Memory as Memory
    from ._module import Module as Module
    from ._store import Store as Store
    from ._storeobject import Extern as Extern
    from ._table import Table as Table
    from ._types import ExportType as ExportType
    from ._types import ExternType as ExternType
    from ._types import FuncType as FuncType
    from ._types import GlobalType as GlobalType
    from ._types import ImportType as ImportType
    from ._types import MemoryType as MemoryType
    from ._types import TableType as TableType
    from ._types import ValType as ValType
    from ._values import F32 as F32
    from ._values import F64 as F64
    from ._values import I32 as I32
    from ._values import I64 as I64
    from ._values import ExternRef as ExternRef
    from ._wasi import WasiConfig as WasiConfig

#: Where each lazily loaded name lives.
_LAZY = {
    "WasmError": "._errors",
    "Trap": "._errors",
    "WasiExit": "._errors",
    "Timeout": "._errors",
    "Interrupted": "._errors",
    "Suspended": "._control",
    "Config": "._config",
    "Engine": "._engine",
    "Store": "._store",
    "Module": "._module",
    "Instance": "._instance",
    "Exports": "._instance",
    "Linker": "._linker",
    "WasiConfig": "._wasi",
    "Extern": "._storeobject",
    "Func": "._func",
    "FuncRef": "._func",
    "Global": "._global",
    "Table": "._table",
    "Memory": "._memory",
    "ValType": "._types",
    "FuncType": "._types",
    "GlobalType": "._types",
    "TableType": "._types",
    "MemoryType": "._types",
    "ImportType": "._types",
    "ExportType": "._types",
    "ExternType": "._types",
    "I32": "._values",
    "I64": "._values",
    "F32": "._values",
    "F64": "._values",
    "ExternRef": "._values",
}

__all__ = [
    "F32",
    "F64",
    "I32",
    "I64",
    "Config",
    "Engine",
    "ExportType",
    "Exports",
    "Extern",
    "ExternRef",
    "ExternType",
    "Func",
    "FuncRef",
    "FuncType",
    "Global",
    "GlobalType",
    "ImportType",
    "Instance",
    "Interrupted",
    "Linker",
    "Memory",
    "MemoryType",
    "Module",
    "Store",
    "Suspended",
    "Table",
    "TableType",
    "Timeout",
    "Trap",
    "ValType",
    "WasiConfig",
    "WasiExit",
    "WasmError",
    "ffi",
]


def __getattr__(name: str) -> Any:
    if name == "ffi":
        return importlib.import_module(".ffi", __name__)
    where = _LAZY.get(name)
    if where is not None:
        value = getattr(importlib.import_module(where, __name__), name)
        globals()[name] = value
        return value
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("wacapi")
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
