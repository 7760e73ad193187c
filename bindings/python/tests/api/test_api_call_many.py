"""Func.call_many: bulk calls over columns (array.array, numpy, iterables), and its errors."""

from __future__ import annotations

import array
import threading
from typing import Any

import pytest

from wacapi import Func, FuncType, Instance, Module, Store, Trap, ValType

i32 = ValType.i32()

WAT = """
(module
  (import "env" "cb" (func $cb (param i32) (result i32)))
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func (export "add64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
  (func (export "mixed") (param i32 i64 f32 f64) (result f64 i32)
    local.get 0 f64.convert_i32_s local.get 1 f64.convert_i64_s f64.add
    local.get 2 f64.promote_f32 f64.add local.get 3 f64.add
    local.get 0)
  (func (export "half") (param f32) (result f32) local.get 0 f32.const 0.5 f32.mul)
  (global $sum (mut i64) (i64.const 0))
  (func (export "accumulate") (param i64) global.get $sum local.get 0 i64.add global.set $sum)
  (func (export "sum") (result i64) global.get $sum)
  (func (export "via_cb") (param i32) (result i32) local.get 0 call $cb)
  (func (export "xid") (param externref) (result externref) local.get 0))
"""


@pytest.fixture
def store() -> Store:
    return Store()


class Host:
    def __init__(self) -> None:
        self.action: Any = None

    def cb(self, x: int) -> int:
        if self.action is not None:
            return int(self.action(x))
        return x * 10


@pytest.fixture
def host() -> Host:
    return Host()


@pytest.fixture
def ex(store: Store, host: Host) -> Any:
    cb = Func(store, FuncType([i32], [i32]), host.cb)
    return Instance(store, Module(store, WAT), [cb]).exports


def numpy_or_skip() -> Any:
    return pytest.importorskip("numpy")


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------


def test_arrays_in_array_out(ex: Any) -> None:
    out = ex.add.call_many(array.array("i", [1, 2, -3]), array.array("i", [10, 20, 3]))
    assert isinstance(out, array.array) and out.typecode == "i"
    assert out.tolist() == [11, 22, 0]


def test_iterables_are_converted(ex: Any) -> None:
    assert ex.add.call_many([1, 2, 3], range(3)).tolist() == [1, 3, 5]
    assert ex.add.call_many((x for x in [5]), [True]).tolist() == [6]


def test_unsigned_values_and_unsigned_buffers(ex: Any) -> None:
    """i32 takes -2**31..2**32-1 as a scalar call does; the results are signed."""
    assert ex.add.call_many([2**32 - 1, 2**31], [1, 0]).tolist() == [0, -(2**31)]
    assert ex.add.call_many(array.array("I", [2**32 - 1]), array.array("I", [2])).tolist() == [1]


def test_i64_f32_f64_and_several_results(ex: Any) -> None:
    assert ex.add64.call_many(array.array("q", [2**62]), [2**62 - 1]).tolist() == [2**63 - 1]
    assert ex.half.call_many(array.array("f", [3.0, -1.0])).tolist() == [1.5, -0.5]
    assert ex.half.call_many([1, 2.5]).tolist() == [0.5, 1.25]
    r0, r1 = ex.mixed.call_many([1, 2], [10, 20], [0.5, 0.25], array.array("d", [0.25, 0.5]))
    assert r0.typecode == "d" and r0.tolist() == [11.75, 22.75]
    assert r1.typecode == "i" and r1.tolist() == [1, 2]


def test_no_results_is_none_and_the_calls_happen(ex: Any) -> None:
    assert ex.accumulate.call_many(range(101)) is None
    assert ex.sum() == 5050


def test_empty_columns(ex: Any) -> None:
    out = ex.add.call_many([], array.array("i"))
    assert isinstance(out, array.array) and len(out) == 0
    r0, r1 = ex.mixed.call_many([], [], [], [])
    assert len(r0) == len(r1) == 0


def test_many_calls_match_scalar_calls(ex: Any) -> None:
    a = array.array("i", range(-50_000, 50_000))
    b = array.array("i", range(100_000))
    out = ex.add.call_many(a, b)
    assert len(out) == 100_000
    assert all(out[i] == ex.add(a[i], b[i]) for i in range(0, 100_000, 997))


def test_numpy_in_numpy_out(ex: Any) -> None:
    np = numpy_or_skip()
    a = np.arange(5, dtype=np.int32)
    out = ex.add.call_many(a, np.full(5, 7, dtype=np.int32))
    assert isinstance(out, np.ndarray) and out.dtype == np.int32
    assert out.tolist() == [7, 8, 9, 10, 11]
    # One numpy column is enough for numpy results; others may be lists.
    assert isinstance(ex.add.call_many(a, [1] * 5), np.ndarray)
    r0, r1 = ex.mixed.call_many(
        np.array([1], dtype=np.int32),
        np.array([2], dtype=np.int64),
        np.array([0.5], dtype=np.float32),
        np.array([0.25], dtype=np.float64),
    )
    assert r0.dtype == np.float64 and r1.dtype == np.int32
    assert r0.tolist() == [3.75] and r1.tolist() == [1]
    assert ex.add.call_many(np.array([2**32 - 1], dtype=np.uint32), a[:1]).tolist() == [-1]


def test_numpy_read_only_columns(ex: Any) -> None:
    np = numpy_or_skip()
    a = np.arange(3, dtype=np.int32)
    a.flags.writeable = False
    assert ex.add.call_many(a, a).tolist() == [0, 2, 4]


def test_read_only_buffer(ex: Any) -> None:
    column = memoryview(array.array("i", [4, 5]).tobytes()).cast("i")
    assert column.readonly
    assert ex.add.call_many(column, column).tolist() == [8, 10]


def test_columns_stay_usable(ex: Any) -> None:
    """The buffers are released after the call: the arrays can grow again."""
    a = array.array("i", [1, 2])
    out = ex.add.call_many(a, a)
    a.append(3)
    out.append(0)
    assert a.tolist() == [1, 2, 3] and out.tolist() == [2, 4, 0]


def test_host_functions_run_inside(ex: Any, host: Host) -> None:
    assert ex.via_cb.call_many([1, 2, 3]).tolist() == [10, 20, 30]


def test_reentry_from_a_host_function(ex: Any, host: Host) -> None:
    """A host function called by call_many calls the same Func (scalar and bulk) again."""
    via_cb = ex.via_cb

    def action(x: int) -> int:
        if x < 0:
            return x * 100
        inner = via_cb(-1) if x == 1 else via_cb.call_many([-1, -1])[1]
        return x + int(inner)

    host.action = action
    assert via_cb.call_many([1, 2]).tolist() == [1 - 100, 2 - 100]


# --------------------------------------------------------------------------
# Traps
# --------------------------------------------------------------------------


def test_trap_has_the_index_of_the_failing_call(ex: Any) -> None:
    with pytest.raises(Trap) as info:
        ex.div.call_many([10, 20, 30, 40], [2, 5, 0, 1])
    assert info.value.index == 2
    assert "divide by zero" in info.value.message
    notes = getattr(info.value, "__notes__", None)
    if notes is not None:  # Python 3.11+
        assert "in call 2 (counting from 0) of div.call_many" in notes


def test_scalar_traps_have_no_index(ex: Any) -> None:
    with pytest.raises(Trap) as info:
        ex.div(1, 0)
    assert info.value.index is None


def test_trap_in_the_first_call(ex: Any) -> None:
    with pytest.raises(Trap) as info:
        ex.div.call_many([1], [0])
    assert info.value.index == 0


def test_host_exception_comes_back_with_the_index(ex: Any, host: Host) -> None:
    class Boom(Exception):
        pass

    def action(x: int) -> int:
        if x == 3:
            raise Boom("three")
        return x

    host.action = action
    with pytest.raises(Boom, match="three") as info:
        ex.via_cb.call_many([1, 2, 3, 4])
    assert info.value.index == 2  # type: ignore[attr-defined]
    host.action = None
    assert ex.via_cb(1) == 10


# --------------------------------------------------------------------------
# Refusals
# --------------------------------------------------------------------------


def test_wrong_number_of_columns(ex: Any) -> None:
    with pytest.raises(TypeError, match=r"add.call_many takes 2 columns \(one per parameter\) but 1 were given"):
        ex.add.call_many([1])
    with pytest.raises(TypeError, match="takes 2 columns"):
        ex.add.call_many([1], [1], [1])


def test_length_mismatch(ex: Any) -> None:
    with pytest.raises(ValueError, match="the columns differ in length: 2, 3"):
        ex.add.call_many([1, 2], array.array("i", [1, 2, 3]))


def test_wrong_item_type_is_refused_not_converted(ex: Any) -> None:
    with pytest.raises(TypeError, match=r"column 1 \(i32\) is a buffer of 'd' items .*never converted"):
        ex.add.call_many(array.array("d", [1.0]), [1])
    with pytest.raises(TypeError, match=r"column 2 \(i32\) is a buffer of 'q' items"):
        ex.add.call_many([1], array.array("q", [1]))
    with pytest.raises(TypeError, match=r"column 1 \(f32\) is a buffer of 'i' items"):
        ex.half.call_many(array.array("i", [1]))
    with pytest.raises(TypeError, match=r"column 1 \(i64\) is a buffer of 'B' items"):
        ex.add64.call_many(b"12345678", [1])


def test_numpy_wrong_dtype_shape_and_strides(ex: Any) -> None:
    np = numpy_or_skip()
    with pytest.raises(TypeError, match=r"column 1 \(i32\) is a buffer of 'd'"):
        ex.add.call_many(np.zeros(2), [1, 2])
    with pytest.raises(TypeError, match="is a buffer of"):
        ex.add.call_many(np.zeros(2, dtype=np.int64), [1, 2])
    with pytest.raises(TypeError, match="is a buffer of"):
        ex.add.call_many(np.zeros(2, dtype=bool), [1, 2])
    with pytest.raises(ValueError, match="must be 1-dimensional, not 2-dimensional"):
        ex.add.call_many(np.zeros((2, 2), dtype=np.int32), [1, 2])
    with pytest.raises(ValueError, match="must be contiguous"):
        ex.add.call_many(np.arange(10, dtype=np.int32)[::2], [1] * 5)
    big_endian = np.arange(2, dtype=">i4" if np.little_endian else "<i4")
    with pytest.raises(TypeError, match="is a buffer of"):
        ex.add.call_many(big_endian, [1, 2])


def test_bad_items_of_iterables(ex: Any) -> None:
    with pytest.raises(TypeError, match=r"column 1 \(i32\) item 1 must be an int for i32, not float"):
        ex.add.call_many([1, 2.5], [1, 2])
    with pytest.raises(TypeError, match=r"column 2 \(i32\) item 0 must be an int for i32, not str"):
        ex.add.call_many([1], ["1"])
    with pytest.raises(ValueError, match=r"column 1 \(i32\) item 0 is out of range for i32"):
        ex.add.call_many([2**32], [1])
    with pytest.raises(ValueError, match=r"item 1 is out of range for i64"):
        ex.add64.call_many([0, -(2**63) - 1], [0, 0])
    with pytest.raises(TypeError, match=r"column 1 \(f32\) item 0 must be"):
        ex.half.call_many(["x"])


def test_not_a_column(ex: Any) -> None:
    with pytest.raises(TypeError, match=r"column 1 \(i32\) must be a buffer or an iterable of numbers, not int"):
        ex.add.call_many(5, [1])
    with pytest.raises(TypeError, match="must be a buffer or an iterable"):
        ex.add.call_many(None, [1])


def test_non_numeric_signatures(ex: Any, store: Store) -> None:
    with pytest.raises(
        TypeError,
        match=r"xid.call_many needs a function of i32, i64, f32 and f64 only; its types are \(externref, externref\)",
    ):
        ex.xid.call_many([None])
    with pytest.raises(TypeError, match="needs a function with parameters"):
        ex.sum.call_many()
    host_func = Func(store, FuncType([i32], [i32]), lambda x: x)
    assert host_func.call_many([3]).tolist() == [3]  # host functions are called too


def test_closed_func(ex: Any) -> None:
    add = ex.add
    add.close()
    with pytest.raises(ValueError, match="closed"):
        add.call_many([1], [2])


def test_the_store_works_after_errors(ex: Any) -> None:
    for bad in ([1], ["x"]), (array.array("d", [1.0]), [1]):
        with pytest.raises((TypeError, ValueError)):
            ex.add.call_many(*bad)
    assert ex.add.call_many([1], [2]).tolist() == [3]
    assert ex.add(1, 2) == 3


def test_threads_share_a_store(ex: Any) -> None:
    """Bulk and scalar calls from several threads on one store: the store lock serializes them."""
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for _ in range(20):
                column = array.array("i", range(k, k + 2000))
                assert ex.add.call_many(column, column).tolist() == [2 * x for x in column]
                assert ex.add(k, 1) == k + 1
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
