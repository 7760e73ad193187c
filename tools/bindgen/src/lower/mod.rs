//! Stage 3: lang-c's syntax tree → the typed model ([`crate::model::Api`]).
//!
//! Walks the translation unit once, in order.  Declarations located in a named header become
//! items; declarations from any other file (system headers) are only remembered, so that a
//! typedef such as `__uint32_t` or a tag such as `struct timespec` can be recognised when a named
//! header uses it.  Every construct that cannot be expressed with ctypes is an [`Error`] naming
//! the declaration and its line; nothing is dropped silently except what has no binding by
//! nature (`_Static_assert`, attributes that do not change the ABI).
//!
//! This file holds the walk and the items it makes (functions, typedefs, constants, skipped
//! helpers) and their final order.  The C rules it relies on have a file each:
//! * `specifiers.rs` — what a declaration-specifier list says (C11 6.7.1–6.7.4), with no state;
//! * `types.rs` — the type a specifier list names, registering the structs, unions and enums it
//!   defines;
//! * `declarators.rs` — pointers, arrays and function parameters applied to that type, and the
//!   callback types synthesized for function pointers written inline;
//! * `const_eval.rs` — integer constant expressions (enum values, array sizes, `static const`s).
//!
//! Which names are usable in Python is not decided here but in [`crate::names`].

mod const_eval;
mod declarators;
mod specifiers;
mod types;

use std::collections::HashMap;

use lang_c::ast::*;
use lang_c::span::Node;

use crate::comments::HeaderText;
use crate::error::{Error, Result};
use crate::model::{
    Api, Constant as ConstItem, Item, ItemKind, Loc, Prim, Record, RecordKind, Signature, Skipped,
    Type,
};
use crate::preprocess::Parsed;

use const_eval::IntVal;
use declarators::{callback_problem, declarator_name};
use specifiers::{abi_attribute, tag_name, Specs};

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

/// The state of one walk over a translation unit.
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

    /// Orders the entries, checks Python names and returns the model.
    fn finish(self) -> Result<Api> {
        let mut entries = self.entries;
        entries.sort_by_key(|e| e.key);
        let items: Vec<Item> = entries.into_iter().map(|e| e.item).collect();
        crate::names::check_items(&items)?;
        Ok(Api {
            headers: self.names.to_vec(),
            items,
            skipped: self.skipped,
        })
    }
}
