//! Stage 3: lang-c's syntax tree → the typed model ([`crate::model::Api`]).
//!
//! Walks the translation unit once, in order.  Declarations located in a named header become
//! items; declarations from any other file (system headers) are only remembered, so that a
//! typedef such as `__uint32_t` or a tag such as `struct timespec` can be recognised when a named
//! header uses it.  Every construct that cannot be expressed with ctypes is an [`Error`] naming
//! the declaration and its line; nothing is dropped silently except what has no binding by
//! nature (`_Static_assert`, attributes that do not change the ABI).

use std::collections::HashMap;

use lang_c::ast::*;
use lang_c::span::Node;

use crate::comments::HeaderText;
use crate::error::{Error, Result};
use crate::model::{
    Api, Constant as ConstItem, Enum, Field, Item, ItemKind, Loc, Param, Prim, Record, RecordKind,
    Signature, Skipped, Type,
};
use crate::preprocess::Parsed;

/// Builds the model from a parsed translation unit.
///
/// `names` are the headers' display names and `texts` their raw text (for comments), both in the
/// order of `parsed.headers`.
pub fn lower(parsed: &Parsed, names: &[String], texts: &[HeaderText]) -> Result<Api> {
    let mut l = Lowerer {
        parsed,
        names,
        texts,
        entries: Vec::new(),
        records: HashMap::new(),
        typedefs: HashMap::new(),
        ext_typedefs: HashMap::new(),
        ext_tags: HashMap::new(),
        enums: HashMap::new(),
        consts: HashMap::new(),
        functions: HashMap::new(),
        skipped: Vec::new(),
    };
    for ext in &parsed.unit.0 {
        match &ext.node {
            ExternalDeclaration::Declaration(d) => match l.header_of(d.span.start) {
                Some(h) => l.declaration(d, h)?,
                None => l.remember_external(d),
            },
            ExternalDeclaration::FunctionDefinition(f) => {
                if let Some(h) = l.header_of(f.span.start) {
                    l.function_definition(f, h)?;
                }
            }
            // Compile-time checks: nothing to bind.
            ExternalDeclaration::StaticAssert(_) => {}
        }
    }
    l.finish()
}

/// An item with its position in the preprocessed text, for the final ordering.
struct Entry {
    /// (offset where the item is complete, creation sequence).
    key: (usize, usize),
    item: Item,
}

/// How authoritative a record's current location and comment are (see [`Lowerer::record`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mention {
    /// Named in passing (a parameter, a field, a return type).
    Implicit,
    /// `struct X;`
    Forward,
    /// `typedef struct X X;`
    Typedef,
    /// `struct X { ... }`
    Definition,
}

/// What is known about a record while lowering.
struct RecordState {
    entry: usize,
    mention: Mention,
}

/// A C type while a declarator is being applied; reduced to a [`Type`] by
/// [`Lowerer::value_type`].
#[derive(Debug, Clone)]
enum Ty {
    Val(Type),
    Func(Box<Signature>),
    FnPtr(Box<Signature>),
    /// Element, length (`None` for `[]`), and whether the element type is const-qualified.
    Array(Box<Ty>, Option<u64>, bool),
}

/// The declaration being lowered: for locations, messages and ordering.
#[derive(Clone)]
struct Ctx {
    loc: Loc,
    header: usize,
    name: String,
    start: usize,
    end: usize,
}

impl Ctx {
    fn err(&self, why: impl std::fmt::Display) -> Error {
        Error::at(
            &self.loc,
            format!("cannot translate `{}`: {why}", self.name),
        )
    }
}

/// An integer constant with its C type (after promotion), for constant expressions.
#[derive(Debug, Clone, Copy)]
struct IntVal {
    v: i128,
    bits: u32,
    unsigned: bool,
}

impl IntVal {
    fn int(v: i128) -> IntVal {
        IntVal {
            v,
            bits: 32,
            unsigned: false,
        }
    }

    fn wrapped(v: i128, bits: u32, unsigned: bool) -> IntVal {
        IntVal {
            v: wrap(v, bits, unsigned),
            bits,
            unsigned,
        }
    }
}

/// Converts `v` to an integer type of `bits` width the way a C conversion does (modulo 2^bits).
fn wrap(v: i128, bits: u32, unsigned: bool) -> i128 {
    let m = 1i128 << bits;
    let r = v.rem_euclid(m);
    if !unsigned && r >= m / 2 {
        r - m
    } else {
        r
    }
}

/// The parts of a specifier list that matter, from either kind of list lang-c produces.
#[derive(Default)]
struct Specs<'a> {
    types: Vec<&'a Node<TypeSpecifier>>,
    is_const: bool,
    typedef: bool,
    is_static: bool,
    inline: bool,
    problems: Vec<String>,
}

impl<'a> Specs<'a> {
    fn from_decl(specs: &'a [Node<DeclarationSpecifier>]) -> Self {
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

    fn from_sq(specs: &'a [Node<SpecifierQualifier>]) -> Self {
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
fn abi_attribute(ext: &[Node<Extension>]) -> Option<String> {
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
fn std_typedef(name: &str) -> Option<Prim> {
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

struct Lowerer<'a> {
    parsed: &'a Parsed,
    names: &'a [String],
    texts: &'a [HeaderText],
    entries: Vec<Entry>,
    /// Record name → state.
    records: HashMap<String, RecordState>,
    /// Typedef names of the named headers → the type a use of the name stands for.
    typedefs: HashMap<String, Type>,
    /// Typedefs of other files: the declaration and the index of the declarator.
    ext_typedefs: HashMap<String, (&'a Node<Declaration>, usize)>,
    /// Tags declared in other files → that file.
    ext_tags: HashMap<String, String>,
    /// Enum tag → representation.
    enums: HashMap<String, Prim>,
    /// Integer constants usable in constant expressions (enum constants, `static const`s).
    consts: HashMap<String, IntVal>,
    /// Function name → entry, to accept identical redeclarations.
    functions: HashMap<String, usize>,
    skipped: Vec<Skipped>,
}

impl<'a> Lowerer<'a> {
    fn header_of(&self, offset: usize) -> Option<usize> {
        self.parsed.lines.header_of(offset, &self.parsed.headers)
    }

    fn loc(&self, offset: usize, header: usize) -> Loc {
        let line = self
            .parsed
            .lines
            .origin(offset)
            .map(|o| o.line)
            .unwrap_or(0);
        Loc {
            header: self.names[header].clone(),
            line,
        }
    }

    fn doc(&self, loc: &Loc, header: usize) -> Option<String> {
        self.texts[header].doc_above(loc.line)
    }

    fn push(&mut self, end: usize, item: Item) -> usize {
        let seq = self.entries.len();
        self.entries.push(Entry {
            key: (end, seq),
            item,
        });
        seq
    }

    /// A declaration from a file that is not a named header: remember typedefs and tags only.
    fn remember_external(&mut self, d: &'a Node<Declaration>) {
        let file = self
            .parsed
            .lines
            .origin(d.span.start)
            .map(|o| o.file.to_owned())
            .unwrap_or_default();
        let mut typedef = false;
        for spec in &d.node.specifiers {
            match &spec.node {
                DeclarationSpecifier::StorageClass(sc)
                    if sc.node == StorageClassSpecifier::Typedef =>
                {
                    typedef = true
                }
                DeclarationSpecifier::TypeSpecifier(t) => {
                    let tag = match &t.node {
                        TypeSpecifier::Struct(st) => st.node.identifier.as_ref(),
                        TypeSpecifier::Enum(et) => et.node.identifier.as_ref(),
                        _ => None,
                    };
                    if let Some(tag) = tag {
                        self.ext_tags
                            .entry(tag.node.name.clone())
                            .or_insert_with(|| file.clone());
                    }
                }
                _ => {}
            }
        }
        if typedef {
            for (i, init) in d.node.declarators.iter().enumerate() {
                if let Some(name) = declarator_name(&init.node.declarator.node) {
                    self.ext_typedefs.insert(name, (d, i));
                }
            }
        }
    }

    /// A top-level declaration in a named header.
    fn declaration(&mut self, d: &'a Node<Declaration>, header: usize) -> Result<()> {
        let loc = self.loc(d.span.start, header);
        let first = d
            .node
            .declarators
            .first()
            .and_then(|i| declarator_name(&i.node.declarator.node));
        let mut ctx = Ctx {
            loc,
            header,
            name: first
                .clone()
                .unwrap_or_else(|| tag_name(&d.node.specifiers)),
            start: d.span.start,
            end: d.span.end,
        };
        let specs = Specs::from_decl(&d.node.specifiers);
        if let Some(p) = specs.problems.first() {
            return Err(ctx.err(format!("{p} is not supported")));
        }
        if d.node.declarators.is_empty() {
            // `struct X;`, `struct X {...};`, `enum E {...};`
            self.base_type(&specs, None, Mention::Forward, &ctx)?;
            return Ok(());
        }
        let mention = if specs.typedef {
            Mention::Typedef
        } else {
            Mention::Implicit
        };
        let base = self.base_type(&specs, first.as_deref(), mention, &ctx)?;
        for init in &d.node.declarators {
            let decl = &init.node.declarator;
            let name =
                declarator_name(&decl.node).ok_or_else(|| ctx.err("declarator without a name"))?;
            ctx.name = name.clone();
            if let Some(p) = abi_attribute(&decl.node.extensions) {
                return Err(ctx.err(format!("{p} is not supported")));
            }
            let ty = self.declarator(Ty::Val(base.clone()), specs.is_const, &decl.node, &ctx)?;
            if specs.typedef {
                self.typedef(name, ty, &ctx)?;
                continue;
            }
            match ty {
                Ty::Func(sig) => {
                    if specs.inline {
                        self.skip(name, &ctx);
                    } else if specs.is_static {
                        return Err(ctx.err("a `static` function is not a library symbol"));
                    } else {
                        self.function(name, *sig, &ctx)?;
                    }
                }
                other => {
                    let init = init.node.initializer.as_ref();
                    match (specs.is_static && specs.is_const, init) {
                        (true, Some(init)) => self.constant(name, other, init, &ctx)?,
                        _ => {
                            return Err(ctx.err(
                                "a variable (only `static const` integer constants are supported)",
                            ))
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// A function definition in a named header: a `static inline` helper is listed as skipped.
    fn function_definition(
        &mut self,
        f: &'a Node<FunctionDefinition>,
        header: usize,
    ) -> Result<()> {
        let ctx = Ctx {
            loc: self.loc(f.span.start, header),
            header,
            name: declarator_name(&f.node.declarator.node).unwrap_or_default(),
            start: f.span.start,
            end: f.span.end,
        };
        let specs = Specs::from_decl(&f.node.specifiers);
        if let Some(p) = specs.problems.first() {
            return Err(ctx.err(format!("{p} is not supported")));
        }
        if !specs.inline {
            return Err(ctx.err(
                "a function body in a header that is not `static inline` (not a library symbol)",
            ));
        }
        let name = ctx.name.clone();
        self.skip(name, &ctx);
        Ok(())
    }

    fn skip(&mut self, name: String, ctx: &Ctx) {
        if !self.skipped.iter().any(|s| s.name == name) {
            self.skipped.push(Skipped {
                name,
                loc: ctx.loc.clone(),
            });
        }
    }

    fn function(&mut self, name: String, sig: Signature, ctx: &Ctx) -> Result<()> {
        for t in std::iter::once(&sig.ret).chain(sig.params.iter().map(|p| &p.ty)) {
            if let Some(u) = self.union_by_value(t) {
                return Err(ctx.err(format!(
                    "union `{u}` passed by value (ctypes cannot pass unions by value)"
                )));
            }
        }
        if let Some(&e) = self.functions.get(&name) {
            if self.entries[e].item.kind == ItemKind::Function(sig) {
                return Ok(());
            }
            return Err(ctx.err("redeclared with a different signature"));
        }
        let item = Item {
            doc: self.doc(&ctx.loc, ctx.header),
            name: name.clone(),
            loc: ctx.loc.clone(),
            kind: ItemKind::Function(sig),
        };
        let e = self.push(ctx.end, item);
        self.functions.insert(name, e);
        Ok(())
    }

    /// The name of the union `t` is (through typedefs), if it is one.
    fn union_by_value(&self, t: &Type) -> Option<String> {
        let mut t = t.clone();
        loop {
            match t {
                Type::Named(n) => match self.entry_by_name(&n).map(|e| &e.item.kind) {
                    Some(ItemKind::Typedef(inner)) => t = inner.clone(),
                    _ => return None,
                },
                Type::Record(n) => {
                    let e = self.records.get(&n)?.entry;
                    return match &self.entries[e].item.kind {
                        ItemKind::Record(Record {
                            kind: RecordKind::Union,
                            ..
                        }) => Some(n),
                        _ => None,
                    };
                }
                _ => return None,
            }
        }
    }

    fn entry_by_name(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.item.name == name)
    }

    fn typedef(&mut self, name: String, ty: Ty, ctx: &Ctx) -> Result<()> {
        let (stands_for, item) = match ty {
            Ty::FnPtr(sig) => {
                if let Some(why) = callback_problem(&sig.ret, |t| self.union_by_value(t)) {
                    return Err(ctx.err(why));
                }
                (
                    Type::Named(name.clone()),
                    Some(ItemKind::Callback {
                        sig: *sig,
                        synthesized: false,
                    }),
                )
            }
            Ty::Func(_) => {
                return Err(ctx
                    .err("a typedef of a function type (not a function pointer) is not supported"))
            }
            other => {
                let t = self.value_type(other, ctx)?;
                // `typedef struct X {..} X;` and `typedef enum X {..} X;` (cbindgen's style):
                // the tag already is the Python name, so the alias adds nothing.
                let same_tag = match &t {
                    Type::Record(tag) | Type::Enum { name: tag, .. } => *tag == name,
                    _ => false,
                };
                if same_tag {
                    (t, None)
                } else {
                    (Type::Named(name.clone()), Some(ItemKind::Typedef(t)))
                }
            }
        };
        if let Some(prev) = self.typedefs.get(&name) {
            let same = match (&item, self.entry_by_name(&name)) {
                (Some(k), Some(e)) => &e.item.kind == k,
                (None, _) => *prev == stands_for,
                _ => false,
            };
            if same {
                return Ok(());
            }
            return Err(ctx.err("typedef redefined as a different type"));
        }
        self.typedefs.insert(name.clone(), stands_for);
        if let Some(kind) = item {
            let item = Item {
                doc: self.doc(&ctx.loc, ctx.header),
                name,
                loc: ctx.loc.clone(),
                kind,
            };
            self.push(ctx.end, item);
        }
        Ok(())
    }

    fn constant(
        &mut self,
        name: String,
        ty: Ty,
        init: &'a Node<Initializer>,
        ctx: &Ctx,
    ) -> Result<()> {
        let ty = self.value_type(ty, ctx)?;
        let layout = match self.resolve_scalar(&ty) {
            Some(Type::Prim(p)) => p.int_layout(),
            Some(Type::Enum { repr, .. }) => repr.int_layout(),
            _ => None,
        };
        let Some((bits, unsigned)) = layout else {
            return Err(ctx.err("a `static const` that is not of an integer type"));
        };
        let Initializer::Expression(expr) = &init.node else {
            return Err(ctx.err("a `static const` with a braced initializer"));
        };
        let hex = matches!(&expr.node, Expression::Constant(c)
            if matches!(&c.node, Constant::Integer(i) if i.base == IntegerBase::Hexadecimal));
        let v = self.eval(expr, ctx)?;
        let v = IntVal::wrapped(v.v, bits, unsigned);
        self.consts.insert(name.clone(), v);
        let item = Item {
            doc: self.doc(&ctx.loc, ctx.header),
            name,
            loc: ctx.loc.clone(),
            kind: ItemKind::Constant(ConstItem {
                ty,
                value: v.v,
                hex,
            }),
        };
        self.push(ctx.end, item);
        Ok(())
    }

    /// `ty` through typedef aliases of the model.
    fn resolve_scalar(&self, ty: &Type) -> Option<Type> {
        let mut t = ty.clone();
        for _ in 0..64 {
            match t {
                Type::Named(n) => match self.entry_by_name(&n).map(|e| &e.item.kind) {
                    Some(ItemKind::Typedef(inner)) => t = inner.clone(),
                    _ => return Some(Type::Named(n)),
                },
                other => return Some(other),
            }
        }
        None
    }

    /// The type named by a specifier list; registers records and enums it defines.
    ///
    /// `hint` names an anonymous record (the typedef or outer field it belongs to).
    fn base_type(
        &mut self,
        specs: &Specs<'a>,
        hint: Option<&str>,
        mention: Mention,
        ctx: &Ctx,
    ) -> Result<Type> {
        let mut counts = PrimCounts::default();
        let mut named = None;
        for &t in &specs.types {
            match &t.node {
                TypeSpecifier::Void => counts.void += 1,
                TypeSpecifier::Char => counts.char += 1,
                TypeSpecifier::Short => counts.short += 1,
                TypeSpecifier::Int => counts.int += 1,
                TypeSpecifier::Long => counts.long += 1,
                TypeSpecifier::Float => counts.float += 1,
                TypeSpecifier::Double => counts.double += 1,
                TypeSpecifier::Signed => counts.signed += 1,
                TypeSpecifier::Unsigned => counts.unsigned += 1,
                TypeSpecifier::Bool => counts.bool += 1,
                TypeSpecifier::Complex => return Err(ctx.err("_Complex is not supported")),
                TypeSpecifier::Atomic(_) => return Err(ctx.err("_Atomic is not supported")),
                TypeSpecifier::TypeOf(_) => return Err(ctx.err("typeof is not supported")),
                TypeSpecifier::TS18661Float(_) => {
                    return Err(ctx.err("_FloatN/_DecimalN types are not supported"))
                }
                TypeSpecifier::Struct(st) => {
                    named = Some(self.record(st, hint, mention, ctx)?);
                }
                TypeSpecifier::Enum(et) => named = Some(self.enumeration(et, ctx)?),
                TypeSpecifier::TypedefName(id) => {
                    named = Some(self.typedef_name(&id.node.name, ctx)?)
                }
            }
        }
        match named {
            Some(t) if counts == PrimCounts::default() => Ok(t),
            Some(_) => Err(ctx.err("invalid combination of type specifiers")),
            None => counts.prim(ctx),
        }
    }

    /// What a typedef name used in a named header stands for.
    fn typedef_name(&mut self, name: &str, ctx: &Ctx) -> Result<Type> {
        if let Some(t) = self.typedefs.get(name) {
            return Ok(t.clone());
        }
        if let Some(p) = std_typedef(name) {
            return Ok(Type::Prim(p));
        }
        let Some(&(decl, i)) = self.ext_typedefs.get(name) else {
            return Err(ctx.err(format!("unknown type name `{name}`")));
        };
        // A typedef of a system header: usable when it comes down to a scalar or pointer.
        let file = self
            .parsed
            .lines
            .origin(decl.span.start)
            .map(|o| o.file.to_owned())
            .unwrap_or_default();
        let fail = || {
            ctx.err(format!(
                "type `{name}` is declared in {file}, which is not a named header, and is not a \
                 scalar type (name that header too)"
            ))
        };
        let specs = Specs::from_decl(&decl.node.specifiers);
        let only_simple = specs.types.iter().all(|t| {
            !matches!(
                t.node,
                TypeSpecifier::Struct(_) | TypeSpecifier::Enum(_) | TypeSpecifier::TypeOf(_)
            )
        });
        if !only_simple || !specs.problems.is_empty() {
            return Err(fail());
        }
        let base = self.base_type(&specs, None, Mention::Implicit, ctx)?;
        let declarator = &decl.node.declarators[i].node.declarator.node;
        let ty = self.declarator(Ty::Val(base), specs.is_const, declarator, ctx)?;
        match ty {
            Ty::Val(t @ (Type::Prim(_) | Type::Pointer { .. })) => Ok(t),
            _ => Err(fail()),
        }
    }

    /// Registers (or finds) the record of a struct/union specifier and returns its type.
    fn record(
        &mut self,
        st: &'a Node<StructType>,
        hint: Option<&str>,
        mention: Mention,
        ctx: &Ctx,
    ) -> Result<Type> {
        let kind = match st.node.kind.node {
            StructKind::Struct => RecordKind::Struct,
            StructKind::Union => RecordKind::Union,
        };
        let word = match kind {
            RecordKind::Struct => "struct",
            RecordKind::Union => "union",
        };
        let name = match (&st.node.identifier, hint) {
            (Some(id), _) => id.node.name.clone(),
            (None, Some(h)) => h.to_owned(),
            (None, None) => {
                return Err(ctx.err(format!("an anonymous {word} with no name to give it")))
            }
        };
        let defines = st.node.declarations.is_some();
        let mention = if defines {
            Mention::Definition
        } else {
            mention
        };
        let loc = self.loc(st.span.start, ctx.header);
        match self.records.get(&name) {
            None => {
                if let Some(file) = self.ext_tags.get(&name) {
                    return Err(ctx.err(format!(
                        "{word} {name} is declared in {file}, outside the named headers"
                    )));
                }
                let doc = if mention > Mention::Implicit {
                    self.doc(&loc, ctx.header)
                } else {
                    None
                };
                let item = Item {
                    name: name.clone(),
                    loc,
                    doc,
                    kind: ItemKind::Record(Record { kind, fields: None }),
                };
                let end = if defines { st.span.end } else { ctx.end };
                let entry = self.push(end, item);
                self.records
                    .insert(name.clone(), RecordState { entry, mention });
            }
            Some(state) => {
                let entry = state.entry;
                let ItemKind::Record(r) = &self.entries[entry].item.kind else {
                    unreachable!("records map only holds records")
                };
                if r.kind != kind {
                    return Err(ctx.err(format!("`{name}` declared as both struct and union")));
                }
                if defines && r.fields.is_some() {
                    return Err(ctx.err(format!("{word} {name} defined twice")));
                }
                if mention > state.mention {
                    let doc = self.doc(&loc, ctx.header);
                    let e = &mut self.entries[entry];
                    e.item.loc = loc;
                    e.item.doc = doc;
                    if defines {
                        e.key.0 = st.span.end;
                    }
                    self.records.get_mut(&name).expect("present").mention = mention;
                }
            }
        }
        if let Some(decls) = &st.node.declarations {
            let inner = Ctx {
                name: name.clone(),
                ..ctx.clone()
            };
            let fields = self.fields(&name, decls, &inner)?;
            let entry = self.records[&name].entry;
            if let ItemKind::Record(r) = &mut self.entries[entry].item.kind {
                r.fields = Some(fields);
            }
        }
        Ok(Type::Record(name))
    }

    fn fields(
        &mut self,
        parent: &str,
        decls: &'a [Node<StructDeclaration>],
        ctx: &Ctx,
    ) -> Result<Vec<Field>> {
        let mut fields = Vec::new();
        for sd in decls {
            let StructDeclaration::Field(f) = &sd.node else {
                continue; // _Static_assert inside a struct: nothing to bind
            };
            let specs = Specs::from_sq(&f.node.specifiers);
            if let Some(p) = specs.problems.first() {
                return Err(ctx.err(format!("{p} is not supported")));
            }
            let first = f
                .node
                .declarators
                .first()
                .and_then(|d| d.node.declarator.as_ref())
                .and_then(|d| declarator_name(&d.node));
            let Some(first) = first else {
                return Err(ctx.err(
                    "an anonymous struct/union member or unnamed bit-field is not supported",
                ));
            };
            let hint = format!("{parent}_{first}");
            let base = self.base_type(&specs, Some(&hint), Mention::Implicit, ctx)?;
            for sdecl in &f.node.declarators {
                let decl = sdecl
                    .node
                    .declarator
                    .as_ref()
                    .ok_or_else(|| ctx.err("an unnamed bit-field is not supported"))?;
                let fname = declarator_name(&decl.node).unwrap_or_default();
                if sdecl.node.bit_width.is_some() {
                    return Err(ctx.err(format!("bit-field `{fname}` is not supported")));
                }
                if let Some(p) = abi_attribute(&decl.node.extensions) {
                    return Err(ctx.err(format!("{p} on field `{fname}` is not supported")));
                }
                let ty = self.declarator(Ty::Val(base.clone()), specs.is_const, &decl.node, ctx)?;
                let ty = match ty {
                    Ty::Array(_, None, _) => {
                        return Err(
                            ctx.err(format!("flexible array member `{fname}` is not supported"))
                        )
                    }
                    Ty::Func(_) => {
                        return Err(ctx.err(format!("field `{fname}` has a function type")))
                    }
                    other => self.value_type(other, ctx)?,
                };
                if ty == Type::Void {
                    return Err(ctx.err(format!("field `{fname}` has type void")));
                }
                fields.push(Field { name: fname, ty });
            }
        }
        Ok(fields)
    }

    fn enumeration(&mut self, et: &'a Node<EnumType>, ctx: &Ctx) -> Result<Type> {
        let tag = et.node.identifier.as_ref().map(|i| i.node.name.clone());
        if et.node.enumerators.is_empty() {
            let tag = tag.unwrap_or_default();
            return match self.enums.get(&tag) {
                Some(&repr) => Ok(Type::Enum { name: tag, repr }),
                None => match self.ext_tags.get(&tag) {
                    Some(file) => Err(ctx.err(format!(
                        "enum {tag} is declared in {file}, outside the named headers"
                    ))),
                    None => Err(ctx.err(format!("enum {tag} is used before it is defined"))),
                },
            };
        }
        if let Some(t) = &tag {
            if self.enums.contains_key(t) {
                return Err(ctx.err(format!("enum {t} defined twice")));
            }
        }
        let mut constants = Vec::new();
        let mut next = 0i128;
        for e in &et.node.enumerators {
            let name = e.node.identifier.node.name.clone();
            let v = match &e.node.expression {
                Some(expr) => {
                    let ectx = Ctx {
                        name: name.clone(),
                        ..ctx.clone()
                    };
                    self.eval(expr, &ectx)?.v
                }
                None => next,
            };
            if v < i128::from(i32::MIN) || v > i128::from(u32::MAX) {
                return Err(ctx.err(format!(
                    "enum constant `{name}` = {v} does not fit in 32 bits"
                )));
            }
            self.consts.insert(name.clone(), IntVal::int(v));
            constants.push((name, v as i64));
            next = v + 1;
        }
        let negative = constants.iter().any(|(_, v)| *v < 0);
        let repr = if negative { Prim::Int } else { Prim::UInt };
        if negative && constants.iter().any(|(_, v)| *v > i64::from(i32::MAX)) {
            return Err(ctx.err("enum values do not fit in one 32-bit type"));
        }
        let loc = self.loc(et.span.start, ctx.header);
        let name = tag
            .clone()
            .unwrap_or_else(|| format!("<anonymous enum at {}:{}>", loc.header, loc.line));
        if let Some(t) = &tag {
            self.enums.insert(t.clone(), repr);
        }
        let item = Item {
            doc: self.doc(&loc, ctx.header),
            name: name.clone(),
            loc,
            kind: ItemKind::Enum(Enum {
                named: tag.is_some(),
                repr,
                constants,
            }),
        };
        self.push(et.span.end, item);
        Ok(Type::Enum { name, repr })
    }

    /// Applies a declarator's pointer/array/function parts to `ty` (C reads them inside out).
    ///
    /// `is_const` tells whether `ty` itself is const-qualified, for the pointer built on it.
    fn declarator(
        &mut self,
        mut ty: Ty,
        mut is_const: bool,
        d: &'a Declarator,
        ctx: &Ctx,
    ) -> Result<Ty> {
        // lang-c lists a declarator's pointers first, then its `[]`/`()` suffixes as written.
        // Pointers bind to the base type in order (`int *const *p`); suffixes bind from the
        // right (`x[4][3]` is an array of 4 arrays of 3), so they are applied in reverse.
        let split = d
            .derived
            .iter()
            .position(|n| {
                !matches!(
                    n.node,
                    DerivedDeclarator::Pointer(_) | DerivedDeclarator::Block(_)
                )
            })
            .unwrap_or(d.derived.len());
        let (pointers, suffixes) = d.derived.split_at(split);
        for derived in pointers.iter().chain(suffixes.iter().rev()) {
            match &derived.node {
                DerivedDeclarator::Pointer(quals) => {
                    ty = match ty {
                        Ty::Func(sig) => Ty::FnPtr(sig),
                        other => {
                            let pointee = self.value_type(other, ctx)?;
                            Ty::Val(Type::Pointer {
                                pointee: Box::new(pointee),
                                is_const,
                            })
                        }
                    };
                    is_const = false;
                    for q in quals {
                        match &q.node {
                            PointerQualifier::TypeQualifier(t) => match t.node {
                                TypeQualifier::Const => is_const = true,
                                TypeQualifier::Atomic => {
                                    return Err(ctx.err("_Atomic is not supported"))
                                }
                                _ => {}
                            },
                            PointerQualifier::Extension(ext) => {
                                if let Some(p) = abi_attribute(ext) {
                                    return Err(ctx.err(format!("{p} is not supported")));
                                }
                            }
                        }
                    }
                }
                DerivedDeclarator::Array(a) => {
                    let len = match &a.node.size {
                        ArraySize::Unknown => None,
                        ArraySize::VariableExpression(e) | ArraySize::StaticExpression(e) => {
                            let n = self.eval(e, ctx)?.v;
                            let n =
                                u64::try_from(n).map_err(|_| ctx.err(format!("array size {n}")))?;
                            Some(n)
                        }
                        ArraySize::VariableUnknown => {
                            return Err(ctx.err("a variable-length array is not supported"))
                        }
                    };
                    ty = Ty::Array(Box::new(ty), len, is_const);
                }
                DerivedDeclarator::Function(f) => {
                    let ret = self.value_type(ty, ctx)?;
                    let sig = self.signature(ret, &f.node, ctx)?;
                    ty = Ty::Func(Box::new(sig));
                    is_const = false;
                }
                DerivedDeclarator::KRFunction(ids) => {
                    return Err(ctx.err(if ids.is_empty() {
                        "`()` declares no prototype; write `(void)`".to_owned()
                    } else {
                        "a K&R-style function declaration is not supported".to_owned()
                    }))
                }
                DerivedDeclarator::Block(_) => {
                    return Err(ctx.err("a block pointer is not supported"))
                }
            }
        }
        match &d.kind.node {
            DeclaratorKind::Declarator(inner) => self.declarator(ty, is_const, &inner.node, ctx),
            _ => Ok(ty),
        }
    }

    fn signature(&mut self, ret: Type, f: &'a FunctionDeclarator, ctx: &Ctx) -> Result<Signature> {
        if f.ellipsis == Ellipsis::Some {
            return Err(ctx.err("a variadic function (`...`) is not supported"));
        }
        let mut params = Vec::new();
        for p in &f.parameters {
            let specs = Specs::from_decl(&p.node.specifiers);
            if let Some(pr) = specs.problems.first() {
                return Err(ctx.err(format!("{pr} is not supported")));
            }
            let base = self.base_type(&specs, None, Mention::Implicit, ctx)?;
            let (name, ty) = match &p.node.declarator {
                Some(d) => (
                    declarator_name(&d.node),
                    self.declarator(Ty::Val(base), specs.is_const, &d.node, ctx)?,
                ),
                None => (None, Ty::Val(base)),
            };
            // Parameter adjustments (C11 6.7.6.3): arrays and functions become pointers.
            let ty = match ty {
                Ty::Array(elem, _, elem_const) => {
                    let elem = self.value_type(*elem, ctx)?;
                    Type::Pointer {
                        pointee: Box::new(elem),
                        is_const: elem_const,
                    }
                }
                Ty::Func(sig) => self.value_type(Ty::FnPtr(sig), ctx)?,
                other => self.value_type(other, ctx)?,
            };
            params.push(Param { name, ty });
        }
        if params.len() == 1 && params[0].ty == Type::Void && params[0].name.is_none() {
            params.clear();
        }
        if params.iter().any(|p| p.ty == Type::Void) {
            return Err(ctx.err("a parameter of type void"));
        }
        Ok(Signature { ret, params })
    }

    /// Reduces a declarator result to a value type, naming inline function pointers.
    fn value_type(&mut self, ty: Ty, ctx: &Ctx) -> Result<Type> {
        match ty {
            Ty::Val(t) => Ok(t),
            Ty::FnPtr(sig) => self.callback_for(*sig, ctx),
            Ty::Array(elem, Some(len), _) => {
                let elem = self.value_type(*elem, ctx)?;
                Ok(Type::Array {
                    elem: Box::new(elem),
                    len,
                })
            }
            Ty::Array(_, None, _) => Err(ctx.err("an array of unknown size is not supported here")),
            Ty::Func(_) => Err(ctx.err("a function type used as a value type")),
        }
    }

    /// The synthesized callback type for a function pointer written inline.
    ///
    /// Named after its signature (`fnptr_<result>__<param>__<param>`), with parameter names
    /// dropped, so every `void (*)(void*)` finalizer of the header shares one ctypes type.
    fn callback_for(&mut self, mut sig: Signature, ctx: &Ctx) -> Result<Type> {
        for p in &mut sig.params {
            p.name = None;
        }
        if let Some(why) = callback_problem(&sig.ret, |t| self.union_by_value(t)) {
            return Err(ctx.err(why));
        }
        let mut name = format!("fnptr_{}", mangle(&sig.ret));
        if sig.params.is_empty() {
            name.push_str("__void");
        }
        for p in &sig.params {
            name.push('_');
            name.push('_');
            name.push_str(&mangle(&p.ty));
        }
        let kind = ItemKind::Callback {
            sig,
            synthesized: true,
        };
        match self.entry_by_name(&name) {
            Some(e) if e.item.kind == kind => {}
            Some(_) => return Err(ctx.err(format!("synthesized name `{name}` is already taken"))),
            None => {
                let item = Item {
                    name: name.clone(),
                    loc: ctx.loc.clone(),
                    doc: None,
                    kind,
                };
                // Placed before the declaration that first uses it.
                self.push(ctx.start, item);
            }
        }
        Ok(Type::Named(name))
    }

    /// Evaluates an integer constant expression (enum values, array sizes, `static const`s).
    fn eval(&mut self, e: &'a Node<Expression>, ctx: &Ctx) -> Result<IntVal> {
        Ok(match &e.node {
            Expression::Constant(c) => match &c.node {
                Constant::Integer(i) => {
                    literal(i).ok_or_else(|| ctx.err("integer literal out of range"))?
                }
                _ => return Err(ctx.err("a non-integer constant in a constant expression")),
            },
            Expression::Identifier(id) => *self.consts.get(&id.node.name).ok_or_else(|| {
                ctx.err(format!(
                    "`{}` is not a known integer constant",
                    id.node.name
                ))
            })?,
            Expression::UnaryOperator(u) => {
                let a = self.eval(&u.node.operand, ctx)?;
                match u.node.operator.node {
                    UnaryOperator::Plus => a,
                    UnaryOperator::Minus => IntVal::wrapped(-a.v, a.bits, a.unsigned),
                    UnaryOperator::Complement => IntVal::wrapped(!a.v, a.bits, a.unsigned),
                    UnaryOperator::Negate => IntVal::int(i128::from(a.v == 0)),
                    _ => return Err(ctx.err("an unsupported operator in a constant expression")),
                }
            }
            Expression::BinaryOperator(b) => {
                let x = self.eval(&b.node.lhs, ctx)?;
                let y = self.eval(&b.node.rhs, ctx)?;
                binary(b.node.operator.node.clone(), x, y).ok_or_else(|| {
                    ctx.err(
                        "an unsupported operator or a division by zero in a constant expression",
                    )
                })?
            }
            Expression::Conditional(c) => {
                if self.eval(&c.node.condition, ctx)?.v != 0 {
                    self.eval(&c.node.then_expression, ctx)?
                } else {
                    self.eval(&c.node.else_expression, ctx)?
                }
            }
            Expression::Cast(c) => {
                let v = self.eval(&c.node.expression, ctx)?;
                let specs = Specs::from_sq(&c.node.type_name.node.specifiers);
                let mut t = Ty::Val(self.base_type(&specs, None, Mention::Implicit, ctx)?);
                if let Some(d) = &c.node.type_name.node.declarator {
                    t = self.declarator(t, specs.is_const, &d.node, ctx)?;
                }
                let t = self.value_type(t, ctx)?;
                let layout = match self.resolve_scalar(&t) {
                    Some(Type::Prim(p)) => p.int_layout(),
                    Some(Type::Enum { repr, .. }) => repr.int_layout(),
                    _ => None,
                };
                let (bits, unsigned) = layout.ok_or_else(|| {
                    ctx.err("a cast to a non-integer type in a constant expression")
                })?;
                let v = IntVal::wrapped(v.v, bits, unsigned);
                if bits < 32 {
                    IntVal::int(v.v) // integer promotion
                } else {
                    v
                }
            }
            _ => {
                return Err(
                    ctx.err("an expression the tool cannot evaluate (only integer arithmetic)")
                )
            }
        })
    }

    /// Orders the entries, checks Python names and returns the model.
    fn finish(self) -> Result<Api> {
        let mut entries = self.entries;
        entries.sort_by_key(|e| e.key);
        let items: Vec<Item> = entries.into_iter().map(|e| e.item).collect();
        check_names(&items)?;
        Ok(Api {
            headers: self.names.to_vec(),
            items,
            skipped: self.skipped,
        })
    }
}

/// Why a callback with this result type cannot be a ctypes CFUNCTYPE, if it cannot.
fn callback_problem(ret: &Type, union_of: impl Fn(&Type) -> Option<String>) -> Option<String> {
    if let Some(u) = union_of(ret) {
        return Some(format!("a callback returning union `{u}` by value"));
    }
    if let Type::Record(r) = ret {
        return Some(format!(
            "a callback returning struct `{r}` by value (ctypes callbacks cannot return structs)"
        ));
    }
    None
}

/// The C type of an integer literal (C11 6.4.4.1), or `None` if it is too large.
fn literal(i: &Integer) -> Option<IntVal> {
    let radix = match i.base {
        IntegerBase::Decimal => 10,
        IntegerBase::Octal => 8,
        IntegerBase::Hexadecimal => 16,
        IntegerBase::Binary => 2,
    };
    let v = u64::from_str_radix(&i.number, radix).ok()?;
    let decimal = i.base == IntegerBase::Decimal;
    let min_bits = match i.suffix.size {
        IntegerSize::Int => 32,
        _ => 64,
    };
    // Candidate types in order: (bits, unsigned).
    let candidates: &[(u32, bool)] = match (decimal, i.suffix.unsigned) {
        (_, true) => &[(32, true), (64, true)],
        (true, false) => &[(32, false), (64, false)],
        (false, false) => &[(32, false), (32, true), (64, false), (64, true)],
    };
    candidates
        .iter()
        .filter(|(bits, _)| *bits >= min_bits)
        .find(|(bits, unsigned)| {
            let max = if *unsigned {
                (1u128 << bits) - 1
            } else {
                (1u128 << (bits - 1)) - 1
            };
            u128::from(v) <= max
        })
        .map(|&(bits, unsigned)| IntVal {
            v: i128::from(v),
            bits,
            unsigned,
        })
}

/// A binary operator under C's usual arithmetic conversions; `None` if unsupported.
fn binary(op: BinaryOperator, x: IntVal, y: IntVal) -> Option<IntVal> {
    use BinaryOperator as B;
    let (bits, unsigned) = if x.bits == y.bits {
        (x.bits, x.unsigned || y.unsigned)
    } else if x.bits > y.bits {
        (x.bits, x.unsigned)
    } else {
        (y.bits, y.unsigned)
    };
    let (a, b) = (wrap(x.v, bits, unsigned), wrap(y.v, bits, unsigned));
    let arith = |v: i128| Some(IntVal::wrapped(v, bits, unsigned));
    let truth = |t: bool| Some(IntVal::int(i128::from(t)));
    match op {
        B::Plus => arith(a + b),
        B::Minus => arith(a - b),
        B::Multiply => arith(a.checked_mul(b)?),
        B::Divide => arith(a.checked_div(b)?),
        B::Modulo => arith(a.checked_rem(b)?),
        B::BitwiseAnd => arith(a & b),
        B::BitwiseOr => arith(a | b),
        B::BitwiseXor => arith(a ^ b),
        B::ShiftLeft | B::ShiftRight => {
            let n = u32::try_from(y.v).ok().filter(|n| *n < x.bits)?;
            let v = if op == B::ShiftLeft {
                x.v << n
            } else {
                x.v >> n
            };
            Some(IntVal::wrapped(v, x.bits, x.unsigned))
        }
        B::Less => truth(a < b),
        B::Greater => truth(a > b),
        B::LessOrEqual => truth(a <= b),
        B::GreaterOrEqual => truth(a >= b),
        B::Equals => truth(a == b),
        B::NotEquals => truth(a != b),
        B::LogicalAnd => truth(a != 0 && b != 0),
        B::LogicalOr => truth(a != 0 || b != 0),
        _ => None,
    }
}

/// A type spelled for a synthesized callback name: `void*` → `void_p`.
fn mangle(t: &Type) -> String {
    match t {
        Type::Void => "void".into(),
        Type::Prim(p) => p.c_name().replace(' ', "_"),
        Type::Named(n) | Type::Record(n) => n.clone(),
        Type::Enum { name, .. } => name.clone(),
        Type::Pointer { pointee, .. } => format!("{}_p", mangle(pointee)),
        Type::Array { elem, len } => format!("{}_a{len}", mangle(elem)),
    }
}

/// Counts of the builtin type keywords of one specifier list.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
struct PrimCounts {
    void: u8,
    char: u8,
    short: u8,
    int: u8,
    long: u8,
    float: u8,
    double: u8,
    signed: u8,
    unsigned: u8,
    bool: u8,
}

impl PrimCounts {
    /// The builtin type these keywords spell (C11 6.7.2p2).
    fn prim(&self, ctx: &Ctx) -> Result<Type> {
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

/// The identifier a declarator declares, looking through parentheses.
fn declarator_name(d: &Declarator) -> Option<String> {
    match &d.kind.node {
        DeclaratorKind::Identifier(id) => Some(id.node.name.clone()),
        DeclaratorKind::Declarator(inner) => declarator_name(&inner.node),
        DeclaratorKind::Abstract => None,
    }
}

/// The tag of the struct/union/enum a declaration without declarators declares, for messages.
fn tag_name(specs: &[Node<DeclarationSpecifier>]) -> String {
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

/// Python keywords: not usable as module attribute or field names.
const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Names the generated modules define themselves (imports and stub helpers).
pub const RESERVED: &[&str] = &[
    "ctypes",
    "IntEnum",
    "lib",
    "_library",
    "Array",
    "Callable",
    "Final",
    "TypeAlias",
    "TypeVar",
    "_CArgObject",
    "_Pointer",
    "_T",
    "_Ref",
    "_VoidP",
    "_CharP",
    "Any",
    "final",
];

/// Whether `name` can be a Python attribute name in the generated modules.
pub fn is_python_keyword(name: &str) -> bool {
    PY_KEYWORDS.contains(&name)
}

/// Every module-level Python name must be unique and usable; every field name usable.
fn check_names(items: &[Item]) -> Result<()> {
    let mut seen: HashMap<&str, &Item> = HashMap::new();
    for item in items {
        let mut names: Vec<&str> = Vec::new();
        match &item.kind {
            ItemKind::Enum(e) => {
                if e.named {
                    names.push(&item.name);
                }
                names.extend(e.constants.iter().map(|(n, _)| n.as_str()));
            }
            ItemKind::Record(r) => {
                names.push(&item.name);
                for f in r.fields.iter().flatten() {
                    if is_python_keyword(&f.name)
                        || (f.name.starts_with('_') && f.name.ends_with('_'))
                    {
                        return Err(Error::at(
                            &item.loc,
                            format!(
                                "cannot translate `{}`: field name `{}` is a Python keyword or ctypes special name",
                                item.name, f.name
                            ),
                        ));
                    }
                }
            }
            _ => names.push(&item.name),
        }
        for n in names {
            if is_python_keyword(n) || RESERVED.contains(&n) {
                return Err(Error::at(
                    &item.loc,
                    format!("cannot translate `{n}`: the name is reserved in the Python module"),
                ));
            }
            if let Some(prev) = seen.insert(n, item) {
                return Err(Error::at(
                    &item.loc,
                    format!(
                        "cannot translate `{n}`: the Python name is also used by `{}` at {}:{}",
                        prev.name, prev.loc.header, prev.loc.line
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(number: &str, base: IntegerBase, unsigned: bool, size: IntegerSize) -> IntVal {
        literal(&Integer {
            base,
            number: number.into(),
            suffix: IntegerSuffix {
                size,
                unsigned,
                imaginary: false,
            },
        })
        .unwrap()
    }

    #[test]
    fn literal_types_follow_c11() {
        let v = lit(
            "7fffffff",
            IntegerBase::Hexadecimal,
            false,
            IntegerSize::Int,
        );
        assert_eq!((v.bits, v.unsigned), (32, false));
        let v = lit(
            "ffffffff",
            IntegerBase::Hexadecimal,
            false,
            IntegerSize::Int,
        );
        assert_eq!((v.bits, v.unsigned), (32, true), "hex may be unsigned int");
        let v = lit("4294967295", IntegerBase::Decimal, false, IntegerSize::Int);
        assert_eq!((v.bits, v.unsigned), (64, false), "decimal goes to long");
        let v = lit("1", IntegerBase::Decimal, true, IntegerSize::LongLong);
        assert_eq!((v.bits, v.unsigned), (64, true));
    }

    #[test]
    fn arithmetic_wraps_like_c() {
        let zero_u = lit("0", IntegerBase::Decimal, true, IntegerSize::Int);
        let not = IntVal::wrapped(!zero_u.v, zero_u.bits, zero_u.unsigned);
        assert_eq!(not.v, 0xffff_ffff, "~0u");
        let one = IntVal::int(1);
        let shifted = binary(BinaryOperator::ShiftRight, not, one).unwrap();
        assert_eq!(shifted.v, 0x7fff_ffff, "~0u >> 1 is a logical shift");
        let minus_one = IntVal::int(-1);
        assert_eq!(
            binary(BinaryOperator::ShiftRight, minus_one, one)
                .unwrap()
                .v,
            -1
        );
        // int + unsigned int is unsigned int: -1 + 0u == UINT_MAX.
        assert_eq!(
            binary(BinaryOperator::Plus, minus_one, zero_u).unwrap().v,
            0xffff_ffff
        );
        assert!(binary(BinaryOperator::Divide, one, IntVal::int(0)).is_none());
        assert!(binary(BinaryOperator::ShiftLeft, one, IntVal::int(40)).is_none());
        assert_eq!(wrap(-1, 8, true), 255);
        assert_eq!(wrap(200, 8, false), -56);
    }

    #[test]
    fn synthesized_names_spell_the_signature() {
        assert_eq!(mangle(&Type::ptr(Type::Void)), "void_p");
        assert_eq!(mangle(&Type::Prim(Prim::ULongLong)), "unsigned_long_long");
        assert_eq!(
            mangle(&Type::Array {
                elem: Box::new(Type::Record("s".into())),
                len: 3
            }),
            "s_a3"
        );
    }
}
