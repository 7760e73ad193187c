//! The C11 rules for declaration specifiers: what a specifier list says, independently of
//! what has been declared so far.
//!
//! Kept apart from the walk in [`super`] because these are fixed rules of the language (which
//! keyword combinations spell which builtin type, which storage classes and attributes a
//! binding can honour), testable and readable without any lowering state.

use lang_c::ast::*;
use lang_c::span::Node;

use crate::error::Result;
use crate::model::{Prim, Type};

use super::Ctx;

/// The parts of a specifier list that matter, from either kind of list lang-c produces.
#[derive(Default)]
pub(super) struct Specs<'a> {
    pub(super) types: Vec<&'a Node<TypeSpecifier>>,
    pub(super) is_const: bool,
    pub(super) typedef: bool,
    pub(super) is_static: bool,
    pub(super) inline: bool,
    pub(super) problems: Vec<String>,
}

impl<'a> Specs<'a> {
    pub(super) fn from_decl(specs: &'a [Node<DeclarationSpecifier>]) -> Self {
        let mut s = Specs::default();
        for spec in specs {
            match &spec.node {
                DeclarationSpecifier::StorageClass(sc) => match sc.node {
                    StorageClassSpecifier::Typedef => s.typedef = true,
                    StorageClassSpecifier::Static => s.is_static = true,
                    StorageClassSpecifier::Extern => {}
                    StorageClassSpecifier::ThreadLocal => s.problems.push("_Thread_local".into()),
                    StorageClassSpecifier::Auto | StorageClassSpecifier::Register => {
                        s.problems.push("auto/register storage".into())
                    }
                },
                DeclarationSpecifier::TypeSpecifier(t) => s.types.push(t),
                DeclarationSpecifier::TypeQualifier(q) => s.qualifier(&q.node),
                DeclarationSpecifier::Function(f) => {
                    if f.node == FunctionSpecifier::Inline {
                        s.inline = true;
                    }
                }
                DeclarationSpecifier::Alignment(_) => s.problems.push("_Alignas".into()),
                DeclarationSpecifier::Extension(ext) => s.extensions(ext),
            }
        }
        s
    }

    pub(super) fn from_sq(specs: &'a [Node<SpecifierQualifier>]) -> Self {
        let mut s = Specs::default();
        for spec in specs {
            match &spec.node {
                SpecifierQualifier::TypeSpecifier(t) => s.types.push(t),
                SpecifierQualifier::TypeQualifier(q) => s.qualifier(&q.node),
                SpecifierQualifier::Extension(ext) => s.extensions(ext),
            }
        }
        s
    }

    fn qualifier(&mut self, q: &TypeQualifier) {
        match q {
            TypeQualifier::Const => self.is_const = true,
            TypeQualifier::Atomic => self.problems.push("_Atomic".into()),
            _ => {}
        }
    }

    fn extensions(&mut self, ext: &[Node<Extension>]) {
        if let Some(p) = abi_attribute(ext) {
            self.problems.push(p);
        }
    }
}

/// The first attribute in `ext` that changes layout or linkage (and so cannot be ignored), or
/// an asm label (which renames the symbol).
pub(super) fn abi_attribute(ext: &[Node<Extension>]) -> Option<String> {
    for e in ext {
        match &e.node {
            Extension::Attribute(a) => {
                let name = a.name.node.trim_matches('_');
                if matches!(
                    name,
                    "packed" | "aligned" | "vector_size" | "mode" | "ms_struct"
                ) {
                    return Some(format!("__attribute__(({}))", a.name.node));
                }
            }
            Extension::AsmLabel(_) => return Some("an asm label (renamed symbol)".into()),
            Extension::AvailabilityAttribute(_) => {}
        }
    }
    None
}

/// Well-known typedef names of the C library, kept as the fixed-width ctypes they stand for.
pub(super) fn std_typedef(name: &str) -> Option<Prim> {
    Some(match name {
        "int8_t" => Prim::I8,
        "uint8_t" => Prim::U8,
        "int16_t" => Prim::I16,
        "uint16_t" => Prim::U16,
        "int32_t" => Prim::I32,
        "uint32_t" => Prim::U32,
        "int64_t" => Prim::I64,
        "uint64_t" => Prim::U64,
        "size_t" | "uintptr_t" => Prim::Size,
        "ssize_t" | "intptr_t" | "ptrdiff_t" => Prim::SSize,
        "wchar_t" => Prim::WChar,
        _ => return None,
    })
}

/// Counts of the builtin type keywords of one specifier list.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct PrimCounts {
    pub(super) void: u8,
    pub(super) char: u8,
    pub(super) short: u8,
    pub(super) int: u8,
    pub(super) long: u8,
    pub(super) float: u8,
    pub(super) double: u8,
    pub(super) signed: u8,
    pub(super) unsigned: u8,
    pub(super) bool: u8,
}

impl PrimCounts {
    /// The builtin type these keywords spell (C11 6.7.2p2).
    pub(super) fn prim(&self, ctx: &Ctx) -> Result<Type> {
        let c = self;
        let bad = || ctx.err("invalid combination of type specifiers");
        let sign = (c.signed, c.unsigned);
        if c.signed + c.unsigned > 1 {
            return Err(bad());
        }
        let only = |c: &PrimCounts, keep: PrimCounts| -> bool {
            PrimCounts {
                signed: 0,
                unsigned: 0,
                ..*c
            } == keep
        };
        let p = if only(
            c,
            PrimCounts {
                void: 1,
                ..Default::default()
            },
        ) && sign == (0, 0)
        {
            return Ok(Type::Void);
        } else if only(
            c,
            PrimCounts {
                bool: 1,
                ..Default::default()
            },
        ) && sign == (0, 0)
        {
            Prim::Bool
        } else if only(
            c,
            PrimCounts {
                char: 1,
                ..Default::default()
            },
        ) {
            match sign {
                (1, _) => Prim::SChar,
                (_, 1) => Prim::UChar,
                _ => Prim::Char,
            }
        } else if only(
            c,
            PrimCounts {
                short: 1,
                ..Default::default()
            },
        ) || only(
            c,
            PrimCounts {
                short: 1,
                int: 1,
                ..Default::default()
            },
        ) {
            if c.unsigned == 1 {
                Prim::UShort
            } else {
                Prim::Short
            }
        } else if only(c, PrimCounts::default()) && sign != (0, 0)
            || only(
                c,
                PrimCounts {
                    int: 1,
                    ..Default::default()
                },
            )
        {
            if c.unsigned == 1 {
                Prim::UInt
            } else {
                Prim::Int
            }
        } else if only(
            c,
            PrimCounts {
                long: 1,
                ..Default::default()
            },
        ) || only(
            c,
            PrimCounts {
                long: 1,
                int: 1,
                ..Default::default()
            },
        ) {
            if c.unsigned == 1 {
                Prim::ULong
            } else {
                Prim::Long
            }
        } else if only(
            c,
            PrimCounts {
                long: 2,
                ..Default::default()
            },
        ) || only(
            c,
            PrimCounts {
                long: 2,
                int: 1,
                ..Default::default()
            },
        ) {
            if c.unsigned == 1 {
                Prim::ULongLong
            } else {
                Prim::LongLong
            }
        } else if sign == (0, 0)
            && only(
                c,
                PrimCounts {
                    float: 1,
                    ..Default::default()
                },
            )
        {
            Prim::Float
        } else if sign == (0, 0)
            && only(
                c,
                PrimCounts {
                    double: 1,
                    ..Default::default()
                },
            )
        {
            Prim::Double
        } else if sign == (0, 0)
            && only(
                c,
                PrimCounts {
                    long: 1,
                    double: 1,
                    ..Default::default()
                },
            )
        {
            Prim::LongDouble
        } else {
            return Err(bad());
        };
        Ok(Type::Prim(p))
    }
}

/// The tag of the struct/union/enum a declaration without declarators declares, for messages.
pub(super) fn tag_name(specs: &[Node<DeclarationSpecifier>]) -> String {
    for s in specs {
        if let DeclarationSpecifier::TypeSpecifier(t) = &s.node {
            match &t.node {
                TypeSpecifier::Struct(st) => {
                    if let Some(id) = &st.node.identifier {
                        return id.node.name.clone();
                    }
                }
                TypeSpecifier::Enum(et) => {
                    if let Some(id) = &et.node.identifier {
                        return id.node.name.clone();
                    }
                }
                _ => {}
            }
        }
    }
    "<anonymous>".into()
}
