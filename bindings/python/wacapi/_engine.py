"""Engine: the compilation and execution environment shared by stores."""

from __future__ import annotations

from typing import Any, Optional

from . import binding as _b
from ._config import Config, engine_config
from ._managed import Managed
from ._traps import error

__all__ = ["Engine"]

#: ``consume_fuel=`` not given (None is a bad value, not "not given").
_NOT_GIVEN: Any = object()


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

    ``Engine(config)`` takes every other setting from a :class:`~wacapi.Config`: which
    WebAssembly proposals the engine accepts, how it compiles, how deep calls may nest
    (``consume_fuel=`` given too overrides the config's):

    >>> engine = wacapi.Engine(wacapi.Config(wide_arithmetic=True, compilation="eager"))
    >>> engine.config
    Config(wide_arithmetic=True, compilation='eager')
    """

    __slots__ = ("_config",)

    def __init__(self, config: Optional[Config] = None, *, consume_fuel: bool = _NOT_GIVEN) -> None:
        settings = engine_config(config, None if consume_fuel is _NOT_GIVEN else (consume_fuel,))
        # Always through a configuration: the package's defaults (interruptible) are not the
        # library's (``wasm_engine_new``).
        ptr = _b.wasm_engine_new_with_config(settings._new())  # consumes the configuration
        if not ptr:
            raise error("cannot create an engine")
        self._config = settings
        self._ptr = ptr

    @property
    def consume_fuel(self) -> bool:
        """True if the engine meters fuel (``Engine(consume_fuel=True)``)."""
        return self._config.consume_fuel

    @property
    def interruptible(self) -> bool:
        """True if calls of the engine's stores can be stopped (Ctrl-C, timeouts,
        :meth:`Store.interrupt <wacapi.Store.interrupt>`; ``Config(interruptible=...)``, on by
        default)."""
        return self._config.interruptible

    @property
    def config(self) -> Config:
        """The engine's settings (a copy: changing it changes nothing of the engine)."""
        return self._config.copy()

    def _free(self, ptr: Any) -> None:
        # Stores and modules keep their own reference to the engine inside the
        # library, so the handle can go at any time.
        _b.wasm_engine_delete(ptr)

    def __repr__(self) -> str:
        if self._ptr is None:
            return "<Engine closed>"
        changed = self._config._changed()
        parts = ["consume_fuel" if k == "consume_fuel" else f"{k}={v!r}" for k, v in changed.items()]
        return f"<Engine {' '.join(parts)}>" if parts else "<Engine>"
