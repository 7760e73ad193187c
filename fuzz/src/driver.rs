//! The shared path of the wacapi targets: bytes → module → instance → calls → state, all
//! through wasm.h.
//!
//! `module_bytes`, `smith_modules` and `differential` all run this; it returns a [`Report`]
//! of what it saw and panics on anything the C API documents as impossible (a kind outside
//! wasm.h, exports out of step with the module, validate and new disagreeing, ...).

use crate::capi::*;
use crate::ctypes::{describe, exports, imports};
use crate::cvals::{from_c, init_val, to_c};
use crate::input::ByteSource;
use crate::limits::{tables_within_limit, FUEL_PER_CALL, MEMORY_CAP, TABLE_PEEK};
use crate::owned::{ByteVec, ExternVec, Owned};
use crate::plan::{plan_calls, Arg, Call, StubPolicy};
use crate::report::{
    fingerprint, CallOutcome, ExportDesc, ExportState, ExternDesc, Instantiation, Report, TrapKind,
};
use crate::stubs::{self, Stub};

/// Runs `wasm` through the C API, drawing call arguments from `src`.
pub fn run(wasm: &[u8], mut src: ByteSource<'_>, policy: StubPolicy) -> Report {
    // SAFETY: every pointer below comes from the library and is used by its documented rules.
    unsafe {
        let config = wasm_config_new();
        assert!(!config.is_null(), "wasm_config_new returned NULL");
        wacapi_config_consume_fuel(config, true);
        // The harness describes values as wasm_val_t and limits as wasm_limits_t, which
        // cannot carry v128 or 64-bit page counts: fuzz the proposals both sides describe
        // the same way (see `crate::reference::engine_config`).
        wacapi_config_wasm_simd(config, false);
        wacapi_config_wasm_relaxed_simd(config, false);
        wacapi_config_wasm_memory64(config, false);
        let engine = Owned::new(wasm_engine_new_with_config(config), wasm_engine_delete)
            .expect("wasm_engine_new_with_config returned NULL");
        let store = Owned::new(wasm_store_new(engine.ptr()), wasm_store_delete)
            .expect("wasm_store_new returned NULL");
        wacapi_store_set_max_memory(store.ptr(), MEMORY_CAP);
        let report = run_in_store(store.ptr(), wasm, &mut src, policy);
        check_no_internal_error("driver");
        report
    }
}

/// [`run`] once the store exists.
unsafe fn run_in_store(
    store: *mut wasm_store_t,
    wasm: &[u8],
    src: &mut ByteSource<'_>,
    policy: StubPolicy,
) -> Report {
    let mut binary = ByteVec(wasm_byte_vec_t::EMPTY);
    wasm_byte_vec_new(&mut binary.0, wasm.len(), wasm.as_ptr());
    assert_eq!(
        binary.0.as_slice(),
        wasm,
        "wasm_byte_vec_new did not copy the bytes"
    );
    let valid = wasm_module_validate(store, &binary.0);
    let module = Owned::new(wasm_module_new(store, &binary.0), wasm_module_delete);
    drop(binary);
    assert_eq!(
        valid,
        module.is_some(),
        "wasm_module_validate says {valid} but wasm_module_new {} ({})",
        if module.is_some() {
            "compiled it"
        } else {
            "failed"
        },
        last_error()
    );
    let mut report = Report::default();
    let Some(module) = module else {
        return report;
    };
    report.imports = imports(module.ptr());
    report.exports = exports(module.ptr());
    let calls = plan_calls(&report.exports, src);
    if !tables_within_limit(wasm) {
        report.instantiation = Some(Instantiation::Skipped);
        return report;
    }
    let mut stubs = Vec::with_capacity(report.imports.len());
    for import in &report.imports {
        match stubs::make(store, import, policy) {
            Some(s) => stubs.push(s),
            None => {
                report.instantiation = Some(Instantiation::Failed);
                return report;
            }
        }
    }
    let externs: Vec<*mut wasm_extern_t> = stubs.iter().map(Stub::as_extern).collect();
    let import_vec = wasm_extern_vec_t {
        size: externs.len(),
        data: externs.as_ptr().cast_mut(),
    };
    assert!(
        wacapi_store_set_fuel(store, FUEL_PER_CALL),
        "set_fuel: {}",
        last_error()
    );
    let mut trap: *mut wasm_trap_t = std::ptr::null_mut();
    let instance = Owned::new(
        wasm_instance_new(store, module.ptr(), &import_vec, &mut trap),
        wasm_instance_delete,
    );
    let Some(instance) = instance else {
        report.instantiation = Some(match take_trap(trap) {
            Some(kind) => Instantiation::Trapped(kind),
            None => Instantiation::Failed,
        });
        return report;
    };
    assert!(
        trap.is_null(),
        "wasm_instance_new succeeded and also returned a trap"
    );
    report.instantiation = Some(Instantiation::Ok);
    let mut out = ExternVec(wasm_extern_vec_t::EMPTY);
    wasm_instance_exports(instance.ptr(), &mut out.0);
    let handles = out.0.as_slice();
    check_exports(handles, &report.exports);
    let funcs: Vec<*mut wasm_func_t> = handles
        .iter()
        .filter_map(|e| {
            let f = wasm_extern_as_func(*e);
            (!f.is_null()).then_some(f)
        })
        .collect();
    for call in &calls {
        let outcome = call_export(store, handles[call.export], &funcs, call, &report.exports);
        report.calls.push((call.export, outcome));
    }
    report.state = handles
        .iter()
        .zip(&report.exports)
        .map(|(e, d)| state_of(*e, &d.ty))
        .collect();
    report
}

/// Reads and deletes an owned trap; `None` for NULL.
unsafe fn take_trap(trap: *mut wasm_trap_t) -> Option<TrapKind> {
    let trap = Owned::new(trap, wasm_trap_delete)?;
    let mut msg = ByteVec(wasm_byte_vec_t::EMPTY);
    wasm_trap_message(trap.ptr(), &mut msg.0);
    let bytes = msg.0.as_slice();
    assert_eq!(bytes.last(), Some(&0), "trap message is not NUL-terminated");
    let text = String::from_utf8_lossy(&bytes[..bytes.len() - 1]);
    Some(TrapKind::from_message(&text))
}

/// Checks the instance's exports against the module's: same count, kinds and types.
unsafe fn check_exports(handles: &[*mut wasm_extern_t], exports: &[ExportDesc]) {
    assert_eq!(
        handles.len(),
        exports.len(),
        "wasm_instance_exports gave {} externs for {} module exports",
        handles.len(),
        exports.len()
    );
    for (e, d) in handles.iter().zip(exports) {
        assert!(!e.is_null(), "NULL extern among the instance exports");
        let ty = Owned::new(wasm_extern_type(*e), wasm_externtype_delete)
            .expect("wasm_extern_type returned NULL");
        let actual = describe(ty.ptr());
        let kind_code = wasm_extern_kind(*e);
        let name = String::from_utf8_lossy(&d.name);
        match (&d.ty, &actual) {
            (ExternDesc::Func { .. }, _) | (ExternDesc::Global { .. }, _) => {
                assert_eq!(
                    &actual, &d.ty,
                    "export {name:?}: extern type differs from module's"
                )
            }
            (ExternDesc::Table { elem: a, .. }, ExternDesc::Table { elem: b, .. }) => {
                assert_eq!(a, b, "export {name:?}: table element type differs")
            }
            (ExternDesc::Memory { .. }, ExternDesc::Memory { .. }) => {}
            _ => panic!(
                "export {name:?}: module says {:?}, instance gives {actual:?}",
                d.ty
            ),
        }
        assert_eq!(
            kind_code,
            wasm_externtype_kind(ty.ptr()),
            "export {name:?}: wasm_extern_kind disagrees with its type"
        );
        if let ExternDesc::Func { params, results } = &d.ty {
            let f = wasm_extern_as_func(*e);
            assert_eq!(
                wasm_func_param_arity(f),
                params.len(),
                "export {name:?}: param arity"
            );
            assert_eq!(
                wasm_func_result_arity(f),
                results.len(),
                "export {name:?}: result arity"
            );
            let fty = Owned::new(wasm_func_type(f), wasm_functype_delete)
                .expect("wasm_func_type returned NULL");
            let desc = describe(wasm_functype_as_externtype_const(fty.ptr()));
            assert_eq!(&desc, &d.ty, "export {name:?}: wasm_func_type differs");
        }
    }
}

/// Calls one export with the planned arguments; the store gets fresh fuel first.
unsafe fn call_export(
    store: *mut wasm_store_t,
    export: *mut wasm_extern_t,
    funcs: &[*mut wasm_func_t],
    call: &Call,
    exports: &[ExportDesc],
) -> CallOutcome {
    let ExternDesc::Func { params, results } = &exports[call.export].ty else {
        unreachable!("plans only call functions")
    };
    let func = wasm_extern_as_func(export);
    assert!(!func.is_null(), "a function export is not a func");
    // Foreign objects for non-null externref arguments; the call only borrows them.
    let mut foreigns = Vec::new();
    let args: Vec<wasm_val_t> = call
        .args
        .iter()
        .zip(params)
        .map(|(a, k)| match *a {
            Arg::Num(v) => to_c(v),
            Arg::Null => to_c(crate::report::Value::zero(*k)),
            Arg::Extern => {
                let f = Owned::new(wasm_foreign_new(store), wasm_foreign_delete)
                    .expect("wasm_foreign_new returned NULL");
                let v = wasm_val_t {
                    kind: WASM_EXTERNREF,
                    of: wasm_val_union {
                        ref_: wasm_foreign_as_ref(f.ptr()),
                    },
                };
                foreigns.push(f);
                v
            }
            Arg::Func(n) => wasm_val_t {
                kind: WASM_FUNCREF,
                of: wasm_val_union {
                    ref_: wasm_func_as_ref(funcs[n]),
                },
            },
        })
        .collect();
    let args_vec = wasm_val_vec_t {
        size: args.len(),
        data: if args.is_empty() {
            std::ptr::null_mut()
        } else {
            args.as_ptr().cast_mut()
        },
    };
    let mut outs: Vec<wasm_val_t> = results.iter().map(|_| init_val()).collect();
    let mut outs_vec = wasm_val_vec_t {
        size: outs.len(),
        data: if outs.is_empty() {
            std::ptr::null_mut()
        } else {
            outs.as_mut_ptr()
        },
    };
    assert!(
        wacapi_store_set_fuel(store, FUEL_PER_CALL),
        "set_fuel: {}",
        last_error()
    );
    let trap = wasm_func_call(func, &args_vec, &mut outs_vec);
    drop(foreigns);
    if let Some(kind) = take_trap(trap) {
        return CallOutcome::Trapped(kind);
    }
    let values = outs
        .iter_mut()
        .zip(results)
        .map(|(v, k)| {
            let value = from_c(v, *k, "call result");
            // Reference results are owned by the caller.
            wasm_val_delete(v);
            value
        })
        .collect();
    CallOutcome::Returned(values)
}

/// The observable state of one export after the calls.
unsafe fn state_of(e: *mut wasm_extern_t, ty: &ExternDesc) -> ExportState {
    match ty {
        ExternDesc::Func { .. } => ExportState::Func,
        ExternDesc::Global { content, .. } => {
            let g = wasm_extern_as_global(e);
            let mut v = init_val();
            wasm_global_get(g, &mut v);
            let value = from_c(&v, *content, "wasm_global_get");
            wasm_val_delete(&mut v);
            ExportState::Global(value)
        }
        ExternDesc::Table { .. } => {
            let t = wasm_extern_as_table(e);
            let size = wasm_table_size(t);
            let nulls = (0..size.min(TABLE_PEEK))
                // The returned reference is owned: the temporary deletes it right away.
                .map(|i| Owned::new(wasm_table_get(t, i), wasm_ref_delete).is_none())
                .collect();
            ExportState::Table { size, nulls }
        }
        ExternDesc::Memory { .. } => {
            let m = wasm_extern_as_memory(e);
            let pages = wasm_memory_size(m);
            let len = wasm_memory_data_size(m);
            assert_eq!(
                len,
                pages as usize * 65536,
                "memory byte size is not pages * 64 KiB"
            );
            let data = wasm_memory_data(m);
            let hash = if len == 0 {
                fingerprint(&[])
            } else {
                fingerprint(std::slice::from_raw_parts(data, len))
            };
            ExportState::Memory { pages, hash }
        }
    }
}
