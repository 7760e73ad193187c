//! `wasm_val_t`: a tagged value, and its conversion to and from wasmi values.

use crate::handle::Own;
use crate::r#ref::{wasm_ref_t, RefData};
use crate::store::{Ctx, StoreInner};
use crate::types::*;
use crate::vec::VecElem;
use std::rc::Rc;

/// The message of every standard call refused because of a v128 (wasm.h's value union is 8
/// bytes; the 16-byte `wacapi_val_t` is in src/v128.rs).
pub(crate) const V128_IN_WASM_VAL: &str =
    "a v128 value does not fit in wasm_val_t; use wacapi_val_t with wacapi_func_call or \
     wacapi_global_get/set";

/// Where the first v128 of a function type is ("parameter 0", "result 1"), if any.
pub(crate) fn first_v128(ty: &wasmi::FuncType) -> Option<String> {
    let is_v128 = |t: &wasmi::ValType| *t == wasmi::ValType::V128;
    if let Some(i) = ty.params().iter().position(is_v128) {
        return Some(format!("parameter {i}"));
    }
    ty.results()
        .iter()
        .position(is_v128)
        .map(|i| format!("result {i}"))
}

/// The payload of a `wasm_val_t`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union wasm_val_union {
    /// `WASM_I32`.
    pub i32: i32,
    /// `WASM_I64`.
    pub i64: i64,
    /// `WASM_F32`.
    pub f32: f32,
    /// `WASM_F64`.
    pub f64: f64,
    /// `WASM_EXTERNREF` / `WASM_FUNCREF`: an owned reference or NULL.
    pub ref_: *mut wasm_ref_t,
}

/// A wasm.h value: `kind` says which member of `of` is live.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct wasm_val_t {
    /// A `wasm_valkind_t`.
    pub kind: wasm_valkind_t,
    /// The value.
    pub of: wasm_val_union,
}

impl std::fmt::Debug for wasm_val_t {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "wasm_val_t({})", kind_name(self.kind))
    }
}

impl wasm_val_t {
    /// The zero value of `kind` (NULL for references).
    pub(crate) fn zero(kind: wasm_valkind_t) -> Self {
        Self {
            kind,
            of: wasm_val_union { i64: 0 },
        }
    }

    /// True for the reference kinds.
    pub(crate) fn is_ref(&self) -> bool {
        self.kind == WASM_EXTERNREF || self.kind == WASM_FUNCREF
    }

    /// Releases an owned reference, if any (dropping an [`Own`] ignores pointers that are not
    /// live objects).
    pub(crate) fn release_ref(&mut self) {
        if self.is_ref() {
            // SAFETY: `kind` says the reference member is live.
            let r = unsafe { self.of.ref_ };
            if !r.is_null() {
                // SAFETY: non-NULL; `Own`'s drop validates it before touching the object.
                drop(unsafe { Own::from_raw(r) });
            }
            self.of.ref_ = std::ptr::null_mut();
        }
    }

    /// A copy that owns its own reference handle.
    pub(crate) fn deep_copy(&self) -> Self {
        let mut out = *self;
        if self.is_ref() {
            // SAFETY: `kind` says the reference member is live; `live_ptr` validates it.
            let r = crate::handle::live_ptr(unsafe { self.of.ref_ });
            out.of.ref_ = if r.is_null() {
                std::ptr::null_mut()
            } else {
                // SAFETY: `r` is non-NULL and passed `live_ptr`: a live reference object.
                Own::into_raw(Own::new(unsafe { (*r).clone() }))
            };
        }
        out
    }

    /// The fast path of argument conversion: the wasmi value when this is a number of the
    /// expected kind, None otherwise (references and errors take [`Self::as_wasmi`]).
    #[inline(always)]
    pub(crate) fn num_as_wasmi(&self, expected: wasm_valkind_t) -> Option<wasmi::Val> {
        if self.kind != expected {
            return None;
        }
        // SAFETY: `kind` says which member is live.
        unsafe {
            match self.kind {
                WASM_I32 => Some(wasmi::Val::I32(self.of.i32)),
                WASM_I64 => Some(wasmi::Val::I64(self.of.i64)),
                WASM_F32 => Some(wasmi::Val::F32(self.of.f32.into())),
                WASM_F64 => Some(wasmi::Val::F64(self.of.f64.into())),
                _ => None,
            }
        }
    }

    /// The wasmi value for this C value, checked against the expected type.
    pub(crate) fn as_wasmi(
        &self,
        ctx: &mut Ctx<'_>,
        expected: wasmi::ValType,
    ) -> Result<wasmi::Val, String> {
        if expected == wasmi::ValType::V128 || self.kind == WACAPI_V128 {
            return Err(V128_IN_WASM_VAL.into());
        }
        let actual = kind_to_wasmi(self.kind);
        if actual != Some(expected) {
            return Err(format!(
                "expected {}, got {}",
                kind_name(kind_from_wasmi(expected)),
                if actual.is_some() {
                    kind_name(self.kind).to_string()
                } else {
                    format!("invalid kind {}", self.kind)
                }
            ));
        }
        // SAFETY: each arm reads the union member that `kind` says is live (a C caller's
        // contract for `wasm_val_t`); reference pointers are validated before use.
        unsafe {
            Ok(match self.kind {
                WASM_I32 => wasmi::Val::I32(self.of.i32),
                WASM_I64 => wasmi::Val::I64(self.of.i64),
                WASM_F32 => wasmi::Val::F32(self.of.f32.into()),
                WASM_F64 => wasmi::Val::F64(self.of.f64.into()),
                WASM_FUNCREF | WASM_EXTERNREF
                    if !self.of.ref_.is_null()
                        && crate::handle::live_ptr(self.of.ref_).is_null() =>
                {
                    return Err(
                        "the reference is not a live wasm_ref_t (deleted or not made by \
                                wacapi)"
                            .into(),
                    )
                }
                WASM_FUNCREF | WASM_EXTERNREF
                    if self
                        .of
                        .ref_
                        .as_ref()
                        .is_some_and(|r| !r.in_store_of(ctx.data())) =>
                {
                    return Err("the reference belongs to another store".into())
                }
                WASM_FUNCREF => match self.of.ref_.as_ref() {
                    None => wasmi::Val::FuncRef(wasmi::Nullable::Null),
                    Some(r) => match &r.data {
                        RefData::Func(f) => wasmi::Val::FuncRef(wasmi::Nullable::Val(*f)),
                        other => {
                            return Err(format!(
                                "expected a func reference, got a {}",
                                other.kind_name()
                            ))
                        }
                    },
                },
                _ => match self.of.ref_.as_ref() {
                    None => wasmi::Val::ExternRef(wasmi::Nullable::Null),
                    Some(r) => wasmi::Val::ExternRef(wasmi::Nullable::Val(r.to_externref(ctx))),
                },
            })
        }
    }

    /// The C value of a wasmi value; references become new owned handles.
    pub(crate) fn from_wasmi(val: &wasmi::Val, store: &Rc<StoreInner>, ctx: &Ctx<'_>) -> Self {
        Self::from_wasmi_ctx(val, store, &wasmi::AsContext::as_context(ctx))
    }

    /// [`Self::from_wasmi`] with a shared store context.
    pub(crate) fn from_wasmi_ctx(
        val: &wasmi::Val,
        store: &Rc<StoreInner>,
        ctx: &wasmi::StoreContext<'_, crate::store::StoreData>,
    ) -> Self {
        match val {
            wasmi::Val::I32(v) => Self {
                kind: WASM_I32,
                of: wasm_val_union { i32: *v },
            },
            wasmi::Val::I64(v) => Self {
                kind: WASM_I64,
                of: wasm_val_union { i64: *v },
            },
            wasmi::Val::F32(v) => Self {
                kind: WASM_F32,
                of: wasm_val_union { f32: (*v).into() },
            },
            wasmi::Val::F64(v) => Self {
                kind: WASM_F64,
                of: wasm_val_union { f64: (*v).into() },
            },
            wasmi::Val::FuncRef(f) => {
                let ptr = match f.val() {
                    Some(f) => {
                        Own::into_raw(wasm_ref_t::boxed(Some(store.clone()), RefData::Func(*f)))
                    }
                    None => std::ptr::null_mut(),
                };
                Self {
                    kind: WASM_FUNCREF,
                    of: wasm_val_union { ref_: ptr },
                }
            }
            wasmi::Val::ExternRef(e) => {
                let ptr = match e.val() {
                    Some(e) => Own::into_raw(wasm_ref_t::from_externref(store, ctx, *e)),
                    None => std::ptr::null_mut(),
                };
                Self {
                    kind: WASM_EXTERNREF,
                    of: wasm_val_union { ref_: ptr },
                }
            }
            // 16 bytes do not fit: callers refuse v128 before converting (`crate::v128`), so
            // this is only a defined, harmless value should one slip through.
            wasmi::Val::V128(_) => Self::zero(WACAPI_V128),
        }
    }
}

impl VecElem for wasm_val_t {
    fn blank() -> Self {
        Self::zero(WASM_I32)
    }
    fn deep_copy(&self) -> Self {
        wasm_val_t::deep_copy(self)
    }
    fn release(mut self) {
        self.release_ref();
    }
    fn is_valid(&self) -> bool {
        match self.kind {
            WASM_I32 | WASM_I64 | WASM_F32 | WASM_F64 => true,
            // SAFETY: `kind` says the reference member is live.
            WASM_EXTERNREF | WASM_FUNCREF => {
                let r = unsafe { self.of.ref_ };
                r.is_null() || crate::handle::is_live::<wasm_ref_t>(r)
            }
            _ => false,
        }
    }
}

/// Deletes what a value owns (its reference); the value becomes a NULL ref / stays a number.
///
/// # Safety
/// `v` must be NULL or a valid value.
#[no_mangle]
pub unsafe extern "C" fn wasm_val_delete(v: *mut wasm_val_t) {
    if let Some(v) = v.as_mut() {
        crate::error::guard(|| (), || v.release_ref());
    }
}

/// Copies `src` into `out`, with a new handle for a reference.
///
/// # Safety
/// `out` must be writable, `src` NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn wasm_val_copy(out: *mut wasm_val_t, src: *const wasm_val_t) {
    crate::error::guard(
        || (),
        || {
            if out.is_null() {
                return;
            }
            match src.as_ref() {
                Some(src) => out.write(src.deep_copy()),
                None => out.write(wasm_val_t::zero(WASM_EXTERNREF)),
            }
        },
    )
}

crate::vec::declare_vec!(
    wasm_val_vec_t,
    wasm_val_t,
    wasm_val_vec_new_empty,
    wasm_val_vec_new_uninitialized,
    wasm_val_vec_new,
    wasm_val_vec_copy,
    wasm_val_vec_delete
);
