//! wasm-smith configuration limited to what wacapi's wasmi build accepts.
//!
//! wacapi builds wasmi 2.0 with the features `std`, `validate`, `stable` and `auto-dispatch`:
//! no `simd` and no `memory64`. Its engine config is wasmi's default, which enables the
//! mutable-global, multi-value, multi-memory, saturating float-to-int, sign-extension, bulk
//! memory, reference types, tail call and extended-const proposals and nothing else. The
//! generated modules use exactly that set, chosen per input (swarm testing) from wasm-smith's
//! own `Arbitrary` config, with sizes bounded so one input stays fast.

use arbitrary::{Result, Unstructured};
use wasm_smith::{Config, Module};

use crate::limits::{MEMORY_CAP, TABLE_MIN_LIMIT};

/// A config for one input: wasm-smith's arbitrary choice, then the feature and size limits.
pub fn config(u: &mut Unstructured<'_>) -> Result<Config> {
    let mut c: Config = u.arbitrary()?;
    // Proposals wacapi's wasmi does not compile in or does not enable.
    c.simd_enabled = false;
    c.relaxed_simd_enabled = false;
    c.memory64_enabled = false;
    c.threads_enabled = false;
    c.shared_everything_threads_enabled = false;
    c.exceptions_enabled = false;
    c.gc_enabled = false;
    c.custom_page_sizes_enabled = false;
    c.wide_arithmetic_enabled = false;
    // Components are not wasm.h's business.
    c.max_components = 0;
    c.max_instances = 0;
    c.max_modules = 0;
    // Sizes: small modules run many times per second; memories may start a little above the
    // store's cap so that the cap's failure path is exercised too.
    c.max_memory32_bytes = c.max_memory32_bytes.min(2 * MEMORY_CAP as u64);
    c.max_table_elements = c.max_table_elements.min(TABLE_MIN_LIMIT / 10);
    c.table_max_size_required = true;
    c.max_funcs = c.max_funcs.min(50);
    c.max_imports = c.max_imports.min(30);
    c.max_exports = c.max_exports.min(50);
    c.max_instructions = c.max_instructions.min(400);
    c.max_types = c.max_types.min(50);
    c.max_globals = c.max_globals.min(30);
    c.max_data_segments = c.max_data_segments.min(20);
    c.max_element_segments = c.max_element_segments.min(20);
    c.max_elements = c.max_elements.min(100);
    c.max_memories = c.max_memories.min(4);
    c.max_tables = c.max_tables.min(4);
    c.max_type_size = c.max_type_size.min(200);
    // Mostly export everything, so that every function is called.
    c.export_everything = u.ratio(3, 4)?;
    c.canonicalize_nans = false;
    Ok(c)
}

/// A valid module binary from `u` under [`config`].
pub fn module_bytes(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    let config = config(u)?;
    Ok(Module::new(config, u)?.to_bytes())
}
