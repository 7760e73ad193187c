//! `wasm_module_t` and `wasm_shared_module_t`: compiled modules.
//!
//! A module belongs to the engine, not to one store: it is an `Arc` of [`ModuleInner`] and
//! may be shared across threads (`wasm_module_share`/`wasm_module_obtain`). Imports and
//! exports are reported in declaration order; wasmi keeps exports in a name-ordered map, so
//! the order is read from the binary's export section.

pub(crate) use crate::entity::{Import, ModuleInner};
use crate::error::{fail, guard, set_last_error};
use crate::handle::Own;
use crate::r#ref::{declare_ref, wasm_ref_t, with_obj, RefData, SharedHostInfo};
use crate::store::wasm_store_t;
use crate::types::*;
use crate::vec::{wasm_byte_vec_t, OwnedName};
use std::sync::Arc;

/// A module is a reference object of the module kind.
pub type wasm_module_t = wasm_ref_t;

impl ModuleInner {
    /// Compiles and validates `binary` for `engine`.
    pub(crate) fn compile(engine: &wasmi::Engine, binary: &[u8]) -> Result<Arc<Self>, String> {
        let module =
            wasmi::Module::new(engine, binary).map_err(|e| format!("invalid module: {e}"))?;
        Self::describe(module, binary)
    }

    /// Compiles `binary` for `engine` without validating it, for a trusted cache entry.
    ///
    /// # Safety
    /// `binary` must be a module that an engine with `engine`'s configuration validated.
    unsafe fn compile_validated(
        engine: &wasmi::Engine,
        binary: &[u8],
    ) -> Result<Arc<Self>, String> {
        // SAFETY: the caller vouches for the binary's validity under this configuration.
        let module = unsafe { wasmi::Module::new_unchecked(engine, binary) }
            .map_err(|e| format!("invalid module: {e}"))?;
        Self::describe(module, binary)
    }

    /// The module object of a compiled `module`: imports and exports in declaration order.
    fn describe(module: wasmi::Module, binary: &[u8]) -> Result<Arc<Self>, String> {
        let order = declaration_order(binary)?;
        // wasmi lists imports grouped by kind (funcs, tables, memories, globals), keeping the
        // declaration order within a kind; undo the grouping.
        let mut by_kind: [Vec<Import>; 4] = Default::default();
        for i in module.imports() {
            by_kind[import_kind(i.ty())].push((
                Box::from(i.module()),
                Box::from(i.name()),
                i.ty().clone(),
            ));
        }
        let mut cursors = [0usize; 4];
        let mut imports = Vec::with_capacity(order.imports.len());
        for kind in &order.imports {
            let item = by_kind[*kind]
                .get(cursors[*kind])
                .cloned()
                .ok_or_else(|| "import section does not match the compiled module".to_string())?;
            cursors[*kind] += 1;
            imports.push(item);
        }
        let wasmi_order = wasmi_import_order(&order.imports);
        let mut exports = Vec::new();
        for name in order.exports {
            let ty = module
                .get_export(&name)
                .ok_or_else(|| format!("export {name:?} not found"))?;
            exports.push((name, ty));
        }
        Ok(Arc::new(Self {
            module,
            binary: crate::vec::try_copy(binary)?.into_boxed_slice(),
            imports,
            wasmi_order,
            exports,
            host_info: SharedHostInfo::default(),
        }))
    }

    /// This module for `engine`: itself, or recompiled when it was made by another engine.
    pub(crate) fn for_engine(
        self: &Arc<Self>,
        engine: &wasmi::Engine,
    ) -> Result<Arc<Self>, String> {
        if wasmi::Engine::same(self.module.engine(), engine) {
            Ok(self.clone())
        } else {
            Self::compile(engine, &self.binary)
        }
    }
}

/// Import kinds and export names of a (validated) binary, in declaration order.
struct DeclarationOrder {
    /// Kind index of each import (0 func, 1 table, 2 memory, 3 global: wasmi's grouping).
    imports: Vec<usize>,
    exports: Vec<Box<str>>,
}

/// The kind index of an import type, in wasmi's grouping order.
fn import_kind(ty: &wasmi::ExternType) -> usize {
    match ty {
        wasmi::ExternType::Func(_) => 0,
        wasmi::ExternType::Table(_) => 1,
        wasmi::ExternType::Memory(_) => 2,
        wasmi::ExternType::Global(_) => 3,
    }
}

/// Declaration index of each import, listed in wasmi's (kind-grouped) order.
fn wasmi_import_order(kinds: &[usize]) -> Vec<usize> {
    (0..4)
        .flat_map(|k| {
            kinds
                .iter()
                .enumerate()
                .filter(move |(_, kk)| **kk == k)
                .map(|(i, _)| i)
        })
        .collect()
}

/// Reads the import and export sections for their order.
fn declaration_order(binary: &[u8]) -> Result<DeclarationOrder, String> {
    let bad = |e: wasmparser::BinaryReaderError| format!("invalid module: {e}");
    let mut order = DeclarationOrder {
        imports: Vec::new(),
        exports: Vec::new(),
    };
    for payload in wasmparser::Parser::new(0).parse_all(binary) {
        match payload.map_err(bad)? {
            wasmparser::Payload::ImportSection(reader) => {
                for import in reader {
                    order.imports.push(match import.map_err(bad)?.ty {
                        wasmparser::TypeRef::Func(_) => 0,
                        wasmparser::TypeRef::Table(_) => 1,
                        wasmparser::TypeRef::Memory(_) => 2,
                        wasmparser::TypeRef::Global(_) => 3,
                        wasmparser::TypeRef::Tag(_) => {
                            return Err("invalid module: tag imports are not supported".into())
                        }
                    });
                }
            }
            wasmparser::Payload::ExportSection(reader) => {
                for export in reader {
                    order.exports.push(Box::from(export.map_err(bad)?.name));
                }
                break;
            }
            wasmparser::Payload::CodeSectionStart { .. } | wasmparser::Payload::DataSection(_) => {
                break
            }
            _ => {}
        }
    }
    Ok(order)
}

/// The module data of a module object.
pub(crate) fn module_inner(m: &wasm_module_t) -> Option<&Arc<ModuleInner>> {
    match &m.data {
        RefData::Module(inner) => Some(inner),
        _ => None,
    }
}

/// A boxed module object.
pub(crate) fn new_module_object(inner: Arc<ModuleInner>) -> Own<wasm_module_t> {
    wasm_ref_t::boxed(None, RefData::Module(inner))
}

/// Compiles a module from the binary format; NULL with the validation error (and its byte
/// offset) in `wacapi_last_error` for bad bytes.
///
/// # Safety
/// `binary` must be NULL or a valid byte vector.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_new(
    store: Option<&wasm_store_t>,
    binary: *const wasm_byte_vec_t,
) -> Option<Own<wasm_module_t>> {
    let store = crate::handle::live(store);
    let (Some(store), Some(binary)) = (store, binary.as_ref()) else {
        return fail("wasm_module_new: store or binary is NULL");
    };
    guard(
        || None,
        || match ModuleInner::compile(&store.inner.engine(), binary.bytes()) {
            Ok(inner) => Some(new_module_object(inner)),
            Err(e) => fail(e),
        },
    )
}

/// True when `binary` is a valid module (the reason for false is in `wacapi_last_error`).
///
/// # Safety
/// `binary` must be NULL or a valid byte vector.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_validate(
    store: Option<&wasm_store_t>,
    binary: *const wasm_byte_vec_t,
) -> bool {
    let store = crate::handle::live(store);
    let (Some(store), Some(binary)) = (store, binary.as_ref()) else {
        set_last_error("wasm_module_validate: store or binary is NULL");
        return false;
    };
    guard(
        || false,
        || match wasmi::Module::validate(&store.inner.engine(), binary.bytes()) {
            Ok(()) => true,
            Err(e) => {
                set_last_error(format!("invalid module: {e}"));
                false
            }
        },
    )
}

/// The imports in declaration order (empty for NULL).
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_imports(
    m: Option<&wasm_module_t>,
    out: *mut wasm_importtype_vec_t,
) {
    let m = crate::handle::live(m);
    if out.is_null() {
        return;
    }
    let v = with_obj(
        m,
        "wasm_module_imports",
        || wasm_importtype_vec_t::EMPTY,
        |m| {
            let Some(inner) = module_inner(m) else {
                return wasm_importtype_vec_t::EMPTY;
            };
            wasm_importtype_vec_t::from_vec(
                inner
                    .imports
                    .iter()
                    .map(|(module, name, ty)| {
                        Some(Own::new(wasm_importtype_t {
                            module: OwnedName::new(module.as_bytes()),
                            name: OwnedName::new(name.as_bytes()),
                            ty: wasm_externtype_t::from_wasmi(ty),
                        }))
                    })
                    .collect(),
            )
        },
    );
    out.write(v);
}

/// The exports in declaration order (empty for NULL).
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_exports(
    m: Option<&wasm_module_t>,
    out: *mut wasm_exporttype_vec_t,
) {
    let m = crate::handle::live(m);
    if out.is_null() {
        return;
    }
    let v = with_obj(
        m,
        "wasm_module_exports",
        || wasm_exporttype_vec_t::EMPTY,
        |m| {
            let Some(inner) = module_inner(m) else {
                return wasm_exporttype_vec_t::EMPTY;
            };
            wasm_exporttype_vec_t::from_vec(
                inner
                    .exports
                    .iter()
                    .map(|(name, ty)| {
                        Some(Own::new(wasm_exporttype_t {
                            name: OwnedName::new(name.as_bytes()),
                            ty: wasm_externtype_t::from_wasmi(ty),
                        }))
                    })
                    .collect(),
            )
        },
    );
    out.write(v);
}

/// Serializes the module in wacapi's format (see `serialize.rs`); empty for NULL.
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_serialize(
    m: Option<&wasm_module_t>,
    out: *mut wasm_byte_vec_t,
) {
    let m = crate::handle::live(m);
    if out.is_null() {
        return;
    }
    let v = with_obj(
        m,
        "wasm_module_serialize",
        || wasm_byte_vec_t::EMPTY,
        |m| match module_inner(m) {
            Some(inner) => match crate::serialize::encode(&inner.binary, inner.module.engine()) {
                Ok(bytes) => wasm_byte_vec_t::from_vec(bytes),
                Err(e) => {
                    set_last_error(format!("wasm_module_serialize: {e}"));
                    wasm_byte_vec_t::EMPTY
                }
            },
            None => wasm_byte_vec_t::EMPTY,
        },
    );
    out.write(v);
}

/// Rebuilds a module from `wasm_module_serialize` output; corrupted, truncated or foreign
/// input gives NULL with the reason in `wacapi_last_error`. The module is validated again, so
/// any bytes are safe here (`wacapi_module_deserialize_trusted` serves a cache that skips it).
///
/// # Safety
/// `bytes` must be NULL or a valid byte vector.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_deserialize(
    store: Option<&wasm_store_t>,
    bytes: *const wasm_byte_vec_t,
) -> Option<Own<wasm_module_t>> {
    // SAFETY: the caller passes NULL or a valid byte vector.
    unsafe { deserialize(store, bytes, false, "wasm_module_deserialize") }
}

/// The two deserializers (this and `wacapi_module_deserialize_trusted`); `trusted` skips
/// validation when the envelope says it may.
pub(crate) unsafe fn deserialize(
    store: Option<&wasm_store_t>,
    bytes: *const wasm_byte_vec_t,
    trusted: bool,
    what: &str,
) -> Option<Own<wasm_module_t>> {
    let store = crate::handle::live(store);
    // SAFETY: the caller passes NULL or a valid byte vector.
    let (Some(store), Some(bytes)) = (store, unsafe { bytes.as_ref() }) else {
        return fail(format!("{what}: store or bytes is NULL"));
    };
    guard(
        || None,
        || {
            let engine = store.inner.engine();
            let entry = match crate::serialize::decode(bytes.bytes()) {
                Ok(e) => e,
                Err(e) => return fail(format!("{what}: {e}")),
            };
            let compiled =
                if trusted && entry.config == crate::serialize::config_fingerprint(&engine) {
                    // SAFETY: the bytes are the caller's own cache entry, written by this library
                    // version for a module it validated under this engine configuration.
                    unsafe { ModuleInner::compile_validated(&engine, entry.binary) }
                } else {
                    ModuleInner::compile(&engine, entry.binary)
                };
            match compiled {
                Ok(inner) => Some(new_module_object(inner)),
                Err(e) => fail(format!("{what}: {e}")),
            }
        },
    )
}

declare_ref!(module);

/// A module handle that may be sent to another thread and obtained into a store there.
pub struct wasm_shared_module_t {
    inner: Arc<ModuleInner>,
}

crate::handle::handle_type!(wasm_shared_module_t = SharedModule);

/// Shares a module for use on other threads (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_module_share(
    m: Option<&wasm_module_t>,
) -> Option<Own<wasm_shared_module_t>> {
    crate::error::guard(
        || None,
        || {
            let m = crate::handle::live(m);
            let inner = m.and_then(module_inner)?;
            Some(Own::new(wasm_shared_module_t {
                inner: inner.clone(),
            }))
        },
    )
}

/// A module object for `store` from a shared module (recompiled if the store's engine is
/// another one); NULL for NULL.
#[no_mangle]
pub extern "C" fn wasm_module_obtain(
    store: Option<&wasm_store_t>,
    shared: Option<&wasm_shared_module_t>,
) -> Option<Own<wasm_module_t>> {
    let store = crate::handle::live(store);
    let shared = crate::handle::live(shared);
    let (Some(store), Some(shared)) = (store, shared) else {
        return fail("wasm_module_obtain: store or shared module is NULL");
    };
    guard(
        || None,
        || match shared.inner.for_engine(&store.inner.engine()) {
            Ok(inner) => Some(new_module_object(inner)),
            Err(e) => fail(format!("wasm_module_obtain: {e}")),
        },
    )
}

/// Deletes a shared module handle (NULL is a no-op).
#[no_mangle]
pub extern "C" fn wasm_shared_module_delete(shared: Option<Own<wasm_shared_module_t>>) {
    let shared = crate::handle::live_own(shared);
    guard(|| (), || drop(shared));
}
