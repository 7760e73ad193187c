"""wacapi: the standard WebAssembly C API (``wasm.h``) over the wasmi interpreter.

This package loads wacapi's shared library with ctypes.  The procedural API,
one Python function per C function plus the ``static inline`` helpers of
``wasm.h``, lives in :mod:`wacapi.ffi`::

    import wacapi.ffi as ffi

    engine = ffi.wasm_engine_new()
    store = ffi.wasm_store_new(engine)
    ...

``import wacapi`` alone loads nothing: ``wacapi.ffi`` is imported (and the
library loaded) on first use of the attribute.  Set ``WACAPI_LIBRARY`` to
the path of a ``libwacapi.so`` to use another build of the library.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["ffi"]


def __getattr__(name: str) -> Any:
    if name == "ffi":
        return importlib.import_module(".ffi", __name__)
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("wacapi")
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
