//! Builds the WASI guest programs of `tests/guests/` (with `build.sh`) for the C tests and
//! samples that run them. Include it next to `common`:
//!
//! ```ignore
//! mod common;
//! #[path = "guests/mod.rs"]
//! mod guests;
//! ```
//!
//! The guests go to `target/guests/` (beside `target/<profile>/`), built once per test
//! process. The C programs look for them in `$WACAPI_GUESTS`, else in `target/guests` or
//! `../../target/guests` (they run in the project root, `tests/c` or `samples/c`); when the
//! target directory is elsewhere, [`dir`] sets `WACAPI_GUESTS` for the programs it runs.
//! Nothing is skipped: without a WASI toolchain the tests fail, saying what to install.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The directory holding `command.wasm` and `reactor.wasm`, built on first use.
pub fn dir() -> PathBuf {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match DIR.get_or_init(build) {
        Ok(p) => p.clone(),
        Err(e) => panic!("{e}"),
    }
}

fn build() -> Result<PathBuf, String> {
    let root = crate::common::root();
    let profile = crate::common::profile_dir();
    let target = profile.parent().map(PathBuf::from).unwrap_or(profile);
    let out = target.join("guests");
    let script = root.join("tests").join("guests").join("build.sh");
    let result = Command::new("sh")
        .arg(&script)
        .arg(&out)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if !result.status.success() {
        return Err(format!(
            "building the WASI guests failed ({} {}, {}).\n{}{}\n\
             The WASI tests need clang for wasm32-wasi; on Debian: \
             apt-get install -y clang lld wasi-libc libclang-rt-14-dev-wasm32",
            script.display(),
            out.display(),
            result.status,
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr),
        ));
    }
    for name in ["command.wasm", "reactor.wasm"] {
        if !out.join(name).is_file() {
            return Err(format!("{} did not produce {name}", script.display()));
        }
    }
    if out != root.join("target").join("guests") {
        // The C programs' default paths would miss them. Set once, before any program that
        // needs it is spawned (std serialises this with `Command::spawn`'s reading of the
        // environment).
        std::env::set_var("WACAPI_GUESTS", &out);
    }
    Ok(out)
}
