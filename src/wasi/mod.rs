//! WASI preview 1 for C hosts: the functions a linker defines, over the per-store WASI state
//! (src/store/wasi.rs) built from a configuration (config.rs, state.rs).
//!
//! The system calls are wasmi_wasi's (wasi-common underneath); this module only builds their
//! context from a `wacapi_wasi_config_t`, adds read-only preopens (see [`readonly`]) and keeps
//! captured standard output and error where C can read them after the run.
//!
//! Where things live: a store has at most one WASI context, in its `StoreData`, because
//! wasmi_wasi's host functions find their context through the data of the store that calls
//! them. `wacapi_linker_define_wasi` puts it there and makes the WASI functions as ordinary
//! functions of that store; defining WASI again for the same store replaces the context (for
//! every linker of the store). Captured output belongs to that context, so it can be read
//! with `wacapi_wasi_stdout`/`wacapi_wasi_stderr` for as long as the store lives.
//!
//! Nothing of the host is visible unless the configuration asks: no arguments, no
//! environment variables, no standard streams and no directories by default.
//!
//! wasmtime's `wasi_config_*` names (include/wasi.h) are thin entry points over the same
//! configuration, in `compat`.

/// cbindgen:ignore
mod compat;
mod config;
mod output;
pub(crate) mod readonly;
mod state;

pub use compat::*;
pub use config::*;
pub use output::*;

use crate::store::{Ctx, StoreData, WasiState};
use wasmi_wasi::WasiCtx;

/// The module name of every WASI preview 1 import.
pub(crate) const WASI_MODULE: &str = "wasi_snapshot_preview1";

/// How wasmi_wasi's functions reach the context: through the calling store's data.
fn wasi_ctx(data: &mut StoreData) -> &mut WasiCtx {
    match &mut data.wasi {
        Some(state) => &mut state.ctx,
        // The WASI functions are made only by `install`, right after it sets the state, and
        // the state is never removed afterwards (only replaced).
        None => unreachable!("WASI function called in a store without WASI state"),
    }
}

/// Makes `config` the WASI context of the store and returns every WASI preview 1 function
/// as a function of that store, with its import name.
pub(crate) fn install(
    ctx: &mut Ctx<'_>,
    config: wacapi_wasi_config_t,
) -> Result<Vec<(&'static str, wasmi::Func)>, String> {
    let state = WasiState::build(config)?;
    let previous = ctx.data_mut().wasi.replace(state);
    drop(previous);
    use wasmi_wasi::sync::snapshots::preview_1::wrapped;
    // All of preview 1 as wasmi_wasi 2.0 defines it (its `add_to_linker` list); `wrapped`
    // makes each one a closure that `Func::wrap` turns into a store function.
    macro_rules! functions {
        ($($name:ident)*) => {
            vec![$(
                (
                    stringify!($name),
                    wasmi::Func::wrap(&mut *ctx, wrapped::$name::<StoreData, WasiCtx>(wasi_ctx)),
                ),
            )*]
        };
    }
    Ok(functions!(
        args_get args_sizes_get environ_get environ_sizes_get clock_res_get clock_time_get
        fd_advise fd_allocate fd_close fd_datasync fd_fdstat_get fd_fdstat_set_flags
        fd_fdstat_set_rights fd_filestat_get fd_filestat_set_size fd_filestat_set_times
        fd_pread fd_prestat_get fd_prestat_dir_name fd_pwrite fd_read fd_readdir fd_renumber
        fd_seek fd_sync fd_tell fd_write path_create_directory path_filestat_get
        path_filestat_set_times path_link path_open path_readlink path_remove_directory
        path_rename path_symlink path_unlink_file poll_oneoff proc_exit proc_raise sched_yield
        random_get sock_accept sock_recv sock_send sock_shutdown
    ))
}
