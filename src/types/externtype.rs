//! `wasm_externtype_t`, the one Rust type behind all four concrete extern types.

use super::{declare_type_own, wasm_limits_t, wasm_valtype_t, FuncTypeData};
use crate::handle::Own;

/// wasm.h `wasm_externkind_t`.
pub type wasm_externkind_t = u8;
/// `WASM_EXTERN_FUNC`.
pub const WASM_EXTERN_FUNC: wasm_externkind_t = 0;
/// `WASM_EXTERN_GLOBAL`.
pub const WASM_EXTERN_GLOBAL: wasm_externkind_t = 1;
/// `WASM_EXTERN_TABLE`.
pub const WASM_EXTERN_TABLE: wasm_externkind_t = 2;
/// `WASM_EXTERN_MEMORY`.
pub const WASM_EXTERN_MEMORY: wasm_externkind_t = 3;

/// An extern type. `wasm_functype_t`, `wasm_globaltype_t`, `wasm_tabletype_t` and
/// `wasm_memorytype_t` are this same type, so the `_as_externtype` casts are free.
#[derive(Clone, Debug)]
pub struct wasm_externtype_t {
    pub(crate) which: ExternTypeData,
}

crate::handle::handle_type!(wasm_externtype_t = ExternType);

/// What an extern type describes.
#[derive(Clone, Debug)]
pub(crate) enum ExternTypeData {
    Func(FuncTypeData),
    Global {
        content: Own<wasm_valtype_t>,
        mutability: u8,
    },
    Table {
        element: Own<wasm_valtype_t>,
        limits: wasm_limits_t,
    },
    Memory {
        /// The 32-bit view that `wasm_memorytype_limits` points to.
        limits: wasm_limits_t,
        /// The real limits, 64-bit memories included.
        full: super::MemoryLimits,
    },
}

impl wasm_externtype_t {
    /// The wasm.h kind of this type.
    pub(crate) fn kind(&self) -> wasm_externkind_t {
        match self.which {
            ExternTypeData::Func(_) => WASM_EXTERN_FUNC,
            ExternTypeData::Global { .. } => WASM_EXTERN_GLOBAL,
            ExternTypeData::Table { .. } => WASM_EXTERN_TABLE,
            ExternTypeData::Memory { .. } => WASM_EXTERN_MEMORY,
        }
    }

    /// The wasm.h type of a wasmi extern type.
    pub(crate) fn from_wasmi(ty: &wasmi::ExternType) -> Own<Self> {
        match ty {
            wasmi::ExternType::Func(f) => super::functype_from_wasmi(f),
            wasmi::ExternType::Global(g) => super::globaltype_from_wasmi(g),
            wasmi::ExternType::Table(t) => super::tabletype_from_wasmi(t),
            wasmi::ExternType::Memory(m) => super::memorytype_from_wasmi(m),
        }
    }

    /// A readable rendering for error messages: `func (i32, i32) -> (i32)`, `global var i64`...
    pub(crate) fn describe(&self) -> String {
        use super::kind_name;
        match &self.which {
            ExternTypeData::Func(f) => {
                let list = |v: &super::wasm_valtype_vec_t| {
                    v.as_slice()
                        .iter()
                        .map(|t| t.as_ref().map_or("?", |t| kind_name(t.kind)))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                format!("func ({}) -> ({})", list(&f.params), list(&f.results))
            }
            ExternTypeData::Global {
                content,
                mutability,
            } => format!(
                "global {} {}",
                if *mutability == 1 { "var" } else { "const" },
                kind_name(content.kind)
            ),
            ExternTypeData::Table { element, limits } => {
                format!(
                    "table {} {}",
                    kind_name(element.kind),
                    describe_limits(limits)
                )
            }
            ExternTypeData::Memory { full, .. } => format!(
                "memory{} {}",
                if full.is64 { " i64" } else { "" },
                match full.max {
                    Some(max) => format!("{{min {}, max {max}}}", full.min),
                    None => format!("{{min {}}}", full.min),
                }
            ),
        }
    }
}

fn describe_limits(l: &wasm_limits_t) -> String {
    match l.max_opt() {
        Some(max) => format!("{{min {}, max {}}}", l.min, max),
        None => format!("{{min {}}}", l.min),
    }
}

/// The kind of an extern type (0 for NULL).
#[no_mangle]
pub extern "C" fn wasm_externtype_kind(ty: Option<&wasm_externtype_t>) -> wasm_externkind_t {
    let ty = crate::handle::live(ty);
    crate::error::need(ty, "wasm_externtype_kind").map_or(0, |t| t.kind())
}

declare_type_own!(
    wasm_externtype_t,
    wasm_externtype_delete,
    wasm_externtype_copy
);

macro_rules! externtype_casts {
    ($kind:ident, $to:ident, $to_const:ident, $from:ident, $from_const:ident) => {
        /// Views a concrete type as an extern type (same object).
        #[no_mangle]
        pub extern "C" fn $to(ty: *mut wasm_externtype_t) -> *mut wasm_externtype_t {
            ty
        }
        /// Views a concrete type as an extern type (same object, const).
        #[no_mangle]
        pub extern "C" fn $to_const(ty: *const wasm_externtype_t) -> *const wasm_externtype_t {
            ty
        }
        /// The concrete type behind an extern type, NULL when it is another kind.
        ///
        /// # Safety
        /// `ty` must be NULL or a valid extern type.
        #[no_mangle]
        pub unsafe extern "C" fn $from(ty: *mut wasm_externtype_t) -> *mut wasm_externtype_t {
            let ty = $crate::handle::live_ptr_mut(ty);
            match ty.as_ref() {
                Some(t) if t.kind() == $kind => ty,
                _ => std::ptr::null_mut(),
            }
        }
        /// The concrete type behind an extern type (const), NULL when it is another kind.
        ///
        /// # Safety
        /// `ty` must be NULL or a valid extern type.
        #[no_mangle]
        pub unsafe extern "C" fn $from_const(
            ty: *const wasm_externtype_t,
        ) -> *const wasm_externtype_t {
            let ty = $crate::handle::live_ptr(ty);
            match ty.as_ref() {
                Some(t) if t.kind() == $kind => ty,
                _ => std::ptr::null(),
            }
        }
    };
}

externtype_casts!(
    WASM_EXTERN_FUNC,
    wasm_functype_as_externtype,
    wasm_functype_as_externtype_const,
    wasm_externtype_as_functype,
    wasm_externtype_as_functype_const
);
externtype_casts!(
    WASM_EXTERN_GLOBAL,
    wasm_globaltype_as_externtype,
    wasm_globaltype_as_externtype_const,
    wasm_externtype_as_globaltype,
    wasm_externtype_as_globaltype_const
);
externtype_casts!(
    WASM_EXTERN_TABLE,
    wasm_tabletype_as_externtype,
    wasm_tabletype_as_externtype_const,
    wasm_externtype_as_tabletype,
    wasm_externtype_as_tabletype_const
);
externtype_casts!(
    WASM_EXTERN_MEMORY,
    wasm_memorytype_as_externtype,
    wasm_memorytype_as_externtype_const,
    wasm_externtype_as_memorytype,
    wasm_externtype_as_memorytype_const
);
