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

    ``Engine(consume_fuel=True)`` meters fuel: every store of the engine
    then has a fuel tank (:attr:`Store.fuel <wacapi.Store.fuel>`, empty at
    first) and a call traps with "all fuel consumed by WebAssembly" when it
    runs dry.  Fuel is how a host bounds the running time of a guest it does
    not trust; metering costs some speed, so it is off by default and is
    chosen per engine, before any code is compiled.

    For example, a guest that never returns stops when its fuel is gone:

    >>> engine = wacapi.Engine(consume_fuel=True)
    >>> store = wacapi.Store(engine)
    >>> store.fuel = 10_000
    >>> module = wacapi.Module(store, '(module (func (export "spin") (loop br 0)))')
    >>> spin = wacapi.Instance(store, module).exports.spin
    >>> try:
    ...     spin()
    ... except wacapi.Trap as trap:
    ...     print(trap.message)
    all fuel consumed by WebAssembly
    >>> store.fuel
    0
    """

    __slots__ = ("_consume_fuel",)

    def __init__(self, *, consume_fuel: bool = False) -> None:
        if not isinstance(consume_fuel, bool):
            raise TypeError(f"Engine(consume_fuel=) takes a bool, not {type(consume_fuel).__name__}")
        if consume_fuel:
            config = _b.wasm_config_new()
            if not config:
                raise error("cannot create an engine configuration")
            _b.wacapi_config_consume_fuel(config, True)
            ptr = _b.wasm_engine_new_with_config(config)  # consumes the configuration
        else:
            ptr = _b.wasm_engine_new()
        if not ptr:
            raise error("cannot create an engine")
        self._consume_fuel = consume_fuel
        self._ptr = ptr

    @property
    def consume_fuel(self) -> bool:
        """True if the engine meters fuel (``Engine(consume_fuel=True)``)."""
        return self._consume_fuel

    def _free(self, ptr: Any) -> None:
        # Stores and modules keep their own reference to the engine inside the
        # library, so the handle can go at any time.
        _b.wasm_engine_delete(ptr)

    def __repr__(self) -> str:
        if self._ptr is None:
            return "<Engine closed>"
        return "<Engine consume_fuel>" if self._consume_fuel else "<Engine>"
