//! The WASI configuration object, `wacapi_wasi_config_t`, and its `wacapi_wasi_config_*`
//! setters: what a guest will see of the host, gathered before it runs.

use crate::error::{guard, set_last_error};
use crate::handle::Own;
use crate::vec::wasm_byte_vec_t;
use std::ffi::{c_char, CStr};

/// Where a guest's standard input comes from.
pub(super) enum Stdin {
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
pub(super) enum Output {
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
pub(super) struct Preopen {
    pub(super) dir: wasmi_wasi::sync::Dir,
    pub(super) guest_path: String,
    pub(super) read_only: bool,
}

/// What a guest sees of the host through WASI, gathered before the guest runs.
///
/// Made by `wacapi_wasi_config_new`, filled by the `wacapi_wasi_config_*` setters and
/// consumed by `wacapi_linker_define_wasi`. By default the guest gets nothing: no arguments,
/// no environment, standard streams connected to nothing (input at end of file, output
/// discarded), no directories.
pub struct wacapi_wasi_config_t {
    pub(super) args: Vec<String>,
    pub(super) inherit_args: bool,
    pub(super) env: Vec<(String, String)>,
    pub(super) inherit_env: bool,
    pub(super) stdin: Stdin,
    pub(super) stdout: Output,
    pub(super) stderr: Output,
    pub(super) preopens: Vec<Preopen>,
}

crate::handle::handle_type!(wacapi_wasi_config_t = WasiConfig);

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
pub(super) unsafe fn c_string(what: &str, s: *const c_char) -> Result<String, String> {
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
pub(super) fn with_config(
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

/// Points one output stream (`pick`: stdout or stderr) of a configuration at what `make` gives:
/// the body of every stdout/stderr setter, here and in `compat` (the configuration handle is
/// validated first; false, with the reason in `wacapi_last_error`, on failure).
pub(super) fn set_output(
    what: &str,
    config: Option<&mut wacapi_wasi_config_t>,
    pick: fn(&mut wacapi_wasi_config_t) -> &mut Output,
    make: impl FnOnce() -> Result<Output, String>,
) -> bool {
    let config = crate::handle::live_mut(config);
    with_config(what, config, |c| {
        *pick(c) = make()?;
        Ok(())
    })
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
pub(super) unsafe fn set_argv(
    c: &mut wacapi_wasi_config_t,
    argc: usize,
    argv: *const *const c_char,
) -> Result<(), String> {
    c.args = c_strings("argv", argc, argv)?;
    c.inherit_args = false;
    Ok(())
}

/// The body of the `inherit_argv` functions.
pub(super) fn inherit_argv(c: &mut wacapi_wasi_config_t) -> Result<(), String> {
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
pub(super) unsafe fn set_env(
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
pub(super) fn inherit_env(c: &mut wacapi_wasi_config_t) -> Result<(), String> {
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
    set_output(
        "wacapi_wasi_config_inherit_stdout",
        config,
        |c| &mut c.stdout,
        || Ok(Output::Inherit),
    );
}

/// Collects the guest's standard output in memory, readable with `wacapi_wasi_stdout` after
/// (or during) the run. Replaces an earlier setting.
#[no_mangle]
pub extern "C" fn wacapi_wasi_config_capture_stdout(config: Option<&mut wacapi_wasi_config_t>) {
    set_output(
        "wacapi_wasi_config_capture_stdout",
        config,
        |c| &mut c.stdout,
        || Ok(Output::Capture),
    );
}

/// Makes the guest's standard error the host process's. Replaces an earlier setting.
#[no_mangle]
pub extern "C" fn wacapi_wasi_config_inherit_stderr(config: Option<&mut wacapi_wasi_config_t>) {
    set_output(
        "wacapi_wasi_config_inherit_stderr",
        config,
        |c| &mut c.stderr,
        || Ok(Output::Inherit),
    );
}

/// Collects the guest's standard error in memory, readable with `wacapi_wasi_stderr`.
/// Replaces an earlier setting.
#[no_mangle]
pub extern "C" fn wacapi_wasi_config_capture_stderr(config: Option<&mut wacapi_wasi_config_t>) {
    set_output(
        "wacapi_wasi_config_capture_stderr",
        config,
        |c| &mut c.stderr,
        || Ok(Output::Capture),
    );
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
pub(super) unsafe fn preopen_dir(
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
