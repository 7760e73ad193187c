//! Stage 4b: the model → `binding.pyi`, type stubs for `binding.py`.
//!
//! At runtime the functions are ctypes function objects, which type checkers see as taking and
//! returning `Any`.  The stubs describe what ctypes actually accepts and returns for each C
//! type, so a caller's mistakes (a `wasm_store_t*` where a `wasm_engine_t*` is expected, a
//! missing argument) are found by mypy:
//! * integers are `int`, `bool` is `bool`, floating point is `float`, `char` is `bytes`;
//! * a `T*` argument is `_Ref[T]` (a pointer to or array of `T`, a `T` itself, `byref(t)`, or
//!   `None` for NULL; also `bytes` when `T` is a char type); a `T*` result or field is
//!   `_Pointer[T]` (ctypes returns a NULL pointer object, never `None`);
//! * `void*` and `char*` follow ctypes' `c_void_p` (`int | None`) and `c_char_p`
//!   (`bytes | None`) conversions;
//! * a callback type is a `@final` class whose constructor takes a Python callable of the right
//!   shape (ctypes makes it with `CFUNCTYPE`; the class is what type checkers need).

use std::fmt::Write;

use crate::emit_py::{ctype, docstring, header_comment, Spelling};
use crate::model::{Api, Item, ItemKind, Param, Prim, RecordKind, Type};
use crate::names::param_names;

/// The direction a value travels, which decides what Python type stands for a C type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    /// Passed from Python to C: an argument.
    In,
    /// Received from C: a result, a field read, an argument given to a Python callback.
    Out,
}

/// The stub's name for the ctypes class of `t` (inside `_Pointer[...]`, `Array[...]`): the
/// shared [`ctype`] mapping, spelled for `binding.pyi`.
fn class(t: &Type) -> String {
    ctype(t, Spelling::Stub)
}

/// The Python type of a value of C type `t` travelling in direction `dir`.
fn py_type(api: &Api, t: &Type, dir: Dir) -> String {
    match api.resolve(t) {
        Type::Void => "None".into(),
        Type::Prim(p) => match p {
            Prim::Bool => "bool".into(),
            Prim::Char => "bytes".into(),
            Prim::WChar => "str".into(),
            Prim::Float | Prim::Double | Prim::LongDouble => "float".into(),
            _ => "int".into(),
        },
        Type::Enum { .. } => "int".into(),
        // Keep the header's name (a typedef alias of a record is a TypeAlias of its class).
        Type::Record(_) => class(t),
        Type::Named(cb) => match dir {
            Dir::In => format!("{cb} | None"),
            Dir::Out => cb.clone(),
        },
        Type::Pointer { pointee, .. } => match (&**pointee, dir) {
            (Type::Void, Dir::In) => "_VoidP".into(),
            (Type::Void, Dir::Out) => "int | None".into(),
            (Type::Prim(Prim::Char), Dir::In) => "_CharP".into(),
            (Type::Prim(Prim::Char), Dir::Out) => "bytes | None".into(),
            // ctypes also takes `bytes` for a pointer to a char type (`byte_t*`).
            (other, Dir::In) if api.resolve(other) == &Type::Prim(Prim::Char) => {
                format!("_Ref[{}] | bytes", class(other))
            }
            (other, Dir::In) => format!("_Ref[{}]", class(other)),
            (other, Dir::Out) => format!("_Pointer[{}]", class(other)),
        },
        array @ Type::Array { .. } => class(array),
    }
}

/// What a Python callback returns for a C result of type `t` (pointers travel as addresses,
/// see [`crate::emit_py::callback_restype`]).
fn callback_result(api: &Api, t: &Type) -> String {
    match api.resolve(t) {
        Type::Pointer { .. } => "int | None".into(),
        Type::Named(n) if api.is_callback(n) => "int | None".into(),
        _ => py_type(api, t, Dir::Out),
    }
}

/// `(a: A, b: B, /)` for a stub signature; positional-only, as ctypes functions are.
fn params_text(api: &Api, params: &[Param], lead: &str) -> String {
    let names = param_names(params);
    let mut parts: Vec<String> = Vec::new();
    if !lead.is_empty() {
        parts.push(lead.to_owned());
    }
    for (n, p) in names.iter().zip(params) {
        parts.push(format!("{n}: {}", py_type(api, &p.ty, Dir::In)));
    }
    if !params.is_empty() {
        parts.push("/".into());
    }
    parts.join(", ")
}

/// Prints `binding.pyi`.
pub fn emit(api: &Api) -> String {
    let mut out = header_comment(api, "Type stubs for binding.py, the Python ctypes binding");
    out.push_str(
        "\nimport ctypes\n\
         from ctypes import Array, _CArgObject, _Pointer\n\
         from enum import IntEnum\n\
         from typing import Any, Callable, Final, TypeAlias, TypeVar, final\n\
         \n\
         lib: ctypes.CDLL\n\
         \n\
         _T = TypeVar(\"_T\", bound=ctypes._CData)\n\
         \n\
         # What a `T*` parameter accepts: a pointer to or an array of T, a T (passed by\n\
         # reference), byref() of one, or None for NULL.\n\
         _Ref: TypeAlias = _Pointer[_T] | Array[_T] | _T | _CArgObject | None\n\
         # What a `void*` parameter accepts (ctypes' c_void_p conversion).\n\
         _VoidP: TypeAlias = int | bytes | ctypes._PointerLike | Array[Any] | _CArgObject | None\n\
         # What a `char*` parameter accepts (ctypes' c_char_p conversion).\n\
         _CharP: TypeAlias = (\n    \
         bytes | ctypes.c_char_p | Array[ctypes.c_char] | _Pointer[ctypes.c_char] | _CArgObject | None\n\
         )\n",
    );
    for item in &api.items {
        emit_item(&mut out, api, item);
    }
    out
}

fn emit_item(out: &mut String, api: &Api, item: &Item) {
    let name = &item.name;
    let doc_line = |indent: &str| {
        item.doc
            .as_ref()
            .map(|d| format!("{indent}{}\n", docstring(d)))
    };
    match &item.kind {
        ItemKind::Record(r) => {
            let base = match r.kind {
                RecordKind::Struct => "ctypes.Structure",
                RecordKind::Union => "ctypes.Union",
            };
            let _ = write!(out, "\nclass {name}({base}):");
            let fields = r.fields.as_deref().unwrap_or_default();
            if item.doc.is_none() && fields.is_empty() {
                out.push_str(" ...\n");
                return;
            }
            out.push('\n');
            if let Some(d) = doc_line("    ") {
                out.push_str(&d);
            }
            for f in fields {
                let _ = writeln!(out, "    {}: {}", f.name, py_type(api, &f.ty, Dir::Out));
            }
        }
        ItemKind::Enum(e) => {
            out.push('\n');
            for (c, v) in &e.constants {
                let _ = writeln!(out, "{c}: Final = {v}");
            }
            if e.named {
                let _ = writeln!(out, "\nclass {name}(IntEnum):");
                if let Some(d) = doc_line("    ") {
                    out.push_str(&d);
                }
                for (c, v) in &e.constants {
                    let _ = writeln!(out, "    {c} = {v}");
                }
            }
        }
        ItemKind::Typedef(t) => {
            let _ = writeln!(out, "\n{name}: TypeAlias = {}", class(t));
        }
        ItemKind::Callback { sig, .. } => {
            let _ = writeln!(out, "\n@final\nclass {name}(ctypes._CFunctionType):");
            if let Some(d) = doc_line("    ") {
                out.push_str(&d);
            }
            let args: Vec<String> = sig
                .params
                .iter()
                .map(|p| py_type(api, &p.ty, Dir::Out))
                .collect();
            let ret = callback_result(api, &sig.ret);
            let _ = writeln!(
                out,
                "    def __init__(self, callable: Callable[[{}], {ret}], /) -> None: ...",
                args.join(", ")
            );
            let _ = writeln!(
                out,
                "    def __call__({}) -> {ret}: ...",
                params_text(api, &sig.params, "self")
            );
        }
        ItemKind::Function(sig) => {
            let _ = write!(
                out,
                "\ndef {name}({}) -> {}:",
                params_text(api, &sig.params, ""),
                py_type(api, &sig.ret, Dir::Out)
            );
            match doc_line("    ") {
                Some(d) => {
                    out.push('\n');
                    out.push_str(&d);
                }
                None => out.push_str(" ...\n"),
            }
        }
        ItemKind::Constant(c) => {
            let value = if c.hex && c.value >= 0 {
                format!("{:#x}", c.value)
            } else {
                c.value.to_string()
            };
            let _ = writeln!(out, "\n{name}: Final = {value}");
        }
    }
}
