//! The WASI state of a store: its `WasiCtx` and the buffers captured output goes to. It is
//! part of the store's data because wasmi_wasi's host functions reach their `WasiCtx` through
//! the data of the calling store; src/wasi/ builds it from a configuration and reads it.

use std::sync::{Arc, RwLock};
use wasmi_wasi::WasiCtx;

/// A buffer collecting one captured output stream; shared with wasi-common's `WritePipe`.
pub(crate) type Capture = Arc<RwLock<Vec<u8>>>;

/// A store's WASI context plus the buffers its captured output goes to.
pub(crate) struct WasiState {
    pub(crate) ctx: WasiCtx,
    pub(crate) stdout: Option<Capture>,
    pub(crate) stderr: Option<Capture>,
}
