"""The five functions of every vector type (12 types: 60 functions)."""

from __future__ import annotations

import ctypes
from typing import Any, Callable

import pytest

from support import ffi, is_null, name, neg, void_neg


def _functype() -> Any:
    return ffi.wasm_functype_new_1_0(ffi.wasm_valtype_new_i64())


def _externtype() -> Any:
    return ffi.wasm_functype_as_externtype(_functype())


def _host_extern(store: Any) -> Any:
    ft = ffi.wasm_functype_new_0_0()
    func = ffi.wasm_func_new(store, ft, _noop)
    ffi.wasm_functype_delete(ft)
    return ffi.wasm_func_as_extern(func)


@ffi.wasm_func_cb_decl
def _noop(args: Any, results: Any) -> None:
    return None


# name -> function(store) making one owned element (None: this vector type has
# no element the library can make, which is the case of frames).
ELEMENTS: dict[str, Callable[[Any], Any] | None] = {
    "byte": lambda store: b"x",
    "valtype": lambda store: ffi.wasm_valtype_new_f32(),
    "functype": lambda store: _functype(),
    "globaltype": lambda store: ffi.wasm_globaltype_new(ffi.wasm_valtype_new_i32(), ffi.WASM_VAR),
    "tabletype": lambda store: ffi.wasm_tabletype_new(ffi.wasm_valtype_new_funcref(), ffi.wasm_limits_new(1, 5)),
    "memorytype": lambda store: ffi.wasm_memorytype_new(ffi.wasm_limits_new(2)),
    "externtype": lambda store: _externtype(),
    "importtype": lambda store: ffi.wasm_importtype_new(
        ctypes.byref(name("mod")), ctypes.byref(name("field")), _externtype()
    ),
    "exporttype": lambda store: ffi.wasm_exporttype_new(ctypes.byref(name("exp")), _externtype()),
    "val": lambda store: ffi.wasm_f64_val(2.5),
    "frame": None,
    "extern": _host_extern,
}

KINDS = sorted(ELEMENTS)


def vec_type(kind: str) -> Any:
    return getattr(ffi, f"wasm_{kind}_vec_t")


def vec_fn(kind: str, suffix: str) -> Any:
    return getattr(ffi, f"wasm_{kind}_vec_{suffix}")


def elements(kind: str, store: Any, n: int) -> Any:
    """A C array of n new elements (NULL pointers for frames)."""
    vt = vec_type(kind)
    elem = vt._fields_[1][1]._type_
    make = ELEMENTS[kind]
    if make is None:
        return (elem * n)()
    return (elem * n)(*[make(store) for _ in range(n)])


def test_every_vector_type_is_tested() -> None:
    assert sorted(t.__name__ for t in ffi.VEC_TYPES) == sorted(f"wasm_{k}_vec_t" for k in KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_vec_new_empty_pos(kind: str) -> None:
    vec = vec_type(kind)()
    vec.size, vec.data = 9, None
    vec_fn(kind, "new_empty")(ctypes.byref(vec))
    assert vec.size == 0
    assert ffi.wasm_vec_to_list(vec) == []
    vec_fn(kind, "delete")(ctypes.byref(vec))


@pytest.mark.parametrize("kind", KINDS)
def test_vec_new_empty_neg(kind: str) -> None:
    assert void_neg(vec_fn(kind, "new_empty"), None) is None  # nowhere to write: no-op


@pytest.mark.parametrize("kind", KINDS)
def test_vec_new_uninitialized_pos(kind: str, store: Any) -> None:
    vec = vec_type(kind)()
    vec_fn(kind, "new_uninitialized")(ctypes.byref(vec), 3)
    assert vec.size == 3 and vec.data
    items = ffi.wasm_vec_to_list(vec)
    assert len(items) == 3
    if kind not in ("byte", "val"):
        assert all(is_null(p) for p in items)  # pointer slots start NULL
        make = ELEMENTS[kind]
        if make is not None:
            vec.data[1] = make(store)  # filled in by the caller, then owned by the vector
    vec_fn(kind, "delete")(ctypes.byref(vec))
    assert vec.size == 0 and not vec.data


@pytest.mark.parametrize("kind", KINDS)
def test_vec_new_uninitialized_neg(kind: str) -> None:
    assert void_neg(vec_fn(kind, "new_uninitialized"), None, 4) is None  # nowhere to write: no-op
    # A size no memory can hold comes back as the empty vector.
    vec = vec_type(kind)()
    neg(vec_fn(kind, "new_uninitialized"), ctypes.byref(vec), ctypes.c_size_t(-1).value)
    assert vec.size == 0 and not vec.data


@pytest.mark.parametrize("kind", KINDS)
def test_vec_new_pos(kind: str, store: Any) -> None:
    data = elements(kind, store, 2)
    vec = vec_type(kind)()
    vec_fn(kind, "new")(ctypes.byref(vec), 2, data)
    assert vec.size == 2
    items = ffi.wasm_vec_to_list(vec)
    if kind == "byte":
        assert items == [b"x", b"x"]
    elif kind == "val":
        assert items == [ffi.wasm_f64_val(2.5)] * 2
    elif kind != "frame":
        # Pointer elements are taken over, not copied.
        assert [ctypes.addressof(p.contents) for p in items] == [ctypes.addressof(p.contents) for p in data]
    vec_fn(kind, "delete")(ctypes.byref(vec))


@pytest.mark.parametrize("kind", KINDS)
def test_vec_new_neg(kind: str, store: Any) -> None:
    vec = vec_type(kind)()
    # Bad data: a size with no elements.
    neg(vec_fn(kind, "new"), ctypes.byref(vec), 3, None)
    assert vec.size == 0 and not vec.data
    assert "no data" in ffi.last_error()
    # No vector to fill in (with a NULL pointer element: nothing leaks).
    if kind in ("byte", "val"):
        data = elements(kind, store, 1)
    else:
        data = (vec_type(kind)._fields_[1][1]._type_ * 1)()
    assert void_neg(vec_fn(kind, "new"), None, 1, data) is None  # nowhere to write: no-op


@pytest.mark.parametrize("kind", KINDS)
def test_vec_copy_pos(kind: str, store: Any) -> None:
    src = vec_type(kind)()
    vec_fn(kind, "new")(ctypes.byref(src), 2, elements(kind, store, 2))
    dst = vec_type(kind)()
    vec_fn(kind, "copy")(ctypes.byref(dst), ctypes.byref(src))
    assert dst.size == 2
    assert ctypes.addressof(dst.data.contents) != ctypes.addressof(src.data.contents)
    if kind != "frame":
        assert dst == src  # structural equality, element by element
    if kind not in ("byte", "val", "frame"):
        # A deep copy: new element objects.
        assert ctypes.addressof(dst.data[0].contents) != ctypes.addressof(src.data[0].contents)
    vec_fn(kind, "delete")(ctypes.byref(src))
    vec_fn(kind, "delete")(ctypes.byref(dst))


@pytest.mark.parametrize("kind", KINDS)
def test_vec_copy_neg(kind: str) -> None:
    dst = vec_type(kind)()
    neg(vec_fn(kind, "copy"), ctypes.byref(dst), None)
    assert dst.size == 0 and not dst.data
    src = vec_type(kind)()
    vec_fn(kind, "new_uninitialized")(ctypes.byref(src), 2)
    assert void_neg(vec_fn(kind, "copy"), None, ctypes.byref(src)) is None  # nowhere to write: no-op
    assert src.size == 2  # the source is untouched
    vec_fn(kind, "delete")(ctypes.byref(src))


@pytest.mark.parametrize("kind", KINDS)
def test_vec_delete_pos(kind: str, store: Any) -> None:
    vec = vec_type(kind)()
    vec_fn(kind, "new")(ctypes.byref(vec), 2, elements(kind, store, 2))
    vec_fn(kind, "delete")(ctypes.byref(vec))
    assert vec.size == 0 and not vec.data
    vec_fn(kind, "delete")(ctypes.byref(vec))  # an empty vector may be deleted again


@pytest.mark.parametrize("kind", KINDS)
def test_vec_delete_neg(kind: str) -> None:
    assert void_neg(vec_fn(kind, "delete"), None) is None  # deleting NULL: a no-op, no error
    # A vector whose size claims elements it has no buffer for.
    vec = vec_type(kind)()
    vec.size = 5
    neg(vec_fn(kind, "delete"), ctypes.byref(vec))
    assert vec.size == 0
