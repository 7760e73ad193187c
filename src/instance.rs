//! `wasm_instance_t`: instantiated modules.
//!
//! Imports are matched positionally to the module's imports in declaration order; each is
//! checked first so that a failure names the import (module, name, expected and given type).
//! A trapping start function makes `wasm_instance_new` return NULL and hand the trap out.

pub(crate) use crate::entity::InstanceData;
use crate::error::{fail, guard, set_last_error};
use crate::externs::wasm_extern_vec_t;
use crate::handle::Own;
use crate::module::{module_inner, ModuleInner};
use crate::r#ref::{declare_ref, wasm_ref_t, with_obj, RefData};
use crate::store::{wasm_store_t, Ctx, StoreInner};
use crate::trap::{new_trap, TrapData};
use crate::types::*;
use std::rc::Rc;
use std::sync::Arc;

/// An instance is a reference object of the instance kind.
pub type wasm_instance_t = wasm_ref_t;

/// True when `given` may be used where `expected` is imported (the checks wasmi makes).
/// `size` is the given table's or memory's current size: import matching compares the
/// limits of what the entity is now (after any growth), not of how it was declared.
fn import_fits(given: &wasmi::ExternType, size: u64, expected: &wasmi::ExternType) -> bool {
    use wasmi::ExternType as E;
    match (given, expected) {
        (E::Func(g), E::Func(e)) => g == e,
        (E::Global(g), E::Global(e)) => g == e,
        (E::Table(g), E::Table(e)) => {
            g.element() == e.element()
                && limits_fit(
                    (g.minimum().max(size), g.maximum()),
                    (e.minimum(), e.maximum()),
                )
        }
        (E::Memory(g), E::Memory(e)) => {
            g.is_64() == e.is_64()
                && limits_fit(
                    (g.minimum().max(size), g.maximum()),
                    (e.minimum(), e.maximum()),
                )
        }
        _ => false,
    }
}

/// The current size of a table or memory (0 for other externs).
fn current_size(ctx: &Ctx<'_>, ext: &wasmi::Extern) -> u64 {
    match ext {
        wasmi::Extern::Table(t) => t.size(ctx),
        wasmi::Extern::Memory(m) => m.size(ctx),
        _ => 0,
    }
}

/// The import-matching rule for limits: at least the minimum, at most the maximum.
fn limits_fit(given: (u64, Option<u64>), expected: (u64, Option<u64>)) -> bool {
    given.0 >= expected.0
        && match (given.1, expected.1) {
            (_, None) => true,
            (Some(g), Some(e)) => g <= e,
            (None, Some(_)) => false,
        }
}

/// Checks the import vector against the module's imports, naming the first problem.
fn check_imports(
    ctx: &Ctx<'_>,
    module: &ModuleInner,
    imports: &[Option<Own<wasm_ref_t>>],
) -> Result<Vec<wasmi::Extern>, String> {
    if imports.len() > module.imports.len() {
        return Err(format!(
            "expected {} imports, got {}",
            module.imports.len(),
            imports.len()
        ));
    }
    let mut externs = Vec::with_capacity(module.imports.len());
    for (i, (m, n, expected)) in module.imports.iter().enumerate() {
        let expected_desc = wasm_externtype_t::from_wasmi(expected).describe();
        let Some(Some(given)) = imports.get(i) else {
            return Err(format!(
                "missing import {i} \"{m}\".\"{n}\": expected {expected_desc}"
            ));
        };
        let Some(given) = crate::handle::live(Some(&**given)) else {
            return Err(format!(
                "import {i} \"{m}\".\"{n}\": not a live wasm_extern_t (deleted or not made by \
                 wacapi)"
            ));
        };
        if !given.in_store_of(ctx.data()) {
            return Err(format!(
                "import {i} \"{m}\".\"{n}\": the extern belongs to another store"
            ));
        }
        let Some(ext) = given.data.as_extern() else {
            return Err(format!(
                "import {i} \"{m}\".\"{n}\": expected {expected_desc}, got a {}",
                given.data.kind_name()
            ));
        };
        let given_ty = ext.ty(ctx);
        if !import_fits(&given_ty, current_size(ctx, &ext), expected) {
            return Err(format!(
                "import {i} \"{m}\".\"{n}\": expected {expected_desc}, got {}",
                wasm_externtype_t::from_wasmi(&given_ty).describe()
            ));
        }
        externs.push(ext);
    }
    Ok(module.wasmi_order.iter().map(|i| externs[*i]).collect())
}

/// True for errors that are traps of running code (start function, and an active element
/// segment that does not fit its table, which the spec defines as a trap but wasmi reports as
/// an instantiation error) rather than link errors.
fn is_runtime_trap(e: &wasmi::Error) -> bool {
    use wasmi::errors::{ErrorKind, InstantiationError};
    e.as_trap_code().is_some()
        || e.i32_exit_status().is_some()
        || matches!(
            e.kind(),
            ErrorKind::Host(_)
                | ErrorKind::Instantiation(InstantiationError::ElementSegmentDoesNotFit { .. })
        )
}

/// Instantiates `module` with positional `imports`. On failure returns NULL; if the start
/// function trapped, `*trap` receives the trap (else NULL) and `wacapi_last_error` says why.
///
/// # Safety
/// `imports` must be NULL or a valid extern vector; `trap` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wasm_instance_new(
    store: Option<&wasm_store_t>,
    module: Option<&crate::module::wasm_module_t>,
    imports: *const wasm_extern_vec_t,
    trap: *mut *mut wasm_ref_t,
) -> Option<Own<wasm_instance_t>> {
    let store = crate::handle::live(store);
    let module = crate::handle::live(module);
    if !trap.is_null() {
        trap.write(std::ptr::null_mut());
    }
    let (Some(store), Some(module)) = (store, module) else {
        return fail("wasm_instance_new: store or module is NULL");
    };
    let Some(inner) = module_inner(module) else {
        return fail("wasm_instance_new: not a module");
    };
    let imports = imports.as_ref().map_or(&[][..], |v| v.as_slice());
    instantiate(&store.inner, inner, imports, trap)
}

/// The instantiation itself, for `wasm_instance_new` and the linker (which has the store but
/// no `wasm_store_t` handle); `*trap`, if not NULL, is already NULL.
///
/// # Safety
/// `trap` must be NULL or writable.
pub(crate) unsafe fn instantiate(
    store: &Rc<StoreInner>,
    inner: &Arc<ModuleInner>,
    imports: &[Option<Own<wasm_ref_t>>],
    trap: *mut *mut wasm_ref_t,
) -> Option<Own<wasm_instance_t>> {
    guard(
        || None,
        || {
            let inner = match inner.for_engine(&store.engine()) {
                Ok(i) => i,
                Err(e) => return fail(format!("wasm_instance_new: {e}")),
            };
            let result = store.with(|mut ctx| {
                let externs = check_imports(&ctx, &inner, imports).map_err(|e| (e, None))?;
                let control = &store.control;
                control
                    .unsliced(&mut ctx, |ctx| {
                        wasmi::Instance::new(ctx, &inner.module, &externs)
                    })
                    .map_err(|e| {
                        let msg = format!("wasm_instance_new: {e}");
                        let trap = is_runtime_trap(&e).then(|| TrapData::from_error(e));
                        (msg, trap)
                    })
            });
            match result {
                Ok(instance) => Some(wasm_ref_t::boxed(
                    Some(store.clone()),
                    RefData::Instance(InstanceData {
                        instance,
                        module: inner,
                    }),
                )),
                Err((msg, trap_data)) => {
                    set_last_error(match &trap_data {
                        Some(_) => msg,
                        None => format!(
                            "wasm_instance_new: {}",
                            msg.trim_start_matches("wasm_instance_new: ")
                        ),
                    });
                    if let (Some(data), false) = (trap_data, trap.is_null()) {
                        trap.write(Own::into_raw(new_trap(store, data)));
                    }
                    None
                }
            }
        },
    )
}

/// The exports in the module's declaration order (empty for NULL).
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wasm_instance_exports(
    inst: Option<&wasm_instance_t>,
    out: *mut wasm_extern_vec_t,
) {
    let inst = crate::handle::live(inst);
    if out.is_null() {
        return;
    }
    let v = with_obj(
        inst,
        "wasm_instance_exports",
        || wasm_extern_vec_t::EMPTY,
        |i| {
            let (RefData::Instance(data), Some(store)) = (&i.data, i.store()) else {
                return wasm_extern_vec_t::EMPTY;
            };
            let items = store.with(|ctx| {
                data.module
                    .exports
                    .iter()
                    .filter_map(|(name, _)| data.instance.get_export(&ctx, name))
                    .map(|ext| {
                        Some(wasm_ref_t::boxed(
                            Some(store.clone()),
                            RefData::from_extern(ext),
                        ))
                    })
                    .collect()
            });
            wasm_extern_vec_t::from_vec(items)
        },
    );
    out.write(v);
}

declare_ref!(instance);
