// wasi.h -- wasmtime's WASI configuration functions, as provided by wacapi.
//
// C programs written for wasmtime configure WASI preview 1 with the
// `wasi_config_*` functions of wasmtime's wasi.h.  This header declares them
// with the same names, parameter and return types and meaning, implemented by
// wacapi over wasmi_wasi (wasi-common), so such setup code builds unchanged.
// The declarations and comments are wacapi's own; notes on where wacapi
// differs from wasmtime start with "wacapi:".
//
// The configuration object
// ------------------------
// `wasi_config_t` is another name for wacapi's `wacapi_wasi_config_t`
// (wacapi.h): one object, which the `wasi_config_*` functions below and the
// `wacapi_wasi_config_*` functions of wacapi.h fill alike (for example
// `wacapi_wasi_config_capture_stdout` to collect output in memory).  A new
// configuration grants nothing: no arguments, no environment, standard input
// at end of file, standard output and error discarded, no directories.
//
// Attaching it to a store: ownership
// ----------------------------------
// wasmtime:  wasmtime_context_set_wasi(context, config);  // takes config
//            wasmtime_linker_define_wasi(linker);
// wacapi:    wacapi_linker_define_wasi(linker, config);    // takes config
//
// `wacapi_linker_define_wasi` (wacapi.h) does both steps at once: it makes the
// configuration the WASI context of the linker's store and defines every
// "wasi_snapshot_preview1" function in the linker.  Like
// `wasmtime_context_set_wasi` it takes ownership of `config` in every case,
// whether it succeeds or fails (false, with the reason in
// `wacapi_last_error()`): never use or delete `config` after the call.
// `wasi_config_delete` is only for a configuration that is not handed over.
// The context belongs to the store: a store has one, defining WASI again for
// the same store replaces it, and the files and directories the configuration
// opened stay open until then or until the store is deleted.
//
// wacapi: every function validates its `config` argument: NULL, a deleted
// configuration or a pointer wacapi did not make is refused (the function
// returns false or does nothing) with the reason in `wacapi_last_error()`,
// and deleting a configuration twice is a no-op, so such mistakes do not
// crash (as long as the memory of a deleted configuration has not been
// reused; do not rely on it).  Strings are copied; paths and arguments must
// be UTF-8.  Files and directories are opened when they are configured, so a
// bad path fails in the setter, not later in the guest.
//
// Not provided (their names are not declared, so using them fails at compile
// time): wasi_config_inherit_network, wasi_config_allow_ip_name_lookup,
// wasi_config_set_stdout_custom and wasi_config_set_stderr_custom.

#ifndef WACAPI_WASI_H
#define WACAPI_WASI_H

#include <stdbool.h>
#include <stddef.h>

#include "wacapi.h"
#include "wasm.h"

// Decoration of the functions below, as WASM_API_EXTERN is for wasm.h's.
#ifndef WASI_API_EXTERN
#define WASI_API_EXTERN WASM_API_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

// `own` marks a transfer of ownership, as in wasm.h.
#define own

// The WASI configuration: wacapi's `wacapi_wasi_config_t` under wasmtime's
// name.
typedef struct wacapi_wasi_config_t wasi_config_t;

// ---------------------------------------------------------------- lifetime

// A new configuration that grants the guest nothing (see above).  Hand it to
// `wacapi_linker_define_wasi` or delete it with `wasi_config_delete`.
// NULL, with the reason in `wacapi_last_error()`, only if memory runs out.
WASI_API_EXTERN own wasi_config_t* wasi_config_new(void);

// Deletes a configuration that was not handed to `wacapi_linker_define_wasi`,
// closing the files and directories it opened.  NULL is a no-op.
WASI_API_EXTERN void wasi_config_delete(own wasi_config_t* config);

// ---------------------------------------------------------------- arguments

// The guest's command-line arguments become copies of the `argc` strings of
// `argv` (`argv[0]` is by convention the program name).  Returns false, with
// the configuration unchanged, for a NULL config, a NULL `argv` with a
// non-zero `argc`, or a string that is NULL or not UTF-8.
// wacapi: a second call replaces the arguments (wasmtime appends to them) and
// overrides `wasi_config_inherit_argv`.
WASI_API_EXTERN bool wasi_config_set_argv(wasi_config_t* config, size_t argc,
                                          const char* argv[]);

// The guest gets the command-line arguments of the host process.
WASI_API_EXTERN void wasi_config_inherit_argv(wasi_config_t* config);

// ---------------------------------------------------------------- environment

// The guest's environment becomes exactly the `envc` variables
// `names[i]=values[i]` (copied).  Returns false, with the configuration
// unchanged, for a NULL config, NULL arrays with a non-zero `envc`, a string
// that is NULL or not UTF-8, or a name that is empty or contains '='.
// wacapi: a second call replaces the variables (wasmtime adds to them) and
// overrides `wasi_config_inherit_env`.
WASI_API_EXTERN bool wasi_config_set_env(wasi_config_t* config, size_t envc,
                                         const char* names[],
                                         const char* values[]);

// The guest gets every environment variable of the host process (taken when
// the configuration is handed to `wacapi_linker_define_wasi`).  The host's
// environment often holds secrets: only for trusted guests.
WASI_API_EXTERN void wasi_config_inherit_env(wasi_config_t* config);

// ---------------------------------------------------------------- standard input

// The guest reads its standard input from the host file at `path`, opened
// for reading now and read from its start as a stream.  Returns false, with
// the configuration unchanged, for a NULL config or path, or a file that does
// not exist, cannot be read or is a directory.
WASI_API_EXTERN bool wasi_config_set_stdin_file(wasi_config_t* config,
                                                const char* path);

// The guest reads the bytes of `binary`, then end of file.  The call takes
// the vector's contents and leaves `*binary` empty, so deleting it afterwards
// is harmless but not needed.
// wacapi: the contents are taken (and freed) also when `config` is refused;
// a NULL `binary` means empty input.
WASI_API_EXTERN void wasi_config_set_stdin_bytes(wasi_config_t* config,
                                                 wasm_byte_vec_t* binary);

// The guest reads the standard input of the host process.
WASI_API_EXTERN void wasi_config_inherit_stdin(wasi_config_t* config);

// ---------------------------------------------------------------- standard output and error

// The guest's standard output goes to the host file at `path`, created (or
// truncated) now.  Returns false, with the configuration unchanged, for a NULL
// config or path, or a file that cannot be created for writing (a missing
// parent directory, a directory at `path`, no permission).
WASI_API_EXTERN bool wasi_config_set_stdout_file(wasi_config_t* config,
                                                 const char* path);

// The guest writes to the standard output of the host process.
WASI_API_EXTERN void wasi_config_inherit_stdout(wasi_config_t* config);

// As `wasi_config_set_stdout_file`, for the guest's standard error.
WASI_API_EXTERN bool wasi_config_set_stderr_file(wasi_config_t* config,
                                                 const char* path);

// The guest writes to the standard error of the host process.
WASI_API_EXTERN void wasi_config_inherit_stderr(wasi_config_t* config);

// ---------------------------------------------------------------- directories

// Lets the guest use the host directory `host_path`, opened now, under the
// name `guest_path` (e.g. "/data" or "."), and nothing outside it: `..` and
// symbolic links that leave it are refused.  With `fs_mutable` false the
// directory is read-only for the guest: writing, creating, truncating,
// renaming, unlinking, making directories or links and setting times are
// refused in it and everything below it.  Returns false for a NULL config or
// path, an empty `guest_path`, or a host directory that cannot be opened.
WASI_API_EXTERN bool wasi_config_preopen_dir(wasi_config_t* config,
                                             const char* host_path,
                                             const char* guest_path,
                                             bool fs_mutable);

#undef own

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // WACAPI_WASI_H
