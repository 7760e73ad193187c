//! The data of an instance object: the wasmi instance and the module it came from. The
//! `wasm_instance_t` functions are in src/instance.rs.

use super::ModuleInner;
use std::sync::Arc;

/// A wasmi instance with the module it came from (for export order).
#[derive(Clone)]
pub(crate) struct InstanceData {
    pub(crate) instance: wasmi::Instance,
    pub(crate) module: Arc<ModuleInner>,
}
