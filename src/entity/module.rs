//! The data of a compiled module: the wasmi module, its binary and its imports and exports in
//! declaration order. Compiling one and the `wasm_module_t` functions are in src/module.rs.

use crate::host_info::SharedHostInfo;

/// One import: module name, field name, type.
pub(crate) type Import = (Box<str>, Box<str>, wasmi::ExternType);

/// A compiled module with its imports and exports in declaration order.
pub(crate) struct ModuleInner {
    pub(crate) module: wasmi::Module,
    /// The validated binary, for serialization and recompilation in another engine.
    pub(crate) binary: Box<[u8]>,
    /// Imports in declaration order.
    pub(crate) imports: Vec<Import>,
    /// For each import in wasmi's order, its index in declaration order.
    pub(crate) wasmi_order: Vec<usize>,
    /// Exports in declaration order.
    pub(crate) exports: Vec<(Box<str>, wasmi::ExternType)>,
    pub(crate) host_info: SharedHostInfo,
}
