//! The bounds every run stays within, so that no input can hang or exhaust the fuzzer.
//!
//! Time is bounded by fuel (both wacapi and the reference meter the same wasmi fuel), memory by
//! wacapi's per-store memory cap and the same `StoreLimits` cap in the reference. Tables have
//! no cap in wacapi's API, so the driver refuses to instantiate a module whose tables start
//! too large; growth later is bounded by fuel, which wasmi charges per element.

/// Fuel given to the start function and again before every call.
pub const FUEL_PER_CALL: u64 = 20_000;

/// Bytes each linear memory may reach (`wacapi_store_set_max_memory`).
pub const MEMORY_CAP: usize = 4 << 20;

/// The largest initial table size (defined or imported) the driver instantiates.
pub const TABLE_MIN_LIMIT: u64 = 100_000;

/// Calls made per run at most, over all exports and rounds.
pub const MAX_CALLS: usize = 32;

/// How many leading table elements the final state records.
pub const TABLE_PEEK: u32 = 64;

/// True when every table the binary declares or imports starts at most at
/// [`TABLE_MIN_LIMIT`] elements. Unparsable input counts as within the limit: it will not
/// instantiate anyway.
pub fn tables_within_limit(wasm: &[u8]) -> bool {
    use wasmparser::{Parser, Payload, TypeRef};
    for payload in Parser::new(0).parse_all(wasm) {
        let Ok(payload) = payload else { return true };
        match payload {
            Payload::ImportSection(reader) => {
                for import in reader.into_iter().flatten() {
                    if let TypeRef::Table(t) = import.ty {
                        if t.initial > TABLE_MIN_LIMIT {
                            return false;
                        }
                    }
                }
            }
            Payload::TableSection(reader) => {
                for table in reader.into_iter().flatten() {
                    if table.ty.initial > TABLE_MIN_LIMIT {
                        return false;
                    }
                }
            }
            _ => {}
        }
    }
    true
}
