//! `wacapi_linker_t`: imports resolved by name instead of by position.
//!
//! wasm.h instantiates with a vector of imports in the module's declaration order, which
//! makes the host know every module's import list. A linker instead holds definitions under
//! `(module, name)` and looks each import up by name: host functions, globals, tables and
//! memories the host made, exports of instances, and all of WASI preview 1.
//!
//! A linker belongs to one store and holds ordinary externs of it (wasmi handles), so what
//! it resolves and what `wacapi_linker_get` returns are the same `wasm_extern_t`s the rest of
//! wasm.h works with, and `wacapi_linker_instantiate` returns an ordinary `wasm_instance_t`.
//! Instantiation itself is `wasm_instance_new` with the imports put in order, so type checks,
//! their messages and trapping start functions behave exactly as there.

use crate::error::{guard, set_last_error};
use crate::externs::wasm_extern_t;
use crate::handle::Own;
use crate::instance::wasm_instance_t;
use crate::module::{module_inner, wasm_module_t};
use crate::r#ref::{wasm_ref_t, RefData};
use crate::store::{wasm_store_t, StoreInner};
use crate::trap::wasm_trap_t;
use crate::types::wasm_externtype_t;
use crate::vec::wasm_byte_vec_t;
use crate::wasi::wacapi_wasi_config_t;
use std::collections::BTreeMap;
use std::rc::Rc;

/// wasm.h's `wasm_name_t` (a byte vector), named so the generated header says `wasm_name_t`.
/// cbindgen:ignore
pub type wasm_name_t = wasm_byte_vec_t;

/// Definitions by `(module, name)` for instantiating modules in one store.
///
/// Made by `wacapi_linker_new`; deleting it leaves everything it defined alive in the store.
pub struct wacapi_linker_t {
    store: Rc<StoreInner>,
    definitions: BTreeMap<(Box<str>, Box<str>), wasmi::Extern>,
    allow_shadowing: bool,
}

crate::handle::handle_type!(wacapi_linker_t = Linker);

impl wacapi_linker_t {
    /// Adds one definition, refusing to replace one unless shadowing is allowed.
    fn insert(&mut self, module: &str, name: &str, ext: wasmi::Extern) -> Result<(), String> {
        let key = (Box::from(module), Box::from(name));
        if !self.allow_shadowing && self.definitions.contains_key(&key) {
            return Err(format!(
                "\"{module}\".\"{name}\" is already defined (see wacapi_linker_allow_shadowing)"
            ));
        }
        self.definitions.insert(key, ext);
        Ok(())
    }
}

/// A name argument as UTF-8 (wasm names are UTF-8); the error names the argument.
///
/// # Safety
/// `name` must be NULL or a valid byte vector.
unsafe fn name_arg<'a>(what: &str, name: *const wasm_name_t) -> Result<&'a str, String> {
    let Some(name) = name.as_ref() else {
        return Err(format!("{what} is NULL"));
    };
    std::str::from_utf8(name.bytes()).map_err(|_| format!("{what} is not UTF-8"))
}

/// Runs a linker body with the panic firewall; false (and the message, prefixed with `what`,
/// in `wacapi_last_error`) on failure.
fn run(what: &str, body: impl FnOnce() -> Result<(), String>) -> bool {
    guard(
        || false,
        || match body() {
            Ok(()) => true,
            Err(e) => {
                set_last_error(format!("{what}: {e}"));
                false
            }
        },
    )
}

/// Makes an empty linker for `store` (NULL for a NULL store). The linker keeps the store
/// alive; it may be deleted before or after the instances it made.
#[no_mangle]
pub extern "C" fn wacapi_linker_new(store: Option<&wasm_store_t>) -> *mut wacapi_linker_t {
    crate::handle::into_c(linker_new(store))
}

fn linker_new(store: Option<&wasm_store_t>) -> Option<Own<wacapi_linker_t>> {
    crate::error::guard(
        || None,
        || {
            let store = crate::handle::live(store);
            let Some(store) = store else {
                set_last_error("wacapi_linker_new: store is NULL");
                return None;
            };
            Some(Own::new(wacapi_linker_t {
                store: store.inner.clone(),
                definitions: BTreeMap::new(),
                allow_shadowing: false,
            }))
        },
    )
}

/// Deletes a linker (NULL is a no-op); what it defined stays alive in the store.
#[no_mangle]
///
/// # Safety
/// `linker` must be NULL or a linker whose ownership the caller passes.
pub unsafe extern "C" fn wacapi_linker_delete(linker: *mut wacapi_linker_t) {
    let linker = crate::handle::from_c(linker);
    guard(|| (), || drop(linker));
}

/// Lets later definitions replace earlier ones of the same `(module, name)` (off by default,
/// when defining a name twice is an error, which catches mistakes such as defining WASI
/// twice).
#[no_mangle]
pub extern "C" fn wacapi_linker_allow_shadowing(linker: Option<&mut wacapi_linker_t>, allow: bool) {
    let linker = crate::handle::live_mut(linker);
    match linker {
        Some(l) => l.allow_shadowing = allow,
        None => set_last_error("wacapi_linker_allow_shadowing: linker is NULL"),
    }
}

/// Defines `item` (a function, global, table or memory of the linker's store) as the import
/// `module`.`name`. The linker keeps its own reference; the caller still owns `item`.
///
/// False, with the reason in `wacapi_last_error`, for NULL arguments, names that are not
/// UTF-8, an item of another store, or a name already defined (unless shadowing is allowed).
///
/// # Safety
/// `module` and `name` must be NULL or valid byte vectors.
#[no_mangle]
pub unsafe extern "C" fn wacapi_linker_define(
    linker: Option<&mut wacapi_linker_t>,
    module: *const wasm_name_t,
    name: *const wasm_name_t,
    item: Option<&wasm_extern_t>,
) -> bool {
    let linker = crate::handle::live_mut(linker);
    let item = crate::handle::live(item);
    const WHAT: &str = "wacapi_linker_define";
    let Some(linker) = linker else {
        set_last_error(format!("{WHAT}: linker is NULL"));
        return false;
    };
    run(WHAT, || {
        let module = name_arg("module", module)?;
        let name = name_arg("name", name)?;
        let item = item.ok_or("item is NULL")?;
        let ext = item
            .data
            .as_extern()
            .ok_or_else(|| format!("item is a {}, not an extern", item.data.kind_name()))?;
        if !item.store().is_some_and(|s| Rc::ptr_eq(s, &linker.store)) {
            return Err("item belongs to another store than the linker".into());
        }
        linker.insert(module, name, ext)
    })
}

/// Defines every export of `instance` as an import of module `module` under its export
/// name, so modules can import from each other (the usual way to link several modules).
///
/// False, with the reason in `wacapi_last_error`, as for `wacapi_linker_define`.
///
/// # Safety
/// `module` must be NULL or a valid byte vector.
#[no_mangle]
pub unsafe extern "C" fn wacapi_linker_define_instance(
    linker: Option<&mut wacapi_linker_t>,
    module: *const wasm_name_t,
    instance: Option<&wasm_instance_t>,
) -> bool {
    let linker = crate::handle::live_mut(linker);
    let instance = crate::handle::live(instance);
    const WHAT: &str = "wacapi_linker_define_instance";
    let Some(linker) = linker else {
        set_last_error(format!("{WHAT}: linker is NULL"));
        return false;
    };
    run(WHAT, || {
        let module = name_arg("module", module)?;
        let instance = instance.ok_or("instance is NULL")?;
        let RefData::Instance(data) = &instance.data else {
            return Err(format!("instance is a {}", instance.data.kind_name()));
        };
        if !instance
            .store()
            .is_some_and(|s| Rc::ptr_eq(s, &linker.store))
        {
            return Err("instance belongs to another store than the linker".into());
        }
        let exports: Vec<(Box<str>, wasmi::Extern)> = linker.store.with(|ctx| {
            data.module
                .exports
                .iter()
                .filter_map(|(n, _)| Some((n.clone(), data.instance.get_export(&ctx, n)?)))
                .collect()
        });
        // All or nothing: check every name before defining any.
        if !linker.allow_shadowing {
            if let Some((n, _)) = exports.iter().find(|(n, _)| {
                linker
                    .definitions
                    .contains_key(&(Box::from(module), n.clone()))
            }) {
                return Err(format!(
                    "\"{module}\".\"{n}\" is already defined (see wacapi_linker_allow_shadowing)"
                ));
            }
        }
        for (n, ext) in exports {
            linker.insert(module, &n, ext)?;
        }
        Ok(())
    })
}

/// Defines all of WASI preview 1 (module "wasi_snapshot_preview1") for the linker's store,
/// configured by `config`, which this call consumes (also when it fails).
///
/// The WASI context lives in the store, not in the linker: it is what the guest's `fd_write`
/// and friends use, and what `wacapi_wasi_stdout`/`wacapi_wasi_stderr` read. A store has one
/// WASI context; defining WASI again for the same store (with this or another linker)
/// replaces it. False, with the reason in `wacapi_last_error`, for NULL arguments, a WASI
/// name already defined in this linker (unless shadowing is allowed), or a configuration
/// wasi-common refuses.
///
/// # Safety
/// `config` must be NULL or a configuration whose ownership the caller passes (it must not
/// be used afterwards).
#[no_mangle]
pub unsafe extern "C" fn wacapi_linker_define_wasi(
    linker: Option<&mut wacapi_linker_t>,
    config: *mut wacapi_wasi_config_t,
) -> bool {
    let linker = crate::handle::live_mut(linker);
    let config = crate::handle::from_c(config);
    const WHAT: &str = "wacapi_linker_define_wasi";
    let Some(linker) = linker else {
        set_last_error(format!("{WHAT}: linker is NULL"));
        // Consumed in every case, as documented.
        guard(|| (), || drop(config));
        return false;
    };
    run(WHAT, || {
        let config = config.ok_or("config is NULL")?;
        if !linker.allow_shadowing {
            if let Some(((m, n), _)) = linker
                .definitions
                .iter()
                .find(|((m, _), _)| &**m == crate::wasi::WASI_MODULE)
            {
                return Err(format!(
                    "\"{m}\".\"{n}\" is already defined (see wacapi_linker_allow_shadowing)"
                ));
            }
        }
        let functions = linker
            .store
            .with(|mut ctx| crate::wasi::install(&mut ctx, Own::into_inner(config)))?;
        for (name, func) in functions {
            linker.insert(crate::wasi::WASI_MODULE, name, wasmi::Extern::Func(func))?;
        }
        Ok(())
    })
}

/// The definition of `module`.`name` as a new extern owned by the caller (delete it with
/// `wasm_extern_delete`), usable anywhere wasm.h takes an extern: passed to
/// `wasm_instance_new`, called with `wasm_func_call`, and so on. WASI functions work on the
/// calling instance's exported memory, so called directly from the host (no wasm caller)
/// they trap with "missing required WASI memory export". NULL, with the reason in
/// `wacapi_last_error`, when nothing of that name is defined.
///
/// # Safety
/// `module` and `name` must be NULL or valid byte vectors.
#[no_mangle]
pub unsafe extern "C" fn wacapi_linker_get(
    linker: Option<&wacapi_linker_t>,
    module: *const wasm_name_t,
    name: *const wasm_name_t,
) -> *mut wasm_extern_t {
    crate::handle::into_c(linker_get(linker, module, name))
}

unsafe fn linker_get(
    linker: Option<&wacapi_linker_t>,
    module: *const wasm_name_t,
    name: *const wasm_name_t,
) -> Option<Own<wasm_extern_t>> {
    let linker = crate::handle::live(linker);
    const WHAT: &str = "wacapi_linker_get";
    let Some(linker) = linker else {
        set_last_error(format!("{WHAT}: linker is NULL"));
        return None;
    };
    let mut found = None;
    run(WHAT, || {
        let module = name_arg("module", module)?;
        let name = name_arg("name", name)?;
        let ext = linker
            .definitions
            .get(&(Box::from(module), Box::from(name)))
            .ok_or_else(|| format!("\"{module}\".\"{name}\" is not defined"))?;
        found = Some(wasm_ref_t::boxed(
            Some(linker.store.clone()),
            RefData::from_extern(*ext),
        ));
        Ok(())
    });
    found
}

/// Instantiates `module` in the linker's store, resolving each import by its module and
/// name. Returns an ordinary instance (NULL on failure).
///
/// A missing import fails with `wacapi_last_error` naming it and the type the module
/// expects; an import of the wrong type names the expected and the given type. If the start
/// function traps, or a WASI command's start exits through `proc_exit`, `*trap` receives the
/// trap (else NULL; see `wacapi_trap_exit_code`).
///
/// # Safety
/// `trap` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wacapi_linker_instantiate(
    linker: Option<&wacapi_linker_t>,
    module: Option<&wasm_module_t>,
    trap: *mut *mut wasm_trap_t,
) -> *mut wasm_instance_t {
    crate::handle::into_c(linker_instantiate(linker, module, trap))
}

unsafe fn linker_instantiate(
    linker: Option<&wacapi_linker_t>,
    module: Option<&wasm_module_t>,
    trap: *mut *mut wasm_trap_t,
) -> Option<Own<wasm_instance_t>> {
    let linker = crate::handle::live(linker);
    let module = crate::handle::live(module);
    const WHAT: &str = "wacapi_linker_instantiate";
    if !trap.is_null() {
        trap.write(std::ptr::null_mut());
    }
    let (Some(linker), Some(module)) = (linker, module) else {
        set_last_error(format!("{WHAT}: linker or module is NULL"));
        return None;
    };
    let Some(inner) = module_inner(module) else {
        set_last_error(format!("{WHAT}: not a module"));
        return None;
    };
    let mut imports: Vec<Option<Own<wasm_extern_t>>> = Vec::with_capacity(inner.imports.len());
    let resolved = run(WHAT, || {
        for (m, n, ty) in &inner.imports {
            let Some(ext) = linker.definitions.get(&(m.clone(), n.clone())) else {
                return Err(format!(
                    "unknown import \"{m}\".\"{n}\": the module expects {}, the linker defines \
                     nothing of that name",
                    wasm_externtype_t::from_wasmi(ty).describe()
                ));
            };
            imports.push(Some(wasm_ref_t::boxed(
                Some(linker.store.clone()),
                RefData::from_extern(*ext),
            )));
        }
        Ok(())
    });
    if !resolved {
        return None;
    }
    let instance = crate::instance::instantiate(&linker.store, inner, &imports, trap);
    if instance.is_none() {
        // Same failure, told as ours.
        let message = std::ffi::CStr::from_ptr(crate::error::wacapi_last_error())
            .to_string_lossy()
            .into_owned();
        let message = message
            .strip_prefix("wasm_instance_new: ")
            .unwrap_or(&message);
        set_last_error(format!("{WHAT}: {message}"));
    }
    instance
}
