//! WASI preview 1 for C hosts: a configuration object, the per-store WASI state and the
//! functions a linker defines.
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

use crate::handle::Own;
/// cbindgen:ignore
mod compat;
pub(crate) mod readonly;
pub use compat::*;

use crate::error::{guard, set_last_error};
use crate::store::{wasm_store_t, Capture, Ctx, StoreData, WasiState};
use crate::vec::wasm_byte_vec_t;
use std::ffi::{c_char, CStr};
use std::sync::{Arc, RwLock};
use wasmi_wasi::wasi_common::pipe::{ReadPipe, WritePipe};
use wasmi_wasi::WasiCtx;

/// The module name of every WASI preview 1 import.
pub(crate) const WASI_MODULE: &str = "wasi_snapshot_preview1";

/// Where a guest's standard input comes from.
enum Stdin {
    /// Connected to nothing: reads see end of file.
    Closed,
    /// The host process's standard input.
    Inherit,
    /// These bytes, then end of file.
    Bytes(Vec<u8>),
    /// A host file, opened when it was configured (wasi.h's `wasi_config_set_stdin_file`).
    File(std::fs::File),
}

/// Where a guest's standard output or error goes.
enum Output {
    /// Connected to nothing: writes succeed and are discarded.
    Closed,
    /// The host process's stream.
    Inherit,
    /// A buffer in the store's WASI state, read with `wacapi_wasi_stdout`/`_stderr`.
    Capture,
    /// A host file, created (or truncated) when it was configured (wasi.h's
    /// `wasi_config_set_stdout_file`/`_stderr_file`); it stays open as long as the context.
    File(std::fs::File),
}

/// A preopened directory, opened on the host when it was configured.
struct Preopen {
    dir: wasmi_wasi::sync::Dir,
    guest_path: String,
    read_only: bool,
}

/// What a guest sees of the host through WASI, gathered before the guest runs.
///
/// Made by `wacapi_wasi_config_new`, filled by the `wacapi_wasi_config_*` setters and
/// consumed by `wacapi_linker_define_wasi`. By default the guest gets nothing: no arguments,
/// no environment, standard streams connected to nothing (input at end of file, output
/// discarded), no directories.
pub struct wacapi_wasi_config_t {
    args: Vec<String>,
    inherit_args: bool,
    env: Vec<(String, String)>,
    inherit_env: bool,
    stdin: Stdin,
    stdout: Output,
    stderr: Output,
    preopens: Vec<Preopen>,
}

crate::handle::handle_type!(wacapi_wasi_config_t = WasiConfig);

impl WasiState {
    /// Builds the WASI context a configuration describes.
    fn build(config: wacapi_wasi_config_t) -> Result<Self, String> {
        let mut builder = wasmi_wasi::WasiCtxBuilder::new();
        let bad_string =
            |what: &str, e: wasmi_wasi::wasi_common::StringArrayError| format!("{what}: {e}");
        if config.inherit_args {
            builder
                .inherit_args()
                .map_err(|e| bad_string("inherited arguments", e))?;
        } else {
            builder
                .args(&config.args)
                .map_err(|e| bad_string("arguments", e))?;
        }
        if config.inherit_env {
            builder
                .inherit_env()
                .map_err(|e| bad_string("inherited environment", e))?;
        } else {
            builder
                .envs(&config.env)
                .map_err(|e| bad_string("environment", e))?;
        }
        match config.stdin {
            Stdin::Closed => {}
            Stdin::Inherit => {
                builder.inherit_stdin();
            }
            Stdin::Bytes(bytes) => {
                builder.stdin(Box::new(ReadPipe::new(std::io::Cursor::new(bytes))));
            }
            // A stream, like the bytes: the guest reads it from the start and cannot seek.
            Stdin::File(file) => {
                builder.stdin(Box::new(ReadPipe::new(file)));
            }
        }
        let stdout = match config.stdout {
            Output::Closed => None,
            Output::Inherit => {
                builder.inherit_stdout();
                None
            }
            Output::Capture => {
                let buffer = Arc::new(RwLock::new(Vec::new()));
                builder.stdout(Box::new(WritePipe::from_shared(buffer.clone())));
                Some(buffer)
            }
            Output::File(file) => {
                builder.stdout(Box::new(WritePipe::new(file)));
                None
            }
        };
        let stderr = match config.stderr {
            Output::Closed => None,
            Output::Inherit => {
                builder.inherit_stderr();
                None
            }
            Output::Capture => {
                let buffer = Arc::new(RwLock::new(Vec::new()));
                builder.stderr(Box::new(WritePipe::from_shared(buffer.clone())));
                Some(buffer)
            }
            Output::File(file) => {
                builder.stderr(Box::new(WritePipe::new(file)));
                None
            }
        };
        let ctx = builder.build();
        for p in config.preopens {
            let dir: Box<dyn wasmi_wasi::WasiDir> =
                Box::new(wasmi_wasi::wasi_common::sync::dir::Dir::from_cap_std(p.dir));
            let dir: Box<dyn wasmi_wasi::WasiDir> = if p.read_only {
                Box::new(readonly::ReadOnlyDir::new(dir))
            } else {
                dir
            };
            ctx.push_preopened_dir(dir, &p.guest_path)
                .map_err(|e| format!("preopening {:?}: {e}", p.guest_path))?;
        }
        Ok(Self {
            ctx,
            stdout,
            stderr,
        })
    }
}

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

// ---------------------------------------------------------------------------------------------
// Configuration

/// Makes an empty WASI configuration: the guest will see no arguments, no environment, no
/// standard streams and no directories until the setters grant them.
#[no_mangle]
pub extern "C" fn wacapi_wasi_config_new() -> *mut wacapi_wasi_config_t {
    crate::handle::into_c(crate::error::guard(
        || None,
        || {
            Some(Own::new(wacapi_wasi_config_t {
                args: Vec::new(),
                inherit_args: false,
                env: Vec::new(),
                inherit_env: false,
                stdin: Stdin::Closed,
                stdout: Output::Closed,
                stderr: Output::Closed,
                preopens: Vec::new(),
            }))
        },
    ))
}

/// Deletes a configuration that was not handed to `wacapi_linker_define_wasi` (NULL is a
/// no-op); closes the directories it preopened.
#[no_mangle]
///
/// # Safety
/// `config` must be NULL or a configuration whose ownership the caller passes.
pub unsafe extern "C" fn wacapi_wasi_config_delete(config: *mut wacapi_wasi_config_t) {
    let config = crate::handle::from_c(config);
    guard(|| (), || drop(config));
}

/// Reads one C string; the error names the argument `what`.
///
/// # Safety
/// `s` must be NULL or a NUL-terminated string.
unsafe fn c_string(what: &str, s: *const c_char) -> Result<String, String> {
    if s.is_null() {
        return Err(format!("{what} is NULL"));
    }
    CStr::from_ptr(s)
        .to_str()
        .map(str::to_owned)
        .map_err(|_| format!("{what} is not UTF-8"))
}

/// Reads `count` C strings; the error names the argument `what` and the bad index.
///
/// # Safety
/// `strings` must be NULL (only with `count` 0) or point to `count` NUL-terminated strings.
unsafe fn c_strings(
    what: &str,
    count: usize,
    strings: *const *const c_char,
) -> Result<Vec<String>, String> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if strings.is_null() {
        return Err(format!("{what} is NULL"));
    }
    (0..count)
        .map(|i| c_string(&format!("{what}[{i}]"), *strings.add(i)))
        .collect()
}

/// Runs a setter body on a non-NULL configuration, with the panic firewall; false (and the
/// reason in `wacapi_last_error`) on failure.
fn with_config(
    what: &str,
    config: Option<&mut wacapi_wasi_config_t>,
    body: impl FnOnce(&mut wacapi_wasi_config_t) -> Result<(), String>,
) -> bool {
    let Some(config) = config else {
        set_last_error(format!("{what}: config is NULL"));
        return false;
    };
    guard(
        || false,
        || match body(config) {
            Ok(()) => true,
            Err(e) => {
                set_last_error(format!("{what}: {e}"));
                false
            }
        },
    )
}

/// Sets the guest's command-line arguments (`argv[0]` is by convention the program name),
/// replacing earlier ones and any `wacapi_wasi_config_inherit_argv`. The strings are copied;
/// they must be UTF-8. False (configuration unchanged) on a NULL or non-UTF-8 string.
///
/// # Safety
/// `argv` must point to `argc` NUL-terminated strings (or be NULL when `argc` is 0).
#[no_mangle]
pub unsafe extern "C" fn wacapi_wasi_config_set_argv(
    config: Option<&mut wacapi_wasi_config_t>,
    argc: usize,
    argv: *const *const c_char,
) -> bool {
    let config = crate::handle::live_mut(config);
    with_config("wacapi_wasi_config_set_argv", config, |c| {
        set_argv(c, argc, argv)
    })
}

/// The body of the `set_argv` functions (ours and wasi.h's): replaces the arguments, or
/// leaves the configuration unchanged on a bad string.
///
/// # Safety
/// As for `wacapi_wasi_config_set_argv`.
unsafe fn set_argv(
    c: &mut wacapi_wasi_config_t,
    argc: usize,
    argv: *const *const c_char,
) -> Result<(), String> {
    c.args = c_strings("argv", argc, argv)?;
    c.inherit_args = false;
    Ok(())
}

/// The body of the `inherit_argv` functions.
fn inherit_argv(c: &mut wacapi_wasi_config_t) -> Result<(), String> {
    c.inherit_args = true;
    c.args.clear();
    Ok(())
}

/// Gives the guest the host process's own command-line arguments (replacing earlier
/// `wacapi_wasi_config_set_argv` ones).
#[no_mangle]
pub extern "C" fn wacapi_wasi_config_inherit_argv(config: Option<&mut wacapi_wasi_config_t>) {
    let config = crate::handle::live_mut(config);
    with_config("wacapi_wasi_config_inherit_argv", config, inherit_argv);
}

/// Sets the guest's environment to exactly these `count` variables (`names[i]=values[i]`),
/// replacing earlier ones and any `wacapi_wasi_config_inherit_env`; the host's own
/// environment stays invisible. Strings are copied and must be UTF-8; a name must not
/// contain `=`. False (configuration unchanged) otherwise.
///
/// # Safety
/// `names` and `values` must each point to `count` NUL-terminated strings (or be NULL when
/// `count` is 0).
#[no_mangle]
pub unsafe extern "C" fn wacapi_wasi_config_set_env(
    config: Option<&mut wacapi_wasi_config_t>,
    count: usize,
    names: *const *const c_char,
    values: *const *const c_char,
) -> bool {
    crate::error::guard(
        || false,
        || {
            let config = crate::handle::live_mut(config);
            with_config("wacapi_wasi_config_set_env", config, |c| {
                set_env(c, count, names, values)
            })
        },
    )
}

/// The body of the `set_env` functions: replaces the environment, or leaves the
/// configuration unchanged on a bad string or name.
///
/// # Safety
/// As for `wacapi_wasi_config_set_env`.
unsafe fn set_env(
    c: &mut wacapi_wasi_config_t,
    count: usize,
    names: *const *const c_char,
    values: *const *const c_char,
) -> Result<(), String> {
    let names = c_strings("names", count, names)?;
    let values = c_strings("values", count, values)?;
    if let Some((i, _)) = names
        .iter()
        .enumerate()
        .find(|(_, n)| n.is_empty() || n.contains('='))
    {
        return Err(format!("names[{i}] is empty or contains '='"));
    }
    c.env = names.into_iter().zip(values).collect();
    c.inherit_env = false;
    Ok(())
}

/// The body of the `inherit_env` functions.
fn inherit_env(c: &mut wacapi_wasi_config_t) -> Result<(), String> {
    c.inherit_env = true;
    c.env.clear();
    Ok(())
}

/// Gives the guest every environment variable of the host process, as it is when the
/// configuration is handed to `wacapi_linker_define_wasi` (replacing earlier
/// `wacapi_wasi_config_set_env` ones). Only for trusted guests: the environment often holds
/// secrets.
#[no_mangle]
pub extern "C" fn wacapi_wasi_config_inherit_env(config: Option<&mut wacapi_wasi_config_t>) {
    let config = crate::handle::live_mut(config);
    with_config("wacapi_wasi_config_inherit_env", config, inherit_env);
}

/// Makes the guest's standard input read a copy of `bytes`, then end of file (NULL `bytes`
/// means empty input). Replaces an earlier stdin setting.
///
/// # Safety
/// `bytes` must be NULL or a valid byte vector.
#[no_mangle]
pub unsafe extern "C" fn wacapi_wasi_config_set_stdin_bytes(
    config: Option<&mut wacapi_wasi_config_t>,
    bytes: *const wasm_byte_vec_t,
) -> bool {
    let config = crate::handle::live_mut(config);
    let copy = bytes
        .as_ref()
        .map(|b| b.bytes().to_vec())
        .unwrap_or_default();
    with_config("wacapi_wasi_config_set_stdin_bytes", config, |c| {
        c.stdin = Stdin::Bytes(copy);
        Ok(())
    })
}

/// Makes the guest read the host process's standard input. Replaces an earlier setting.
#[no_mangle]
pub extern "C" fn wacapi_wasi_config_inherit_stdin(config: Option<&mut wacapi_wasi_config_t>) {
    let config = crate::handle::live_mut(config);
    with_config("wacapi_wasi_config_inherit_stdin", config, |c| {
        c.stdin = Stdin::Inherit;
        Ok(())
    });
}

/// Makes the guest's standard output the host process's. Replaces an earlier setting.
#[no_mangle]
pub extern "C" fn wacapi_wasi_config_inherit_stdout(config: Option<&mut wacapi_wasi_config_t>) {
    let config = crate::handle::live_mut(config);
    with_config("wacapi_wasi_config_inherit_stdout", config, |c| {
        c.stdout = Output::Inherit;
        Ok(())
    });
}

/// Collects the guest's standard output in memory, readable with `wacapi_wasi_stdout` after
/// (or during) the run. Replaces an earlier setting.
#[no_mangle]
pub extern "C" fn wacapi_wasi_config_capture_stdout(config: Option<&mut wacapi_wasi_config_t>) {
    let config = crate::handle::live_mut(config);
    with_config("wacapi_wasi_config_capture_stdout", config, |c| {
        c.stdout = Output::Capture;
        Ok(())
    });
}

/// Makes the guest's standard error the host process's. Replaces an earlier setting.
#[no_mangle]
pub extern "C" fn wacapi_wasi_config_inherit_stderr(config: Option<&mut wacapi_wasi_config_t>) {
    let config = crate::handle::live_mut(config);
    with_config("wacapi_wasi_config_inherit_stderr", config, |c| {
        c.stderr = Output::Inherit;
        Ok(())
    });
}

/// Collects the guest's standard error in memory, readable with `wacapi_wasi_stderr`.
/// Replaces an earlier setting.
#[no_mangle]
pub extern "C" fn wacapi_wasi_config_capture_stderr(config: Option<&mut wacapi_wasi_config_t>) {
    let config = crate::handle::live_mut(config);
    with_config("wacapi_wasi_config_capture_stderr", config, |c| {
        c.stderr = Output::Capture;
        Ok(())
    });
}

/// Lets the guest use the host directory `host_path` under the name `guest_path` (for
/// example "/data" or "."), read-only or read-write. The guest can reach nothing outside it:
/// paths are resolved beneath the directory, `..` and symlinks that leave it are refused. A
/// read-only directory refuses every change (writing, creating, truncating, renaming,
/// unlinking, making directories or links, setting times) in itself and everything below it.
///
/// The directory is opened now, so a missing one fails here: false, with the host path and
/// the OS error in `wacapi_last_error`.
///
/// # Safety
/// `host_path` and `guest_path` must be NULL or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn wacapi_wasi_config_preopen_dir(
    config: Option<&mut wacapi_wasi_config_t>,
    host_path: *const c_char,
    guest_path: *const c_char,
    read_only: bool,
) -> bool {
    crate::error::guard(
        || false,
        || {
            let config = crate::handle::live_mut(config);
            with_config("wacapi_wasi_config_preopen_dir", config, |c| {
                preopen_dir(c, host_path, guest_path, read_only)
            })
        },
    )
}

/// The body of the `preopen_dir` functions: opens the host directory now and adds it.
///
/// # Safety
/// As for `wacapi_wasi_config_preopen_dir`.
unsafe fn preopen_dir(
    c: &mut wacapi_wasi_config_t,
    host_path: *const c_char,
    guest_path: *const c_char,
    read_only: bool,
) -> Result<(), String> {
    let host = c_string("host_path", host_path)?;
    let guest = c_string("guest_path", guest_path)?;
    if guest.is_empty() {
        return Err("guest_path is empty".into());
    }
    let dir = wasmi_wasi::sync::Dir::open_ambient_dir(&host, wasmi_wasi::sync::ambient_authority())
        .map_err(|e| format!("cannot open host directory {host:?}: {e}"))?;
    c.preopens.push(Preopen {
        dir,
        guest_path: guest,
        read_only,
    });
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Captured output

/// Copies a captured stream of the store's WASI context into `out`.
///
/// # Safety
/// `out` must be NULL or writable.
unsafe fn captured(
    what: &str,
    store: Option<&wasm_store_t>,
    out: *mut wasm_byte_vec_t,
    pick: fn(&WasiState) -> Option<&Capture>,
) -> bool {
    if out.is_null() {
        set_last_error(format!("{what}: out is NULL"));
        return false;
    }
    out.write(wasm_byte_vec_t::EMPTY);
    let Some(store) = store else {
        set_last_error(format!("{what}: store is NULL"));
        return false;
    };
    guard(
        || false,
        || {
            let bytes = store.inner.with(|ctx| {
                let Some(state) = &ctx.data().wasi else {
                    return Err("the store has no WASI context (wacapi_linker_define_wasi)");
                };
                let Some(buffer) = pick(state) else {
                    return Err("the stream was not configured to be captured");
                };
                // A writer that panicked left whole writes behind; its bytes are still good.
                let guard = buffer
                    .read()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                Ok(wasm_byte_vec_t::from_bytes(&guard))
            });
            match bytes {
                Ok(v) => {
                    out.write(v);
                    true
                }
                Err(e) => {
                    set_last_error(format!("{what}: {e}"));
                    false
                }
            }
        },
    )
}

/// Copies everything the guest has written so far to its captured standard output into
/// `out` (owned by the caller; empty when nothing was written). False, with `out` empty and
/// the reason in `wacapi_last_error`, when the store has no WASI context or its stdout was
/// not captured (`wacapi_wasi_config_capture_stdout`).
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wacapi_wasi_stdout(
    store: Option<&wasm_store_t>,
    out: *mut wasm_byte_vec_t,
) -> bool {
    let store = crate::handle::live(store);
    captured("wacapi_wasi_stdout", store, out, |s| s.stdout.as_ref())
}

/// Like `wacapi_wasi_stdout`, for standard error (`wacapi_wasi_config_capture_stderr`).
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wacapi_wasi_stderr(
    store: Option<&wasm_store_t>,
    out: *mut wasm_byte_vec_t,
) -> bool {
    let store = crate::handle::live(store);
    captured("wacapi_wasi_stderr", store, out, |s| s.stderr.as_ref())
}
