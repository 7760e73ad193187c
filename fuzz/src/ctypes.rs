//! Reading wasm.h type objects into [`crate::report`] descriptions, and back.
//!
//! Every accessor the module and export lists offer is read here (names, kinds, function
//! parameters and results, global content and mutability, table and memory limits), so the
//! fuzzer drives all of them; anything outside the documented value ranges is a bug.

use crate::capi::*;
use crate::owned::{ExportVec, ImportVec, Owned};
use crate::report::{ExportDesc, ExternDesc, ImportDesc, Kind};

/// A wasm.h value kind as a [`Kind`]; panics on a value wasm.h does not define.
pub fn kind_of(k: wasm_valkind_t) -> Kind {
    match k {
        WASM_I32 => Kind::I32,
        WASM_I64 => Kind::I64,
        WASM_F32 => Kind::F32,
        WASM_F64 => Kind::F64,
        WASM_EXTERNREF => Kind::ExternRef,
        WASM_FUNCREF => Kind::FuncRef,
        other => panic!("wacapi reported value kind {other}, which wasm.h does not define"),
    }
}

/// The wasm.h code of a [`Kind`].
pub fn code_of(k: Kind) -> wasm_valkind_t {
    match k {
        Kind::I32 => WASM_I32,
        Kind::I64 => WASM_I64,
        Kind::F32 => WASM_F32,
        Kind::F64 => WASM_F64,
        Kind::ExternRef => WASM_EXTERNREF,
        Kind::FuncRef => WASM_FUNCREF,
    }
}

/// A copy of a library-owned byte vector's contents.
///
/// # Safety
/// `v` must be a valid vector.
pub unsafe fn bytes_of(v: *const wasm_byte_vec_t) -> Vec<u8> {
    assert!(!v.is_null(), "wacapi returned a NULL name");
    (*v).as_slice().to_vec()
}

/// The kinds of a borrowed value type vector.
unsafe fn kinds(v: *const wasm_valtype_vec_t) -> Vec<Kind> {
    assert!(!v.is_null(), "wacapi returned a NULL valtype vector");
    (*v).as_slice()
        .iter()
        .map(|t| {
            assert!(!t.is_null(), "wacapi returned a NULL valtype element");
            kind_of(wasm_valtype_kind(*t))
        })
        .collect()
}

/// A limits struct as (min, max), with `u32::MAX` meaning "no maximum".
unsafe fn limits(l: *const wasm_limits_t) -> (u32, Option<u32>) {
    assert!(!l.is_null(), "wacapi returned NULL limits");
    let l = *l;
    (l.min, (l.max != u32::MAX).then_some(l.max))
}

/// Describes a borrowed extern type, checking that exactly its own downcast succeeds.
///
/// # Safety
/// `t` must be a valid extern type.
pub unsafe fn describe(t: *const wasm_externtype_t) -> ExternDesc {
    assert!(!t.is_null(), "wacapi returned a NULL extern type");
    let kind = wasm_externtype_kind(t);
    let func = wasm_externtype_as_functype_const(t);
    let global = wasm_externtype_as_globaltype_const(t);
    let table = wasm_externtype_as_tabletype_const(t);
    let memory = wasm_externtype_as_memorytype_const(t);
    let casts = [
        !func.is_null(),
        !global.is_null(),
        !table.is_null(),
        !memory.is_null(),
    ];
    let expected = [0, 1, 2, 3].map(|k| k == kind);
    assert_eq!(
        casts, expected,
        "downcasts disagree with wasm_externtype_kind {kind}"
    );
    match kind {
        WASM_EXTERN_FUNC => ExternDesc::Func {
            params: kinds(wasm_functype_params(func)),
            results: kinds(wasm_functype_results(func)),
        },
        WASM_EXTERN_GLOBAL => {
            let content = wasm_globaltype_content(global);
            assert!(!content.is_null(), "NULL global content type");
            let m = wasm_globaltype_mutability(global);
            assert!(
                m <= 1,
                "global mutability {m} is neither WASM_CONST nor WASM_VAR"
            );
            ExternDesc::Global {
                content: kind_of(wasm_valtype_kind(content)),
                mutable: m == 1,
            }
        }
        WASM_EXTERN_TABLE => {
            let elem = wasm_tabletype_element(table);
            assert!(!elem.is_null(), "NULL table element type");
            let (min, max) = limits(wasm_tabletype_limits(table));
            ExternDesc::Table {
                elem: kind_of(wasm_valtype_kind(elem)),
                min,
                max,
            }
        }
        _ => {
            let (min, max) = limits(wasm_memorytype_limits(memory));
            ExternDesc::Memory { min, max }
        }
    }
}

/// Describes `t` and checks that `wasm_externtype_copy` makes an equal, independent copy.
unsafe fn describe_and_copy(t: *const wasm_externtype_t) -> ExternDesc {
    let desc = describe(t);
    let copy = Owned::new(wasm_externtype_copy(t), wasm_externtype_delete)
        .expect("wasm_externtype_copy returned NULL");
    assert_eq!(
        describe(copy.ptr()),
        desc,
        "wasm_externtype_copy changed the type"
    );
    desc
}

/// The imports of a module, in declaration order.
///
/// # Safety
/// `module` must be a valid module.
pub unsafe fn imports(module: *const wasm_module_t) -> Vec<ImportDesc> {
    let mut v = ImportVec(wasm_importtype_vec_t::EMPTY);
    wasm_module_imports(module, &mut v.0);
    v.0.as_slice()
        .iter()
        .map(|i| ImportDesc {
            module: bytes_of(wasm_importtype_module(*i)),
            name: bytes_of(wasm_importtype_name(*i)),
            ty: describe_and_copy(wasm_importtype_type(*i)),
        })
        .collect()
}

/// The exports of a module, in declaration order.
///
/// # Safety
/// `module` must be a valid module.
pub unsafe fn exports(module: *const wasm_module_t) -> Vec<ExportDesc> {
    let mut v = ExportVec(wasm_exporttype_vec_t::EMPTY);
    wasm_module_exports(module, &mut v.0);
    v.0.as_slice()
        .iter()
        .map(|e| ExportDesc {
            name: bytes_of(wasm_exporttype_name(*e)),
            ty: describe_and_copy(wasm_exporttype_type(*e)),
        })
        .collect()
}

/// A new value type vector holding fresh value types of `kinds` (ownership passes to the
/// function type made from it).
unsafe fn new_valtype_vec(kinds: &[Kind]) -> wasm_valtype_vec_t {
    let types: Vec<*mut wasm_valtype_t> = kinds
        .iter()
        .map(|k| wasm_valtype_new(code_of(*k)))
        .collect();
    let mut v = wasm_valtype_vec_t::EMPTY;
    wasm_valtype_vec_new(&mut v, types.len(), types.as_ptr());
    v
}

/// A new function type built through the constructors (not copied from the module).
///
/// # Safety
/// Calls into the library only.
pub unsafe fn new_functype(params: &[Kind], results: &[Kind]) -> Owned<wasm_functype_t> {
    let mut p = new_valtype_vec(params);
    let mut r = new_valtype_vec(results);
    Owned::new(wasm_functype_new(&mut p, &mut r), wasm_functype_delete)
        .expect("wasm_functype_new returned NULL")
}

/// Limits in wasm.h form.
pub fn c_limits(min: u32, max: Option<u32>) -> wasm_limits_t {
    wasm_limits_t {
        min,
        max: max.unwrap_or(u32::MAX),
    }
}
