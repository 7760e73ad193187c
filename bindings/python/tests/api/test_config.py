"""wacapi.Config and the wacapi_config_* functions: every setting with valid and bad input,
Engine(config), and the ``--wasm`` option of ``python -m wacapi run``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import wacapi
from support import ffi, new_error
from wacapi._cli import main

# A module for each proposal switch that needs it, and the switch's default.
FEATURES: dict[str, tuple[bool, str]] = {
    "simd": (True, "(module (func (result i32) (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))"),
    "relaxed_simd": (
        True,
        "(module (func (param v128 v128 v128) (result v128)"
        " (i32x4.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2))))",
    ),
    "multi_value": (True, "(module (func (result i32 i32) (i32.const 1) (i32.const 2)))"),
    "multi_memory": (True, "(module (memory 1) (memory 1))"),
    "memory64": (True, "(module (memory i64 1))"),
    "tail_call": (True, "(module (func $f (result i32) (return_call $f)))"),
    "extended_const": (True, "(module (global i32 (i32.add (i32.const 1) (i32.const 2))))"),
    "bulk_memory": (True, "(module (memory 1) (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))))"),
    "reference_types": (True, "(module (func (param externref)))"),
    "sign_extension": (True, "(module (func (param i32) (result i32) (i32.extend8_s (local.get 0))))"),
    "saturating_float_to_int": (
        True,
        "(module (func (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0))))",
    ),
    "mutable_global": (True, '(module (global (export "g") (mut i32) (i32.const 0)))'),
    "wide_arithmetic": (
        False,
        '(module (func (export "f") (param i64 i64 i64 i64) (result i64 i64)'
        " (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3))))",
    ),
    "custom_page_sizes": (False, '(module (memory (export "m") 3 (pagesize 1)))'),
    "floats": (True, "(module (func (result f32) (f32.const 1.5)))"),
}

RECURSE_WAT = """
(module (func $down (export "down") (param i32) (result i32)
  (local i64 i64 i64 i64 i64 i64 i64 i64)
  (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
    (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1))))))))
"""


def accepts(config: wacapi.Config, wat: str) -> bool:
    store = wacapi.Store(wacapi.Engine(config))
    try:
        wacapi.Module(store, wat)
    except wacapi.WasmError as exc:
        assert "invalid module" in exc.message
        return False
    return True


def down(config: wacapi.Config, n: int) -> int:
    store = wacapi.Store(wacapi.Engine(config))
    instance = wacapi.Instance(store, wacapi.Module(store, RECURSE_WAT))
    result = instance.exports.down(n)
    assert isinstance(result, int)
    return result


def test_defaults() -> None:
    config = wacapi.Config()
    for name, (default, _) in FEATURES.items():
        assert getattr(config, name) is default, name
    assert config.compilation == "lazy_translation"
    assert config.max_recursion_depth == 1000
    assert config.max_stack_height == 1_000_000
    assert config.min_stack_height == 1000
    assert config.consume_fuel is False
    assert repr(config) == "Config()"
    assert wacapi.Config.__doc__ and wacapi.Config.simd.__doc__


@pytest.mark.parametrize("name", list(FEATURES))
def test_switch(name: str) -> None:
    default, wat = FEATURES[name]
    assert accepts(wacapi.Config(**{name: True}), wat)
    assert not accepts(wacapi.Config(**{name: False}), wat)
    assert accepts(wacapi.Config(), wat) is default
    config = wacapi.Config()
    setattr(config, name, not default)
    assert getattr(config, name) is not default
    assert accepts(config, wat) is not default
    assert repr(config) == f"Config({name}={not default!r})"


@pytest.mark.parametrize("name", list(FEATURES))
@pytest.mark.parametrize("bad", [1, 0, "y", None])
def test_switch_bad_type(name: str, bad: Any) -> None:
    with pytest.raises(TypeError, match=rf"Config\.{name} takes a bool"):
        wacapi.Config(**{name: bad})
    config = wacapi.Config()
    with pytest.raises(TypeError, match="takes a bool"):
        setattr(config, name, bad)
    assert getattr(config, name) is FEATURES[name][0]


def test_wide_arithmetic_runs() -> None:
    store = wacapi.Store(wacapi.Engine(wacapi.Config(wide_arithmetic=True)))
    instance = wacapi.Instance(store, wacapi.Module(store, FEATURES["wide_arithmetic"][1]))
    assert instance.exports.f(-1, 0, 1, 0) == (0, 1)


@pytest.mark.parametrize("mode", ["eager", "lazy_translation", "lazy"])
def test_compilation_modes(mode: str) -> None:
    config = wacapi.Config(compilation=mode)
    assert config.compilation == mode
    assert down(config, 100) == 100


def test_compilation_bad() -> None:
    with pytest.raises(ValueError, match="unknown mode 'fast'"):
        wacapi.Config(compilation="fast")
    with pytest.raises(TypeError, match="takes a str"):
        wacapi.Config(compilation=1)


def test_recursion_depth() -> None:
    config = wacapi.Config(max_recursion_depth=50)
    assert down(config, 40) == 40
    with pytest.raises(wacapi.Trap, match="call stack exhausted"):
        down(config, 60)
    deep = wacapi.Config(max_recursion_depth=100_000, max_stack_height=64 << 20)
    assert down(deep, 20_000) == 20_000


@pytest.mark.parametrize("name", ["max_recursion_depth", "max_stack_height", "min_stack_height"])
def test_limits_bad(name: str) -> None:
    with pytest.raises(TypeError, match="takes an int"):
        wacapi.Config(**{name: "10"})
    with pytest.raises(TypeError, match="takes an int"):
        wacapi.Config(**{name: True})
    with pytest.raises(ValueError, match="must be between"):
        wacapi.Config(**{name: -1})
    with pytest.raises(ValueError, match="must be between"):
        wacapi.Config(**{name: 1 << 64})
    if name != "min_stack_height":
        with pytest.raises(ValueError, match="must be between 1"):
            wacapi.Config(**{name: 0})


def test_stack_heights() -> None:
    small = wacapi.Config(max_stack_height=4096)
    assert down(small, 2) == 2
    with pytest.raises(wacapi.Trap, match="call stack exhausted"):
        down(small, 500)
    # Either order of setting the two heights works, as long as min <= max at the end.
    config = wacapi.Config(max_stack_height=500, min_stack_height=100)
    assert down(config, 1) == 1
    config = wacapi.Config(min_stack_height=2_000_000, max_stack_height=4_000_000)
    assert down(config, 10) == 10
    with pytest.raises(ValueError, match="above the maximum stack height"):
        wacapi.Engine(wacapi.Config(min_stack_height=5000, max_stack_height=4000))
    with pytest.raises(ValueError, match="allocated up front"):
        wacapi.Engine(wacapi.Config(min_stack_height=(64 << 20) + 1, max_stack_height=1 << 30))


def test_consume_fuel() -> None:
    engine = wacapi.Engine(wacapi.Config(consume_fuel=True))
    assert engine.consume_fuel and engine.config.consume_fuel
    store = wacapi.Store(engine)
    store.fuel = 1000
    assert store.fuel == 1000
    assert wacapi.Engine(consume_fuel=True).consume_fuel
    assert not wacapi.Engine(wacapi.Config(consume_fuel=True), consume_fuel=False).consume_fuel
    with pytest.raises(TypeError, match="takes a bool"):
        wacapi.Config(consume_fuel=1)
    with pytest.raises(TypeError, match="takes a bool"):
        wacapi.Engine(consume_fuel="yes")  # type: ignore[arg-type]


def test_engine_config() -> None:
    config = wacapi.Config(simd=False, compilation="eager")
    engine = wacapi.Engine(config)
    config.simd = True  # the engine copied the settings
    assert engine.config == wacapi.Config(simd=False, compilation="eager")
    assert engine.config != config
    assert repr(engine) == "<Engine simd=False compilation='eager'>"
    assert repr(wacapi.Engine()) == "<Engine>"
    assert wacapi.Engine().config == wacapi.Config()
    copy = config.copy()
    assert copy == config and copy is not config
    assert config.__eq__(1) is NotImplemented
    with pytest.raises(TypeError, match="unhashable"):
        hash(config)
    with pytest.raises(TypeError, match=r"takes a wacapi\.Config"):
        wacapi.Engine("simd=False")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unknown setting 'smid'"):
        wacapi.Config(smid=False)
    with pytest.raises(AttributeError, match="no setting 'smid'"):
        config.smid = False


# ---------------------------------------------------------------- the C functions

SWITCH_FUNCTIONS = [f"wacapi_config_wasm_{name}" for name in FEATURES]


@pytest.mark.parametrize("function", SWITCH_FUNCTIONS)
def test_switch_function(function: str) -> None:
    config = ffi.wasm_config_new()
    getattr(ffi, function)(config, False)
    getattr(ffi, function)(config, True)
    ffi.wasm_config_delete(config)
    _, message = new_error(getattr(ffi, function), None, True)
    assert message == f"{function}: config is NULL"


def test_compilation_mode_function() -> None:
    config = ffi.wasm_config_new()
    for mode in (0, 1, 2):
        assert ffi.wacapi_config_compilation_mode(config, mode)
    ok, message = new_error(ffi.wacapi_config_compilation_mode, config, 3)
    assert not ok and message is not None and "unknown mode 3" in message
    ok, message = new_error(ffi.wacapi_config_compilation_mode, None, 0)
    assert not ok and message is not None and "config is NULL" in message
    ffi.wasm_config_delete(config)


def test_stack_functions() -> None:
    config = ffi.wasm_config_new()
    assert ffi.wacapi_config_max_recursion_depth(config, 10)
    ok, message = new_error(ffi.wacapi_config_max_recursion_depth, config, 0)
    assert not ok and message is not None and "at least 1" in message
    assert ffi.wacapi_config_max_stack_height(config, 10_000)
    ok, message = new_error(ffi.wacapi_config_max_stack_height, config, 999)
    assert not ok and message is not None and "below the minimum" in message
    assert ffi.wacapi_config_min_stack_height(config, 5000)
    ok, message = new_error(ffi.wacapi_config_min_stack_height, config, 10_001)
    assert not ok and message is not None and "above the maximum" in message
    for function in (
        ffi.wacapi_config_max_recursion_depth,
        ffi.wacapi_config_max_stack_height,
        ffi.wacapi_config_min_stack_height,
    ):
        ok, message = new_error(function, None, 100)
        assert not ok and message is not None and "config is NULL" in message
    ok, message = new_error(ffi.wacapi_config_max_stack_height, config, 0)
    assert not ok and message is not None and "the height must be" in message
    ffi.wasm_config_delete(config)


# ---------------------------------------------------------------- the command line

SIMD_MAIN = """
(module (func (export "f") (result i32) (i32x4.extract_lane 0 (v128.const i32x4 5 6 7 8))))
"""


@pytest.fixture()
def simd_module(tmp_path: Path) -> str:
    path = tmp_path / "simd.wat"
    path.write_text(SIMD_MAIN)
    return str(path)


def test_cli_wasm(simd_module: str, capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--invoke", "f", simd_module]) == 0
    assert capfd.readouterr().out == "5\n"
    assert main(["run", "--wasm", "simd=y", "--wasm", "compilation=eager", "--invoke", "f", simd_module]) == 0
    assert capfd.readouterr().out == "5\n"
    assert main(["run", "--wasm", "simd=n", "--invoke", "f", simd_module]) == 1
    assert "SIMD support is not enabled" in capfd.readouterr().err
    flags = ["--wasm", "max_recursion_depth=10", "--wasm", "tail-call=no"]
    assert main(["run", *flags, "--invoke", "f", simd_module]) == 0
    capfd.readouterr()


@pytest.mark.parametrize(
    ("spec", "text"),
    [
        ("smid=n", "unknown name 'smid'"),
        ("consume_fuel=y", "unknown name 'consume_fuel'"),
        ("simd", "expected NAME=VALUE"),
        ("simd=maybe", "simd takes y or n"),
        ("compilation=fast", "compilation takes one of eager, lazy_translation, lazy"),
        ("max_recursion_depth=ten", "takes an integer"),
        ("max_recursion_depth=0", "must be between 1"),
        ("max_stack_height=10", "above the maximum stack height"),
    ],
)
def test_cli_wasm_bad(simd_module: str, spec: str, text: str, capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--wasm", spec, "--invoke", "f", simd_module]) == 2
    assert text in capfd.readouterr().err
