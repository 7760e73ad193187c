//! What a reference object denotes: [`RefData`], one variant per kind, with the data of the
//! kinds that are not plain wasmi handles (instances, modules, traps). It sits below
//! `wasm_ref_t` (src/ref.rs) so that the object can hold every kind while the modules of the
//! kinds (func.rs, instance.rs, module.rs, trap.rs, ...) build on the object.

mod instance;
mod module;
mod trap;

pub(crate) use instance::InstanceData;
pub(crate) use module::{Import, ModuleInner};
pub(crate) use trap::{HostTrap, TrapData};

use crate::host_info::Identity;
use std::sync::Arc;

/// What a reference object denotes.
#[derive(Clone)]
pub(crate) enum RefData {
    Func(wasmi::Func),
    Global(wasmi::Global),
    Table(wasmi::Table),
    Memory(wasmi::Memory),
    Instance(InstanceData),
    Module(Arc<ModuleInner>),
    Trap(Arc<TrapData>),
    /// A foreign object: an externref whose payload is [`ExternPayload::Foreign`].
    Foreign(wasmi::ExternRef),
}

/// The payload we put into wasmi externrefs: a foreign object, or another reference object
/// passed as `externref` (it comes back as that same object).
pub(crate) enum ExternPayload {
    Foreign,
    Object(RefData),
}

// SAFETY: the handles inside are plain indices; Arc'd module/trap data is Send + Sync.
unsafe impl Send for ExternPayload {}
unsafe impl Sync for ExternPayload {}

/// The 8 bytes of a wasmi handle (store id + index), used as its identity.
#[inline]
fn handle_bits<H: Copy>(handle: &H) -> u64 {
    const { assert!(std::mem::size_of::<H>() == 8) };
    // SAFETY: wasmi handles are two initialised 32-bit integers without padding.
    unsafe { std::mem::transmute_copy::<H, u64>(handle) }
}

impl RefData {
    /// The identity of the denoted entity.
    pub(crate) fn identity(&self) -> Identity {
        match self {
            RefData::Func(f) => (1, handle_bits(f)),
            RefData::Global(g) => (2, handle_bits(g)),
            RefData::Table(t) => (3, handle_bits(t)),
            RefData::Memory(m) => (4, handle_bits(m)),
            RefData::Instance(i) => (5, handle_bits(&i.instance)),
            RefData::Module(m) => (6, Arc::as_ptr(m) as usize as u64),
            RefData::Trap(t) => (7, t.id),
            RefData::Foreign(e) => (8, handle_bits(e)),
        }
    }

    /// Name of the kind for messages.
    pub(crate) fn kind_name(&self) -> &'static str {
        match self {
            RefData::Func(_) => "func",
            RefData::Global(_) => "global",
            RefData::Table(_) => "table",
            RefData::Memory(_) => "memory",
            RefData::Instance(_) => "instance",
            RefData::Module(_) => "module",
            RefData::Trap(_) => "trap",
            RefData::Foreign(_) => "foreign",
        }
    }

    /// The wasmi extern of a func/global/table/memory.
    pub(crate) fn as_extern(&self) -> Option<wasmi::Extern> {
        Some(match self {
            RefData::Func(f) => wasmi::Extern::Func(*f),
            RefData::Global(g) => wasmi::Extern::Global(*g),
            RefData::Table(t) => wasmi::Extern::Table(*t),
            RefData::Memory(m) => wasmi::Extern::Memory(*m),
            _ => return None,
        })
    }

    /// The ref data of a wasmi extern.
    pub(crate) fn from_extern(ext: wasmi::Extern) -> Self {
        match ext {
            wasmi::Extern::Func(f) => RefData::Func(f),
            wasmi::Extern::Global(g) => RefData::Global(g),
            wasmi::Extern::Table(t) => RefData::Table(t),
            wasmi::Extern::Memory(m) => RefData::Memory(m),
        }
    }
}
