"""``python -m wacapi inspect``: describes a WebAssembly module without running it.

What it reports, as text (:func:`render`) or as one JSON object (:func:`inspect_module`,
``--json``): the imports and exports with their types, the memories and tables
with their limits, the sections (custom ones by name), whether the module uses
WASI and whether it is a command, a reactor or a library.  The types come from
the library (:attr:`wacapi.Module.imports` / ``exports``); what ``wasm.h``
does not tell (the sections, internal memories and tables, the 64-bit and
shared flags of memories, export indices) is read from the binary here.

The JSON object (``inspect_version`` 1; new keys may be added, none of
these will change meaning):

``inspect_version``
    1.
``path``
    The file as given (``"-"`` for standard input), or ``null``.
``format``
    ``"binary"`` or ``"text"`` (the file was WebAssembly text, compiled first).
``file_size``
    Bytes read from the file; ``size``: bytes of the binary module (the same
    for a binary file).
``kind``
    ``"command"`` (exports a function ``_start``), ``"reactor"`` (exports a
    function ``_initialize`` and no ``_start``) or ``"library"`` (neither).
``wasi``
    ``null`` when nothing is imported from ``wasi_snapshot_preview1`` or
    ``wasi_unstable``; else ``{"modules": [names, in import order],
    "functions": [the function names imported from them, sorted, once each]}``.
``start_function``
    The function index of the start section, or ``null``.
``imports``
    ``[{"module", "name", "kind", "index", "type"}]`` in declaration order;
    ``kind`` is ``"func"``, ``"global"``, ``"table"`` or ``"memory"``,
    ``index`` the index in that kind's index space.
``exports``
    ``[{"name", "kind", "index", "type"}]`` in declaration order (``index``:
    ``null`` if the binary could not be decoded that far).
``type`` of an import or export, by ``kind``
    func: ``{"params": [valtype], "results": [valtype]}``, valtypes as in the
    text format (``"i32"``, ..., ``"funcref"``, ``"externref"``);
    global: ``{"content": valtype, "mutable": bool}``;
    table: ``{"element": valtype, "min": int, "max": int or null}`` (elements);
    memory: ``{"min": pages, "max": pages or null, "min_bytes": int,
    "max_bytes": int or null, "memory64": bool or null, "shared": bool or null}``
    (a page is 65536 bytes; ``null`` flags: not decoded).
``memories``, ``tables``
    Every memory and table of the module (imported ones first, as in the
    index space), or ``null`` if the binary could not be decoded:
    ``{"index", "import": {"module", "name"} or null, "exports": [names],``
    and for a memory ``"min", "max", "min_bytes", "max_bytes", "memory64",
    "shared"}``, for a table ``"element", "min", "max", "table64"}``.
``sections``
    ``[{"id", "name", "offset", "size"}]``, every section in order: ``name``
    is the section's (``"type"``, ``"import"``, ..., ``"custom"``),
    ``offset`` where its contents start in the binary, ``size`` their bytes.
``custom_sections``
    ``[{"name", "offset", "size", "data_size"}]``: the custom sections with
    their own names; ``data_size`` is ``size`` without the name.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, Union

if TYPE_CHECKING:
    from ._types import ExternType

__all__ = ["InspectError", "Section", "inspect_module", "read_sections", "render"]

INSPECT_VERSION = 1
PAGE_SIZE = 65536
WASI_MODULES = ("wasi_snapshot_preview1", "wasi_unstable")

_MAGIC = b"\0asm"
_VERSION_1 = b"\x01\0\0\0"
_COMPONENT_VERSION = b"\x0d\0\x01\0"

SECTION_NAMES = {
    0: "custom",
    1: "type",
    2: "import",
    3: "function",
    4: "table",
    5: "memory",
    6: "global",
    7: "export",
    8: "start",
    9: "element",
    10: "code",
    11: "data",
    12: "datacount",
    13: "tag",
}

_EXTERN_KINDS = {0: "func", 1: "table", 2: "memory", 3: "global", 4: "tag"}
_REFTYPES = {0x70: "funcref", 0x6F: "externref"}
#: i32, i64, f32, f64, v128 and the one-byte reference types; others (typed references) are not decoded.
_VALTYPE_CODES = frozenset((0x7F, 0x7E, 0x7D, 0x7C, 0x7B, *_REFTYPES))


class InspectError(Exception):
    """The module cannot be inspected; the message is one line for the user."""


# --------------------------------------------------------------------------
# The binary: section headers, and the parts wasm.h does not describe
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One section of a binary module: ``offset`` and ``size`` of its contents."""

    id: int
    offset: int
    size: int
    #: A custom section's own name (else None) and the bytes after that name.
    custom_name: Optional[str] = None
    data_size: int = 0

    @property
    def name(self) -> str:
        """The section's kind: ``"type"``, ..., ``"custom"`` (``"unknown"`` for other ids)."""
        return SECTION_NAMES.get(self.id, "unknown")


class _Malformed(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} at offset {offset:#x}")


class _Reader:
    """Reads ``data[pos:end]``: bytes, LEB128 integers and names."""

    def __init__(self, data: bytes, pos: int, end: int) -> None:
        self.data = data
        self.pos = pos
        self.end = end

    def byte(self) -> int:
        if self.pos >= self.end:
            raise _Malformed("unexpected end", self.pos)
        value = self.data[self.pos]
        self.pos += 1
        return value

    def uleb(self, bits: int = 32) -> int:
        start = self.pos
        value = shift = 0
        while True:
            if self.pos >= self.end:
                raise _Malformed("truncated LEB128 integer", start)
            b = self.data[self.pos]
            self.pos += 1
            value |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
            if shift >= bits:
                raise _Malformed(f"LEB128 integer longer than {bits} bits", start)
        if value >> bits:
            raise _Malformed(f"LEB128 integer out of range for u{bits}", start)
        return value

    def take(self, size: int) -> bytes:
        if size > self.end - self.pos:
            raise _Malformed(f"{size} bytes needed, {self.end - self.pos} left", self.pos)
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk

    def name(self) -> str:
        start = self.pos
        raw = self.take(self.uleb())
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _Malformed("name is not UTF-8", start) from None


def _check_header(binary: bytes) -> None:
    if not binary.startswith(_MAGIC):
        raise InspectError("not a WebAssembly binary (it does not start with \\0asm)")
    version = binary[4:8]
    if version == _COMPONENT_VERSION:
        raise InspectError("a WebAssembly component, not a core module: wacapi compiles core modules only")
    if len(version) < 4:
        raise InspectError("truncated WebAssembly header: the 4-byte version is missing")
    if version != _VERSION_1:
        raise InspectError(f"unknown WebAssembly binary version {int.from_bytes(version, 'little'):#x}")


def read_sections(binary: bytes) -> list[Section]:
    """The sections of a binary module, from their headers (LEB128 id and size).

    Checks only the framing: the header, that every section lies inside the
    binary and that custom section names are whole UTF-8 names.  Raises
    :class:`InspectError` otherwise.
    """
    _check_header(binary)
    sections: list[Section] = []
    reader = _Reader(binary, 8, len(binary))
    while reader.pos < reader.end:
        start = reader.pos
        section_id = reader.byte()
        what = f"section {section_id} ({SECTION_NAMES.get(section_id, 'unknown')}) at offset {start:#x}"
        try:
            size = reader.uleb()
        except _Malformed as exc:
            raise InspectError(f"{what}: bad size: {exc}") from None
        offset = reader.pos
        if size > reader.end - offset:
            raise InspectError(
                f"{what} is truncated: its size is {size} bytes, the module has {reader.end - offset} left"
            )
        if section_id == 0:
            inner = _Reader(binary, offset, offset + size)
            try:
                custom_name = inner.name()
            except _Malformed as exc:
                raise InspectError(f"{what}: bad custom section name: {exc}") from None
            sections.append(Section(0, offset, size, custom_name, offset + size - inner.pos))
        else:
            sections.append(Section(section_id, offset, size))
        reader.pos = offset + size
    return sections


@dataclass
class _Limits:
    min: int
    max: Optional[int]
    shared: bool
    index64: bool


@dataclass
class _Space:
    """One memory or table of the module's index space."""

    index: int
    limits: _Limits
    element: Optional[str] = None  # tables: the reference type
    imported: Optional[tuple[str, str]] = None
    exports: tuple[str, ...] = ()


@dataclass
class _Decoded:
    memories: list[_Space]
    tables: list[_Space]
    exports: dict[str, int]  # export name -> index in its kind's space
    start: Optional[int]


def _limits(r: _Reader) -> _Limits:
    at = r.pos
    flags = r.byte()
    if flags & ~0x07:
        raise _Malformed(f"unknown limits flags {flags:#x}", at)
    bits = 64 if flags & 0x04 else 32
    minimum = r.uleb(bits)
    maximum = r.uleb(bits) if flags & 0x01 else None
    return _Limits(minimum, maximum, bool(flags & 0x02), bool(flags & 0x04))


def _reftype(r: _Reader) -> str:
    at = r.pos
    code = r.byte()
    if code in _REFTYPES:
        return _REFTYPES[code]
    raise _Malformed(f"unknown reference type {code:#x}", at)


def _global_type(r: _Reader) -> None:
    at = r.pos
    if r.byte() not in _VALTYPE_CODES:
        raise _Malformed("unknown value type", at)
    at = r.pos
    if r.byte() not in (0, 1):
        raise _Malformed("unknown mutability", at)


def _decode(binary: bytes, sections: list[Section]) -> _Decoded:
    """The memories, tables, export indices and start function of a (valid) binary."""
    memories: list[_Space] = []
    tables: list[_Space] = []
    exports: dict[str, int] = {}
    by_kind: dict[str, list[tuple[str, int]]] = {"table": [], "memory": []}
    start: Optional[int] = None
    for section in sections:
        r = _Reader(binary, section.offset, section.offset + section.size)
        if section.id == 2:  # imports
            for _ in range(r.uleb()):
                module, name = r.name(), r.name()
                at = r.pos
                kind = r.byte()
                if kind == 0:
                    r.uleb()
                elif kind == 1:
                    element = _reftype(r)
                    tables.append(_Space(len(tables), _limits(r), element, (module, name)))
                elif kind == 2:
                    memories.append(_Space(len(memories), _limits(r), None, (module, name)))
                elif kind == 3:
                    _global_type(r)
                else:
                    raise _Malformed(f"unknown import kind {kind:#x}", at)
        elif section.id == 4:
            for _ in range(r.uleb()):
                element = _reftype(r)
                tables.append(_Space(len(tables), _limits(r), element))
        elif section.id == 5:
            for _ in range(r.uleb()):
                memories.append(_Space(len(memories), _limits(r)))
        elif section.id == 7:
            for _ in range(r.uleb()):
                name = r.name()
                kind_code = r.byte()
                index = r.uleb()
                exports[name] = index
                kind_name = _EXTERN_KINDS.get(kind_code, "")
                if kind_name in by_kind:
                    by_kind[kind_name].append((name, index))
        elif section.id == 8:
            start = r.uleb()
    for kind_name, spaces in (("table", tables), ("memory", memories)):
        for name, index in by_kind[kind_name]:
            if index < len(spaces):
                spaces[index].exports += (name,)
    return _Decoded(memories, tables, exports, start)


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------


def _bytes_or_none(pages: Optional[int]) -> Optional[int]:
    return None if pages is None else pages * PAGE_SIZE


def _type_json(extern_type: ExternType, memory: Optional[_Space]) -> dict[str, Any]:
    from ._types import FuncType, GlobalType, MemoryType, TableType

    if isinstance(extern_type, FuncType):
        return {"params": [p.name for p in extern_type.params], "results": [r.name for r in extern_type.results]}
    if isinstance(extern_type, GlobalType):
        return {"content": extern_type.content.name, "mutable": extern_type.mutable}
    if isinstance(extern_type, TableType):
        return {"element": extern_type.element.name, "min": extern_type.min, "max": extern_type.max}
    if isinstance(extern_type, MemoryType):
        return {
            "min": extern_type.min,
            "max": extern_type.max,
            "min_bytes": extern_type.min * PAGE_SIZE,
            "max_bytes": _bytes_or_none(extern_type.max),
            "memory64": None if memory is None else memory.limits.index64,
            "shared": None if memory is None else memory.limits.shared,
        }
    raise TypeError(f"unknown extern type {extern_type!r}")  # pragma: no cover - the four kinds above


def _kind(extern_type: ExternType) -> str:
    from ._types import FuncType, GlobalType, MemoryType

    if isinstance(extern_type, FuncType):
        return "func"
    if isinstance(extern_type, GlobalType):
        return "global"
    if isinstance(extern_type, MemoryType):
        return "memory"
    return "table"


def _space_json(space: _Space) -> dict[str, Any]:
    out: dict[str, Any] = {
        "index": space.index,
        "import": None if space.imported is None else {"module": space.imported[0], "name": space.imported[1]},
        "exports": list(space.exports),
    }
    lim = space.limits
    if space.element is None:
        out.update(
            min=lim.min,
            max=lim.max,
            min_bytes=lim.min * PAGE_SIZE,
            max_bytes=_bytes_or_none(lim.max),
            memory64=lim.index64,
            shared=lim.shared,
        )
    else:
        out.update(element=space.element, min=lim.min, max=lim.max, table64=lim.index64)
    return out


def _compile(data: bytes) -> tuple[str, bytes]:
    """("binary" or "text", the binary module) of a file's bytes."""
    from ._errors import WasmError
    from ._module import wat_to_wasm

    if data.startswith(_MAGIC):
        return "binary", data
    try:
        return "text", wat_to_wasm(data)
    except WasmError as exc:
        message = exc.message.replace("wacapi_wat2wasm: ", "")
        if message.startswith("invalid WebAssembly text: "):
            message = message[len("invalid WebAssembly text: ") :]
        raise InspectError(
            f"neither a WebAssembly binary (no \\0asm header) nor valid WebAssembly text: {message}"
        ) from None


def inspect_module(data: Union[bytes, bytearray, memoryview], path: Optional[str] = None) -> dict[str, Any]:
    """The report on the module ``data`` (binary or text; ``path`` is only recorded).

    The keys are documented in this module's docstring.  Raises
    :class:`InspectError` with a one-line message for anything that is not a
    valid module (bad text, bad framing, failed validation).
    """
    import wacapi

    from ._errors import WasmError

    raw = bytes(data)
    source_format, binary = _compile(raw)
    sections = read_sections(binary)
    with wacapi.Store(wacapi.Engine()) as store:
        try:
            module = wacapi.Module(store, binary)
        except WasmError as exc:
            raise InspectError(exc.message.replace("cannot compile the module: ", "")) from None
        imports = module.imports
        exports = module.exports
    decoded: Optional[_Decoded]
    try:
        decoded = _decode(binary, sections)
    except _Malformed:
        decoded = None  # a construct this decoder does not know: the library's view still stands

    counters: dict[str, int] = {}
    import_list: list[dict[str, Any]] = []
    for imp in imports:
        kind = _kind(imp.type)
        index = counters.get(kind, 0)
        counters[kind] = index + 1
        memory = None
        if decoded is not None and kind == "memory" and index < len(decoded.memories):
            memory = decoded.memories[index]
        import_list.append(
            {"module": imp.module, "name": imp.name, "kind": kind, "index": index, "type": _type_json(imp.type, memory)}
        )
    export_list: list[dict[str, Any]] = []
    func_exports: set[str] = set()
    for exp in exports:
        kind = _kind(exp.type)
        if kind == "func":
            func_exports.add(exp.name)
        found = None if decoded is None else decoded.exports.get(exp.name)
        memory = None
        if decoded is not None and kind == "memory" and found is not None and found < len(decoded.memories):
            memory = decoded.memories[found]
        export_list.append({"name": exp.name, "kind": kind, "index": found, "type": _type_json(exp.type, memory)})

    if "_start" in func_exports:
        kind_name = "command"
    elif "_initialize" in func_exports:
        kind_name = "reactor"
    else:
        kind_name = "library"
    wasi_modules: list[str] = []
    wasi_functions: set[str] = set()
    for entry in import_list:
        if entry["module"] in WASI_MODULES:
            if entry["module"] not in wasi_modules:
                wasi_modules.append(entry["module"])
            if entry["kind"] == "func":
                wasi_functions.add(entry["name"])

    return {
        "inspect_version": INSPECT_VERSION,
        "path": path,
        "format": source_format,
        "file_size": len(raw),
        "size": len(binary),
        "kind": kind_name,
        "wasi": {"modules": wasi_modules, "functions": sorted(wasi_functions)} if wasi_modules else None,
        "start_function": None if decoded is None else decoded.start,
        "imports": import_list,
        "exports": export_list,
        "memories": None if decoded is None else [_space_json(m) for m in decoded.memories],
        "tables": None if decoded is None else [_space_json(t) for t in decoded.tables],
        "sections": [{"id": s.id, "name": s.name, "offset": s.offset, "size": s.size} for s in sections],
        "custom_sections": [
            {"name": s.custom_name, "offset": s.offset, "size": s.size, "data_size": s.data_size}
            for s in sections
            if s.custom_name is not None
        ],
    }


# --------------------------------------------------------------------------
# As text
# --------------------------------------------------------------------------


def _quote(name: str) -> str:
    return json.dumps(name, ensure_ascii=False)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _human(size: int) -> str:
    """``512 bytes``, ``128 KiB``, ``10.3 KiB``, ``4 GiB``."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            amount = size / scale
            return f"{amount:.0f} {unit}" if amount.is_integer() else f"{amount:.1f} {unit}"
    return _plural(size, "byte")


def _size_text(size: int) -> str:
    return _plural(size, "byte") if size < 1024 else f"{size} bytes ({_human(size)})"


def _pages_text(pages: int) -> str:
    size = pages * PAGE_SIZE
    return f"{_plural(pages, 'page')} = {_human(size)}" + ("" if size < 1024 else f" ({size} bytes)")


def _flags_text(memory64: Optional[bool], shared: Optional[bool]) -> str:
    if memory64 is None or shared is None:
        return ""
    return f", {'64' if memory64 else '32'}-bit, {'shared' if shared else 'not shared'}"


def _type_text(kind: str, t: dict[str, Any]) -> str:
    if kind == "func":
        return f"[{' '.join(t['params'])}] -> [{' '.join(t['results'])}]"
    if kind == "global":
        return f"{'mut ' if t['mutable'] else 'const '}{t['content']}"
    if kind == "table":
        maximum = "no max" if t["max"] is None else f"max {t['max']}"
        return f"{t['element']}, min {t['min']}, {maximum}"
    maximum = "no max" if t["max"] is None else f"max {_pages_text(t['max'])}"
    return f"min {_pages_text(t['min'])}, {maximum}{_flags_text(t['memory64'], t['shared'])}"


def _space_text(space: dict[str, Any], is_memory: bool) -> str:
    if is_memory:
        text = _type_text("memory", space)
    else:
        text = _type_text("table", space) + (", 64-bit" if space["table64"] else "")
    where = []
    if space["import"] is not None:
        where.append(f"imported from {_quote(space['import']['module'])} {_quote(space['import']['name'])}")
    if space["exports"]:
        where.append("exported as " + ", ".join(_quote(n) for n in space["exports"]))
    if not where:
        where.append("internal")
    return f"{space['index']}: {text}; {'; '.join(where)}"


def _wrapped(label: str, words: list[str]) -> list[str]:
    return textwrap.wrap(", ".join(words), width=100, initial_indent=label, subsequent_indent=" " * len(label))


def _entry_name(entry: dict[str, Any]) -> str:
    """``"module"."name"`` of an import, ``"name"`` of an export."""
    name = _quote(entry["name"])
    return f"{_quote(entry['module'])}.{name}" if "module" in entry else name


def render(report: dict[str, Any]) -> str:
    """The report of :func:`inspect_module` as text for a person (ends with a newline)."""
    lines = [f"module:  {report['path'] if report['path'] is not None else '(bytes)'}"]
    if report["format"] == "text":
        text_size, binary_size = _size_text(report["file_size"]), _size_text(report["size"])
        lines.append(f"format:  WebAssembly text, {text_size}; binary: {binary_size}")
    else:
        lines.append(f"format:  WebAssembly binary, {_size_text(report['size'])}")
    kind = report["kind"]
    if kind == "command":
        lines.append("kind:    command (exports _start)")
    elif kind == "reactor":
        lines.append("kind:    reactor (exports _initialize, no _start)")
    else:
        lines.append("kind:    library (exports neither _start nor _initialize)")
    wasi = report["wasi"]
    if wasi is None:
        lines.append("WASI:    no (imports nothing from wasi_snapshot_preview1 or wasi_unstable)")
    else:
        functions = wasi["functions"]
        lines.append(f"WASI:    yes, {', '.join(wasi['modules'])}: {_plural(len(functions), 'function')}")
        lines.extend(_wrapped("         ", functions))
        if "wasi_unstable" in wasi["modules"]:
            lines.append("         (wacapi provides only wasi_snapshot_preview1: `run` cannot link wasi_unstable)")
    if report["start_function"] is not None:
        lines.append(f"start:   function {report['start_function']} runs when the module is instantiated")

    groups = (("func", "functions"), ("global", "globals"), ("table", "tables"), ("memory", "memories"))
    for title, entries in (("imports", report["imports"]), ("exports", report["exports"])):
        lines.append("")
        lines.append(f"{title} ({len(entries)}):" if entries else f"{title}: none")
        for kind_name, heading in groups:
            of_kind = [e for e in entries if e["kind"] == kind_name]
            if of_kind:
                lines.append(f"  {heading}:")
                lines.extend(f"    {_entry_name(e)}: {_type_text(kind_name, e['type'])}" for e in of_kind)

    for title, spaces, is_memory in (("memories", report["memories"], True), ("tables", report["tables"], False)):
        lines.append("")
        if spaces is None:
            lines.append(f"{title}: not decoded (a construct this inspector does not know)")
        elif not spaces:
            lines.append(f"{title}: none")
        else:
            lines.append(f"{title} ({len(spaces)}):")
            lines.extend(f"  {_space_text(s, is_memory)}" for s in spaces)

    lines.append("")
    customs = report["custom_sections"]
    lines.append(f"custom sections ({len(customs)}):" if customs else "custom sections: none")
    lines.extend(f"  {_quote(c['name'])}: {_size_text(c['data_size'])}" for c in customs)
    lines.append("")
    lines.append(f"sections ({len(report['sections'])}):")
    custom_names = iter(_quote(c["name"]) for c in customs)
    names = [f"custom {next(custom_names)}" if s["id"] == 0 else s["name"] for s in report["sections"]]
    width = max([4, *map(len, names)])
    lines.append(f"  {'id':>3}  {'name':<{width}} {'offset':>10} {'size':>10}")
    for s, name in zip(report["sections"], names):
        lines.append(f"  {s['id']:>3}  {name:<{width}} {s['offset']:>#10x} {s['size']:>10}")
    return "\n".join(lines) + "\n"
