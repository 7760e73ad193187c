//! Converting between `wasm_val_t` and [`crate::report::Value`].

use crate::capi::*;
use crate::ctypes::kind_of;
use crate::report::{Kind, Value};

/// A `wasm_val_t` holding a number, or the null reference of a reference kind.
pub fn to_c(v: Value) -> wasm_val_t {
    let (kind, of) = match v {
        Value::I32(x) => (WASM_I32, wasm_val_union { i32: x as i32 }),
        Value::I64(x) => (WASM_I64, wasm_val_union { i64: x as i64 }),
        Value::F32(x) => (
            WASM_F32,
            wasm_val_union {
                f32: f32::from_bits(x),
            },
        ),
        Value::F64(x) => (
            WASM_F64,
            wasm_val_union {
                f64: f64::from_bits(x),
            },
        ),
        Value::ExternRef(_) => (WASM_EXTERNREF, null_of()),
        Value::FuncRef(_) => (WASM_FUNCREF, null_of()),
    };
    wasm_val_t { kind, of }
}

/// The null reference payload.
fn null_of() -> wasm_val_union {
    wasm_val_union {
        ref_: std::ptr::null_mut(),
    }
}

/// A placeholder result slot (`WASM_INIT_VAL`).
pub fn init_val() -> wasm_val_t {
    wasm_val_t {
        kind: WASM_EXTERNREF,
        of: null_of(),
    }
}

/// Reads a value the library produced, checking it has the `expected` kind.
///
/// Numbers are read through the union member of their kind; for floats that member is read
/// as its bit pattern so that NaN payloads survive.
pub fn from_c(v: &wasm_val_t, expected: Kind, what: &str) -> Value {
    let kind = kind_of(v.kind);
    assert_eq!(
        kind, expected,
        "{what}: wacapi produced a value of the wrong kind"
    );
    // SAFETY: the kind tag says which member is live.
    unsafe {
        match kind {
            Kind::I32 => Value::I32(v.of.i32 as u32),
            Kind::I64 => Value::I64(v.of.i64 as u64),
            Kind::F32 => Value::F32(v.of.f32.to_bits()),
            Kind::F64 => Value::F64(v.of.f64.to_bits()),
            Kind::ExternRef => Value::ExternRef(v.of.ref_.is_null()),
            Kind::FuncRef => Value::FuncRef(v.of.ref_.is_null()),
        }
    }
}
