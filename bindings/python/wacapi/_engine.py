"""Engine: the compilation and execution environment shared by stores."""

from __future__ import annotations

from typing import Any

from . import binding as _b
from ._managed import Managed, error

__all__ = ["Engine"]


class Engine(Managed):
    """A WebAssembly engine (``wasm_engine_t``).

    Engines are thread-safe and may be shared by stores of several threads.
    ``Store()`` without an engine makes its own.
    """

    __slots__ = ()

    def __init__(self) -> None:
        ptr = _b.wasm_engine_new()
        if not ptr:
            raise error("cannot create an engine")
        self._ptr = ptr

    def _free(self, ptr: Any) -> None:
        # Stores and modules keep their own reference to the engine inside the
        # library, so the handle can go at any time.
        _b.wasm_engine_delete(ptr)

    def __repr__(self) -> str:
        return "<Engine closed>" if self._ptr is None else "<Engine>"
