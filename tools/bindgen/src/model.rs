//! The typed model of a C API: the seam between the C front end and the Python emitters.
//!
//! Lowering (`crate::lower`) turns lang-c's syntax tree into this model; the emitters
//! (`crate::emit_py`, `crate::emit_pyi`) only print it.  Everything that needs judgement — which
//! declarations belong to the named headers, what a typedef name stands for, how an inline
//! function-pointer type is named, which constructs are unsupported — is decided before a value
//! of these types exists, so tests can check those decisions on the model alone and the emitters
//! stay simple.

use std::collections::HashMap;

/// A place in one of the named headers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    /// File name of the header (no directory), so output does not depend on where it lives.
    pub header: String,
    /// 1-based line of the declaration's first token; for a declaration produced by a macro, the
    /// line of the macro invocation.
    pub line: usize,
}

/// A C scalar type that maps to one ctypes simple type.
///
/// The fixed-width and size types of `<stdint.h>`/`<stddef.h>` are kept apart from the builtin
/// types they happen to be on this machine, so the binding says `c_uint32` where the header says
/// `uint32_t`, which stays right on every platform Python runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // each variant is the C type of the same name
pub enum Prim {
    Bool,
    Char,
    SChar,
    UChar,
    Short,
    UShort,
    Int,
    UInt,
    Long,
    ULong,
    LongLong,
    ULongLong,
    Float,
    Double,
    LongDouble,
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    Size,
    SSize,
    WChar,
}

impl Prim {
    /// The type as C spells it, for messages and synthesized names.
    pub fn c_name(self) -> &'static str {
        match self {
            Prim::Bool => "bool",
            Prim::Char => "char",
            Prim::SChar => "signed char",
            Prim::UChar => "unsigned char",
            Prim::Short => "short",
            Prim::UShort => "unsigned short",
            Prim::Int => "int",
            Prim::UInt => "unsigned int",
            Prim::Long => "long",
            Prim::ULong => "unsigned long",
            Prim::LongLong => "long long",
            Prim::ULongLong => "unsigned long long",
            Prim::Float => "float",
            Prim::Double => "double",
            Prim::LongDouble => "long double",
            Prim::I8 => "int8_t",
            Prim::U8 => "uint8_t",
            Prim::I16 => "int16_t",
            Prim::U16 => "uint16_t",
            Prim::I32 => "int32_t",
            Prim::U32 => "uint32_t",
            Prim::I64 => "int64_t",
            Prim::U64 => "uint64_t",
            Prim::Size => "size_t",
            Prim::SSize => "ssize_t",
            Prim::WChar => "wchar_t",
        }
    }

    /// Width in bits and whether the type is unsigned, for integer types; `None` for
    /// floating-point types.
    ///
    /// Used to wrap constant values the way a C conversion would.  `long`, `size_t` and
    /// `wchar_t` take this machine's (the generator's) widths: the binding targets LP64 Linux.
    pub fn int_layout(self) -> Option<(u32, bool)> {
        let ptr_bits = usize::BITS;
        let long_bits = std::mem::size_of::<std::ffi::c_long>() as u32 * 8;
        Some(match self {
            Prim::Bool => (8, true),
            Prim::Char | Prim::SChar | Prim::I8 => (8, false),
            Prim::UChar | Prim::U8 => (8, true),
            Prim::Short | Prim::I16 => (16, false),
            Prim::UShort | Prim::U16 => (16, true),
            Prim::Int | Prim::I32 | Prim::WChar => (32, false),
            Prim::UInt | Prim::U32 => (32, true),
            Prim::Long => (long_bits, false),
            Prim::ULong => (long_bits, true),
            Prim::LongLong | Prim::I64 => (64, false),
            Prim::ULongLong | Prim::U64 => (64, true),
            Prim::Size => (ptr_bits, true),
            Prim::SSize => (ptr_bits, false),
            Prim::Float | Prim::Double | Prim::LongDouble => return None,
        })
    }
}

/// A C type as the binding needs it.
///
/// Names refer to items of the model: `Named` to a [`ItemKind::Typedef`] or
/// [`ItemKind::Callback`], `Record` to a [`ItemKind::Record`].  Function types only occur behind
/// a name (a callback item), because that is the only form ctypes can express.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// `void`: a function result, or the target of a `void*`.
    Void,
    /// A scalar.
    Prim(Prim),
    /// A typedef name declared in the named headers (a plain alias or a callback).
    Named(String),
    /// A struct or union, by its Python class name.
    Record(String),
    /// An enum used as a type; `repr` is the integer type the compiler gives it.
    Enum {
        /// The enum's tag.
        name: String,
        /// Its integer representation.
        repr: Prim,
    },
    /// A pointer; `is_const` tells whether the pointee is `const`-qualified.
    Pointer {
        /// What it points to.
        pointee: Box<Type>,
        /// `const T*` rather than `T*` (informational; ctypes ignores it).
        is_const: bool,
    },
    /// A fixed-size array (struct fields only; parameters decay to pointers).
    Array {
        /// Element type.
        elem: Box<Type>,
        /// Number of elements.
        len: u64,
    },
}

impl Type {
    /// Shorthand for a non-const pointer to `t`.
    pub fn ptr(t: Type) -> Type {
        Type::Pointer {
            pointee: Box::new(t),
            is_const: false,
        }
    }

    /// Shorthand for a pointer to const `t`.
    pub fn const_ptr(t: Type) -> Type {
        Type::Pointer {
            pointee: Box::new(t),
            is_const: true,
        }
    }
}

/// A function signature: of an exported function or of a callback.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    /// Result type ([`Type::Void`] for none).
    pub ret: Type,
    /// Parameters in order; empty for `(void)`.
    pub params: Vec<Param>,
}

/// One parameter of a [`Signature`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Param {
    /// The header's name for it, when it gives one.
    pub name: Option<String>,
    /// Its type, with arrays already decayed to pointers and function types to callbacks.
    pub ty: Type,
}

/// Whether a record is a struct or a union.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// `struct`
    Struct,
    /// `union`
    Union,
}

/// A struct or union.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Struct or union.
    pub kind: RecordKind,
    /// The fields, or `None` for an opaque type that the headers only declare.
    pub fields: Option<Vec<Field>>,
}

/// One member of a [`Record`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Member name.
    pub name: String,
    /// Member type; an anonymous nested record appears as a [`Type::Record`] with a synthesized
    /// name (`<outer>_<field>`).
    pub ty: Type,
}

/// An enum with its constants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enum {
    /// False for `enum { ... }` without a tag: only its constants are emitted.
    pub named: bool,
    /// The integer type gcc gives the enum (`unsigned int` unless a value is negative).
    pub repr: Prim,
    /// The constants with their values, in declaration order.
    pub constants: Vec<(String, i64)>,
}

/// A `static const` integer variable of a header: a constant, not a library symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constant {
    /// Declared type.
    pub ty: Type,
    /// Value after conversion to that type.
    pub value: i128,
    /// Whether the header wrote it in hexadecimal (kept in the output for readability).
    pub hex: bool,
}

/// What an [`Item`] declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// A struct or union type.
    Record(Record),
    /// An enum type and its constants.
    Enum(Enum),
    /// A typedef that is a plain alias of another type.
    Typedef(Type),
    /// A function-pointer type: a typedef of the header, or one synthesized for a function
    /// pointer written inline in a prototype or struct (then `synthesized` is true and the name
    /// is derived from the signature, so equal signatures share one type).
    Callback {
        /// Its signature.
        sig: Signature,
        /// Named by the tool rather than by the header.
        synthesized: bool,
    },
    /// A function exported by the library.
    Function(Signature),
    /// A `static const` constant.
    Constant(Constant),
}

/// One declaration of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The Python name (the C name; synthesized for anonymous records and inline callbacks).
    pub name: String,
    /// Where it is declared (for a record: where it is defined, if it is).
    pub loc: Loc,
    /// One-line summary of the `//` comment directly above the declaration, if any.
    pub doc: Option<String>,
    /// What it declares.
    pub kind: ItemKind,
}

/// A `static inline` function of a header: not a library symbol, so not bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Function name.
    pub name: String,
    /// Where it is defined.
    pub loc: Loc,
}

/// The whole API of the named headers, in header order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Api {
    /// File names of the named headers, in command-line order.
    pub headers: Vec<String>,
    /// Every declaration, each once, in the order the preprocessed headers declare them.
    ///
    /// A record is placed where its definition ends (where C considers it complete), so a
    /// nested anonymous record comes before the record containing it.
    pub items: Vec<Item>,
    /// The `static inline` helpers that were deliberately not bound.
    pub skipped: Vec<Skipped>,
}

impl Api {
    /// The item with this name, if any.
    pub fn item(&self, name: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.name == name)
    }

    /// A name → item index, for emitters that look names up often.
    pub fn index(&self) -> HashMap<&str, &Item> {
        self.items.iter().map(|i| (i.name.as_str(), i)).collect()
    }

    /// Follows plain typedef aliases until reaching a type that is not one (a callback name is
    /// returned as is: it is a type of its own for ctypes).
    pub fn resolve<'a>(&'a self, mut ty: &'a Type) -> &'a Type {
        // Typedef chains are acyclic in valid C; the bound only guards against a broken model.
        for _ in 0..64 {
            match ty {
                Type::Named(n) => match self.item(n).map(|i| &i.kind) {
                    Some(ItemKind::Typedef(t)) => ty = t,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// Whether `name` is a callback item.
    pub fn is_callback(&self, name: &str) -> bool {
        matches!(
            self.item(name).map(|i| &i.kind),
            Some(ItemKind::Callback { .. })
        )
    }

    /// Items of one kind, for counts and tests.
    pub fn count(&self, pred: impl Fn(&ItemKind) -> bool) -> usize {
        self.items.iter().filter(|i| pred(&i.kind)).count()
    }

    /// The functions, in order.
    pub fn functions(&self) -> impl Iterator<Item = (&Item, &Signature)> {
        self.items.iter().filter_map(|i| match &i.kind {
            ItemKind::Function(sig) => Some((i, sig)),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, kind: ItemKind) -> Item {
        Item {
            name: name.into(),
            loc: Loc {
                header: "t.h".into(),
                line: 1,
            },
            doc: None,
            kind,
        }
    }

    #[test]
    fn resolve_follows_aliases_but_stops_at_callbacks() {
        let api = Api {
            headers: vec!["t.h".into()],
            items: vec![
                item("a_t", ItemKind::Typedef(Type::Prim(Prim::U8))),
                item("b_t", ItemKind::Typedef(Type::Named("a_t".into()))),
                item(
                    "cb_t",
                    ItemKind::Callback {
                        sig: Signature {
                            ret: Type::Void,
                            params: vec![],
                        },
                        synthesized: false,
                    },
                ),
                item("c_t", ItemKind::Typedef(Type::Named("cb_t".into()))),
            ],
            skipped: vec![],
        };
        assert_eq!(
            api.resolve(&Type::Named("b_t".into())),
            &Type::Prim(Prim::U8)
        );
        assert_eq!(
            api.resolve(&Type::Named("c_t".into())),
            &Type::Named("cb_t".into())
        );
        assert!(api.is_callback("cb_t") && !api.is_callback("a_t"));
        assert_eq!(api.count(|k| matches!(k, ItemKind::Typedef(_))), 3);
    }

    #[test]
    fn integer_layouts() {
        assert_eq!(Prim::U32.int_layout(), Some((32, true)));
        assert_eq!(Prim::I8.int_layout(), Some((8, false)));
        assert_eq!(Prim::Double.int_layout(), None);
    }
}
