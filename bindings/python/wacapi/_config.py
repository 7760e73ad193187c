"""Config: the settings of an engine (``wasm_config_t`` and the ``wacapi_config_*`` switches)."""

from __future__ import annotations

from typing import Any, Optional

from . import binding as _b
from ._traps import error

__all__ = ["COMPILATION_MODES", "Config"]

#: Every proposal switch, its C function (``wacapi_config_wasm_<name>``) and its default.
_SWITCHES: dict[str, bool] = {
    "simd": True,
    "relaxed_simd": True,
    "multi_value": True,
    "multi_memory": True,
    "memory64": True,
    "tail_call": True,
    "extended_const": True,
    "bulk_memory": True,
    "reference_types": True,
    "sign_extension": True,
    "saturating_float_to_int": True,
    "mutable_global": True,
    "wide_arithmetic": False,
    "custom_page_sizes": False,
    "floats": True,
}

#: The compilation modes by name, with their ``WACAPI_COMPILATION_MODE_*`` values.
COMPILATION_MODES: dict[str, int] = {
    "eager": int(_b.WACAPI_COMPILATION_MODE_EAGER),
    "lazy_translation": int(_b.WACAPI_COMPILATION_MODE_LAZY_TRANSLATION),
    "lazy": int(_b.WACAPI_COMPILATION_MODE_LAZY),
}

#: The stack limits with wasmi's defaults and the least value each takes.
_LIMITS: dict[str, tuple[int, int]] = {
    "max_recursion_depth": (1000, 1),
    "max_stack_height": (1_000_000, 1),
    "min_stack_height": (1000, 0),
}

_SIZE_MAX = 2**64 - 1

_DEFAULTS: dict[str, object] = {
    **_SWITCHES,
    "compilation": "lazy_translation",
    **{name: default for name, (default, _) in _LIMITS.items()},
    "consume_fuel": False,
    "interruptible": True,
}


def _check(name: str, value: object) -> object:
    """``value`` if it suits setting ``name``, else TypeError or ValueError saying why."""
    if name in _SWITCHES or name in ("consume_fuel", "interruptible"):
        if not isinstance(value, bool):
            raise TypeError(f"Config.{name} takes a bool, not {type(value).__name__}")
        return value
    if name == "compilation":
        if not isinstance(value, str):
            raise TypeError(f"Config.compilation takes a str, not {type(value).__name__}")
        if value not in COMPILATION_MODES:
            known = ", ".join(repr(m) for m in COMPILATION_MODES)
            raise ValueError(f"Config.compilation: unknown mode {value!r} (one of {known})")
        return value
    least = _LIMITS[name][1]
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"Config.{name} takes an int, not {type(value).__name__}")
    if not least <= value <= _SIZE_MAX:
        raise ValueError(f"Config.{name} must be between {least} and {_SIZE_MAX}, not {value}")
    return value


def _setting(name: str, doc: str) -> Any:
    """A property for the setting ``name``, checked on assignment."""

    def get(self: Config) -> Any:
        return self._values[name]

    def put(self: Config, value: Any) -> None:
        self._values[name] = _check(name, value)

    get.__doc__ = doc
    return property(get, put, doc=doc)


def _switch_doc(name: str, what: str) -> str:
    state = "on" if _SWITCHES[name] else "off"
    return f"{what} ({state} by default; ``wacapi_config_wasm_{name}``)."


class Config:
    """The settings of an :class:`~wacapi.Engine`: which WebAssembly proposals it accepts, how
    it compiles, how deep calls may nest, whether it meters fuel.

    Every setting is a keyword argument and a property; the defaults are wasmi's (every
    finished proposal on, the unfinished ``wide_arithmetic`` and ``custom_page_sizes`` off).
    A module that uses a proposal switched off is refused when it is made:

    >>> config = wacapi.Config(simd=False, max_recursion_depth=100)
    >>> config.simd, config.tail_call, config.compilation
    (False, True, 'lazy_translation')
    >>> store = wacapi.Store(wacapi.Engine(config))
    >>> try:
    ...     wacapi.Module(store, "(module (func (drop (v128.const i64x2 0 0))))")
    ... except wacapi.WasmError as exc:
    ...     print("refused:", "SIMD support is not enabled" in exc.message)
    refused: True
    >>> config.wide_arithmetic = "yes"
    Traceback (most recent call last):
        ...
    TypeError: Config.wide_arithmetic takes a bool, not str

    The engine copies the settings: changing a Config later changes no engine made from it.
    NaN canonicalisation is no setting: it is the ``deterministic`` feature of the library's
    build (``cargo build --features deterministic``).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        # Only the settings (a typo must not pass for one) and the storage of their values.
        if name != "_values" and name not in _DEFAULTS:
            raise AttributeError(f"Config has no setting {name!r}")
        object.__setattr__(self, name, value)

    def __init__(self, **settings: Any) -> None:
        self._values: dict[str, Any] = dict(_DEFAULTS)
        for name, value in settings.items():
            if name not in _DEFAULTS:
                known = ", ".join(_DEFAULTS)
                raise TypeError(f"Config() got an unknown setting {name!r} (known: {known})")
            setattr(self, name, value)

    simd: bool = _setting("simd", _switch_doc("simd", "Fixed-width SIMD: the ``v128`` type and its instructions"))
    relaxed_simd: bool = _setting(
        "relaxed_simd",
        _switch_doc(
            "relaxed_simd",
            "Relaxed SIMD, whose results may differ between machines (needs ``simd``)",
        ),
    )
    multi_value: bool = _setting("multi_value", _switch_doc("multi_value", "Functions and blocks with several results"))
    multi_memory: bool = _setting("multi_memory", _switch_doc("multi_memory", "More than one linear memory per module"))
    memory64: bool = _setting("memory64", _switch_doc("memory64", "Memories and tables indexed by ``i64``"))
    tail_call: bool = _setting("tail_call", _switch_doc("tail_call", "Tail calls (``return_call`` and friends)"))
    extended_const: bool = _setting(
        "extended_const", _switch_doc("extended_const", "Arithmetic in constant expressions")
    )
    bulk_memory: bool = _setting(
        "bulk_memory",
        _switch_doc("bulk_memory", "Bulk memory: ``memory.copy``, ``memory.fill``, passive segments"),
    )
    reference_types: bool = _setting(
        "reference_types",
        _switch_doc("reference_types", "Reference types: ``funcref``/``externref`` values, several tables"),
    )
    sign_extension: bool = _setting(
        "sign_extension", _switch_doc("sign_extension", "Sign extension (``i32.extend8_s`` and friends)")
    )
    saturating_float_to_int: bool = _setting(
        "saturating_float_to_int",
        _switch_doc("saturating_float_to_int", "Non-trapping float-to-int (``i32.trunc_sat_f32_s`` and friends)"),
    )
    mutable_global: bool = _setting(
        "mutable_global", _switch_doc("mutable_global", "Importing and exporting mutable globals")
    )
    wide_arithmetic: bool = _setting(
        "wide_arithmetic",
        _switch_doc("wide_arithmetic", "Wide arithmetic (``i64.add128``, ``i64.mul_wide_s`` and friends)"),
    )
    custom_page_sizes: bool = _setting(
        "custom_page_sizes", _switch_doc("custom_page_sizes", "Custom page sizes (memories of 1-byte pages)")
    )
    floats: bool = _setting(
        "floats", _switch_doc("floats", "Floating point: the ``f32`` and ``f64`` types and instructions")
    )
    compilation: str = _setting(
        "compilation",
        "How functions are compiled: ``'eager'`` (all when the module is made), "
        "``'lazy_translation'`` (validated then, translated on first call; the default) or "
        "``'lazy'`` (both on first call: an invalid body shows up as a trap).",
    )
    max_recursion_depth: int = _setting(
        "max_recursion_depth",
        'How many calls may nest (1000 by default); deeper traps with "call stack exhausted".',
    )
    max_stack_height: int = _setting(
        "max_stack_height",
        "The most bytes the value stack of a call may take (1,000,000 by default; at least "
        '``min_stack_height``); more traps with "call stack exhausted".',
    )
    min_stack_height: int = _setting(
        "min_stack_height",
        "The bytes of value stack allocated when a call starts (1000 by default; at most "
        "``max_stack_height`` and 64 MiB).",
    )
    consume_fuel: bool = _setting(
        "consume_fuel",
        "Whether the engine meters fuel (off by default; see :attr:`Store.fuel <wacapi.Store.fuel>`).",
    )

    interruptible: bool = _setting(
        "interruptible",
        "Whether calls can be stopped from outside (on by default; ``wacapi_config_interruptible``): "
        "Ctrl-C, :meth:`Store.interrupt <wacapi.Store.interrupt>`, timeouts "
        "(``func.call(..., timeout=)``, :meth:`Store.deadline <wacapi.Store.deadline>`) and "
        "``await func.call_async()`` need it.  It costs a few percent on compute-bound guests "
        "(the engine meters fuel, in slices of about a millisecond); ``Config(interruptible=False)`` "
        "saves that for code that is trusted to return.",
    )

    def copy(self) -> Config:
        """A Config with the same settings."""
        other = Config()
        other._values.update(self._values)
        return other

    def _changed(self) -> dict[str, Any]:
        return {k: v for k, v in self._values.items() if v != _DEFAULTS[k]}

    def _new(self) -> Any:
        """A fresh ``wasm_config_t`` with these settings (the caller owns it).

        ValueError when the library refuses a combination (``min_stack_height`` above
        ``max_stack_height``).
        """
        config = _b.wasm_config_new()
        if not config:
            raise error("cannot create an engine configuration")
        try:
            v = self._values
            for name in _SWITCHES:
                getattr(_b, f"wacapi_config_wasm_{name}")(config, v[name])
            _b.wacapi_config_consume_fuel(config, v["consume_fuel"])
            _b.wacapi_config_interruptible(config, v["interruptible"])
            if not _b.wacapi_config_compilation_mode(config, COMPILATION_MODES[v["compilation"]]):
                raise error("Config.compilation")
            if not _b.wacapi_config_max_recursion_depth(config, v["max_recursion_depth"]):
                raise ValueError(str(error("Config.max_recursion_depth")))
            # Lower the minimum first, so that any order of the two heights that fits works.
            _b.wacapi_config_min_stack_height(config, 0)
            if not _b.wacapi_config_max_stack_height(config, v["max_stack_height"]):
                raise ValueError(str(error("Config.max_stack_height")))
            if not _b.wacapi_config_min_stack_height(config, v["min_stack_height"]):
                raise ValueError(str(error("Config.min_stack_height")))
        except BaseException:
            _b.wasm_config_delete(config)
            raise
        return config

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Config):
            return NotImplemented
        return self._values == other._values

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._changed().items())
        return f"Config({args})"


def engine_config(config: Optional[Config], consume_fuel: Optional[tuple[object]]) -> Config:
    """The Config ``Engine(config, consume_fuel=...)`` uses (checked, copied); ``consume_fuel``
    is None when not given, else a 1-tuple of the value given."""
    if config is None:
        config = Config()
    elif not isinstance(config, Config):
        raise TypeError(f"Engine() takes a wacapi.Config, not {type(config).__name__}")
    else:
        config = config.copy()
    if consume_fuel is not None:
        (fuel,) = consume_fuel
        if not isinstance(fuel, bool):
            raise TypeError(f"Engine(consume_fuel=) takes a bool, not {type(fuel).__name__}")
        config.consume_fuel = fuel
    return config
