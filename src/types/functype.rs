//! `wasm_functype_t`: parameter and result types of a function.

use super::wasm_valtype_vec_t;
use super::{declare_type_own, wasm_externtype_t, wasm_valtype_t, ExternTypeData};
use crate::error::set_last_error;
use crate::handle::Own;

/// A function type is an extern type of the func kind.
pub type wasm_functype_t = wasm_externtype_t;

/// The most parameters or results a function type may have (the Wasm implementation limit).
const MAX_ARITY: usize = 1000;

/// Params and results, kept as the very vectors the caller handed to `wasm_functype_new`.
#[derive(Debug)]
pub(crate) struct FuncTypeData {
    pub(crate) params: wasm_valtype_vec_t,
    pub(crate) results: wasm_valtype_vec_t,
}

impl Clone for FuncTypeData {
    fn clone(&self) -> Self {
        Self {
            params: self.params.deep_copy(),
            results: self.results.deep_copy(),
        }
    }
}

impl Drop for FuncTypeData {
    fn drop(&mut self) {
        self.params.release();
        self.results.release();
    }
}

impl FuncTypeData {
    /// The wasmi function type; None (with a message) if an element is NULL.
    pub(crate) fn to_wasmi(&self) -> Option<wasmi::FuncType> {
        let convert = |v: &wasm_valtype_vec_t| -> Option<Vec<wasmi::ValType>> {
            v.as_slice()
                .iter()
                .map(|t| t.as_ref().map(|t| t.to_wasmi()))
                .collect()
        };
        let (Some(params), Some(results)) = (convert(&self.params), convert(&self.results)) else {
            set_last_error("function type has a NULL value type");
            return None;
        };
        if params.len() > MAX_ARITY || results.len() > MAX_ARITY {
            set_last_error(format!(
                "function type has more than {MAX_ARITY} parameters or results"
            ));
            return None;
        }
        Some(wasmi::FuncType::new(params, results))
    }
}

impl wasm_externtype_t {
    /// The function data of a func type (None for other kinds).
    pub(crate) fn as_func(&self) -> Option<&FuncTypeData> {
        match &self.which {
            ExternTypeData::Func(f) => Some(f),
            _ => None,
        }
    }
}

/// The wasm.h function type of a wasmi function type.
pub(crate) fn functype_from_wasmi(ty: &wasmi::FuncType) -> Own<wasm_functype_t> {
    let list = |tys: &[wasmi::ValType]| {
        wasm_valtype_vec_t::from_vec(
            tys.iter()
                .map(|t| Some(wasm_valtype_t::from_wasmi(*t)))
                .collect(),
        )
    };
    Own::new(wasm_externtype_t {
        which: ExternTypeData::Func(FuncTypeData {
            params: list(ty.params()),
            results: list(ty.results()),
        }),
    })
}

/// Makes a function type, taking ownership of both vectors (and keeping their valtypes).
///
/// # Safety
/// `params` and `results` must be NULL or valid vectors owned by the caller.
#[no_mangle]
pub unsafe extern "C" fn wasm_functype_new(
    params: *mut wasm_valtype_vec_t,
    results: *mut wasm_valtype_vec_t,
) -> Option<Own<wasm_functype_t>> {
    crate::error::guard(
        || None,
        || {
            let take = |v: *mut wasm_valtype_vec_t| match v.as_mut() {
                Some(v) => std::mem::replace(v, wasm_valtype_vec_t::EMPTY),
                None => wasm_valtype_vec_t::EMPTY,
            };
            let data = FuncTypeData {
                params: take(params),
                results: take(results),
            };
            if data
                .params
                .as_slice()
                .iter()
                .chain(data.results.as_slice())
                .any(|t| crate::handle::live(t.as_deref()).is_none())
            {
                set_last_error(
                    "wasm_functype_new: a value type is NULL or not a live wasm_valtype_t",
                );
                return None;
            }
            Some(Own::new(wasm_externtype_t {
                which: ExternTypeData::Func(data),
            }))
        },
    )
}

/// The parameter types (NULL for NULL or a non-func type).
#[no_mangle]
pub extern "C" fn wasm_functype_params(ty: Option<&wasm_functype_t>) -> *const wasm_valtype_vec_t {
    let ty = crate::handle::live(ty);
    crate::error::need(ty.and_then(|t| t.as_func()), "wasm_functype_params")
        .map_or(std::ptr::null(), |f| &f.params)
}

/// The result types (NULL for NULL or a non-func type).
#[no_mangle]
pub extern "C" fn wasm_functype_results(ty: Option<&wasm_functype_t>) -> *const wasm_valtype_vec_t {
    let ty = crate::handle::live(ty);
    crate::error::need(ty.and_then(|t| t.as_func()), "wasm_functype_results")
        .map_or(std::ptr::null(), |f| &f.results)
}

declare_type_own!(wasm_externtype_t, wasm_functype_delete, wasm_functype_copy);
