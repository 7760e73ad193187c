//! wasmtime's `wasi.h` names over our WASI configuration: the `wasi_config_*` functions that C
//! programs written for wasmtime call, with wasmtime's signatures and meaning.
//!
//! `wasi_config_t` is the same object as `wacapi_wasi_config_t` (include/wasi.h declares
//! `typedef struct wacapi_wasi_config_t wasi_config_t;`), so these functions are thin entry
//! points over the configuration the `wacapi_wasi_config_*` functions fill, a configuration may
//! be set up with both families, and `wacapi_linker_define_wasi` consumes it either way. What
//! only wasi.h has — standard input read from a host file, standard output and error written
//! to host files — is opened here and kept in the configuration as `Stdin::File` /
//! `Output::File`.
//!
//! The C declarations are written by hand in include/wasi.h; this module is `cbindgen:ignore`d
//! so that none of them appears in the generated wacapi.h (and the Python binding made from
//! it). Every function validates its configuration handle like the wacapi ones (a NULL,
//! deleted or foreign pointer is refused, with the reason in `wacapi_last_error`) and runs
//! behind the panic firewall.

use super::config::{
    c_string, inherit_argv, inherit_env, preopen_dir, set_argv, set_env, set_output,
    wacapi_wasi_config_t, with_config, Output, Stdin,
};
use crate::error::guard;
use crate::handle::live_mut;
use crate::vec::wasm_byte_vec_t;
use std::ffi::c_char;
use std::fs::File;

/// wasi.h's constructor, so wasmtime code compiles unchanged; the same empty configuration as
/// `wacapi_wasi_config_new` (the guest sees nothing of the host until the setters grant it).
#[no_mangle]
pub extern "C" fn wasi_config_new() -> *mut wacapi_wasi_config_t {
    super::wacapi_wasi_config_new()
}

/// wasi.h's destructor, for a configuration that was never handed to
/// `wacapi_linker_define_wasi` (which consumes it). NULL is a no-op, and so is a second delete
/// of the same pointer (the handle is validated first).
///
/// # Safety
/// `config` must be NULL or a configuration whose ownership the caller passes.
#[no_mangle]
pub unsafe extern "C" fn wasi_config_delete(config: *mut wacapi_wasi_config_t) {
    super::wacapi_wasi_config_delete(config)
}

/// wasi.h's `set_argv`: the guest's command-line arguments become a copy of these `argc`
/// UTF-8 strings (replacing earlier ones). False, with the configuration unchanged and the
/// reason in `wacapi_last_error`, for a NULL configuration or a NULL or non-UTF-8 string.
///
/// # Safety
/// `argv` must be NULL or point to `argc` pointers, each NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wasi_config_set_argv(
    config: Option<&mut wacapi_wasi_config_t>,
    argc: usize,
    argv: *const *const c_char,
) -> bool {
    let config = live_mut(config);
    with_config("wasi_config_set_argv", config, |c| set_argv(c, argc, argv))
}

/// wasi.h's `inherit_argv`: the guest gets the host process's own arguments.
#[no_mangle]
pub extern "C" fn wasi_config_inherit_argv(config: Option<&mut wacapi_wasi_config_t>) {
    let config = live_mut(config);
    with_config("wasi_config_inherit_argv", config, inherit_argv);
}

/// wasi.h's `set_env`: the guest's environment becomes exactly these `envc` variables
/// (`names[i]=values[i]`, copied; replacing earlier ones). False, with the configuration
/// unchanged and the reason in `wacapi_last_error`, for a NULL configuration, a NULL or
/// non-UTF-8 string, or a name that is empty or contains `=`.
///
/// # Safety
/// `names` and `values` must each be NULL or point to `envc` pointers, each NULL or a
/// NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wasi_config_set_env(
    config: Option<&mut wacapi_wasi_config_t>,
    envc: usize,
    names: *const *const c_char,
    values: *const *const c_char,
) -> bool {
    let config = live_mut(config);
    with_config("wasi_config_set_env", config, |c| {
        set_env(c, envc, names, values)
    })
}

/// wasi.h's `inherit_env`: the guest gets every environment variable of the host process.
#[no_mangle]
pub extern "C" fn wasi_config_inherit_env(config: Option<&mut wacapi_wasi_config_t>) {
    let config = live_mut(config);
    with_config("wasi_config_inherit_env", config, inherit_env);
}

/// Opens `path` for the guest's standard input: an existing file that is not a directory.
fn open_stdin_file(path: &str) -> Result<File, String> {
    let file = File::open(path).map_err(|e| format!("cannot open {path:?} for reading: {e}"))?;
    let is_dir = file
        .metadata()
        .map_err(|e| format!("cannot inspect {path:?}: {e}"))?
        .is_dir();
    if is_dir {
        return Err(format!("{path:?} is a directory"));
    }
    Ok(file)
}

/// Creates (or truncates) `path` for a guest's standard output or error.
fn create_output_file(path: &str) -> Result<File, String> {
    File::create(path).map_err(|e| format!("cannot create {path:?} for writing: {e}"))
}

/// wasi.h's `set_stdin_file`: the guest reads its standard input from the host file `path`,
/// which is opened now (so a missing or unreadable file fails here, not in the guest) and read
/// from its start as a stream. False, with the configuration unchanged and the reason in
/// `wacapi_last_error`, for a NULL configuration or path, a non-UTF-8 path, or a file that
/// cannot be opened for reading or is a directory.
///
/// # Safety
/// `path` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wasi_config_set_stdin_file(
    config: Option<&mut wacapi_wasi_config_t>,
    path: *const c_char,
) -> bool {
    let config = live_mut(config);
    with_config("wasi_config_set_stdin_file", config, |c| {
        let path = c_string("path", path)?;
        c.stdin = Stdin::File(open_stdin_file(&path)?);
        Ok(())
    })
}

/// wasi.h's `set_stdin_bytes`: the guest reads these bytes, then end of file. As in wasmtime
/// the call takes the vector's contents: `binary` is left empty (so deleting it afterwards is
/// harmless) in every case, also when the configuration is NULL; a NULL `binary` means empty
/// input. Failures have only `wacapi_last_error`, since wasi.h's function returns nothing.
///
/// # Safety
/// `binary` must be NULL or a valid byte vector owned by the caller.
#[no_mangle]
pub unsafe extern "C" fn wasi_config_set_stdin_bytes(
    config: Option<&mut wacapi_wasi_config_t>,
    binary: *mut wasm_byte_vec_t,
) {
    let config = live_mut(config);
    guard(
        || (),
        || {
            // Ours from here on, whatever happens next: freed below if the config is refused.
            let bytes = binary
                .as_mut()
                .map(wasm_byte_vec_t::take)
                .unwrap_or_default();
            with_config("wasi_config_set_stdin_bytes", config, |c| {
                c.stdin = Stdin::Bytes(bytes);
                Ok(())
            });
        },
    )
}

/// wasi.h's `inherit_stdin`: the guest reads the host process's standard input.
#[no_mangle]
pub extern "C" fn wasi_config_inherit_stdin(config: Option<&mut wacapi_wasi_config_t>) {
    let config = live_mut(config);
    with_config("wasi_config_inherit_stdin", config, |c| {
        c.stdin = Stdin::Inherit;
        Ok(())
    });
}

/// Sets one output stream to a host file created (or truncated) now, for the two
/// `set_*_file` functions.
///
/// # Safety
/// `path` must be NULL or a NUL-terminated string.
unsafe fn set_output_file(
    what: &str,
    config: Option<&mut wacapi_wasi_config_t>,
    path: *const c_char,
    pick: fn(&mut wacapi_wasi_config_t) -> &mut Output,
) -> bool {
    set_output(what, config, pick, || {
        // SAFETY (caller): `path` is NULL or a NUL-terminated string.
        let path = unsafe { c_string("path", path) }?;
        Ok(Output::File(create_output_file(&path)?))
    })
}

/// wasi.h's `set_stdout_file`: the guest's standard output goes to the host file `path`, which
/// is created (or truncated) now, like wasmtime does, and stays open while the store's WASI
/// context lives. False, with the configuration unchanged and the reason in
/// `wacapi_last_error`, for a NULL configuration or path, a non-UTF-8 path, or a file that
/// cannot be created for writing.
///
/// # Safety
/// `path` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wasi_config_set_stdout_file(
    config: Option<&mut wacapi_wasi_config_t>,
    path: *const c_char,
) -> bool {
    set_output_file("wasi_config_set_stdout_file", config, path, |c| {
        &mut c.stdout
    })
}

/// wasi.h's `inherit_stdout`: the guest writes to the host process's standard output.
#[no_mangle]
pub extern "C" fn wasi_config_inherit_stdout(config: Option<&mut wacapi_wasi_config_t>) {
    set_output(
        "wasi_config_inherit_stdout",
        config,
        |c| &mut c.stdout,
        || Ok(Output::Inherit),
    );
}

/// wasi.h's `set_stderr_file`: like `wasi_config_set_stdout_file`, for standard error.
///
/// # Safety
/// `path` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wasi_config_set_stderr_file(
    config: Option<&mut wacapi_wasi_config_t>,
    path: *const c_char,
) -> bool {
    set_output_file("wasi_config_set_stderr_file", config, path, |c| {
        &mut c.stderr
    })
}

/// wasi.h's `inherit_stderr`: the guest writes to the host process's standard error.
#[no_mangle]
pub extern "C" fn wasi_config_inherit_stderr(config: Option<&mut wacapi_wasi_config_t>) {
    set_output(
        "wasi_config_inherit_stderr",
        config,
        |c| &mut c.stderr,
        || Ok(Output::Inherit),
    );
}

/// wasi.h's `preopen_dir`: the guest may use the host directory `host_path` under the name
/// `guest_path`, and nothing outside it. wasmtime's last parameter says whether the guest may
/// change the directory; false gives our read-only preopen (every change refused, in the
/// directory and below it). The directory is opened now: false, with the reason in
/// `wacapi_last_error`, for a NULL configuration or path, an empty guest path, or a host
/// directory that cannot be opened.
///
/// # Safety
/// `host_path` and `guest_path` must be NULL or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn wasi_config_preopen_dir(
    config: Option<&mut wacapi_wasi_config_t>,
    host_path: *const c_char,
    guest_path: *const c_char,
    fs_mutable: bool,
) -> bool {
    let config = live_mut(config);
    with_config("wasi_config_preopen_dir", config, |c| {
        preopen_dir(c, host_path, guest_path, !fs_mutable)
    })
}
