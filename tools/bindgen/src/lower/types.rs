//! The type a declaration-specifier list names: a builtin, a typedef name (of a named header,
//! of the C library, or of a system header when it comes down to a scalar), or a
//! struct/union/enum tag — registering the records and enums the list defines on the way.
//!
//! Kept apart from [`super::declarators`]: this is the base type a declaration starts from,
//! and the only place records and enums enter the model.

use lang_c::ast::*;
use lang_c::span::Node;

use crate::error::Result;
use crate::model::{Enum, Field, Item, ItemKind, Prim, Record, RecordKind, Type};

use super::const_eval::IntVal;
use super::declarators::declarator_name;
use super::specifiers::{abi_attribute, std_typedef, PrimCounts, Specs};
use super::{Ctx, Lowerer, Mention, RecordState, Ty};

impl<'a> Lowerer<'a> {
    /// The type named by a specifier list; registers records and enums it defines.
    ///
    /// `hint` names an anonymous record (the typedef or outer field it belongs to).
    pub(super) fn base_type(
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

    /// The fields of the record `parent`, whose anonymous members are named `parent_field`.
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

    /// Registers an enum definition (or finds a defined one) and returns its type.
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
}
