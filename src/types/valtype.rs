//! `wasm_valtype_t`: the kind of a value.

use super::declare_type_own;
use crate::error::set_last_error;
use crate::handle::Own;

/// wasm.h `wasm_valkind_t`.
pub type wasm_valkind_t = u8;
/// `WASM_I32`.
pub const WASM_I32: wasm_valkind_t = 0;
/// `WASM_I64`.
pub const WASM_I64: wasm_valkind_t = 1;
/// `WASM_F32`.
pub const WASM_F32: wasm_valkind_t = 2;
/// `WASM_F64`.
pub const WASM_F64: wasm_valkind_t = 3;
/// `WASM_EXTERNREF`.
pub const WASM_EXTERNREF: wasm_valkind_t = 128;
/// `WASM_FUNCREF`.
pub const WASM_FUNCREF: wasm_valkind_t = 129;

/// `WACAPI_V128` (wacapi.h): the kind of SIMD's 128-bit vectors, which the header lacks, as a
/// `wasm_valkind_t` for matching in Rust. The C enum that puts it in the header is
/// `wacapi_valkind_enum` (src/v128.rs), which checks at compile time that the two agree.
pub const WACAPI_V128: wasm_valkind_t = 4;

/// A value type: the six kinds of the header, and `WACAPI_V128`.
#[repr(C)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct wasm_valtype_t {
    pub(crate) kind: wasm_valkind_t,
}

crate::handle::handle_type!(wasm_valtype_t = ValType);

impl wasm_valtype_t {
    /// The wasmi type of this kind.
    pub(crate) fn to_wasmi(&self) -> wasmi::ValType {
        kind_to_wasmi(self.kind).expect("valtype kinds are checked at construction")
    }
    /// A boxed valtype for a wasmi type.
    pub(crate) fn from_wasmi(ty: wasmi::ValType) -> Own<Self> {
        Own::new(Self {
            kind: kind_from_wasmi(ty),
        })
    }
}

/// The wasmi type of a wasm.h kind, None for an unknown kind.
pub(crate) fn kind_to_wasmi(kind: wasm_valkind_t) -> Option<wasmi::ValType> {
    Some(match kind {
        WASM_I32 => wasmi::ValType::I32,
        WASM_I64 => wasmi::ValType::I64,
        WASM_F32 => wasmi::ValType::F32,
        WASM_F64 => wasmi::ValType::F64,
        WASM_EXTERNREF => wasmi::ValType::ExternRef,
        WASM_FUNCREF => wasmi::ValType::FuncRef,
        WACAPI_V128 => wasmi::ValType::V128,
        _ => return None,
    })
}

/// The wasm.h kind of a wasmi type.
pub(crate) fn kind_from_wasmi(ty: wasmi::ValType) -> wasm_valkind_t {
    match ty {
        wasmi::ValType::I32 => WASM_I32,
        wasmi::ValType::I64 => WASM_I64,
        wasmi::ValType::F32 => WASM_F32,
        wasmi::ValType::F64 => WASM_F64,
        wasmi::ValType::ExternRef => WASM_EXTERNREF,
        wasmi::ValType::FuncRef => WASM_FUNCREF,
        wasmi::ValType::V128 => WACAPI_V128,
    }
}

/// The name of a kind for messages ("i32", "funcref", ...).
pub(crate) fn kind_name(kind: wasm_valkind_t) -> &'static str {
    match kind {
        WASM_I32 => "i32",
        WASM_I64 => "i64",
        WASM_F32 => "f32",
        WASM_F64 => "f64",
        WASM_EXTERNREF => "externref",
        WASM_FUNCREF => "funcref",
        WACAPI_V128 => "v128",
        _ => "unknown",
    }
}

/// Makes a value type; an unknown kind gives NULL and a message. `WACAPI_V128` is accepted so
/// that types of SIMD functions and globals can be described and compared.
#[no_mangle]
pub extern "C" fn wasm_valtype_new(kind: wasm_valkind_t) -> Option<Own<wasm_valtype_t>> {
    crate::error::guard(
        || None,
        || {
            if kind_to_wasmi(kind).is_none() {
                set_last_error(format!("wasm_valtype_new: {kind} is not a value kind"));
                return None;
            }
            Some(Own::new(wasm_valtype_t { kind }))
        },
    )
}

/// The kind of a value type (0 for NULL).
#[no_mangle]
pub extern "C" fn wasm_valtype_kind(ty: Option<&wasm_valtype_t>) -> wasm_valkind_t {
    let ty = crate::handle::live(ty);
    crate::error::need(ty, "wasm_valtype_kind").map_or(0, |t| t.kind)
}

declare_type_own!(wasm_valtype_t, wasm_valtype_delete, wasm_valtype_copy);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_header_kinds_and_v128_exist() {
        for k in [
            WASM_I32,
            WASM_I64,
            WASM_F32,
            WASM_F64,
            WASM_EXTERNREF,
            WASM_FUNCREF,
            WACAPI_V128,
        ] {
            let t = wasm_valtype_new(k).unwrap();
            assert_eq!(wasm_valtype_kind(Some(&t)), k);
        }
        assert!(wasm_valtype_new(37).is_none());
        assert_eq!(wasm_valtype_kind(None), 0);
    }
}
