//! The memory limiter of a store: the cap of `wacapi_store_set_max_memory` and the grow hook
//! of `wacapi_store_set_memory_grow_hook` (those setters are in src/limits.rs), kept in the
//! store's data because wasmi asks the store data for its limiter.

use std::ffi::c_void;

/// The memory cap and grow hook of a store, and the wasmi limits that enforce the cap.
///
/// wasmi's `StoreLimits` with its per-store counts of instances, tables and memories lifted
/// (its defaults would cap each at 10,000), so that only the memory size is limited. wasmi
/// consults this only once it is installed as the store's limiter ([`MemoryLimiter::install`]),
/// which happens the first time a cap or a grow hook is set.
#[derive(Debug)]
pub(crate) struct MemoryLimiter {
    cap: Option<usize>,
    pub(crate) limits: wasmi::StoreLimits,
    /// Asked before any memory of the store grows (see `wacapi_store_set_memory_grow_hook`).
    pub(crate) hook: Option<GrowHook>,
    /// Whether wasmi has been told to consult this limiter.
    installed: bool,
}

/// A host function that may veto the growth of a memory, with its environment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GrowHook {
    pub(crate) callback: unsafe extern "C" fn(*mut c_void, usize, usize) -> bool,
    pub(crate) env: *mut c_void,
}

impl MemoryLimiter {
    /// Caps each linear memory at `bytes`.
    pub(crate) fn set_cap(&mut self, bytes: usize) {
        self.cap = Some(bytes);
        self.limits = limits(Some(bytes));
    }

    /// Makes wasmi consult this limiter for every growth in `store`; false from inside a host
    /// callback (the first time), because then wasmi holds the store.
    pub(crate) fn install(inner: &super::StoreInner) -> bool {
        let installed = inner.with(|ctx| ctx.data().limiter.installed);
        if installed {
            return true;
        }
        inner
            .with_store_mut(|s| {
                s.data_mut().limiter.installed = true;
                s.limiter(|data| &mut data.limiter);
            })
            .is_some()
    }
}

impl wasmi::ResourceLimiter for MemoryLimiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, wasmi_core::LimiterError> {
        if !self.limits.memory_growing(current, desired, maximum)? {
            return Ok(false);
        }
        match self.hook {
            // SAFETY: the host registered this function and environment for this store.
            Some(h) => Ok(unsafe { (h.callback)(h.env, current, desired) }),
            None => Ok(true),
        }
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, wasmi_core::LimiterError> {
        self.limits.table_growing(current, desired, maximum)
    }

    fn instances(&self) -> usize {
        self.limits.instances()
    }

    fn tables(&self) -> usize {
        self.limits.tables()
    }

    fn memories(&self) -> usize {
        self.limits.memories()
    }
}

impl Default for MemoryLimiter {
    fn default() -> Self {
        Self {
            cap: None,
            limits: limits(None),
            hook: None,
            installed: false,
        }
    }
}

/// wasmi limits with only the memory size (possibly) capped.
fn limits(memory_bytes: Option<usize>) -> wasmi::StoreLimits {
    let builder = wasmi::StoreLimitsBuilder::new()
        .instances(usize::MAX)
        .tables(usize::MAX)
        .memories(usize::MAX);
    match memory_bytes {
        Some(bytes) => builder.memory_size(bytes),
        None => builder,
    }
    .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmi::ResourceLimiter;

    #[test]
    fn limiter_caps_memory_only() {
        let mut l = MemoryLimiter::default();
        assert!(l.limits.memory_growing(0, 1 << 40, None).unwrap());
        l.set_cap(65536);
        assert!(l.limits.memory_growing(0, 65536, None).unwrap());
        assert!(!l.limits.memory_growing(65536, 131072, None).unwrap());
        assert!(l.limits.table_growing(0, 1_000_000, None).unwrap());
        assert_eq!(l.limits.instances(), usize::MAX);
        assert_eq!(l.limits.memories(), usize::MAX);
    }
}
