//! `wasm_foreign_t`: host objects that travel through wasm as `externref`.
//!
//! A foreign object is a wasmi externref with our marker payload; whatever wasm does with it,
//! it comes back as the same entity (`wasm_foreign_same`, same host info).

use crate::error::set_last_error;
use crate::handle::Own;
use crate::r#ref::{declare_ref, wasm_ref_t, ExternPayload, RefData};
use crate::store::wasm_store_t;

/// A foreign object is a reference object of the foreign kind.
pub type wasm_foreign_t = wasm_ref_t;

/// Makes a new foreign object in `store` (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_foreign_new(store: Option<&wasm_store_t>) -> Option<Own<wasm_foreign_t>> {
    let store = crate::handle::live(store);
    let Some(store) = store else {
        set_last_error("wasm_foreign_new: store is NULL");
        return None;
    };
    crate::error::guard(
        || None,
        || {
            let e = store
                .inner
                .with(|ctx| wasmi::ExternRef::new(ctx, ExternPayload::Foreign));
            Some(wasm_ref_t::boxed(
                Some(store.inner.clone()),
                RefData::Foreign(e),
            ))
        },
    )
}

declare_ref!(foreign);
