//! Declarators: the pointer, array and function parts of a declaration applied to its base
//! type, C11's parameter adjustments, and the callback types synthesized for function
//! pointers written inline (which ctypes needs as named CFUNCTYPEs).
//!
//! Kept apart from [`super::types`]: the base type is looked up once per declaration, the
//! declarator is applied once per declared name.

use lang_c::ast::*;

use crate::error::Result;
use crate::model::{Item, ItemKind, Param, Signature, Type};

use super::specifiers::{abi_attribute, Specs};
use super::{Ctx, Lowerer, Mention, Ty};

impl<'a> Lowerer<'a> {
    /// Applies a declarator's pointer/array/function parts to `ty` (C reads them inside out).
    ///
    /// `is_const` tells whether `ty` itself is const-qualified, for the pointer built on it.
    pub(super) fn declarator(
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

    /// The signature of a function declarator whose result type is `ret`.
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
    pub(super) fn value_type(&mut self, ty: Ty, ctx: &Ctx) -> Result<Type> {
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
}

/// The identifier a declarator declares, looking through parentheses.
pub(super) fn declarator_name(d: &Declarator) -> Option<String> {
    match &d.kind.node {
        DeclaratorKind::Identifier(id) => Some(id.node.name.clone()),
        DeclaratorKind::Declarator(inner) => declarator_name(&inner.node),
        DeclaratorKind::Abstract => None,
    }
}

/// Why a callback with this result type cannot be a ctypes CFUNCTYPE, if it cannot.
pub(super) fn callback_problem(
    ret: &Type,
    union_of: impl Fn(&Type) -> Option<String>,
) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Prim;

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
