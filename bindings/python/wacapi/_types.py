"""Type descriptors of the Pythonic API: value, function, global, table, memory,
import and export types.

They are plain immutable Python values (hashable, comparable, printed as
WebAssembly text); the C type objects are made from them when the library
needs one and deleted right after, so they own nothing and need no closing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterable
from typing import Any, Optional, Union

from . import binding as _b
from ._cabi import vec_bytes

__all__ = [
    "ExportType",
    "ExternType",
    "FuncType",
    "GlobalType",
    "ImportType",
    "MemoryType",
    "TableType",
    "ValType",
]

_U32_MAX = 0xFFFFFFFF
_U64_MAX = 0xFFFFFFFFFFFFFFFF

KIND_I32 = 0
KIND_I64 = 1
KIND_F32 = 2
KIND_F64 = 3
KIND_V128 = 4  # wacapi.h's WACAPI_V128: SIMD vectors, which wasm_val_t cannot carry
KIND_EXTERNREF = 128
KIND_FUNCREF = 129

_KIND_NAMES = {
    KIND_I32: "i32",
    KIND_I64: "i64",
    KIND_F32: "f32",
    KIND_F64: "f64",
    KIND_V128: "v128",
    KIND_EXTERNREF: "externref",
    KIND_FUNCREF: "funcref",
}


class ValType:
    """The type of one WebAssembly value: ``ValType.i32()``, ``i64()``, ``f32()``,
    ``f64()``, ``v128()``, ``externref()`` or ``funcref()``.

    There is one object per kind, so ``is`` and ``==`` agree.  ``str()`` gives
    the WebAssembly text name (``"i32"``).
    """

    __slots__ = ("_kind",)
    _kind: int

    def __new__(cls, kind: Union[str, int, ValType]) -> ValType:
        """The value type named ``kind`` (``"i32"``, ...) or of the C kind number ``kind``."""
        if isinstance(kind, ValType):
            return kind
        if isinstance(kind, str):
            for number, name in _KIND_NAMES.items():
                if name == kind:
                    return _VALTYPES[number]
            raise ValueError(f"unknown value type {kind!r}; expected one of {', '.join(_KIND_NAMES.values())}")
        if isinstance(kind, int) and not isinstance(kind, bool):
            found = _VALTYPES.get(kind)
            if found is None:
                raise ValueError(f"unknown value kind {kind}")
            return found
        raise TypeError(f"ValType() takes a type name or kind number, got {type(kind).__name__}")

    @classmethod
    def _make(cls, kind: int) -> ValType:
        self = object.__new__(cls)
        self._kind = kind
        return self

    @staticmethod
    def i32() -> ValType:
        """32-bit integer (Python ``int``, -2**31 .. 2**32-1 accepted, signed when read)."""
        return _VALTYPES[KIND_I32]

    @staticmethod
    def i64() -> ValType:
        """64-bit integer (Python ``int``, -2**63 .. 2**64-1 accepted, signed when read)."""
        return _VALTYPES[KIND_I64]

    @staticmethod
    def f32() -> ValType:
        """32-bit float (Python ``float``, rounded to single precision)."""
        return _VALTYPES[KIND_F32]

    @staticmethod
    def f64() -> ValType:
        """64-bit float (Python ``float``)."""
        return _VALTYPES[KIND_F64]

    @staticmethod
    def v128() -> ValType:
        """128-bit SIMD vector. It appears in the types of modules that use SIMD, but cannot
        cross the standard ``wasm_val_t``: calling a function or making a host function with a
        v128 in its signature raises an error naming the parameter."""
        return _VALTYPES[KIND_V128]

    @staticmethod
    def externref() -> ValType:
        """A reference to any host (Python) object, or ``None``."""
        return _VALTYPES[KIND_EXTERNREF]

    @staticmethod
    def funcref() -> ValType:
        """A reference to a function (:class:`Func`), or ``None``."""
        return _VALTYPES[KIND_FUNCREF]

    @property
    def kind(self) -> int:
        """The ``wasm_valkind_t`` number (``WASM_I32`` ... ``WASM_FUNCREF``)."""
        return self._kind

    @property
    def name(self) -> str:
        """The WebAssembly text name: ``"i32"``, ..., ``"funcref"``."""
        return _KIND_NAMES[self._kind]

    @property
    def is_num(self) -> bool:
        """True for i32, i64, f32, f64 (not for v128)."""
        return self._kind <= KIND_F64

    @property
    def is_ref(self) -> bool:
        """True for externref and funcref."""
        return self._kind >= KIND_EXTERNREF

    def __reduce__(self) -> tuple[Any, ...]:
        return (ValType, (self.name,))

    def __repr__(self) -> str:
        return f"ValType.{self.name}()"

    def __str__(self) -> str:
        return self.name


_VALTYPES: dict[int, ValType] = {kind: ValType._make(kind) for kind in _KIND_NAMES}


def _valtypes(items: Iterable[ValType], what: str) -> tuple[ValType, ...]:
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise TypeError(f"{what} must be a list of ValType, got {type(items).__name__}")
    out = tuple(items)
    for item in out:
        if not isinstance(item, ValType):
            raise TypeError(f"{what} must hold ValType objects, got {type(item).__name__}")
    return out


def _check_u32(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be an int, got {type(value).__name__}")
    if not 0 <= value <= _U32_MAX:
        raise ValueError(f"{what} must be in 0..{_U32_MAX}, got {value}")
    return value


def _check_limits(minimum: object, maximum: object, what: str) -> tuple[int, Optional[int]]:
    lo = _check_u32(minimum, f"{what} minimum")
    if maximum is None:
        return lo, None
    hi = _check_u32(maximum, f"{what} maximum")
    if hi < lo:
        raise ValueError(f"{what} maximum {hi} is below its minimum {lo}")
    return lo, hi


def _check_limits64(minimum: object, maximum: object, what: str) -> tuple[int, Optional[int]]:
    def check(value: object, which: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{what} {which} must be an int, got {type(value).__name__}")
        if not 0 <= value <= _U64_MAX:
            raise ValueError(f"{what} {which} must be in 0..{_U64_MAX}, got {value}")
        return value

    lo = check(minimum, "minimum")
    if maximum is None:
        return lo, None
    hi = check(maximum, "maximum")
    if hi < lo:
        raise ValueError(f"{what} maximum {hi} is below its minimum {lo}")
    return lo, hi


def _limits_text(minimum: int, maximum: Optional[int]) -> str:
    return f"{minimum}" if maximum is None else f"{minimum} {maximum}"


class FuncType:
    """A function signature: ``FuncType([ValType.i32()], [ValType.i64()])``."""

    __slots__ = ("_params", "_results")

    def __init__(self, params: Iterable[ValType] = (), results: Iterable[ValType] = ()) -> None:
        self._params = _valtypes(params, "FuncType params")
        self._results = _valtypes(results, "FuncType results")

    @property
    def params(self) -> tuple[ValType, ...]:
        """The parameter types, in order."""
        return self._params

    @property
    def results(self) -> tuple[ValType, ...]:
        """The result types, in order."""
        return self._results

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FuncType):
            return NotImplemented
        return self._params == other._params and self._results == other._results

    def __hash__(self) -> int:
        return hash(("func", self._params, self._results))

    def __repr__(self) -> str:
        return f"FuncType({list(self._params)!r}, {list(self._results)!r})"

    def __str__(self) -> str:
        text = "(func"
        if self._params:
            text += " (param " + " ".join(p.name for p in self._params) + ")"
        if self._results:
            text += " (result " + " ".join(r.name for r in self._results) + ")"
        return text + ")"


class GlobalType:
    """The type of a global: its content type and whether it may be set."""

    __slots__ = ("_content", "_mutable")

    def __init__(self, content: ValType, mutable: bool = False) -> None:
        if not isinstance(content, ValType):
            raise TypeError(f"GlobalType content must be a ValType, got {type(content).__name__}")
        if not isinstance(mutable, bool):
            raise TypeError(f"GlobalType mutable must be a bool, got {type(mutable).__name__}")
        self._content = content
        self._mutable = mutable

    @property
    def content(self) -> ValType:
        """The type of the value the global holds."""
        return self._content

    @property
    def mutable(self) -> bool:
        """True for ``(mut ...)`` globals."""
        return self._mutable

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GlobalType):
            return NotImplemented
        return self._content is other._content and self._mutable == other._mutable

    def __hash__(self) -> int:
        return hash(("global", self._content, self._mutable))

    def __repr__(self) -> str:
        return f"GlobalType({self._content!r}, mutable={self._mutable})"

    def __str__(self) -> str:
        return f"(global (mut {self._content}))" if self._mutable else f"(global {self._content})"


class TableType:
    """The type of a table: its element (reference) type and size limits in elements."""

    __slots__ = ("_element", "_max", "_min")

    def __init__(self, element: ValType, min: int, max: Optional[int] = None) -> None:  # noqa: A002
        if not isinstance(element, ValType):
            raise TypeError(f"TableType element must be a ValType, got {type(element).__name__}")
        if not element.is_ref:
            raise ValueError(f"a table holds references (funcref or externref), not {element}")
        self._element = element
        self._min, self._max = _check_limits(min, max, "table")

    @property
    def element(self) -> ValType:
        """``ValType.funcref()`` or ``ValType.externref()``."""
        return self._element

    @property
    def min(self) -> int:
        """The initial (minimum) number of elements."""
        return self._min

    @property
    def max(self) -> Optional[int]:
        """The maximum number of elements, or ``None`` for no maximum."""
        return self._max

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TableType):
            return NotImplemented
        return (self._element, self._min, self._max) == (other._element, other._min, other._max)

    def __hash__(self) -> int:
        return hash(("table", self._element, self._min, self._max))

    def __repr__(self) -> str:
        return f"TableType({self._element!r}, {self._min}, {self._max})"

    def __str__(self) -> str:
        return f"(table {_limits_text(self._min, self._max)} {self._element})"


class MemoryType:
    """The type of a linear memory: size limits in pages (64 KiB), and whether it is a
    64-bit memory (memory64: i64 addresses, page counts beyond 2**32 allowed).

    >>> wacapi.MemoryType(1, 2)
    MemoryType(1, 2)
    >>> wacapi.MemoryType(1, 2**40, is64=True)
    MemoryType(1, 1099511627776, is64=True)
    """

    __slots__ = ("_is64", "_max", "_min")

    def __init__(self, min: int, max: Optional[int] = None, *, is64: bool = False) -> None:  # noqa: A002
        if not isinstance(is64, bool):
            raise TypeError(f"MemoryType is64 must be a bool, got {type(is64).__name__}")
        if is64:
            self._min, self._max = _check_limits64(min, max, "memory")
        else:
            self._min, self._max = _check_limits(min, max, "memory")
        self._is64 = is64

    @property
    def min(self) -> int:
        """The initial (minimum) number of pages."""
        return self._min

    @property
    def max(self) -> Optional[int]:
        """The maximum number of pages, or ``None`` for no maximum."""
        return self._max

    @property
    def is64(self) -> bool:
        """True for a 64-bit memory (the memory64 proposal)."""
        return self._is64

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MemoryType):
            return NotImplemented
        return (self._min, self._max, self._is64) == (other._min, other._max, other._is64)

    def __hash__(self) -> int:
        return hash(("memory", self._min, self._max, self._is64))

    def __repr__(self) -> str:
        tail = ", is64=True" if self._is64 else ""
        return f"MemoryType({self._min}, {self._max}{tail})"

    def __str__(self) -> str:
        index = "i64 " if self._is64 else ""
        return f"(memory {index}{_limits_text(self._min, self._max)})"


ExternType = Union[FuncType, GlobalType, TableType, MemoryType]
"""The type of an import or export: one of the four extern types (``isinstance`` tells which)."""


class ImportType:
    """One import of a module: ``module``, ``name`` and ``type``."""

    __slots__ = ("_module", "_name", "_type")

    def __init__(self, module: str, name: str, type: ExternType) -> None:  # noqa: A002
        self._module = module
        self._name = name
        self._type = type

    @property
    def module(self) -> str:
        """The module name (the first string of the import)."""
        return self._module

    @property
    def name(self) -> str:
        """The field name (the second string of the import)."""
        return self._name

    @property
    def type(self) -> ExternType:
        """What is imported: a FuncType, GlobalType, TableType or MemoryType."""
        return self._type

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ImportType):
            return NotImplemented
        return (self._module, self._name, self._type) == (other._module, other._name, other._type)

    def __hash__(self) -> int:
        return hash(("import", self._module, self._name, self._type))

    def __repr__(self) -> str:
        return f"ImportType({self._module!r}, {self._name!r}, {self._type!r})"

    def __str__(self) -> str:
        return f'(import "{self._module}" "{self._name}" {self._type})'


class ExportType:
    """One export of a module: ``name`` and ``type``."""

    __slots__ = ("_name", "_type")

    def __init__(self, name: str, type: ExternType) -> None:  # noqa: A002
        self._name = name
        self._type = type

    @property
    def name(self) -> str:
        """The export name."""
        return self._name

    @property
    def type(self) -> ExternType:
        """What is exported: a FuncType, GlobalType, TableType or MemoryType."""
        return self._type

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExportType):
            return NotImplemented
        return (self._name, self._type) == (other._name, other._type)

    def __hash__(self) -> int:
        return hash(("export", self._name, self._type))

    def __repr__(self) -> str:
        return f"ExportType({self._name!r}, {self._type!r})"

    def __str__(self) -> str:
        return f'(export "{self._name}" {self._type})'


# --------------------------------------------------------------------------
# To and from the C type objects
# --------------------------------------------------------------------------


def _valtype_vec(types: tuple[ValType, ...]) -> Any:
    """A new wasm_valtype_vec_t owning new value types."""
    vec = _b.wasm_valtype_vec_t()
    if not types:
        _b.wasm_valtype_vec_new_empty(ctypes.byref(vec))
        return vec
    items = (ctypes.POINTER(_b.wasm_valtype_t) * len(types))(*(_b.wasm_valtype_new(t.kind) for t in types))
    _b.wasm_valtype_vec_new(ctypes.byref(vec), len(types), items)
    return vec


def functype_to_c(ft: FuncType) -> Any:
    """A new ``wasm_functype_t`` (owned by the caller: ``wasm_functype_delete``)."""
    params = _valtype_vec(ft.params)
    results = _valtype_vec(ft.results)
    return _b.wasm_functype_new(ctypes.byref(params), ctypes.byref(results))


def globaltype_to_c(gt: GlobalType) -> Any:
    """A new ``wasm_globaltype_t`` (owned by the caller)."""
    mutability = _b.WASM_VAR if gt.mutable else _b.WASM_CONST
    return _b.wasm_globaltype_new(_b.wasm_valtype_new(gt.content.kind), mutability)


def _c_limits(minimum: int, maximum: Optional[int]) -> Any:
    return _b.wasm_limits_t(minimum, _U32_MAX if maximum is None else maximum)


def tabletype_to_c(tt: TableType) -> Any:
    """A new ``wasm_tabletype_t`` (owned by the caller)."""
    limits = _c_limits(tt.min, tt.max)
    return _b.wasm_tabletype_new(_b.wasm_valtype_new(tt.element.kind), ctypes.byref(limits))


def memorytype_to_c(mt: MemoryType) -> Any:
    """A new ``wasm_memorytype_t`` (owned by the caller; NULL for limits no memory can have)."""
    if mt.is64:
        return _b.wacapi_memorytype_new64(mt.min, mt.max is not None, mt.max or 0, True)
    limits = _c_limits(mt.min, mt.max)
    return _b.wasm_memorytype_new(ctypes.byref(limits))


def _valtype_from_c(vt: Any) -> ValType:
    return ValType(int(_b.wasm_valtype_kind(vt)))


def _valtypes_from_c(vec: Any) -> tuple[ValType, ...]:
    if not vec:
        return ()
    v = vec.contents
    return tuple(_valtype_from_c(v.data[i]) for i in range(int(v.size)))


def functype_from_c(ft: Any) -> FuncType:
    """The FuncType of a (borrowed) ``wasm_functype_t`` pointer."""
    return FuncType(_valtypes_from_c(_b.wasm_functype_params(ft)), _valtypes_from_c(_b.wasm_functype_results(ft)))


def _limits_from_c(limits: Any) -> tuple[int, Optional[int]]:
    lim = limits.contents
    maximum = int(lim.max)
    return int(lim.min), (None if maximum == _U32_MAX else maximum)


def globaltype_from_c(gt: Any) -> GlobalType:
    """The GlobalType of a (borrowed) ``wasm_globaltype_t`` pointer."""
    content = _valtype_from_c(_b.wasm_globaltype_content(gt))
    return GlobalType(content, int(_b.wasm_globaltype_mutability(gt)) == _b.WASM_VAR)


def tabletype_from_c(tt: Any) -> TableType:
    """The TableType of a (borrowed) ``wasm_tabletype_t`` pointer."""
    minimum, maximum = _limits_from_c(_b.wasm_tabletype_limits(tt))
    return TableType(_valtype_from_c(_b.wasm_tabletype_element(tt)), minimum, maximum)


def memorytype_from_c(mt: Any) -> MemoryType:
    """The MemoryType of a (borrowed) ``wasm_memorytype_t`` pointer."""
    # The wacapi.h readers give the full 64-bit limits (wasm_limits_t has 32-bit fields).
    maximum = ctypes.c_uint64()
    has_max = _b.wacapi_memorytype_maximum(mt, ctypes.byref(maximum))
    return MemoryType(
        int(_b.wacapi_memorytype_minimum(mt)),
        int(maximum.value) if has_max else None,
        is64=bool(_b.wacapi_memorytype_is64(mt)),
    )


def externtype_from_c(et: Any) -> ExternType:
    """The extern type of a (borrowed) ``wasm_externtype_t`` pointer."""
    kind = int(_b.wasm_externtype_kind(et))
    if kind == _b.WASM_EXTERN_FUNC:
        return functype_from_c(_b.wasm_externtype_as_functype_const(et))
    if kind == _b.WASM_EXTERN_GLOBAL:
        return globaltype_from_c(_b.wasm_externtype_as_globaltype_const(et))
    if kind == _b.WASM_EXTERN_TABLE:
        return tabletype_from_c(_b.wasm_externtype_as_tabletype_const(et))
    if kind == _b.WASM_EXTERN_MEMORY:
        return memorytype_from_c(_b.wasm_externtype_as_memorytype_const(et))
    raise ValueError(f"unknown extern kind {kind}")


def _name(vec: Any) -> str:
    return vec_bytes(vec).decode("utf-8", "replace")


def importtype_from_c(it: Any) -> ImportType:
    """The ImportType of a (borrowed) ``wasm_importtype_t`` pointer."""
    return ImportType(
        _name(_b.wasm_importtype_module(it)),
        _name(_b.wasm_importtype_name(it)),
        externtype_from_c(_b.wasm_importtype_type(it)),
    )


def exporttype_from_c(et: Any) -> ExportType:
    """The ExportType of a (borrowed) ``wasm_exporttype_t`` pointer."""
    return ExportType(_name(_b.wasm_exporttype_name(et)), externtype_from_c(_b.wasm_exporttype_type(et)))
